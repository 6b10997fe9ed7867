"""The access model on the planted dataset (tests/fixtures.py): every fact, row and layer written out by hand.

Nothing is read from ``data/``: :func:`planted_world` is ``planted_model`` with these tables replaced, so the
expected outputs below can be worked out on paper:

- countries: the planted eight plus CAN (Canada, AMR, H), NZL (New Zealand, WPR, H) and TCD (Chad, AFR, L);
  the other mapped countries of the geometry (237 in all) have no region or income group.
- drugs: the planted four (lenalidomide, dexamethasone, x, y) then bortezomib, carfilzomib, ixazomib
  ("Proteasome inhibitors", in that order) and daratumumab ("Anti-CD38 antibodies"); core: lenalidomide,
  bortezomib, daratumumab.
- EU: lenalidomide authorised 2007-06-14 (Revlimid) and a withdrawn 2010 generic that must be ignored;
  EUR members DEU and FRA; the EMA report date 2023-03-12.
- CAN lenalidomide: approved 2008-10-06 (Health Canada, verified, regulator), reimbursed 2010-04 (payer,
  secondary).
- USA daratumumab: approved 2015-11-16 (FDA, verified, but cited to a news page -> reported).
- NZL daratumumab: approved + not funded 2025 (country fact, reported).
- FRA ixazomib: funded 2026-05-29 (register fact, stated).
- TCD: nothing.
- national lists: KEN lenalidomide not listed (2016) then listed (2023), KEN dexamethasone listed (2016 only),
  IND lenalidomide and dexamethasone not listed (2017; dexamethasone's row of 2026-12-03 is the newest
  ``as_of``), IND bortezomib listed (2017).
- IMWG roster: two people in GBR (one listed twice, with two institutions), one in IND, one in REU (Réunion: not on the map).
"""

from datetime import date

import pandas as pd
import pytest

from myeloma_access.model import AccessModel
from tests.fixtures import COUNTRIES, DRUGS, SOURCES, TODAY, planted_model

