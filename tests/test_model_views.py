"""The access model's views on a planted world (no shipped data): finder glue, costs glue, the evidence search,
the country page's sentences, the Table tab's order, class history and the reference helpers.

The world is test_model_planted's (:data:`tests.test_model_planted.WORLD`) with these tables replaced:

- country facts (besides NZL daratumumab): GBR lenalidomide and dexamethasone approved + funded 2024-02 (NICE,
  ``s_gb``); GBR bortezomib approved 2019-05 (``s_ema``, "EU label") then not funded 2024-06 (``s_gb``);
  TCD dexamethasone funded 2025; BRA bortezomib and dexamethasone approved + funded 2022; BRA daratumumab only
  by indication (funded 2024 for DVd from the 2nd line; not funded as DVd, undated; not funded alone from the
  4th line, 2023; funded in the 3rd line, naming no regimen, 2023) -> publicly funded for some indications;
  BRA bortezomib also approved undated (as of 2021-05-01); FRA bortezomib approved 2010-03 and carfilzomib approved 2012 (``s_ema``); JPN x funded 2015 (``s_gb``) then
  withdrawn 2020 (``s_us``); AIA x withdrawn 2018 (``s_us``); REU (Réunion, not on the map) lenalidomide approved 2024.
- guidance: IMWG 2021 (consensus) recommends Rd (preferred 1A) and Vd (recommended 1B) at first relapse
  (1 prior line) and Rd after 2-3 lines; Later 2024 (clinical practice) recommends DVd at 2+ lines and D
  (daratumumab alone) after 1 line when lenalidomide-exposed; the FDA label (approval, USA) D at 2+ lines and
  after 1 line when PI-exposed. Setting len_refr (1-3 lines, lenalidomide-refractory) has no recommendation.
- regimens Rd, Vd (bortezomib 1.3 mg/m2 x 8 in induction, x 4 in maintenance; dexamethasone 20 mg x 8), DVd, D;
  a GBR bortezomib price GBP 350 / 3.5 mg.
- a guidance gap from 4 prior lines; the search log of GBR (carfilzomib 2026-11-02 and daratumumab 2026-12-01,
  nothing public), IND (bortezomib found 2026-10-05, daratumumab nothing public 2026-11-05) and BRA
  (bortezomib found 2026-09-01).
"""

from __future__ import annotations

import pandas as pd
import pytest

from myeloma_access.finder import FinderQuery, Situation
from myeloma_access.loaders import Dataset, empty_table
from myeloma_access.model import AccessModel
from myeloma_access.schema import SCHEMAS
from tests.fixtures import AS_OF, DOSES, PRICES, planted_tables
from tests.test_model_planted import COUNTRY_FACTS, planted_world

AXES = (
    "len_refractory",
    "pi_refractory",
    "cd38_refractory",
    "pom_refractory",
    "len_exposed",
    "pi_exposed",
    "cd38_exposed",
    "prior_bcma",
)


def fact(iso3, drug, auth=None, funding=None, date=None, source="s_gb", note=None, as_of=AS_OF, **covers):
    return {
        "iso3": iso3,
        "drug_id": drug,
        "authorisation": auth,
        "funding": funding,
        "date": date,
        "confidence": "stated",
        "source_id": source,
        "note": note,
        "as_of": as_of,
        **covers,
    }


FACTS = [
    {**COUNTRY_FACTS[0], "as_of": AS_OF},
    fact("GBR", "lenalidomide", "approved", "funded", "2024-02", note="NICE TA: recommended"),
    fact("GBR", "dexamethasone", "approved", "funded", "2024-02", note="NICE TA: generic"),
    fact("GBR", "bortezomib", "approved", None, "2019-05", source="s_ema", note="EU label"),
    fact("GBR", "bortezomib", None, "not_funded", "2024-06", note="NICE: not recommended"),
    fact("TCD", "dexamethasone", None, "funded", "2025", source="s_drugs", note="national list"),
    fact("BRA", "bortezomib", "approved", "funded", "2022", source="s_drugs"),
    fact("BRA", "bortezomib", "approved", None, None, "s_drugs", "undated label", as_of="2021-05-01"),
    fact("BRA", "dexamethasone", "approved", "funded", "2022", source="s_drugs"),
    fact(
        "BRA",
        "daratumumab",
        None,
        "funded",
        "2024",
        source="s_drugs",
        note="with Vd from the 2nd line",
        covers="with bortezomib",
        covers_lines="2+",
        covers_regimens="dvd",
    ),
    fact("BRA", "daratumumab", None, "not_funded", None, "s_drugs", "not as DVd (undated)", covers_regimens="dvd"),
    fact(
        "BRA",
        "daratumumab",
        None,
        "not_funded",
        "2023",
        source="s_drugs",
        note="not alone",
        covers="monotherapy",
        covers_lines="4+",
        covers_regimens="d_mono",
    ),
    fact("BRA", "daratumumab", None, "funded", "2023", "s_drugs", "a line, no regimen", covers_lines="3"),
    fact("FRA", "bortezomib", "approved", None, "2010-03", source="s_ema", note="EU label V"),
    fact("FRA", "carfilzomib", "approved", None, "2012", source="s_ema", note="EU label K"),
    fact("JPN", "x", None, "funded", "2015", note="listed"),
    fact("JPN", "x", "withdrawn", None, "2020", source="s_us", note="withdrawn by the maker"),
    fact("REU", "lenalidomide", "approved", None, "2024", source="s_ema"),
    fact("AIA", "x", "withdrawn", None, "2018", source="s_us", note="withdrawn"),
]


def setting(setting_id, lines, **axes):
    return {
        "setting_id": setting_id,
        "label": setting_id.replace("_", " "),
        "prior_lines": lines,
        "t11_14": "any",
        **{a: axes.get(a, "any") for a in AXES},
    }


def guideline(guideline_id, label, kind, year):
    return {"guideline_id": guideline_id, "label": label, "kind": kind, "year": year, "description": "planted"}


def rec(guideline_id, setting_id, regimen_id, category, grade=None, jurisdiction=None, date=None):
    return {
        "guideline_id": guideline_id,
        "setting_id": setting_id,
        "regimen_id": regimen_id,
        "category": category,
        "grade": grade,
        "jurisdiction": jurisdiction,
        "rank": 1,
        "effective_date": date,
        "source_id": "s_drugs",
    }


def regimen(regimen_id, abbreviation, name):
    return {"regimen_id": regimen_id, "abbreviation": abbreviation, "name": name}


