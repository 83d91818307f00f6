"""政策工具 Instruments: which regions use which policy instrument (and reach which target groups); for one
instrument, each region's measures with their source text and figures."""

from dataclasses import replace

import streamlit as st

from dashboard.analysis import frames, instruments
from dashboard.data.bilingual import Bilingual
from dashboard.data.text import escape_markdown
from dashboard.i18n import STATUS, join_list, t
from dashboard.ui import data as app_data
from dashboard.ui import state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import SIDE_BY_SIDE_MAX, to_query_params

data, full_view = widgets.page_context()
view, default_note = widgets.chart_view(data, full_view.sidebar_only())
lang, d = view.lang, data.dataset
filters = view.filters
measures = frames.filter_frame(data.measures, filters)
region_ids = filters.region_ids(d)
short = d.names("regions", lang, "short")
names = {section: d.names(section, lang) for section in instruments.TAG_SECTIONS}

st.title(t("instruments_title", lang))
st.caption(t("instruments_intro", lang))
if full_view.filters.keyword or full_view.filters.statuses:
    st.caption(":material/info: " + t("sidebar_only_notice", lang))
if default_note:
    st.info(escape_markdown(default_note), icon=":material/filter_alt:")
st.markdown(widgets.subtitle_markdown(data, view))


def usage_table(section: str, codes: list[str]) -> None:
    """Instrument (or target group) × region counts, names for codes, an empty cell where a region has none."""
    counts = app_data.usage_counts(data, filters, section, tuple(codes))
    table = counts.rename(index=names[section])
    table[region_ids] = table[region_ids].map(lambda n: str(n) if n else "")  # text: an empty cell reads as "none"
    table.index.name = t(section.removesuffix("s"), lang)
    columns = {r: st.column_config.TextColumn(short[r], width="small") for r in region_ids}
    columns["n_regions"] = st.column_config.NumberColumn(t("instrument_matrix_regions", lang), width="small")
    st.dataframe(table, width="stretch", key=f"instruments_table_{section}", column_config=columns,
                 height=35 * (len(table) + 1) + 3)  # every row in view, no inner scrolling


instrument_codes = list(view.filters.instruments) or list(names["instruments"])
usage_table("instruments", instrument_codes)
with st.expander(t("target_group_matrix", lang)):
    usage_table("target_groups", list(view.filters.target_groups) or list(names["target_groups"]))

# one instrument, region by region: the measure, its source text and its figures
if st.session_state.get("focus_instrument") not in names["instruments"]:
    state.set_value("focus_instrument", None)
code = state.bound(st.selectbox, "focus_instrument", t("instrument_pick", lang), options=list(names["instruments"]),
                   format_func=names["instruments"].get, placeholder=t("instrument_pick_placeholder", lang))


def show_instrument(code: str) -> None:
    entry = d.instrument(code)
    st.subheader(escape_markdown(entry.name.text(lang)))
    st.caption(escape_markdown(entry.definition.text(lang)))
    using = instruments.measures_using(measures, "instruments", code, region_ids)
    unused = [short[r] for r in region_ids if r not in using]
    if not using:
        st.info(t("instrument_unused", lang))
    else:
        st.markdown(escape_markdown(t("instrument_used_by", lang, n=len(using),
                                      names=join_list((short[r] for r in using), lang))))
    if unused:
        st.caption(escape_markdown(t("instrument_not_used_by", lang, names=join_list(unused, lang))))
    if len(using) >= 2:  # a link, built from codes: the Side by side page on this instrument, for these regions
        columns, left_out = instruments.side_by_side_columns(using, SIDE_BY_SIDE_MAX)
        target = replace(state.current(), instrument=code, theme=None, columns=tuple(columns))
        st.page_link(PAGE_FILES["side_by_side"], label=t("open_side_by_side", lang), icon=":material/view_column:",
                     query_params=to_query_params(target, "side_by_side"))
        if left_out:  # more regions than columns: say which ones the link leaves out, and why
            st.caption(escape_markdown(t("open_side_by_side_left_out", lang, n=SIDE_BY_SIDE_MAX,
                                         names=join_list((short[r] for r in columns), lang),
                                         left_out=join_list((short[r] for r in left_out), lang))))

    # every shown measure's figures labelled in one pass, then grouped by measure
    shown = [m for rows in using.values() for m in rows["measure_id"]]
    figures = frames.filter_frame(data.figures, filters)
    figures = figures[figures["measure_id"].isin(shown)]
    figures_of: dict[str, list[dict]] = {}
    for figure in frames.records(frames.labelled_figures(figures, d, lang)) if len(figures) else []:
        figures_of.setdefault(figure["measure_id"], []).append(figure)
    for region_id, rows in using.items():
        st.markdown(f"#### {escape_markdown(t('region_measures_count', lang, region=short[region_id], n=len(rows)))}")
        for measure in frames.records(rows):
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(measure[Bilingual.column('title', lang)])}** · {STATUS[lang][measure['status']]}")
                groups = join_list((names["target_groups"][g] for g in measure["target_groups"]), lang)
                others = [names["instruments"][i] for i in measure["instruments"] if i != code]
                line = t("target_groups_of", lang, names=groups)
                if others:
                    line += " · " + t("other_instruments_of", lang, names=join_list(others, lang))
                st.caption(escape_markdown(line))
                st.markdown(escape_markdown(measure[Bilingual.column("summary", lang)]))
                st.markdown("> " + escape_markdown(measure["quote"].strip().replace("\n", "")))
                widgets.measure_quote_link(data, full_view, measure["measure_id"])
                own = figures_of.get(measure["measure_id"], [])
                if own:  # one list: every figure with its value (qualifier, unit), scope and time
                    st.markdown("\n".join("- " + escape_markdown(f"{f['name']}: {f['value_label']} · "
                                                                  f"{f['scope_label']} · {f['time_label']}")
                                          for f in own))


if code:
    show_instrument(code)
else:
    st.caption(t("instrument_none_selected", lang))
