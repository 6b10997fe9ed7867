"""Disparity views (myeloma_access.views), checked against hand-worked arithmetic.

Planted inputs run the real :class:`AccessModel` over the planted dataset of ``tests/fixtures.py`` (the map
draws the geometry's 237 countries; only the eight planted ones have a WHO region and income group); a test
that needs more rows plants raw tables with ``planted_model(**overrides)`` and lets the model derive facts,
statuses and finder verdicts. The shipped-data tests name the CSV rows they rely on.
"""

from datetime import date

import pandas as pd
import pytest

from myeloma_access import views
from myeloma_access.finder import FinderQuery, Situation
from myeloma_access.loaders import load_dataset
from myeloma_access.model import AccessModel
from tests.fixtures import COUNTRIES, REGIMEN_DRUGS, SOURCES, planted_model

MAPPED = 237  # countries on the map (the geometry's 238 without Antarctica)


@pytest.fixture(scope="module")
def planted() -> AccessModel:
    return planted_model()


# ---- raw planted rows (shared with tests/test_views_planted.py) ------------------------------
EXTRA_SOURCES = pd.DataFrame(
    [
        ("s_br", "ANVISA register", "https://anvisa.example/register", "regulator"),
        ("s_fr", "BDPM", "https://bdpm.example/x", "regulator"),
        ("s_jp", "Japanese survey", "https://survey.example/jp", "journal"),
        ("s_us2", "US payer", "https://payer.example/us", "payer"),
        ("s_mhra", "MHRA licence", "https://mhra.example/licence", "regulator"),
        ("s_ua", "Press report", "https://press.example/x", "news"),
        ("s_us3", "Survey US", "https://survey.example/us", "journal"),
        ("s_us9", "FDA copy", "https://fda.example/copy", "regulator"),
        ("s_in", "CDSCO", "https://cdsco.example/x", "regulator"),
        ("s_in3", "Indian survey", "https://survey.example/in", "journal"),
    ],
    columns=["source_id", "citation", "url", "source_type"],
).assign(publisher="Planted", accessed="2026-11-24", licence="test data")
ALL_SOURCES = pd.concat([SOURCES, EXTRA_SOURCES], ignore_index=True)


def event(jurisdiction, agency, drug_id, kind, when, source_id, confidence="verified", indication=None) -> dict:
    """A regulatory_events row ('verified' + a regulator or payer source -> a 'stated' fact, else 'reported')."""
    return {
        "jurisdiction": jurisdiction,
        "agency": agency,
        "drug_id": drug_id,
        "event": kind,
        "date": when,
        "indication": indication,
        "confidence": confidence,
        "source_id": source_id,
    }


def fact(iso3, drug_id, when, source_id, authorisation=None, funding=None, confidence="reported", note=None) -> dict:
    """A country_facts (or register_facts) row."""
    return {
        "iso3": iso3,
        "drug_id": drug_id,
        "authorisation": authorisation,
        "funding": funding,
        "date": when,
        "confidence": confidence,
        "source_id": source_id,
        "note": note,
    }


def ema(drug_id, name, number, authorised_on, source_id="s_ema") -> dict:
    """An ema_authorisations row: authorised (as of 2026-11-24) in the EUR members DEU and FRA."""
    return {
        "drug_id": drug_id,
        "medicine_name": name,
        "product_number": number,
        "authorisation_status": "Authorised",
        "marketing_authorisation_date": authorised_on,
        "generic": "no",
        "conditional_approval": "no",
        "url": "https://ema.example/epar",
        "source_id": source_id,
    }


# Drug X's history: the FDA 2010-01-15, the EU central authorisation 2011-07-15 (valid in DEU and FRA), a French
# register snapshot of 2009, a Japanese survey of 2012 and an undated one, a Brazilian withdrawal, a US payer.
X_WORLD = {
    "sources": ALL_SOURCES,
    "regulatory_events": [
        event("USA", "FDA", "x", "approved", "2010-01-15", "s_us"),
        event("BRA", "ANVISA", "x", "withdrawn", "2008", "s_br"),
    ],
    "ema_authorisations": [ema("x", "X", "EMEA/H/C/000001", "2011-07-15")],
    "register_facts": [fact("FRA", "x", "2009", "s_fr", authorisation="approved", confidence="stated", note="BDPM")],
    "country_facts": [
        fact("JPN", "x", "2012", "s_jp", authorisation="approved", note="survey"),
        fact("JPN", "x", None, "s_jp", authorisation="approved", note="undated"),
        fact("USA", "x", "2009", "s_us2", funding="funded", note="funded"),
    ],
}

