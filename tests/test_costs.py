"""Cycle costs, checked by hand: doses × price per mg × the exchange rate of the price's own year."""

import pandas as pd
import pytest

from myeloma_access.costs import (
    BSA_M2,
    CYCLES_PER_YEAR,
    NO_DOSE,
    NO_PRICE,
    NO_RATE,
    WEIGHT_KG,
    Missing,
    cycle_cost,
    mg_per_administration,
    months_of_gdp,
    price_per_mg,
    select_phase,
    usd_rate,
)

FX = pd.DataFrame(
    [
        ("GBP", 1.25, "2023", "wdi", "2026-11-24"),
        ("GBP", 1.30, "2024", "wdi", "2026-11-24"),
        ("GBP", 1.20, "2024-06-30", "ecb", "2026-11-24"),
        ("GBP", 1.34, "2026-10-30", "ecb", "2026-11-24"),
        ("EUR", 1.10, "2019", "wdi", "2026-11-24"),
    ],
    columns=["currency", "usd_per_unit", "date", "source_id", "as_of"],
)
REGIMEN_DRUGS = pd.DataFrame(
    [("rd", "lenalidomide"), ("rd", "dexamethasone"), ("vd", "bortezomib"), ("vd", "dexamethasone")],
    columns=["regimen_id", "drug_id"],
)
DOSES = pd.DataFrame(
    [
        ("rd", "lenalidomide", "oral", 25, "mg", 21, "all"),
        ("rd", "dexamethasone", "oral", 40, "mg", 4, "all"),
        ("vd", "bortezomib", "SC", 1.3, "mg/m2", 8, "cycles 1-8"),
        ("vd", "bortezomib", "SC", 1.3, "mg/m2", 4, "cycle 9+"),
        ("vd", "dexamethasone", "oral", 20, "mg", 16, "cycles 1-8"),
    ],
    columns=["regimen_id", "drug_id", "route", "dose", "dose_unit", "administrations_per_28d", "cycle_phase"],
)
PRICES = pd.DataFrame(
    [
        ("gbr_len_25", "GBR", "lenalidomide", "oral", 25, 21, 2100.0, "GBP", "2023-08", "px1"),
        ("gbr_len_10", "GBR", "lenalidomide", "oral", 10, 21, 1050.0, "GBP", "2023-08", "px1"),  # dearer per mg
        ("gbr_dex_2", "GBR", "dexamethasone", "oral", 2, 50, 10.0, "GBP", "2024-02", "px2"),
        ("gbr_bor_35", "GBR", "bortezomib", "SC", 3.5, 1, 350.0, "GBP", "2025", "px3"),
    ],
    columns=[
        "price_id",
        "iso3",
        "drug_id",
        "route",
        "strength_mg",
        "units_per_pack",
        "pack_price",
        "currency",
        "price_date",
        "source_id",
    ],
)


def test_assumptions_are_the_documented_ones():
    assert (WEIGHT_KG, BSA_M2) == (70.0, 1.8)
    assert pytest.approx(13.0446, abs=1e-4) == CYCLES_PER_YEAR


@pytest.mark.parametrize("dose, unit, expected", [(25, "mg", 25.0), (1.3, "mg/m2", 2.34), (16, "mg/kg", 1120.0)])
def test_mg_per_administration(dose, unit, expected):
    assert mg_per_administration(dose, unit) == pytest.approx(expected)


def test_unknown_dose_unit_is_an_error_naming_the_unit():
    with pytest.raises(ValueError, match=r"^unknown dose unit 'mg/l'$"):
        mg_per_administration(1, "mg/l")


def test_price_per_mg():
    assert price_per_mg(PRICES)["per_mg"].round(4).tolist() == [4.0, 5.0, 0.1, 100.0]


@pytest.mark.parametrize(
    "currency, year, expected",
    [
        ("USD", 2010, (1.0, None)),
        ("GBP", 2023, (1.25, "2023")),
        ("GBP", 2024, (1.30, "2024")),  # the yearly average beats a dated rate within the year
        ("GBP", 2025, (1.30, "2024")),  # no 2025 rate: the nearest earlier year
        ("GBP", 2026, (1.34, "2026-10-30")),
        ("GBP", None, (1.34, "2026-10-30")),  # today's rate
        ("GBP", 2022, None),  # nothing that early: unknown, never today's rate
        ("JPY", 2023, None),
    ],
)
def test_usd_rate_of_the_price_year(currency, year, expected):
    got = usd_rate(FX, currency, year)
    assert (None if got is None else (got[0], got[1]["date"])) == expected


