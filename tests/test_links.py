"""Links the app writes are encoded, so a pasted link reproduces its view (issue 18)."""

from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_apptest import run_page


def test_cite_line_encodes_values_a_pasted_link_would_break():
    """'4+' in a raw link would arrive as '4 ' (a plus is a space in a query string): the cite line encodes it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/regimens.py")
    at.query_params["country"] = "GBR"
    at.query_params["lines"] = "4+"
    at.session_state["finder_tab"] = "World map"
    at.run()
    assert not at.exception
    cite = next(c.value for c in at.code if "Myeloma Access Explorer" in c.value)
    assert "lines=4%2B" in cite and "country=GBR" in cite
    assert "lines=4+" not in cite
    assert cite.startswith("Recommended regimens usable (any legal access) — ")  # the title names the threshold


def test_drug_and_country_chosen_on_the_map_follow_the_user_to_other_pages():
    at = run_page(drug="daratumumab", country="BRA")
    at.switch_page("pages/regimens.py")
    at.run()
    assert at.selectbox(key="country").value == "BRA"
    at.switch_page("pages/timeline.py")
    at.run()
    assert at.selectbox(key="drug").value == "daratumumab"
    at.switch_page("pages/country.py")
    at.run()
    assert at.title[0].value == "Brazil"