# The finder's planted guidance: one UK regulator's approvals (jurisdiction GBR: they count in the UK only), for
# one prior line, of Rd (lenalidomide + dexamethasone), R (lenalidomide), xd (x + dexamethasone; no regimens row,
# so no abbreviation) and Yd (y + dexamethasone). In the UK lenalidomide and dexamethasone are approved and x was
# withdrawn; y has no fact.
ANY_AXIS = {
    axis: "any"
    for axis in (
        "len_refractory",
        "pi_refractory",
        "cd38_refractory",
        "pom_refractory",
        "len_exposed",
        "pi_exposed",
        "cd38_exposed",
        "prior_bcma",
    )
}
FINDER_WORLD = {
    "guidelines": [
        {
            "guideline_id": "mhra_2024",
            "label": "MHRA 2024",
            "kind": "regulatory_approval",
            "year": "2024",
            "description": "Planted UK approvals",
            "source_id": "s_mhra",
        }
    ],
    "settings": [{"setting_id": "one_line", "label": "1 prior line", "prior_lines": "1", **ANY_AXIS, "t11_14": "any"}],
    "regimen_recommendations": [
        {
            "guideline_id": "mhra_2024",
            "setting_id": "one_line",
            "regimen_id": regimen_id,
            "category": "approval",
            "jurisdiction": "GBR",
            "rank": rank,
            "effective_date": "2024",
            "source_id": "s_mhra",
        }
        for rank, regimen_id in enumerate(["rd", "r", "xd", "yd"], start=1)
    ],
    "regimens": pd.DataFrame(
        [("rd", "Rd", "Lenalidomide + dexamethasone"), ("r", "R", "Lenalidomide"), ("yd", "Yd", "Y + dexamethasone")],
        columns=["regimen_id", "abbreviation", "name"],
    ),
    "regimen_drugs": pd.DataFrame(
        [
            ("rd", "lenalidomide"),
            ("rd", "dexamethasone"),
            ("r", "lenalidomide"),
            ("xd", "x"),
            ("xd", "dexamethasone"),
            ("yd", "y"),
            ("yd", "dexamethasone"),
        ],
        columns=["regimen_id", "drug_id"],
    ),
    "sources": ALL_SOURCES,
    "regulatory_events": [
        event("GBR", "MHRA", "lenalidomide", "approved", "2020-05", "s_mhra"),
        event("GBR", "MHRA", "dexamethasone", "approved", "1995", "s_mhra"),
        event("GBR", "MHRA", "x", "withdrawn", "2015", "s_mhra"),
    ],
}
WITH_LATER = FinderQuery(Situation(), scope="with_later")  # every planted guideline (mhra_2024 is not IMWG 2021)


def row(table, iso3):
    r = table[table["iso3"] == iso3]
    assert len(r) == 1
    return r.iloc[0].to_dict()