def test_rd_cycle_cost_hand_worked():
    """Lenalidomide 25 mg × 21 = 525 mg at £4/mg (25 mg pack beats 10 mg) = £2,100 → 2023 rate 1.25 = $2,625.
    Dexamethasone 40 mg × 4 = 160 mg at £0.10/mg = £16 → 2024 rate 1.30 = $20.80. Total $2,645.80;
    at today's rate 1.34: (2100 + 16) × 1.34 = $2,835.44."""
    c = cycle_cost("rd", "GBR", REGIMEN_DRUGS, DOSES, PRICES, FX)
    assert (c.usd, c.usd_today, c.missing, c.known) == (2645.8, 2835.44, [], True)
    assert [
        (x["drug_id"], x["mg_per_cycle"], x["price_id"], x["local_cost"], x["usd"], x["fx_date"]) for x in c.components
    ] == [
        ("lenalidomide", 525.0, "gbr_len_25", 2100.0, 2625.0, "2023"),
        ("dexamethasone", 160.0, "gbr_dex_2", 16.0, 20.8, "2024"),
    ]


def test_first_phase_is_used_by_default_and_later_on_request():
    """Bortezomib 1.3 mg/m² × 1.8 m² = 2.34 mg × 8 = 18.72 mg at £100/mg = £1,872 → 2025 price at the 2024 rate 1.30
    = $2,433.60; dexamethasone 20 mg × 16 = 320 mg at £0.10 = £32 → $41.60. Later phase: 9.36 mg → $1,216.80,
    dexamethasone has one phase only."""
    first = cycle_cost("vd", "GBR", REGIMEN_DRUGS, DOSES, PRICES, FX)
    assert first.usd == 2475.2
    later = cycle_cost("vd", "GBR", REGIMEN_DRUGS, DOSES, PRICES, FX, phase="later")
    assert later.usd == 1258.4
    assert list(select_phase(DOSES[DOSES["regimen_id"] == "vd"], "later")["cycle_phase"]) == ["cycle 9+", "cycles 1-8"]


def test_unpriced_drug_makes_the_cost_unknown_never_zero():
    c = cycle_cost("rd", "FRA", REGIMEN_DRUGS, DOSES, PRICES, FX)
    assert (c.usd, c.usd_today, c.known) == (None, None, False)
    assert c.missing == [
        Missing("lenalidomide", NO_PRICE, route="oral"),
        Missing("dexamethasone", NO_PRICE, route="oral"),
    ]
    assert [str(m) for m in c.missing] == ["lenalidomide (oral): no price", "dexamethasone (oral): no price"]
    assert c.missing[0].text("Lenalidomide (R)") == "Lenalidomide (R) (oral): no price"


def test_missing_dose_and_missing_rate_are_named():
    doses = DOSES[DOSES["drug_id"] != "dexamethasone"]
    c = cycle_cost("rd", "GBR", REGIMEN_DRUGS, doses, PRICES, FX)
    assert (c.usd, c.missing) == (None, [Missing("dexamethasone", NO_DOSE)])
    assert str(c.missing[0]) == "dexamethasone: no standard dose"
    c = cycle_cost("rd", "GBR", REGIMEN_DRUGS, DOSES, PRICES, FX[FX["date"] != "2023"])
    assert (c.usd, c.missing) == (None, [Missing("lenalidomide", NO_RATE, detail="for GBP in 2023-08")])
    assert str(c.missing[0]) == "lenalidomide: no exchange rate for GBP in 2023-08"


def test_months_of_gdp_per_capita():
    assert months_of_gdp(1000.0, 12000.0) == 1.0  # US$ 1,000 = one month of a US$ 12,000 GDP per capita
    assert months_of_gdp(26583.58, 57601.96212) == pytest.approx(5.538, abs=1e-3)  # DRd in the UK
    assert months_of_gdp(None, 1000.0) is None
    assert months_of_gdp(1000.0, None) is None
    assert months_of_gdp(1000.0, 0) is None
    assert months_of_gdp(1000.0, -5.0) is None
    assert months_of_gdp(1000.0, float("nan")) is None


