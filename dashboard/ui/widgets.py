"""Reusable widgets: the shared sidebar, chart display, notices and the subtitle naming the filters."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from urllib.parse import quote_plus, urlencode

import plotly.graph_objects as go
import streamlit as st

from dashboard.analysis import frames
from dashboard.analysis.frames import KEYWORD_MAX
from dashboard.data.bilingual import Bilingual
from dashboard.data.sources import figure_ref, measure_ref
from dashboard.data.text import escape_markdown
from dashboard.i18n import DEFAULT_LANG, LANGS, LEVEL, PLOTLY, QUALIFIER_NAMES, STATUS, join_list, kind_name, t
from dashboard.ui import state
from dashboard.ui.data import AppData, load_app_data
from dashboard.ui.pages import PAGE_FILES, PAGES
from dashboard.ui.url_state import Notice, ViewState, to_query_params


def sidebar_filters(data: AppData, lang: str) -> None:
    d = data.dataset
    theme_names = d.names("themes", lang)
    many = len(d.regions) > frames.DEFAULT_REGIONS
    if many:  # at scale, the list reads in groups (province, then level) and each name says where it is
        region_names = {r.id: t("region_option", lang, name=r.short.text(lang), province=r.province.text(lang),
                                level=LEVEL[lang][r.level])
                        for r in d.regions}
        options = frames.regions_by_province(d, lang)
    else:
        region_names = d.names("regions", lang, "short")
        options = list(region_names)
    # No "Select all" row: nothing chosen already means all, and with it first in the list, typing part of a name
    # and pressing Enter would choose every match (66 regions for "宁" at 100×) instead of the first.
    with st.sidebar:
        st.subheader(t("filters", lang))
        state.bound(st.multiselect, "themes", t("themes", lang), options=list(theme_names),
                    format_func=theme_names.get, placeholder=t("all", lang), help=t("themes_help", lang),
                    select_all=False)
        state.bound(st.multiselect, "regions", t("regions", lang), options=options,
                    format_func=region_names.get, placeholder=t("all", lang), help=t("regions_help", lang),
                    select_all=False)
        for key in ("instruments", "target_groups"):
            entry_names = d.names(key, lang)
            state.bound(st.multiselect, key, t(key, lang), options=list(entry_names), format_func=entry_names.get,
                        placeholder=t("all", lang), help=t(f"{key}_help", lang), select_all=False)
        if many:
            provinces = sorted({r.province.text(lang) for r in d.regions})
            st.selectbox(t("add_province", lang), options=provinces, index=None, key="w_add_province",
                         placeholder=t("add_province_placeholder", lang), on_change=state.callback(_add_province),
                         args=(d, lang))
        st.button(t("reset", lang), on_click=state.callback(_reset), icon=":material/restart_alt:", key="reset_filters")
        copy_link(lang, "sidebar")


def search_box(lang: str, page: str) -> None:
    """The one search box (in the sidebar; at the top of the search page): Enter or the button shows the results."""
    ss = st.session_state
    if "w_find" not in ss:
        ss["w_find"] = ss.get("find", "")

    def submitted() -> None:
        ss["find"] = str(ss.get("w_find", "")).strip()[:KEYWORD_MAX]
        ss["_go_search"] = True

    with st.form("search_form", border=False, enter_to_submit=True):
        st.text_input(t("search", lang), key="w_find", placeholder=t("search_placeholder", lang),
                      help=t("search_help", lang), max_chars=KEYWORD_MAX)
        st.form_submit_button(t("search_button", lang), icon=":material/search:", on_click=state.callback(submitted))
    if ss.pop("_go_search", False) and page != "search":
        st.switch_page(PAGE_FILES["search"], query_params=to_query_params(state.current(), "search"))


# A copy button in the page itself (st.html runs its script in the page, not in a frame), so it copies the
# address bar as it is when clicked: the current view. Without a clipboard (a page served over plain http to
# another machine), it shows the address selected, ready for Ctrl+C. Static text only: no data in it.
COPY_LINK = """
<div class="copy-link" data-copy-link="{key}">
<button type="button" class="copy-link-button" aria-label="{label}">{label}</button>
<span class="copy-link-status" role="status" aria-live="polite"></span>
<input class="copy-link-url" type="text" readonly aria-label="{label}" style="display:none">
</div>
<style>
.copy-link-button {{ font: inherit; font-size: 0.9rem; padding: 0.3rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.2); background: #fff; cursor: pointer; }}
.copy-link-button:hover {{ border-color: #ff4b4b; color: #ff4b4b; }}
.copy-link-status {{ margin-left: 0.5rem; font-size: 0.85rem; color: #555; }}
.copy-link-url {{ width: 100%; margin-top: 0.4rem; font-size: 0.8rem; }}
</style>
<script>
(function () {{
  const box = document.currentScript && document.currentScript.parentElement.querySelector('[data-copy-link]')
    || document.querySelector('[data-copy-link="{key}"]');
  if (!box) return;
  const button = box.querySelector('button'), status = box.querySelector('.copy-link-status'),
        field = box.querySelector('input');
  function showField() {{
    field.value = window.location.href; field.style.display = 'block'; field.focus(); field.select();
    status.textContent = {manual};
  }}
  button.addEventListener('click', function () {{
    const url = window.location.href;
    box.dataset.copied = url;
    if (navigator.clipboard && window.isSecureContext) {{
      navigator.clipboard.writeText(url).then(function () {{
        field.value = url; field.style.display = 'none'; status.textContent = {done};
      }}, showField);
    }} else {{ showField(); }}
  }});
}})();
</script>
"""


def copy_link(lang: str, key: str) -> None:
    """The "复制链接 / Copy link" button: puts the current view's full URL on the clipboard."""
    st.html(COPY_LINK.format(key=key, label=html.escape(t("copy_link", lang)),
                             done=json.dumps(t("copy_link_done", lang)), manual=json.dumps(t("copy_link_manual", lang))),
            unsafe_allow_javascript=True)


def _add_province(dataset, lang: str) -> None:
    province = st.session_state.pop("w_add_province", None)
    if province:
        chosen = list(st.session_state.get("regions", []))
        chosen += [r.id for r in dataset.regions if r.province.text(lang) == province and r.id not in chosen]
        state.set_value("regions", chosen)


def chart_view(data: AppData, view: ViewState) -> tuple[ViewState, str]:
    """The view the chart pages draw: with many regions and none chosen, a small default selection, and a
    line saying what is shown and how to change it ("" when the view is the user's own)."""
    d = data.dataset
    if view.filters.regions or len(d.regions) <= frames.DEFAULT_REGIONS:
        return view, ""
    chosen = frames.default_regions(data.measures)
    names = join_list((d.region(r).short.text(view.lang) for r in chosen), view.lang)
    note = t("default_regions_note", view.lang, total=len(d.regions), n=len(chosen), names=names)
    return view.updated(regions=tuple(chosen)), note


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
        chosen = st.segmented_control(t("language", DEFAULT_LANG), options=list(LANGS), key="w_lang",
                                      on_change=state.callback(keep),
                                      format_func=lambda code: t("language_name", code), label_visibility="collapsed",
                                      selection_mode="single")
    lang = chosen if chosen in LANGS else ss.get("lang", DEFAULT_LANG)
    ss["lang"] = lang = lang if lang in LANGS else DEFAULT_LANG
    if st.session_state.get("_drawn_lang", lang) != lang:
        # every other widget's label and option names change with the language: draw them anew from the state
        state.redraw_widgets()
    st.session_state["_drawn_lang"] = lang
    return lang


def show_notices(notices: list[Notice], lang: str) -> None:
    """One warning per link parameter that was (partly) ignored, whatever the number of its values."""
    for notice in notices:
        param, value = escape_markdown(notice.param), escape_markdown(notice.value)
        if not notice.param:
            text = t("notices_more", lang, n=notice.count)
        elif notice.count > 1:
            text = t("notices_ignored", lang, param=param, n=notice.count, values=value)
        else:
            text = t("notice_ignored", lang, param=param, value=value)
        st.warning(text, icon=":material/link_off:")


def page_links(pages: list, view: ViewState, lang: str) -> None:
    """The navigation: links that carry the whole view, so a page visit is one history entry (Streamlit's own
    menu drops the query and the view would be written back as a second entry) and Back restores it."""
    st.caption(t("navigation", lang))
    for spec, page in zip(PAGES, pages, strict=True):
        if spec.menu:
            st.page_link(page, query_params=to_query_params(view, spec.key))


def drilldown_banner(data: AppData, view: ViewState) -> None:
    """After the Overview's drill-down: which filters it set, and an undo back to the ones before."""
    done = state.drilldown()
    if not done:
        return
    target, previous = done["target"], done["previous"]
    text = t("drilldown_banner", view.lang, filters=escape_markdown(subtitle(data, target)))
    if previous.filters.keyword or previous.filters.statuses:
        text += " " + t("drilldown_cleared", view.lang)
    with st.container(border=True):
        st.info(text, icon=":material/filter_alt:")
        st.button(t("drilldown_undo", view.lang), key="drilldown_undo",
                  on_click=state.callback(state.undo_drilldown),
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
    if not view.filters.themes:
        return t("no_figures_region", view.lang, region=region_name)
    themes = names(view.filters.themes, data.dataset.names("themes", view.lang), view.lang)
    return t("no_figures_for", view.lang, region=region_name, themes=escape_markdown(themes))


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "chart"


def on_phone() -> bool:
    """A phone's browser says so in its User-Agent ('Mobi'); the server has no other view of the screen."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # no request behind this run (AppTest, scripts)
        return False
def plotly_locale(lang: str) -> dict:
    """The part of a Plotly config that puts its own labels (the chart toolbar's tooltips) into the interface
    language: plotly.js takes a locale dictionary in its config (`locales`), so no locale script has to be loaded
    ({} for English, Plotly's own). Streamlit's own chart toolbar (full screen) is not configurable."""
    plotly = PLOTLY[lang]
    if not plotly["locale"]:
        return {}
    return {"locale": plotly["locale"], "locales": {plotly["locale"]: {
        "dictionary": plotly["dictionary"], "format": {"decimal": ".", "thousands": ","}}}}


def show_chart(fig: go.Figure, key: str, name: str, view: ViewState, **kwargs):
    """Plotly chart whose camera button saves a 2× PNG named after the chart, filters and date."""
    parts = [name, "-".join(view.filters.themes) or "all-themes", "-".join(view.filters.regions) or "all-regions",
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


def _card_head(name: str, value: str, hover: str, *, kind: str, key: str) -> None:
    """A card's name and value, its source text on hover: Markdown escaped by text.py (all three come from the
    dataset), never an HTML block, which a blank line in the text would end. PAGE_STYLE sizes the two paragraphs
    of a `cardhead-<kind>` container (kind: figure or change)."""
    with st.container(key=f"cardhead-{kind}-{slug(key)}"):
        st.markdown(f"{escape_markdown(name)}\n\n{escape_markdown(value)}", help=escape_markdown(hover))


def card_grid(count: int, columns: int) -> Iterator:
    """Bordered cards `columns` to a row, row by row: a phone stacks them in reading order (1, 2, 3, 4 … not 1, 4, 7
    …), and a printed page breaks between rows, not through a card."""
    for start in range(0, count, columns):
        row = st.columns(columns)
        for index in range(min(columns, count - start)):
            yield row[index].container(border=True)


def figure_cards(rows: list[dict], lang: str, columns: int = 3, view: ViewState | None = None) -> None:
    """Figures (records of frames.labelled_figures) as cards: name, value with qualifier and unit, then scope, kind
    and time; the source sentence on hover and, given the view, a link to it in the source. Long values wrap."""
    for row, card in zip(rows, card_grid(len(rows), columns), strict=True):
        with card:
            _card_head(row["name"], row["value_label"], f"{row['as_printed']} — “{row['quote'].strip()}”",
                       kind="figure", key=row["figure_id"])
            scope = f"{row['scope_label']} · " if row["scope"] != "region" else ""
            st.caption(escape_markdown(f"{scope}{kind_name(row['kind'], row['unit'], lang)} · {row['time_label']}"))
            if view is not None:  # the quote's own digest is found from the reference
                st.page_link(PAGE_FILES["source"], label=t("view_in_source", lang), icon=":material/format_quote:",
                             query_params=source_params(view, None, figure_ref(row["figure_id"])))


def source_params(view: ViewState, source_id: str | None, ref: str) -> dict[str, str]:
    """The query of the source page showing `source_id` with the quote `ref` highlighted."""
    return to_query_params(replace(view, source=source_id, quote=ref), "source")


def source_url(view: ViewState, source_id: str, ref: str) -> str:
    """The same as a relative URL, for a table's link column (every page is one path segment deep)."""
    return source_urls(view, [(source_id, ref)])[0]


def source_urls(view: ViewState, quotes: Iterable[tuple[str, str]]) -> list[str]:
    """source_url for many (source id, reference) pairs: the view's part of the query is encoded once, and only
    each pair's own part per link (About links each of a large dataset's tens of thousands of left-out numbers)."""
    base = source_params(view, None, "")
    for own in ("src", "quote"):  # each link's own
        base.pop(own, None)
    prefix = "source?" + (urlencode(base) + "&" if base else "")
    return [f"{prefix}src={quote_plus(source_id)}&quote={quote_plus(ref)}" for source_id, ref in quotes]


def source_link(view: ViewState, source_id: str, ref: str) -> None:
    """"在原文中查看": the source page, this quote highlighted and scrolled to."""
    st.page_link(PAGE_FILES["source"], label=t("view_in_source", view.lang), icon=":material/format_quote:",
                 query_params=source_params(view, source_id, ref))


def measure_quote_link(data: AppData, view: ViewState, measure_id: str) -> None:
    """The link under a measure's quote: the sentence in its source, highlighted."""
    region, measure = data.dataset.measures_by_id[measure_id]
    source_link(view, measure.source or region.source, measure_ref(measure_id))


def measure_detail(data: AppData, view: ViewState, measure_id: str, heading: str = "subheader") -> None:
    """One measure: title, region, status, themes, summary, its quote (with a link to it in the source) and its
    figures with scope, time and a link to each figure's sentence in the source."""
    d, lang = data.dataset, view.lang
    region, measure = d.measures_by_id[measure_id]
    theme_names = d.names("themes", lang)
    getattr(st, heading)(escape_markdown(measure.title.text(lang)))
    st.caption(escape_markdown(f"{region.short.text(lang)} · {STATUS[lang][measure.status]} · "
                               + " · ".join(theme_names[c] for c in measure.themes)))
    st.caption(escape_markdown(
        t("instruments_of", lang, names=frames.category_names(d, "instruments", measure.instruments, lang))
        + " · " + t("target_groups_of", lang, names=frames.category_names(d, "target_groups", measure.target_groups,
                                                                          lang))))
    st.markdown(escape_markdown(measure.summary.text(lang)))
    st.markdown(f"**{t('quote', lang)}**")
    st.markdown("> " + escape_markdown(measure.quote.strip().replace("\n", "")))
    measure_quote_link(data, view, measure.id)
    figs = data.figures[data.figures["measure_id"] == measure_id]
    if figs.empty:
        st.caption(t("no_figures", lang))
        return
    st.dataframe(
        frames.labelled_figures(figs, d, lang).assign(
            qualifier_name=figs["qualifier"].map(QUALIFIER_NAMES[lang]),
            kind_name=[kind_name(k, u, lang) for k, u in zip(figs["kind"], figs["unit"], strict=True)],
            note=figs[Bilingual.column("note", lang)],
            source_link=[source_url(view, region.source, figure_ref(f)) for f in figs["figure_id"]],
        )[["name", "value_label", "scope_label", "time_label", "kind_name", "qualifier_name", "as_printed",
           "source_link", "quote", "note"]],
        hide_index=True, width="stretch", key=f"measure_figures_{measure_id}",
        column_config={
            "name": t("indicator", lang), "value_label": t("value", lang),
            "as_printed": t("as_printed", lang), "qualifier_name": t("qualifier", lang),
            "kind_name": t("kind", lang), "time_label": t("time_col", lang), "scope_label": t("scope_col", lang),
            "quote": st.column_config.TextColumn(t("quote", lang), width="large"), "note": t("note", lang),
            "source_link": source_link_column(lang),
        },
    )


def source_link_column(lang: str):
    """A table column of links to each row's sentence in the source."""
    return st.column_config.LinkColumn(t("in_source", lang), display_text=t("in_source_link", lang), width="small")


def citation(source, lang: str) -> None:
    """The citation, then what is known of the issue and what is not: the source's own wording is kept, and a
    missing issue number or date is said to be missing, never guessed."""
    not_given = t("not_given", lang)
    st.markdown(f"{t('about_citation', lang)}: {escape_markdown(source.citation.text(lang))}")
    st.markdown("\n".join([
        f"- {t('publisher', lang)}: {escape_markdown(source.publisher.text(lang))}",
        f"- {t('source_issue', lang)}: {escape_markdown(source.issue) if source.issue else not_given}",
        f"- {t('source_date', lang)}: {escape_markdown(source.date) if source.date else not_given}",
        f"- {t('covers', lang)}: {escape_markdown(source.covers.text(lang))}",
        f"- {t('source_file_label', lang)}: {escape_markdown(f'data/{source.file}')}",
    ]))


def change_cards(rows, lang: str, columns: int = 2) -> None:
    """One indicator read at two points (rows from frames.changes_over_time): '68% → 77.8%', and under it when
    each was read ('2023年初 → 截至2023年10月'), with both source sentences on hover."""
    records = frames.records(rows)
    for index, (row, card) in enumerate(zip(records, card_grid(len(records), columns), strict=True)):
        with card:
            _card_head(row["name"], f"{row['before_value']} → {row['after_value']}",
                       f"“{row['before_quote'].strip()}” → “{row['after_quote'].strip()}”", kind="change",
                       key=f"{row['region_id']}-{index}")
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
  [class*="st-key-"][class*="basket"] { display: none !important; }  /* "add to briefing" buttons */
  [data-testid="stHorizontalBlock"] { break-inside: avoid; }  /* a row of region cards stays on one sheet */
}
/* a card's name and value (_card_head), and the profile's headline: Markdown, sized here */
[class*="st-key-cardhead-"] p { line-height: 1.3; margin: 0 0 2px 0; }
[class*="st-key-cardhead-"] p:first-child { font-size: 0.85rem; color: #555; }
[class*="st-key-cardhead-"] p:last-child { font-weight: 600; }
[class*="st-key-cardhead-figure-"] p:last-child { font-size: 1.55rem; }
[class*="st-key-cardhead-change-"] p:last-child { font-size: 1.45rem; }
.st-key-profile_headline p { font-size: 1.2rem; line-height: 1.5; }
/* the benchmark's upload states its own limit (64 KB) in its label: not also the server's door limit */
.st-key-bench_upload_box [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
/* Measures: the table's toolbar (shown above its top-right corner) clears the "open a measure" box's chevron */
[class*="st-key-measures_table_"] { margin-top: 1.6rem; }
/* Streamlit's "Press Enter to apply / submit form" under a text box is English only: Enter still works */
[data-testid="InputInstructions"] { display: none !important; }
/* the element holding the script below takes no room on the page */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.6rem !important; padding-right: 0.6rem !important; }
}
/* Side by side: a cell's region name is for stacked columns (Streamlit stacks them at 640 px and below) */
@media (min-width: 641px) {
  [class*="st-key-sbs_cell_region_"] { display: none !important; }
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


# Printing: a chart keeps the width it was drawn at on screen (Plotly draws at a fixed size), and the paper is
# narrower; while the page is laid out for print, each chart wider than its place is scaled down to fit it.
FIT_CHARTS_TO_PAPER = """
<script>
(() => {
  if (window.dashboardFitsChartsToPaper) return;
  window.dashboardFitsChartsToPaper = true;
  const fit = (printing) => {
    for (const chart of document.querySelectorAll(".stPlotlyChart .js-plotly-plot")) {
      chart.style.zoom = "";
      const room = chart.parentElement.getBoundingClientRect().width;
      if (printing && chart.scrollWidth > room + 1) chart.style.zoom = String(room / chart.scrollWidth);
    }
  };
  matchMedia("print").addEventListener("change", (event) => fit(event.matches));
  addEventListener("afterprint", () => fit(false));
})();
</script>
"""


def page_style() -> None:
    """The app's own CSS and scripts (static text, nothing from a user or a file)."""
    st.html(PAGE_STYLE)
    st.html(CLOSE_SIDEBAR_ON_NAVIGATION, unsafe_allow_javascript=True)
    st.html(FIT_CHARTS_TO_PAPER, unsafe_allow_javascript=True)