VIEWS = {
    "country_facts": FACTS,
    "settings": [
        setting("first_relapse", "1"),
        setting("len_exp", "1", len_exposed="yes"),
        setting("later", "2+"),
        setting("len_refr", "1-3", len_refractory="yes"),
        setting("second_third", "2-3"),
        setting("pi_exp", "1", pi_exposed="yes"),
    ],
    "guidelines": pd.DataFrame(
        [
            guideline("imwg_2021", "IMWG 2021", "consensus_guideline", "2021"),
            guideline("later_2024", "Later 2024", "clinical_practice_guideline", "2024"),
            guideline("fda_label", "FDA label", "regulatory_approval", "2016"),
        ]
    ).assign(source_id="s_drugs"),
    "regimen_recommendations": [
        rec("imwg_2021", "first_relapse", "rd", "preferred", "1A"),
        rec("imwg_2021", "first_relapse", "vd", "recommended", "1B"),
        rec("imwg_2021", "second_third", "rd", "preferred", "1A"),
        rec("later_2024", "later", "dvd", "preferred"),
        rec("later_2024", "len_exp", "d_mono", "option"),
        rec("fda_label", "later", "d_mono", "approval", jurisdiction="USA", date="2016-11"),
        rec("fda_label", "pi_exp", "d_mono", "approval", jurisdiction="USA", date="2020-01"),
    ],
    "regimens": [
        regimen("rd", "Rd", "Lenalidomide + dexamethasone"),
        regimen("vd", "Vd", "Bortezomib + dexamethasone"),
        regimen("dvd", "DVd", "Daratumumab + bortezomib + dexamethasone"),
        regimen("d_mono", "D", "Daratumumab"),
    ],
    "regimen_drugs": pd.DataFrame(
        [
            ("rd", "lenalidomide"),
            ("rd", "dexamethasone"),
            ("vd", "bortezomib"),
            ("vd", "dexamethasone"),
            ("dvd", "daratumumab"),
            ("dvd", "bortezomib"),
            ("dvd", "dexamethasone"),
            ("d_mono", "daratumumab"),
        ],
        columns=["regimen_id", "drug_id"],
    ),
    "regimen_doses": pd.concat(
        [
            DOSES,
            pd.DataFrame(
                [
                    ("vd", "bortezomib", "SC", 1.3, "mg/m2", 8, "induction"),
                    ("vd", "bortezomib", "SC", 1.3, "mg/m2", 4, "maintenance"),
                    ("vd", "dexamethasone", "oral", 20, "mg", 8, "all"),
                ],
                columns=[
                    "regimen_id",
                    "drug_id",
                    "route",
                    "dose",
                    "dose_unit",
                    "administrations_per_28d",
                    "cycle_phase",
                ],
            ).assign(source_id="s_drugs"),
        ],
        ignore_index=True,
    ),
    "prices": pd.concat(
        [
            PRICES,
            pd.DataFrame(
                [("gbr_btz", "GBR", "bortezomib", "SC", "Btz 3.5 mg", 3.5, 1, 350.0, "GBP", "list", "2023-08", "px1")],
                columns=list(PRICES.columns[:12]),
            ).assign(confidence="verified"),
        ],
        ignore_index=True,
    ),
    "guidance_gaps": [
        {
            "gap_id": "late",
            "prior_lines": "4+",
            **{a: "any" for a in AXES},
            "t11_14": "any",
            "message": "Late-line guidance not verified",
            "source_id": "s_drugs",
        }
    ],
    "search_log": [
        {
            "iso3": "GBR",
            "drug_id": "daratumumab",
            "searched_on": "2026-12-01",
            "searched": "NICE, BNF",
            "result": "nothing_public",
            "note": "none",
        },
        {
            "iso3": "GBR",
            "drug_id": "carfilzomib",
            "searched_on": "2026-11-02",
            "searched": "NICE",
            "result": "nothing_public",
        },
        {"iso3": "IND", "drug_id": "bortezomib", "searched_on": "2026-10-05", "searched": "NLEM", "result": "found"},
        {
            "iso3": "IND",
            "drug_id": "daratumumab",
            "searched_on": "2026-11-05",
            "searched": "CDSCO",
            "result": "nothing_public",
        },
        {"iso3": "BRA", "drug_id": "bortezomib", "searched_on": "2026-09-01", "searched": "CONITEC", "result": "found"},
    ],
}


@pytest.fixture(scope="module")
def views_world() -> AccessModel:
    return planted_world(**VIEWS)


@pytest.fixture(scope="module")
def plain() -> AccessModel:
    """test_model_planted's world as it is (no search log, no finder tables, no restricted funding)."""
    return planted_world()


def records(df):
    """Rows as tuples; missing values (None or NaN) as None."""
    return [
        tuple(None if (not isinstance(v, (list, tuple, frozenset)) and pd.isna(v)) else v for v in r)
        for r in df.itertuples(index=False, name=None)
    ]


def _row(model, option, iso3, year=None):
    t = model.map_table(option, year)
    return t[t["iso3"] == iso3].iloc[0].to_dict()


# ---- map rows: which dimension's evidence a row shows ------------------------------------------------------
def test_a_funding_decision_shows_the_payers_source_and_note(views_world):
    """GBR bortezomib: approved 2019-05 (s_ema) then not funded 2024-06 (s_gb): the class rests on funding."""
    row = _row(views_world, "bortezomib", "GBR")
    assert (row["status"], row["source_id"], row["citation"], row["url"], row["note"], row["evidence_date"]) == (
        "not_funded",
        "s_gb",
        "NICE TA",
        "https://nice.example/ta",
        "NICE: not recommended",
        "2024-06",
    )


def test_country_table_cites_each_dimension(views_world):
    """GBR bortezomib: authorised per the EU label (s_ema), not funded per NICE (s_gb)."""
    row = views_world.country_table("GBR").set_index("drug_id").loc["bortezomib"]
    assert (row["auth_citation"], row["auth_url"], row["fund_citation"], row["fund_url"], row["n_facts"]) == (
        "EMA",
        "https://ema.example/epar",
        "NICE TA",
        "https://nice.example/ta",
        2,
    )


def test_funded_for_some_indications_shows_the_funding_fact(views_world):
    """BRA daratumumab: the newest funded indication (2024, DVd from the 2nd line) decides and is shown."""
    row = _row(views_world, "daratumumab", "BRA")
    assert (row["status"], row["label"], row["source_id"], row["note"], row["evidence_date"], row["stale"]) == (
        "publicly_funded_some",
        "Publicly funded for some indications",
        "s_drugs",
        "with Vd from the 2nd line",
        "2024",
        False,
    )