# ---- cost and affordability: planted ------------------------------------------------------
def test_planted_cycle_cost_on_every_basis(planted):
    """Rd in GBR, one 28-day cycle (70 kg; doses in mg, so weight does not matter here):

    lenalidomide 25 mg x 21 = 525 mg; pack GBP 2,100 / (25 mg x 21) = GBP 4.00/mg -> GBP 2,100.00
    dexamethasone 40 mg x 4 = 160 mg; pack GBP 10 / (2 mg x 50) = GBP 0.10/mg -> GBP 16.00
    local = GBP 2,116.00 (both priced 2023-08)
    US$ at the price year's rate (GBP 2023 = 1.25):   2,116 x 1.25 = 2,645.00
    US$ at today's rate (GBP 2026-10-30 = 1.34):     2,116 x 1.34 = 2,835.44
    PPP $ (PA.NUS.PPP GBR 2023 = 0.5 GBP per int$):   2,116 / 0.5  = 4,232.00
    months of GDP per capita (GBR 2025: US$ 48,000 -> 4,000 a month): 2,645 / 4,000 = 0.66125
    """
    r = row(views.cost_table(planted, "rd"), "GBR")
    assert (r["usd"], r["usd_today"], r["ppp"]) == (2645.0, 2835.44, 4232.0)
    assert r["gdp_months"] == pytest.approx(0.66125, abs=1e-12)
    assert (r["gdp_per_capita_usd"], r["gdp_year"], r["ppp_years"], r["fx_years"], r["today_fx_date"]) == (
        48000.0,
        2025,
        "2023",
        "2023",
        "2026-10-30",
    )
    assert (r["local_cost"], r["currency"], r["priced"], r["unpriced_drugs"], r["missing"]) == (
        2116.0,
        "GBP",
        True,
        "",
        "",
    )
    assert r["price_ids"] == "gbr_len, gbr_dex"
    assert "Len 25 mg x21 — GBP 2,100.00 per pack (2023-08; Planted price list 2023) [gbr_len]" in r["prices_used"]


def test_planted_partly_priced_and_unpriced_countries_are_unknown_not_zero(planted):
    """India prices lenalidomide only -> the cycle is unknown and says dexamethasone is unpriced;
    Brazil has no price at all. Every cost basis is None (never 0); GDP is still reported."""
    t = views.cost_table(planted, "rd")
    ind, bra = row(t, "IND"), row(t, "BRA")
    for r in (ind, bra):
        assert (r["usd"], r["usd_today"], r["ppp"], r["gdp_months"], r["priced"]) == (None, None, None, None, False)
    assert (ind["priced_drugs"], ind["unpriced_drugs"]) == ("Lenalidomide (R)", "Dexamethasone (d)")
    assert ind["missing"] == "Dexamethasone (d) (oral): no price"
    assert ind["gdp_per_capita_usd"] == 2400.0
    assert (bra["unpriced_drugs"], bra["missing"]) == (
        "Lenalidomide (R), Dexamethasone (d)",
        "No price in the data for any drug in this country",
    )


def test_planted_single_drug_at_the_regimen_dose(planted):
    """Lenalidomide alone at the Rd dose in GBR: GBP 2,100 -> US$ 2,625.00 (x1.25), today 2,814.00 (x1.34),
    PPP 2,100 / 0.5 = 4,200.00, months 2,625 / 4,000 = 0.65625. In India it is priced:
    525 mg x INR 40/mg = INR 21,000 x 0.012 = US$ 252.00; no PPP factor for India -> PPP None with a reason;
    months 252 / (2,400 / 12) = 1.26."""
    t = views.cost_table(planted, "rd", drug="lenalidomide")
    g, i = row(t, "GBR"), row(t, "IND")
    assert (g["usd"], g["usd_today"], g["ppp"]) == (2625.0, 2814.0, 4200.0)
    assert g["gdp_months"] == pytest.approx(0.65625, abs=1e-12)
    assert (i["usd"], i["ppp"], i["ppp_note"]) == (252.0, None, "no PPP conversion factor for 2023-01 or earlier")
    assert i["gdp_months"] == pytest.approx(1.26, abs=1e-12)


def test_ppp_factor_of_the_price_year_or_the_nearest_earlier(planted):
    assert views.ppp_factor(planted, "GBR", 2023) == (0.5, 2023)
    assert views.ppp_factor(planted, "GBR", 2026) == (0.6, 2024)
    assert views.ppp_factor(planted, "GBR", 2021) is None
    assert views.ppp_factor(planted, "GBR", None) is None


def test_planted_price_rows_cite_each_price(planted):
    p = views.price_rows(planted, "rd", ["GBR", "BRA"])
    assert p[["price_id", "local_cost", "usd", "fx_year", "ppp_factor", "ppp_year", "citation"]].values.tolist() == [
        ["gbr_len", 2100.0, 2625.0, "2023", 0.5, 2023, "Planted price list 2023"],
        ["gbr_dex", 16.0, 20.0, "2023", 0.5, 2023, "Planted price list 2023"],
    ]