COUNTRIES_WORLD = pd.concat(
    [
        COUNTRIES,
        pd.DataFrame(
            [("CAN", "Canada", "AMR", "H"), ("NZL", "New Zealand", "WPR", "H"), ("TCD", "Chad", "AFR", "L")],
            columns=["iso3", "name", "who_region", "income_group"],
        ),
    ],
    ignore_index=True,
)
DRUGS_WORLD = pd.concat(
    [
        DRUGS,
        pd.DataFrame(
            [
                ("bortezomib", "Bortezomib (V)", "Proteasome inhibitor", "Proteasome inhibitors", "SC", "true", "pi"),
                (
                    "carfilzomib",
                    "Carfilzomib (K)",
                    "Proteasome inhibitor",
                    "Proteasome inhibitors",
                    "IV",
                    "false",
                    "pi",
                ),
                ("ixazomib", "Ixazomib (I)", "Proteasome inhibitor", "Proteasome inhibitors", "oral", "false", "pi"),
                ("daratumumab", "Daratumumab (D)", "Anti-CD38 antibody", "Anti-CD38 antibodies", "IV", "true", "cd38"),
            ],
            columns=["drug_id", "label", "drug_class", "class_group", "route", "core", "refractory_axis"],
        ).assign(inn=lambda d: d["drug_id"], source_id="s_drugs"),
    ],
    ignore_index=True,
)
EPAR_CITATION = (
    "European Medicines Agency, Medicines output: European public assessment reports (Excel report generated "
    "12 March 2023)"
)
EPAR_URL = "https://www.ema.europa.eu/sites/default/files/Medicines_output_european_public_assessment_reports.xlsx"
EU_RULE_CITATION = (
    "European Medicines Agency, Central authorisation of medicines: a centrally authorised medicine may be "
    "marketed in all EU Member States and in the EEA countries Iceland, Liechtenstein and Norway"
)
EU_RULE_URL = "http://www.ema.europa.eu/ema/about_us/general/general_content_000109.jsp"
PHARMAC_CITATION = (
    "Pharmac: Official Information Act response - Daratumumab for multiple myeloma (technology assessment "
    "reports; analysis reviewed in 2025)"
)
SOURCES_WORLD = pd.concat(
    [
        SOURCES,
        pd.DataFrame(
            [
                ("ema_epar_report_2023_03_12", EPAR_CITATION, EPAR_URL, "regulator", "European Medicines Agency"),
                (
                    "ema_central_authorisation_rule",
                    EU_RULE_CITATION,
                    EU_RULE_URL,
                    "regulator",
                    "European Medicines Agency",
                ),
                ("px_chn_echemi_2021", "echemi.com news", "https://topic.echemi.example/a/1", "news", "echemi.com"),
                (
                    "reg_pharmac_oia_daratumumab_2025",
                    PHARMAC_CITATION,
                    "https://pharmac.example/oia",
                    "payer",
                    "Pharmac",
                ),
            ],
            columns=["source_id", "citation", "url", "source_type", "publisher"],
        ).assign(accessed="2026-11-24", licence="test data"),
    ],
    ignore_index=True,
)
_EMA = {"conditional_approval": "no", "url": "u", "source_id": "ema_epar_report_2023_03_12", "as_of": "2023-03-12"}
EMA = [
    {
        "drug_id": "lenalidomide",
        "medicine_name": "Revlimid",
        "product_number": "EMEA/H/C/000717",
        "authorisation_status": "Authorised",
        "marketing_authorisation_date": "2007-06-14",
        "generic": "no",
        **_EMA,
    },
    {
        "drug_id": "lenalidomide",
        "medicine_name": "Lenalidomide Old",
        "product_number": "EMEA/H/C/009999",
        "authorisation_status": "Withdrawn",
        "marketing_authorisation_date": "2005-01-01",
        "generic": "yes",
        **_EMA,
    },
]
EVENTS = [
    {
        "jurisdiction": "CAN",
        "agency": "Health Canada",
        "drug_id": "lenalidomide",
        "event": "approved",
        "date": "2008-10-06",
        "indication": "MDS",
        "source_id": "ema_central_authorisation_rule",
        "confidence": "verified",
    },
    {
        "jurisdiction": "CAN",
        "agency": "Alberta",
        "drug_id": "lenalidomide",
        "event": "reimbursed",
        "date": "2010-04",
        "source_id": "ema_central_authorisation_rule",
        "confidence": "secondary",
    },
    {
        "jurisdiction": "USA",
        "agency": "FDA",
        "drug_id": "daratumumab",
        "event": "approved",
        "date": "2015-11-16",
        "source_id": "px_chn_echemi_2021",
        "confidence": "verified",
    },
]
COUNTRY_FACTS = [
    {
        "iso3": "NZL",
        "drug_id": "daratumumab",
        "authorisation": "approved",
        "funding": "not_funded",
        "date": "2025",
        "confidence": "reported",
        "source_id": "reg_pharmac_oia_daratumumab_2025",
        "note": "not able to fund",
    }
]
REGISTER_FACTS = [
    {
        "iso3": "FRA",
        "drug_id": "ixazomib",
        "funding": "funded",
        "date": "2026-05-29",
        "confidence": "stated",
        "source_id": "ema_epar_report_2023_03_12",
        "as_of": "2026-05-29",
        "note": "rate 100%",
    }
]
NATIONAL_EML = pd.DataFrame(
    [
        ("KEN", "lenalidomide", "no", 2016, "gem", "2026-11-24"),
        ("KEN", "lenalidomide", "yes", 2023, "keml", "2026-11-24"),
        ("KEN", "dexamethasone", "yes", 2016, "gem", "2026-11-24"),
        ("IND", "lenalidomide", "no", 2017, "gem", "2026-11-24"),
        ("IND", "dexamethasone", "no", 2017, "gem", "2026-12-03"),
        ("IND", "bortezomib", "yes", 2017, "gem", "2026-11-24"),
    ],
    columns=["iso3", "drug_id", "listed", "list_year", "source_id", "as_of"],
).assign(medicine_name=lambda d: d["drug_id"])
IMWG = pd.DataFrame(
    [("Ann A", "GBR", "X"), ("Ann A", "GBR", "Y"), ("Ben B", "GBR", "X"), ("Cai C", "IND", "Z"), ("Dee D", "REU", "Z")],
    columns=["member_name", "iso3", "institution"],
).assign(roster="imwg_2024", evidence="roster", source_id="s_drugs")
WORLD = {
    "countries": COUNTRIES_WORLD,
    "drugs": DRUGS_WORLD,
    "sources": SOURCES_WORLD,
    "ema_authorisations": EMA,
    "regulatory_events": EVENTS,
    "country_facts": COUNTRY_FACTS,
    "register_facts": REGISTER_FACTS,
    "national_eml": NATIONAL_EML,
    "imwg_members": IMWG,
}


