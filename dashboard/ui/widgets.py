"""Reusable widgets: the shared sidebar, chart display, notices and the subtitle naming the filters."""

from __future__ import annotations

import re
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from dashboard import export
from dashboard.i18n import t
from dashboard.ui import state
from dashboard.ui.data import AppData
from dashboard.url_state import Notice, ViewState


def sidebar_filters(data: AppData, lang: str) -> None:
    d = data.dataset
    theme_names = {th.code: getattr(th, lang) for th in d.themes}
    region_names = {r.id: getattr(r, f"short_{lang}") for r in d.regions}
    with st.sidebar:
        st.subheader(t("filters", lang))
        state.bound(st.multiselect, "themes", t("themes", lang), options=list(theme_names),
                    format_func=theme_names.get, placeholder=t("all", lang), help=t("themes_help", lang))
        state.bound(st.multiselect, "regions", t("regions", lang), options=list(region_names),
                    format_func=region_names.get, placeholder=t("all", lang), help=t("regions_help", lang))
        st.button(t("reset", lang), on_click=_reset, icon=":material/restart_alt:", key="reset_filters")
        st.caption(t("share_link", lang))


def _reset() -> None:
    for key in ("themes", "regions", "statuses", "keyword"):
        state.set_value(key, state.DEFAULTS[key])


def language_switch() -> str:
    with st.sidebar:
        lang = state.bound(st.segmented_control, "lang", "语言 / Language", options=["zh", "en"],
                           format_func={"zh": "中文", "en": "English"}.get, label_visibility="collapsed",
                           selection_mode="single") or "zh"
    if st.session_state.get("_drawn_lang", lang) != lang:
        # every other widget's label and option names change with the language: draw them anew from the state
        state.redraw_widgets()
    st.session_state["_drawn_lang"] = lang
    return lang


def show_notices(notices: list[Notice], lang: str) -> None:
    for notice in notices:
        st.warning(t("notice_ignored", lang, param=notice.param, value=notice.value), icon=":material/link_off:")


def names(codes: tuple[str, ...], mapping: dict[str, str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(mapping[c] for c in codes) if codes else t("all", lang)


def subtitle(data: AppData, view: ViewState) -> str:
    """'主题：人才｜地区：绵阳、宁夏' — names the active filters inside every chart (and in every export)."""
    return export.filters_subtitle(data.dataset, view.filters, view.lang)


def no_figures_message(data: AppData, view: ViewState, region_name: str) -> str:
    """'巴中没有人才方面的数据。' names the themes; without a theme filter: '巴中没有量化数据。'."""
    if not view.themes:
        return t("no_figures_region", view.lang, region=region_name)
    themes = names(view.themes, {th.code: getattr(th, view.lang) for th in data.dataset.themes}, view.lang)
    return t("no_figures_for", view.lang, region=region_name, themes=themes)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "chart"


def show_chart(fig: go.Figure, key: str, name: str, view: ViewState, **kwargs):
    """Plotly chart whose camera button saves a 2× PNG named after the chart, filters and date."""
    parts = [name, "-".join(view.themes) or "all-themes", "-".join(view.regions) or "all-regions",
             date.today().isoformat()]
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": slug("_".join(parts))},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "zoomIn2d", "zoomOut2d", "autoScale2d"],
    }
    return st.plotly_chart(fig, key=key, config=config, width="stretch", **kwargs)


def page_context() -> tuple[AppData, ViewState]:
    """What every page starts from: the (cached) data and the current view."""
    from dashboard.ui.data import load_app_data

    view = state.current()
    return load_app_data(view.lang), view
