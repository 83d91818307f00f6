"""并列对照 Side by side: two to four regions' measures on one theme or instrument in parallel columns, rows
aligned by instrument (or theme), source text on demand."""

import streamlit as st

from dashboard.analysis import frames, instruments
from dashboard.data.bilingual import Bilingual
from dashboard.data.text import escape_markdown
from dashboard.i18n import STATUS, join_list, t
from dashboard.ui import state, widgets
from dashboard.ui.url_state import SIDE_BY_SIDE_MAX

data, full_view = widgets.page_context()
view = full_view.sidebar_only()
lang, d = view.lang, data.dataset
short = d.names("regions", lang, "short")
theme_names = d.names("themes", lang)
instrument_names = d.names("instruments", lang)

st.title(t("sbs_title", lang))
if full_view.filters.keyword or full_view.filters.statuses:
    st.caption(":material/info: " + t("sidebar_only_notice", lang))

# Until regions are chosen the page shows a default set without writing it into the state, so arriving here
# does not rewrite the URL (a second history entry for one click): the sidebar's regions if they fit, else the
# first three.
ss = st.session_state
chosen = [r for r in ss.get("columns", []) if r in short]
sidebar_regions = list(view.filters.regions)
default = sidebar_regions if 2 <= len(sidebar_regions) <= SIDE_BY_SIDE_MAX else list(short)[:3]
if "w_columns" not in ss:
    ss["w_columns"] = chosen or default


def _choose_columns() -> None:
    ss["columns"] = list(ss.get("w_columns", ss.get("columns", [])))


controls = st.columns([2, 1, 1])
with controls[0]:
    region_ids = st.multiselect(t("sbs_regions", lang), options=list(short), format_func=short.get,
                                key="w_columns", on_change=state.callback(_choose_columns), max_selections=SIDE_BY_SIDE_MAX, select_all=False,
                                help=t("sbs_regions_help", lang))
for slot, key, label, options in ((controls[1], "focus_theme", "sbs_theme", theme_names),
                                  (controls[2], "focus_instrument", "sbs_instrument", instrument_names)):
    if ss.get(key) not in options:
        state.set_value(key, None)
    with slot:
        state.bound(st.selectbox, key, t(label, lang), options=list(options), format_func=options.get,
                    placeholder=t("sbs_any", lang))
view = state.current().sidebar_only()
if not chosen and region_ids == default:
    # the regions came from the sidebar's filter, or none were chosen anywhere and the first three stand in
    notice = "sbs_sidebar_regions" if default == sidebar_regions else "sbs_default_regions"
    st.caption(escape_markdown(t(notice, lang, names=join_list((short[r] for r in default), lang))))

measures = frames.filter_frame(data.measures, view.filters)
if view.theme:
    measures = measures[measures["themes"].map(lambda codes: view.theme in codes)]
if view.instrument:
    measures = measures[measures["instruments"].map(lambda codes: view.instrument in codes)]
sidebar = view.filters
if any((sidebar.regions, sidebar.themes, sidebar.instruments, sidebar.target_groups)):
    st.caption(escape_markdown(t("sbs_sidebar_filters", lang, filters=widgets.subtitle(data, view))))

# rows: with an instrument chosen, the themes line the measures up; otherwise the instruments do
rows_by, row_names = ("themes", theme_names) if view.instrument else ("instruments", instrument_names)
rows = instruments.side_by_side(measures, region_ids, rows_by, list(row_names))
show_quotes = st.toggle(t("show_quotes", lang), key="sbs_show_quotes")


def show_measure(measure: dict) -> None:
    """In its home row, the measure in full; in another row it also belongs to, one line pointing home."""
    if not measure["primary"]:
        home = row_names[measure[rows_by][0]]
        st.caption("↳ " + escape_markdown(t("sbs_also_in", lang, title=measure[Bilingual.column("title", lang)], row=home)))
        return
    with st.container(border=True, key=f"sbs_{measure['measure_id']}"):  # a measure's home row is unique
        st.markdown(f"**{escape_markdown(measure[Bilingual.column('title', lang)])}** · {STATUS[lang][measure['status']]}")
        st.markdown(escape_markdown(measure[Bilingual.column("summary", lang)]))
        if show_quotes:
            st.markdown("> " + escape_markdown(measure["quote"].strip().replace("\n", "")))
            widgets.measure_quote_link(data, full_view, measure["measure_id"])


if len(region_ids) < 2:
    st.info(t("sbs_pick_more", lang))
elif not rows:
    st.info(t("sbs_none", lang))
else:
    st.caption(t(f"sbs_rows_{rows_by.removesuffix('s')}", lang))
    header = st.columns(len(region_ids))
    for slot, region_id in zip(header, region_ids, strict=True):
        n = int((measures["region_id"] == region_id).sum())
        slot.markdown(f"### {escape_markdown(t('region_measures_count', lang, region=short[region_id], n=n))}")
    for code, cells in rows:
        st.markdown(f"##### {escape_markdown(row_names[code])}")
        for slot, region_id in zip(st.columns(len(region_ids)), region_ids, strict=True):
            with slot:
                # on a phone the columns stack: each cell names its region (hidden where they stand side by side)
                with st.container(key=f"sbs_cell_region_{code}_{region_id}"):
                    st.caption(":material/location_on: **" + escape_markdown(short[region_id]) + "**")
                if not cells[region_id]:
                    st.caption(t("sbs_cell_empty", lang))
                for measure in cells[region_id]:
                    show_measure(measure)
