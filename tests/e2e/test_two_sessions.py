"""Two browsers on one server (issue 13): what one uploads never reaches the other, in either order.

Context A uploads, through the real Your-data page, the made-up facts, price and roster of
``tests/test_session_isolation.py`` (Kenya lenalidomide *Publicly funded* 2024-05, Brazil daratumumab
*Publicly funded* 2025-06, a KES bortezomib price, a one-person roster in Kenya). Context B uploads nothing.
Both open the same views. A keeps its Streamlit session by moving between views the way the browser's
back/forward buttons do (history navigation: Streamlit reruns the page in the same session with the new URL);
a full reload would start a new session without the uploads.

For every view, "what a person sees" is recorded: the main column's text, every chart's SVG text, the
visible cells of every data grid, and the bytes of every download button shown (CSV, GeoJSON); on the map
also Kenya's colour and hover text. B must see exactly what a fresh shipped-data session sees (taken on a
server A never touched), whether it looks before A (``b_first``) or after A (``a_first``, on a second server
whose caches A fills first). A must see its own rows, marked *Your data*. Pinned texts say what each side shows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    ARTIFACTS,
    DESKTOP,
    _require_browser,
    local_page,
    no_errors,
    settle,
    start_server,
    stop_server,
    wait_for_app,
)
from tests.e2e.test_browser import FILL_JS, LOCATIONS_JS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (test_session_isolation imports conftest)
from test_session_isolation import FACTS, PRICES, ROSTER

CHART_TEXT_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"] svg text'))
  .map(t => { const lines = Array.from(t.querySelectorAll('tspan.line'));
              return lines.length ? lines.map(x => x.textContent).join(' ') : t.textContent; })"""
NAVIGATE_JS = (
    """(url) => { history.pushState({}, '', url); window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }"""
)

MAP_LEN = "?drug=lenalidomide"
FINDER = "regimens?country=KEN&lines=1"
COMPARE = "compare?countries=KEN,BRA"
# view groups: (id, [(url, tab to open or None), ...]); one test per group and order
GROUPS = {
    "map": [
        (MAP_LEN + "&view=table", None),
        (MAP_LEN, None),
        (MAP_LEN + "&view=people", None),
        (MAP_LEN + "&view=sources", None),
    ],
    "finder": [(FINDER, None), (FINDER, "What would unlock the most?"), (FINDER, "World map")],
    "country": [("country?country=KEN", None)],
    "costs-compare": [("costs?regimen=vd&countries=KEN,GBR", None), (COMPARE, "open:Sources of every status")],
    "timeline-sources": [("timeline?drug=daratumumab", None), ("sources", None)],
}
FUNDED_GREEN, NO_DATA_GREY = "rgb(0, 158, 115)", "rgb(224, 224, 224)"


# ---------------------------------------------------------------- servers, contexts, uploads


class Side:
    """One browser context holding one Streamlit session on one server."""

    def __init__(self, browser, url: str, name: str):
        self.url, self.name = url, name
        self.context, self.page = local_page(browser, DESKTOP, accept_downloads=True)
        self.opened = False

    def open(self, path: str) -> None:
        if not self.opened:  # the first view starts the session
            self.page.goto(f"{self.url}/{path}")
            self.opened = True
        else:  # later views: history navigation, the same session (uploads kept)
            self.page.evaluate(NAVIGATE_JS, f"/{path}")
            self.page.wait_for_timeout(400)
        wait_for_app(self.page)

    def close(self) -> None:
        self.context.close()


def upload_everything(side: Side, tmp: Path) -> None:
    """Facts, prices and roster through the Your-data page, each confirmed by its plain message."""
    pg = side.page
    side.open("data")
    for i, (kind, tab, text, message) in enumerate(
        (
            ("facts", "Availability facts", FACTS, "Using your availability facts: 2 rows, 2 countries."),
            ("prices", "Prices", PRICES, "Using your prices: 1 rows, 1 countries."),
            ("roster", "IMWG roster", ROSTER, "Using the uploaded roster: 1 rows, 1 countries."),
        )
    ):
        path = tmp / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        pg.get_by_role("tab", name=tab).click()
        pg.locator("[data-testid='stFileUploader'] input[type='file']").nth(i).set_input_files(str(path))
        pg.get_by_text(message).wait_for(timeout=30_000)
        wait_for_app(pg)
    pg.get_by_text("In use in this session: 2 facts rows, 1 prices rows, 1 roster rows.").wait_for(timeout=30_000)
    assert pg.locator("[data-testid='stSidebar']").get_by_text("Your data is in use").count() == 1
    no_errors(pg)


