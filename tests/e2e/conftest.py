"""Browser end-to-end fixtures: the real app in a subprocess, headless Debian Chromium.

Every request to a host other than 127.0.0.1/localhost is aborted, so the tests prove
the app works with no internet. On failure a screenshot is saved to test-artifacts/.
Set REQUIRE_BROWSER=1 (CI does) to fail instead of skip when Chromium is missing.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
FOOTER = re.compile(r"^Data as of \d{4}-\d{2}-\d{2}")  # the shared footer caption (case-sensitive)


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_browser() -> None:
    missing = _browser_missing()
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)


def start_server(log_name: str = "streamlit.log", app_dir: Path = ROOT, port: int | None = None):
    """Start the app (``serve.py`` in ``app_dir``, e.g. a copy of the repository) in a fresh server process on
    ``port`` (default: a free one); returns (url, process, log file)."""
    port = port or _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 (held open by the server process; closed on stop)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=app_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(app_dir)},  # that tree's own packages and data/
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail(f"streamlit did not start; see test-artifacts/{log_name}")
    return url, proc, log


def stop_server(proc, log) -> None:
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def app_url():
    _require_browser()
    url, proc, log = start_server()
    yield url
    stop_server(proc, log)


@pytest.fixture
def fresh_app_url():
    """A server no session has visited yet (for first-visit behaviour)."""
    _require_browser()
    url, proc, log = start_server("streamlit-fresh.log")
    yield url
    stop_server(proc, log)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def blocked_requests():
    return []


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}


@pytest.fixture
def viewport():
    return DESKTOP


def local_page(browser, viewport: dict, blocked: list[str] | None = None, **context_args):
    """A new browser context and page whose network is limited to this machine: every other request is
    aborted (and listed in ``blocked``); JavaScript errors are collected in ``page.js_errors``.
    Returns (context, page)."""
    context = browser.new_context(viewport=viewport, **context_args)
    blocked = [] if blocked is None else blocked

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda e: pg.js_errors.append(str(e)))
    pg.blocked = blocked
    return context, pg


@pytest.fixture
def page(browser, request, blocked_requests, viewport):
    """A page whose network is limited to this machine; every other request is aborted."""
    context, pg = local_page(browser, viewport, blocked_requests)
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def wait_for_app(pg, timeout: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no running indicator)."""
    pg.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    pg.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    pg.get_by_text(FOOTER).first.wait_for(timeout=timeout)  # footer: app.py ran to the end
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=timeout,
    )
    pg.wait_for_timeout(300)


CHARTS_DRAWN_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]'))
  .filter(c => c.offsetParent !== null).every(c => c.querySelector('svg.main-svg'))"""


def settle(pg) -> None:
    """The script has finished, every visible chart is drawn and the page has stopped changing (charts add
    their texts, grids paint their cells, just after the script ends)."""
    wait_for_app(pg)
    pg.wait_for_function(CHARTS_DRAWN_JS, timeout=30_000)
    main = pg.locator("[data-testid='stMain']")
    last = None
    for _ in range(40):
        now = main.inner_text() + "".join(main.locator("[role=gridcell]").all_inner_texts())
        if now == last:
            return
        last = now
        pg.wait_for_timeout(500)


def no_errors(pg) -> None:
    """No Streamlit exception or error element on the page, and no JavaScript error."""
    assert pg.locator("[data-testid='stException']").count() == 0
    assert pg.locator("[data-testid='stAlertContentError']").count() == 0
    assert not pg.js_errors, pg.js_errors


def screenshot(pg, name: str, width: int) -> None:
    """The whole page (Streamlit scrolls inside its own container, so grow the viewport first)."""
    height = pg.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    pg.set_viewport_size({"width": width, "height": min(max(height + 100, 800), 9000)})
    pg.wait_for_timeout(800)
    pg.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
