"""What a person sees, in a real headless Chromium (Playwright driving Debian's /usr/bin/chromium): every page
drawn (in English too where charts draw English text), charts, history, the keyboard. The README's screenshots go to
tests/artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import json

import pytest

from dashboard.ui.pages import PAGES
from tests.browser import (
    ARTIFACTS,
    assert_no_error_box,
    chart_titles,
    expect_tags,
    nav,
    pick,
    playwright_api,
    screenshot,
    svg_texts,
    tab_to,
    wait_idle,
)

pytestmark = pytest.mark.browser


CHARTED = {"overview", "compare"}
# every page in Chinese, and in English the pages whose charts draw English titles (every page's English heading,
# under AppTest: tests/test_pages.py, test_url_start_state_is_honoured)
VIEWS = [(spec, "zh") for spec in PAGES] + [(spec, "en") for spec in PAGES if spec.key in CHARTED]
README_SHOTS = {("overview", "zh"), ("compare", "en"), ("measures", "zh")}  # copied to docs/screenshots/


@pytest.mark.parametrize(("spec", "lang"), VIEWS, ids=[f"{spec.key}-{lang}" for spec, lang in VIEWS])
def test_every_page_loads_with_its_charts_and_no_error_box(server, page, spec, lang):
    page.goto(f"{server}/{spec.url_path}?lang={lang}")
    wait_idle(page, charts=spec.key in CHARTED)
    assert_no_error_box(page)
    if spec.key in CHARTED:
        assert page.locator(".js-plotly-plot").count() >= 1
        titles = chart_titles(page)
        assert titles and all(title.strip() for title in titles)
    heading = page.locator("h1").first.inner_text()
    assert heading.strip()
    if lang == "en":
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in heading), heading
    if (spec.key, lang) in README_SHOTS:
        screenshot(page, f"{spec.key}_{lang}")


def test_theme_filter_changes_a_chart(server, page):
    page.goto(f"{server}/compare")
    wait_idle(page)
    mix_ticks = svg_texts(page.locator(".js-plotly-plot").first.locator(".xtick text"))
    assert len(mix_ticks) == 9
    pick(page, "主题", "人才")
    wait_idle(page)
    mix_ticks = svg_texts(page.locator(".js-plotly-plot").first.locator(".xtick text"))
    assert mix_ticks == ["人才"]
    assert "themes=talent" in page.url


def test_language_switch_changes_the_labels(server, page):
    page.goto(f"{server}/")
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "区域科创举措对比看板"
    assert "各地区举措的主题分布" in " ".join(chart_titles(page))
    page.get_by_role("radio", name="English").click()
    page.wait_for_url("**lang=en*", timeout=30_000)
    playwright_api.expect(page.locator("h1").first).to_have_text("Regional Innovation Measures Dashboard")
    wait_idle(page)
    assert "Measures per theme in each region" in " ".join(chart_titles(page))
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Themes" in sidebar and "Compare" in sidebar
    assert "lang=en" in page.url


def test_shared_url_restores_the_view(server, browser, page):
    page.goto(f"{server}/compare")
    wait_idle(page)
    pick(page, "主题", "资金与金融")
    pick(page, "地区", "绵阳")
    pick(page, "地区", "宁夏")
    page.get_by_role("radio", name="English").click()
    page.wait_for_url("**lang=en*", timeout=30_000)
    playwright_api.expect(page.locator("h1").first).to_have_text("Compare")
    wait_idle(page)
    shared = page.url
    assert "/compare" in shared and "lang=en" in shared
    titles = chart_titles(page)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = fresh.new_page()
    try:
        other.goto(shared)
        wait_idle(other)
        sidebar = other.locator("[data-testid='stSidebar']")
        tags = sidebar.locator("[data-testid='stMultiSelect'] [data-tag]").all_inner_texts()
        assert [tag.strip() for tag in tags] == ["Funding & finance", "Mianyang", "Ningxia"]
        assert other.locator("h1").first.inner_text() == "Compare"
        assert chart_titles(other) == titles
    finally:
        fresh.close()


def test_measures_csv_download_holds_only_the_filtered_theme(server, page, tmp_path):
    import io

    import pandas as pd

    page.goto(f"{server}/measures?themes=funding")
    wait_idle(page, charts=False)
    button = page.get_by_role("button", name="举措表（CSV）")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename.startswith("measures_funding_zh_") and download.suggested_filename.endswith(".csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(raw))  # one header row, in the interface language by default
    assert list(table.columns[:3]) == ["地区代码", "地区", "举措代码"]
    assert len(table) > 0
    assert table["主题代码"].astype(str).str.contains("funding").all()
    assert set(table["地区代码"]) <= {"hubaoewu", "mianyang", "ningxia", "haishu", "bazhong", "quzhou"}
    # the page said how many rows the file would hold before the download
    assert f"{len(table)}" in page.locator("[data-testid='stCaptionContainer']").all_inner_texts().__str__()


def test_matrix_hover_lists_titles_and_a_click_opens_the_measures(server, page):
    page.goto(f"{server}/")
    wait_idle(page)
    points = page.locator(".js-plotly-plot .scatterlayer .point")
    assert points.count() == 6 * 9
    target = points.nth(0 * 9 + 8)  # 巴中 (1st region: file-name order) × 项目与诚信管理 (9th theme): 4 measures
    target.hover(force=True)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = " ".join(svg_texts(page.locator(".hoverlayer .hovertext")))
    assert "巴中" in hover and "健全项目管理机制" in hover and "严格科研诚信管理" in hover
    target.click(force=True)
    wait_idle(page)
    page.wait_for_selector("text=巴中 · 项目与诚信管理：4 项举措", timeout=20_000)
    page.get_by_role("link", name="在举措库中打开").click()
    page.wait_for_url("**/measures*", timeout=30_000)
    page.get_by_text("共 4 项举措").wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    assert "themes=management" in page.url and "regions=bazhong" in page.url
    # the drill-down says which filters it set, and can be undone
    banner = page.locator("[data-testid='stAlert']").filter(has_text="已按总览中的格子设置筛选").inner_text()
    assert "巴中" in banner and "项目与诚信管理" in banner
    page.get_by_role("button", name="撤销，恢复之前的筛选").click()
    expect_tags(page, [])
    assert "regions=" not in page.url and "themes=" not in page.url
    assert_no_error_box(page)


def test_selecting_a_measure_row_shows_its_quote_and_figures(server, page):
    page.goto(f"{server}/measures?regions=mianyang&q=%E5%8C%85%E5%B9%B2%E5%88%B6")  # q=包干制
    wait_idle(page, charts=False)
    assert "共 1 项举措" in page.inner_text("body")
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the row's selection box, below the header
    wait_idle(page, charts=False)
    page.locator("h3", has_text="包干制").wait_for(timeout=20_000)
    body = page.inner_text("body")
    assert "试点科研经费“包干制”" in page.locator("blockquote").first.inner_text()
    assert "原文" in body
    # the open measure is part of the view's link (written by the rerun that follows the click)
    page.wait_for_function("() => new URL(location.href).searchParams.has('m')", timeout=20_000)


def test_chart_toolbar_speaks_the_interface_language_and_its_camera_saves_a_named_2x_png(server, page, tmp_path):
    import struct

    page.goto(f"{server}/compare?themes=talent")
    wait_idle(page)
    chart = page.locator(".js-plotly-plot").first
    titles = chart.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert "下载图表（PNG）" in titles and not [t for t in titles if t.startswith("Download")]
    chart.hover()
    camera = chart.locator(".modebar-btn[data-title*='png' i], .modebar-btn[data-title*='download' i]").first
    with page.expect_download(timeout=60_000) as download_info:
        camera.click()
    download = download_info.value
    name = download.suggested_filename
    assert name.startswith("theme-mix_talent_all-regions_") and name.endswith(".png"), name
    target = tmp_path / name
    download.save_as(target)
    png = target.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    shown = chart.bounding_box()
    assert width >= 1.9 * shown["width"] and height >= 1.9 * shown["height"]  # 2× scale
    (ARTIFACTS / "exported_chart.png").write_bytes(png)


def test_one_history_entry_per_action_and_back_restores_page_and_filters(server, new_tab):
    page = new_tab
    page.goto(f"{server}/?themes=talent")
    wait_idle(page)
    start = page.evaluate("history.length")
    for label, path in [("对比", "compare"), ("举措库", "measures"), ("地区档案", "profile"), ("数据与方法", "about"),
                        ("总览", "")]:
        nav(page, label, path)
        assert "themes=talent" in page.url, page.url
    visits = page.evaluate("history.length") - start
    pick(page, "主题", "资金与金融")
    page.wait_for_url("**themes=talent%2Cfunding*", timeout=30_000)
    after_filter = page.evaluate("history.length") - start - visits
    nav(page, "对比", "compare")
    numbers = {"five_page_visits": visits, "one_filter_change": after_filter,
               "history_length_after": page.evaluate("history.length")}
    (ARTIFACTS / "history.json").write_text(json.dumps(numbers))
    assert visits == 5 and after_filter == 1, numbers

    heading = page.locator("h1").first
    page.go_back()  # the overview, with both themes
    playwright_api.expect(heading).to_have_text("区域科创举措对比看板", timeout=30_000)  # the page, once redrawn
    expect_tags(page, ["人才", "资金与金融"])
    page.go_back()  # the overview before the filter change
    expect_tags(page, ["人才"])
    assert "funding" not in page.url
    page.go_forward()
    expect_tags(page, ["人才", "资金与金融"])
    page.go_forward()
    page.wait_for_url("**/compare*")
    playwright_api.expect(heading).to_have_text("对比", timeout=30_000)
    expect_tags(page, ["人才", "资金与金融"])
    # the language is part of the view: one entry, and Back brings the other language back
    before = page.evaluate("history.length")
    page.get_by_role("radio", name="English").click()
    page.wait_for_url("**lang=en*", timeout=30_000)
    expect_tags(page, ["Talent", "Funding & finance"])
    assert page.evaluate("history.length") == before + 1
    page.go_back()
    expect_tags(page, ["人才", "资金与金融"])
    assert page.locator("h1").first.inner_text() == "对比" and "lang=en" not in page.url
    assert_no_error_box(page)


def test_matrix_drill_down_and_a_measure_detail_work_from_the_keyboard_alone(server, page):
    page.goto(f"{server}/")
    wait_idle(page)
    tab_to(page, ".st-key-w_cell input")
    page.keyboard.type("巴中 · 项目")
    page.keyboard.press("Enter")
    result = page.get_by_text("巴中 · 项目与诚信管理：4 项举措")
    result.wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    playwright_api.expect(result).to_be_in_viewport()
    tab_to(page, "[data-testid='stPageLink']", "在举措库中打开")
    page.keyboard.press("Enter")
    page.wait_for_url("**/measures*", timeout=30_000)
    page.get_by_text("共 4 项举措").wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    tab_to(page, ".st-key-w_measure_pick input")
    page.keyboard.press("ArrowDown")  # opens the list on its first measure
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    quote = page.locator("[data-testid='stMain'] blockquote").first
    quote.wait_for(timeout=30_000)
    wait_idle(page, charts=False)
    title = page.locator("[data-testid='stMain'] h3").first.inner_text()
    picked = page.locator(".st-key-w_measure_pick input").input_value()
    assert title.strip() and title.strip() in picked, (title, picked)
    playwright_api.expect(page.locator("[data-testid='stMain'] h3").first).to_be_in_viewport()
    assert_no_error_box(page)


def test_a_click_anywhere_on_a_row_opens_its_detail(server, page):
    page.goto(f"{server}/measures?regions=mianyang&q=%E5%8C%85%E5%B9%B2%E5%88%B6")  # q=包干制
    wait_idle(page, charts=False)
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 35 + 17)  # the title cell, not the selection box
    page.locator("h3", has_text="包干制").wait_for(timeout=20_000)
    assert "包干制" in page.locator("blockquote").first.inner_text()