def planted_world(**overrides) -> AccessModel:
    """The planted model with the tables above (``overrides`` replace whole tables)."""
    return planted_model(**{**WORLD, **overrides})


@pytest.fixture(scope="module")
def planted() -> AccessModel:
    return planted_world()


def test_every_fact_written_out(planted):
    f = planted.facts.sort_values(["iso3", "drug_id", "date"])
    got = [
        tuple(r)
        for r in f[
            ["iso3", "drug_id", "authorisation", "funding", "date", "basis", "confidence", "source_id", "note"]
        ].itertuples(index=False)
    ]
    assert got == [
        (
            "CAN",
            "lenalidomide",
            "approved",
            None,
            "2008-10-06",
            "regulatory_event",
            "stated",
            "ema_central_authorisation_rule",
            "Health Canada: approved (MDS)",
        ),
        (
            "CAN",
            "lenalidomide",
            None,
            "funded",
            "2010-04",
            "regulatory_event",
            "reported",
            "ema_central_authorisation_rule",
            "Alberta: reimbursed",
        ),
        (
            "DEU",
            "lenalidomide",
            "approved",
            None,
            "2007-06-14",
            "regional_authorisation",
            "stated",
            "ema_epar_report_2023_03_12",
            "EU central marketing authorisation (Revlimid, EMEA/H/C/000717), valid in "
            "all EU/EEA states; says nothing about national funding",
        ),
        (
            "DEU",
            "lenalidomide",
            "approved",
            None,
            "2023-03-12",
            "regional_authorisation",
            "stated",
            "ema_epar_report_2023_03_12",
            "Still authorised in the EU on the EMA report date (Revlimid, EMEA/H/C/000717)",
        ),
        (
            "FRA",
            "ixazomib",
            None,
            "funded",
            "2026-05-29",
            "register",
            "stated",
            "ema_epar_report_2023_03_12",
            "rate 100%",
        ),
        (
            "FRA",
            "lenalidomide",
            "approved",
            None,
            "2007-06-14",
            "regional_authorisation",
            "stated",
            "ema_epar_report_2023_03_12",
            "EU central marketing authorisation (Revlimid, EMEA/H/C/000717), valid in "
            "all EU/EEA states; says nothing about national funding",
        ),
        (
            "FRA",
            "lenalidomide",
            "approved",
            None,
            "2023-03-12",
            "regional_authorisation",
            "stated",
            "ema_epar_report_2023_03_12",
            "Still authorised in the EU on the EMA report date (Revlimid, EMEA/H/C/000717)",
        ),
        (
            "NZL",
            "daratumumab",
            "approved",
            "not_funded",
            "2025",
            "country_fact",
            "reported",
            "reg_pharmac_oia_daratumumab_2025",
            "not able to fund",
        ),
        (
            "USA",
            "daratumumab",
            "approved",
            None,
            "2015-11-16",
            "regulatory_event",
            "reported",
            "px_chn_echemi_2021",
            "FDA: approved",
        ),  # verified, but against a news page: reported
    ]
    # every fact carries its source's citation, URL and type (a left join on the sources)
    assert f[["source_id", "citation", "url", "source_type"]].drop_duplicates().values.tolist() == [
        ["ema_central_authorisation_rule", EU_RULE_CITATION, EU_RULE_URL, "regulator"],
        ["ema_epar_report_2023_03_12", EPAR_CITATION, EPAR_URL, "regulator"],
        ["reg_pharmac_oia_daratumumab_2025", PHARMAC_CITATION, "https://pharmac.example/oia", "payer"],
        ["px_chn_echemi_2021", "echemi.com news", "https://topic.echemi.example/a/1", "news"],
    ]


def _row(model, option, iso3, year=None):
    t = model.map_table(option, year)
    return t[t["iso3"] == iso3].iloc[0].to_dict()


