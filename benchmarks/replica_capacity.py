"""How many sessions one replica holds: page load times as more users open the dashboard at once.

    .venv/bin/python benchmarks/replica_capacity.py                     # steady use: 1, 2, 4, 8 … 32 users
    .venv/bin/python benchmarks/replica_capacity.py --mode burst        # a shared link opened by everyone at once
    .venv/bin/python benchmarks/replica_capacity.py --client browser    # real tabs in Chromium, drawing included

One replica (`streamlit run`, pinned to the first CPU core where there is another to spare), the clients and
this driver pinned to the others, so the clients do not eat the replica's core budget. Users are sessions speaking
Streamlit's websocket protocol (`--client ws`, the default: the replica's own time, from asking for a page to the
script finished and sent, with no drawing) or headless Chromium tabs (`--client browser`: drawing included, which
on this machine's one spare core soon measures the browsers more than the replica). For each count N, N users
(each its own session) open views across the pages: `steady`, each reads a page for --think
seconds and opens the next, the users' starts spread over one think time; `burst`, all open a view at the same
moment, as a meeting does when a link is shared, --rounds times. A page load is the time from starting the
navigation to the page drawn (the script finished, headings on screen). Prints one markdown table (median, 90th
percentile and worst load per N, and the replica's CPU time per page load) and the largest N whose median stays
under --limit seconds. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_replicas import (  # noqa: E402 - the same server start and readiness test as the replica test
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWS,
    _free_port,
    _healthy,
    _idle,
    _start_replica,
    _wait_for,
)


def _pin(cores: set[int]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cores)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank: the value at or below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _drawn(page) -> bool:
    """The new document (not the one navigated away from, which carries a mark) is drawn."""
    try:
        return page.evaluate("() => !window.__leaving") and _idle(page)
    except Exception:  # the document is being replaced
        return False


def _open(page, url: str) -> None:
    """Start a navigation without waiting for it (as a click on a link does), marking the page being left."""
    try:
        page.evaluate("url => { window.__leaving = true; location.assign(url); }", url)
    except Exception:  # the previous navigation's document is still being replaced: navigate the hard way
        page.goto(url, wait_until="commit", timeout=120_000)


def _run_users(browser, base: str, n: int, mode: str, rounds: int, think: float) -> list[float]:
    """Page loads (s) of n users: all at once `rounds` times (burst), or each every `think` s, staggered (steady)."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(n)]
    pages = [c.new_page() for c in contexts]
    loads: list[float] = []
    now = time.monotonic()
    # per user: when its next page opens (steady: spread over one think time; burst: all now), loads left to do
    next_at = {i: now + (i * think / n if mode == "steady" else 0.0) for i in range(n)}
    left = dict.fromkeys(range(n), rounds)
    started: dict[int, float] = {}
    opened = dict.fromkeys(range(n), 0)
    deadline = now + 600
    while (any(left.values()) or started) and time.monotonic() < deadline:
        now = time.monotonic()
        if mode == "burst" and not started and all(left[i] for i in range(n)):  # a new round: everyone at once
            for i in range(n):
                next_at[i] = now
        for i in range(n):
            if i in started:
                if _drawn(pages[i]):
                    loads.append(time.monotonic() - started.pop(i))
                    left[i] -= 1
                    next_at[i] = time.monotonic() + (think if mode == "steady" else 1e9)
            elif left[i] and now >= next_at[i]:
                started[i] = time.monotonic()
                _open(pages[i], base + VIEWS[(i * 5 + opened[i]) % len(VIEWS)])
                opened[i] += 1
        time.sleep(0.05)
    loads.extend(600.0 for _ in started)  # never drawn: counted at the cut-off
    for c in contexts:
        c.close()
    return loads


