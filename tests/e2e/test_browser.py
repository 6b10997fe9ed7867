"""End-to-end: drive the real app in headless Chromium with every non-local request blocked."""

import pytest

from tests.e2e.conftest import ARTIFACTS, DESKTOP, FOOTER, PHONE, no_errors, screenshot, wait_for_app

PAGES = ["", "regimens", "country", "sources", "about"]  # "" = the landing page (map)
# The access map is a v2 component in a shadow root: its countries are <path data-iso3=...>.
MAP_ROOT = (
    "(() => { const h = document.querySelector('[data-testid=stBidiComponentIsolated]'); return h && h.shadowRoot; })()"
)
LOCATIONS_JS = f"""() => {{ const r = {MAP_ROOT}; return r ? Array.from(r.querySelectorAll('path[data-iso3]'))
  .filter(p => (p.getAttribute('d') || '').length > 10).map(p => p.getAttribute('data-iso3')) : []; }}"""
FILL_JS = f"""(iso) => {{ const r = {MAP_ROOT}; const p = r && r.querySelector(`path[data-iso3="${{iso}}"]`);
  return p ? getComputedStyle(p).fill : null; }}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_error_and_without_leaving_the_machine(
    page, app_url, path, viewport, blocked_requests
):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    no_errors(page)
    assert page.locator("h1").count() >= 1
    page.get_by_text(FOOTER).first.wait_for(timeout=30_000)  # shared footer
    if path == "":
        page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    screenshot(page, f"page-{path or 'map'}", viewport["width"])
    assert blocked_requests == []  # fonts, icons, geometry: all served by the app


def test_first_visit_straight_to_a_page_gets_the_router(page, fresh_app_url):
    """A fresh server's first session opens /sources directly: sidebar navigation and footer must be there."""
    page.goto(f"{fresh_app_url}/sources")
    wait_for_app(page)
    page.get_by_role("heading", name="Sources & methods", level=1).wait_for(timeout=30_000)
    assert page.locator("[data-testid='stSidebarNav']").count() == 1
    assert page.get_by_text("Regimen finder").count() >= 1
    page.get_by_text(FOOTER).first.wait_for(timeout=30_000)


def test_map_draws_country_shapes_offline_in_the_right_colours(page, app_url, blocked_requests):
    page.goto(f"{app_url}/?drug=daratumumab")
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    locations = set(page.evaluate(LOCATIONS_JS))
    assert {"SGP", "MLT", "BHR", "FRA", "NOR", "BRA", "USA"} <= locations
    # New Zealand: not publicly funded (orange #E69F00); Antarctica is not drawn; a no-data country is grey.
    assert page.evaluate(FILL_JS, "NZL") == "rgb(230, 159, 0)"
    assert page.evaluate(FILL_JS, "TCD") == "rgb(224, 224, 224)"
    assert blocked_requests == []
    no_errors(page)


def _click_country(page, iso3: str) -> None:
    page.locator(f"path[data-iso3='{iso3}']").click()


def test_clicking_a_country_opens_its_details(page, app_url):
    page.goto(f"{app_url}/?drug=daratumumab")
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    for _ in range(3):  # the chart may need a moment before it reports clicks
        _click_country(page, "BRA")
        try:
            page.get_by_role("heading", name="Brazil").wait_for(timeout=8_000)
            break
        except Exception:
            page.wait_for_timeout(500)
    page.get_by_role("heading", name="Brazil").wait_for(timeout=10_000)
    assert "country=BRA" in page.url
    details = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="Daratumumab (D):").first
    assert "Not publicly funded (patients pay)" in details.inner_text()
    page.get_by_role("link", name="Open country page").click()
    page.wait_for_url("**/country?country=BRA&drug=daratumumab", timeout=20_000)  # the drug rides along
    wait_for_app(page)
    page.get_by_role("heading", name="Brazil", level=1).wait_for(timeout=20_000)
    no_errors(page)


def test_drug_and_year_are_shareable_in_the_url(page, app_url):
    page.goto(f"{app_url}/?drug=teclistamab&year=2023")
    for attempt in range(2):
        wait_for_app(page)
        page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
        assert page.get_by_test_id("map-title").inner_text() == (
            "Access to Teclistamab for relapsed/refractory myeloma, at the end of 2023"
        )
        if attempt == 0:
            page.reload()


def test_regimen_finder_changes_with_the_situation(page, app_url):
    page.goto(f"{app_url}/regimens?country=GBR&lines=1&scope=with_later")
    wait_for_app(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=20_000)
    page.get_by_text("Anti-CD38-refractory").click()
    page.wait_for_function("() => location.search.includes('cd38=1')", timeout=20_000)
    wait_for_app(page)
    page.get_by_text("IMWG 2021 also gives first-relapse recommendations for disease that progressed").wait_for(
        timeout=20_000
    )
    # usable, blocked, unknown, not usable: refractory (issue 17: BVd's UK approval joins the handbook's list)
    assert page.locator("[data-testid='stMetricValue']").all_inner_texts() == ["4", "0", "5", "0"]
    no_errors(page)


