"""The access map's compact payload on the planted world of test_model_planted, written out by hand.

Codes: 2 × class index + 1 when old (> 5 years before 2026-11-24) or only inferred; classes in order publicly
funded 0, funded for some indications 1, approved 2, not funded 3, not approved 4, withdrawn 5, no data 6 ->
characters '0'..'c'.
- CAN lenalidomide: approved 2008-10-06 (stated, old: code 5) -> funded 2010-04 (reported, old: code 1).
- DEU and FRA lenalidomide: EU authorisation 2007-06-14 (old: 5), still authorised on 2023-03-12 (fresh: 4).
- FRA ixazomib: funded 2026-05-29 (stated, fresh: 0). NZL daratumumab: not funded 2025 (reported, fresh: 6).
- USA daratumumab: approved 2015-11-16 (reported, old: 5). TCD: nothing (no data: 'c').
- The search log here: TCD lenalidomide searched 2026-12-01, nothing public found; everywhere else not yet
  searched. Countries are in name order (Afghanistan first, Chad 41st: index 40).
"""

import json

import pytest

from myeloma_access.map_payload import build_map_payload, decode, hover_lines, parse_view, status_code
from tests.test_model_planted import EU_RULE_CITATION, planted_world

EPAR = "Source: European Medicines Agency, Medicines output: European public assessment reports (Excel rep…"
EU = "Source: European Medicines Agency, Central authorisation of medicines: a centrally authorised medi…"
SEARCH_LOG = [
    {
        "iso3": "TCD",
        "drug_id": "lenalidomide",
        "searched_on": "2026-12-01",
        "searched": "Ministry of Health list",
        "result": "nothing_public",
    }
]


@pytest.fixture(scope="module")
def searched_world():
    return planted_world(search_log=SEARCH_LOG)


@pytest.fixture
def compact(searched_world):
    """Built afresh for each test (mutation testing ties the builder to every test that calls it)."""
    return build_map_payload(searched_world)


def _codes(payload, option, countries=("CAN", "DEU", "FRA", "USA", "NZL", "TCD")):
    at = {c: i for i, c in enumerate(payload["iso3"])}
    return {c: payload["status"][option]["codes"][at[c]] for c in countries}


def _lines(payload, indices):
    return [payload["strings"][i] for i in indices]


def test_today_codes_and_hover_written_out(compact):
    assert _codes(compact, "lenalidomide") == {"CAN": "1", "DEU": "4", "FRA": "4", "USA": "c", "NZL": "c", "TCD": "c"}
    assert _codes(compact, "daratumumab") == {"CAN": "c", "DEU": "c", "FRA": "c", "USA": "5", "NZL": "6", "TCD": "c"}
    assert _codes(compact, "ixazomib")["FRA"] == "0"
    assert _codes(compact, "group:Anti-CD38 antibodies") == _codes(compact, "daratumumab")  # daratumumab decides
    assert compact["status"]["x"]["codes"] == "c" * 237 and compact["status"]["x"]["hover"] == []
    assert len(compact["iso3"]) == 237 and compact["iso3"][:3] == ["AFG", "ALB", "DZA"]
    assert compact["names"][:3] == ["Afghanistan", "Albania", "Algeria"] and compact["names"][40] == "Chad"
    at = {c: i for i, c in enumerate(compact["iso3"])}
    hover = {compact["iso3"][i]: _lines(compact, rest) for i, *rest in compact["status"]["lenalidomide"]["hover"]}
    assert hover == {
        "CAN": ["Last evidence: 2010-04 · reported (old or inferred)", EU],
        "DEU": ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR],
        "FRA": ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR],
    }
    # "No data" countries carry their search note (issue 16), one character per country: an index into ``notes``
    lenalidomide = compact["status"]["lenalidomide"]
    notes = [compact["strings"][k] for k in lenalidomide["notes"]]
    assert notes == ["Not yet searched", "Searched 2026-12: nothing public found"]  # in country order
    searched = lenalidomide["searched"]
    assert searched == "".join({"CAN": " ", "DEU": " ", "FRA": " ", "TCD": "1"}.get(c, "0") for c in compact["iso3"])
    assert searched[40] == "1" and compact["iso3"][40] == "TCD"
    assert decode(compact, "lenalidomide")["TCD"] == (12, ["Searched 2026-12: nothing public found"])
    assert decode(compact, "lenalidomide")["AFG"] == (12, ["Not yet searched"])
    assert decode(compact, "lenalidomide")["CAN"] == (1, ["Last evidence: 2010-04 · reported (old or inferred)", EU])
    assert [compact["strings"][k] for k in compact["status"]["daratumumab"]["notes"]] == ["Not yet searched"]
    nzl = next(rest for i, *rest in compact["status"]["daratumumab"]["hover"] if i == at["NZL"])
    assert _lines(compact, nzl) == [
        "Last evidence: 2025 · reported",
        "Source: Pharmac: Official Information Act response - Daratumumab for multiple myeloma (technology …",
    ]
    assert len(set(compact["strings"])) == len(compact["strings"])  # each line stored once


