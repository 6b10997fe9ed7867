"""The access map's compact payload on the planted dataset of test_model_planted, written out by hand.

Codes: 2 × class index + 1 when old (> 5 years before 2026-11-24) or only inferred; classes in order publicly
funded 0, approved 1, not funded 2, not approved 3, withdrawn 4, no data 5 -> characters '0'..'b'.
- CAN lenalidomide: approved 2008-10-06 (stated, old: code 3) -> funded 2010-04 (reported, old: code 1).
- DEU and FRA lenalidomide: EU authorisation 2007-06-14 (old: 3), still authorised on 2023-03-12 (fresh: 2).
- FRA ixazomib: funded 2026-05-29 (stated, fresh: 0). NZL daratumumab: not funded 2025 (reported, fresh: 4).
- USA daratumumab: approved 2015-11-16 (reported, old: 3). TCD: nothing (no data: 'a').
"""

import json

import pytest

from myeloma_access.map_payload import build_map_payload, decode, hover_lines, parse_view, status_code
from tests.test_model_planted import shipped, tiny  # noqa: F401 - fixtures

EPAR = "Source: European Medicines Agency, Medicines output: European public assessment reports (Excel rep…"
EU = "Source: European Medicines Agency, Central authorisation of medicines: a centrally authorised medi…"


@pytest.fixture
def payload(tiny):  # noqa: F811
    return build_map_payload(tiny)


def _codes(payload, option, countries=("CAN", "DEU", "FRA", "USA", "NZL", "TCD")):
    at = {c: i for i, c in enumerate(payload["iso3"])}
    return {c: payload["status"][option]["codes"][at[c]] for c in countries}


def _lines(payload, indices):
    return [payload["strings"][i] for i in indices]


def test_today_codes_and_hover_written_out(payload):
    # codes: 2 x class index (+1 old): funded 0, funded for some indications 2, approved 4, not funded 6, No data c
    assert _codes(payload, "lenalidomide") == {"CAN": "1", "DEU": "4", "FRA": "4", "USA": "c", "NZL": "c", "TCD": "c"}
    assert _codes(payload, "daratumumab") == {"CAN": "c", "DEU": "c", "FRA": "c", "USA": "5", "NZL": "6", "TCD": "c"}
    assert _codes(payload, "ixazomib")["FRA"] == "0"
    assert _codes(payload, "group:Anti-CD38 antibodies") == _codes(payload, "daratumumab")  # daratumumab decides
    assert len(payload["iso3"]) == 237 and len(payload["status"]["lenalidomide"]["codes"]) == 237
    at = {c: i for i, c in enumerate(payload["iso3"])}
    hover = {payload["iso3"][i]: _lines(payload, rest) for i, *rest in payload["status"]["lenalidomide"]["hover"]}
    assert hover == {
        "CAN": ["Last evidence: 2010-04 · reported (old or inferred)", EU],
        "DEU": ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR],
        "FRA": ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR],
    }
    # "No data" countries carry their search note (issue 16), one character per country
    notes = [payload["strings"][k] for k in payload["status"]["lenalidomide"]["notes"]]
    searched = payload["status"]["lenalidomide"]["searched"]
    assert len(searched) == 237 and {searched[at[c]] for c in ("CAN", "DEU", "FRA")} == {" "}
    assert notes[int(searched[at["TCD"]])] == decode(payload, "lenalidomide")["TCD"][1][0]
    assert decode(payload, "lenalidomide")["TCD"][1] in (
        ["Not yet searched"],
        ["Searched 2026-12: nothing public found"],
    )
    nzl = next(rest for i, *rest in payload["status"]["daratumumab"]["hover"] if i == at["NZL"])
    assert _lines(payload, nzl) == [
        "Last evidence: 2025 · reported",
        "Source: Pharmac: Official Information Act response - Daratumumab for multiple myeloma (technology …",
    ]


def test_history_holds_only_the_changes(payload):
    at = {c: i for i, c in enumerate(payload["iso3"])}
    history = [
        (payload["iso3"][i], y, code, _lines(payload, rest)) for i, y, code, *rest in payload["history"]["lenalidomide"]
    ]
    assert history == [
        ("CAN", 2008, 5, ["Last evidence: 2008-10-06 · stated by regulator/payer (old or inferred)", EU]),
        ("CAN", 2010, 1, ["Last evidence: 2010-04 · reported (old or inferred)", EU]),
        ("FRA", 2007, 5, ["Last evidence: 2007-06-14 · stated by regulator/payer (old or inferred)", EPAR]),
        ("FRA", 2023, 4, ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR]),  # countries by name
        ("DEU", 2007, 5, ["Last evidence: 2007-06-14 · stated by regulator/payer (old or inferred)", EPAR]),
        ("DEU", 2023, 4, ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR]),
    ]
    assert [(payload["iso3"][i], y, code) for i, y, code, *_ in payload["history"]["ixazomib"]] == [("FRA", 2026, 0)]
    assert payload["years"] == [2000, 2026]
    assert at["TCD"] not in {i for i, *_ in payload["history"]["daratumumab"]}


