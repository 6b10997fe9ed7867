"""The disparity views in headless Chromium: open each from a URL, change a control, check numbers by hand.

Hand-computed figures (data/prices.csv, fx_rates.csv, country_indicators.csv; see tests/test_views.py):
- DRd, one 28-day cycle, South Africa (SEP register 2025-06-03, ZAR at the WDI 2025 rate): US$ 19,328.34.
- DRd, one 28-day cycle, United Kingdom: GBP 17,280.00 (daratumumab SC 4 x 1,800 mg, 2025-12) + 3,057.60
  (lenalidomide, 2023-08) + 24.58 (dexamethasone, 2023-08); x 1.3167008 (2025) / 1.242948 (2023) = US$ 26,583.58;
  x 1.3398897 (2026-10-30) = US$ 27,283.08; PPP 17,280 / 0.677133 + 3,082.18 / 0.660709 = Int$ 30,184;
  26,583.58 / (57,601.96 / 12) = 5.5 months of GDP per capita (2025). Brazil and India: no price for any drug.
- Lenalidomide: FDA 2006-06 first; EU/EEA 2007-06-14 (+1.0 y); Brazil (ANVISA) 2017-12-26 (+11.6 y).
- Brazil / Mexico / Spain, bortezomib: publicly funded (2020) / approved (2018) / approved (2023).
"""

import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, no_errors, screenshot, wait_for_app

FILL_JS = """(iso) => { const p = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] path.choroplethlocation'))
  .filter(p => p.__data__ && p.__data__.loc === iso && (p.getAttribute('d') || '').length > 10);
  return p.map(x => getComputedStyle(x).fill); }"""
# A point inside a country's largest shape (scanning from the top; a bounding-box centre can fall in the sea,
# e.g. South Africa's box includes the Prince Edward Islands), in page coordinates.
INSIDE_JS = """(iso) => { const p = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] path.choroplethlocation'))
    .filter(p => p.__data__ && p.__data__.loc === iso)
    .sort((a, b) => b.getBBox().width * b.getBBox().height - a.getBBox().width * a.getBBox().height)[0];
  const b = p.getBBox();
  for (let fy = 0.1; fy < 0.9; fy += 0.05) for (let fx = 0.3; fx <= 0.7; fx += 0.1) {
    const pt = new DOMPoint(b.x + b.width * fx, b.y + b.height * fy);
    if (p.isPointInFill(pt)) { const s = pt.matrixTransform(p.getScreenCTM()); return {x: s.x, y: s.y}; } }
  return null; }"""
