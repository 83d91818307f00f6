"""地区档案 Region profile: headline, figures as metric cards, measures grouped by theme, quotes on demand."""

from dataclasses import replace

import streamlit as st

from dashboard.analysis import frames
from dashboard.analysis.basket import BasketItem
from dashboard.data.bilingual import Bilingual
from dashboard.data.text import escape_markdown
from dashboard.i18n import LEVEL, STATUS, format_period, join_list, t
from dashboard.ui import basket, state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import to_query_params

data, view = widgets.page_context()
lang, d = view.lang, data.dataset
region_ids = [r.id for r in d.regions]
region_names = d.names("regions", lang)
# Until a region is chosen the page shows the first of the filtered ones without writing it into the state, so
# arriving here does not rewrite the URL (which would be a second history entry for one click).
ss = st.session_state
if ss.get("profile_region") not in region_ids:
    ss["profile_region"] = None
    ss["w_profile_region"] = (view.filters.regions or region_ids)[0]
elif ss.get("w_profile_region") not in region_ids:
    ss["w_profile_region"] = ss["profile_region"]


def _choose() -> None:
    ss["profile_region"] = ss["w_profile_region"]


region_id = st.selectbox(t("choose_region", lang), options=region_ids, format_func=region_names.get,
                         key="w_profile_region", on_change=state.callback(_choose))
view = state.current()
region = d.region(region_id)
theme_names = d.names("themes", lang)

st.title(escape_markdown(region_names[region_id]))
st.caption(escape_markdown(f"{LEVEL[lang][region.level]} · {region.province.text(lang)} · "
                           f"{format_period(region.period, lang)}"))
with st.container(key="profile_headline"):  # sized by the page style; the text is escaped Markdown, not HTML
    st.markdown(escape_markdown(region.headline.text(lang)))
st.page_link(PAGE_FILES["compare"], label=t("compare_link", lang), icon=":material/compare_arrows:",
             query_params=to_query_params(view.updated(regions=()), "compare"))

filters = frames.Filters(regions=(region_id,), themes=view.filters.themes)
figures = frames.filter_frame(data.figures, filters)
measures = frames.filter_frame(data.measures, filters)

st.subheader(t("figures_section", lang))
if figures.empty:
    st.info(widgets.no_figures_message(data, view, region.short.text(lang)))
else:  # the region's key figures first
    ordered = figures.sort_values(["key", "order"], ascending=[False, True])  # the region's key figures first
    labelled = frames.labelled_figures(ordered, d, lang)
    widgets.figure_cards(frames.records(labelled), lang, view=view)
    changes = frames.changes_over_time(labelled, d, lang)
    if not changes.empty:  # one indicator read at two points: before → after, or two years
        st.subheader(t("changes_section", lang))
        st.caption(t("changes_caption", lang))
        widgets.change_cards(changes, lang)

st.subheader(t("measures_by_theme", lang))
show_quotes = st.toggle(t("show_quotes", lang), key="profile_show_quotes")
if measures.empty:
    st.info(t("no_measures_for", lang))
# a measure is listed under each of its themes, as the overview matrix counts it
measure_rows = frames.records(measures)  # read once, then grouped by theme (a measure may be under several)
for code in view.filters.themes or list(theme_names):
    group = [measure for measure in measure_rows if code in measure["themes"]]
    if not group:
        continue
    st.markdown(f"#### {escape_markdown(theme_names[code])} · {len(group)}")
    for measure in group:
        others = [theme_names[c] for c in measure["themes"] if c != code]
        with st.expander(escape_markdown(f"{measure[Bilingual.column('title', lang)]} — {STATUS[lang][measure['status']]}"),
                         expanded=show_quotes):
            st.markdown(escape_markdown(measure[Bilingual.column("summary", lang)]))
            basket.toggle_button(BasketItem.measure(measure["measure_id"]), lang,
                                 key=f"profile_basket_{code}_{measure['measure_id']}")
            if others:
                st.caption(t("also_under", lang) + escape_markdown(join_list(others, lang)))
            if show_quotes:
                st.markdown("> " + escape_markdown(measure["quote"].strip()))
                widgets.measure_quote_link(data, view, measure["measure_id"])
            st.page_link(PAGE_FILES["measure"], label=t("open_measure_page", lang), icon=":material/article:",
                         query_params=to_query_params(replace(view, measure=measure["measure_id"]), "measure"))