def test_a_withdrawal_after_funding_shows_the_authorisation_source(views_world):
    """JPN x: funded 2015 (s_gb), withdrawn 2020 (s_us): withdrawn, with the regulator's source and note."""
    row = _row(views_world, "x", "JPN")
    assert (row["status"], row["source_id"], row["citation"], row["note"], row["evidence_date"], row["stale"]) == (
        "withdrawn",
        "s_us",
        "FDA letter",
        "withdrawn by the maker",
        "2020",
        True,
    )  # 2020-01-01 is more than five years before 2026-11-24


def test_a_past_years_no_data_row_has_no_search_note(views_world):
    assert _row(views_world, "lenalidomide", "TCD")["searched"] == "Not yet searched"
    assert _row(views_world, "lenalidomide", "TCD", 2020)["searched"] == ""
    assert _row(views_world, "daratumumab", "GBR")["searched"] == "Searched 2026-12: nothing public found"
    assert _row(views_world, "group:Proteasome inhibitors", "IND")["searched"] == "Searched 2026-10"


def test_statuses_by_country_has_every_mapped_country_and_unmapped_ones_with_facts(views_world):
    by = views_world.statuses_by_country
    assert by["GBR"] == {
        "bortezomib": "not_funded",
        "dexamethasone": "publicly_funded",
        "lenalidomide": "publicly_funded",
    }
    assert by["AFG"] == {} and by["REU"] == {"lenalidomide": "approved"}
    assert len(by) == 238  # 237 mapped + Réunion


# ---- history of a class -----------------------------------------------------------------------------------
def test_map_history_of_a_class_holds_only_the_changes(views_world):
    """Proteasome inhibitors (bortezomib, carfilzomib, ixazomib):

    - BRA: bortezomib approved undated (counts from its as_of, 2021: old), funded 2022.
    - FRA: bortezomib approved 2010; carfilzomib approved 2012 changes nothing (bortezomib is first of the
      equals); ixazomib funded 2026.
    - GBR: bortezomib approved 2019, not funded 2024.
    Countries in name order: Brazil, France, United Kingdom.
    """
    history = views_world.map_history("group:Proteasome inhibitors")
    got = [(iso3, [(y, r["drug_id"], r["status"], r["note"]) for y, r in entries]) for iso3, entries in history.items()]
    assert got == [
        ("BRA", [(2021, "bortezomib", "approved", "undated label"), (2022, "bortezomib", "publicly_funded", None)]),
        ("FRA", [(2010, "bortezomib", "approved", "EU label V"), (2026, "ixazomib", "publicly_funded", "rate 100%")]),
        (
            "GBR",
            [(2019, "bortezomib", "approved", "EU label"), (2024, "bortezomib", "not_funded", "NICE: not recommended")],
        ),
    ]
    fra_2010 = history["FRA"][0][1]
    assert fra_2010 == {
        "iso3": "FRA",
        "name": "France",
        "who_region": "EUR",
        "income_group": "H",
        "status": "approved",
        "label": "Approved, funding unknown",
        "drug_id": "bortezomib",
        "evidence_date": "2010-03",
        "confidence": "stated",
        "stale": True,
        "source_id": "s_ema",
        "citation": "EMA",
        "url": "https://ema.example/epar",
        "note": "EU label V",
        "searched": "",
    }
    assert views_world.map_history("y") == {}  # no fact anywhere


def test_map_history_of_a_class_never_starts_with_no_data(views_world):
    """Test drugs (x, y): JPN x funded 2015, withdrawn 2020 -> the class is "No data" from 2020 (y might be
    available); AIA x withdrawn 2018 -> "No data" throughout: no entry at all (x alone: withdrawn)."""
    history = views_world.map_history("group:Test drugs")
    assert [(iso3, [(y, r["status"], r["drug_id"]) for y, r in e]) for iso3, e in history.items()] == [
        ("JPN", [(2015, "publicly_funded", "x"), (2020, "no_data", None)])
    ]
    assert [(y, r["status"]) for y, r in views_world.map_history("x")["AIA"]] == [(2018, "withdrawn")]
    assert history["JPN"][1][1]["searched"] == ""  # a past year's "No data" carries no search note


# ---- the evidence search ----------------------------------------------------------------------------------
def test_search_note_in_words(views_world, plain):
    """GBR: both nothing public, newest 2026-12-01; IND: one found (2026-10-05), one nothing (2026-11-05)."""
    assert views_world.search_note("GBR", ["daratumumab", "carfilzomib"]) == "Searched 2026-12: nothing public found"
    assert views_world.search_note("GBR", ["carfilzomib"]) == "Searched 2026-11: nothing public found"
    assert views_world.search_note("IND", ["bortezomib", "daratumumab"]) == "Searched 2026-11"
    assert views_world.search_note("IND", ["x", "bortezomib"]) == "Searched 2026-10"
    assert views_world.search_note("TCD", ["x"]) == "Not yet searched"
    assert plain.search_note("GBR", ["daratumumab"]) == "Not yet searched"  # no search log at all


def test_search_log_for_a_country_every_column(views_world, plain):
    log = views_world.search_log_for("GBR")
    assert list(log.columns) == ["drug_id", "drug", "searched_on", "searched", "result", "note"]
    assert records(log) == [
        ("carfilzomib", "Carfilzomib (K)", "2026-11-02", "NICE", "nothing public found", None),
        ("daratumumab", "Daratumumab (D)", "2026-12-01", "NICE, BNF", "nothing public found", "none"),
    ]  # by drug id
    assert records(views_world.search_log_for("IND"))[0] == (
        "bortezomib",
        "Bortezomib (V)",
        "2026-10-05",
        "NLEM",
        "found (see the status)",
        None,
    )
    assert list(log.index) == [0, 1]
    none = plain.search_log_for("GBR")
    assert (list(none.columns), len(none)) == (["drug_id", "drug", "searched_on", "searched", "result", "note"], 0)
    assert len(views_world.search_log_for("TCD")) == 0


