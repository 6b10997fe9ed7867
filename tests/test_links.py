"""Links the app writes are encoded, so a pasted link reproduces its view (issue 18)."""

from test_apptest import run_page


def test_cite_line_encodes_a_class_view_with_a_space():
    at = run_page(drug="group:Anti-CD38 antibodies", year="2020")
    cite = next(c.value for c in at.code if "Myeloma Access Explorer" in c.value)
    assert "?drug=group%3AAnti-CD38%20antibodies&year=2020 " in cite
    assert " antibodies&" not in cite



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