def test_history_holds_only_the_changes(compact):
    at = {c: i for i, c in enumerate(compact["iso3"])}
    history = [
        (compact["iso3"][i], y, code, _lines(compact, rest)) for i, y, code, *rest in compact["history"]["lenalidomide"]
    ]
    assert history == [
        ("CAN", 2008, 5, ["Last evidence: 2008-10-06 · stated by regulator/payer (old or inferred)", EU]),
        ("CAN", 2010, 1, ["Last evidence: 2010-04 · reported (old or inferred)", EU]),
        ("FRA", 2007, 5, ["Last evidence: 2007-06-14 · stated by regulator/payer (old or inferred)", EPAR]),
        ("FRA", 2023, 4, ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR]),  # countries by name
        ("DEU", 2007, 5, ["Last evidence: 2007-06-14 · stated by regulator/payer (old or inferred)", EPAR]),
        ("DEU", 2023, 4, ["Last evidence: 2023-03-12 · stated by regulator/payer", EPAR]),
    ]
    assert [(compact["iso3"][i], y, code) for i, y, code, *_ in compact["history"]["ixazomib"]] == [("FRA", 2026, 0)]
    assert compact["years"] == [2000, 2026]
    assert at["TCD"] not in {i for i, *_ in compact["history"]["daratumumab"]}
    # a past year's "No data" has no search note: as of 2009 Chad shows no line at all
    assert decode(compact, "lenalidomide", 2009)["TCD"] == (12, [])
    assert decode(compact, "lenalidomide", 2009)["CAN"] == (
        5,
        ["Last evidence: 2008-10-06 · stated by regulator/payer (old or inferred)", EU],
    )


def test_history_from_a_later_first_year_drops_the_earlier_changes(searched_world):
    """first_year=2010: CAN's 2008 approval and the EU's 2007 authorisation are before the range."""
    payload = build_map_payload(searched_world, first_year=2010)
    assert payload["years"] == [2010, 2026]
    got = [(payload["iso3"][i], y, code) for i, y, code, *_ in payload["history"]["lenalidomide"]]
    assert got == [("CAN", 2010, 1), ("FRA", 2023, 4), ("DEU", 2023, 4)]
    assert build_map_payload(searched_world, first_year=2026)["history"]["lenalidomide"] == []  # CAN's, FRA's: older


def test_what_the_browser_decodes_is_the_model_map_table_for_every_year(searched_world, compact):
    options = ["lenalidomide", "daratumumab", "ixazomib", "group:Anti-CD38 antibodies", "group:Proteasome inhibitors"]
    for option in [*options, "bortezomib"]:
        for year in [None, 2000, 2006, 2007, 2008, 2009, 2010, 2015, 2023, 2025, 2026]:  # each change and between
            table = searched_world.map_table(option, year)
            want = {
                r["iso3"]: (
                    status_code(r["status"], bool(r["stale"])),
                    hover_lines({k: (None if v != v else v) for k, v in r.items()}),
                )
                for r in table.to_dict("records")
            }
            assert decode(compact, option, year) == want, (option, year)


