"""Hostile query parameters on every page: no traceback, nothing of the payload rendered, defaults kept."""

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

PAYLOADS = [
    "<script>alert(1)</script>",
    "[click](http://evil.example)",
    "![img](http://evil.example/x.png)",
    "$\\\\frac{1}{0}$",
    "BRA'; DROP TABLE facts;--",
    "x" * 5000,
    '=HYPERLINK("http://evil")',
    "bra",  # lower-case code
    "\u202eRBA",
    "%00",
]
PAGES = [None, "pages/regimens.py", "pages/country.py", "pages/costs.py", "pages/compare.py", "pages/timeline.py"]
PARAMS = [
    "drug",
    "country",
    "year",
    "layer",
    "view",
    "lines",
    "access",
    "scope",
    "len",
    "dex",
    "countries",
    "regimen",
    "basis",
    "present",
    "export",
]


def _run(page, params):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page:
        at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at


def _rendered(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
@pytest.mark.parametrize("page", PAGES, ids=["map", "regimens", "country", "costs", "compare", "timeline"])
def test_hostile_values_in_every_parameter(page, payload):
    at = _run(page, {p: payload for p in PARAMS})
    assert not at.exception, [e.value for e in at.exception][:1]
    text = _rendered(at)
    for needle in ("<script>", "evil.example", "DROP TABLE", "=HYPERLINK", "x" * 200):
        assert needle not in text


def test_repeated_and_unknown_parameters_are_ignored():
    at = _run(None, {"drug": ["lenalidomide", "aspirin"], "nonsense": "1", "DRUG": "daratumumab", "view": "table"})
    assert not at.exception
    assert set(at.dataframe[0].value["Drug"]) - {""} in ({"Lenalidomide (R)"}, {"Bortezomib (V)"})