async def _ws_user(base: str, i: int, n: int, mode: str, rounds: int, think: float, gate, loads: list[float]):
    """One session over Streamlit's own websocket protocol, as its browser side speaks it: a page is a rerun
    request with the page and the URL's query string, loaded when the replica says the script finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = "ws" + base.removeprefix("http") + "/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=120) as ws:
        if mode == "steady":
            await asyncio.sleep(i * think / n)
        for r in range(rounds):
            if mode == "burst":
                await gate(r)
            path, _, query = VIEWS[(i * 5 + r) % len(VIEWS)].lstrip("/").partition("?")
            msg = BackMsg()
            msg.rerun_script.page_name = path
            msg.rerun_script.query_string = query
            msg.rerun_script.context_info.locale = "zh-CN"
            msg.rerun_script.context_info.url = f"{base}/{path}?{query}"
            started = time.monotonic()
            await ws.send(msg.SerializeToString())
            while True:
                forward = ForwardMsg()
                forward.ParseFromString(await asyncio.wait_for(ws.recv(), 600))
                if forward.WhichOneof("type") == "script_finished":
                    break
            loads.append(time.monotonic() - started)
            if mode == "steady":
                await asyncio.sleep(think)


def _run_ws_users(base: str, n: int, mode: str, rounds: int, think: float) -> list[float]:
    loads: list[float] = []

    async def run() -> None:
        barriers = [asyncio.Barrier(n) for _ in range(rounds)]

        async def gate(r: int) -> None:  # burst: every user starts round r together
            await barriers[r].wait()

        await asyncio.gather(*(_ws_user(base, i, n, mode, rounds, think, gate, loads) for i in range(n)))

    # a thread of its own: Playwright's synchronous API keeps an event loop running in this one
    worker = threading.Thread(target=asyncio.run, args=(run(),))
    worker.start()
    worker.join()
    return loads


def measure(users: list[int], client: str, mode: str, rounds: int, think: float, limit: float) -> None:
    from playwright.sync_api import sync_playwright

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0]
    server_cores, browser_cores = ({cores[0]}, set(cores[1:])) if len(cores) > 1 else (set(cores), set(cores))
    port = _free_port()
    tmp = Path(tempfile.mkdtemp(prefix="capacity-"))
    _pin(server_cores)  # the replica inherits this process's affinity at start
    replica = _start_replica("127.0.0.1", port, tmp / "cache", tmp / "replica.log")
    _pin(browser_cores)  # and Chromium inherits this one
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        _wait_for(lambda: _healthy(f"{base}/_stcore/health"), 60, "the replica")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = browser.new_page()  # the first run imports the libraries and fills the cache: not a user's
            warm.goto(base + VIEWS[1])
            _wait_for(lambda: _idle(warm), 120, "the first page", 0.2)
            warm.close()
            for n in users:
                cpu = _cpu_seconds(replica.pid)
                loads = (_run_users(browser, base, n, mode, rounds, think) if client == "browser" else
                         _run_ws_users(base, n, mode, rounds, think))
                cpu = (_cpu_seconds(replica.pid) - cpu) / len(loads)
                rss = _rss_mb(replica.pid)  # the sessions have just closed: what they left behind is counted too
                row = (n, statistics.median(loads), _percentile(loads, 0.9), max(loads), len(loads), cpu, rss)
                rows.append(row)
                print(f"  {n} users: median {row[1]:.1f} s, p90 {row[2]:.1f} s, worst {row[3]:.1f} s "
                      f"({row[4]} loads, {cpu:.2f} CPU s each, RSS {rss:.0f} MB)", file=sys.stderr)
                if row[1] > limit:
                    break
            browser.close()
    finally:
        replica.terminate()
        replica.wait(timeout=10)
    how = (f"all users open a page at the same moment, {rounds} times" if mode == "burst" else
           f"each user opens a page, reads it for {think:g} s, opens the next, {rounds} pages each, starts staggered")
    who = "browsers" if client == "browser" else "the protocol clients"
    print(f"One replica on core(s) {sorted(server_cores)}, {who} on {sorted(browser_cores)}; {how}.\n")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine slows both sides).\n")
    print("| users | median load (s) | 90th percentile (s) | worst (s) | loads | replica CPU per load (s) | RSS after (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, median, p90, worst, count, cpu, rss in rows:
        print(f"| {n} | {median:.1f} | {p90:.1f} | {worst:.1f} | {count} | {cpu:.2f} | {rss:.0f} |")
    within = [row[0] for row in rows if row[1] <= limit]
    print(f"\nLargest count with the median load within {limit:g} s: {max(within) if within else 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="1,2,4,8,12,16,24,32", help="comma-separated user counts")
    parser.add_argument("--client", choices=("ws", "browser"), default="ws",
                        help="ws: sessions speak Streamlit's websocket protocol (the replica's own time, no drawing); "
                             "browser: headless Chromium tabs (adds drawing, on the browsers' cores)")
    parser.add_argument("--mode", choices=("steady", "burst"), default="steady",
                        help="steady: users reading and clicking on; burst: everyone opening a shared link at once")
    parser.add_argument("--rounds", type=int, default=3, help="page loads per user at each count")
    parser.add_argument("--think", type=float, default=10.0, help="steady: seconds a user reads a page")
    parser.add_argument("--limit", type=float, default=5.0, help="median page load that ends the run (s)")
    args = parser.parse_args()
    measure([int(n) for n in args.users.split(",")], args.client, args.mode, args.rounds, args.think, args.limit)


if __name__ == "__main__":
    main()
