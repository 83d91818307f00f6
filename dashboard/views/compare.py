"""对比 Compare: theme mix, shared indicators side by side, and each region's own figures.

The charts come from export.briefing_items, so the page and the briefing pack show the same thing.
"""

import streamlit as st

from dashboard import frames
from dashboard.i18n import t
from dashboard.ui import data as app_data
from dashboard.ui import downloads, widgets

data, view = widgets.page_context()
view = view.sidebar_only()
lang, d = view.lang, data.dataset
filters = view.filters
items = app_data.compare_charts(data, filters, lang)
by_kind = {kind: [item for item in items if item.kind == kind] for kind in ("theme_mix", "compare", "region")}


def show(item, key: str, name: str) -> None:
    widgets.show_chart(item.figure, key, name, view)
    for note in item.notes:
        st.caption(note)


st.title(t("page_compare", lang))

# (a) theme mix
if by_kind["theme_mix"]:
    show(by_kind["theme_mix"][0], "compare_mix", "theme-mix")
else:
    st.info(t("no_measures_for", lang))

# (b) shared indicators
st.subheader(t("shared_title", lang))
if not by_kind["compare"]:
    st.info(t("shared_none", lang))
codes = frames.shared_indicator_codes(frames.filter_frame(data.figures, filters))
columns = st.columns(2)
for index, (item, code) in enumerate(zip(by_kind["compare"], codes, strict=True)):
    with columns[index % 2]:
        show(item, f"compare_{code}", f"compare-{code}")

# (c) small multiples
st.subheader(t("small_multiples_title", lang))
st.caption(t("small_multiples_hint", lang))
figures = frames.filter_frame(data.figures, filters)
reporting = [r for r in filters.region_ids(d) if (figures["region_id"] == r).any()]
columns = st.columns(2)
for index, (item, region_id) in enumerate(zip(by_kind["region"], reporting, strict=True)):
    with columns[index % 2]:
        widgets.show_chart(item.figure, f"compare_region_{region_id}", f"figures-{region_id}", view)
for region_id in filters.region_ids(d):
    if region_id not in reporting:
        st.info(widgets.no_figures_message(data, view, getattr(d.region(region_id), f"short_{lang}")))

st.divider()
downloads.export_panel(data, view, key_prefix="compare_export")