# ---- the country page's lead ------------------------------------------------------------------------------
def test_country_known_of_the_united_kingdom(views_world):
    """8 planted drugs; GBR: lenalidomide and dexamethasone funded, bortezomib not funded (3 sourced, 2 funded);
    no register entry, no national list; 6,757 new cases (2022), GDP per capita US$ 48,000 (2025), both from
    ``wdi`` (publisher "Planted"); searched for carfilzomib and daratumumab, newest 2026-12-01."""
    assert views_world.country_known("GBR") == [
        (
            "Sourced status",
            "3 of 8 drugs have a sourced status (2 publicly funded for at least some indications): "
            "Lenalidomide (R) — publicly funded, Dexamethasone (d) — publicly funded, "
            "Bortezomib (V) — not publicly funded (patients pay).",
        ),
        ("New myeloma cases", "6,757 a year (2022; Planted)."),
        ("GDP per capita", "US$ 48,000 (2025; Planted)."),
        (
            "Evidence search",
            "Searched 2026-12 for Carfilzomib (K), Daratumumab (D): nothing public found "
            "(where we looked is listed below).",
        ),
    ]


def test_country_known_register_lists_and_search(views_world):
    """FRA: 4 sourced (lenalidomide, bortezomib, carfilzomib approved; ixazomib funded), one register entry;
    KEN: its newest list (2023) names lenalidomide; IND: its 2017 list names bortezomib, one drug searched with
    nothing found; BRA: funded for some indications counts as funded, searched but everything found (no line);
    ATF: nothing at all."""
    assert views_world.country_known("FRA") == [
        (
            "Sourced status",
            "4 of 8 drugs have a sourced status (1 publicly funded for at least some indications): "
            "Lenalidomide (R) — approved, funding unknown, Bortezomib (V) — approved, funding unknown, "
            "Carfilzomib (K) — approved, funding unknown, Ixazomib (I) — publicly funded.",
        ),
        ("National register", "1 register entries for: Ixazomib (I)."),
        ("Evidence search", "Not yet searched country by country."),
    ]
    assert views_world.country_known("KEN") == [
        (
            "National essential medicines list",
            "The 2023 list names Lenalidomide (R) (a listing is a commitment to public-sector supply, not a "
            "funding status).",
        ),
        ("Evidence search", "Not yet searched country by country."),
    ]
    assert views_world.country_known("IND") == [
        (
            "National essential medicines list",
            "The 2017 list names Bortezomib (V) (a listing is a commitment to public-sector supply, not a funding "
            "status).",
        ),
        ("New myeloma cases", "12,923 a year (2022; Planted)."),
        ("GDP per capita", "US$ 2,400 (2025; Planted)."),
        (
            "Evidence search",
            "Searched 2026-11 for Daratumumab (D): nothing public found (where we looked is listed below).",
        ),
    ]
    assert views_world.country_known("BRA") == [
        (
            "Sourced status",
            "3 of 8 drugs have a sourced status (3 publicly funded for at least some indications): "
            "Dexamethasone (d) — publicly funded, Bortezomib (V) — publicly funded, "
            "Daratumumab (D) — publicly funded for some indications.",
        ),
        ("New myeloma cases", "5,656 a year (2022; Planted)."),
    ]
    assert views_world.country_known("ATF") == [("Evidence search", "Not yet searched country by country.")]


def test_country_known_names_a_register_entry_by_its_id_when_unlabelled():
    register = [
        {"iso3": "FRA", "drug_id": d, "funding": "funded", "date": "2026", "confidence": "stated", "source_id": "px1"}
        for d in ("zz_new", "ixazomib_b", "zz_new")
    ]
    m = planted_world(register_facts=register)
    assert ("National register", "3 register entries for: ixazomib_b, zz_new.") in m.country_known("FRA")


def test_country_known_names_every_drug_on_the_newest_list():
    """KEN's 2023 list names lenalidomide and zz_new (no drug row: its id); its 2016 list is older. IND's 2017 list
    has lenalidomide as not listed: it names none."""
    eml = pd.DataFrame(
        [
            ("KEN", "lenalidomide", "yes", 2023),
            ("KEN", "zz_new", "yes", 2023),
            ("KEN", "x", "no", 2023),
            ("KEN", "dexamethasone", "yes", 2016),
            ("IND", "lenalidomide", "no", 2017),
        ],
        columns=["iso3", "drug_id", "listed", "list_year"],
    ).assign(medicine_name="m", source_id="keml")
    m = planted_world(national_eml=eml)
    assert m.country_known("KEN")[0] == (
        "National essential medicines list",
        "The 2023 list names Lenalidomide (R), zz_new (a listing is a commitment to public-sector supply, not a "
        "funding status).",
    )
    assert m.country_known("IND")[0] == (
        "National essential medicines list",
        "The 2017 list names none of the myeloma medicines checked (a listing is a commitment to public-sector "
        "supply, not a funding status).",
    )


def test_source_publisher(plain):
    m = plain
    assert (m.source_publisher("wdi"), m.source_publisher("nope"), m.source_publisher(None)) == ("Planted", "", "")
    tables = planted_tables()
    tables["sources"] = tables["sources"].assign(publisher=None)  # not valid data: the fallback to the citation
    assert AccessModel(Dataset(tables)).source_publisher("wdi") == "World Bank WDI"


# ---- the Table tab's order --------------------------------------------------------------------------------
TABLE = pd.DataFrame(
    [
        ("AAA", "Zeta", "EUR", "approved", "2020", ""),
        ("BBB", "Alpha", "AMR", "publicly_funded", "2024", ""),
        ("CCC", "Beta", "EUR", "approved", "2020", ""),
        ("DDD", "Delta", "EUR", "no_data", None, "Not yet searched"),
        ("EEE", "Gamma", "AMR", "no_data", None, "Searched 2026-12: nothing public found"),
        ("FFF", "Acme", "EUR", "no_data", None, None),
        ("GGG", "Eta", "EUR", "no_data", None, "Searched 2026-11"),
    ],
    columns=["iso3", "name", "who_region", "status", "evidence_date", "searched"],
    index=[10, 11, 12, 13, 14, 15, 16],
)


def test_table_order_known_newest_first_then_searched_then_not_yet_searched():
    """Known: BBB (2024), then 2020 by name Beta (CCC), Zeta (AAA); searched No data by name: Eta (GGG),
    Gamma (EEE); then the rest by name: Acme (FFF, no note), Delta (DDD)."""
    t = AccessModel.table_order(TABLE)
    assert t["iso3"].tolist() == ["BBB", "CCC", "AAA", "GGG", "EEE", "FFF", "DDD"]
    assert t.index.tolist() == list(range(7)) and list(t.columns) == list(TABLE.columns)
    assert AccessModel.table_order(TABLE, "EUR")["iso3"].tolist() == ["CCC", "AAA", "GGG", "FFF", "DDD"]
    # without a search column every "No data" country is one group, by name
    no_search = TABLE.drop(columns="searched")
    assert AccessModel.table_order(no_search)["iso3"].tolist() == ["BBB", "CCC", "AAA", "FFF", "DDD", "GGG", "EEE"]