def test_map_rows_written_out(planted):
    assert _row(planted, "lenalidomide", "CAN") == {
        "iso3": "CAN",
        "name": "Canada",
        "who_region": "AMR",
        "income_group": "H",
        "status": "publicly_funded",
        "label": "Publicly funded",
        "drug_id": "lenalidomide",
        "evidence_date": "2010-04",
        "confidence": "reported",
        "stale": True,
        "source_id": "ema_central_authorisation_rule",
        "citation": EU_RULE_CITATION,
        "url": EU_RULE_URL,
        "note": "Alberta: reimbursed",
        "searched": "",
    }
    deu = _row(planted, "lenalidomide", "DEU")
    assert (deu["status"], deu["evidence_date"], deu["confidence"], deu["stale"], deu["note"]) == (
        "approved",
        "2023-03-12",
        "stated",
        False,
        "Still authorised in the EU on the EMA report date (Revlimid, EMEA/H/C/000717)",
    )
    assert _row(planted, "lenalidomide", "TCD") == {
        "iso3": "TCD",
        "name": "Chad",
        "who_region": "AFR",
        "income_group": "L",
        "status": "no_data",
        "label": "No data",
        "drug_id": None,
        "evidence_date": None,
        "confidence": None,
        "stale": False,
        "source_id": None,
        "citation": "",
        "url": "",
        "note": None,
        "searched": "Not yet searched",
    }  # the planted world has no search log
    nzl = _row(planted, "daratumumab", "NZL")
    assert (nzl["status"], nzl["source_id"], nzl["note"], nzl["stale"]) == (
        "not_funded",
        "reg_pharmac_oia_daratumumab_2025",
        "not able to fund",
        False,
    )
    usa = _row(planted, "daratumumab", "USA")
    assert (usa["status"], usa["evidence_date"], usa["note"]) == ("approved", "2015-11-16", "FDA: approved")


def test_a_class_row_names_the_member_and_follows_the_class_order(planted):
    fra = _row(planted, "group:Proteasome inhibitors", "FRA")
    assert (fra["status"], fra["drug_id"], fra["note"]) == ("publicly_funded", "ixazomib", "rate 100%")
    assert planted.drug_ids_for("group:Proteasome inhibitors") == ["bortezomib", "carfilzomib", "ixazomib"]
    assert _row(planted, "group:Proteasome inhibitors", "DEU")["status"] == "no_data"


def test_status_as_of_a_year_and_its_memo(planted):
    assert _row(planted, "lenalidomide", "CAN", 2009)["status"] == "approved"
    assert _row(planted, "lenalidomide", "CAN", 2010)["status"] == "publicly_funded"
    assert _row(planted, "lenalidomide", "DEU", 2006)["status"] == "no_data"
    assert planted.statuses(2009) is planted.statuses(2009)
    assert planted.statuses() is planted.statuses(None)


def test_reference_helpers(planted):
    assert planted.country_name("CAN") == "Canada" and planted.country_name("XYZ") == "XYZ"
    assert planted.source_citation(None) == "" and planted.source_citation("nope") == ""
    assert planted.source_url(float("nan")) == "" and planted.source_url("nope") == ""
    assert planted.source_url("ema_epar_report_2023_03_12") == EPAR_URL
    assert planted.eu_members == {"DEU", "FRA"}
    assert planted.core_drugs == ["lenalidomide", "bortezomib", "daratumumab"]
    assert planted.drug_options() == {
        "lenalidomide": "Lenalidomide (R)",
        "dexamethasone": "Dexamethasone (d)",
        "x": "Drug X",
        "y": "y",
        "bortezomib": "Bortezomib (V)",
        "carfilzomib": "Carfilzomib (K)",
        "ixazomib": "Ixazomib (I)",
        "daratumumab": "Daratumumab (D)",
        "group:Anti-CD38 antibodies": "Any of: Anti-CD38 antibodies",
        "group:Corticosteroids": "Any of: Corticosteroids",
        "group:Immunomodulatory drugs": "Any of: Immunomodulatory drugs",
        "group:Proteasome inhibitors": "Any of: Proteasome inhibitors",
        "group:Test drugs": "Any of: Test drugs",
    }  # the drugs in table order, then the classes by name
    assert planted.today == TODAY
    assert AccessModel(planted.ds).today == date.today()


def test_a_new_model_reads_the_tables_once():
    """What the constructor derives (a model of its own: mutation testing ties the constructor to the tests that
    build one). The newest ``as_of`` over all tables is IND's dexamethasone list row, 2026-12-03."""
    m = planted_world()
    assert m.latest_as_of == "2026-12-03"
    assert m.drug_labels == {
        "lenalidomide": "Lenalidomide (R)",
        "dexamethasone": "Dexamethasone (d)",
        "x": "Drug X",
        "y": "y",
        "bortezomib": "Bortezomib (V)",
        "carfilzomib": "Carfilzomib (K)",
        "ixazomib": "Ixazomib (I)",
        "daratumumab": "Daratumumab (D)",
    }
    assert m.drug_classes == {
        "lenalidomide": "Immunomodulatory drug",
        "dexamethasone": "Corticosteroid",
        "x": "Test class",
        "y": "Test class",
        "bortezomib": "Proteasome inhibitor",
        "carfilzomib": "Proteasome inhibitor",
        "ixazomib": "Proteasome inhibitor",
        "daratumumab": "Anti-CD38 antibody",
    }
    assert m.today == TODAY and m.sources.loc["px1", "citation"] == "Planted price list 2023"
    assert list(m.sources.columns)[:2] == ["source_id", "citation"]
    assert m.statuses(2009) is m.statuses(2009) and len(m.statuses(2009)) == 3  # CAN, DEU, FRA lenalidomide
    assert m.regimen_costs("GBR")["rd"].usd == 2645.0 and m.regimen_costs("GBR") is m.regimen_costs("GBR")
    assert len(m.facts) == 9