def test_eml_layer_imwg_and_reference_lists(compact, searched_world):
    at = {c: i for i, c in enumerate(compact["iso3"])}
    codes = compact["eml"]["lenalidomide"]["codes"]
    # KEN listed on its 2023 list (0), IND not listed on its 2017 list (1), every other country no list (2)
    assert codes == "".join({"KEN": "0", "IND": "1"}.get(c, "2") for c in compact["iso3"])
    years = {compact["iso3"][i]: compact["strings"][s] for i, s in compact["eml"]["lenalidomide"]["hover"]}
    assert years == {"IND": "List of 2017", "KEN": "List of 2023"}
    dex = {compact["iso3"][i]: compact["strings"][s] for i, s in compact["eml"]["dexamethasone"]["hover"]}
    assert dex == {"IND": "List of 2017", "KEN": "List of 2016"}  # KEN: the newest list naming dexamethasone
    assert list(compact["eml"]) == ["lenalidomide", "dexamethasone", "bortezomib"]  # no list names x, y (between)
    assert compact["eml"]["bortezomib"]["codes"] == "".join("0" if c == "IND" else "2" for c in compact["iso3"])
    assert compact["eml_classes"] == [
        ["listed", "On the national essential medicines list", "#6A51A3"],
        ["not_listed", "Not on that country's list (not 'not available')", "#DADAEB"],
        ["no_list", "No national list in GEM (no data)", "#E0E0E0"],
    ]
    # distinct people per country (Ann A listed twice counts once); REU is not on the map
    assert compact["imwg"] == [[at["GBR"], 2, -2.5, 53.93], [at["IND"], 1, 79.59, 22.91]]
    assert compact["classes"][0] == ["publicly_funded", "Publicly funded", "#009E73", "#8CD3BF"]
    assert compact["classes"][1] == [
        "publicly_funded_some",
        "Publicly funded for some indications",
        "#44AA99",
        "#ABD9D1",
    ]
    assert compact["classes"][6] == ["no_data", "No data", "#E0E0E0", "#E0E0E0"]  # grey = No data
    assert compact["options"][0] == ["lenalidomide", "Lenalidomide (R)"]
    assert compact["options"][-1] == ["group:Test drugs", "Any of: Test drugs"]
    assert ["group:Anti-CD38 antibodies", "Any of: Anti-CD38 antibodies"] in compact["options"]
    assert len(compact["options"]) == 13  # 8 drugs, 5 classes
    assert (compact["v"], compact["as_of"]) == (1, "2026-12-03")


def test_the_payload_is_compact_json(compact):
    text = json.dumps(compact, separators=(",", ":"))
    per_option = len(json.dumps(compact["status"]["lenalidomide"], separators=(",", ":")))
    assert per_option < 700  # 237 code characters, 237 search-note characters and three sparse hover rows
    assert len(text) < 40_000


def test_hover_lines_of_rows_written_out():
    """A citation is cut at 90 characters with an ellipsis; a missing date, confidence or citation says so."""
    ninety = "c" * 90
    row = {"status": "approved", "evidence_date": "2020", "confidence": "inferred", "stale": True, "citation": ninety}
    assert hover_lines(row) == ["Last evidence: 2020 · inferred (old or inferred)", "Source: " + ninety]
    assert hover_lines({**row, "citation": ninety + "d"}) == [
        "Last evidence: 2020 · inferred (old or inferred)",
        "Source: " + ninety + "…",
    ]
    assert hover_lines({"status": "not_funded"}) == ["Last evidence: —", "Source: —"]
    assert hover_lines({"status": "approved", "citation": EU_RULE_CITATION[:10]}) == [
        "Last evidence: —",
        "Source: European M",
    ]
    assert hover_lines({"status": "no_data", "searched": "Not yet searched"}) == ["Not yet searched"]
    assert hover_lines({"status": "no_data", "searched": ""}) == []
    assert hover_lines({"status": "no_data"}) == []
    # a search note belongs to "No data" only
    assert hover_lines({"status": "approved", "searched": "Not yet searched", "evidence_date": "2020"}) == [
        "Last evidence: 2020",
        "Source: —",
    ]


