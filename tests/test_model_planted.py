"""The access model on a small planted dataset: every fact, row and layer written out by hand.

The shipped tables are loaded once; the fact tables are replaced by a handful of rows, so the
expected outputs below can be worked out on paper:

- EU: lenalidomide authorised 2007-06-14 (Revlimid) and a withdrawn 2010 generic that must be ignored;
  EUR members DEU and FRA; the EMA report date 2023-03-12.
- CAN lenalidomide: approved 2008-10-06 (Health Canada, verified, regulator), reimbursed 2010-04 (payer,
  secondary).
- USA daratumumab: approved 2015-11-16 (FDA, verified, but cited to a news page -> reported).
- NZL daratumumab: approved + not funded 2025 (country fact, reported).
- FRA ixazomib: funded 2026-05-29 (register fact, stated).
- TCD: nothing.
"""

from datetime import date

import pandas as pd
import pytest

from myeloma_access.loaders import Dataset, load_dataset
from myeloma_access.model import AccessModel

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset()


def _frame(rows, columns):
    return pd.DataFrame(rows, columns=columns).astype(object).where(lambda d: d.notna(), None)


@pytest.fixture
def tiny(shipped) -> AccessModel:
    ema_cols = list(shipped.ema_authorisations.columns)
    ema = _frame(
        [
            {
                "drug_id": "lenalidomide",
                "medicine_name": "Revlimid",
                "product_number": "EMEA/H/C/000717",
                "authorisation_status": "Authorised",
                "marketing_authorisation_date": "2007-06-14",
                "generic": "no",
                "conditional_approval": "no",
                "url": "u",
                "source_id": "ema_epar_report_2023_03_12",
                "as_of": "2023-03-12",
            },
            {
                "drug_id": "lenalidomide",
                "medicine_name": "Lenalidomide Old",
                "product_number": "EMEA/H/C/009999",
                "authorisation_status": "Withdrawn",
                "marketing_authorisation_date": "2005-01-01",
                "generic": "yes",
                "conditional_approval": "no",
                "url": "u",
                "source_id": "ema_epar_report_2023_03_12",
                "as_of": "2023-03-12",
            },
        ],
        ema_cols,
    )
    members = shipped.jurisdiction_members[shipped.jurisdiction_members["iso3"].isin(["DEU", "FRA"])]
    ev_cols = list(shipped.regulatory_events.columns)
    events = _frame(
        [
            {
                "jurisdiction": "CAN",
                "agency": "Health Canada",
                "drug_id": "lenalidomide",
                "event": "approved",
                "date": "2008-10-06",
                "indication": "MDS",
                "source_id": "ema_central_authorisation_rule",
                "as_of": "2026-11-24",
                "confidence": "verified",
                "note": None,
            },
            {
                "jurisdiction": "CAN",
                "agency": "Alberta",
                "drug_id": "lenalidomide",
                "event": "reimbursed",
                "date": "2010-04",
                "indication": None,
                "source_id": "ema_central_authorisation_rule",
                "as_of": "2026-11-24",
                "confidence": "secondary",
                "note": None,
            },
            {
                "jurisdiction": "USA",
                "agency": "FDA",
                "drug_id": "daratumumab",
                "event": "approved",
                "date": "2015-11-16",
                "indication": None,
                "source_id": "px_chn_echemi_2021",
                "as_of": "2026-11-24",
                "confidence": "verified",
                "note": None,
            },
        ],
        ev_cols,
    )
    fact_cols = list(shipped.country_facts.columns)
    facts = _frame(
        [
            {
                "iso3": "NZL",
                "drug_id": "daratumumab",
                "authorisation": "approved",
                "funding": "not_funded",
                "date": "2025",
                "confidence": "reported",
                "source_id": "reg_pharmac_oia_daratumumab_2025",
                "as_of": "2026-11-24",
                "note": "not able to fund",
            }
        ],
        fact_cols,
    )
    register = _frame(
        [
            {
                "iso3": "FRA",
                "drug_id": "ixazomib",
                "authorisation": None,
                "funding": "funded",
                "date": "2026-05-29",
                "confidence": "stated",
                "source_id": "ema_epar_report_2023_03_12",
                "as_of": "2026-05-29",
                "note": "rate 100%",
            }
        ],
        fact_cols,
    )
    tables = {
        **shipped.tables,
        "ema_authorisations": ema,
        "jurisdiction_members": members,
        "regulatory_events": events,
        "country_facts": facts,
        "register_facts": register,
    }
    return AccessModel(Dataset(tables), today=TODAY)


