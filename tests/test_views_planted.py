"""Disparity views (myeloma_access.views): every column of every output pinned on a small planted model,
so a renamed column, a wrong label, a dropped row or an off-by-one fails (written against mutmut
survivors; tests/test_views.py pins the headline numbers). Arithmetic is in the docstrings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from myeloma_access import views
from myeloma_access.model import AccessModel
from tests.test_views import COUNTRIES, CURRENCY, DOSES, INDICATORS, PRICES, REGIMEN_DRUGS
from tests.test_views import Planted as BasePlanted


class Planted(BasePlanted):
    """test_views' planted model, with more citations and URLs, drugs, and the model's status-row builder."""

    def __init__(self, **tables):
        super().__init__(**tables)
        self.drugs = pd.DataFrame({"drug_id": ["x", "y"]})

    def source_citation(self, source_id):
        return {"px1": "Planted price list 2023", "s_us": "FDA letter", "s_gb": "NICE TA"}.get(source_id, "")

    def source_url(self, source_id):
        return {"px1": "https://example.org/px1", "s_gb": "https://nice.example/ta"}.get(source_id, "")

    _status_row = AccessModel._status_row


# tests/test_views.py's tables, with a today rate for INR as well
FX = pd.DataFrame(
    [
        ("GBP", 1.25, "2023", "wdi"),
        ("GBP", 1.34, "2026-10-30", "ecb"),
        ("INR", 0.012, "2023", "wdi"),
        ("INR", 0.011, "2026-10-30", "ecb"),
    ],
    columns=["currency", "usd_per_unit", "date", "source_id"],
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


@pytest.fixture
def planted() -> Planted:
    return Planted(
        countries=COUNTRIES,
        fx_rates=FX,
        regimen_drugs=REGIMEN_DRUGS,
        regimen_doses=DOSES,
        prices=PRICES,
        country_indicators=INDICATORS,
        country_currency=CURRENCY,
        regimens=pd.DataFrame(
            [("rd", "Rd", "Lenalidomide + dexamethasone")], columns=["regimen_id", "abbreviation", "name"]
        ),
    )


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


def test_price_rows_of_one_drug_and_an_unlabelled_drug(planted):
    """Lenalidomide alone: IND 525 mg x INR 40/mg = INR 21,000 x 0.012 (INR 2023) = US$ 252.00, today
    x 0.011 = US$ 231.00, no PPP factor for India -> None; then GBR (lenalidomide only, no dexamethasone).
    A drug without a label shows its id."""
    planted.drug_labels = {"dexamethasone": "Dexamethasone (d)"}
    p = views.price_rows(planted, "rd", ["IND", "BRA", "GBR"], drug="lenalidomide")
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
FACT_COLS = [
    "iso3",
    "drug_id",
    "authorisation",
    "funding",
    "date",
    "basis",
    "confidence",
    "source_id",
    "citation",
    "url",
    "note",
]


def _facts():
    nan = float("nan")
    rows = [
        # USA: three facts on one day; the regulator event that is 'stated' represents it (approvals only)
        ("USA", "x", "approved", None, "2010-01-15", "regulatory_event", "reported", "s_ua", "Press", "", "press"),
        (
            "USA",
            "x",
            "approved",
            None,
            "2010-01-15",
            "regulatory_event",
            "stated",
            "s_us",
            "FDA letter",
            "https://fda.example",
            "FDA: approved",
        ),
        ("USA", "x", "approved", None, "2010-01-15", "country_fact", "reported", "s_us3", "Survey US", "", "survey"),
        ("USA", "x", "approved", None, "2010-01-15", "regulatory_event", "stated", "s_us9", "FDA copy", "", "copy"),
        (
            "DEU",
            "x",
            "approved",
            None,
            "2011-07-15",
            "regional_authorisation",
            "stated",
            "s_ema",
            "EMA",
            "u",
            "Planted",
        ),
        (
            "FRA",
            "x",
            "approved",
            None,
            "2011-07-15",
            "regional_authorisation",
            "stated",
            "s_ema",
            "EMA",
            "u",
            "Planted",
        ),
        ("GBR", "x", "approved", None, "2012-03", "regulatory_event", "stated", "s_gb", nan, nan, "MHRA"),
        ("IND", "x", "approved", None, "2012-03-01", "regulatory_event", "reported", "s_in", "CDSCO", "", "DCGI"),
        ("IND", "x", "approved", None, "2013", "regulatory_event", "stated", "s_in2", "CDSCO", "", "later"),
        ("BRA", "y", "approved", None, "2005", "regulatory_event", "stated", "s_br", "ANVISA", "", "other drug"),
    ]
    return pd.DataFrame(rows, columns=FACT_COLS)


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


def test_first_approvals_every_column(planted):
    """First anywhere: USA 2010-01-15 (the 'stated' FDA events beat the 'reported' press item s_ua of that day,
    although s_ua sorts first; of the two stated ones, source id s_us sorts before s_us9).
    EU/EEA 2011-07-15: 365 + 181 = 546 days / 365.25 = 1.49 -> 1.5.
    IND 2012-03-01 and GBR 2012-03 (-> 2012-03-01): 730 days to 2012-01-15 + 31 + 15 = 776 / 365.25 = 2.12 -> 2.1;
    equal dates are ordered by name (India before United Kingdom). IND's 2013 event is later and not used.
    BRA's fact is about another drug."""
    planted.facts = _facts()
    fa = views.first_approvals(planted, "x")
    assert list(fa.columns) == FA_COLS
    assert fa.index.tolist() == [0, 1, 2, 3]
    eu_note = "EU central marketing authorisation, valid in the EU/EEA member states (Planted)"
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
            "https://fda.example",
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
            "u",
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
            "",
            "DCGI",
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
            "stated",
            "s_gb",
            "",
            "",
            "MHRA",
            "EUR",
            "H",
        ),
    ]