def test_decode_a_hand_written_payload():
    """Two countries, one option: AAA funded today (code 0) with two hover lines, BBB no data (c) and no search
    notes (an older payload without ``searched``). History: AAA approved and old (5) from 2005, funded (0) from
    2010; BBB never changes (no data, 12, with no lines)."""
    payload = {
        "iso3": ["AAA", "BBB"],
        "strings": ["line one", "line two", "line three"],
        "status": {"o": {"codes": "0c", "hover": [[0, 0, 1]]}},
        "history": {"o": [[0, 2005, 5, 2], [0, 2010, 0, 0, 1]]},
    }
    assert decode(payload, "o") == {"AAA": (0, ["line one", "line two"]), "BBB": (12, [])}
    assert decode(payload, "o", 2004) == {"AAA": (12, []), "BBB": (12, [])}
    assert decode(payload, "o", 2005) == {"AAA": (5, ["line three"]), "BBB": (12, [])}
    assert decode(payload, "o", 2009) == decode(payload, "o", 2005)
    assert decode(payload, "o", 2010) == {"AAA": (0, ["line one", "line two"]), "BBB": (12, [])}
    with_notes = {**payload, "status": {"o": {**payload["status"]["o"], "searched": " 1", "notes": [2, 1]}}}
    assert decode(with_notes, "o") == {"AAA": (0, ["line one", "line two"]), "BBB": (12, ["line two"])}


def test_status_codes():
    """2 × class index (+1 old): funded 0/1, approved 4/5, no data 12/13."""
    assert [status_code("publicly_funded", False), status_code("publicly_funded", True)] == [0, 1]
    assert [status_code("approved", False), status_code("approved", True), status_code("no_data", False)] == [4, 5, 12]


# what parse_view reads of a payload: the options, the year range and the mapped countries
VIEW_PAYLOAD = {
    "options": [["lenalidomide", "Lenalidomide (R)"], ["daratumumab", "Daratumumab (D)"], ["group:Test drugs", "T"]],
    "years": [2000, 2026],
    "iso3": ["BRA", "TCD", "GBR"],
}
DEFAULT = {"drug": "lenalidomide", "year": "", "layer": "", "imwg": False, "country": "", "view": "map"}


@pytest.mark.parametrize(
    "params, want",
    [
        ({}, DEFAULT),
        (
            {"drug": "daratumumab", "year": "2009", "layer": "eml", "imwg": "TRUE", "country": "BRA", "view": "table"},
            {"drug": "daratumumab", "year": "2009", "layer": "eml", "imwg": True, "country": "BRA", "view": "table"},
        ),
        (
            {"drug": "aspirin", "year": "1066", "layer": "x", "imwg": "maybe", "country": "bra", "view": "<script>"},
            DEFAULT,
        ),
        ({"drug": None, "year": "٢٠١٥", "country": ["BRA"], "imwg": 1, "view": "x" * 5000}, DEFAULT),
        ({"year": "2027"}, DEFAULT),
        ({"year": "1999"}, DEFAULT),
        ({"year": "02010"}, DEFAULT),  # five characters, though 2010 is in range
        ({"year": "2000", "imwg": " On "}, {**DEFAULT, "year": "2000", "imwg": True}),
        (
            {"year": "2026", "imwg": "yes", "view": "people"},
            {**DEFAULT, "year": "2026", "imwg": True, "view": "people"},
        ),
        ({"imwg": "1", "view": "sources"}, {**DEFAULT, "imwg": True, "view": "sources"}),
        ({"drug": "group:Test drugs", "country": "TCD"}, {**DEFAULT, "drug": "group:Test drugs", "country": "TCD"}),
    ],
)
def test_view_parameters_are_validated_never_an_error(params, want):
    assert parse_view(params, VIEW_PAYLOAD) == want


def test_view_parameters_against_the_built_payload(compact):
    assert parse_view({"drug": "group:Test drugs", "country": "CAN", "year": "2026"}, compact) == {
        **DEFAULT,
        "drug": "group:Test drugs",
        "country": "CAN",
        "year": "2026",
    }
    assert parse_view({"year": "2027", "country": "REU"}, compact) == DEFAULT  # REU is not on the map
