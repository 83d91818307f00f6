"""总览 Overview: counts, the region × theme matrix (click a cell to list its measures), a card per region."""

from dataclasses import replace

import streamlit as st

from dashboard.analysis import frames
from dashboard.charts import plots
from dashboard.data.bilingual import Bilingual
from dashboard.data.text import escape_markdown, shorten
from dashboard.i18n import LEVEL, STATUS, t
from dashboard.ui import data as app_data
from dashboard.ui import state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import to_query_params

data, view = widgets.page_context()
view, default_note = widgets.chart_view(data, view.sidebar_only())
lang, d = view.lang, data.dataset
filters = view.filters
measures = frames.filter_frame(data.measures, filters)
figures = frames.filter_frame(data.figures, filters)

st.title(t("app_title", lang))
st.caption(t("app_tagline", lang))
if default_note:
    st.info(escape_markdown(default_note), icon=":material/filter_alt:")

cols = st.columns(4)
cols[0].metric(t("n_regions", lang), measures["region_id"].nunique() if len(measures) else 0)
cols[1].metric(t("n_measures", lang), len(measures))
cols[2].metric(t("n_figures", lang), len(figures))
cols[3].metric(t("n_indicators", lang), figures["indicator"].nunique() if len(figures) else 0)

region_ids, theme_codes = filters.region_ids(d), filters.theme_codes(d)
CELL_LIST = 20  # measures listed under a chosen cell; the link opens them all
GROUP_FROM = 20  # with more regions than this in view, the matrix can sum them by province or level
rows_by = "region"
if len(region_ids) > GROUP_FROM:
    rows_by = st.segmented_control(t("matrix_rows", lang), options=["province", "level", "region"], default="province",
                                   key="overview_rows", format_func=lambda o: t(f"matrix_rows_{o}", lang)) or "province"
counts, fig = app_data.overview_matrix(data, filters, lang, rows_by)
grouped = rows_by != "region"
cells = {f"{r}.{c}": (r, c) for r, c in zip(counts["region_id"], counts["theme"], strict=True)}
cell_counts = dict(zip(cells, counts["count"], strict=True))  # one lookup per option, not a scan of the frame


def _chart_clicked() -> None:
    """A click on the chart chooses the cell in the box beside it, which is what the page shows."""
    points = st.session_state.get("overview_matrix", {}).get("selection", {}).get("points", [])
    if points:
        cell = ".".join(points[0]["customdata"])
        state.set_value("cell", cell if cell in cells else None)


# the drill-down sits beside the matrix, where the eye already is after a click or a choice in the box
def _row_name(row: str) -> str:
    """A matrix row's name: a region's short name, or the province or level it stands for."""
    return row if grouped else d.region(row).short.text(lang)


def _phone_table() -> None:
    """On a phone nine bubble columns do not fit: the same counts as a table, its first column pinned, that
    scrolls sideways; the box below it lists a cell's measures."""
    theme_names = d.names("themes", lang)
    table = counts.pivot(index="region_id", columns="theme", values="count")
    table = table.reindex(index=list(dict.fromkeys(counts["region_id"])), columns=[c for c in theme_codes
                                                                                    if c in table.columns])
    table = table.rename(columns=theme_names).fillna(0).astype(int)
    table.insert(0, t("matrix_row_header_" + rows_by, lang), [_row_name(r) for r in table.index])
    st.markdown("**" + escape_markdown(t("matrix_title", lang)) + "**")
    st.caption(escape_markdown(frames.filters_subtitle(d, filters, lang)))
    with st.container(key="overview_matrix_table"):
        st.dataframe(table, hide_index=True,
                     column_config={table.columns[0]: st.column_config.TextColumn(pinned=True)})
    st.caption(t("matrix_hint_phone", lang))


matrix_column, cell_column = st.columns([7, 3])
with matrix_column:
    if widgets.on_phone():
        _phone_table()
    else:
        # a cell chosen by a link or in the box is marked on the chart as a click marks it
        chosen_cell = st.session_state.get("cell")
        fig = plots.with_chosen_cell(fig, chosen_cell if chosen_cell in cells else None)
        widgets.show_chart(fig, "overview_matrix", "theme-matrix", view,
                           on_select=state.callback(_chart_clicked),
                           selection_mode="points")
        st.caption(t("matrix_hint", lang))


def _cell_label(cell: str) -> str:
    row, theme = cells[cell]
    return t("matrix_cell_option", lang, region=_row_name(row), theme=d.theme(theme).name.text(lang),
             n=cell_counts[cell])