def test_first_approvals_does_not_mix_facts(planted):
    """IND's earliest fact (2012-03-01, s_in) has no note; the note shown must not be the 2013 fact's 'later'."""
    facts = _facts()
    facts.loc[facts["source_id"] == "s_in", "note"] = None
    planted.facts = facts
    ind = views.first_approvals(planted, "x").set_index("jurisdiction").loc["IND"]
    assert (ind["source_id"], ind["date"]) == ("s_in", "2012-03-01")
    assert pd.isna(ind["note"])


def test_first_approvals_wider_evidence_prefers_the_more_specific_basis(planted):
    """approvals_only=False: on 2010-01-15 the USA survey (country_fact, priority 3) beats the FDA event (2)."""
    planted.facts = _facts()
    fa = views.first_approvals(planted, "x", approvals_only=False)
    usa = fa.iloc[0]
    assert (usa["jurisdiction"], usa["basis"], usa["source_id"], usa["evidence"]) == (
        "USA",
        "country_fact",
        "s_us3",
        "Report, survey or publication (first evidence, not necessarily the approval date)",
    )


def test_first_approvals_eu_note_already_naming_the_eu_authorisation_is_kept(planted):
    facts = _facts()
    facts.loc[facts["iso3"].isin(["DEU", "FRA"]), "note"] = "EU central marketing authorisation (X)"
    planted.facts = facts
    fa = views.first_approvals(planted, "x").set_index("jurisdiction")
    assert fa.loc["EU/EEA", "note"] == "EU central marketing authorisation (X)"


def test_first_approvals_none_has_the_columns(planted):
    planted.facts = _facts()
    fa = views.first_approvals(planted, "nothing")
    assert fa.empty and list(fa.columns) == FA_COLS


def test_lag_years_missing_either_date():
    assert views._lag_years(None, date(2020, 1, 1)) is None
    assert views._lag_years(date(2020, 1, 1), None) is None
    assert views._lag_years(date(2021, 1, 1), date(2020, 1, 1)) == 1.0  # 366 days / 365.25 = 1.002


def test_status_by_year_every_row_with_an_explicit_no_data_row(planted):
    """8 mapped countries. 2010: USA approved, GBR publicly funded, JPN an explicit 'no_data' row, REU off the
    map -> 3 rows on the map; No data = 8 - 3 + 1 (JPN) = 6. Labels come from the status classes."""
    rows = [
        ("USA", "x", "approved"),
        ("GBR", "x", "publicly_funded"),
        ("JPN", "x", "no_data"),
        ("REU", "x", "approved"),
        ("BRA", "y", "withdrawn"),
    ]
    planted.statuses = lambda year: pd.DataFrame(rows, columns=["iso3", "drug_id", "status"])
    s = views.status_by_year(planted, "x", ["2010"])
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
        (2010, "no_data", "No data", 6),
    ]
    assert int(s["countries"].sum()) == 8


