"""Faults, in headless Chromium: each shows a plain message (never a traceback) and the next start or reload works.

- a data file missing or corrupted when the server starts (a *copy* of the repository, corrupted; the
  worktree's ``data/`` is never touched): the server starts, every page says the data failed validation and
  names the problem; the next start on good data shows the app;
- an upload that breaks: the request dies on the way (network reset), the tab is closed while its upload is
  in flight, or the file is cut short — a plain message, the session's data and another session unchanged;
- the server restarted while a page is open: Streamlit's own connection notice, then the page works again.

The shipped data files are byte-identical before and after the module (hashes of every file in ``data/``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    DESKTOP,
    FOOTER,
    ROOT,
    _free_port,
    _require_browser,
    local_page,
    no_errors,
    settle,
    start_server,
    stop_server,
    wait_for_app,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (test_session_isolation imports conftest)
from test_session_isolation import FACTS

PAGES = ["", "regimens", "country?country=KEN", "costs", "compare", "timeline", "data", "sources", "about"]
FAILED = "The data files failed validation, so the app cannot show them. Run python scripts/validate_data.py for the full list."
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "test-artifacts",
    "mutants",
    "htmlcov",
    "__pycache__",
    ".pytest_cache",
    "bench",
    "docs",
    "tests",
    "*.egg-info",
)


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module", autouse=True)
def shipped_data_unchanged():
    before = _hashes(ROOT / "data")
    yield
    assert _hashes(ROOT / "data") == before, "a fault test changed the shipped data files"


def _error_text(page) -> str:
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    alert = page.locator("[data-testid='stAlertContentError']").first
    alert.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    return alert.inner_text()


def _no_traceback(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and 'File "' not in body


# ---------------------------------------------------------------- broken data at start

CORRUPTIONS = {
    # name: (file, how it is broken, the problem line the page shows)
    "missing": ("drugs.csv", None, re.compile(r"^required table missing: data/drugs\.csv$")),
    "binary": (
        "country_facts.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe not a csv",
        re.compile(r"^country_facts: country_facts.csv is not UTF-8 text \(byte 0 cannot be decoded\)$"),
    ),
    "cut-short": (
        "countries.csv",
        "cut",
        re.compile(
            r"^countries: countries.csv cannot be read as CSV \(Error tokenizing data. C error: EOF inside string starting "
            r"at row \d+\); is it cut short or badly quoted\?$"
        ),
    ),
    "bad-value": (
        "country_facts.csv",
        "bad",
        re.compile(
            r"^country_facts: row 1, column 'iso3': check 'str_matches\('\^\[A-Z\]\{3\}\$'\)' failed \(value: 'k€n'\)$"
        ),
    ),
}


def _corrupt(copy: Path, name: str) -> None:
    file, how, _ = CORRUPTIONS[name]
    path = copy / "data" / file
    if how is None:
        path.unlink()
    elif how == "cut":  # the file ends in the middle of a quoted cell, as after a failed copy
        text = path.read_bytes()
        path.write_bytes(text[: len(text) // 2] + b',"unterminated')
    elif how == "bad":  # the first data row's country code is not a code
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[1] = "k€n" + lines[1][3:]
        path.write_text("".join(lines), encoding="utf-8")
    else:
        path.write_bytes(how)


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_broken_data_file_at_start_gives_a_plain_message_then_good_data_works(page, tmp_path, name):
    _require_browser()
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    good = (copy / "data" / CORRUPTIONS[name][0]).read_bytes()
    _corrupt(copy, name)
    url, proc, log = start_server(f"streamlit-fault-{name}.log", app_dir=copy)
    try:
        for path in PAGES if name == "missing" else ["", "country?country=KEN", "data"]:
            page.goto(f"{url}/{path}")
            text = _error_text(page)
            lines = [x for x in text.splitlines() if x.strip()]
            assert lines[0] == FAILED, lines
            assert CORRUPTIONS[name][2].match(lines[1]), lines
            assert page.locator("h1").count() == 0  # nothing drawn from broken data
            _no_traceback(page)
    finally:
        stop_server(proc, log)
    (copy / "data" / CORRUPTIONS[name][0]).write_bytes(good)  # the next start has good data
    url, proc, log = start_server(f"streamlit-fault-{name}-fixed.log", app_dir=copy, port=int(url.rsplit(":", 1)[1]))
    try:
        page.goto(f"{url}/country?country=KEN")
        wait_for_app(page)
        page.get_by_role("heading", name="Kenya", level=1).wait_for(timeout=30_000)
        no_errors(page)
    finally:
        stop_server(proc, log)
    assert _hashes(copy / "data") == _hashes(ROOT / "data")


# ---------------------------------------------------------------- uploads that break


def _upload_page(page, app_url):
    page.goto(f"{app_url}/data")
    wait_for_app(page)
    return page.locator("[data-testid='stFileUploader'] input[type='file']").first


def _facts_in_use(page, tmp_path) -> None:
    good = tmp_path / "facts.csv"
    good.write_text(FACTS, encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(good))
    page.get_by_text("Using your availability facts: 2 rows, 2 countries.").wait_for(timeout=30_000)
    wait_for_app(page)


def test_a_file_cut_short_is_refused_plainly_and_the_data_in_use_stays(page, app_url, tmp_path):
    _upload_page(page, app_url)
    _facts_in_use(page, tmp_path)
    cut = tmp_path / "facts-cut.csv"
    text = FACTS.encode()
    cut.write_bytes(text[: text.index(b"BRA,daratumumab,appr") + len(b"BRA,daratumumab,appr")])  # mid-row
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(cut))
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for(timeout=30_000)
    wait_for_app(page)
    assert [x for x in error.inner_text().splitlines() if x.strip()] == [
        "This file was not used. Nothing was changed.",
        "Row 2 has 3 values but the header has 9 columns. Check for a missing separator or an unquoted comma in a cell.",
        "Rows are counted from the first row below the header.",
    ]
    page.get_by_text("In use in this session: 2 facts rows.").wait_for(timeout=30_000)  # the earlier upload stays
    _no_traceback(page)
    page.reload()  # a new session: shipped data, no message
    wait_for_app(page)
    assert page.get_by_text("In use in this session").count() == 0
    no_errors(page)


def _shipped_compare(page, app_url) -> str:
    page.goto(f"{app_url}/compare?countries=KEN,BRA")
    settle(page)
    return page.locator("[data-testid='stMain']").inner_text()


@pytest.fixture
def other_page(browser):
    """Another session (its own browser context) on the same server."""
    context, pg = local_page(browser, DESKTOP)
    yield pg
    context.close()


def test_an_upload_whose_connection_dies_changes_nothing(page, other_page, app_url, tmp_path):
    """The upload request is reset on the way: Streamlit's own error on the file, the data in use and another
    session unchanged; a reload works."""
    before = _shipped_compare(other_page, app_url)
    _upload_page(page, app_url)
    _facts_in_use(page, tmp_path)
    page.route("**/_stcore/upload_file/**", lambda route: route.abort("connectionreset"))
    again = tmp_path / "facts-2.csv"
    again.write_text(FACTS.replace("2024-05", "2023-01"), encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(again))
    uploader = page.locator("[data-testid='stFileUploader']").first
    uploader.get_by_text(re.compile(r"error", re.I)).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    wait_for_app(page)
    assert [x for x in uploader.inner_text().splitlines() if x.strip()][1:4] == [
        "facts-2.csv",
        "257.0B",
        "Error: AxiosError: Network Error",
    ]  # Streamlit's own words on the file
    assert page.get_by_text("Using your availability facts: 2 rows, 2 countries.").count() == 1
    page.get_by_text("In use in this session: 2 facts rows.").wait_for(timeout=30_000)
    _no_traceback(page)
    assert page.js_errors == ["Network Error"]  # Streamlit's frontend reports the failed request in the console
    page.js_errors.clear()
    page.unroute("**/_stcore/upload_file/**")
    assert _shipped_compare(other_page, app_url) == before
    page.reload()
    wait_for_app(page)
    assert page.get_by_text("In use in this session").count() == 0
    no_errors(page)


def test_closing_the_tab_during_an_upload_leaves_the_server_and_other_sessions_as_they_were(
    browser, other_page, app_url, tmp_path
):
    before = _shipped_compare(other_page, app_url)
    context, pg = local_page(browser, DESKTOP)
    _upload_page(pg, app_url)
    held = []
    pg.route("**/_stcore/upload_file/**", lambda route: held.append(route))  # never answered: in flight
    big = tmp_path / "facts-big.csv"
    row = FACTS.splitlines()[1]
    big.write_text(FACTS.splitlines()[0] + "\n" + "\n".join([row] * 4000) + "\n", encoding="utf-8")
    pg.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(big))
    pg.wait_for_function("() => true")
    for _ in range(50):
        if held:
            break
        pg.wait_for_timeout(100)
    assert held, "the upload request did not start"
    context.close()  # the tab goes away mid-upload
    assert _shipped_compare(other_page, app_url) == before
    context, page = local_page(browser, DESKTOP)
    _upload_page(page, app_url)
    _facts_in_use(page, tmp_path)  # a new session uploads normally
    no_errors(page)
    context.close()


# ---------------------------------------------------------------- the server restarts under an open page


def test_server_restart_while_a_page_is_open_shows_the_reconnect_then_works(page):
    _require_browser()
    port = _free_port()
    url, proc, log = start_server("streamlit-fault-restart.log", port=port)
    try:
        page.goto(f"{url}/country?country=KEN")
        wait_for_app(page)
        page.get_by_role("heading", name="Kenya", level=1).wait_for(timeout=30_000)
        stop_server(proc, log)
        # Streamlit's own notice while the server is away (the status widget, then its connection dialog)
        page.get_by_text(re.compile(r"^(Connecting|Connection error)$")).first.wait_for(timeout=60_000)
        _no_traceback(page)
        url, proc, log = start_server("streamlit-fault-restart-2.log", port=port)
        page.reload()
        wait_for_app(page)
        page.get_by_role("heading", name="Kenya", level=1).wait_for(timeout=30_000)
        page.get_by_text(FOOTER).first.wait_for(timeout=30_000)
        no_errors(page)
    finally:
        stop_server(proc, log)