# ---- people affected: planted -------------------------------------------------------------
def test_planted_people_affected_by_status_region_and_income(planted):
    """GBR funded (6,757 cases), IND no data (12,923), BRA not funded (5,656), AIA approved (no GLOBOCAN
    estimate: 0 cases, 1 country, 0 with an estimate). World total 6,757 + 12,923 + 5,656 = 25,336 in 3
    countries with an estimate. Americas: BRA 5,656 not funded + AIA (approved, no estimate).
    Réunion's 50 cases are not a mapped country here and count nowhere."""
    table = COUNTRIES.iloc[:4].assign(status=["publicly_funded", "no_data", "not_funded", "approved"])
    p = views.people_affected(planted, table)
    world = p[p["dimension"] == "World"].set_index("cls")
    assert world["new_cases"].to_dict() == {
        "publicly_funded": 6757,
        "publicly_funded_some": 0,
        "approved": 0,
        "not_funded": 5656,
        "not_approved": 0,
        "withdrawn": 0,
        "no_data": 12923,
    }
    assert world.loc["approved", ["countries", "countries_with_estimate"]].tolist() == [1, 0]
    amr = p[(p["dimension"] == "WHO region") & (p["group"] == "Americas")].set_index("cls")
    assert (amr.loc["not_funded", "new_cases"], amr.loc["approved", "countries"]) == (5656, 1)
    inc = p[p["dimension"] == "Income group"]
    assert set(inc["group"]) == {"High income", "Lower-middle income", "Upper-middle income", "Not classified"}
    assert "AFR" not in set(p["group"]) and "LM" not in set(p["group"])
    assert views.people_summary(p)["total"] == 25336
    assert views.people_sentence(p, "lenalidomide") == (
        "Of the **25,336** people newly diagnosed with myeloma each year in the 3 countries with a GLOBOCAN 2022 "
        "estimate, **6,757** live where lenalidomide has a sourced publicly funded status, **5,656** where patients "
        "pay (not publicly funded) and **12,923** where there is no data."  # every group with people in it
    )
    assert views.unmapped_cases(planted) == {"REU": 50.0}


def test_planted_people_by_usable_regimens(planted):
    """GBR 3 usable -> usable; IND 0 usable, 2 unknown -> unknown; BRA 0 usable, 0 unknown -> none."""
    counts = COUNTRIES.iloc[:3].assign(usable=[3, 0, 0], unknown=[1, 2, 0], blocked=[0, 1, 4], recommended=4)
    p = views.people_usable(planted, counts)
    world = p[p["dimension"] == "World"].set_index("cls")["new_cases"].to_dict()
    assert world == {"usable": 6757, "none": 5656, "unknown": 12923}
    assert views.usable_class(0, 0) == "none" and views.usable_class(1, 5) == "usable"


# ---- access over time: planted ------------------------------------------------------------
@pytest.fixture(scope="module")
def x_world() -> AccessModel:
    return planted_model(**X_WORLD)


def test_planted_first_approvals_and_lag(x_world):
    """X_WORLD. First approval anywhere: USA 2010-01-15 (FDA). EU/EEA (one row for DEU+FRA, from the EMA
    authorisation) 2011-07-15: 2010-01-15 -> 2011-01-15 = 365 days, -> 2011-07-15 = 31+28+31+30+31+30 = 181 days;
    546 / 365.25 = 1.49 -> 1.5. France's own 2009 register row is left out (the EU row exists), Japan's 2012 survey
    only with approvals_only=False: 2010-01-15 -> 2012-01-01 = 716 days / 365.25 = 1.96 -> 2.0. The undated fact,
    the withdrawal, the funding fact and the EMA 'still authorised on the report date' fact never count."""
    fa = views.first_approvals(x_world, "x")
    assert fa[["jurisdiction", "date", "lag_years", "first", "precision"]].values.tolist() == [
        ["USA", "2010-01-15", 0.0, True, "day"],
        ["EU/EEA", "2011-07-15", 1.5, False, "day"],
    ]
    assert fa.loc[1, "evidence"] == "EU central authorisation (EMA/European Commission)"
    wide = views.first_approvals(x_world, "x", approvals_only=False)
    assert wide[["name", "lag_years", "precision"]].values.tolist() == [
        ["United States", 0.0, "day"],
        ["EU/EEA", 1.5, "day"],
        ["Japan", 2.0, "year"],
    ]


