"""What both real-browser files share: Chromium and its settings, and helpers that wait, pick, look and save screenshots
(the server, browser and page fixtures are in conftest.py)."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts"
SHOTS = ARTIFACTS / "screenshots"

if not Path(CHROMIUM).exists():  # pragma: no cover - the set-up installs it; say so loudly elsewhere
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_idle(page, charts: bool = True) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    settle(page)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def assert_no_error_box(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body and "has encountered an error" not in body
    assert "意外错误" not in body and "unexpected error" not in body and "Page not found" not in body


def settle(page) -> None:
    """Let fonts load and plotly lay out its text: two animation frames after the fonts are ready."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise(done => "
                  "requestAnimationFrame(() => requestAnimationFrame(done))))")


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("Math.max(document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0, 900)")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 12_000)})
    settle(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path


def svg_texts(locator) -> list[str]:
    return locator.evaluate_all("els => els.map(e => e.textContent)")


def chart_titles(page) -> list[str]:
    return svg_texts(page.locator(".js-plotly-plot .gtitle"))


def pick(page, label: str, option: str) -> None:
    """Choose an option of a sidebar multiselect the way a person does: click, type, Enter."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=label)
    box.locator("input").click()
    box.locator("input").fill(option)
    page.locator("[role='option']", has_text=option).first.wait_for(timeout=30_000)  # the list has the option
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    box.locator("[data-tag]", has_text=option).first.wait_for(timeout=30_000)  # the choice took before the rerun
    wait_idle(page, charts=False)


def sidebar_tags(page) -> list[str]:
    tags = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] [data-tag]").all_inner_texts()
    return [tag.strip() for tag in tags]


def expect_tags(page, tags: list[str]) -> None:
    expect = playwright_api.expect
    expect(page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] [data-tag]")).to_have_text(
        tags, timeout=30_000)
    wait_idle(page, charts=False)


def nav(page, label: str, path: str) -> None:
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=label, exact=True).click()
    # the path itself, not a glob: "**/*" would match the page being left when the target is the overview
    page.wait_for_url(lambda url: urlsplit(url).path == f"/{path}", timeout=30_000)
    page.locator("h1").first.wait_for(timeout=30_000)
    wait_idle(page, charts=False)


def tab_to(page, selector: str, text: str = "", limit: int = 80) -> None:
    """Press Tab until the focus is inside `selector` (holding `text`), as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("([s, t]) => { const e = document.activeElement?.closest(s);"
                         " return !!e && e.textContent.includes(t); }", [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text}")