def test_country_table_and_history(planted):
    ct = planted.country_table("NZL").set_index("drug_id")
    d = ct.loc["daratumumab"]
    assert (d["status"], d["status_label"], d["authorisation"], d["funding"], d["n_facts"], d["stale"]) == (
        "not_funded",
        "Not publicly funded (patients pay)",
        "approved",
        "not_funded",
        1,
        False,
    )
    assert d["confidence_label"] == "reported (survey, news, company or journal)"
    assert d["auth_citation"] == d["fund_citation"] == PHARMAC_CITATION
    assert d["auth_url"] == d["fund_url"] == "https://pharmac.example/oia"
    assert list(ct.columns[:3]) == ["label", "class_group", "core"] and ct.index[0] == "lenalidomide"
    # as the country page shows them: whole counts and yes/no, never 1.0 or NaN
    assert ct["n_facts"].map(str).tolist() == ["0", "0", "0", "0", "0", "0", "0", "1"]
    assert (str(ct["n_facts"].dtype), str(ct["stale"].dtype)) == ("int64", "bool")
    b = ct.loc["bortezomib"]
    assert (b["status"], b["status_label"], b["n_facts"], b["stale"], b["confidence_label"]) == (
        "no_data",
        "No data",
        0,
        False,
        "",
    )
    hist = planted.country_facts("CAN")
    assert list(zip(hist["drug_id"], hist["date"])) == [("lenalidomide", "2008-10-06"), ("lenalidomide", "2010-04")]


def test_coverage_on_the_planted_world(planted):
    assert planted.coverage_by_drug(["lenalidomide", "daratumumab", "ixazomib"]) == {
        "lenalidomide": 3,
        "daratumumab": 2,
        "ixazomib": 1,
    }
    cov = planted.coverage(["lenalidomide", "daratumumab"])
    assert cov.loc["CAN"].tolist() == ["publicly_funded", "no_data", 1]
    assert sorted(cov.index) == ["CAN", "DEU", "FRA", "NZL", "USA"]
    assert planted.status_counts(planted.map_table("daratumumab")) == {
        "publicly_funded": 0,
        "publicly_funded_some": 0,
        "approved": 1,
        "not_funded": 1,
        "not_approved": 0,
        "withdrawn": 0,
        "no_data": 235,
    }  # 237 mapped countries: USA approved, NZL not funded


def test_indicators_and_layers(planted):
    assert planted.indicator("GBR", "gdp_per_capita_usd") == {
        "value": 48000.0,
        "year": 2025,
        "unit": "gdp_per_capita_usd",
        "source_id": "wdi",
    }
    assert planted.indicator("GBR", "ppp_conversion_factor")["value"] == 0.6  # the latest of 2022-2024
    assert planted.indicator("ATF", "gdp_per_capita_usd") is None
    lay = planted.country_layers("ATF")
    assert lay == {
        k: None
        for k in (
            "national_eml",
            "gdp_per_capita_usd",
            "gdp_per_capita_ppp",
            "population",
            "mm_new_cases",
            "mm_incidence_asr",
            "mm_deaths",
            "prices",
            "cycle_costs",
            "register",
        )
    }
    ken = planted.country_layers("KEN")
    # the newest list only: KEML 2023 (lenalidomide listed), not the 2016 list's dexamethasone row
    assert ken["national_eml"][["drug_id", "listed", "list_year"]].values.tolist() == [["lenalidomide", "yes", 2023]]
    assert ken["prices"] is None and ken["cycle_costs"] is None
    assert ken["register"] is None  # the planted register table has only a FRA row
    assert planted.country_layers("FRA")["register"]["drug_id"].tolist() == ["ixazomib"]


