"""Issue 18: the link in every cite line reproduces its view when pasted into a fresh browser: a drug-class map
view (its URL holds a colon and spaces) and the timeline with its toggle."""

from __future__ import annotations

import re
from urllib.parse import quote

from tests.e2e.conftest import DESKTOP, local_page, no_errors, wait_for_app

URL_IN_CITE = re.compile(r"(https?://\S+?)(?: \(accessed|\s|$)")


def _fresh(browser, url: str):
    context, pg = local_page(browser, DESKTOP)
    pg.goto(url)
    wait_for_app(pg)
    return context, pg


def test_a_class_view_of_the_map_reopens_from_its_cite_line(page, app_url, browser, blocked_requests):
    page.goto(f"{app_url}/?drug={quote('group:Anti-CD38 antibodies')}&year=2020")
    wait_for_app(page)
    title = page.get_by_test_id("map-title")
    title.wait_for(timeout=60_000)
    want = title.inner_text()
    assert want == "Access to any of: Anti-CD38 antibodies for relapsed/refractory myeloma, at the end of 2020"
    cite = page.get_by_test_id("map-cite").inner_text()
    link = URL_IN_CITE.search(cite).group(1)
    assert " " not in link and "group" in link
    context, fresh = _fresh(browser, link)
    fresh.get_by_test_id("map-title").wait_for(timeout=60_000)
    assert fresh.get_by_test_id("map-title").inner_text() == want
    no_errors(fresh)
    context.close()
    assert blocked_requests == []


def test_the_timeline_reopens_from_its_cite_line(page, app_url, browser):
    page.goto(f"{app_url}/timeline?drug=daratumumab&all=1")
    wait_for_app(page)
    page.get_by_text("Cite or export this view").first.click()
    code = page.locator("[data-testid='stCode']").first
    code.wait_for(timeout=30_000)
    link = URL_IN_CITE.search(code.inner_text()).group(1)
    assert "drug=daratumumab" in link and "all=1" in link
    metric = page.locator("[data-testid='stMetric']", has_text="Jurisdictions with a dated approval")
    want = metric.locator("[data-testid='stMetricValue']").inner_text()
    context, fresh = _fresh(browser, link)
    got = fresh.locator("[data-testid='stMetric']", has_text="Jurisdictions with a dated approval")
    got.wait_for(timeout=60_000)
    assert got.locator("[data-testid='stMetricValue']").inner_text() == want
    assert fresh.get_by_role("heading", name="When did each country approve it?").is_visible()
    no_errors(fresh)
    context.close()