def _one_drug(dose_unit="mg/m2", dose=1.3, price_date="2023-05"):
    """Regimen "t" of one drug x (SC) in GBR: ``dose`` ``dose_unit`` once a cycle; a pack of 7 x 1 mg for GBP 10."""
    regimen_drugs = pd.DataFrame([("t", "x")], columns=["regimen_id", "drug_id"])
    doses = pd.DataFrame(
        [("t", "x", "SC", dose, dose_unit, 1, "all")],
        columns=["regimen_id", "drug_id", "route", "dose", "dose_unit", "administrations_per_28d", "cycle_phase"],
    )
    prices = pd.DataFrame([("gbr_x", "GBR", "x", "SC", 1, 7, 10.0, "GBP", price_date, "px9")], columns=PRICES.columns)
    return regimen_drugs, doses, prices


def test_cycle_cost_rounds_mg_to_one_decimal_and_money_to_cents():
    """1.3 mg/m2 x 1.8 m2 = 2.34 mg (shown 2.3 mg) at GBP 10 / 7 mg = GBP 1.428571.../mg -> GBP 3.342857...
    (shown 3.34); at the 2023 rate 1.25: $4.178571... -> $4.18; at today's 1.34: $4.479428... -> $4.48."""
    regimen_drugs, doses, prices = _one_drug()
    c = cycle_cost("t", "GBR", regimen_drugs, doses, prices, FX)
    assert (c.regimen_id, c.iso3, c.usd, c.usd_today, c.missing) == ("t", "GBR", 4.18, 4.48, [])
    assert c.components == [
        {
            "drug_id": "x",
            "route": "SC",
            "mg_per_cycle": 2.3,
            "price_id": "gbr_x",
            "currency": "GBP",
            "local_cost": 3.34,
            "usd": 4.18,
            "usd_today": 4.48,
            "fx_date": "2023",
            "price_source_id": "px9",
            "price_date": "2023-05",
            "fx_source_id": "wdi",
        }
    ]


def test_a_price_year_read_as_a_number_still_picks_that_years_rate():
    """A price dated 2023.0 (a column of years with a gap reads as floats) is converted at the 2023 rate 1.25:
    1 mg at GBP 10/7 per mg = GBP 1.428571... x 1.25 = $1.79 (today's 1.34 would give $1.91)."""
    regimen_drugs, doses, prices = _one_drug(dose_unit="mg", dose=1, price_date=2023.0)
    c = cycle_cost("t", "GBR", regimen_drugs, doses, prices, FX)
    assert (c.usd, c.usd_today, c.components[0]["fx_date"]) == (1.79, 1.91, "2023")


@pytest.mark.parametrize("price_date", [None, "undated"])
def test_an_undated_price_is_converted_at_todays_rate(price_date):
    """No year to look up: both figures use the latest rate 1.34 (2026-10-30): GBP 1.428571... x 1.34 = $1.91."""
    regimen_drugs, doses, prices = _one_drug(dose_unit="mg", dose=1, price_date=price_date)
    c = cycle_cost("t", "GBR", regimen_drugs, doses, prices, FX)
    assert (c.usd, c.usd_today, c.components[0]["fx_date"]) == (1.91, 1.91, "2026-10-30")


def test_a_drug_without_a_dose_does_not_stop_the_next_drug_being_costed():
    """Lenalidomide has no dose row; dexamethasone is still worked out (160 mg at GBP 0.10/mg = GBP 16), the total
    stays unknown."""
    doses = DOSES[DOSES["drug_id"] != "lenalidomide"]
    c = cycle_cost("rd", "GBR", REGIMEN_DRUGS, doses, PRICES, FX)
    assert (c.usd, c.missing) == (None, [Missing("lenalidomide", NO_DOSE)])
    assert [(x["drug_id"], x["local_cost"]) for x in c.components] == [("dexamethasone", 16.0)]


def test_select_phase_defaults_to_the_first_phase_and_keeps_the_regimens_drug_order():
    vd = select_phase(DOSES[DOSES["regimen_id"] == "vd"])
    assert list(zip(vd["drug_id"], vd["cycle_phase"])) == [
        ("bortezomib", "cycles 1-8"),
        ("dexamethasone", "cycles 1-8"),
    ]
    rd = select_phase(DOSES[DOSES["regimen_id"] == "rd"], "later")
    assert list(rd["drug_id"]) == ["lenalidomide", "dexamethasone"]  # listed order, not alphabetical


def test_months_of_gdp_for_a_gdp_per_capita_below_one_dollar():
    assert months_of_gdp(1.0, 0.5) == 24.0  # US$ 1 against US$ 0.5 / 12 a month
