"""总览 Overview: counts, the region × theme matrix (click a cell to list its measures), a card per region."""

import streamlit as st

from dashboard import charts, frames
from dashboard.i18n import LEVEL, STATUS, pick, t
from dashboard.text import escape_markdown
from dashboard.ui import state, widgets
from dashboard.views import PAGE_FILES

data, view = widgets.page_context()
view = view.sidebar_only()
lang, d = view.lang, data.dataset
filters = view.filters
measures = frames.filter_frame(data.measures, filters)
figures = frames.filter_frame(data.figures, filters)

st.title(t("app_title", lang))
st.caption(t("app_tagline", lang))

cols = st.columns(4)
cols[0].metric(t("n_regions", lang), measures["region_id"].nunique() if len(measures) else 0)
cols[1].metric(t("n_measures", lang), len(measures))
cols[2].metric(t("n_figures", lang), len(figures))
cols[3].metric(t("n_indicators", lang), figures["indicator"].nunique() if len(figures) else 0)

region_ids, theme_codes = filters.region_ids(d), filters.theme_codes(d)
counts = frames.theme_counts(measures, region_ids, theme_codes)
fig = charts.build_theme_matrix_figure(counts, d, lang, widgets.subtitle(data, view))
event = widgets.show_chart(fig, "overview_matrix", "theme-matrix", view, on_select="rerun",
                           selection_mode="points")
st.caption(t("matrix_hint", lang))

points = (event or {}).get("selection", {}).get("points", []) if event else []
if points:
    region_id, theme = points[0]["customdata"]
    cell = counts[(counts["region_id"] == region_id) & (counts["theme"] == theme)].iloc[0]
    region_name = getattr(d.region(region_id), f"short_{lang}")
    with st.container(border=True):
        st.markdown("**" + escape_markdown(t("matrix_selected", lang, region=region_name,
                                             theme=getattr(d.theme(theme), lang), n=cell["count"])) + "**")
        for measure_id in cell["measure_ids"]:
            row = data.measures[data.measures["measure_id"] == measure_id].iloc[0]
            st.markdown(f"- **{escape_markdown(row[f'title_{lang}'])}** · {STATUS[lang][row['status']]} — "
                        + escape_markdown(row[f"summary_{lang}"]))
        if not cell["count"]:
            st.caption(t("cell_empty", lang))
        elif st.button(t("open_in_measures", lang), key="open_cell", icon=":material/open_in_new:"):
            state.set_value("regions", [region_id])
            state.set_value("themes", [theme])
            st.switch_page(PAGE_FILES["measures"])
else:
    st.caption(t("matrix_none_selected", lang))

st.subheader(t("region_cards", lang))
cards = st.columns(3)
for index, region_id in enumerate(region_ids):
    region = d.region(region_id)
    with cards[index % 3].container(border=True):
        st.markdown(f"#### {escape_markdown(pick(region, 'name', lang))}")
        st.caption(escape_markdown(f"{LEVEL[lang][region.level]} · {pick(region, 'province', lang)}"))
        st.markdown(escape_markdown(pick(region, "headline", lang)))
        key_rows = frames.key_figures(figures, region_id)  # figures of the selected themes only
        if key_rows.empty:
            st.caption(widgets.no_figures_message(data, view, getattr(region, f"short_{lang}")))
        else:
            widgets.figure_cards(key_rows, data, lang, columns=1)
        if st.button(t("view_profile", lang), key=f"profile_{region_id}", icon=":material/arrow_forward:"):
            state.set_value("profile_region", region_id)
            st.switch_page(PAGE_FILES["profile"])
