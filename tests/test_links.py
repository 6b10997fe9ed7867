"""Links the app writes are encoded, so a pasted link reproduces its view (issue 18)."""

from test_apptest import run_page


def test_cite_line_encodes_a_class_view_with_a_space():
    at = run_page(drug="group:Anti-CD38 antibodies", year="2020")
    cite = next(c.value for c in at.code if "Myeloma Access Explorer" in c.value)
    assert "?drug=group%3AAnti-CD38%20antibodies&year=2020 " in cite
    assert " antibodies&" not in cite