# ---- finder glue -------------------------------------------------------------------------------------------
def test_finder_inputs(views_world):
    data = views_world.finder_data
    assert data.drug_axes == {
        "lenalidomide": "len",
        "dexamethasone": "",
        "x": "",
        "y": "",
        "bortezomib": "pi",
        "carfilzomib": "pi",
        "ixazomib": "pi",
        "daratumumab": "cd38",
    }
    assert data.jurisdiction_members == {"EUR": frozenset({"DEU", "FRA"})}
    assert data.drugs_of["dvd"] == ["daratumumab", "bortezomib", "dexamethasone"]
    assert data.standing == {"imwg_2021": 0, "later_2024": 0, "fda_label": 1}
    assert list(data.settings_by_id) == ["first_relapse", "len_exp", "later", "len_refr", "second_third", "pi_exp"]
    assert views_world.guideline_labels == {
        "imwg_2021": "IMWG 2021",
        "later_2024": "Later 2024",
        "fda_label": "FDA label",
    }
    assert views_world.guidelines_for("imwg_2021") == ("imwg_2021",)
    assert views_world.guidelines_for("with_later") == ("imwg_2021", "later_2024", "fda_label")
    assert views_world.eml_by_country == {
        "IND": frozenset({"bortezomib"}),
        "KEN": frozenset({"lenalidomide", "dexamethasone"}),
    }  # the newest list naming each drug
    assert planted_world(national_eml=[]).eml_by_country == {}
    assert views_world.countries_in("who_region", "AMR") == ["AIA", "BRA", "CAN", "USA"]  # by name
    assert views_world.countries_in("income_group", "LM") == ["IND"]


def test_restricted_funding_keeps_facts_naming_regimens_of_drugs_funded_for_some_indications(views_world, plain):
    """BRA daratumumab: the three facts naming a regimen, as (date or '', funding, lines or '', regimens); the
    3rd-line fact names none and is left out. No other drug is funded for some indications."""
    assert views_world.restricted_funding == {
        "BRA": {
            "daratumumab": (
                ("2024", "funded", "2+", frozenset({"dvd"})),
                ("", "not_funded", "", frozenset({"dvd"})),
                ("2023", "not_funded", "4+", frozenset({"d_mono"})),
            )
        }
    }
    assert plain.restricted_funding == {}


FIND = [
    "regimen_id",
    "verdict",
    "blocking",
    "unknown",
    "via_eml",
    "via_indication",
    "cost_usd",
    "via_user",
    "ordered_by",
]


def test_find_regimens_in_the_united_kingdom_with_costs(views_world):
    """GBR, 1 prior line, IMWG 2021: Rd (lenalidomide and dexamethasone funded; 2,645.00 USD a cycle:
    525 mg x GBP 4/mg = 2,100 + 160 mg x GBP 0.1 = 16, at 1.25) and Vd (bortezomib not funded: usable when
    paying, blocked when publicly funded only; 2,360.00 USD: 18.72 mg x GBP 100 = 1,872 + 16, at 1.25)."""
    q = FinderQuery(Situation(1), "any", "imwg_2021")
    assert records(views_world.find_regimens("GBR", q)[FIND]) == [
        ("rd", "usable", [], [], [], [], 2645.0, [], "IMWG 2021"),
        ("vd", "usable", [], [], [], [], 2360.0, [], "IMWG 2021"),
    ]
    funded = views_world.find_regimens("GBR", FinderQuery(Situation(1), "funded", "imwg_2021"))
    assert records(funded[FIND]) == [
        ("rd", "usable", [], [], [], [], 2645.0, [], "IMWG 2021"),
        ("vd", "blocked", ["bortezomib"], [], [], [], 2360.0, [], "IMWG 2021"),
    ]


def test_find_regimens_reads_the_national_list_and_indication_funding(views_world):
    """KEN: lenalidomide (2023 list) and dexamethasone (2016 list) listed -> Rd usable by the list, Vd unknown.
    BRA, 2 prior lines, publicly funded only: DVd usable (daratumumab funded for DVd from the 2nd line, 2024,
    newer than the undated 'not as DVd'), Rd unknown (no lenalidomide fact)."""
    ken = views_world.find_regimens("KEN", FinderQuery(Situation(1), "any", "imwg_2021"))
    assert records(ken[FIND]) == [
        ("rd", "usable", [], [], ["lenalidomide", "dexamethasone"], [], None, [], "IMWG 2021"),
        ("vd", "unknown", [], ["bortezomib"], ["dexamethasone"], [], None, [], "IMWG 2021"),
    ]
    bra = views_world.find_regimens("BRA", FinderQuery(Situation(2), "funded", "with_later"))
    assert records(bra[FIND]) == [
        ("rd", "unknown", [], ["lenalidomide"], [], [], None, [], "IMWG 2021"),
        ("dvd", "usable", [], [], [], ["daratumumab"], None, [], "Later 2024"),
    ]
    none = views_world.find_regimens("GBR", FinderQuery(Situation(0), "any", "with_later"))
    assert none.empty and list(none.columns) == []  # no setting for 0 prior lines


def test_find_regimens_in_a_country_not_on_the_map(views_world):
    """ZZZ (no such country) has no status, list, price or restricted funding: every drug unknown, nothing costed."""
    got = views_world.find_regimens("ZZZ", FinderQuery(Situation(1), "any", "imwg_2021"))
    assert records(got[FIND]) == [
        ("rd", "unknown", [], ["lenalidomide", "dexamethasone"], [], [], None, [], "IMWG 2021"),
        ("vd", "unknown", [], ["bortezomib", "dexamethasone"], [], [], None, [], "IMWG 2021"),
    ]


def test_finder_view_keeps_a_scope_with_a_verifiable_regimen(views_world):
    view = views_world.finder_view("GBR", FinderQuery(Situation(1), "any", "imwg_2021"))
    assert (view["scope"], view["notice"], view["result"]["regimen_id"].tolist()) == ("imwg_2021", None, ["rd", "vd"])
    assert view["elsewhere"].empty and view["exposure_hints"] == []
    assert set(view) == {"result", "scope", "notice", "elsewhere", "exposure_hints"}