# ---------------------------------------------------------------- what a person sees


def _downloads(pg, tmp: Path) -> dict[str, bytes]:
    """The bytes behind every visible download button. A click reruns the page (Streamlit's default), which
    can replace the file behind a button still being fetched: wait for each rerun, and click again if the
    browser reports the download cancelled."""
    out = {}
    buttons = pg.locator("[data-testid='stMain'] [data-testid='stDownloadButton'] button")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not button.is_visible():
            continue  # inside a closed expander or another tab
        for attempt in range(3):
            try:
                with pg.expect_download(timeout=30_000) as dl:
                    button.click()
                target = tmp / f"dl-{i}"
                dl.value.save_as(target)
                break
            except Exception:
                if attempt == 2:
                    raise
            finally:
                settle(pg)
        out[f"{button.inner_text().split(chr(10))[-1]} ({dl.value.suggested_filename})"] = target.read_bytes()
    return out


def _map_drawn(pg) -> None:
    pg.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=60_000)


def _slide_png(pg, tmp: Path) -> bytes:
    """The map component's 16:9 slide PNG (drawn in the browser from this session's payload)."""
    with pg.expect_download(timeout=60_000) as dl:
        pg.get_by_role("button", name="Save slide (PNG)").click()
    target = tmp / "slide.png"
    dl.value.save_as(target)
    return target.read_bytes()


def seen(side: Side, path: str, tab: str | None, tmp: Path) -> dict:
    """Everything the view shows: texts, chart texts, grid cells, download bytes (and Kenya on the map)."""
    side.open(path)
    pg = side.page
    if tab and tab.startswith("open:"):  # an expander
        pg.locator("[data-testid='stMain'] [data-testid='stExpander'] summary", has_text=tab[5:]).click()
        pg.wait_for_timeout(400)
    elif tab:
        pg.get_by_role("tab", name=tab).click()
        pg.wait_for_timeout(400)
    if path == MAP_LEN:
        _map_drawn(pg)  # the world's shapes take longest; under load the page can look finished before them
    settle(pg)
    main = pg.locator("[data-testid='stMain']")
    view = {
        "text": main.inner_text(),
        "charts": pg.evaluate(CHART_TEXT_JS),
        "grids": [
            g.locator("[role=gridcell]").all_inner_texts()
            for g in main.locator("[data-testid='stDataFrame']").all()
            if g.is_visible()
        ],
        "downloads": _downloads(pg, tmp),
    }
    if path == MAP_LEN:  # the map itself: Kenya's colour and hover, the slide export, the IMWG overlay
        view["kenya_fill"] = pg.evaluate(FILL_JS, "KEN")
        view["slide_png"] = _slide_png(pg, tmp)
    no_errors(pg)
    assert "Traceback" not in view["text"]
    assert pg.blocked == []
    return view


def seen_group(side: Side, group: str, tmp: Path) -> dict:
    return {(path, tab): seen(side, path, tab, tmp) for path, tab in GROUPS[group]}


# ---------------------------------------------------------------- fixtures


class Server:
    def __init__(self, browser, log_name: str, tmp: Path):
        self.url, self.proc, self.log = start_server(log_name)
        self.browser, self.tmp = browser, tmp
        self.sides: dict[str, Side] = {}

    def side(self, name: str) -> Side:
        if name not in self.sides:
            self.sides[name] = Side(self.browser, self.url, name)
        return self.sides[name]

    def uploader(self) -> Side:
        if "A" not in self.sides:
            upload_everything(self.side("A"), self.tmp)
        return self.sides["A"]

    def stop(self) -> None:
        for s in self.sides.values():
            s.close()
        stop_server(self.proc, self.log)


