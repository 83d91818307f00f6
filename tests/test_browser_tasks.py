"""What a person does, in a real headless Chromium: hostile links, concurrent sessions, print, a phone, the
instruments, search, benchmark and basket journeys, and that no request leaves the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n import t
from dashboard.ui.url_state import NOTICES_MAX
from tests.browser import (
    _free_port,
    assert_no_error_box,
    expect_tags,
    nav,
    playwright_api,
    screenshot,
    svg_texts,
    tab_to,
    wait_idle,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


# links with text that a browser could take for markup, a link or a script (links that only have to open a working
# page — an odd language, repeated parameters, numbers that crashed every page, 3,000 unknown codes — run under
# AppTest: tests/test_pages.py, test_odd_links_open_a_working_page and test_crafted_number_links_…)
HOSTILE_LINKS = [
    "/?[Session expired PWN, click here](https://example.com/x)=1",
    "/?%5BPWN%5D(javascript:alert(1))=1",
    "/measures?q=[PWN click](https://example.com/q)",
    "/measures?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3EPWN",
    "/measures?q=**PWN** _PWN_ `PWN` $PWN$ :red[PWN]",
    "/measures?q=https://example.com/PWN",
    "/measures?q=www.PWN.example.com",
    "/profile?region=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3EPWN",
    "/?themes=%3Cb%3EPWN%3C%2Fb%3E&regions=**PWN**",
    "/compare?regions=mianyang,,,,&themes=,&status=,PWN",
    "/measures?q=" + "PWN" * 2000,
    "/?" + "PWN" * 1000 + "=" + "v" * 3000,
    "/measures?q=%00%01%0A%0D%1BPWN%E2%80%AE",
    "/?utm_source=PWN&fbclid=PWN",
    "/nosuchpage?q=PWN",
    "/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/about?q=%F0%9F%98%80PWN&region=%E2%80%AE",
    "/measure?m=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3EPWN",
    "/source?quote=[PWN](https://example.com/x)&src=%3Cb%3EPWN%3C%2Fb%3E",
    "/search?find=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E**PWN**",
    "/?cell=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E.talent&ind=PWN",
]

# elements that markup, a link or a script taken from the URL would create


MARKUP = "a, b, strong, em, i, u, s, del, code, pre, img, script, iframe, h1, h2, h4, h5, h6, li, table, .katex"


@pytest.mark.parametrize("link", HOSTILE_LINKS, ids=range(len(HOSTILE_LINKS)))
def test_hostile_and_malformed_links_open_a_working_page(server, server_log, page, link):
    seen = server_log.stat().st_size
    page.goto(server + link)
    page.locator("h1").first.wait_for(timeout=20_000)
    wait_idle(page, charts=False)
    # (a path that is no page gets Streamlit's own "Page not found" notice over the main page, which runs)
    assert page.locator("[data-testid='stException']").count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert t("page_failed", "zh") not in body and t("page_failed", "en") not in body
    assert t("link_failed", "zh") not in body  # read by the rules, not caught by the last resort
    assert page.locator("[data-testid='stAlertContentWarning']").count() <= NOTICES_MAX  # one per parameter at most
    assert page.evaluate("window.__pwned") is None
    origin = server
    outside = page.eval_on_selector_all(
        "[data-testid='stApp'] a[href]", "(els, origin) => els.map(e => e.href).filter(h => !h.startsWith(origin))",
        origin)
    assert outside == [], outside
    # (the navigation's own links carry the query in their href, encoded; their text is the page's name)
    taken = page.eval_on_selector_all(
        MARKUP, "els => els.filter(e => e.textContent.includes('PWN') || e.tagName !== 'A' && "
                "e.outerHTML.includes('PWN')).map(e => e.outerHTML.slice(0, 120))")
    assert taken == [], taken
    with server_log.open() as out:
        out.seek(seen)
        assert "Traceback" not in out.read()


def test_a_dotted_path_gives_a_blank_page_and_leaks_nothing(server, page):
    """Streamlit's frontend takes the first of two path segments for its base path and never reaches the app's
    server with `/measures/../../etc/passwd`: the app cannot route that, but the page must leak nothing."""
    response = page.goto(server + "/measures/../../etc/passwd")
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    html = page.content()
    assert "root:" not in html and "/bin/" not in html  # /etc/passwd's lines
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.evaluate("window.__pwned") is None


SESSIONS = [
    ("zh", "themes=funding&regions=quzhou&status=achieved", ["资金与金融", "衢州"], "总览", "区域科创举措对比看板"),
    ("en", "lang=en&regions=mianyang,ningxia", ["Mianyang", "Ningxia"], "Overview",
     "Regional Innovation Measures Dashboard"),
]


WALK = {"zh": ["对比", "举措库", "总览"], "en": ["Compare", "Measures", "Overview"]}  # charts, a table, and back


def test_concurrent_sessions_keep_their_own_filters_and_language(server, context, page):
    """Two sessions (two tabs: each its own Streamlit session), each with its own filters and language."""
    pages = [page, context.new_page()]
    try:
        for tab, (_, query, *_rest) in zip(pages, SESSIONS, strict=True):
            tab.goto(f"{server}/?{query}")
        for step in range(len(WALK["zh"]) + 1):
            if step:  # every session clicks before any is waited for, so the server runs them together
                for tab, (lang, *_rest) in zip(pages, SESSIONS, strict=True):
                    tab.locator("[data-testid='stSidebar']").get_by_role(
                        "link", name=WALK[lang][step - 1], exact=True).click()
            for tab, (lang, query, tags, _, _) in zip(pages, SESSIONS, strict=True):
                tab.locator("h1").first.wait_for(timeout=60_000)
                expect_tags(tab, tags)
                assert_no_error_box(tab)
                assert parse_qs(urlsplit(tab.url).query) == parse_qs(query), (tab.url, query)
                heading = tab.locator("h1").first.inner_text()
                assert any("\u4e00" <= ch <= "\u9fff" for ch in heading) == (lang == "zh"), heading
    finally:
        pages[1].close()


def test_compare_prints_the_page_not_the_app_and_shows_its_table_without_an_inner_scroll_box(server, page, figures):
    page.goto(f"{server}/compare?regions=mianyang,haishu,quzhou")
    wait_idle(page)
    # Issue 24: Compare's table of each region's figures showed 10 of 19 rows in a scroll box
    rows = int(figures["region_id"].isin(["mianyang", "haishu", "quzhou"]).sum())
    box = page.locator("[data-testid='stDataFrame']").last.bounding_box()
    assert rows > 10 and box["height"] >= 35 * (min(rows, 40) + 1), (rows, box)
    # on A4 every chart fits the paper and no briefing button is printed: each chart against its place, while the
    # page is laid out for A4 (after the app's own handler has run)
    page.evaluate("""() => matchMedia("print").addEventListener("change", (event) => {
        if (!event.matches) return;
        window.printed = [...document.querySelectorAll(".stPlotlyChart .js-plotly-plot")].map((chart) => [
            chart.getBoundingClientRect().right, chart.parentElement.getBoundingClientRect().right]);
        window.basketButtons = [...document.querySelectorAll('[class*="st-key-"][class*="basket"]')]
            .filter((el) => el.getBoundingClientRect().height > 0).length;
    })""")
    page.pdf(format="A4")
    printed = page.evaluate("window.printed")
    assert printed and all(chart <= place + 1 for chart, place in printed), printed
    assert page.evaluate("window.basketButtons") == 0
    zooms = page.locator(".stPlotlyChart .js-plotly-plot").evaluate_all("els => els.map(e => e.style.zoom)")
    assert set(zooms) == {""}  # back on screen, at the size drawn
    # printed (as the browser's own print shows it): the page, not the app
    assert page.locator(".st-key-export_panel").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert not page.locator(".st-key-export_panel").is_visible()
    assert page.locator(".js-plotly-plot").first.is_visible()
    page.emulate_media(media="screen")


def test_a_phone_width_page_keeps_its_charts_inside_the_screen(server, phone):
    phone.goto(f"{server}/compare?regions=ningxia,quzhou")
    wait_idle(phone)
    assert_no_error_box(phone)
    widths = phone.locator(".js-plotly-plot").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    assert widths and max(widths) <= 392


# every chart's title, subtitle and legend text with its box, the legend's entries together, and the plot area;
# x relative to the chart's SVG


CHART_BOXES = """els => els.map(el => {
  const svg = el.querySelector('.main-svg').getBoundingClientRect();
  const box = b => ({left: b.left - svg.left, right: b.right - svg.left, top: b.top - svg.top, bottom: b.bottom - svg.top});
  const texts = [...el.querySelectorAll('.gtitle, .gtitle-subtitle, .legendtext')]
    .map(e => ({text: e.textContent, ...box(e.getBoundingClientRect())}));
  const entries = [...el.querySelectorAll('.legend .traces')].map(e => box(e.getBoundingClientRect()));
  const legend = entries.length ? {top: Math.min(...entries.map(b => b.top)),
                                   bottom: Math.max(...entries.map(b => b.bottom))} : null;
  const plots = [...el.querySelectorAll('.draglayer .nsewdrag')].map(e => box(e.getBoundingClientRect()));
  return {width: svg.width, texts, legend, plots};
})"""


def test_on_a_phone_every_benchmark_chart_keeps_its_titles_and_legend_inside_and_off_the_plot(server, iphone):
    # a long region name in the legend and a long indicator name as a title: both must wrap within 390 px
    iphone.goto(f"{server}/benchmark?home=ningxia&peers=quzhou,mianyang,hubaoewu&lang=en")
    wait_idle(iphone)
    assert_no_error_box(iphone)
    # the benchmark in English, for another home than the Chinese one below
    assert iphone.locator("h1").first.inner_text() == "Benchmark"
    texts = " ".join(svg_texts(iphone.locator(".js-plotly-plot text")))
    assert "★ Ningxia" in texts and "Home: Ningxia" in texts
    assert "leads 0 · trails 0 · level 0 · cannot tell 0 · periods differ 1" in iphone.inner_text("body")
    charts = iphone.locator(".js-plotly-plot").evaluate_all(CHART_BOXES)
    # the theme mix; the dataset has no pair of figures these regions report alike (periods differ), so no second
    assert len(charts) == 1
    for chart in charts:
        assert chart["width"] <= 392
        for text in chart["texts"]:
            assert text["left"] >= -1 and text["right"] <= chart["width"] + 1, (text, chart["width"])
        if chart["legend"] is not None:
            assert chart["plots"]
            for plot in chart["plots"]:  # the legend above every plot area, never over the bars
                assert chart["legend"]["bottom"] <= plot["top"] or chart["legend"]["top"] >= plot["bottom"]
    assert charts[0]["legend"] is not None and any("Hohhot" in x["text"] for x in charts[0]["texts"])


def test_on_a_phone_the_sidebar_closes_after_following_a_page_link(server, phone):
    from playwright.sync_api import expect

    phone.goto(f"{server}/?regions=ningxia,quzhou")
    wait_idle(phone)
    sidebar = phone.locator("[data-testid='stSidebar']")
    phone.locator("[data-testid='stExpandSidebarButton']").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    sidebar.get_by_role("link", name="对比").click()
    phone.wait_for_url("**/compare?**")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(phone.locator(".js-plotly-plot").first).to_be_visible()
    assert "regions=ningxia%2Cquzhou" in phone.url or "regions=ningxia,quzhou" in phone.url


# ---------------------------------------------------------------- instruments, side by side, glossary links


def test_instrument_view_lists_who_uses_it_and_opens_them_side_by_side(server, new_tab):
    page = new_tab
    page.goto(f"{server}/instruments")
    wait_idle(page, charts=False)
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for(timeout=30_000)
    start = page.evaluate("history.length")
    tab_to(page, ".st-key-w_focus_instrument input")
    page.keyboard.type("科技特派员")
    page.keyboard.press("Enter")
    page.get_by_text("5 个地区用到").wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    assert "instrument=tech_extension" in page.url
    assert page.evaluate("history.length") == start + 1  # one choice, one history entry
    body = page.inner_text("[data-testid='stMain']")
    assert "选派235名博士或副高以上职称的科研人员结对700家重点企业" in body  # Quzhou's quote, on the page
    assert "所选地区中未见：呼包鄂乌" in body
    assert page.locator("[data-testid='stMain'] blockquote").count() == 11  # one quote per measure using it
    page.get_by_role("link", name="把这些地区并列对照").click()
    page.wait_for_url("**/side_by_side*", timeout=30_000)
    page.get_by_text("海曙 · 4 项").wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    # the four regions with the most such measures (宁夏, tied with 巴中 at one, is named as left out)
    assert "cols=bazhong%2Chaishu%2Cmianyang%2Cquzhou" in page.url and "instrument=tech_extension" in page.url
    # four columns side by side: their headers sit on one line, left to right in the chosen order
    headers = page.locator("[data-testid='stMain'] h3")
    boxes = [headers.nth(i).bounding_box() for i in range(headers.count())]
    assert [headers.nth(i).inner_text() for i in range(4)] == ["巴中 · 1 项", "海曙 · 4 项", "绵阳 · 2 项", "衢州 · 3 项"]
    assert len({round(b["y"]) for b in boxes[:4]}) == 1 and [b["x"] for b in boxes[:4]] == sorted(b["x"] for b in boxes[:4])
    assert page.locator("[data-testid='stMain'] blockquote").count() == 0  # quotes on demand
    page.get_by_text("显示原文").click()
    page.locator("[data-testid='stMain'] blockquote").first.wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    assert page.locator("[data-testid='stMain'] blockquote").count() == 10
    assert_no_error_box(page)


def test_side_by_side_on_talent_aligns_rows_across_regions(server, page):
    page.goto(f"{server}/side_by_side?theme=talent&cols=mianyang,ningxia,haishu&lang=en")
    wait_idle(page, charts=False)
    row = page.get_by_text("Talent programmes, training and awards", exact=True)
    row.wait_for(timeout=30_000)
    # every column's first measure under that row starts at the same height
    row_box = row.bounding_box()
    cards = page.locator("[data-testid='stMain'] [class*='st-key-sbs_']")
    tops = sorted(round(b["y"]) for i in range(cards.count()) if (b := cards.nth(i).bounding_box())
                  and b["y"] > row_box["y"])
    assert len(tops) >= 3 and tops[0] == tops[1] == tops[2], tops
    assert_no_error_box(page)


def test_a_glossary_term_opens_the_measures_that_use_it(server, page, measures):
    from dashboard.analysis import frames

    # the term's own measure and those of the instrument it names (揭榜挂帅与竞赛): what the keyword keeps
    found = frames.filter_frame(measures, frames.Filters(keyword="揭榜挂帅"))
    page.goto(f"{server}/about")
    wait_idle(page, charts=False)
    link = page.get_by_role("link", name=f"揭榜挂帅（{len(found)} 项）")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/measures*", timeout=30_000)
    page.get_by_text(f"共 {len(found)} 项举措").wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    assert "q=%E6%8F%AD%E6%A6%9C%E6%8C%82%E5%B8%85" in page.url  # q=揭榜挂帅
    assert "关键词：揭榜挂帅" in page.inner_text("[data-testid='stMain']")
    tab_to(page, ".st-key-w_measure_pick input")  # open the one measure listed
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("[data-testid='stMain'] blockquote").first.wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    assert page.locator("[data-testid='stMain'] h3").first.inner_text().strip() == found.iloc[0]["title_zh"]
    assert_no_error_box(page)
# find anything, link to anything


def test_the_sidebar_search_finds_things_and_marks_the_words(server, page, measures):
    from dashboard.analysis import frames

    found = len(frames.filter_frame(measures, frames.Filters(keyword="特派员")))
    page.goto(f"{server}/compare")
    wait_idle(page)
    box = page.locator("[data-testid='stSidebar'] input[aria-label='搜索']")
    box.fill("特派员")
    box.press("Enter")
    page.locator("h1", has_text="搜索").wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    assert "/search?" in page.url and "find=" in page.url
    marks = page.locator("[data-testid='stMain'] mark")
    assert marks.count() >= 7 and marks.first.inner_text() == "特派员"
    for group in (f"举措 · {found}", "术语 · ", "未收录的数字 · ", "数据 · "):
        assert page.locator("h3", has_text=group).count() >= 1, group
    assert_no_error_box(page)
    page.locator("[data-testid='stPageLink'] a", has_text="打开举措").first.click()
    page.locator("h1", has_text="举措详情").wait_for(timeout=30_000)
    assert "/measure?m=" in page.url


def test_the_source_view_highlights_the_quote_and_scrolls_to_it(server, page, dataset):
    region = dataset.regions[-1]  # the last region: its quote sits far down the text
    measure = region.measures[-1]
    page.goto(f"{server}/source?quote={measure.id}")
    page.locator("mark.source-quote").wait_for(timeout=60_000)
    wait_idle(page, charts=False)
    mark = page.locator("mark.source-quote")
    assert "".join(mark.inner_text().split()) == "".join(measure.quote.split())
    page.wait_for_function("document.querySelector('mark.source-quote').dataset.scrolled === '1'", timeout=10_000)
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 200) <= 1000, box
    assert page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop") > 300
    body = page.inner_text("body")
    assert "期号: 原文未载" in body and "日期: 原文未载" in body
    assert_no_error_box(page)


def test_copy_link_puts_the_current_views_url_on_the_clipboard(server, context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page.goto(f"{server}/?themes=talent&cell=mianyang.talent")
        wait_idle(page)
        button = page.locator("[data-testid='stSidebar'] button.copy-link-button")
        button.click()
        page.locator("[data-testid='stSidebar'] .copy-link-status", has_text="已复制").wait_for(timeout=10_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.url
        assert "themes=talent" in copied and "cell=mianyang.talent" in copied
    finally:
        context.clear_permissions()


def test_on_a_phone_the_overview_matrix_is_a_table_that_scrolls_sideways(server, iphone):
    iphone.goto(f"{server}/?regions=mianyang,quzhou")
    wait_idle(iphone, charts=False)
    assert_no_error_box(iphone)
    table = iphone.locator(".st-key-overview_matrix_table")
    table.wait_for()
    assert iphone.locator(".st-key-overview_matrix .js-plotly-plot").count() == 0
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 392  # inside the screen; the grid scrolls within


# ---------------------------------------------------------------- benchmark


def test_benchmark_with_a_home_in_the_data_highlights_it_in_every_chart(server, page):
    page.goto(f"{server}/benchmark?home=quzhou&peers=ningxia,mianyang,haishu")
    wait_idle(page)
    assert_no_error_box(page)
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 1  # the theme mix: no figure of Quzhou's shares an axis with a peer's
    for index in range(charts.count()):
        texts = " ".join(svg_texts(charts.nth(index).locator("text")))
        assert "★ 衢州" in texts, texts[:200]
        assert "本地区：衢州" in texts
    # the one pair: Quzhou's Jan–Oct 2023 share beside Ningxia's 2023 level, no verdict (the grid is a canvas: its
    # count)
    assert "领先 0 · 落后 0 · 持平 0 · 难以判断 0 · 时间口径不同 1" in page.inner_text("body")
    assert page.locator("[data-testid='stDataFrame']").count() == 1
    page.get_by_text("科普与民生 — 对标地区中 1/3 个也有").click()
    page.locator("blockquote").first.wait_for(timeout=10_000)
    screenshot(page, "benchmark_quzhou_zh")


def test_benchmark_with_a_home_typed_in_from_an_uploaded_csv(server, page, tmp_path):
    page.goto(f"{server}/benchmark?home=custom&peers=ningxia,quzhou")
    wait_idle(page, charts=False)
    page.get_by_label("本地区名称").fill("<b>某市</b>")
    page.keyboard.press("Enter")
    wait_idle(page, charts=False)
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,value,unit,kind,scope,basis,period\nrd_active_share,lots,percent,rate,region,point,2023\n",
                   encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad))
    page.get_by_text("第 2 行 · value：不是数字").wait_for(timeout=30_000)
    good = tmp_path / "good.csv"
    good.write_text("indicator,value,unit,qualifier,kind,scope,basis,period\n"
                    "rd_active_share,55,percent,approx,rate,region,point,2023\n", encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(good))
    page.get_by_text("已使用 1 个数字").wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
    texts = " ".join(svg_texts(page.locator(".js-plotly-plot text")))
    assert "★ <b>某市</b>" in texts  # the typed name, shown as text, never as markup
    # leads Ningxia (2023); beside Quzhou's Jan–Oct tally the periods differ
    assert "领先 1 · 落后 0 · 持平 0 · 难以判断 0 · 时间口径不同 1" in page.inner_text("body")
    query = urlsplit(page.url).query
    assert "55" not in query and "home=custom" in query  # the figures stay in the session


EDITOR_COLUMNS = ["indicator", "value", "unit", "qualifier", "kind", "scope", "scope_text", "basis", "period"]


def test_benchmark_with_a_home_typed_into_the_table(server, page):
    """A person types one figure into the table, cell by cell (the grid is a canvas: click, arrows, Enter)."""
    page.goto(f"{server}/benchmark?home=custom&peers=ningxia,quzhou&lang=zh")
    wait_idle(page, charts=False)
    canvas = page.locator("[data-testid='stDataFrame'] canvas").first
    typed = [("indicator", "rd_active_share"), ("value", "55"), ("unit", "percent"), ("qualifier", "approx"),
             ("kind", "rate"), ("scope", "region"), ("basis", "point"), ("period", "2023")]
    for column, text in typed:
        for _attempt in range(3):  # a cell typed while the page reruns can be dropped: type it again
            box = canvas.bounding_box()
            page.mouse.click(box["x"] + 140, box["y"] + 35 + 17)  # the first row's indicator cell
            for _ in range(EDITOR_COLUMNS.index(column)):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            page.keyboard.type(text, delay=30)
            page.keyboard.press("Enter")
            wait_idle(page, charts=False)
            if page.get_by_text(f"第 1 行 · {column}：必填").count() == 0:
                break
    page.get_by_text("已使用 1 个数字").wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_error_box(page)
    assert "领先 1 · 落后 0 · 持平 0 · 难以判断 0 · 时间口径不同 1" in page.inner_text("body")
    texts = " ".join(svg_texts(page.locator(".js-plotly-plot text")))
    assert "★ 本地区" in texts and "≈55%" in texts
    assert "55" not in urlsplit(page.url).query  # the figures stay in the session


def test_the_basket_survives_page_switches_and_a_copied_link(server, browser, page):
    page.goto(f"{server}/measures?regions=mianyang&q=%E5%8C%85%E5%B9%B2%E5%88%B6")  # q=包干制
    wait_idle(page, charts=False)
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="打开举措")
    box.locator("input").click()
    box.locator("input").fill("包干制")
    page.keyboard.press("Enter")
    wait_idle(page, charts=False)
    page.get_by_role("button", name="加入简报").click()
    panel = page.locator(".st-key-basket_panel")
    expect = playwright_api.expect
    expect(panel).to_contain_text("包干制", timeout=30_000)
    wait_idle(page, charts=False)
    assert "basket=m%3A" in page.url or "basket=m:" in page.url
    nav(page, "对比", "compare")
    page.get_by_role("button", name="把此图加入简报").first.click()
    expect(panel).to_contain_text("图 · 主题结构", timeout=30_000)
    wait_idle(page, charts=False)
    assert panel.get_by_role("button", name="简报（Word）").is_visible()
    nav(page, "地区档案", "profile")
    expect(panel).to_contain_text("包干制")
    link = page.url
    other = browser.new_context(locale="zh-CN")
    try:
        fresh = other.new_page()
        fresh.goto(link)
        wait_idle(fresh, charts=False)
        texts = fresh.locator(".st-key-basket_panel [data-testid='stText']").all_inner_texts()
        assert len(texts) == 2 and "包干制" in texts[0] and texts[1].startswith("图 · 主题结构")
        assert_no_error_box(fresh)
        playwright_api.expect(fresh.get_by_role("button", name="简报（Word）")).to_be_visible(timeout=30_000)
    finally:
        other.close()


def test_no_request_leaves_the_machine(server, browser):
    """Every request a page makes goes to the dashboard's own server (a Material page icon was fetched from
    fonts.gstatic.com on every load: it fails on a closed network and tells an outside server who looks)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    context.on("request", lambda request: outside.append(request.url)
               if not request.url.startswith((server, "data:", "blob:", "about:")) else None)
    page = context.new_page()
    try:
        for path in ("/", "/compare", "/profile", "/about"):
            page.goto(server + path)
            page.locator("h1").first.wait_for(timeout=60_000)
            wait_idle(page, charts=path in ("/", "/compare"))
        icon = page.eval_on_selector("link[rel='shortcut icon']", "e => e.href")
        assert icon.startswith(server), icon
    finally:
        context.close()
    assert outside == [], outside