def test_every_fact_written_out(tiny):
    f = tiny.facts.sort_values(["iso3", "drug_id", "date"])
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
    assert list(tiny.facts["citation"].isna()) == [False] * len(tiny.facts)


def _row(model, option, iso3, year=None):
    t = model.map_table(option, year)
    return t[t["iso3"] == iso3].iloc[0].to_dict()


def test_map_rows_written_out(tiny):
    assert _row(tiny, "lenalidomide", "CAN") == {
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
        "citation": tiny.source_citation("ema_central_authorisation_rule"),
        "url": tiny.source_url("ema_central_authorisation_rule"),
        "note": "Alberta: reimbursed",
        "searched": "",
    }
    deu = _row(tiny, "lenalidomide", "DEU")
    assert (deu["status"], deu["evidence_date"], deu["confidence"], deu["stale"], deu["note"]) == (
        "approved",
        "2023-03-12",
        "stated",
        False,
        "Still authorised in the EU on the EMA report date (Revlimid, EMEA/H/C/000717)",
    )
    assert _row(tiny, "lenalidomide", "TCD") == {
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
    nzl = _row(tiny, "daratumumab", "NZL")
    assert (nzl["status"], nzl["source_id"], nzl["note"], nzl["stale"]) == (
        "not_funded",
        "reg_pharmac_oia_daratumumab_2025",
        "not able to fund",
        False,
    )
    usa = _row(tiny, "daratumumab", "USA")
    assert (usa["status"], usa["evidence_date"], usa["note"]) == ("approved", "2015-11-16", "FDA: approved")


def test_a_class_row_names_the_member_and_follows_the_class_order(tiny):
    fra = _row(tiny, "group:Proteasome inhibitors", "FRA")
    assert (fra["status"], fra["drug_id"], fra["note"]) == ("publicly_funded", "ixazomib", "rate 100%")
    assert tiny.drug_ids_for("group:Proteasome inhibitors") == ["bortezomib", "carfilzomib", "ixazomib"]
    assert _row(tiny, "group:Proteasome inhibitors", "DEU")["status"] == "no_data"


def test_status_as_of_a_year_and_its_memo(tiny):
    assert _row(tiny, "lenalidomide", "CAN", 2009)["status"] == "approved"
    assert _row(tiny, "lenalidomide", "CAN", 2010)["status"] == "publicly_funded"
    assert _row(tiny, "lenalidomide", "DEU", 2006)["status"] == "no_data"
    assert tiny.statuses(2009) is tiny.statuses(2009)
    assert tiny.statuses() is tiny.statuses(None)


def test_reference_helpers(tiny):
    assert tiny.country_name("CAN") == "Canada" and tiny.country_name("XYZ") == "XYZ"
    assert tiny.source_citation(None) == "" and tiny.source_citation("nope") == ""
    assert tiny.source_url(float("nan")) == "" and tiny.source_url("nope") == ""
    assert tiny.source_url("ema_epar_report_2023_03_12").startswith("http")
    assert tiny.eu_members == {"DEU", "FRA"}
    assert tiny.core_drugs == [
        "bortezomib",
        "carfilzomib",
        "lenalidomide",
        "pomalidomide",
        "thalidomide",
        "daratumumab",
    ]
    opts = tiny.drug_options()
    assert (
        opts["lenalidomide"] == "Lenalidomide (R)"
        and opts["group:CAR-T cell therapies"] == "Any of: CAR-T cell therapies"
    )
    assert len(opts) == len(tiny.drugs) + tiny.drugs["class_group"].nunique()
    assert tiny.today == TODAY
    assert AccessModel(tiny.ds).today == date.today()


def test_latest_as_of_is_the_newest_as_of_over_all_tables(tiny, shipped):
    expected = max(t["as_of"].dropna().max() for t in shipped.tables.values() if "as_of" in t and len(t))
    assert tiny.latest_as_of == expected == "2026-12-03"  # the evidence search of 2026-12-03


def test_country_table_and_history(tiny):
    ct = tiny.country_table("NZL").set_index("drug_id")
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
    assert d["auth_citation"] == d["fund_citation"] == tiny.source_citation("reg_pharmac_oia_daratumumab_2025")
    b = ct.loc["bortezomib"]
    assert (b["status"], b["status_label"], b["n_facts"], b["stale"], b["confidence_label"]) == (
        "no_data",
        "No data",
        0,
        False,
        "",
    )
    hist = tiny.country_facts("CAN")
    assert list(zip(hist["drug_id"], hist["date"])) == [("lenalidomide", "2008-10-06"), ("lenalidomide", "2010-04")]


def test_coverage_on_the_planted_world(tiny):
    assert tiny.coverage_by_drug(["lenalidomide", "daratumumab", "ixazomib"]) == {
        "lenalidomide": 3,
        "daratumumab": 2,
        "ixazomib": 1,
    }
    cov = tiny.coverage(["lenalidomide", "daratumumab"])
    assert cov.loc["CAN"].tolist() == ["publicly_funded", "no_data", 1]
    assert sorted(cov.index) == ["CAN", "DEU", "FRA", "NZL", "USA"]
    assert tiny.status_counts(tiny.map_table("daratumumab")) == {
        "publicly_funded": 0,
        "publicly_funded_some": 0,
        "approved": 1,
        "not_funded": 1,
        "not_approved": 0,
        "withdrawn": 0,
        "no_data": len(tiny.countries) - 2,
    }


def test_indicators_and_layers(tiny):
    gdp = tiny.indicator("ZAF", "gdp_per_capita_usd")
    assert (round(gdp["value"], 2), gdp["year"], gdp["unit"]) == (6597.71, 2025, "current US$")
    assert tiny.indicator("ATF", "gdp_per_capita_usd") is None
    lay = tiny.country_layers("ATF")
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
    ken = tiny.country_layers("KEN")
    assert set(ken["national_eml"].loc[ken["national_eml"]["listed"] == "yes", "drug_id"]) == {
        "cyclophosphamide",
        "thalidomide",
        "melphalan",
        "dexamethasone",
        "bortezomib",
        "lenalidomide",
    }  # + KEML 2023
    assert ken["prices"] is None and ken["cycle_costs"] is None
    assert ken["register"] is None  # the planted register table has only a FRA row
    assert tiny.country_layers("FRA")["register"]["drug_id"].tolist() == ["ixazomib"]


def test_eml_table_classes(tiny):
    t = tiny.eml_table("dexamethasone").set_index("iso3")
    assert (t.loc["KEN", "eml"], t.loc["GBR", "eml"]) == ("listed", "no_list")
    assert t.loc["KEN", "list_year"] is not None
    assert set(t["eml"]) == {"listed", "not_listed", "no_list"}
    assert set(tiny.eml_table("pomalidomide")["eml"]) == {"no_list"}  # GEM does not name it


def test_layer_and_region_coverage(tiny):
    lc = tiny.layer_coverage().set_index("layer")
    assert lc.loc["Sourced status (any drug)", "countries"] == 5
    assert lc.loc["Sourced status (any drug)", ["AMR", "EUR", "WPR", "AFR"]].tolist() == [2, 2, 1, 0]
    register = "National register (ZA SEP, FR BDPM, JP NHI, DZ, KE PPB, CA DPD)"
    assert lc.loc[register, "countries"] == 1  # the planted FRA row
    reg = tiny.coverage_by_region(["lenalidomide"]).set_index("who_region")
    assert (reg.loc["AMR", "lenalidomide"], reg.loc["EUR", "lenalidomide"], reg.loc["AFR", "lenalidomide"]) == (1, 2, 0)
    assert reg["countries"].sum() == len(tiny.countries)


def test_your_data_overlay_is_marked_and_reaches_the_finder(tiny):
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
    m = AccessModel(userdata.overlay(tiny.ds, {"facts": mine}, TODAY), today=TODAY)
    row = _row(m, "bortezomib", "TCD")
    assert (row["status"], row["source_id"], row["citation"]) == (
        "publicly_funded",
        "your_data__chad_list",
        "Your data (uploaded in this browser session): chad_list",
    )
    assert m.user_cells == {("TCD", "bortezomib")}
    assert tiny.user_cells == set()
    res = m.find_regimens("TCD", FinderQuery(Situation(3), "any", "with_later"))
    vd = res[res["regimen_id"] == "bortezomib_retreatment"].iloc[0]
    assert (vd["verdict"], vd["via_user"]) == ("usable", ["bortezomib"])