@pytest.fixture(scope="module")
def b_first_server(browser, tmp_path_factory):
    """Server 1: B (shipped data) opens every view before A has uploaded anything; those views are the reference."""
    _require_browser()
    server = Server(browser, "streamlit-two-sessions-1.log", tmp_path_factory.mktemp("s1"))
    server.reference = {g: seen_group(server.side("B"), g, server.tmp) for g in GROUPS}
    yield server
    server.stop()


@pytest.fixture(scope="module")
def reference(b_first_server):
    return b_first_server.reference


@pytest.fixture(scope="module")
def a_first_server(browser, tmp_path_factory):
    """Server 2: A uploads and opens each view before any shipped-data session has."""
    _require_browser()
    server = Server(browser, "streamlit-two-sessions-2.log", tmp_path_factory.mktemp("s2"))
    yield server
    server.stop()


# ---------------------------------------------------------------- what each side must show


def _csv_rows(data: bytes, key: str) -> list[str]:
    return [line for line in data.decode("utf-8-sig").splitlines() if line.startswith(key)]


def _only(downloads: dict, name: str) -> bytes:
    found = [v for k, v in downloads.items() if name in k]
    assert len(found) == 1, (name, list(downloads))
    return found[0]


YOURS = "Your data (uploaded in this browser session): made_up_for_a_test"
# group: [(view, what, B sees (shipped data), A sees)]; "what" is "text" (a line of the main column), "grid"
# (a visible grid cell) or a download's file name (a line of it; GeoJSON: Kenya's properties)
PINNED = {
    "map": [
        (
            (MAP_LEN + "&view=table", None),
            "myeloma-access-lenalidomide-r.csv",
            "Kenya,No data,,,,,Searched 2026-12: nothing public found,Africa,Lower-middle income,,,KEN,Lenalidomide (R),"
            "today,2026-12-03",
            f"Kenya,Publicly funded,Lenalidomide (R),2024-05,stated by regulator/payer,,,Africa,Lower-middle income,"
            f"{YOURS},file:your-upload,KEN,Lenalidomide (R),today,2026-12-03",
        ),
        (
            (MAP_LEN + "&view=table", None),
            "myeloma-access-lenalidomide-r.geojson",
            {
                "iso3": "KEN",
                "name": "Kenya",
                "status": "no_data",
                "label": "No data",
                "drug_id": None,
                "evidence_date": None,
                "confidence": None,
                "stale": False,
                "citation": "",
                "url": "",
            },
            {
                "iso3": "KEN",
                "name": "Kenya",
                "status": "publicly_funded",
                "label": "Publicly funded",
                "drug_id": "lenalidomide",
                "evidence_date": "2024-05",
                "confidence": "stated",
                "stale": False,
                "citation": YOURS,
                "url": "file:your-upload",
                "includes_your_data": "INCLUDES YOUR DATA: 4 uploaded rows, not from published sources.",
            },
        ),
        ((MAP_LEN, None), "kenya_fill", NO_DATA_GREY, FUNDED_GREEN),
        (
            (MAP_LEN + "&view=people", None),
            "text",
            "Of the 187,690 people newly diagnosed with myeloma each year in the 181 countries with a GLOBOCAN 2022 "
            "estimate, 27,376 live where Lenalidomide (R) has a sourced publicly funded status, 119,359 where it "
            "is approved but its funding is unknown, 23,618 where patients pay (not publicly funded), 56 where it "
            "is not approved or not marketed and 17,281 where there is no data.",
            "Of the 187,690 people newly diagnosed with myeloma each year in the 181 countries with a GLOBOCAN 2022 "
            "estimate, 28,176 live where Lenalidomide (R) has a sourced publicly funded status, 119,359 where it "
            "is approved but its funding is unknown, 23,618 where patients pay (not publicly funded), 56 where it "
            "is not approved or not marketed and 16,481 where there is no data.",
        ),
        (
            (MAP_LEN + "&view=sources", None),
            "text",
            "39 sources give the statuses on this map (the number of countries each one decides):",
            "40 sources give the statuses on this map (the number of countries each one decides):",
        ),
        ((MAP_LEN + "&view=sources", None), "text", None, f"{YOURS} — 1 country"),
    ],
    "finder": [
        (
            (FINDER, None),
            "regimens-KEN.csv",
            'DRd,Unknown (missing data),"IMWG 2021 (guideline, 2021-03)",IMWG 2021: Preferred 1A,,Daratumumab (D),'
            '"Lenalidomide (R), Dexamethasone (d): counted as available from the national essential medicines list",'
            "unknown,",
            'DRd,Unknown (missing data),"IMWG 2021 (guideline, 2021-03)",IMWG 2021: Preferred 1A,,Daratumumab (D),'
            "Dexamethasone (d): counted as available from the national essential medicines list; Lenalidomide (R): "
            "status from your data,unknown,",
        ),
        (
            (FINDER, "What would unlock the most?"),
            "unlock-ranking.csv",
            # carfilzomib has no fact in Kenya: its regimens count as awaiting data (2), not as sourced barriers (0)
            'Carfilzomib (K),0,2,1,"Kd, KRd",Kenya,1 prior line,Any legal availability (incl. paying privately),'
            "IMWG 2021 only,2026-12-03",
            'Carfilzomib (K),0,2,1,"Kd, KRd",Kenya,1 prior line,Any legal availability (incl. paying privately),'
            "IMWG 2021 only,2026-12-03",
        ),
    ],
    "country": [
        (
            ("country?country=KEN", None),
            "text",
            "No price is sourced for this country, so costs here are unknown (never zero).",
            "IMWG people listed for this country",
        ),
        (
            ("country?country=KEN", None),
            ".csv",
            "Lenalidomide (R),Immunomodulatory drugs,No data,,,,,,0,Kenya,2026-12-03",
            f"Lenalidomide (R),Immunomodulatory drugs,Publicly funded,2024-05,stated by regulator/payer,,approved "
            f"(2024-05) — {YOURS},funded (2024-05) — {YOURS},",
        ),
    ],
    "costs-compare": [
        (
            ("costs?regimen=vd&countries=KEN,GBR", None),
            "text",
            "Kenya: no price — none in the data for Bortezomib (V), Dexamethasone (d).",
            "Kenya: no price — Dexamethasone (d) (oral): no price. Priced: Bortezomib (V).",
        ),
        (
            (COMPARE, "open:Sources of every status"),
            "compare-status.csv",
            'Lenalidomide (R),No data,Not publicly funded (patients pay) (2022-02),"KEN,BRA",2026-12-03',
            'Lenalidomide (R),Publicly funded (2024-05),Not publicly funded (patients pay) (2022-02),"KEN,BRA",2026-12-03',
        ),
        (
            (COMPARE, "open:Sources of every status"),
            "compare-status.csv",
            'Daratumumab (D),No data,Not publicly funded (patients pay) (2022-02),"KEN,BRA",2026-12-03',
            'Daratumumab (D),No data,Publicly funded (2025-06),"KEN,BRA",2026-12-03',
        ),
        (
            (COMPARE, "open:Sources of every status"),
            "compare-status-sources.csv",
            None,
            f"Lenalidomide (R),Kenya,Publicly funded,2024-05,stated by regulator/payer,,{YOURS},file:your-upload,"
            '"KEN,BRA",2026-12-03',
        ),
    ],
    "timeline-sources": [
        (
            ("timeline?drug=daratumumab", None),
            "text",
            "Of the 187,690 people newly diagnosed with myeloma each year in the 181 countries with a GLOBOCAN 2022 "
            "estimate, 64,496 live where Daratumumab (D) has a sourced publicly funded status, 2,107 where it is "
            "publicly funded for some indications, 89,646 where it is approved but its funding is unknown, 11,268 "
            "where patients pay (not publicly funded) and 20,173 where there is no data.",
            "Of the 187,690 people newly diagnosed with myeloma each year in the 181 countries with a GLOBOCAN 2022 "
            "estimate, 70,253 live where Daratumumab (D) has a sourced publicly funded status, 2,107 where it is "
            "publicly funded for some indications, 89,646 where it is approved but its funding is unknown, 5,511 "
            "where patients pay (not publicly funded) and 20,173 where there is no data.",
        ),
        (
            ("sources", None),
            "text",
            "465 sources. Each fact row in the data cites one of them with an as-of date.",
            "466 sources. Each fact row in the data cites one of them with an as-of date.",
        ),
    ],
}


