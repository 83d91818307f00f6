"""地区档案 Region profile: headline, figures as metric cards, measures grouped by theme, quotes on demand."""

import streamlit as st

from dashboard import frames
from dashboard.i18n import KIND, LEVEL, STATUS, format_period, t
from dashboard.ui import state, widgets
from dashboard.views import PAGE_FILES

data, view = widgets.page_context()
lang, d = view.lang, data.dataset
region_ids = [r.id for r in d.regions]
if st.session_state.get("profile_region") not in region_ids:
    state.set_value("profile_region", (view.regions or region_ids)[0])
region_names = {r.id: getattr(r, f"name_{lang}") for r in d.regions}
region_id = state.bound(st.selectbox, "profile_region", t("choose_region", lang), options=region_ids,
                        format_func=region_names.get)
view = state.current()
region = d.region(region_id)
theme_names = {th.code: getattr(th, lang) for th in d.themes}
indicator_names = {i.code: getattr(i, lang) for i in d.indicators}

st.title(region_names[region_id])
st.caption(f"{LEVEL[lang][region.level]} · {getattr(region, f'province_{lang}')} · "
           f"{format_period(region.period, lang)}")
st.markdown(f"### {getattr(region, f'headline_{lang}')}")
if st.button(t("compare_link", lang), icon=":material/compare_arrows:", key="profile_compare"):
    state.set_value("regions", [])
    st.switch_page(PAGE_FILES["compare"])

filters = frames.Filters(regions=(region_id,), themes=view.themes)
figures = frames.filter_frame(data.figures, filters)
measures = frames.filter_frame(data.measures, filters)

st.subheader(t("key_figures", lang))
if figures.empty:
    st.info(widgets.no_figures_message(data, view, getattr(region, f"short_{lang}")))
else:
    columns = st.columns(4)
    for index, (_, row) in enumerate(frames.with_value_labels(figures, lang).iterrows()):
        columns[index % 4].metric(
            indicator_names[row["indicator"]],
            row["value_label"],
            help=f"{row['as_printed']} · {KIND[lang][row['kind']]} · {format_period(row['period'], lang)}"
                 + (f" · {row[f'note_{lang}']}" if row[f"note_{lang}"] else "") + f"\n\n“{row['quote'].strip()}”",
            border=True,
        )

st.subheader(t("measures_by_theme", lang))
show_quotes = st.toggle(t("show_quotes", lang), key="profile_show_quotes")
if measures.empty:
    st.info(t("no_measures_for", lang))
for code in [c for c in theme_names if c in set(measures["primary_theme"])]:
    group = measures[measures["primary_theme"] == code]
    st.markdown(f"#### {theme_names[code]} · {len(group)}")
    for _, measure in group.iterrows():
        others = [theme_names[c] for c in measure["themes"][1:]]
        with st.expander(f"{measure[f'title_{lang}']} — {STATUS[lang][measure['status']]}", expanded=show_quotes):
            st.write(measure[f"summary_{lang}"])
            if others:
                st.caption(" · ".join(others))
            if show_quotes:
                st.markdown("> " + measure["quote"].strip())