def test_first_approvals_eu_note_already_naming_the_eu_authorisation_is_kept(x_world):
    """The EU row of X_WORLD comes from the EMA authorisation, whose note names it: kept as it is (not wrapped)."""
    fa = views.first_approvals(x_world, "x").set_index("jurisdiction")
    assert fa.loc["EU/EEA", "note"] == (
        "EU central marketing authorisation (X, EMEA/H/C/000001), valid in all EU/EEA states; says nothing about "
        "national funding"
    )


def test_first_evidence_year_is_the_earliest_dated_fact_not_before_the_floor(x_world, planted):
    """X_WORLD dates drug X's facts 2008 (BRA withdrawal), 2009 (FRA register, US payer), 2010-01-15, 2011-07-15,
    2012 and 2026-11-24 (the EMA report date; JPN's undated survey has no year) -> 2008; a floor of 2009 wins over
    it. Without a dated fact: this year (2026-11-24 -> 2026), or the floor when that is later."""
    assert views.first_evidence_year(x_world, "x") == 2008
    assert views.first_evidence_year(x_world, "x", floor=2009) == 2009
    assert views.first_evidence_year(x_world, "x", floor=2008) == 2008
    assert views.first_evidence_year(x_world, "y") == 2026
    assert views.first_evidence_year(planted, "x", floor=2030) == 2030
    assert views.first_evidence_year(planted, "x") == 2026


def test_first_evidence_year_of_a_full_date_and_before_the_default_floor(finder_world):
    """FINDER_WORLD: lenalidomide's only fact is dated 2020-05 (its year, 2020); dexamethasone's 1995 is before the
    default floor, 2000."""
    assert views.first_evidence_year(finder_world, "lenalidomide") == 2020
    assert views.first_evidence_year(finder_world, "dexamethasone") == 2000


def test_planted_member_state_counts_when_there_is_no_eu_authorisation():
    """X_WORLD without the EMA row: France's 2009 register snapshot is the first evidence anywhere."""
    model = planted_model(**{**X_WORLD, "ema_authorisations": []})
    wide = views.first_approvals(model, "x", approvals_only=False)
    assert wide[["jurisdiction", "date", "lag_years"]].values.tolist()[0] == ["FRA", "2009", 0.0]
    assert views.first_approvals(model, "none").empty


def test_planted_status_by_year_counts_every_mapped_country():
    """237 mapped countries. End of 2010: USA approved (FDA 2010-03), GBR publicly funded (NICE 2010-06; GBR's
    2010-09 withdrawal is of drug y) -> 1 + 1, No data 237 - 2 = 235. End of 2011: + FRA approved (2011-02) and a
    country off the map (REU, 2011-05, ignored) -> approved 2, funded 1, No data 234."""
    model = planted_model(
        sources=ALL_SOURCES,
        regulatory_events=[
            event("USA", "FDA", "x", "approved", "2010-03", "s_us"),
            event("GBR", "NICE", "x", "reimbursed", "2010-06", "s_gb"),
            event("GBR", "MHRA", "y", "withdrawn", "2010-09", "s_mhra"),
            event("FRA", "ANSM", "x", "approved", "2011-02", "s_fr"),
            event("REU", "ANSM", "x", "approved", "2011-05", "s_fr"),
        ],
    )
    s = views.status_by_year(model, "x", [2010, 2011]).pivot(index="year", columns="status", values="countries")
    assert s.loc[2010, ["approved", "publicly_funded", "no_data", "withdrawn"]].tolist() == [1, 1, 235, 0]
    assert s.loc[2011, ["approved", "publicly_funded", "no_data"]].tolist() == [2, 1, 234]