# ---- compare -----------------------------------------------------------------------------------
def _status_rows():
    base = {
        "evidence_date": None,
        "confidence": None,
        "stale": False,
        "auth_source_id": None,
        "fund_source_id": None,
        "auth_note": None,
        "fund_note": None,
    }
    return [
        {
            **base,
            "iso3": "GBR",
            "drug_id": "x",
            "status": "publicly_funded",
            "evidence_date": "2021-05",
            "confidence": "stated",
            "auth_source_id": "s_auth",
            "fund_source_id": "s_gb",
            "auth_note": "MHRA",
            "fund_note": "NICE TA",
        },
        {
            **base,
            "iso3": "USA",
            "drug_id": "x",
            "status": "approved",
            "evidence_date": "2010-01-15",
            "confidence": "reported",
            "stale": True,
            "auth_source_id": "s_us",
            "auth_note": "FDA: approved",
        },
        {
            **base,
            "iso3": "USA",
            "drug_id": "y",
            "status": "withdrawn",
            "evidence_date": "2015",
            "confidence": "stated",
            "auth_source_id": "s_us",
            "auth_note": "withdrawn",
        },
        {
            **base,
            "iso3": "BRA",
            "drug_id": "x",
            "status": "approved",
            "evidence_date": "2019",
            "confidence": "stated",
            "auth_source_id": "s_br",
            "auth_note": "ANVISA",
        },
    ]


def test_compare_matrix_every_column(planted):
    """Drug-major order (x then y), countries in the order asked. GBR x is funded: the funding source (s_gb,
    NICE TA) is cited. GBR y has no row -> 'No data' with empty citation. Drug y has no label -> its id.
    BRA is not asked for."""
    planted.statuses = lambda year=None: pd.DataFrame(_status_rows())
    c = views.compare_matrix(planted, ["USA", "GBR"])
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
            "",
            "FDA: approved",
        ),
        (
            "x",
            "Drug X",
            "GBR",
            "United Kingdom",
            "publicly_funded",
            "Publicly funded",
            "2021-05",
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
            "2015",
            "stated",
            False,
            "s_us",
            "FDA letter",
            "",
            "withdrawn",
        ),
        ("y", "y", "GBR", "United Kingdom", "no_data", "No data", None, None, False, None, "", "", None),
    ]
    assert views.compare_matrix(planted, ["BRA"], ["y"])[["status", "label"]].values.tolist() == [
        ["no_data", "No data"]
    ]


def test_compare_usable_every_column_and_arguments(planted):
    """GBR: Rd and Vd usable (two names, ', '-joined, Rd once although listed twice), 'zz' blocked (no
    abbreviation -> its id), Kd unknown. IND: no recommended regimen (an empty frame without columns)."""
    result = pd.DataFrame(
        {"regimen_id": ["rd", "vd", "rd", "zz", "kd"], "verdict": ["usable", "usable", "usable", "blocked", "unknown"]}
    )
    calls = []

    def find_regimens(iso3, query):
        calls.append((iso3, query))
        return result if iso3 == "GBR" else pd.DataFrame()

    planted.find_regimens = find_regimens
    planted.ds.regimens = pd.DataFrame({"regimen_id": ["rd", "vd", "kd"], "abbreviation": ["Rd", "Vd", "Kd"]})
    u = views.compare_usable(planted, ["GBR", "IND"], "query")
    assert calls == [("GBR", "query"), ("IND", "query")]
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
        ("GBR", "United Kingdom", 5, 3, 1, 1, "Rd, Vd", "zz", "Kd"),
        ("IND", "India", 0, 0, 0, 0, "", "", ""),
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
    t = views.cost_table(planted, "rd")
    assert t["iso3"].tolist() == COUNTRIES["iso3"].tolist()
    assert t["priced"].tolist() == [True, False, False, False, False, False, False, False]


