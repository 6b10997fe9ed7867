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
    at.query_params["tab"] = "map"  # the finder's world-map tab, from the URL
    at.run()
    assert not at.exception
    cite = next(c.value for c in at.code if "Myeloma Access Explorer" in c.value)
    assert "lines=4%2B" in cite and "country=GBR" in cite and "tab=map" in cite
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


def test_finder_unlock_tab_and_its_group_come_from_the_url():
    """Issue 18: ?tab=unlock&for=region&region_group=AFR opens the unlock ranking for Africa (a shared link)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/regimens.py")
    at.query_params.update({"country": "KEN", "lines": "1", "tab": "unlock", "for": "region", "region_group": "AFR"})
    at.run()
    assert not at.exception
    assert at.radio(key="for").value == "region"
    assert at.selectbox(key="region_group").value == "AFR"
    heading = next(md.value for md in at.markdown if "countries) — each regimen counts once" in md.value)
    assert heading.startswith("**Africa** (49 countries)")
    # an invalid value falls back to the default silently (links are a public contract: never an error)
    at2 = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at2.switch_page("pages/regimens.py")
    at2.query_params.update({"country": "KEN", "tab": "unlock", "for": "planet"})
    at2.run()
    assert not at2.exception and at2.radio(key="for").value == "country"


def test_cost_page_cycle_priced_comes_from_the_url():
    """?cycle=later prices a later cycle; the chart's source line says which cycle is priced."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/costs.py")
    at.query_params.update({"regimen": "drd", "countries": "GBR", "cycle": "later"})
    at.run()
    assert not at.exception
    assert at.radio(key="cycle").value == "later"
    assert any("$9,519" in md.value for md in at.markdown)  # the UK card: DRd cycle 7+


def test_situation_follows_the_user_from_the_finder_to_compare_and_into_its_url():
    """Issue 18: drug, country and situation carry across pages through the URL."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/regimens.py")
    at.query_params.update({"country": "GBR", "lines": "3", "len": "1", "access": "funded"})
    at.run()
    assert not at.exception
    assert (at.selectbox(key="lines").value, at.toggle(key="len").value, at.radio(key="access").value) == (
        "3",
        True,
        "funded",
    )
    at.switch_page("pages/compare.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert (at.selectbox(key="lines").value, at.toggle(key="len").value, at.radio(key="access").value) == (
        "3",
        True,
        "funded",
    )
    assert (at.query_params["lines"], at.query_params["len"], at.query_params["access"]) == ("3", "1", "funded")
    assert "Situation:** 3 prior lines, lenalidomide-refractory" in " ".join(md.value for md in at.markdown)