CHART_TEXT_JS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] svg text'))
  .map(t => { const lines = Array.from(t.querySelectorAll('tspan.line'));
              return lines.length ? lines.map(x => x.textContent).join(' ') : t.textContent; })"""
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def _wait_for_chart_text(page, text: str, timeout: int = 30_000) -> None:
    page.wait_for_function(f"(t) => ({CHART_TEXT_JS})().includes(t)", arg=text, timeout=timeout)


def _main(page):
    return page.locator("[data-testid='stMain']")


def _wait_for_text(page, text, timeout=30_000):
    _main(page).get_by_text(text).first.wait_for(timeout=timeout)


@VIEWPORTS
def test_cost_map_worked_example_and_basis_control(page, app_url, viewport, blocked_requests):
    page.goto(f"{app_url}/costs?regimen=drd&countries=BRA,IND,GBR")
    wait_for_app(page)
    page.get_by_role("heading", name="What does a 28-day cycle cost, and how affordable is it?").wait_for()
    uk = _main(page).locator("[data-testid='stMarkdownContainer']", has_text="United Kingdom: $26,584").first
    uk.wait_for(timeout=30_000)
    text = uk.inner_text()
    assert "$26,584 at the price year's exchange rate (2025, 2023)" in text
    assert "$27,283 at today's rate (2026-10-30)" in text
    assert "Int$ 30,184" in text and "5.5 months of GDP per capita (2025)" in text
    brazil = _main(page).get_by_text(re.compile(r"^Brazil: no price")).first.inner_text()
    # Brazil: CMED 2020 prices for lenalidomide and dexamethasone, none for subcutaneous daratumumab
    assert brazil == "Brazil: no price — Daratumumab (D) (SC): no price. Priced: Lenalidomide (R), Dexamethasone (d)."
    _wait_for_text(page, re.compile(r"^India: no price"))
    _wait_for_text(page, "List prices ignore the confidential discounts")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] path.choroplethlocation').length >= 230",
        timeout=30_000,
    )
    assert "rgb(189, 189, 189)" in page.evaluate(FILL_JS, "BRA")  # no price: its own grey
    assert "rgb(189, 189, 189)" not in page.evaluate(FILL_JS, "GBR")
    # hover South Africa: the cost and every price used, each with its price id
    page.locator("[data-testid='stPlotlyChart']").first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = page.evaluate(INSIDE_JS, "ZAF")
    page.mouse.move(box["x"] - 3, box["y"] - 3)
    page.mouse.move(box["x"], box["y"], steps=3)
    page.wait_for_function(
        "() => (document.querySelector('[data-testid=\"stPlotlyChart\"] .hoverlayer')"
        " || {}).textContent?.includes('[zaf_sep_2025_daratumumab')",
        timeout=15_000,
    )
    hover = page.locator("[data-testid='stPlotlyChart'] .hoverlayer").first.text_content()
    assert "South Africa" in hover and "$19,328 per 28-day cycle" in hover
    page.mouse.move(5, 5)
    # change a control: show the cost as months of GDP per capita
    page.get_by_text("Months of GDP per capita", exact=True).first.click()
    page.wait_for_url(re.compile(r"basis=gdp_months"), timeout=20_000)
    wait_for_app(page)
    _wait_for_chart_text(page, "5.5 months")  # the UK's bar label
    assert any("Months of GDP per capita" in t for t in page.evaluate(CHART_TEXT_JS))  # the map's title
    no_errors(page)
    screenshot(page, "view-costs", viewport["width"])
    assert blocked_requests == []


@VIEWPORTS
def test_timeline_lags_and_toggle(page, app_url, viewport, blocked_requests):
    page.goto(f"{app_url}/timeline?drug=lenalidomide")
    wait_for_app(page)
    page.get_by_role("heading", name="When did each country approve it?").wait_for()
    first = page.locator("[data-testid='stMetric']", has_text="First approval anywhere")
    assert "2006-06" in first.inner_text() and "United States" in first.inner_text()
    _wait_for_chart_text(page, "EU/EEA +1.0 y")  # 2007-06-14
    texts = page.evaluate(CHART_TEXT_JS)
    assert "United States · first" in texts and "Brazil +11.6 y" in texts  # 2006-06, 2017-12-26
    n = page.locator("[data-testid='stMetric']", has_text="Jurisdictions with a dated approval")
    assert n.locator("[data-testid='stMetricValue']").inner_text() == "8"
    # change a control: also count reports, surveys and registers (Mexico's 2015 survey: +8.6 y)
    page.get_by_text("Also count reports, surveys and registers").click()
    page.wait_for_url(re.compile(r"all=1"), timeout=20_000)
    wait_for_app(page)
    _wait_for_chart_text(page, "Mexico +8.6 y")  # a 2015 survey
    assert n.locator("[data-testid='stMetricValue']").inner_text() == "30"  # 2026-12 evidence: 30 jurisdictions
    link = page.get_by_role("link", name=re.compile(r"Open the access map for Lenalidomide \(R\), end of \d{4}"))
    year = re.search(r"end of (\d{4})", link.inner_text()).group(1)
    assert link.get_attribute("href") == f"./?drug=lenalidomide&year={year}"
    _wait_for_text(page, re.compile(r"people newly diagnosed with myeloma each year"))
    no_errors(page)
    screenshot(page, "view-timeline", viewport["width"])
    # the link opens the access map on that drug and year (issue 18: it used to stay on the timeline)
    link.click()
    page.wait_for_url(re.compile(rf"/\?drug=lenalidomide&year={year}$"), timeout=30_000)
    wait_for_app(page)
    page.get_by_text(
        f"Access to Lenalidomide (R) for relapsed/refractory myeloma, at the end of {year}"
    ).first.wait_for(timeout=60_000)
    assert blocked_requests == []


@VIEWPORTS
def test_compare_countries_matrix_usable_and_costs(page, app_url, viewport, blocked_requests):
    page.goto(f"{app_url}/compare?countries=BRA,MEX,ESP")
    wait_for_app(page)
    page.get_by_role("heading", name="Compare countries").wait_for()
    _wait_for_chart_text(page, "Funded 2020")  # bortezomib, Brazil
    texts = page.evaluate(CHART_TEXT_JS)
    assert {"Brazil", "Mexico", "Spain", "Approved 2018", "Approved 2023"} <= set(texts)
    # usable regimens, first relapse (IMWG 2021): Brazil 6 usable, Mexico 0 usable / 10 unknown, Spain 10
    table = _main(page).locator("[data-testid='stTable']").first
    assert "no price" in table.inner_text()
    # change a control: add the United Kingdom and show PPP dollars
    page.goto(f"{app_url}/compare?countries=BRA,MEX,GBR&basis=ppp")
    wait_for_app(page)
    _wait_for_text(page, "PPP dollars (international $)")
    costs = _main(page).locator("[data-testid='stTable']").first
    costs.get_by_text("Int$ 30,184").wait_for(timeout=30_000)  # DRd, United Kingdom
    assert "United Kingdom" in costs.inner_text()
    page.get_by_text("Months of GDP per capita", exact=True).first.click()
    page.wait_for_url(re.compile(r"basis=gdp_months"), timeout=20_000)
    wait_for_app(page)
    _main(page).locator("[data-testid='stTable']").first.get_by_text("5.5 months").wait_for(timeout=30_000)
    assert "countries=BRA%2CMEX%2CGBR" in page.url or "countries=BRA,MEX,GBR" in page.url
    no_errors(page)
    screenshot(page, "view-compare", viewport["width"])
    assert blocked_requests == []