def test_cost_row_price_not_in_local_currency_has_no_ppp(planted):
    """GBR dexamethasone priced in USD 12 per 100 mg -> US$ 0.12/mg x 160 mg = US$ 19.20 (USD rate 1).
    usd = 2,100 x 1.25 + 19.20 = 2,644.20; today = 2,100 x 1.34 + 19.20 = 2,833.20; months 2,644.2 / 4,000.
    PPP is refused: the USD price is not in the local currency (GBP). USD has no dated rate -> only GBP's date."""
    prices = PRICES.copy()
    prices.loc[1, ["currency", "pack_price"]] = ["USD", 12.0]
    planted.ds.prices = prices
    r = views.cost_row(planted, "rd", "GBR")
    assert (r["usd"], r["usd_today"], r["ppp"], r["ppp_years"]) == (2644.2, 2833.2, None, "")
    assert r["ppp_note"] == "price in USD, not the local currency GBP"
    assert (r["currency"], r["today_fx_date"]) == ("GBP, USD", "2026-10-30")
    assert (r["local_cost"], r["fx_years"]) == (None, "2023")  # never GBP + USD added; USD has no dated rate
    assert r["gdp_months"] == pytest.approx(2644.2 / 4000, abs=1e-12)
    assert "Dexamethasone (d): Dex 2 mg x50 — USD 12.00 per pack" in r["prices_used"]


def test_cost_row_zero_gdp_gives_no_months_and_ppp_years_of_several_factors(planted):
    """IND GDP per capita 0 (a later year than 2025 wins) -> months None, not a division by zero.
    GBR with lenalidomide priced 2024-02 (PPP 2024 = 0.6) and dexamethasone 2023-08 (PPP 2023 = 0.5):
    PPP = 2,100 / 0.6 + 16 / 0.5 = 3,500 + 32 = 3,532.00; ppp_years '2024, 2023'; fx years '2023' for both
    (no GBP 2024 yearly rate: the nearest earlier year, 2023)."""
    ind = pd.concat(
        [INDICATORS, pd.DataFrame([("IND", "gdp_per_capita_usd", 0.0, 2026, "wdi")], columns=INDICATORS.columns)],
        ignore_index=True,
    )
    planted.ds.tables["country_indicators"] = ind
    r = views.cost_row(planted, "rd", "IND", drug="lenalidomide")
    assert (r["usd"], r["gdp_per_capita_usd"], r["gdp_year"], r["gdp_months"]) == (252.0, 0.0, 2026, None)
    assert r["ppp_note"] == "no PPP conversion factor for 2023-01 or earlier"
    prices = PRICES.copy()
    prices.loc[0, "price_date"] = "2024-02"
    planted.ds.prices = prices
    g = views.cost_row(planted, "rd", "GBR")
    assert (g["ppp"], g["ppp_years"], g["fx_years"], g["usd"]) == (3532.0, "2024, 2023", "2023", 2645.0)


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
    planted.ds.tables = {}
    empty = views.indicator(planted, "gdp_per_capita_usd")
    assert empty.empty and list(empty.columns) == ["iso3", "value", "year", "source_id"]
    assert views.ppp_factor(planted, "GBR", 2023) is None


def test_ppp_factor_ignores_missing_and_non_positive_values(planted):
    ind = pd.concat(
        [
            INDICATORS,
            pd.DataFrame(
                [
                    ("GBR", "ppp_conversion_factor", 0.0, 2025, "wdi"),
                    ("GBR", "ppp_conversion_factor", None, 2026, "wdi"),
                    ("IND", "ppp_conversion_factor", 20.5, 2023, "wdi"),
                ],
                columns=INDICATORS.columns,
            ),
        ],
        ignore_index=True,
    )
    planted.ds.tables["country_indicators"] = ind
    assert views.ppp_factor(planted, "GBR", 2026) == (0.6, 2024)
    assert views.ppp_factor(planted, "GBR", 2024) == (0.6, 2024)
    assert views.ppp_factor(planted, "IND", 2023) == (20.5, 2023)
    assert views.ppp_factor(planted, "IND", 2022) is None


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


def test_compare_costs_of_two_regimens_is_one_frame_with_a_fresh_index(planted):
    """Rd and Vd (no dose rows: unknown) x GBR, BRA -> 4 rows indexed 0..3, regimen-major."""
    planted.ds.regimens = pd.DataFrame(
        [("rd", "Rd", "Len + dex"), ("vd", "Vd", "Bor + dex")], columns=["regimen_id", "abbreviation", "name"]
    )
    c = views.compare_costs(planted, ["GBR", "BRA"], ("rd", "vd"))
    assert c.index.tolist() == [0, 1, 2, 3]
    assert c[["regimen_id", "regimen", "iso3", "usd"]].values.tolist() == [
        ["rd", "Rd", "GBR", 2645.0],
        ["rd", "Rd", "BRA", None],
        ["vd", "Vd", "GBR", None],
        ["vd", "Vd", "BRA", None],
    ]