def test_finder_view_hints_an_exposure_and_lists_approvals_elsewhere(views_world):
    """With later guidance, after 1 line: D applies once lenalidomide-exposed (Later 2024) -> a hint.
    At 2 lines, in GBR: the FDA's D approval covers the USA only -> listed apart."""
    one = views_world.finder_view("GBR", FinderQuery(Situation(1), "any", "with_later"))
    assert (one["scope"], one["notice"], one["exposure_hints"]) == ("with_later", None, ["lenalidomide"])
    two = views_world.finder_view("GBR", FinderQuery(Situation(2), "any", "with_later"))
    assert records(two["elsewhere"][["regimen_id", "jurisdiction"]]) == [("d_mono", "USA")]
    assert two["result"]["regimen_id"].tolist() == ["rd", "dvd"]


def test_finder_view_falls_back_to_the_other_guidance_without_an_explicit_scope(views_world):
    """2 lines, lenalidomide-refractory, IMWG 2021: only Rd, a refractory conflict -> nothing verifiable. The other
    guidance adds DVd (and D, approved in the USA only): shown at once with the fallback notice. Publicly funded
    only, daratumumab assumed: DVd is blocked by bortezomib (not funded), daratumumab counted by assumption."""
    q = FinderQuery(Situation(2, len_refractory=True), "funded", "imwg_2021", frozenset({"daratumumab"}))
    view = views_world.finder_view("GBR", q)
    assert view["scope"] == "with_later"
    assert view["notice"] == (
        "IMWG 2021 only gives no verifiable recommendation for this situation; showing the other cited "
        "guidance below (choose the guidance above to change this)."
    )
    shown = view["result"][["regimen_id", "verdict", "blocking", "via_assumption"]]
    assert records(shown) == [
        ("dvd", "blocked", ["bortezomib"], ["daratumumab"]),
        ("rd", "refractory_conflict", [], []),
    ]
    assert records(view["elsewhere"][["regimen_id", "jurisdiction"]]) == [("d_mono", "USA")]


def test_finder_view_with_an_explicit_scope_keeps_it_and_counts_the_others(views_world):
    """GBR: the other guidance adds DVd (1; Rd is already listed); USA: DVd and the FDA's D (2)."""
    q = FinderQuery(Situation(2, len_refractory=True), "any", "imwg_2021")
    gbr = views_world.finder_view("GBR", q, scope_explicit=True)
    assert (gbr["scope"], gbr["result"]["regimen_id"].tolist()) == ("imwg_2021", ["rd"])
    assert gbr["notice"] == (
        "IMWG 2021 only gives no verifiable recommendation for this situation. 1 regimen(s) from other cited "
        "guidance and approvals apply: choose 'IMWG 2021 + later guidance and approvals' to see them."
    )
    assert gbr["elsewhere"].empty  # IMWG 2021 has no approval rows
    usa = views_world.finder_view("USA", q, scope_explicit=True)
    assert usa["notice"] == (
        "IMWG 2021 only gives no verifiable recommendation for this situation. 2 regimen(s) from other cited "
        "guidance and approvals apply: choose 'IMWG 2021 + later guidance and approvals' to see them."
    )


def test_finder_view_when_the_chosen_scope_has_no_row_at_all(views_world):
    """4 prior lines: IMWG 2021 recommends nothing (Rd is for 2-3 lines); Later 2024 has DVd (2+)."""
    q = FinderQuery(Situation(4), "any", "imwg_2021")
    view = views_world.finder_view("GBR", q)
    assert (view["scope"], view["result"]["regimen_id"].tolist()) == ("with_later", ["dvd"])
    assert view["notice"].startswith("IMWG 2021 only gives no verifiable recommendation for this situation; showing")
    explicit = views_world.finder_view("GBR", q, scope_explicit=True)
    assert (explicit["scope"], len(explicit["result"])) == ("imwg_2021", 0)
    assert explicit["notice"] == (
        "IMWG 2021 only gives no verifiable recommendation for this situation. 1 regimen(s) from other cited "
        "guidance and approvals apply: choose 'IMWG 2021 + later guidance and approvals' to see them."
    )


def test_finder_view_in_the_regulators_own_country(views_world):
    """USA: the FDA's approvals count there, so none is listed apart; after 1 line D applies once lenalidomide-
    exposed (Later 2024) or PI-exposed (the FDA label, USA only)."""
    two = views_world.finder_view("USA", FinderQuery(Situation(2), "any", "with_later"))
    assert two["elsewhere"].empty and two["result"]["regimen_id"].tolist() == ["rd", "dvd", "d_mono"]
    one = views_world.finder_view("USA", FinderQuery(Situation(1), "any", "with_later"))
    assert one["exposure_hints"] == ["lenalidomide", "a proteasome inhibitor"]
    assert views_world.finder_view("GBR", FinderQuery(Situation(1), "any", "with_later"))["exposure_hints"] == [
        "lenalidomide"
    ]


def test_finder_view_with_nothing_anywhere_has_no_notice(views_world):
    view = views_world.finder_view("GBR", FinderQuery(Situation(0), "any", "imwg_2021"))
    assert (view["scope"], view["notice"], len(view["result"])) == ("imwg_2021", None, 0)
    # 1-3 lines, lenalidomide-refractory, one line: IMWG's first-relapse Rd conflicts, Vd is verifiable
    kept = views_world.finder_view("GBR", FinderQuery(Situation(1, len_refractory=True), "any", "imwg_2021"))
    assert (kept["scope"], kept["notice"], kept["result"]["verdict"].tolist()) == (
        "imwg_2021",
        None,
        ["usable", "refractory_conflict"],
    )


def test_guidance_gaps_of_a_situation(views_world):
    gaps = views_world.guidance_gaps(Situation(4))
    assert [(g["gap_id"], g["message"]) for g in gaps] == [("late", "Late-line guidance not verified")]
    assert views_world.guidance_gaps(Situation(3)) == []


