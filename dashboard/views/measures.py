"""举措库 Measures: filter by theme, region, status and keyword; select a row for its quote and figures."""

import hashlib
from dataclasses import replace

import streamlit as st

from dashboard.analysis import frames
from dashboard.analysis.basket import BasketItem
from dashboard.data.bilingual import Bilingual
from dashboard.i18n import STATUS, t
from dashboard.ui import basket, downloads, state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import STATUSES, to_query_params

data, view = widgets.page_context()
lang, d = view.lang, data.dataset
theme_names = d.names("themes", lang)

st.title(t("page_measures", lang))
left, right = st.columns([3, 2])
with left:
    state.bound(st.text_input, "keyword", t("keyword", lang), help=t("keyword_help", lang),
                placeholder=t("keyword_placeholder", lang), max_chars=80)
with right:
    state.bound(st.multiselect, "statuses", t("status_filter", lang), options=list(STATUSES),
                format_func=STATUS[lang].get, placeholder=t("all", lang), select_all=False)
view = state.current()
matches = frames.filter_frame(data.measures, view.filters)
ids = list(matches["measure_id"])
titles = dict(zip(ids, matches[Bilingual.column("title", lang)], strict=True))
widgets.drilldown_banner(data, view)

st.markdown(f"**{t('rows_shown', lang, n=len(matches))}** · {widgets.subtitle_markdown(data, view)}")

# The table is keyed on the rows it shows, so a filter change starts it afresh: a selected row never outlives
# the list it was picked from. The picker (keyboard-friendly) and the table's selection follow each other.
# A measure chosen in the picker draws the table afresh (a new key), so that the table shows that row selected:
# a drawn table keeps its own selection and ignores a new default.
_EPOCH = st.session_state.get("_measures_table_epoch", 0)
TABLE_KEY = "measures_table_" + hashlib.sha1(f"{' '.join(ids)} {_EPOCH}".encode()).hexdigest()[:12]
PICK_KEY = "w_measure_pick"
REGION_COLUMN_PX = {"zh": 90, "en": 150}  # the table's region column: English names run longer


def _selected_row(selection) -> int | None:
    rows = list(selection.get("rows", [])) or [cell[0] for cell in selection.get("cells", [])]
    return rows[0] if rows and 0 <= rows[0] < len(ids) else None


def _table_changed() -> None:
    row = _selected_row(st.session_state.get(TABLE_KEY, {}).get("selection", {}))
    st.session_state["measure"] = st.session_state[PICK_KEY] = None if row is None else ids[row]


def _picker_changed() -> None:
    picked = st.session_state.get(PICK_KEY)
    st.session_state["measure"] = picked
    st.session_state["_measures_table_epoch"] = _EPOCH + 1
    st.session_state[TABLE_KEY] = {"selection": {"rows": [ids.index(picked)] if picked in ids else [],
                                                 "columns": [], "cells": []}}


def opened_measure() -> str | None:
    """The open measure, the view's `measure` (`m` in the URL): a link, the picker or a click on the table.

    The table's selection counts when nothing else changed the view since it was drawn (a click without its
    callback, in tests). A measure the filters leave out is closed, unless a link named it with these filters."""
    ss = st.session_state
    wanted = ss.get("measure")
    if TABLE_KEY in ss and ss.get("_measure_drawn") == wanted:
        row = _selected_row(ss[TABLE_KEY].get("selection", {}))
        wanted = None if row is None else ids[row]
    if wanted is not None and wanted not in ids and ss.get("_linked_measure") != (wanted, view.filters):
        wanted = None
    ss["measure"] = ss["_measure_drawn"] = wanted
    ss[PICK_KEY] = wanted if wanted in ids else None
    rows = [ids.index(wanted)] if wanted in ids else []
    if TABLE_KEY in ss and _selected_row(ss[TABLE_KEY].get("selection", {})) != (rows[0] if rows else None):
        ss[TABLE_KEY] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return wanted


def show_picker() -> str | None:
    return st.selectbox(t("open_measure", lang), options=ids, key=PICK_KEY,
                        on_change=state.callback(_picker_changed),
                        format_func=lambda i: titles.get(i, i), placeholder=t("open_measure_placeholder", lang),
                        help=t("open_measure_help", lang))