def test_the_server_listens_on_this_machine_only_unless_told(tmp_path):
    """Started as scripts/run.sh starts it (no --server.address), the server answers on 127.0.0.1 and not on the
    machine's other addresses."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outward interface
        address = probe.getsockname()[0]
    except OSError:
        pytest.skip("no network interface besides loopback")
    finally:
        probe.close()
    if address.startswith("127."):
        pytest.skip("no network interface besides loopback")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
                             "--server.port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start")
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=3):
            pass
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# every piece of text a chart draws, with its box relative to the chart's SVG


CHART_TEXTS = """els => els.map(el => {
  const svg = el.querySelector('.main-svg').getBoundingClientRect();
  const texts = [...el.querySelectorAll('text')].filter(e => e.textContent.trim() && e.getClientRects().length)
    .map(e => { const b = e.getBoundingClientRect();
                return {text: e.textContent, left: b.left - svg.left, right: b.right - svg.left}; });
  return {width: svg.width, texts};
})"""


def test_on_a_phone_side_by_side_cells_name_their_region_and_split_panels_keep_their_text(server, iphone, page):
    """Issue 24: stacked Side by side cards had no region; split Compare panels clipped their labels and notes."""
    iphone.goto(f"{server}/side_by_side?theme=talent&cols=mianyang,quzhou")
    wait_idle(iphone, charts=False)
    tags = iphone.locator("[class*='st-key-sbs_cell_region_']")
    assert tags.count() >= 4 and all(tags.nth(i).is_visible() for i in range(tags.count()))
    # stacked: 衢州's cell of a row follows 绵阳's, and its name comes first
    texts = tags.evaluate_all("els => els.map(e => e.innerText.trim())")
    assert [text.split()[-1] for text in texts[:2]] == ["绵阳", "衢州"], texts
    page.goto(f"{server}/side_by_side?theme=talent&cols=mianyang,quzhou")
    wait_idle(page, charts=False)
    assert page.locator("[class*='st-key-sbs_cell_region_']").first.is_hidden()  # side by side: the headers say it
    iphone.goto(f"{server}/compare?ind=rd_active_share,tech_commissioners,tech_contract_value")
    wait_idle(iphone)
    assert_no_error_box(iphone)
    charts = iphone.locator(".js-plotly-plot").evaluate_all(CHART_TEXTS)
    assert len(charts) >= 3
    for chart in charts:
        assert chart["width"] <= 392
        for text in chart["texts"]:
            assert text["left"] >= -1 and text["right"] <= chart["width"] + 1, (text, chart["width"])


def test_a_measure_opened_from_the_picker_scrolls_into_view_and_no_text_box_says_press_enter(server, page):
    """Issue 24: below the 65-row table the detail of an opened measure rendered off screen; "Press Enter to submit
    form" under the Chinese interface's search box."""
    page.goto(f"{server}/measures")
    wait_idle(page, charts=False)
    picker = page.locator("[data-testid='stSelectbox']", has_text="打开举措")
    picker.locator("input").click()
    page.keyboard.type("三清零")
    page.keyboard.press("Enter")
    heading = page.locator("h3", has_text="三清零").first  # the detail's heading: the measure's title
    heading.wait_for(timeout=20_000)
    wait_idle(page, charts=False)
    box = heading.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"] - 100, box
    for box in (page.locator("[data-testid='stSidebar'] input[type='text']").first,
                page.locator("[data-testid='stMain'] input[type='text']").first):
        box.click()
        page.keyboard.type("人才")
        hints = page.locator("[data-testid='InputInstructions']")
        assert hints.count() == 0 or not hints.first.is_visible()
        assert "Press Enter" not in page.inner_text("body")
