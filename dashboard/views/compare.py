"""对比 Compare: theme mix, shared indicators side by side, and each region's own figures.

The charts come from export.briefing_items, so the page and the briefing pack show the same thing.
"""

import streamlit as st

from dashboard import frames
from dashboard.i18n import join_list, t
from dashboard.ui import data as app_data
from dashboard.ui import downloads, widgets

data, full_view = widgets.page_context()
view = full_view.sidebar_only()
lang, d = view.lang, data.dataset
filters = view.filters
items = app_data.compare_charts(data, filters, lang)
by_kind = {kind: [item for item in items if item.kind == kind] for kind in ("theme_mix", "compare", "region")}


def show(item, key: str, name: str) -> None:
    widgets.show_chart(item.figure, key, name, view)
    for note in item.notes:
        st.caption(note)


st.title(t("page_compare", lang))
if full_view.keyword or full_view.statuses:
    st.caption(":material/info: " + t("sidebar_only_notice", lang))

# (a) theme mix
if by_kind["theme_mix"]:
    show(by_kind["theme_mix"][0], "compare_mix", "theme-mix")
else:
    st.info(t("no_measures_for", lang))

# (b) shared indicators
st.subheader(t("shared_title", lang))
if not by_kind["compare"]:
    st.info(t("shared_none", lang))
columns = st.columns(2)
for index, item in enumerate(by_kind["compare"]):
    with columns[index % 2]:
        show(item, f"compare_{item.key}", f"compare-{item.key}")

# (c) small multiples: amounts as bars; shares, ranks and changes as text
st.subheader(t("small_multiples_title", lang))
st.caption(t("small_multiples_hint", lang))
figures = frames.filter_frame(data.figures, filters)
charted = {item.key for item in by_kind["region"]}
columns = st.columns(2)
slot = 0
for region_id in filters.region_ids(d):
    rows = figures[figures["region_id"] == region_id]
    if rows.empty:
        continue
    with columns[slot % 2]:
        if region_id in charted:
            widgets.show_chart(next(i.figure for i in by_kind["region"] if i.key == region_id),
                               f"compare_region_{region_id}", f"figures-{region_id}", view)
        else:
            st.markdown(f"**{getattr(d.region(region_id), f'short_{lang}')}**")
        st.caption(frames.figure_list_text(rows[~frames.bar_rows(rows)], d, lang))
    slot += 1
missing = [getattr(d.region(r), f"short_{lang}") for r in filters.region_ids(d) if (figures["region_id"] != r).all()]
if missing:  # one line for all of them: "绵阳、巴中没有项目与诚信管理方面的数据。"
    st.info(widgets.no_figures_message(data, view, join_list(missing, lang)))

st.divider()
downloads.export_panel(data, view, key_prefix="compare_export")