def test_planted_regimen_without_a_dose_row_is_not_costed():
    """Vd has no dose rows: unknown in GBR (never 0), and the reason says so."""
    model = planted_model(
        regimen_drugs=pd.concat(
            [REGIMEN_DRUGS, pd.DataFrame([("vd", "dexamethasone")], columns=["regimen_id", "drug_id"])]
        )
    )
    r = row(views.cost_table(model, "vd"), "GBR")
    assert (r["usd"], r["ppp"], r["gdp_months"], r["missing"]) == (
        None,
        None,
        None,
        "Dexamethasone (d): no standard dose",
    )


# ---- compare: planted ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def finder_world() -> AccessModel:
    return planted_model(**FINDER_WORLD)


def test_planted_compare_usable_counts_each_verdict(finder_world):
    """FINDER_WORLD. UK: Rd and R usable (lenalidomide and dexamethasone approved), xd blocked (x withdrawn), Yd
    unknown (y has no fact) -> 4 recommended. Brazil: the approvals are the UK regulator's -> nothing recommended."""
    u = views.compare_usable(finder_world, ["GBR", "BRA"], WITH_LATER)
    assert u[
        ["iso3", "recommended", "usable", "blocked", "unknown", "usable_regimens", "unknown_regimens"]
    ].values.tolist() == [["GBR", 4, 2, 1, 1, "Rd, R", "Yd"], ["BRA", 0, 0, 0, 0, "", ""]]


# ---- the shipped data -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def m() -> AccessModel:
    return AccessModel(load_dataset(), today=date(2026, 11, 24))


def test_shipped_drd_in_the_uk_brazil_and_india(m):
    """DRd, first cycle, United Kingdom (prices.csv / fx_rates.csv / country_indicators.csv):

    daratumumab SC 1,800 mg x 4 = 7,200 mg, gbr_nice_c3169_daratumumab_sc_1800mg_vial GBP 4,320 per 1,800 mg
      (2025-12) -> GBP 17,280.00; x GBP 2025 1.3167008 = US$ 22,752.59
    lenalidomide 25 mg x 21, gbr_nice_ta917_lenalidomide_25mg_x21 GBP 3,057.60 (2023-08) -> GBP 3,057.60
      x GBP 2023 1.242948 = US$ 3,800.44
    dexamethasone 40 mg x 4 = 160 mg, gbr_nice_ta917_dexamethasone_4mg_x50 GBP 30.73 / 200 mg -> GBP 24.58
      -> US$ 30.56
    US$ at price-year rates 22,752.59 + 3,800.44 + 30.56 = 26,583.58 (costs.cycle_cost rounds the total);
    today (GBP 2026-10-30 1.3398897): 17,280 x 1.3398897 + 3,082.18 x 1.3398897 = 27,283.08
    PPP: 17,280 / 0.677133 (2025) + (3,057.60 + 24.58) / 0.660709 (2023) = 25,519.49 + 4,664.96 = 30,184.45
      -> 30,184.32 with the factors' full precision
    months of GDP per capita: 26,583.58 / (57,601.96212 / 12) = 5.538
    Brazil: lenalidomide and dexamethasone priced (CMED 2020) but no subcutaneous daratumumab (only the IV
    vials) -> unknown on every basis; India: no daratumumab or lenalidomide price.
    """
    t = views.cost_table(m, "drd", iso3s=["GBR", "BRA", "IND"])
    g = row(t, "GBR")
    assert (g["usd"], g["usd_today"]) == (26583.58, 27283.08)
    assert g["ppp"] == pytest.approx(17280 / 0.677133 + 3082.18 / 0.660709, abs=0.2)
    assert g["gdp_months"] == pytest.approx(26583.58 / (57601.96212 / 12), abs=1e-9)
    assert round(g["gdp_months"], 2) == 5.54
    assert (g["gdp_year"], g["ppp_years"], g["today_fx_date"]) == (2025, "2025, 2023", "2026-10-30")
    for iso3, unpriced in (
        ("BRA", "Daratumumab (D)"),
        ("IND", "Daratumumab (D), Lenalidomide (R)"),
    ):  # India: NPPA dexamethasone ceiling price
        r = row(t, iso3)
        assert (r["usd"], r["ppp"], r["gdp_months"]) == (None, None, None)
        assert r["unpriced_drugs"] == unpriced
    assert row(t, "IND")["missing"] == "Daratumumab (D) (SC): no price; Lenalidomide (R) (oral): no price"
    assert row(t, "BRA")["missing"] == "Daratumumab (D) (SC): no price"
    assert row(t, "BRA")["gdp_per_capita_usd"] == 10713.28569