def _found(view: dict, what: str, expected):
    """The line (or value) of ``what`` in ``view`` that ``expected`` names, or None."""
    if what in ("kenya_fill", "kenya_hover", "imwg"):
        return view[what]
    if what == "text":
        lines = view["text"].splitlines()
    else:
        data = _only(view["downloads"], what)
        if what.endswith(".geojson"):
            feature = next(f for f in json.loads(data)["features"] if f["properties"]["iso3"] == "KEN")
            return feature["properties"]
        lines = data.decode("utf-8-sig").splitlines()
    if expected is None:
        return None
    head = expected.split(",")[0] if what != "text" else expected
    hits = [x for x in lines if x.startswith(head)] if what != "text" else [x for x in lines if x == expected]
    return next((x for x in hits if x.startswith(expected)), hits[0] if hits else None)


def check(group: str, views: dict, side: str) -> None:
    """The pinned lines of one side ("B": shipped data; "A": the uploader's), and nothing of A's on B."""
    for key, what, shipped, uploaded in PINNED[group]:
        expected = shipped if side == "B" else uploaded
        got = _found(views[key], what, expected)
        if isinstance(expected, str) and what not in ("kenya_fill", "kenya_hover", "imwg"):
            assert got is not None and got.startswith(expected), (side, key, what, got, expected)
        elif expected is not None:
            assert got == expected, (side, key, what, got, expected)
    if side == "B":
        for key, v in views.items():
            blob = v["text"] + "\n".join(v["charts"]) + json.dumps(v["grids"]) + v.get("kenya_hover", "")
            assert "made_up_for_a_test" not in blob and "Your data" not in blob and "Testperson" not in blob, key
            for name, data in v["downloads"].items():
                assert b"made_up_for_a_test" not in data and b"Testperson" not in data and b"ken_btz" not in data, (
                    key,
                    name,
                )