def test_roster_upload_rejects_bad_file_then_accepts_good_one(page, app_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("member_name,iso3\nSomeone,ZZ9\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(
        "member_name,iso3,institution,roster,evidence,source_id,as_of\n"
        '"Example, A",KEN,Example Hospital,official_2026,official_roster,rgm_imwg2021_moreau,2026-11-01\n',
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
    page.get_by_text("(1 people, 1 countries)").wait_for(timeout=20_000)  # the overlay changed at once
    assert page.locator("[data-testid='stException']").count() == 0
    page.get_by_role("button", name="Go back to the shipped roster").click()
    page.get_by_text("(61 people, 14 countries)").wait_for(timeout=20_000)
    # the map redraws while the rerun is still running; the note goes once the rerun ends (under load, later)
    page.get_by_text("Using the uploaded roster").wait_for(state="detached", timeout=20_000)
    assert page.get_by_text("Using the uploaded roster").count() == 0


def test_deep_link_to_a_country_opens_its_page(page, app_url):
    page.goto(f"{app_url}/country/bra")
    page.wait_for_url("**/country?country=BRA*", timeout=20_000)
    wait_for_app(page)
    page.get_by_role("heading", name="Brazil", level=1).wait_for(timeout=20_000)
    page.goto(f"{app_url}/country/not-a-code")
    wait_for_app(page)
    page.get_by_role("heading", name="Country details", level=1).wait_for(timeout=20_000)
    no_errors(page)


def test_static_javascript_is_compressed(page, app_url):
    """serve.py gzips Streamlit's own JavaScript, which plain `streamlit run` sends uncompressed."""
    page.goto(f"{app_url}/sources")
    wait_for_app(page)
    sent, decoded = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/static/js/'))
        .reduce((a, e) => [a[0] + e.encodedBodySize, a[1] + e.decodedBodySize], [0, 0])""")
    assert decoded > 1_000_000
    assert sent < 0.45 * decoded, (sent, decoded)


def test_own_facts_for_a_country_with_no_data_show_at_once_marked_as_yours(page, app_url, tmp_path):
    """Upload one fact for Kenya (bortezomib approved and publicly funded), then see it on the map, in the
    finder and in the merged download — marked 'Your data'."""
    facts = tmp_path / "facts.csv"
    facts.write_text(
        "iso3,drug_id,authorisation,funding,date,confidence,source_id,as_of,note\n"
        'KEN,bortezomib,approved,funded,2025-03,stated,kenya_list_2025,2026-11-24,=HYPERLINK("x")\n',
        encoding="utf-8",
    )
    page.goto(f"{app_url}/data")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(facts))
    page.get_by_text("Using your availability facts: 1 rows, 1 countries.").wait_for(timeout=20_000)
    page.get_by_text("Your data is in use").wait_for(timeout=20_000)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download merged with the shipped data").click()
    merged = dl.value.path().read_text(encoding="utf-8-sig")
    assert "your_data__kenya_list_2025" in merged and "'=HYPERLINK" in merged  # marked, formula neutralised
    page.get_by_role("link", name="Access map").click()
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    assert page.evaluate(FILL_JS, "KEN") == "rgb(0, 158, 115)"  # publicly funded, fresh
    page.get_by_role("link", name="Regimen finder").click()
    wait_for_app(page)
    page.get_by_text("Your data is in use").wait_for(timeout=20_000)
    no_errors(page)


def _export(page, app_url, width: int, fmt: str, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app_url}/?drug=lenalidomide")
    wait_for_app(page)
    page.wait_for_function(f"() => ({LOCATIONS_JS})().length >= 230", timeout=30_000)
    button = page.get_by_test_id(f"map-{fmt}")
    if not button.is_visible():  # a phone: the export buttons are folded with the other controls
        page.get_by_text("Layer, year, IMWG, export").click()
    with page.expect_download(timeout=60_000) as dl:
        button.click()
    target = tmp_path / f"slide-{width}.{fmt}"
    dl.value.save_as(target)
    return target


@pytest.mark.parametrize("width", [1400, 390])
def test_slide_export_is_the_same_16_9_image_at_any_window_width(page, app_url, tmp_path, width):
    from PIL import Image

    png = _export(page, app_url, width, "png", tmp_path)
    with Image.open(png) as img:
        assert img.size == (1600, 900)
        assert img.convert("RGB").getpixel((5, 5)) == (255, 255, 255)
        colours = {c for _, c in img.convert("RGB").getcolors(1_000_000)}
        assert (0, 158, 115) in colours and (224, 224, 224) in colours  # publicly funded; No data grey
    svg = _export(page, app_url, width, "svg", tmp_path).read_text(encoding="utf-8")
    assert 'width="1600" height="900"' in svg
    assert "Source: Myeloma Access Explorer, data as of" in svg
    assert "Access to Lenalidomide (R) for relapsed/refractory myeloma, today" in svg
    assert "Publicly funded" in svg and "No data" in svg and 'fill="#8CD3BF"' in svg  # a pale swatch
    (ARTIFACTS / f"slide-{width}.png").write_bytes(png.read_bytes())


def test_presenter_mode_hides_the_chrome(page, app_url):
    page.goto(f"{app_url}/?present=1&drug=lenalidomide")
    wait_for_app(page)
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return !s || s.offsetParent === null; }",
        timeout=20_000,
    )
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.title() == "Access map · Myeloma Access Explorer"
    page.get_by_text(FOOTER).first.wait_for(timeout=20_000)