def test_shipped_cost_map_has_one_row_per_mapped_country(m):
    t = views.cost_table(m, "drd")
    assert len(t) == len(m.countries) and t["iso3"].is_unique
    assert set(t.loc[t["priced"], "iso3"]) == {"GBR", "ZAF"}
    assert "drd" in views.costed_options(m) and "vcd" not in views.costed_options(m)  # VCd has no dose rows


def test_shipped_people_new_zealand_daratumumab(m):
    """New Zealand daratumumab is 'not publicly funded' (Pharmac); GLOBOCAN 2022 NZL mm_new_cases = 410."""
    table = m.map_table("daratumumab")
    p = views.people_affected(m, table[table["iso3"] == "NZL"])
    world = p[p["dimension"] == "World"].set_index("cls")["new_cases"]
    assert world["not_funded"] == 410 and world.sum() == 410
    wpr = p[(p["dimension"] == "WHO region") & (p["group"] == "Western Pacific")].set_index("cls")
    assert wpr.loc["not_funded", "new_cases"] == 410


def test_shipped_people_world_total_is_every_mapped_globocan_estimate(m):
    """185 GLOBOCAN 2022 rows; Réunion, Guadeloupe, French Guiana and Martinique are not separate map shapes."""
    p = views.people_affected(m, m.map_table("daratumumab"))
    cases = views.new_cases(m)
    assert len(cases) == 185
    assert set(views.unmapped_cases(m)) == {"REU", "GLP", "GUF", "MTQ"}
    s = views.people_summary(p)
    assert s["total"] == round(sum(cases.values()) - sum(views.unmapped_cases(m).values()))
    assert s["countries_with_estimate"] == 181
    for dim in ("WHO region", "Income group"):
        assert p.loc[p["dimension"] == dim, "new_cases"].sum() == s["total"]


def test_shipped_lenalidomide_first_approvals(m):
    """FDA 2006-06 (first anywhere), EU central authorisation 2007-06-14 (Revlimid, EMA report):
    2006-06-01 -> 2007-06-14 = 378 days / 365.25 = 1.03 -> 1.0; ANVISA (Brazil) 2017-12-26:
    2006-06-01 -> 2017-06-01 = 11 x 365 + 3 leap days = 4,018 days, + 208 to 12-26 = 4,226 / 365.25 = 11.57 -> 11.6."""
    fa = views.first_approvals(m, "lenalidomide").set_index("jurisdiction")
    assert fa.index[0] == "USA" and fa.loc["USA", "first"]
    assert (fa.loc["USA", "date"], fa.loc["USA", "lag_years"], fa.loc["USA", "precision"]) == ("2006-06", 0.0, "month")
    assert (fa.loc["EU/EEA", "date"], fa.loc["EU/EEA", "lag_years"]) == ("2007-06-14", 1.0)
    assert (fa.loc["BRA", "date"], fa.loc["BRA", "lag_years"]) == ("2017-12-26", 11.6)
    assert not set(fa.index) & m.eu_members  # member states appear once, as EU/EEA
    assert "MEX" not in fa.index  # a 2015 survey is not an approval date
    assert (
        views.first_approvals(m, "lenalidomide", approvals_only=False).set_index("jurisdiction").loc["MEX", "lag_years"]
        == 8.6
    )  # 2006-06-01 -> 2015-01-01 = 3,136 days / 365.25 = 8.59


