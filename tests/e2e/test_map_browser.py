"""The access map component in headless Chromium: it recolours in the browser with no server round trip.

Expected colours come from the model (myeloma_access/status.py; tints are 55% white):
- Daratumumab today: New Zealand not publicly funded (#E69F00), Chad No data (#E0E0E0).
- Lenalidomide today: Canada publicly funded, last evidence 2021-10-29, old -> pale #8CD3BF; at the end of 2009
  approved (2008), old -> pale #B5DDF5; Germany approved (EU, 2023-03-12 still authorised) -> #56B4E9.
- Lenalidomide on national EMLs: India listed (list of 2015) #6A51A3; Afghanistan not listed #DADAEB.
- IMWG roster (shipped, partial): 61 people in 14 countries, 28 in the USA.
"""

import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, no_errors, screenshot, wait_for_app
from tests.e2e.test_browser import FILL_JS, LOCATIONS_JS

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def _open(page, url):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    return sent


INSIDE_JS = """(iso) => { const r = document.querySelector('[data-testid=stBidiComponentIsolated]').shadowRoot;
  const p = r.querySelector(`path[data-iso3="${iso}"]`); const b = p.getBBox();
  for (let fy = 0.02; fy < 0.98; fy += 0.02) for (let fx = 0.02; fx <= 0.98; fx += 0.02) {
    const pt = new DOMPoint(b.x + b.width * fx, b.y + b.height * fy);
    if (p.isPointInFill(pt)) { const s = pt.matrixTransform(p.getScreenCTM()); return {x: s.x, y: s.y}; } }
  return null; }"""


def _hover(page, iso3):
    page.get_by_test_id("map-svg-root").scroll_into_view_if_needed()
    xy = page.evaluate(INSIDE_JS, iso3)
    page.mouse.move(xy["x"] - 2, xy["y"] - 2)
    page.mouse.move(xy["x"], xy["y"], steps=2)


def _unfold(page):
    if not page.get_by_test_id("map-layer").is_visible():
        page.get_by_text("Layer, year, IMWG, export").click()


@VIEWPORTS
def test_drug_and_year_recolour_in_the_browser_without_a_rerun(page, app_url, viewport, blocked_requests):
    sent = _open(page, f"{app_url}/?drug=daratumumab")
    assert page.evaluate(FILL_JS, "NZL") == "rgb(230, 159, 0)"
    assert page.evaluate(FILL_JS, "TCD") == "rgb(224, 224, 224)"
    before = len(sent)
    page.get_by_test_id("map-drug").select_option("lenalidomide")
    assert page.evaluate(FILL_JS, "CAN") == "rgb(140, 211, 191)"  # publicly funded, old evidence: pale
    assert page.evaluate(FILL_JS, "DEU") == "rgb(86, 180, 233)"
    assert page.get_by_test_id("map-title").inner_text() == (
        "Access to Lenalidomide (R) for relapsed/refractory myeloma, today"
    )
    assert re.search(r"[?&]drug=lenalidomide(&|$)", page.url)
    _unfold(page)
    page.get_by_test_id("map-year").fill("2009")
    assert page.evaluate(FILL_JS, "CAN") == "rgb(181, 221, 245)"  # approved 2008, funded only from 2010
    assert page.get_by_test_id("map-title").inner_text() == (
        "Access to Lenalidomide (R) for relapsed/refractory myeloma, at the end of 2009"
    )
    assert "year=2009" in page.url
    page.wait_for_timeout(500)
    assert len(sent) == before  # nothing went to the server: no rerun
    summary = page.get_by_test_id("map-summary").inner_text()
    counts = re.findall(r"(?:·|:) ([^·:]+?) (\d+)(?= ·|$)", summary.split(". ")[0])
    assert (
        sum(int(n) for _, n in counts) == 237
        and ("No data", str(237 - sum(int(n) for k, n in counts if k != "No data"))) in counts
    ), summary  # every country counted, No data named
    assert "Publicly funded" not in summary.split(". ")[0]  # nobody funded lenalidomide by the end of 2009
    page.reload()  # the URL reproduces the view
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    assert page.evaluate(FILL_JS, "CAN") == "rgb(181, 221, 245)"
    assert page.get_by_test_id("map-drug").input_value() == "lenalidomide"
    assert blocked_requests == []
    no_errors(page)


