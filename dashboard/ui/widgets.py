"""Reusable widgets: the shared sidebar, chart display, notices and the subtitle naming the filters."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from dashboard import frames
from dashboard.i18n import DEFAULT_LANG, KIND, LANGS, LEVEL, join_list, pick, t
from dashboard.text import escape_markdown
from dashboard.ui import state
from dashboard.ui.data import AppData, load_app_data
from dashboard.url_state import Notice, ViewState, to_query_params


def sidebar_filters(data: AppData, lang: str) -> None:
    d = data.dataset
    theme_names = {th.code: getattr(th, lang) for th in d.themes}
    many = len(d.regions) > frames.DEFAULT_REGIONS
    if many:  # at scale, the list reads in groups (province, then level) and each name says where it is
        region_names = {r.id: t("region_option", lang, name=getattr(r, f"short_{lang}"),
                                province=getattr(r, f"province_{lang}"), level=LEVEL[lang][r.level])
                        for r in d.regions}
        options = frames.regions_by_province(d, lang)
    else:
        region_names = {r.id: getattr(r, f"short_{lang}") for r in d.regions}
        options = list(region_names)
    with st.sidebar:
        st.subheader(t("filters", lang))
        state.bound(st.multiselect, "themes", t("themes", lang), options=list(theme_names),
                    format_func=theme_names.get, placeholder=t("all", lang), help=t("themes_help", lang))
        state.bound(st.multiselect, "regions", t("regions", lang), options=options,
                    format_func=region_names.get, placeholder=t("all", lang), help=t("regions_help", lang))
        for key, entries in (("instruments", d.instruments), ("target_groups", d.target_groups)):
            entry_names = {e.id: pick(e, "name", lang) for e in entries}
            state.bound(st.multiselect, key, t(key, lang), options=list(entry_names), format_func=entry_names.get,
                        placeholder=t("all", lang), help=t(f"{key}_help", lang))
        if many:
            provinces = sorted({getattr(r, f"province_{lang}") for r in d.regions})
            st.selectbox(t("add_province", lang), options=provinces, index=None, key="w_add_province",
                         placeholder=t("add_province_placeholder", lang), on_change=_add_province, args=(d, lang))
        st.button(t("reset", lang), on_click=_reset, icon=":material/restart_alt:", key="reset_filters")
        st.caption(t("share_link", lang))


def _add_province(dataset, lang: str) -> None:
    province = st.session_state.pop("w_add_province", None)
    if province:
        chosen = list(st.session_state.get("regions", []))
        chosen += [r.id for r in dataset.regions if getattr(r, f"province_{lang}") == province and r.id not in chosen]
        state.set_value("regions", chosen)


def chart_view(data: AppData, view: ViewState) -> tuple[ViewState, str]:
    """The view the chart pages draw: with many regions and none chosen, a small default selection, and a
    line saying what is shown and how to change it ("" when the view is the user's own)."""
    d = data.dataset
    if view.regions or len(d.regions) <= frames.DEFAULT_REGIONS:
        return view, ""
    chosen = frames.default_regions(data.measures)
    names = join_list((getattr(d.region(r), f"short_{view.lang}") for r in chosen), view.lang)
    note = t("default_regions_note", view.lang, total=len(d.regions), n=len(chosen), names=names)
    return replace(view, regions=tuple(chosen)), note


def _reset() -> None:
    for key in state.FILTER_KEYS:
        state.set_value(key, state.DEFAULTS[key])


def language_switch() -> str:
    ss = st.session_state
    if ss.get("w_lang") not in LANGS:
        ss["w_lang"] = ss.get("lang") if ss.get("lang") in LANGS else DEFAULT_LANG

    def keep() -> None:
        if ss.get("w_lang") in LANGS:
            ss["lang"] = ss["w_lang"]
        else:  # a click on the active button clears a segmented control: the language stays as it was
            ss["w_lang"] = ss.get("lang") if ss.get("lang") in LANGS else DEFAULT_LANG

    with st.sidebar:
        chosen = st.segmented_control("语言 / Language", options=list(LANGS), key="w_lang", on_change=keep,
                                      format_func={"zh": "中文", "en": "English"}.get, label_visibility="collapsed",
                                      selection_mode="single")
    lang = chosen if chosen in LANGS else ss.get("lang", DEFAULT_LANG)
    ss["lang"] = lang = lang if lang in LANGS else DEFAULT_LANG
    if st.session_state.get("_drawn_lang", lang) != lang:
        # every other widget's label and option names change with the language: draw them anew from the state
        state.redraw_widgets()
    st.session_state["_drawn_lang"] = lang
    return lang


def show_notices(notices: list[Notice], lang: str) -> None:
    for notice in notices:
        st.warning(t("notice_ignored", lang, param=escape_markdown(notice.param), value=escape_markdown(notice.value)),
                   icon=":material/link_off:")


def page_links(pages: list, view: ViewState, lang: str) -> None:
    """The navigation: links that carry the whole view, so a page visit is one history entry (Streamlit's own
    menu drops the query and the view would be written back as a second entry) and Back restores it."""
    params = to_query_params(view)
    st.caption(t("navigation", lang))
    for page in pages:
        st.page_link(page, query_params=params)


def drilldown_banner(data: AppData, view: ViewState) -> None:
    """After the Overview's drill-down: which filters it set, and an undo back to the ones before."""
    done = state.drilldown()
    if not done:
        return
    target, previous = done["target"], done["previous"]
    text = t("drilldown_banner", view.lang, filters=escape_markdown(subtitle(data, target)))
    if previous.keyword or previous.statuses:
        text += " " + t("drilldown_cleared", view.lang)
    with st.container(border=True):
        st.info(text, icon=":material/filter_alt:")
        st.button(t("drilldown_undo", view.lang), key="drilldown_undo", on_click=state.undo_drilldown,
                  icon=":material/undo:")


def names(codes: tuple[str, ...], mapping: dict[str, str], lang: str) -> str:
    return join_list((mapping[c] for c in codes), lang) if codes else t("all", lang)


def subtitle(data: AppData, view: ViewState) -> str:
    """'主题：人才｜地区：绵阳、宁夏' — names the active filters inside every chart (and in every export)."""
    return frames.filters_subtitle(data.dataset, view.filters, view.lang)


def subtitle_markdown(data: AppData, view: ViewState) -> str:
    """The subtitle for st.markdown: it holds the keyword, which may come from a link."""
    return escape_markdown(subtitle(data, view))


def no_figures_message(data: AppData, view: ViewState, region_name: str) -> str:
    """'巴中没有人才方面的数据。' names the themes; without a theme filter: '巴中没有量化数据。' (Markdown, escaped)."""
    region_name = escape_markdown(region_name)
    if not view.themes:
        return t("no_figures_region", view.lang, region=region_name)
    themes = names(view.themes, {th.code: getattr(th, view.lang) for th in data.dataset.themes}, view.lang)
    return t("no_figures_for", view.lang, region=region_name, themes=escape_markdown(themes))


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "chart"


def on_phone() -> bool:
    """A phone's browser says so in its User-Agent ('Mobi'); the server has no other view of the screen."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # no request behind this run (AppTest, scripts)
        return False
# Plotly's own labels (the chart toolbar's tooltips) in Chinese: plotly.js takes a locale dictionary in its config
# (`locales`), so no locale script has to be loaded. Streamlit's own chart toolbar (full screen) is not configurable.
PLOTLY_LOCALES = {"zh": {"zh-CN": {"dictionary": {
    "Download plot as a png": "下载图表（PNG）",
    "Download plot as a PNG": "下载图表（PNG）",  # the wording of newer plotly.js
    "Download plot": "下载图表",
    "Toggle Spike Lines": "显示/隐藏辅助线",
    "Show closest data on hover": "悬停时显示最近的数据",
    "Compare data on hover": "悬停时比较数据",
    "Reset axes": "重置坐标轴",
    "Autoscale": "自动缩放",
    "Zoom": "缩放",
    "Pan": "平移",
    "Produced with Plotly.js": "由 Plotly.js 生成",
    "Double-click to zoom back out": "双击恢复原始大小",
    "Click to enter Colorscale title": "点击输入色标标题",
    "Click to enter Plot title": "点击输入图表标题",
}, "format": {"decimal": ".", "thousands": ","}}}}


def plotly_locale(lang: str) -> dict:
    """The part of a Plotly config that puts its own labels into the interface language ({} for English)."""
    locales = PLOTLY_LOCALES.get(lang)
    return {"locale": next(iter(locales)), "locales": locales} if locales else {}


def show_chart(fig: go.Figure, key: str, name: str, view: ViewState, **kwargs):
    """Plotly chart whose camera button saves a 2× PNG named after the chart, filters and date."""
    parts = [name, "-".join(view.themes) or "all-themes", "-".join(view.regions) or "all-regions",
             date.today().isoformat()]
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": slug("_".join(parts))},
        # camera and full screen stay; zooming a bar chart of a dozen values only loses the labels
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                                   "resetScale2d"],
        **plotly_locale(view.lang),
    }
    return st.plotly_chart(fig, key=key, config=config, width="stretch", **kwargs)


def figure_cards(rows, lang: str, columns: int = 3) -> None:
    """Figures (rows from frames.labelled_figures) as cards: name, value with qualifier and unit, then scope, kind and time;
    the source sentence on hover. Long values wrap instead of being cut off."""
    slots = st.columns(columns)
    for index, row in enumerate(rows.to_dict("records")):
        with slots[index % columns].container(border=True):
            st.markdown(f"<div style='font-size:0.85rem;color:#555;line-height:1.3'>{html.escape(row['name'])}</div>"
                        f"<div style='font-size:1.55rem;font-weight:600;line-height:1.3;margin:2px 0'>"
                        f"{html.escape(row['value_label'])}</div>", unsafe_allow_html=True,
                        help=escape_markdown(f"{row['as_printed']} — “{row['quote'].strip()}”"))
            scope = f"{row['scope_label']} · " if row["scope"] != "region" else ""
            st.caption(escape_markdown(f"{scope}{KIND[lang][row['kind']]} · {row['time_label']}"))


def change_cards(rows, lang: str, columns: int = 2) -> None:
    """One indicator read at two points (rows from frames.changes_over_time): '68% → 77.8%', and under it when
    each was read ('2023年初 → 截至2023年10月'), with both source sentences on hover."""
    slots = st.columns(columns)
    for index, row in enumerate(rows.to_dict("records")):
        with slots[index % columns].container(border=True):
            st.markdown(f"<div style='font-size:0.85rem;color:#555;line-height:1.3'>{html.escape(row['name'])}</div>"
                        f"<div style='font-size:1.45rem;font-weight:600;line-height:1.3;margin:2px 0'>"
                        f"{html.escape(row['before_value'])} → {html.escape(row['after_value'])}</div>",
                        unsafe_allow_html=True,
                        help=escape_markdown(f"“{row['before_quote'].strip()}” → “{row['after_quote'].strip()}”"))
            scope = f"{row['scope_label']} · " if row["scope_label"] else ""
            st.caption(escape_markdown(f"{scope}{row['before_time']} → {row['after_time']}"))


def page_context() -> tuple[AppData, ViewState]:
    """What every page starts from: the (cached) data and the current view."""
    view = state.current()
    return load_app_data(view.lang), view


# Printing a page gives the page, not the app: no sidebar, header or export panel, charts at the paper's width.
# Phones: the wide layout's columns stack, and chart labels get the room they need.
PAGE_STYLE = """
<style>
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], .st-key-export_panel, .modebar { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  .js-plotly-plot, .stPlotlyChart { break-inside: avoid; max-width: 100% !important; }
}
/* the element holding the script below takes no room on the page */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.6rem !important; padding-right: 0.6rem !important; }
}
</style>
"""
# Phones: the sidebar covers the page, and Streamlit closes it after its own navigation but not after a page
# link's; close it when one of our sidebar links is followed on a narrow screen. (Streamlit's md breakpoint.)
CLOSE_SIDEBAR_ON_NAVIGATION = """
<script>
(() => {
  if (window.dashboardClosesSidebar) return;
  window.dashboardClosesSidebar = true;
  const narrow = window.matchMedia("(max-width: 767.98px)");
  document.addEventListener("click", (event) => {
    const link = event.target.closest('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]');
    if (!link || !narrow.matches) return;
    const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) setTimeout(() => close.click(), 0);
  }, true);
})();
</script>
"""


def page_style() -> None:
    """The app's own CSS and script (static text, nothing from a user or a file)."""
    st.html(PAGE_STYLE)
    st.html(CLOSE_SIDEBAR_ON_NAVIGATION, unsafe_allow_javascript=True)