def test_shipped_status_by_year_lenalidomide(m):
    """End of 2006: only the FDA approval, valid in the USA and its 5 territories (21 U.S.C. 321) = 6.
    End of 2007: + the EU central authorisation in the 30 EU/EEA states, Saint Martin (French part) and the
    Åland Islands (TFEU Art. 355, drawn apart from France and Finland) = 38. Every year sums to the mapped
    countries."""
    s = views.status_by_year(m, "lenalidomide", [2006, 2007])
    by = s.pivot(index="year", columns="status", values="countries")
    assert by.loc[2006, "approved"] == 6 and by.loc[2007, "approved"] == 38
    assert (by.sum(axis=1) == len(m.countries)).all()


def test_shipped_compare_brazil_mexico_spain(m):
    """Bortezomib: Brazil publicly funded (CONITEC, 2020-09), Mexico approved (GELAMM survey, 2018-02),
    Spain approved (EMA report, 2026-03-14). Carfilzomib in Mexico: approved (Mexican prescribing
    information of Kyprolis, last updated 2017-01; a reported copy)."""
    c = views.compare_matrix(m, ["BRA", "MEX", "ESP"], ["bortezomib", "carfilzomib"])
    assert c[["drug_id", "iso3", "status", "evidence_date"]].values.tolist() == [
        ["bortezomib", "BRA", "publicly_funded", "2020-09"],
        ["bortezomib", "MEX", "approved", "2018-02"],
        ["bortezomib", "ESP", "approved", "2026-03-14"],
        ["carfilzomib", "BRA", "approved", "2023-09"],
        ["carfilzomib", "MEX", "approved", "2017-01"],
        ["carfilzomib", "ESP", "approved", "2026-03-14"],
    ]
    u = views.compare_usable(m, ["BRA", "MEX", "ESP"], FinderQuery(Situation())).set_index("iso3")
    # Mexico: daratumumab approved (undated report of a COFEPRIS alert, marked old) and carfilzomib approved
    # (Kyprolis prescribing information, 2017-01) -> DRd, KRd, DVd, Kd, DKd usable; PVd not (pomalidomide not
    # approved: undated COFEPRIS alert); Isa-Kd, IRd, ERd, ... unknown
    assert u.loc["MEX", ["usable", "unknown"]].tolist() == [5, 4]
    assert u.loc["MEX", "usable_regimens"] == "DRd, KRd, DVd, Kd, DKd"
    assert u.loc["ESP", "usable"] == 10
    costs = views.compare_costs(m, ["GBR", "BRA"], ("rd", "drd"))
    # Rd in the UK: (3,057.60 + 24.58) x 1.242948 = 3,830.99; in Brazil (CMED 2020 factory prices, US$ 0.19397969
    # per BRL in 2020): Revlimid 25 mg x 21 BRL 14,905.19 + dexamethasone 160 mg at BRL 7.17 / 40 mg = 28.68
    # -> BRL 14,933.87 x 0.19397969 = US$ 2,896.87
    assert costs[["regimen", "iso3", "usd"]].values.tolist() == [
        ["Rd", "GBR", 3830.99],
        ["Rd", "BRA", 2896.87],
        ["DRd", "GBR", 26583.58],
        ["DRd", "BRA", None],
    ]


def test_shipped_drd_uk_later_cycle_prices_the_last_dosing_phase(m):
    """Issue 16: the user picks the cycle priced. DRd cycle 7+ in the UK: daratumumab SC 1,800 mg once
    (GBP 4,320 x 1.3167008 = US$ 5,688.15) + lenalidomide 25 mg x 21 (US$ 3,800.44) + dexamethasone 160 mg
    (US$ 30.56) = US$ 9,519.14 (the total of unrounded parts); the first cycle (4 doses) is US$ 26,583.58."""
    later = row(views.cost_table(m, "drd", iso3s=["GBR"], phase="later"), "GBR")
    first = row(views.cost_table(m, "drd", iso3s=["GBR"]), "GBR")
    assert (later["usd"], first["usd"]) == (9519.14, 26583.58)
    assert views.CYCLES["later"].startswith("a later cycle")