def test_eml_table_classes(planted):
    t = planted.eml_table("dexamethasone").set_index("iso3")
    assert (t.loc["KEN", "eml"], t.loc["KEN", "list_year"], t.loc["KEN", "source_id"]) == ("listed", 2016, "gem")
    assert (t.loc["IND", "eml"], t.loc["IND", "list_year"]) == ("not_listed", 2017)
    assert f"List of {t.loc['IND', 'list_year']}" == "List of 2017"  # a whole year, never 2017.0
    assert (t.loc["GBR", "eml"], t.loc["GBR", "list_year"]) == ("no_list", None)
    assert list(t.reset_index().columns) == [
        "iso3",
        "name",
        "who_region",
        "income_group",
        "list_year",
        "note",
        "source_id",
        "eml",
    ]
    assert t["eml"].value_counts().to_dict() == {"no_list": 235, "listed": 1, "not_listed": 1}
    assert set(planted.eml_table("x")["eml"]) == {"no_list"}  # no list names it


def test_layer_and_region_coverage(planted):
    lc = planted.layer_coverage().set_index("layer")
    assert lc.loc["Sourced status (any drug)", "countries"] == 5
    assert lc.loc["Sourced status (any drug)", ["AMR", "EUR", "WPR", "AFR"]].tolist() == [2, 2, 1, 0]
    register = "National register (ZA SEP, FR BDPM, JP NHI, DZ, KE PPB, CA DPD)"
    assert lc.loc[register, "countries"] == 1  # the planted FRA row
    reg = planted.coverage_by_region(["lenalidomide"]).set_index("who_region")
    assert (reg.loc["AMR", "lenalidomide"], reg.loc["EUR", "lenalidomide"], reg.loc["AFR", "lenalidomide"]) == (1, 2, 0)
    assert reg["countries"].sum() == 237


def test_your_data_overlay_is_marked_and_reaches_the_finder(planted):
    from myeloma_access import userdata
    from myeloma_access.finder import FinderQuery, Situation

    mine = pd.DataFrame(
        [
            {
                "iso3": "TCD",
                "drug_id": "bortezomib",
                "authorisation": "approved",
                "funding": "funded",
                "date": "2025",
                "confidence": "stated",
                "source_id": "chad_list",
                "as_of": "2026-11-24",
                "note": "mine",
            }
        ]
    )
    finder_tables = {
        "guidelines": [
            {
                "guideline_id": "later_2024",
                "label": "Later 2024",
                "kind": "clinical_practice_guideline",
                "year": "2024",
                "description": "planted",
                "source_id": "s_drugs",
            }
        ],
        "settings": [{"setting_id": "rr_2plus", "label": "2+ prior lines", "prior_lines": "2+", "t11_14": "any"}],
        "regimen_recommendations": [
            {
                "guideline_id": "later_2024",
                "setting_id": "rr_2plus",
                "regimen_id": "bortezomib_retreatment",
                "category": "option",
                "rank": 1,
                "source_id": "s_drugs",
            }
        ],
        "regimen_drugs": [{"regimen_id": "bortezomib_retreatment", "drug_id": "bortezomib"}],
        "regimens": [{"regimen_id": "bortezomib_retreatment", "abbreviation": "V", "name": "Bortezomib retreatment"}],
    }
    world = planted_world(
        settings=pd.DataFrame(finder_tables.pop("settings")).assign(
            **{a: "any" for a in ("len_refractory", "pi_refractory", "cd38_refractory", "pom_refractory")},
            **{a: "any" for a in ("len_exposed", "pi_exposed", "cd38_exposed", "prior_bcma")},
        ),
        **finder_tables,
    )
    m = AccessModel(userdata.overlay(world.ds, {"facts": mine}, TODAY), today=TODAY)
    row = _row(m, "bortezomib", "TCD")
    assert (row["status"], row["source_id"], row["citation"]) == (
        "publicly_funded",
        "your_data__chad_list",
        "Your data (uploaded in this browser session): chad_list",
    )
    assert m.user_cells == {("TCD", "bortezomib")}
    assert planted.user_cells == set()
    res = m.find_regimens("TCD", FinderQuery(Situation(3), "any", "with_later"))
    vd = res[res["regimen_id"] == "bortezomib_retreatment"].iloc[0]
    assert (vd["verdict"], vd["via_user"]) == ("usable", ["bortezomib"])
    assert world.find_regimens("TCD", FinderQuery(Situation(3), "any", "with_later"))["via_user"].tolist() == [[]]
