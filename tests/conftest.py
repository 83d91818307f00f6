"""Shared fixtures: the real dataset, its frames, and a clean Streamlit cache for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.analysis import frames
from dashboard.data.loader import load_dataset_or_raise

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset_or_raise(ROOT / "data" / "measures.yaml")


@pytest.fixture(scope="session")
def measures(dataset):
    return frames.measures_frame(dataset)


@pytest.fixture(scope="session")
def figures(dataset):
    return frames.figures_frame(dataset)


@pytest.fixture(autouse=True)
def _clear_streamlit_cache():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


# the longest files first: on two workers (scripts/test.sh: one file at a time each, in this order, with
# --no-loadscope-reorder) the long files start at once and the short ones fill in at the end, instead of a long one
# starting last. Seconds each took on two workers on a busy machine: 145, 70, 60, 52, 48, 16, 15, 13, 10, 5 (the
# others 5 or less)
LONGEST_FIRST = ("test_browser_tasks.py", "test_browser.py", "test_pages.py", "test_briefing_layout.py",
                 "test_replicas.py", "test_basket.py", "test_briefing_render.py", "test_scale.py", "test_export.py",
                 "test_charts.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    order = {name: rank for rank, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: order.get(item.path.name, len(order)))


# ---------------------------------------------------------------- the real-browser files' server and Chromium


@pytest.fixture(scope="session")
def server_log() -> Path:
    """The app server's log: one server for each worker process (xdist runs two), each its own file."""
    from tests.browser import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"streamlit-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"


@pytest.fixture(scope="session")
def server(server_log):
    """One app server for every real-browser test of this worker process."""
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.browser import _free_port

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DASHBOARD_DATASET", None)
    with server_log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start; see {server_log}")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


# Chromium and Playwright for one file at a time: Playwright's sync API keeps an event loop running on this thread,
# which the other tests' own event loops (kaleido's chart pictures, the replica test's Playwright) must not meet
@pytest.fixture(scope="module")
def browser():
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, playwright_api  # skips where Chromium or Playwright is missing

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


DESKTOP = {"viewport": {"width": 1400, "height": 1000}, "locale": "zh-CN"}
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN", "is_mobile": True}


@pytest.fixture(scope="module")
def context(browser):
    """One browser context for the file, so Streamlit's scripts are fetched once; every page load is still a
    new Streamlit session with its own state."""
    context = browser.new_context(**DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="module")
def tabs(browser, context):
    """One tab of each kind (desktop, phone, iPhone) for the file's tests, each test opening its own link in it: a
    new document, so a new Streamlit session, as a new tab would be, without a new renderer process each time
    (only the tab's history is left from the test before)."""
    from tests.browser import IPHONE

    kinds = {"phone": PHONE, "iphone": {**PHONE, "user_agent": IPHONE}}
    contexts = {"desktop": context}
    open_tabs = {}

    def tab(kind: str):
        if kind not in open_tabs or open_tabs[kind].is_closed():
            if kind not in contexts:
                contexts[kind] = browser.new_context(**kinds[kind])
            open_tabs[kind] = contexts[kind].new_page()
        return open_tabs[kind]

    yield tab
    for kind, other in contexts.items():
        if kind != "desktop":
            other.close()


def _tab(tabs, kind: str, size: dict[str, int]):
    page = tabs(kind)
    yield page
    if not page.is_closed():  # as a new tab would be: screen media, the usual size
        page.emulate_media(media="null")
        if page.viewport_size != size:
            page.set_viewport_size(size)


@pytest.fixture
def page(tabs):
    yield from _tab(tabs, "desktop", DESKTOP["viewport"])


@pytest.fixture
def phone(tabs):
    """A 390 px wide phone."""
    yield from _tab(tabs, "phone", PHONE["viewport"])


@pytest.fixture
def iphone(tabs):
    """A 390 px wide phone that says so in its User-Agent, as phones do (widgets.on_phone lays pages out for it)."""
    yield from _tab(tabs, "iphone", PHONE["viewport"])


@pytest.fixture
def new_tab(context):
    """A tab of its own, for a test that counts its history entries (a tab's history holds at most 50)."""
    page = context.new_page()
    yield page
    page.close()
