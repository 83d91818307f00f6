"""The briefing basket in the app: add/remove buttons for the pages, and the basket panel in the sidebar (its items
in order, up/down/remove, and the hand-picked briefing as PPTX and Word).

The basket lives in st.session_state["basket"] (a tuple of basket.BasketItem) and in the URL (`basket=`), so it
outlives page switches and travels with a copied link. Changes happen in button callbacks, before the rerun draws
anything, so the panel and the URL always show the basket as it now is.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from dashboard import export
from dashboard.analysis import basket
from dashboard.analysis.basket import BasketItem
from dashboard.analysis.frames import Filters
from dashboard.data.bilingual import Bilingual
from dashboard.data.text import shorten
from dashboard.i18n import t
from dashboard.ui import state
from dashboard.ui.data import AppData


def _current() -> basket.Basket:
    return tuple(st.session_state.get("basket", ()))


def _toggle(item: BasketItem) -> None:
    state.set_value("basket", basket.toggle(_current(), item))


def _move(item: BasketItem, step: int) -> None:
    state.set_value("basket", basket.move(_current(), item, step))


def _clear() -> None:
    state.set_value("basket", ())


def toggle_button(item: BasketItem, lang: str, key: str) -> None:
    """'Add to briefing' / 'Remove from briefing' for one measure or chart."""
    inside = item in _current()
    chart = item.kind == basket.CHART
    label = t(("basket_remove" if inside else "basket_add") + ("_chart" if chart else ""), lang)
    st.button(label, key=key, on_click=state.callback(_toggle), args=(item,), type="tertiary",
              icon=":material/remove_shopping_cart:" if inside else ":material/add_shopping_cart:")


def item_label(data: AppData, item: BasketItem, lang: str) -> str:
    """What a basket entry is, in words (plain text: show it with st.text or escape it)."""
    dataset = data.dataset
    if item.kind == basket.CHART:
        name = t("theme_mix_title", lang) if item.key == basket.THEME_MIX else dataset.indicator(item.key).name.text(lang)
        return t("basket_chart_item", lang, name=name)
    row = data.measures[data.measures["measure_id"] == item.key].iloc[0]
    return t("basket_measure_item", lang, region=row[Bilingual.column("region", lang)],
             title=shorten(row[Bilingual.column("title", lang)], 40))


def sidebar_panel(data: AppData, lang: str) -> None:
    """The basket in the sidebar: items with up/down/remove, then the briefing downloads."""
    items = _current()
    with st.sidebar.expander(t("basket_count", lang, n=len(items)), icon=":material/shopping_basket:",
                             expanded=bool(items)), st.container(key="basket_panel"):
        if not items:
            st.caption(t("basket_empty", lang))
            return
        for index, item in enumerate(items):
            # the label on its own line and a row of icon buttons under it: the sidebar is too narrow for both
            with st.container(border=True, gap=None):
                st.text(item_label(data, item, lang))
                with st.container(horizontal=True, gap="small"):
                    st.button("", key=f"basket_up_{item.token}", on_click=state.callback(_move), args=(item, -1),
                              type="tertiary",
                              icon=":material/arrow_upward:", help=t("basket_up", lang), disabled=index == 0)
                    st.button("", key=f"basket_down_{item.token}", on_click=state.callback(_move), args=(item, 1),
                              type="tertiary",
                              icon=":material/arrow_downward:", help=t("basket_down", lang),
                              disabled=index == len(items) - 1)
                    st.button("", key=f"basket_remove_{item.token}", on_click=state.callback(_toggle), args=(item,),
                              type="tertiary",
                              icon=":material/close:", help=t("basket_remove", lang))
        st.caption(t("basket_hint", lang))
        view = state.current()
        chart_filters = Filters(regions=view.filters.regions, themes=view.filters.themes)
        today = date.today()
        needs_pictures = any(i.kind == basket.CHART for i in items)
        chromium = export.find_chromium() is not None or not needs_pictures
        name = partial(export.export_filename, "briefing", None, today=today, lang=lang, picked=len(items))
        st.download_button(t("basket_pptx", lang), key="basket_pptx", on_click="ignore", type="primary",
                           data=partial(export.basket_to_pptx_bytes, data.dataset, items, chart_filters, lang, today),
                           file_name=name(ext="pptx"), mime=export.PPTX_MIME, icon=":material/slideshow:",
                           help=t("basket_pptx_help", lang), width="stretch", disabled=not chromium)
        st.download_button(t("basket_docx", lang), key="basket_docx", on_click="ignore",
                           data=partial(export.basket_to_docx_bytes, data.dataset, items, chart_filters, lang, today),
                           file_name=name(ext="docx"), mime=export.DOCX_MIME, icon=":material/description:",
                           help=t("basket_docx_help", lang), width="stretch", disabled=not chromium)
        st.button(t("basket_clear", lang), key="basket_clear", on_click=state.callback(_clear), type="tertiary",
                  icon=":material/delete_sweep:")
