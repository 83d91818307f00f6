"""Speed numbers for people to read (never asserted in tests): `.venv/bin/python benchmarks/bench.py`.

- load: reading + validating data/measures.yaml (what the cache saves on every rerun)
- rerun: one script run of each page with the cache warm (AppTest), median of 5
- briefing: building the full PPTX briefing pack (chart images rendered by kaleido + Chromium)
- first chart: headless Chromium, from navigation to the first drawn chart of the Compare page
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import export, loader  # noqa: E402
from dashboard.frames import Filters  # noqa: E402
from dashboard.views import PAGES  # noqa: E402


def timed(func, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_load() -> None:
    print(f"load + validate dataset: {timed(lambda: loader.load_dataset()) * 1000:.0f} ms")


def bench_reruns() -> None:
    from streamlit.testing.v1 import AppTest

    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.switch_page(page.file)
        at.run()  # warms the cache
        print(f"rerun {page.key:<9}: {timed(at.run) * 1000:.0f} ms")


def bench_briefing() -> None:
    dataset = loader.load_dataset_or_raise()
    start = time.perf_counter()
    data = export.to_pptx_bytes(dataset, Filters(), "zh", date.today())
    print(f"briefing pack (all regions, all themes): {time.perf_counter() - start:.1f} s, {len(data) / 1e6:.1f} MB")


def bench_first_chart() -> None:
    from playwright.sync_api import sync_playwright

    port = "8597"
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
                               "--server.port", port, "--server.headless", "true"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            for attempt in ("cold", "warm"):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/compare")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                print(f"compare first chart ({attempt} browser cache): {time.perf_counter() - start:.1f} s")
                page.close()
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    bench_load()
    bench_reruns()
    bench_briefing()
    if Path("/usr/bin/chromium").exists():
        bench_first_chart()