def test_usable_counts_per_country(views_world):
    """1 prior line, IMWG 2021 (Rd, Vd): GBR both usable; KEN Rd by its list, Vd unknown; TCD: lenalidomide and
    bortezomib unknown; BRA: Rd unknown (lenalidomide), Vd usable."""
    counts = views_world.usable_counts(FinderQuery(Situation(1), "any", "imwg_2021"))
    assert list(counts.columns) == [
        "iso3",
        "usable",
        "unknown",
        "blocked",
        "refractory",
        "recommended",
        "name",
        "who_region",
        "income_group",
    ]
    assert len(counts) == 237
    rows = {r[0]: r for r in records(counts)}
    assert rows["GBR"] == ("GBR", 2, 0, 0, 0, 2, "United Kingdom", "EUR", "H")
    assert rows["KEN"] == ("KEN", 1, 1, 0, 0, 2, "Kenya", None, None)
    assert rows["TCD"] == ("TCD", 0, 2, 0, 0, 2, "Chad", "AFR", "L")
    assert rows["BRA"] == ("BRA", 1, 1, 0, 0, 2, "Brazil", "AMR", "UM")
    funded = views_world.usable_counts(FinderQuery(Situation(1), "funded", "imwg_2021")).set_index("iso3")
    assert funded.loc["GBR", ["usable", "blocked"]].tolist() == [1, 1]  # Vd: bortezomib not funded
    # 2 prior lines: IMWG 2021 has Rd only; with the later guidance DVd too (and D in the USA)
    imwg = views_world.usable_counts(FinderQuery(Situation(2), "any", "imwg_2021")).set_index("iso3")
    later = views_world.usable_counts(FinderQuery(Situation(2), "any", "with_later")).set_index("iso3")
    assert (imwg.loc["GBR", "recommended"], later.loc["GBR", "recommended"], later.loc["USA", "recommended"]) == (
        1,
        2,
        3,
    )


def test_unlock_ranking_over_three_countries(views_world):
    """Publicly funded only, 1 prior line, IMWG 2021. GBR: Vd lacks only bortezomib (not funded: a sourced
    barrier, gain 1). KEN: a national list is not funding; Rd and Vd each lack two drugs. TCD (dexamethasone
    funded): Rd lacks lenalidomide, Vd bortezomib, neither sourced (data gaps 1 each)."""
    ranking = views_world.unlock_ranking(["GBR", "KEN", "TCD"], FinderQuery(Situation(1), "funded", "imwg_2021"))
    assert records(ranking) == [("bortezomib", 1.0, 1.0, ["vd"], 2), ("lenalidomide", 0.0, 1.0, ["rd"], 1)]
    # 2 prior lines, any availability, GBR: Rd usable; DVd (later guidance only) lacks daratumumab (no data)
    q = FinderQuery(Situation(2), "any", "imwg_2021")
    assert views_world.unlock_ranking(["GBR"], q).empty
    later = views_world.unlock_ranking(["GBR"], FinderQuery(Situation(2), "any", "with_later"))
    assert records(later) == [("daratumumab", 0.0, 1.0, ["dvd"], 1)]


# ---- costs glue ------------------------------------------------------------------------------------------
def test_cycle_cost_of_a_phase(views_world):
    """Vd in GBR: bortezomib 1.3 mg/m2 x 1.8 m2 = 2.34 mg. First phase (induction, x 8): 18.72 mg x GBP 100 =
    1,872 + dexamethasone 160 mg x GBP 0.1 = 16 -> 1,888 x 1.25 = 2,360.00 USD (x 1.34 today = 2,529.92).
    Later phase (maintenance, x 4): 936 + 16 = 952 x 1.25 = 1,190.00 USD (1,275.68 today)."""
    first = views_world.cycle_cost("vd", "GBR")
    assert (first.usd, first.usd_today, [c["mg_per_cycle"] for c in first.components]) == (
        2360.0,
        2529.92,
        [18.7, 160.0],
    )
    later = views_world.cycle_cost("vd", "GBR", "later")
    assert (later.usd, later.usd_today) == (1190.0, 1275.68)


def test_regimen_costs_every_regimen_of_a_priced_country_only(views_world):
    costs = views_world.regimen_costs("GBR")
    assert {r: c.usd for r, c in costs.items()} == {"rd": 2645.0, "vd": 2360.0, "dvd": None, "d_mono": None}
    assert [str(m) for m in costs["d_mono"].missing] == ["daratumumab: no standard dose"]
    assert views_world.regimen_costs("GBR") is costs  # memoised
    assert views_world.regimen_costs("TCD") == {}  # no price there
    assert {r: c.usd for r, c in views_world.regimen_costs("IND").items()} == {
        "rd": None,
        "vd": None,
        "dvd": None,
        "d_mono": None,
    }  # IND has a lenalidomide price only
    assert {r: c.usd for r, c in views_world.country_layers("GBR")["cycle_costs"].items()} == {
        "rd": 2645.0,
        "vd": 2360.0,
    }  # the layer keeps the known costs


# ---- reference, coverage and layers --------------------------------------------------------------------------
def test_indicator_layers_read_their_own_indicator():
    indicators = [
        {"iso3": "GBR", "indicator": name, "value": value, "year": 2020 + i, "unit": f"u{i}", "source_id": "wdi"}
        for i, (name, value) in enumerate(
            [
                ("gdp_per_capita_usd", 1.0),
                ("gdp_per_capita_ppp", 2.0),
                ("population", 3.0),
                ("mm_new_cases", 4.0),
                ("mm_incidence_asr", 5.0),
                ("mm_deaths", 6.0),
            ]
        )
    ]
    layers = planted_world(country_indicators=indicators).country_layers("GBR")
    got = {k: (v["value"], v["year"], v["unit"]) for k, v in layers.items() if isinstance(v, dict) and "value" in v}
    assert got == {
        "gdp_per_capita_usd": (1.0, 2020, "u0"),
        "gdp_per_capita_ppp": (2.0, 2021, "u1"),
        "population": (3.0, 2022, "u2"),
        "mm_new_cases": (4.0, 2023, "u3"),
        "mm_incidence_asr": (5.0, 2024, "u4"),
        "mm_deaths": (6.0, 2025, "u5"),
    }
    assert records(layers["prices"][["price_id", "pack_price"]]) == [("gbr_len", 2100.0), ("gbr_dex", 10.0)]
    assert [k for k, v in layers.items() if v is None] == ["national_eml", "register"]