def show_cell() -> str | None:
    """The box that chooses a cell (keyboard-friendly, follows the chart's clicks); the chosen cell."""
    ss = st.session_state
    linked = ss.pop("_linked_cell", None)  # the cell a link just named: say so if this matrix has no such cell
    if ss.get("cell") not in cells:
        if ss.get("cell") is not None and ss["cell"] == linked:
            st.warning(t("cell_not_in_view", lang, cell=escape_markdown(shorten(linked))), icon=":material/link_off:")
        state.set_value("cell", None)
    phone = "_phone" if widgets.on_phone() else ""  # on a phone the table is above the box, not on its left
    chosen = state.bound(st.selectbox, "cell", t("matrix_pick", lang), options=list(cells), format_func=_cell_label,
                         placeholder=t("matrix_pick_placeholder" + phone, lang))
    if not chosen:
        st.caption(t("matrix_none_selected" + phone, lang))
    return chosen


def show_cell_measures(chosen: str | None) -> None:
    """The chosen cell's measures, at the page's full width below the matrix (a narrow column beside it would
    leave a wide empty area and wrap every summary to a few words a line)."""
    if chosen:
        row, theme = cells[chosen]
        cell = counts[(counts["region_id"] == row) & (counts["theme"] == theme)].iloc[0]
        region_name = _row_name(row)
        members = tuple(cell["members"]) if grouped else (row,)
        with st.container(border=True):
            st.markdown("**" + escape_markdown(t("matrix_selected", lang, region=region_name,
                                                 theme=d.theme(theme).name.text(lang), n=cell["count"])) + "**")
            listed = cell["measure_ids"][:CELL_LIST]  # a province's cell can hold hundreds: the first few here
            for row in frames.records(data.measures[data.measures["measure_id"].isin(listed)]):
                where = f"{row[Bilingual.column('region', lang)]} · " if grouped else ""
                st.markdown(f"- **{escape_markdown(where + row[Bilingual.column('title', lang)])}** · "
                            f"{STATUS[lang][row['status']]} — " + escape_markdown(row[Bilingual.column("summary", lang)]))
            if len(cell["measure_ids"]) > CELL_LIST:
                st.caption(t("cell_more", lang, n=len(cell["measure_ids"]) - CELL_LIST))
            if not cell["count"]:
                st.caption(t("cell_empty", lang))
            else:  # a link, not a button: one history entry, and Back returns here
                target = state.current().updated(regions=members, themes=(theme,), statuses=(), keyword="")
                st.page_link(PAGE_FILES["measures"], label=t("open_in_measures", lang), icon=":material/open_in_new:",
                             query_params=state.offer_drilldown(target))


with cell_column:
    chosen_cell = show_cell()
show_cell_measures(chosen_cell)

st.subheader(t("region_cards", lang))
CARDS_PER_PAGE = 9
n_pages = -(-len(region_ids) // CARDS_PER_PAGE)
page = 1
if st.session_state.get("cards", 1) > max(n_pages, 1):  # a link from a wider view: its last page here
    state.set_value("cards", max(n_pages, 1))
if n_pages > 1:  # hundreds of regions: cards a page at a time (the page in the URL, as `cards`)
    page = state.bound(st.number_input, "cards", t("cards_page", lang, pages=n_pages), min_value=1,
                       max_value=n_pages, step=1)
shown_ids = region_ids[(page - 1) * CARDS_PER_PAGE : page * CARDS_PER_PAGE]
# every shown region's key figures (of the selected themes) labelled in one pass
key_rows = frames.key_figures(figures[figures["region_id"].isin(shown_ids)])
cards_of: dict[str, list[dict]] = {}
for row in (frames.records(frames.labelled_figures(key_rows, d, lang)) if len(key_rows) else []):
    cards_of.setdefault(row["region_id"], []).append(row)
for region_id, card in zip(shown_ids, widgets.card_grid(len(shown_ids), 3), strict=True):
    region = d.region(region_id)
    with card:
        st.markdown(f"#### {escape_markdown(region.name.text(lang))}")
        st.caption(escape_markdown(f"{LEVEL[lang][region.level]} · {region.province.text(lang)}"))
        st.markdown(escape_markdown(region.headline.text(lang)))
        if region_id in cards_of:
            widgets.figure_cards(cards_of[region_id], lang, columns=1, view=view)
        else:
            st.caption(widgets.no_figures_message(data, view, region.short.text(lang)))
        st.page_link(PAGE_FILES["profile"], label=t("view_profile", lang), icon=":material/arrow_forward:",
                     query_params=to_query_params(replace(state.current(), region=region_id), "profile"))
