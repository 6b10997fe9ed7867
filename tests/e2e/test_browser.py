"""End-to-end: drive the real app in headless Chromium with the internet blocked."""

import pytest

from tests.e2e.conftest import ARTIFACTS, FOOTER, wait_for_app

PAGES = ["", "regimens", "country", "sources", "about"]  # "" = the landing page (map)
LOCATIONS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] path.choroplethlocation'))
  .filter(p => (p.getAttribute('d') || '').length > 10)
  .map(p => p.__data__ && p.__data__.loc)"""


def _no_errors(page):
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_error(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    _no_errors(page)
    assert page.locator("h1").count() >= 1
    page.get_by_text(FOOTER).first.wait_for(timeout=30_000)  # shared footer
    page.screenshot(path=str(ARTIFACTS / f"page-{path or 'map'}.png"), full_page=True)


def test_map_draws_country_shapes_offline(page, app_url, blocked_requests):
    page.goto(f"{app_url}/")
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    locations = set(page.evaluate(LOCATIONS_JS))
    assert len(locations) >= 230
    assert {"SGP", "MLT", "BHR", "FRA", "NOR", "BRA", "USA"} <= locations
    assert not [u for u in blocked_requests if "plot.ly" in u], blocked_requests
    _no_errors(page)
    page.screenshot(path=str(ARTIFACTS / "map-offline.png"))


def _click_country(page, iso3: str) -> None:
    box = page.evaluate(
        """(iso) => { const p = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] path.choroplethlocation'))
            .filter(p => p.__data__ && p.__data__.loc === iso)
            .sort((a, b) => b.getBBox().width * b.getBBox().height - a.getBBox().width * a.getBBox().height)[0];
          const r = p.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""",
        iso3,
    )
    page.mouse.click(box["x"], box["y"])


def test_clicking_a_country_opens_its_details(page, app_url):
    page.goto(f"{app_url}/?drug=lenalidomide")
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    for _ in range(3):  # the chart may need a moment before it reports clicks
        _click_country(page, "BRA")
        try:
            page.get_by_role("heading", name="Brazil").wait_for(timeout=8_000)
            break
        except Exception:  # noqa: BLE001 - retry the click
            page.wait_for_timeout(500)
    page.get_by_role("heading", name="Brazil").wait_for(timeout=10_000)
    assert "country=BRA" in page.url
    page.get_by_role("button", name="Open country page").click()
    page.wait_for_url("**/country?country=BRA*", timeout=20_000)
    wait_for_app(page)
    page.get_by_role("heading", name="Brazil", level=1).wait_for(timeout=20_000)
    _no_errors(page)
    page.screenshot(path=str(ARTIFACTS / "country-brazil.png"), full_page=True)


def test_drug_choice_is_shareable_in_the_url(page, app_url):
    page.goto(f"{app_url}/?drug=teclistamab")
    wait_for_app(page)
    page.get_by_text("Access to Teclistamab for relapsed/refractory myeloma").wait_for(timeout=20_000)
    page.reload()
    wait_for_app(page)
    page.get_by_text("Access to Teclistamab for relapsed/refractory myeloma").wait_for(timeout=20_000)


def test_regimen_finder_changes_with_the_situation(page, app_url):
    page.goto(f"{app_url}/regimens?country=DEU&lines=1")
    wait_for_app(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=20_000)
    before = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    page.get_by_text("Lenalidomide-refractory").click()
    page.wait_for_function("() => location.search.includes('len=1')", timeout=20_000)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    after = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert before != after, (before, after)
    _no_errors(page)
    page.screenshot(path=str(ARTIFACTS / "regimens-deu.png"), full_page=True)


def test_roster_upload_rejects_bad_file_then_accepts_good_one(page, app_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("member_name,iso3\nSomeone,ZZ9\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(
        "member_name,iso3,institution,roster,evidence,source_id,as_of\n"
        "Example, A,KEN,Example Hospital,official_2026,official_roster,rgm_imwg2021_moreau,2026-11-01\n".replace(
            "Example, A", '"Example, A"'),
        encoding="utf-8",
    )
    page.goto(f"{app_url}/?imwg=1")
    wait_for_app(page)
    page.get_by_text("Use another IMWG roster (CSV)").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad))
    page.get_by_text("This file was not used").wait_for(timeout=20_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(good))
    page.get_by_text("Using the uploaded roster: 1 rows, 1 countries").wait_for(timeout=20_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "roster-upload.png"), full_page=True)
