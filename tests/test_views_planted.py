"""Disparity views (myeloma_access.views): every column of every output pinned on the planted dataset, read
through the real :class:`AccessModel` (tests/fixtures.py), so a renamed column, a wrong label, a dropped row or an
off-by-one fails (written against mutmut survivors; tests/test_views.py pins the headline numbers). A test that
needs more rows plants raw tables (``planted_model(**overrides)``) and lets the model derive facts and statuses.
Arithmetic is in the docstrings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from myeloma_access import views
from myeloma_access.finder import FinderQuery, Situation
from myeloma_access.loaders import Dataset
from myeloma_access.model import AccessModel
from tests.fixtures import (
    COUNTRIES,
    DOSES,
    DRUGS,
    FX,
    INDICATORS,
    MEMBERS,
    PRICES,
    REGIMEN_DRUGS,
    REGIMENS,
    TODAY,
    planted_model,
    planted_tables,
)
from tests.test_views import ALL_SOURCES, FINDER_WORLD, MAPPED, WITH_LATER, event, fact

# The planted exchange rates, with a today rate for INR as well
FX_TODAY = pd.concat(
    [
        FX,
        pd.DataFrame([("INR", 0.011, "2026-10-30", "ecb")], columns=["currency", "usd_per_unit", "date", "source_id"]),
    ],
    ignore_index=True,
)
PRICE_COLUMNS = [
    "iso3",
    "country",
    "drug_id",
    "drug",
    "route",
    "mg_per_cycle",
    "price_id",
    "product",
    "pack_price",
    "currency",
    "price_type",
    "price_date",
    "local_cost",
    "usd",
    "fx_year",
    "usd_today",
    "ppp_factor",
    "ppp_year",
    "source_id",
    "citation",
    "url",
]


@pytest.fixture(scope="module")
def planted() -> AccessModel:
    return planted_model(fx_rates=FX_TODAY)


def records(df):
    """Rows as tuples; missing values (None or NaN, by dtype) as None."""
    return [
        tuple(None if (not isinstance(v, (list, tuple)) and pd.isna(v)) else v for v in r)
        for r in df.itertuples(index=False, name=None)
    ]


# ---- price rows --------------------------------------------------------------------------------
def test_price_rows_every_column_for_a_regimen(planted):
    """Rd in GBR (Brazil has no price: skipped, and the loop goes on to GBR after it).
    lenalidomide 25 mg x 21 = 525 mg at GBP 2,100 / 525 mg -> GBP 2,100.00; x 1.25 (GBP 2023) = US$ 2,625.00;
      x 1.34 (GBP 2026-10-30, today) = US$ 2,814.00; PPP factor GBR 2023 = 0.5.
    dexamethasone 40 mg x 4 = 160 mg at GBP 10 / 100 mg = GBP 0.10/mg -> GBP 16.00; x 1.25 = 20.00;
      x 1.34 = 21.44."""
    p = views.price_rows(planted, "rd", ["BRA", "GBR"])
    assert list(p.columns) == PRICE_COLUMNS
    assert records(p) == [
        (
            "GBR",
            "United Kingdom",
            "lenalidomide",
            "Lenalidomide (R)",
            "oral",
            525.0,
            "gbr_len",
            "Len 25 mg x21",
            2100.0,
            "GBP",
            "list",
            "2023-08",
            2100.0,
            2625.0,
            "2023",
            2814.0,
            0.5,
            2023,
            "px1",
            "Planted price list 2023",
            "https://example.org/px1",
        ),
        (
            "GBR",
            "United Kingdom",
            "dexamethasone",
            "Dexamethasone (d)",
            "oral",
            160.0,
            "gbr_dex",
            "Dex 2 mg x50",
            10.0,
            "GBP",
            "list",
            "2023-08",
            16.0,
            20.0,
            "2023",
            21.44,
            0.5,
            2023,
            "px1",
            "Planted price list 2023",
            "https://example.org/px1",
        ),
    ]


def test_price_rows_of_one_drug_and_an_unlabelled_drug():
    """Lenalidomide alone: IND 525 mg x INR 40/mg = INR 21,000 x 0.012 (INR 2023) = US$ 252.00, today
    x 0.011 = US$ 231.00, no PPP factor for India -> None; then GBR (lenalidomide only, no dexamethasone).
    A drug without a label (lenalidomide and dexamethasone, left out of the drugs table here) shows its id."""
    model = planted_model(fx_rates=FX_TODAY, drugs=DRUGS[~DRUGS["drug_id"].isin(["lenalidomide", "dexamethasone"])])
    p = views.price_rows(model, "rd", ["IND", "BRA", "GBR"], drug="lenalidomide")
    assert p[
        [
            "iso3",
            "country",
            "drug_id",
            "drug",
            "price_id",
            "local_cost",
            "usd",
            "usd_today",
            "price_type",
            "currency",
            "url",
        ]
    ].values.tolist() == [
        [
            "IND",
            "India",
            "lenalidomide",
            "lenalidomide",
            "ind_len",
            21000.0,
            252.0,
            231.0,
            "MRP",
            "INR",
            "https://example.org/px1",
        ],
        [
            "GBR",
            "United Kingdom",
            "lenalidomide",
            "lenalidomide",
            "gbr_len",
            2100.0,
            2625.0,
            2814.0,
            "list",
            "GBP",
            "https://example.org/px1",
        ],
    ]
    assert p["ppp_factor"].isna().tolist() == [True, False] and p["ppp_year"].isna().tolist() == [True, False]
    assert (p.loc[1, "ppp_factor"], p.loc[1, "ppp_year"]) == (0.5, 2023)
    # ... and so do the cost rows: unpriced (Brazil: no price at all; India: no dexamethasone price), priced, used
    bra, ind, gbr = (views.cost_row(model, "rd", iso3) for iso3 in ("BRA", "IND", "GBR"))
    assert bra["unpriced_drugs"] == "lenalidomide, dexamethasone"
    assert (ind["priced_drugs"], ind["unpriced_drugs"], ind["missing"]) == (
        "lenalidomide",
        "dexamethasone",
        "dexamethasone (oral): no price",
    )
    assert (gbr["priced_drugs"], gbr["unpriced_drugs"]) == ("lenalidomide, dexamethasone", "")
    assert gbr["prices_used"] == (
        "lenalidomide: Len 25 mg x21 — GBP 2,100.00 per pack (2023-08; Planted price list 2023) [gbr_len]\n"
        "dexamethasone: Dex 2 mg x50 — GBP 10.00 per pack (2023-08; Planted price list 2023) [gbr_dex]"
    )


def test_price_rows_empty_has_the_columns(planted):
    p = views.price_rows(planted, "rd", ["BRA"])
    assert p.empty and list(p.columns) == PRICE_COLUMNS


# ---- people sentence ---------------------------------------------------------------------------
def test_people_sentence_usable_wording(planted):
    """GBR usable (6,757), IND unknown (12,923), BRA none (5,656): total 25,336 in 3 countries."""
    counts = COUNTRIES.iloc[:3].assign(usable=[3, 0, 0], unknown=[1, 2, 0], blocked=[0, 1, 4], recommended=4)
    p = views.people_usable(planted, counts)
    assert views.people_sentence(p, "relapsed myeloma", what="usable") == (
        "Of the **25,336** people newly diagnosed with myeloma each year in the 3 countries with a GLOBOCAN 2022 "
        "estimate, **6,757** live where at least one regimen recommended for relapsed myeloma is usable, "
        "**5,656** where none is, and **12,923** where it is unknown (missing data)."
    )


def test_people_sentence_classes_absent_count_zero():
    """A summary without the class rows: every class count defaults to 0 (not 1, not missing)."""
    empty = pd.DataFrame(
        columns=["dimension", "group", "cls", "label", "new_cases", "countries", "countries_with_estimate"]
    )
    assert views.people_sentence(empty, "x") == (
        "Of the **0** people newly diagnosed with myeloma each year in the 0 countries with a GLOBOCAN 2022 "
        "estimate, **0** live where x has a sourced publicly funded status and **0** where there is no data."
    )
    assert views.people_sentence(empty, "x", what="usable").endswith(
        "estimate, **0** live where at least one regimen recommended for x is usable, **0** where none is, and "
        "**0** where it is unknown (missing data)."
    )


# ---- access over time --------------------------------------------------------------------------
# Drug X's approvals, as raw rows (the model derives the facts):
# - USA 2010-01-15: three FDA events - a press report (s_ua, a news source -> 'reported'), the FDA letter (s_us)
#   and a copy of it (s_us9), both regulator sources -> 'stated' - and a US survey (country fact s_us3, reported).
#   The USA's member PRI gets each FDA approval as a territorial fact, which never counts apart.
# - EUR 2011-07-15: a European Commission event, valid in the EUR members DEU and FRA (regional).
# - GBR 2012-03: MHRA, citing s_gone, a source the sources table does not have (no citation or URL; not known to be
#   a regulator's page -> 'reported').
# - IND 2012-03-01: a DCGI event (secondary -> reported) and, that day, an Indian survey without a note (s_in3);
#   a stated DCGI event in 2013.
# - BRA 2005: an approval of drug y.
FA_WORLD = {
    "sources": ALL_SOURCES,
    "jurisdiction_members": pd.concat(
        [MEMBERS, pd.DataFrame([("USA", "PRI", "s_us")], columns=["jurisdiction", "iso3", "source_id"])],
        ignore_index=True,
    ),
    "regulatory_events": [
        event("USA", "FDA", "x", "approved", "2010-01-15", "s_ua"),
        event("USA", "FDA", "x", "approved", "2010-01-15", "s_us9"),
        event("USA", "FDA", "x", "approved", "2010-01-15", "s_us"),
        event("EUR", "European Commission", "x", "approved", "2011-07-15", "s_ema"),
        event("GBR", "MHRA", "x", "approved", "2012-03", "s_gone"),
        event("IND", "DCGI", "x", "approved", "2012-03-01", "s_in", confidence="secondary"),
        event("IND", "DCGI", "x", "approved", "2013", "s_in"),
        event("BRA", "ANVISA", "y", "approved", "2005", "s_br"),
    ],
    "country_facts": [
        fact("USA", "x", "2010-01-15", "s_us3", authorisation="approved", note="survey"),
        fact("IND", "x", "2012-03-01", "s_in3", authorisation="approved"),
    ],
}
FA_COLS = [
    "jurisdiction",
    "name",
    "date",
    "date_start",
    "precision",
    "lag_years",
    "first",
    "basis",
    "evidence",
    "confidence",
    "source_id",
    "citation",
    "url",
    "note",
    "who_region",
    "income_group",
]


@pytest.fixture(scope="module")
def fa_world() -> AccessModel:
    return planted_model(**FA_WORLD)


def test_first_approvals_every_column(fa_world):
    """First anywhere: USA 2010-01-15 (the 'stated' FDA events beat the 'reported' press item s_ua of that day,
    although s_ua sorts first; of the two stated ones, source id s_us sorts before s_us9; the survey is not an
    approval; PRI's territorial copies are left out).
    EU/EEA 2011-07-15: 365 + 181 = 546 days / 365.25 = 1.49 -> 1.5; its note is wrapped in the EU wording.
    IND 2012-03-01 and GBR 2012-03 (-> 2012-03-01): 730 days to 2012-01-15 + 31 + 15 = 776 / 365.25 = 2.12 -> 2.1;
    equal dates are ordered by name (India before United Kingdom). IND's 2013 event is later and not used; IND's
    survey is not an approval. GBR's source is not in the sources table: citation and URL ''.
    BRA's fact is about another drug."""
    fa = views.first_approvals(fa_world, "x")
    assert list(fa.columns) == FA_COLS
    assert fa.index.tolist() == [0, 1, 2, 3]
    eu_note = "EU central marketing authorisation, valid in the EU/EEA member states (European Commission: approved)"
    assert records(fa) == [
        (
            "USA",
            "United States",
            "2010-01-15",
            date(2010, 1, 15),
            "day",
            0.0,
            True,
            "regulatory_event",
            "Regulator or payer event",
            "stated",
            "s_us",
            "FDA letter",
            "https://fda.example/letter",
            "FDA: approved",
            "AMR",
            "H",
        ),
        (
            "EU/EEA",
            "EU/EEA",
            "2011-07-15",
            date(2011, 7, 15),
            "day",
            1.5,
            False,
            "regional_authorisation",
            "EU central authorisation (EMA/European Commission)",
            "stated",
            "s_ema",
            "EMA",
            "https://ema.example/epar",
            eu_note,
            None,
            None,
        ),
        (
            "IND",
            "India",
            "2012-03-01",
            date(2012, 3, 1),
            "day",
            2.1,
            False,
            "regulatory_event",
            "Regulator or payer event",
            "reported",
            "s_in",
            "CDSCO",
            "https://cdsco.example/x",
            "DCGI: approved",
            "SEAR",
            "LM",
        ),
        (
            "GBR",
            "United Kingdom",
            "2012-03",
            date(2012, 3, 1),
            "month",
            2.1,
            False,
            "regulatory_event",
            "Regulator or payer event",
            "reported",
            "s_gone",
            "",
            "",
            "MHRA: approved",
            "EUR",
            "H",
        ),
    ]


def test_first_approvals_does_not_mix_facts(fa_world):
    """With every kind of evidence, IND's first fact is the 2012-03-01 survey (s_in3: a country fact, priority 3,
    beats the DCGI event of that day, priority 2). It has no note, and the note shown must not be filled in from
    another fact of India (the DCGI events' 'DCGI: approved')."""
    ind = views.first_approvals(fa_world, "x", approvals_only=False).set_index("jurisdiction").loc["IND"]
    assert (ind["source_id"], ind["date"], ind["basis"], ind["citation"]) == (
        "s_in3",
        "2012-03-01",
        "country_fact",
        "Indian survey",
    )
    assert pd.isna(ind["note"])


def test_first_approvals_wider_evidence_prefers_the_more_specific_basis(fa_world):
    """approvals_only=False: on 2010-01-15 the USA survey (country_fact, priority 3) beats the FDA events (2);
    the jurisdictions are those of the approvals (PRI's territorial facts still left out)."""
    fa = views.first_approvals(fa_world, "x", approvals_only=False)
    usa = fa.iloc[0]
    assert (usa["jurisdiction"], usa["basis"], usa["source_id"], usa["evidence"]) == (
        "USA",
        "country_fact",
        "s_us3",
        "Report, survey or publication (first evidence, not necessarily the approval date)",
    )
    assert fa["jurisdiction"].tolist() == ["USA", "EU/EEA", "IND", "GBR"]


def test_first_approvals_none_has_the_columns(fa_world):
    fa = views.first_approvals(fa_world, "nothing")
    assert fa.empty and list(fa.columns) == FA_COLS


def test_lag_years_missing_either_date():
    assert views._lag_years(None, date(2020, 1, 1)) is None
    assert views._lag_years(date(2020, 1, 1), None) is None
    assert views._lag_years(date(2021, 1, 1), date(2020, 1, 1)) == 1.0  # 366 days / 365.25 = 1.002
    assert views._lag_years(date(2021, 1, 19), date(2020, 1, 1)) == 1.1  # 384 days / 365.25 = 1.051 (not / 366.25)


def test_status_by_year_every_row_with_an_explicit_no_data_row():
    """237 mapped countries. End of 2010: USA approved (FDA 2009), GBR publicly funded (a 2010 payer fact), JPN a
    fact that speaks to neither approval nor funding (an explicit 'no_data' status row), REU off the map (ignored),
    BRA's withdrawal is of drug y -> 3 rows of drug x on the map; No data = 237 - 3 + 1 (JPN) = 235.
    Labels come from the status classes."""
    model = planted_model(
        sources=ALL_SOURCES,
        regulatory_events=[
            event("USA", "FDA", "x", "approved", "2009", "s_us"),
            event("REU", "ANSM", "x", "approved", "2010", "s_fr"),
            event("BRA", "ANVISA", "y", "withdrawn", "2010", "s_br"),
        ],
        country_facts=[
            fact("GBR", "x", "2010", "s_gb", funding="funded", confidence="stated", note="NICE TA"),
            fact("JPN", "x", "2010", "s_jp", note="names drug X; says nothing of approval or funding"),
        ],
    )
    s = views.status_by_year(model, "x", ["2010"])
    assert list(s.columns) == ["year", "status", "label", "countries"]
    assert records(s) == [
        (2010, "publicly_funded", "Publicly funded", 1),
        (2010, "publicly_funded_some", "Publicly funded for some indications", 0),
        (2010, "approved", "Approved, funding unknown", 1),
        *[
            (2010, c.id, c.label, 0)
            for c in views.STATUS_CLASSES
            if c.id not in ("publicly_funded", "publicly_funded_some", "approved", "no_data")
        ],
        (2010, "no_data", "No data", 235),
    ]
    assert int(s["countries"].sum()) == MAPPED


# ---- compare -----------------------------------------------------------------------------------
# Drugs x and y only. USA: x approved by the FDA 2010-01-15 (secondary -> reported), y withdrawn 2025 (stated).
# GBR: x approved by the MHRA 2015-03 and publicly funded (NICE, 2023-05, stated); nothing about y. BRA: x 2019.
MATRIX_WORLD = {
    "drugs": DRUGS[DRUGS["drug_id"].isin(["x", "y"])],
    "sources": ALL_SOURCES,
    "regulatory_events": [
        event("USA", "FDA", "x", "approved", "2010-01-15", "s_us", confidence="secondary"),
        event("USA", "FDA", "y", "withdrawn", "2025", "s_us"),
        event("GBR", "MHRA", "x", "approved", "2015-03", "s_mhra"),
        event("BRA", "ANVISA", "x", "approved", "2019", "s_br"),
    ],
    "country_facts": [fact("GBR", "x", "2023-05", "s_gb", funding="funded", confidence="stated", note="NICE TA")],
}


def test_compare_matrix_every_column():
    """Drug-major order (the drugs table's: x then y), countries in the order asked. GBR x is funded: the funding
    source (s_gb, NICE TA) is cited, not the MHRA approval, and the evidence is the funding decision's (2023-05,
    stated; not stale: within five years of 2026-11-24). USA x: 2010-01-15 is more than five years old -> stale.
    GBR y has no fact -> 'No data' with empty citation. BRA is not asked for. A drug absent from the drugs
    table shows its id."""
    model = planted_model(**MATRIX_WORLD)
    c = views.compare_matrix(model, ["USA", "GBR"])
    assert list(c.columns) == [
        "drug_id",
        "drug",
        "iso3",
        "country",
        "status",
        "label",
        "evidence_date",
        "confidence",
        "stale",
        "source_id",
        "citation",
        "url",
        "note",
    ]
    assert records(c) == [
        (
            "x",
            "Drug X",
            "USA",
            "United States",
            "approved",
            "Approved, funding unknown",
            "2010-01-15",
            "reported",
            True,
            "s_us",
            "FDA letter",
            "https://fda.example/letter",
            "FDA: approved",
        ),
        (
            "x",
            "Drug X",
            "GBR",
            "United Kingdom",
            "publicly_funded",
            "Publicly funded",
            "2023-05",
            "stated",
            False,
            "s_gb",
            "NICE TA",
            "https://nice.example/ta",
            "NICE TA",
        ),
        (
            "y",
            "y",
            "USA",
            "United States",
            "withdrawn",
            "Withdrawn",
            "2025",
            "stated",
            False,
            "s_us",
            "FDA letter",
            "https://fda.example/letter",
            "FDA: withdrawn",
        ),
        ("y", "y", "GBR", "United Kingdom", "no_data", "No data", None, None, False, None, "", "", None),
    ]
    assert all(c.loc[3, k] is None for k in ("evidence_date", "confidence", "source_id", "note"))  # None, not NaN
    assert views.compare_matrix(model, ["BRA"], ["z"])[["drug", "status", "label"]].values.tolist() == [
        ["z", "no_data", "No data"]
    ]


def test_compare_usable_every_column_and_the_query_it_is_given():
    """FINDER_WORLD (tests/test_views.py), countries in the order asked. UK, any legal availability: Rd and R
    usable (', '-joined, in the finder's order), xd blocked (x withdrawn; no regimens row -> its id), Yd unknown (y
    has no fact). India: the approvals are the UK regulator's -> nothing recommended (the finder's frame has no
    columns). The query is the one given: publicly funded only, 'approved, funding unknown' is unknown -> Rd, R and
    Yd unknown; for lenalidomide-refractory disease Rd and R are refractory conflicts: recommended, but neither
    usable, blocked nor unknown."""
    model = planted_model(**FINDER_WORLD)
    u = views.compare_usable(model, ["GBR", "IND"], WITH_LATER)
    assert list(u.columns) == [
        "iso3",
        "country",
        "recommended",
        "usable",
        "blocked",
        "unknown",
        "usable_regimens",
        "blocked_regimens",
        "unknown_regimens",
    ]
    assert records(u) == [
        ("GBR", "United Kingdom", 4, 2, 1, 1, "Rd, R", "xd", "Yd"),
        ("IND", "India", 0, 0, 0, 0, "", "", ""),
    ]
    funded = FinderQuery(Situation(), threshold="funded", scope="with_later")
    assert records(views.compare_usable(model, ["GBR"], funded)) == [
        ("GBR", "United Kingdom", 4, 0, 1, 3, "", "xd", "Rd, R, Yd")
    ]
    refractory = FinderQuery(Situation(len_refractory=True), scope="with_later")
    assert records(views.compare_usable(model, ["GBR"], refractory)) == [
        ("GBR", "United Kingdom", 4, 0, 1, 1, "", "xd", "Yd")
    ]


def test_compare_costs_columns_and_unknown_regimens(planted):
    """Only regimens with an abbreviation are costed (of KEY_REGIMENS the planted data has Rd only);
    regimen_id and regimen lead, then the cost_table columns. No known regimen -> an empty frame."""
    c = views.compare_costs(planted, ["GBR", "BRA"])
    assert list(c.columns) == [
        "regimen_id",
        "regimen",
        "iso3",
        "name",
        "who_region",
        "income_group",
        "usd",
        "usd_today",
        "ppp",
        "gdp_months",
        "gdp_per_capita_usd",
        "gdp_year",
        "ppp_years",
        "fx_years",
        "today_fx_date",
        "local_cost",
        "currency",
        "price_ids",
        "prices_used",
        "priced_drugs",
        "unpriced_drugs",
        "missing",
        "missing_reasons",
        "ppp_note",
        "priced",
    ]
    assert c[["regimen_id", "regimen", "iso3", "usd"]].values.tolist() == [
        ["rd", "Rd", "GBR", 2645.0],
        ["rd", "Rd", "BRA", None],
    ]
    assert views.compare_costs(planted, ["GBR"], ("vd", "kd")).shape == (0, 0)


# ---- cost rows ---------------------------------------------------------------------------------
def test_cost_table_every_key_in_the_order_asked(planted):
    """iso3s IND, GBR, XXX (not mapped: dropped), BRA -> rows in that order.
    GBR Rd: GBP 2,100 + 16 = 2,116.00; x 1.25 = US$ 2,645.00; x 1.34 = 2,835.44; / 0.5 = PPP 4,232.00;
    2,645 / (48,000 / 12) = 0.66125 months. IND: lenalidomide priced, dexamethasone not -> unknown.
    BRA: no price at all, no GDP row."""
    t = views.cost_table(planted, "rd", iso3s=["IND", "GBR", "XXX", "BRA"])
    assert t["iso3"].tolist() == ["IND", "GBR", "BRA"]
    rows = t.to_dict("records")
    assert rows[1] == {
        "iso3": "GBR",
        "name": "United Kingdom",
        "who_region": "EUR",
        "income_group": "H",
        "usd": 2645.0,
        "usd_today": 2835.44,
        "ppp": 4232.0,
        "gdp_months": pytest.approx(0.66125, abs=1e-12),
        "gdp_per_capita_usd": 48000.0,
        "gdp_year": 2025,
        "ppp_years": "2023",
        "fx_years": "2023",
        "today_fx_date": "2026-10-30",
        "local_cost": 2116.0,
        "currency": "GBP",
        "price_ids": "gbr_len, gbr_dex",
        "prices_used": "Lenalidomide (R): Len 25 mg x21 — GBP 2,100.00 per pack (2023-08; Planted price list 2023) "
        "[gbr_len]\nDexamethasone (d): Dex 2 mg x50 — GBP 10.00 per pack (2023-08; Planted price "
        "list 2023) [gbr_dex]",
        "priced_drugs": "Lenalidomide (R), Dexamethasone (d)",
        "unpriced_drugs": "",
        "missing": "",
        "missing_reasons": "",
        "ppp_note": "",
        "priced": True,
    }
    assert rows[0] == {
        "iso3": "IND",
        "name": "India",
        "who_region": "SEAR",
        "income_group": "LM",
        "usd": None,
        "usd_today": None,
        "ppp": None,
        "gdp_months": None,
        "gdp_per_capita_usd": 2400.0,
        "gdp_year": 2025,
        "ppp_years": "",
        "fx_years": "",
        "today_fx_date": "",
        "local_cost": None,
        "currency": "",
        "price_ids": "ind_len",
        "prices_used": "Lenalidomide (R): Len 25 mg x21 — INR 21,000.00 per pack (2023-01; Planted price list "
        "2023) [ind_len]",
        "priced_drugs": "Lenalidomide (R)",
        "unpriced_drugs": "Dexamethasone (d)",
        "missing": "Dexamethasone (d) (oral): no price",
        "missing_reasons": "no price",
        "ppp_note": "",
        "priced": False,
    }
    assert rows[2] == {
        "iso3": "BRA",
        "name": "Brazil",
        "who_region": "AMR",
        "income_group": "UM",
        "usd": None,
        "usd_today": None,
        "ppp": None,
        "gdp_months": None,
        "gdp_per_capita_usd": None,
        "gdp_year": None,
        "ppp_years": "",
        "fx_years": "",
        "today_fx_date": "",
        "local_cost": None,
        "currency": "",
        "price_ids": "",
        "prices_used": "",
        "priced_drugs": "",
        "unpriced_drugs": "Lenalidomide (R), Dexamethasone (d)",
        "missing": "No price in the data for any drug in this country",
        "missing_reasons": "",
        "ppp_note": "",
        "priced": False,
    }
    assert isinstance(rows[1]["gdp_year"], int) and rows[1]["priced"] is True


def test_cost_table_without_iso3s_is_every_mapped_country_in_map_order(planted):
    """All 237 mapped countries in the map's order (by name: Afghanistan, Albania, Algeria, American Samoa, Andorra,
    Angola, Anguilla, ...); only the United Kingdom prices the whole of Rd. A country without a planted row has no
    WHO region or income group (None)."""
    t = views.cost_table(planted, "rd")
    assert len(t) == MAPPED and t["iso3"].tolist() == planted.countries["iso3"].tolist()
    assert t["iso3"].tolist()[:7] == ["AFG", "ALB", "DZA", "ASM", "AND", "AGO", "AIA"]
    assert t.loc[t["priced"], "iso3"].tolist() == ["GBR"]
    assert t.loc[0, ["name", "who_region", "income_group", "usd", "priced"]].tolist() == [
        "Afghanistan",
        None,
        None,
        None,
        False,
    ]


def test_cost_row_price_not_in_local_currency_has_no_ppp():
    """GBR dexamethasone priced in USD 12 per 100 mg -> US$ 0.12/mg x 160 mg = US$ 19.20 (USD rate 1).
    usd = 2,100 x 1.25 + 19.20 = 2,644.20; today = 2,100 x 1.34 + 19.20 = 2,833.20; months 2,644.2 / 4,000.
    PPP is refused: the USD price is not in the local currency (GBP). USD has no dated rate -> only GBP's date.
    Japan, priced in two currencies with rates of their own dates: lenalidomide EUR 2,000 (2022-05: EUR 2022 = 1.05
    -> US$ 2,100.00; today EUR 2026-11-02 = 1.08 -> 2,160.00) + dexamethasone GBP 16.00 (-> 20.00; today 21.44)
    = US$ 2,120.00, today 2,181.44; each rate's date named once, in the order of the drugs / sorted."""
    prices = pd.concat(
        [
            PRICES,
            pd.DataFrame(
                [
                    ("jpn_len", "JPN", "lenalidomide", "oral", "Len", 25, 21, 2000.0, "EUR", "list", "2022-05", "px1"),
                    ("jpn_dex", "JPN", "dexamethasone", "oral", "Dex", 2, 50, 10.0, "GBP", "list", "2023-08", "px1"),
                ],
                columns=PRICES.columns[:12],
            ).assign(confidence="verified"),
        ],
        ignore_index=True,
    )
    prices.loc[1, ["currency", "pack_price"]] = ["USD", 12.0]
    fx = pd.concat(
        [FX, pd.DataFrame([("EUR", 1.05, "2022", "wdi"), ("EUR", 1.08, "2026-11-02", "ecb")], columns=FX.columns)],
        ignore_index=True,
    )
    model = planted_model(prices=prices, fx_rates=fx)
    jpn = views.cost_row(model, "rd", "JPN")
    assert [jpn[k] for k in ("usd", "usd_today", "currency", "local_cost", "fx_years", "today_fx_date")] == [
        2120.0,
        2181.44,
        "EUR, GBP",
        None,
        "2022, 2023",
        "2026-10-30, 2026-11-02",
    ]
    r = views.cost_row(model, "rd", "GBR")
    assert (r["usd"], r["usd_today"], r["ppp"], r["ppp_years"]) == (2644.2, 2833.2, None, "")
    assert r["ppp_note"] == "price in USD, not the local currency GBP"
    assert (r["currency"], r["today_fx_date"]) == ("GBP, USD", "2026-10-30")
    assert (r["local_cost"], r["fx_years"]) == (None, "2023")  # never GBP + USD added; USD has no dated rate
    assert r["gdp_months"] == pytest.approx(2644.2 / 4000, abs=1e-12)
    assert "Dexamethasone (d): Dex 2 mg x50 — USD 12.00 per pack" in r["prices_used"]


def test_cost_row_zero_gdp_gives_no_months_and_ppp_years_of_several_factors():
    """IND GDP per capita 0 (a later year than 2025 wins) -> months None, not a division by zero.
    GBR with lenalidomide priced 2024-02 (PPP 2024 = 0.6) and dexamethasone 2023-08 (PPP 2023 = 0.5):
    PPP = 2,100 / 0.6 + 16 / 0.5 = 3,500 + 32 = 3,532.00; ppp_years '2024, 2023'; fx years '2023' for both
    (no GBP 2024 yearly rate: the nearest earlier year, 2023)."""
    ind = pd.concat(
        [INDICATORS, pd.DataFrame([("IND", "gdp_per_capita_usd", 0.0, 2026)], columns=INDICATORS.columns[:4])],
        ignore_index=True,
    ).assign(source_id="wdi", unit=lambda d: d["indicator"])
    prices = PRICES.copy()
    prices.loc[0, "price_date"] = "2024-02"
    model = planted_model(country_indicators=ind, prices=prices)
    r = views.cost_row(model, "rd", "IND", drug="lenalidomide")
    assert (r["usd"], r["gdp_per_capita_usd"], r["gdp_year"], r["gdp_months"]) == (252.0, 0.0, 2026, None)
    assert r["ppp_note"] == "no PPP conversion factor for 2023-01 or earlier"
    g = views.cost_row(model, "rd", "GBR")
    assert (g["ppp"], g["ppp_years"], g["fx_years"], g["usd"]) == (3532.0, "2024, 2023", "2023", 2645.0)


# Rd with two dexamethasone phases: 'cycle 1' 40 mg x 4 = 160 mg, 'cycle 2+' 20.5 mg x 4 = 82 mg (lenalidomide
# 'all' 25 mg x 21 = 525 mg); the UK dexamethasone pack priced 2024-03 (PPP 2024 = 0.6; no GBP 2024 rate -> 2023's).
PHASED = {
    "regimen_doses": pd.DataFrame(
        [
            ("rd", "lenalidomide", "oral", 25, "mg", 21, "all"),
            ("rd", "dexamethasone", "oral", 40, "mg", 4, "cycle 1"),
            ("rd", "dexamethasone", "oral", 20.5, "mg", 4, "cycle 2+"),
        ],
        columns=["regimen_id", "drug_id", "route", "dose", "dose_unit", "administrations_per_28d", "cycle_phase"],
    ).assign(source_id="s_drugs"),
    "prices": PRICES.assign(price_date=PRICES["price_date"].where(PRICES["price_id"] != "gbr_dex", "2024-03")),
}


@pytest.fixture(scope="module")
def phased() -> AccessModel:
    return planted_model(**PHASED)


def test_cost_of_the_first_cycle_unless_a_later_one_is_asked(phased):
    """First cycle (the default): lenalidomide GBP 2,100.00 + dexamethasone 160 mg x GBP 0.10 = GBP 16.00 ->
    local GBP 2,116.00; US$ (both at GBP 2023 = 1.25) 2,625 + 20 = 2,645.00; PPP 2,100 / 0.5 + 16 / 0.6 =
    4,200 + 26.667 = 4,226.67; months 2,645 / 4,000 = 0.66125.
    Later cycle: dexamethasone 82 mg x 0.10 = GBP 8.20 -> local GBP 2,108.20; US$ 2,625 + 10.25 = 2,635.25;
    today 2,108.2 x 1.34 = 2,824.988 -> 2,824.99; PPP 4,200 + 8.2 / 0.6 = 4,213.667 -> 4,213.67."""
    keys = ["local_cost", "usd", "usd_today", "ppp", "ppp_years", "fx_years"]
    first = views.cost_row(phased, "rd", "GBR")
    assert [first[k] for k in keys] == [2116.0, 2645.0, 2835.44, 4226.67, "2023, 2024", "2023"]
    later = views.cost_row(phased, "rd", "GBR", phase="later")
    assert [later[k] for k in keys] == [2108.2, 2635.25, 2824.99, 4213.67, "2023, 2024", "2023"]
    assert later["gdp_months"] == pytest.approx(2635.25 / 4000, abs=1e-12)
    table = views.cost_table(phased, "rd", iso3s=["GBR"])
    assert table[["usd", "ppp"]].values.tolist() == [[2645.0, 4226.67]]
    table = views.cost_table(phased, "rd", iso3s=["GBR"], phase="later")
    assert table[["usd", "ppp"]].values.tolist() == [[2635.25, 4213.67]]
    # one drug at the regimen's dose: dexamethasone GBP 16.00 x 1.25 = US$ 20.00 (first), 8.20 x 1.25 = 10.25 (later)
    assert views.cost_table(phased, "rd", drug="dexamethasone", iso3s=["GBR"])["usd"].tolist() == [20.0]
    dex_later = views.cost_table(phased, "rd", drug="dexamethasone", iso3s=["GBR"], phase="later")
    assert dex_later["usd"].tolist() == [10.25]
    assert views.price_rows(phased, "rd", ["GBR"])["mg_per_cycle"].tolist() == [525.0, 160.0]
    assert views.price_rows(phased, "rd", ["GBR"], phase="later")["mg_per_cycle"].tolist() == [525.0, 82.0]


def test_tables_absent_from_the_dataset_give_no_indicator_and_no_local_currency():
    """A dataset without the (optional) country_indicators and country_currency tables: no indicator rows (the empty
    frame keeps its columns), no PPP factor, no GLOBOCAN cases, no GDP. Rd in the UK is still costed in US$ (2,645.00)
    but PPP is refused: the local currency is unknown."""
    tables = {n: t for n, t in planted_tables().items() if n not in ("country_indicators", "country_currency")}
    model = AccessModel(Dataset(tables), today=TODAY)
    empty = views.indicator(model, "gdp_per_capita_usd")
    assert empty.empty and list(empty.columns) == ["iso3", "value", "year", "source_id"]
    assert views.ppp_factor(model, "GBR", 2023) is None
    assert (views.new_cases(model), views.gdp_lookup(model)) == ({}, {})
    r = views.cost_row(model, "rd", "GBR")
    assert (r["usd"], r["ppp"], r["ppp_years"], r["gdp_per_capita_usd"], r["gdp_months"]) == (
        2645.0,
        None,
        "",
        None,
        None,
    )
    assert r["ppp_note"] == "price in GBP; the country's local currency is not in the data"  # no currency row


def test_cost_row_of_one_drug_in_a_country_without_prices_names_only_that_drug(planted):
    r = views.cost_row(planted, "rd", "BRA", drug="lenalidomide")
    assert (r["unpriced_drugs"], r["missing"], r["priced_drugs"]) == (
        "Lenalidomide (R)",
        "No price in the data for any drug in this country",
        "",
    )


def test_cost_row_without_gdp_argument_looks_it_up(planted):
    r = views.cost_row(planted, "rd", "GBR", gdp={})
    assert (r["gdp_per_capita_usd"], r["gdp_year"], r["gdp_months"]) == (None, None, None)
    r = views.cost_row(planted, "rd", "GBR")
    assert (r["gdp_per_capita_usd"], r["gdp_year"]) == (48000.0, 2025)


# ---- people, indicators -----------------------------------------------------------------------
def test_people_every_row_in_group_order(planted):
    """GBR a (6,757), IND b (12,923), BRA a (5,656), AIA b (no estimate, no income group).
    World a = 6,757 + 5,656 = 12,413 in 2 countries (2 with an estimate); b = 12,923 in 2 (1).
    WHO regions in WHO_REGIONS order, only those present; income groups likewise, 'Not classified' last."""
    classes = COUNTRIES.iloc[:4].assign(cls=["a", "b", "a", "b"])
    p = views._people(planted, classes, {"a": "A", "b": "B"})
    assert list(p.columns) == [
        "dimension",
        "group",
        "cls",
        "label",
        "new_cases",
        "countries",
        "countries_with_estimate",
    ]
    assert records(p) == [
        ("World", "World", "a", "A", 12413, 2, 2),
        ("World", "World", "b", "B", 12923, 2, 1),
        ("WHO region", "Americas", "a", "A", 5656, 1, 1),
        ("WHO region", "Americas", "b", "B", 0, 1, 0),
        ("WHO region", "South-East Asia", "a", "A", 0, 0, 0),
        ("WHO region", "South-East Asia", "b", "B", 12923, 1, 1),
        ("WHO region", "Europe", "a", "A", 6757, 1, 1),
        ("WHO region", "Europe", "b", "B", 0, 0, 0),
        ("Income group", "Lower-middle income", "a", "A", 0, 0, 0),
        ("Income group", "Lower-middle income", "b", "B", 12923, 1, 1),
        ("Income group", "Upper-middle income", "a", "A", 5656, 1, 1),
        ("Income group", "Upper-middle income", "b", "B", 0, 0, 0),
        ("Income group", "High income", "a", "A", 6757, 1, 1),
        ("Income group", "High income", "b", "B", 0, 0, 0),
        ("Income group", "Not classified", "a", "A", 0, 0, 0),
        ("Income group", "Not classified", "b", "B", 0, 1, 0),
    ]


def test_people_of_no_countries_is_an_empty_frame_with_the_columns(planted):
    p = views._people(planted, COUNTRIES.iloc[0:0].assign(cls=[]), {"a": "A"})
    assert p.empty and list(p.columns) == [
        "dimension",
        "group",
        "cls",
        "label",
        "new_cases",
        "countries",
        "countries_with_estimate",
    ]


def test_and_join_of_one_two_and_three_parts():
    assert views._and_join(["a"]) == "a"
    assert views._and_join(["a", "b"]) == "a and b"
    assert views._and_join(["a", "b", "c"]) == "a, b and c"


def test_people_unknown_region_code_and_empty_string_are_not_classified(planted):
    classes = pd.DataFrame(
        {"iso3": ["GBR", "IND"], "who_region": ["XXX", ""], "income_group": ["H", "ZZ"], "cls": ["a", "a"]}
    )
    p = views._people(planted, classes, {"a": "A"})
    who = p[p["dimension"] == "WHO region"]
    assert records(who) == [("WHO region", "Not classified", "a", "A", 6757 + 12923, 2, 2)]
    inc = p[p["dimension"] == "Income group"]
    assert inc[["group", "new_cases"]].values.tolist() == [["High income", 6757], ["Not classified", 12923]]


def test_indicator_latest_year_per_country_and_missing_table(planted):
    assert records(views.indicator(planted, "ppp_conversion_factor")) == [("GBR", 0.6, 2024, "wdi")]
    assert records(views.indicator(planted, "gdp_per_capita_usd")) == [
        ("GBR", 48000.0, 2025, "wdi"),
        ("IND", 2400.0, 2025, "wdi"),
    ]
    without = planted_model(country_indicators=[])
    empty = views.indicator(without, "gdp_per_capita_usd")
    assert empty.empty and list(empty.columns) == ["iso3", "value", "year", "source_id"]
    assert views.ppp_factor(without, "GBR", 2023) is None


def test_ppp_factor_ignores_non_positive_values():
    """GBR factors 0.0 (2025) and -1.0 (2026) are no factors: 2026 and 2025 fall back to 2024 (0.6). India's
    2023 factor serves 2023, not 2022. (A missing value cannot be planted: the schema requires one.)"""
    ind = pd.concat(
        [
            INDICATORS,
            pd.DataFrame(
                [
                    ("GBR", "ppp_conversion_factor", 0.0, 2025),
                    ("GBR", "ppp_conversion_factor", -1.0, 2026),
                    ("IND", "ppp_conversion_factor", 20.5, 2023),
                ],
                columns=INDICATORS.columns[:4],
            ),
        ],
        ignore_index=True,
    ).assign(source_id="wdi", unit=lambda d: d["indicator"])
    model = planted_model(country_indicators=ind)
    assert views.ppp_factor(model, "GBR", 2026) == (0.6, 2024)
    assert views.ppp_factor(model, "GBR", 2025) == (0.6, 2024)
    assert views.ppp_factor(model, "GBR", 2024) == (0.6, 2024)
    assert views.ppp_factor(model, "IND", 2023) == (20.5, 2023)
    assert views.ppp_factor(model, "IND", 2022) is None


def test_new_cases_and_unmapped(planted):
    assert views.new_cases(planted) == {"BRA": 5656.0, "GBR": 6757.0, "IND": 12923.0, "REU": 50.0}
    assert views.unmapped_cases(planted) == {"REU": 50.0}
    assert views.gdp_lookup(planted) == {"GBR": (48000.0, 2025), "IND": (2400.0, 2025)}


def test_usable_class_boundaries():
    assert [views.usable_class(u, k) for u, k in [(1, 0), (0, 1), (0, 0), (2, 3)]] == [
        "usable",
        "unknown",
        "none",
        "usable",
    ]


def test_status_by_year_of_no_years_has_the_columns(planted):
    s = views.status_by_year(planted, "x", [])
    assert s.empty and list(s.columns) == ["year", "status", "label", "countries"]


def test_compare_usable_of_no_countries_has_the_columns(planted):
    u = views.compare_usable(planted, [], "query")
    assert u.empty and list(u.columns) == [
        "iso3",
        "country",
        "recommended",
        "usable",
        "blocked",
        "unknown",
        "usable_regimens",
        "blocked_regimens",
        "unknown_regimens",
    ]


@pytest.fixture(scope="module")
def rd_vd() -> AccessModel:
    """Rd as planted; Vd = x + dexamethasone with a dose row for dexamethasone only (20 mg x 4, oral); Yd = y with
    no dose row at all."""
    return planted_model(
        regimens=pd.concat(
            [
                REGIMENS,
                pd.DataFrame(
                    [("vd", "Vd", "X + dexamethasone"), ("yd", "Yd", "Y")],
                    columns=["regimen_id", "abbreviation", "name"],
                ),
            ]
        ),
        regimen_drugs=pd.concat(
            [
                REGIMEN_DRUGS,
                pd.DataFrame([("vd", "x"), ("vd", "dexamethasone"), ("yd", "y")], columns=["regimen_id", "drug_id"]),
            ]
        ),
        regimen_doses=pd.concat(
            [
                DOSES,
                pd.DataFrame([("vd", "dexamethasone", "oral", 20, "mg", 4, "all", "s_drugs")], columns=DOSES.columns),
            ]
        ),
    )


def test_costed_options_are_the_regimens_with_dose_rows_and_their_drugs(rd_vd):
    """Rd and Vd have dose rows (Vd for one of its drugs); Yd has none -> not offered."""
    assert views.costed_options(rd_vd) == {
        "rd": "Rd — Lenalidomide + dexamethasone",
        "vd": "Vd — X + dexamethasone",
    }
    assert views.regimen_drug_ids(rd_vd, "rd") == ["lenalidomide", "dexamethasone"]
    assert views.regimen_drug_ids(rd_vd, "vd") == ["x", "dexamethasone"]
    assert views.regimen_drug_ids(rd_vd, "none") == []


def test_cost_row_names_every_missing_drug_and_each_reason_once(rd_vd):
    """Vd in India (which has a price, for lenalidomide): Drug X has no dose row, dexamethasone no Indian price ->
    two missing drugs, two reasons, in the regimen's drug order. In the UK dexamethasone is priced (20 mg x 4 = 80 mg
    x GBP 0.10 = GBP 8.00) but Drug X has no dose: unknown, and the price used is still listed."""
    ind = views.cost_row(rd_vd, "vd", "IND")
    assert (ind["usd"], ind["priced_drugs"], ind["unpriced_drugs"], ind["price_ids"], ind["prices_used"]) == (
        None,
        "",
        "Drug X, Dexamethasone (d)",
        "",
        "",
    )
    assert ind["missing"] == "Drug X: no standard dose; Dexamethasone (d) (oral): no price"
    assert ind["missing_reasons"] == "no standard dose, no price"
    gbr = views.cost_row(rd_vd, "vd", "GBR")
    assert (gbr["usd"], gbr["priced_drugs"], gbr["unpriced_drugs"], gbr["price_ids"], gbr["missing_reasons"]) == (
        None,
        "Dexamethasone (d)",
        "Drug X",
        "gbr_dex",
        "no standard dose",
    )
    assert gbr["prices_used"] == (
        "Dexamethasone (d): Dex 2 mg x50 — GBP 10.00 per pack (2023-08; Planted price list 2023) [gbr_dex]"
    )


def test_compare_costs_of_two_regimens_is_one_frame_with_a_fresh_index(rd_vd):
    """Rd and Vd (Drug X has no dose row: unknown) x GBR, BRA -> 4 rows indexed 0..3, regimen-major."""
    c = views.compare_costs(rd_vd, ["GBR", "BRA"], ("rd", "vd"))
    assert c.index.tolist() == [0, 1, 2, 3]
    assert c[["regimen_id", "regimen", "iso3", "usd"]].values.tolist() == [
        ["rd", "Rd", "GBR", 2645.0],
        ["rd", "Rd", "BRA", None],
        ["vd", "Vd", "GBR", None],
        ["vd", "Vd", "BRA", None],
    ]