def show_table(picked: str | None) -> None:
    """The matching measures as a table; a click anywhere on a row (a cell) selects it."""
    table = matches.assign(
        region=matches[Bilingual.column("region", lang)],
        title=matches[Bilingual.column("title", lang)],
        theme_names=matches["themes"].map(lambda codes: " · ".join(theme_names[c] for c in codes)),
        status_name=matches["status"].map(STATUS[lang]),
    )[["region", "title", "theme_names", "status_name", "n_figures"]]
    default = {"selection": {"rows": [ids.index(picked)] if picked else [], "columns": [], "cells": []}}
    # twenty rows in view on a screen (hundreds of regions list thousands of measures), the default ten on a phone
    tall = len(table) > 10 and not widgets.on_phone()
    st.dataframe(
        table, key=TABLE_KEY, hide_index=True, width="stretch", height=20 * 35 + 38 if tall else "auto",
        on_select=state.callback(_table_changed),
        selection_mode=["single-row", "single-cell"], selection_default=default,
        column_config={
            "region": st.column_config.TextColumn(t("region", lang), width=REGION_COLUMN_PX[lang]),
            "title": st.column_config.TextColumn(t("title", lang), width="large"),
            "theme_names": st.column_config.TextColumn(t("themes", lang), width="medium"),
            "status_name": st.column_config.TextColumn(t("status", lang), width=90),
            "n_figures": st.column_config.NumberColumn(t("figures", lang), width=70),
        },
    )


def _clear(names: tuple[str, ...]) -> None:
    for name in names:
        state.set_value(name, [])


def explain_empty() -> None:
    """No rows: name the filters that hide matches for this keyword, each cleared with one click."""
    st.info(t("no_measures_for", lang))
    for name, n in frames.hidden_matches(data.measures, view.filters):
        cleared = frames.NARROWING_FILTERS if name == "all" else (name,)
        st.button(t(f"relax_{name}", lang, n=n), key=f"measures_relax_{name}", on_click=state.callback(_clear),
                  args=(cleared,),
                  icon=":material/filter_alt_off:")


# Below a tall table the detail of a newly opened measure would be off screen: it is scrolled into view.
SCROLL_TO_DETAIL = """
<script data-opened="{n}">
(() => {{
  let tries = 0;
  const go = () => {{
    const detail = document.querySelector(".st-key-measures_detail");
    if (detail) detail.scrollIntoView({{block: "start"}});
    else if (tries++ < 100) requestAnimationFrame(go);
  }};
  setTimeout(go, 0);
}})();
</script>
"""


def show_detail(measure_id: str) -> None:
    ss = st.session_state
    if ss.get("_measure_scrolled") != measure_id:  # newly opened: once, not on every rerun
        ss["_measure_scrolled"] = measure_id
        ss["_measure_opens"] = ss.get("_measure_opens", 0) + 1
        st.html(SCROLL_TO_DETAIL.format(n=ss["_measure_opens"]), unsafe_allow_javascript=True)
    with st.container(border=True, key="measures_detail"):
        widgets.measure_detail(data, view, measure_id)
        basket.toggle_button(BasketItem.measure(measure_id), lang, key="measures_basket")
        st.page_link(PAGE_FILES["measure"], label=t("open_measure_page", lang), icon=":material/open_in_new:",
                     query_params=to_query_params(replace(view, measure=measure_id), "measure"))


opened = opened_measure()
if matches.empty:
    explain_empty()
else:
    show_picker()
    show_table(opened if opened in ids else None)
    if opened is None:
        st.caption(t("select_row_hint", lang))
if opened is None:
    st.session_state.pop("_measure_scrolled", None)  # opening it again scrolls to it again
else:
    if opened not in ids:  # a link named it together with filters that leave it out
        st.info(t("measure_outside_filters", lang), icon=":material/filter_alt_off:")
    show_detail(opened)

st.divider()
downloads.export_panel(data, view, key_prefix="measures_export")