def test_coverage_defaults_to_the_core_drugs(views_world):
    """Core: lenalidomide, bortezomib, daratumumab. Sourced for lenalidomide: CAN, DEU, FRA, GBR (and REU, not
    mapped); bortezomib: BRA, FRA, GBR; daratumumab: BRA, NZL, USA."""
    assert views_world.coverage_by_drug() == {"lenalidomide": 4, "bortezomib": 3, "daratumumab": 3}
    cov = views_world.coverage()
    assert list(cov.columns) == ["lenalidomide", "bortezomib", "daratumumab", "n_sourced"]
    assert cov["n_sourced"].tolist() == [2, 2, 2, 1, 1, 1, 1, 1]
    assert sorted(cov.index[:3]) == ["BRA", "FRA", "GBR"] and sorted(cov.index[3:]) == [
        "CAN",
        "DEU",
        "NZL",
        "REU",
        "USA",
    ]
    assert cov.loc["BRA"].tolist() == ["no_data", "publicly_funded", "publicly_funded_some", 2]
    regions = views_world.coverage_by_region().set_index("who_region")
    assert list(regions.columns) == ["countries", "lenalidomide", "bortezomib", "daratumumab"]
    assert records(regions.reset_index()) == [
        ("", 226, 0, 0, 0),
        ("AFR", 1, 0, 0, 0),
        ("AMR", 4, 1, 1, 2),
        ("EUR", 3, 3, 2, 0),
        ("SEAR", 1, 0, 0, 0),
        ("WPR", 2, 0, 0, 1),
    ]  # AMR: AIA, BRA, CAN, USA; EUR: GBR, DEU, FRA; WPR: NZL, JPN; no region: the other 226 mapped


def test_layer_coverage_every_row(views_world):
    """Sourced status: AIA, BRA, CAN, DEU, FRA, GBR, JPN, NZL, TCD, USA (REU is not mapped); lists: KEN, IND;
    register: FRA; prices: GBR, IND; GDP: GBR, IND; new cases: GBR, IND, BRA (REU not mapped)."""
    lc = views_world.layer_coverage()
    assert list(lc.columns) == ["layer", "countries", "AFR", "AMR", "SEAR", "EUR", "EMR", "WPR"]
    assert records(lc) == [
        ("Sourced status (any drug)", 10, 1, 4, 0, 3, 0, 2),
        ("National essential medicines list (GEM, Kenya 2023)", 2, 0, 0, 1, 0, 0, 0),
        ("National register (ZA SEP, FR BDPM, JP NHI, DZ, KE PPB, CA DPD)", 1, 0, 0, 0, 1, 0, 0),
        ("Prices", 2, 0, 0, 1, 1, 0, 0),
        ("GDP per capita (World Bank)", 2, 0, 0, 1, 1, 0, 0),
        ("New myeloma cases (GLOBOCAN 2022)", 3, 0, 1, 1, 1, 0, 0),
    ]


def test_without_layer_tables_the_views_are_empty():
    """A dataset without national lists, roster or register: every layer view says "none", never an error."""
    m = planted_world(national_eml=[], imwg_members=[], register_facts=[])
    counts = m.imwg_counts()
    assert (list(counts.columns), len(counts)) == (["iso3", "members", "name", "lon", "lat"], 0)
    eml = m.eml_table("lenalidomide")
    assert list(eml.columns) == ["iso3", "name", "who_region", "income_group", "eml", "list_year", "note", "source_id"]
    assert set(eml["eml"]) == {"no_list"} and set(eml["list_year"]) == {None} and len(eml) == 237
    assert m.country_layers("KEN")["national_eml"] is None
    assert m.country_layers("FRA")["register"] is None
    lc = m.layer_coverage().set_index("layer")["countries"].tolist()
    assert lc == [5, 0, 0, 2, 2, 3]
    tables = planted_tables()
    del tables["national_eml"], tables["register_facts"], tables["search_log"]  # absent, not only empty
    bare = AccessModel(Dataset(tables))
    assert bare.eml_by_country == {} and bare.layer_coverage()["countries"].tolist()[1:3] == [0, 0]
    assert bare.country_layers("FRA")["register"] is None and bare.search_note("GBR", ["x"]) == "Not yet searched"
    assert len(bare.search_log_for("GBR")) == 0


def test_imwg_counts_distinct_people_per_mapped_country(plain):
    assert records(plain.imwg_counts()) == [
        ("GBR", 2, "United Kingdom", -2.5, 53.93),
        ("IND", 1, "India", 79.59, 22.91),
    ]  # Ann A twice counts once; Réunion is not on the map


def test_a_fact_whose_source_is_not_listed_still_counts():
    """The cross-table check reports an unlisted source; the model keeps the fact, with no citation."""
    m = planted_world(country_facts=[fact("TCD", "x", "approved", None, "2024", source="unlisted")])
    tcd = m.facts[m.facts["iso3"] == "TCD"]
    assert records(tcd[["drug_id", "source_id", "citation", "url", "source_type"]]) == [
        ("x", "unlisted", None, None, None)
    ]
    assert len(m.facts) == 9  # 2 x 2 EU, 3 events, the register row and this one
    row = _row(m, "x", "TCD")
    assert (row["status"], row["source_id"], row["citation"], row["url"]) == ("approved", "unlisted", "", "")


def test_an_empty_dataset_has_no_as_of_and_no_facts():
    m = AccessModel(Dataset({name: empty_table(name) for name in SCHEMAS}))
    assert (m.latest_as_of, len(m.facts), m.drug_options()) == ("", 0, {})


def test_drug_ids_for_a_drug_and_an_unknown_class(views_world):
    assert views_world.drug_ids_for("x") == ["x"] and views_world.drug_ids_for("group:Nothing") == []


def test_country_facts_sort_an_undated_fact_by_its_as_of(views_world):
    """BRA daratumumab: 2023, 2023, 2024, then the undated fact (as of 2026-11-24); BRA bortezomib: the undated
    fact (as of 2021-05-01) before the 2022 one."""
    f = views_world.country_facts("BRA")
    assert [(d, n) for d, n in zip(f["drug_id"], f["note"]) if d == "bortezomib"] == [
        ("bortezomib", "undated label"),
        ("bortezomib", None),
    ]
    assert [(d, n) for d, n in zip(f["drug_id"], f["note"]) if d == "daratumumab"] == [
        ("daratumumab", "not alone"),
        ("daratumumab", "a line, no regimen"),
        ("daratumumab", "with Vd from the 2nd line"),
        ("daratumumab", "not as DVd (undated)"),
    ]
    assert "_key" not in f.columns


def test_map_geodataframe_keeps_the_shown_columns(views_world):
    table = views_world.map_table("lenalidomide")
    g = views_world.map_geodataframe(table)
    assert list(g.columns) == [
        "iso3",
        "geometry",
        "name",
        "status",
        "label",
        "drug_id",
        "evidence_date",
        "confidence",
        "stale",
        "citation",
        "url",
    ]
    assert len(g) == 237 and str(g.crs) == "EPSG:4326"
    assert g.set_index("iso3").loc["GBR", "status"] == "publicly_funded"
    assert list(views_world.map_geodataframe(table[["iso3", "status", "searched"]]).columns) == [
        "iso3",
        "geometry",
        "status",
    ]