@VIEWPORTS
def test_phone_and_desktop_show_the_map_on_the_first_screen_with_its_legend(page, app_url, viewport):
    _open(page, f"{app_url}/?drug=lenalidomide")
    box = page.get_by_test_id("map-svg-root").bounding_box()
    assert box["y"] + box["height"] * 0.5 < viewport["height"]  # at least half the map on the first screen
    assert box["width"] > viewport["width"] * (0.9 if viewport is PHONE else 0.55)
    legend = page.get_by_test_id("map-legend")
    text = legend.inner_text()
    for label in (
        "Publicly funded",
        "Approved, funding unknown",
        "Not publicly funded (patients pay)",
        "Not approved or not marketed",
        "Withdrawn",
        "No data (grey: not 'not approved')",
        "full: evidence of the last five years · pale: older than five years or only inferred",
    ):
        assert label in text
    swatches = page.evaluate(f"""() => Array.from({"(() => document.querySelector('[data-testid=stBidiComponentIsolated]').shadowRoot)()"}
        .querySelectorAll('[data-status=publicly_funded] .sw')).map(s => getComputedStyle(s).backgroundColor)""")
    assert swatches == ["rgb(0, 158, 115)", "rgb(140, 211, 191)"]  # full and pale
    assert page.get_by_role("region", name="Access map").count() == 1
    assert page.get_by_role("img", name=re.compile("^World map: Access to Lenalidomide")).count() == 1
    assert page.get_by_text("Deploy", exact=True).count() == 0  # client.toolbarMode = "minimal"
    scripts = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert not [s for s in scripts if "PlotlyChart" in s]  # the landing page no longer loads plotly
    screenshot(page, "map-component", viewport["width"])


def test_eml_layer_disables_year_and_imwg_with_a_reason(page, app_url):
    _open(page, f"{app_url}/?drug=lenalidomide&layer=eml")
    assert page.evaluate(FILL_JS, "IND") == "rgb(106, 81, 163)"
    assert page.evaluate(FILL_JS, "AFG") == "rgb(218, 218, 235)"
    assert page.get_by_test_id("map-title").inner_text() == "Lenalidomide (R) on national essential medicines lists"
    assert page.get_by_test_id("map-year").is_disabled() and page.get_by_test_id("map-imwg").is_disabled()
    assert page.get_by_role("note").inner_text().startswith("Year and IMWG overlay apply to the access-status layer")
    assert page.get_by_test_id("map-source").inner_text().startswith("Source: Global Essential Medicines (GEM)")
    _hover(page, "IND")
    tip = page.get_by_role("tooltip")
    assert tip.inner_text().split("\n") == ["India", "On the national essential medicines list", "List of 2015"]
    page.get_by_test_id("map-layer").select_option("")
    assert page.evaluate(FILL_JS, "DEU") == "rgb(86, 180, 233)"
    assert not page.get_by_test_id("map-year").is_disabled()
    assert "layer=" not in page.url
    no_errors(page)


def test_imwg_circles_have_a_size_key_and_never_block_the_country_hover(page, app_url):
    _open(page, f"{app_url}/?drug=daratumumab")
    page.get_by_test_id("map-imwg").check()
    circles = page.locator("circle[data-iso3]")
    assert circles.count() == 14
    assert page.locator("circle[data-iso3='USA']").get_attribute("data-members") == "28"
    assert "imwg=1" in page.url
    assert (
        "IMWG people per country in the roster in use (circle area)" in page.get_by_test_id("map-legend").inner_text()
    )
    assert "(61 people, 14 countries)" in page.get_by_test_id("map-summary").inner_text()
    box = page.locator("circle[data-iso3='USA']").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # on the circle
    lines = page.get_by_role("tooltip").inner_text().split("\n")
    assert lines[:2] == ["United States", "Approved, funding unknown"] and lines[-1] == "IMWG people in roster: 28"
    assert lines[2].startswith("Last evidence: ") and lines[3].startswith("Source: ")