@pytest.mark.parametrize(
    "option",
    [
        "lenalidomide",
        "daratumumab",
        "ixazomib",
        "group:Anti-CD38 antibodies",
        "group:Proteasome inhibitors",
        "bortezomib",
    ],
)
def test_what_the_browser_decodes_is_the_model_map_table_for_every_year(tiny, payload, option):  # noqa: F811
    for year in [None, *range(2000, 2027)]:
        table = tiny.map_table(option, year)
        want = {
            r["iso3"]: (
                status_code(r["status"], bool(r["stale"])),
                hover_lines({k: (None if v != v else v) for k, v in r.items()}),
            )
            for r in table.to_dict("records")
        }
        assert decode(payload, option, year) == want, (option, year)


def test_eml_layer_imwg_and_reference_lists(payload, tiny):  # noqa: F811
    at = {c: i for i, c in enumerate(payload["iso3"])}
    eml = tiny.eml_table("lenalidomide").set_index("iso3")
    codes = payload["eml"]["lenalidomide"]["codes"]
    for iso3, row in eml.iterrows():
        assert codes[at[iso3]] == {"listed": "0", "not_listed": "1", "no_list": "2"}[row["eml"]]
    years = {payload["iso3"][i]: payload["strings"][s] for i, s in payload["eml"]["lenalidomide"]["hover"]}
    assert years == {c: f"List of {y}" for c, y in eml["list_year"].items() if y is not None}
    assert payload["eml_classes"][1] == ["not_listed", "Not on that country's list (not 'not available')", "#DADAEB"]
    counts = tiny.imwg_counts()
    assert sorted((payload["iso3"][i], n) for i, n, _, _ in payload["imwg"]) == sorted(
        zip(counts["iso3"], counts["members"])
    )
    assert sum(n for _, n, _, _ in payload["imwg"]) == 61 and len(payload["imwg"]) == 14
    assert payload["classes"][0] == ["publicly_funded", "Publicly funded", "#009E73", "#8CD3BF"]
    assert payload["classes"][1] == [
        "publicly_funded_some",
        "Publicly funded for some indications",
        "#44AA99",
        "#ABD9D1",
    ]
    assert payload["classes"][6] == ["no_data", "No data", "#E0E0E0", "#E0E0E0"]  # grey = No data
    assert payload["options"][0] == ["bortezomib", "Bortezomib (V)"]
    assert ["group:Anti-CD38 antibodies", "Any of: Anti-CD38 antibodies"] in payload["options"]
    assert payload["as_of"] == tiny.latest_as_of


def test_the_payload_is_compact_json(payload):
    text = json.dumps(payload, separators=(",", ":"))
    per_option = len(json.dumps(payload["status"]["lenalidomide"], separators=(",", ":")))
    assert per_option < 700  # 237 code characters, 237 search-note characters and three sparse hover rows
    assert len(text) < 40_000


@pytest.mark.parametrize(
    "params, want",
    [
        ({}, {"drug": "bortezomib", "year": "", "layer": "", "imwg": False, "country": "", "view": "map"}),
        (
            {"drug": "lenalidomide", "year": "2009", "layer": "eml", "imwg": "TRUE", "country": "BRA", "view": "table"},
            {"drug": "lenalidomide", "year": "2009", "layer": "eml", "imwg": True, "country": "BRA", "view": "table"},
        ),
        (
            {"drug": "aspirin", "year": "1066", "layer": "x", "imwg": "maybe", "country": "bra", "view": "<script>"},
            {"drug": "bortezomib", "year": "", "layer": "", "imwg": False, "country": "", "view": "map"},
        ),
        (
            {"drug": None, "year": "٢٠١٥", "country": ["BRA"], "imwg": 1, "view": "x" * 5000},
            {"drug": "bortezomib", "year": "", "layer": "", "imwg": False, "country": "", "view": "map"},
        ),
        (
            {"year": "2027"},
            {"drug": "bortezomib", "year": "", "layer": "", "imwg": False, "country": "", "view": "map"},
        ),
    ],
)
def test_view_parameters_are_validated_never_an_error(payload, params, want):
    assert parse_view(params, payload) == want