def dump(name: str, views: dict) -> None:
    """What each side saw, for reading a failure (test-artifacts/two-sessions-*.txt)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / f"two-sessions-{name}.txt", "w", encoding="utf-8") as f:
        for (path, tab), v in views.items():
            f.write(f"===== {path} {tab or ''}\n{v['text']}\n-- charts: {v['charts']}\n-- grids: {v['grids']}\n")
            for k, data in v["downloads"].items():
                f.write(f"-- download {k}:\n{data.decode('utf-8-sig', 'replace')[:30000]}\n")
            for k in ("kenya_fill", "kenya_hover", "imwg"):
                if k in v:
                    f.write(f"-- {k}: {v[k]}\n")


def assert_same(b: dict, ref: dict) -> None:
    for key in ref:
        for part in ref[key]:
            assert b[key][part] == ref[key][part], f"B's {key} {part} differs from a fresh shipped session's"


@pytest.mark.parametrize("order", ["b-first", "a-first"])
@pytest.mark.parametrize("group", list(GROUPS))
def test_the_uploaders_data_never_reaches_the_other_session(request, reference, group, order):
    """b-first: B opened the views (the reference), then A uploads and opens them, then B again.
    a-first: on a fresh server A uploads and opens them first, then B. B must see exactly the fresh shipped
    views and the shipped pinned lines; A its own."""
    server = request.getfixturevalue("b_first_server" if order == "b-first" else "a_first_server")
    a = seen_group(server.uploader(), group, server.tmp)
    b = seen_group(server.side("B"), group, server.tmp)
    dump(f"{order}-{group}-A", a)
    dump(f"{order}-{group}-B", b)
    check(group, b, "B")
    assert_same(b, reference[group])
    check(group, a, "A")
    assert a != reference[group]