def test_hover_shows_status_last_evidence_confidence_and_source(page, app_url):
    _open(page, f"{app_url}/?drug=daratumumab")
    _hover(page, "NZL")
    lines = page.get_by_role("tooltip").inner_text().split("\n")
    assert lines[:2] == ["New Zealand", "Not publicly funded (patients pay)"]
    assert re.fullmatch(
        r"Last evidence: \d{4}(-\d\d){0,2} · (stated by regulator/payer|reported|inferred)"
        r"( \(old or inferred\))?",
        lines[2],
    ), lines
    assert lines[3].startswith("Source: ") and len(lines[3]) <= len("Source: ") + 91
    # "No data" says whether the evidence search looked (issue 16): Ethiopia searched, Chad not yet
    _hover(page, "ETH")
    assert page.get_by_role("tooltip").inner_text().split("\n") == [
        "Ethiopia",
        "No data",
        "Searched 2026-12: nothing public found",
    ]
    _hover(page, "TCD")
    assert page.get_by_role("tooltip").inner_text().split("\n") == ["Chad", "No data", "Not yet searched"]


def test_search_highlights_a_country_and_the_table_follows_the_browser(page, app_url):
    sent = _open(page, f"{app_url}/?drug=daratumumab")
    page.get_by_test_id("map-drug").select_option("lenalidomide")
    find = page.get_by_test_id("map-find")
    find.fill("Canada")
    find.press("Enter")
    page.get_by_role("heading", name="Canada").wait_for(timeout=20_000)  # one rerun opens the details
    assert page.locator("path[data-iso3='CAN']").get_attribute("class") == "selected"
    details = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="Lenalidomide (R):").first
    assert "Publicly funded" in details.inner_text() and "last evidence: 2021-10-29" in details.inner_text()
    assert "country=CAN" in page.url and "drug=lenalidomide" in page.url
    page.get_by_test_id("map-drug").select_option("daratumumab")  # details follow (one rerun)
    page.locator("[data-testid='stMarkdownContainer']").filter(has_text="Daratumumab (D):").first.wait_for(
        timeout=20_000
    )
    page.get_by_test_id("map-drug").select_option("pomalidomide")
    # the map has redrawn (and reported its view) before the tab's rerun reads it
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=stBidiComponentIsolated]').shadowRoot;"
        " return r.querySelector('[data-testid=map-title]').textContent.includes('Pomalidomide'); }",
        timeout=20_000,
    )
    page.wait_for_url(re.compile(r"drug=pomalidomide"), timeout=20_000)
    page.get_by_role("tab", name="Table").click()
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=20_000)
    wait_for_app(page)
    assert "view=table" in page.url and "drug=pomalidomide" in page.url
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    csv = dl.value.path().read_text(encoding="utf-8-sig")
    assert "Pomalidomide (P)" in csv and "Lenalidomide (R)" not in csv and "Daratumumab (D)" not in csv
    assert sent  # the click, the search and the tab did reach the server
    no_errors(page)


def test_country_page_link_carries_the_drug_and_back_returns_to_the_same_map(page, app_url):
    """Issue 18: the details panel's 'Open country page' is a link carrying drug and country; Back returns to
    the map on that drug and country (it used to return to a bare '/')."""
    _open(page, f"{app_url}/?drug=daratumumab")
    find = page.get_by_test_id("map-find")
    find.fill("Canada")
    find.press("Enter")
    page.get_by_role("heading", name="Canada").wait_for(timeout=20_000)
    link = page.get_by_role("link", name="Open country page")
    assert link.get_attribute("href").endswith("country?country=CAN&drug=daratumumab")
    link.click()
    page.wait_for_url(re.compile(r"/country\?country=CAN&drug=daratumumab$"), timeout=30_000)
    page.get_by_role("heading", name="Canada", exact=True).wait_for(timeout=30_000)
    page.go_back()
    page.wait_for_url(re.compile(r"/\?drug=daratumumab&country=CAN$"), timeout=30_000)
    page.get_by_role("heading", name="Canada").wait_for(timeout=30_000)  # the details panel again
    assert page.get_by_test_id("map-drug").input_value() == "daratumumab"
    no_errors(page)
