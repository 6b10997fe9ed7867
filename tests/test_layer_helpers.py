"""Pure helpers of importers.layers pinned on planted inputs (number parsing, unit rules, FX series
choice and gaps, cross-table checks). tests/test_layers.py checks the importers on the shipped files."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from importers import layers as L


# ---- number parsing ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value",
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        (" 1 800 ", 1800.0),
        ("10", 10.0),
        ("1,234,5", None),
        ("abc", None),
        ("", None),
        ("12,", None),
        ("-2", -2.0),
    ],
)
def test_num(text, value):
    assert L._num(text) == value


def test_g_and_fmt_ten_significant_digits():
    assert L._g(2.5) == "2.5" and L._g(1800.0) == "1800" and L._g(1 / 3) == "0.3333333333"
    assert L._fmt(12345678901.0) == "1.23456789e+10" and L._fmt(0.1 + 0.2) == "0.3"


@pytest.mark.parametrize(
    "name, strengths",
    [
        ("Revlimid 25mg", [25.0]),
        ("Revlimid 5 Mg And 10 mg", [5.0, 10.0]),
        ("Velcade 3,5 mg powder", [3.5]),
        ("Lenalidomide Cipla 10", [10.0]),
        ("Lenalidomide Cipla 2.5 Capsules", [2.5]),
        ("Bortezomib 3,5 Solution 1ml", []),  # a trailing number, but the name gives a volume in ml
        ("Bortezomib 3,5 Solution 1ML", []),  # ... in any case
        ("Lenalidomide Cipla 7,5 capsules", [7.5]),  # a lower-case word after the number
        ("Pack of tablets", []),
        ("Thalidomide 50mgx", []),  # 'mg' must end a word
    ],
)
def test_name_strengths(name, strengths):
    assert L._name_strengths(name) == strengths


@pytest.mark.parametrize(
    "args, result",
    [
        ((25.0, "mg", 21.0), (25.0, "amount per unit")),
        ((1.5, "G", 1.0), (1500.0, "amount per unit")),
        ((180.0, "mg/4ml", 4.0), (180.0, "unit states the vial content")),
        ((1.0, "g/ 10 ml", 10.0), (1000.0, "unit states the vial content")),
        ((20.0, "mg/ml", 5.0), (100.0, "concentration x pack volume")),
        ((20.0, "mg/1ml", 5.0), (100.0, "concentration x pack volume")),
        ((2.0, "g/ml", 0.5), (1000.0, "concentration x pack volume")),
        ((180.0, "mg/4ml", 10.0), (None, "strength unit 'mg/4ml' not per unit")),
        ((5.0, "mcg", 1.0), (None, "strength unit 'mcg' not per unit")),
        ((5.0, "mg/2,5ml", 2.5), (5.0, "unit states the vial content")),
    ],
)
def test_za_unit_mg(args, result):
    assert L._za_unit_mg(*args) == result


@pytest.mark.parametrize(
    "text, value",
    [
        ("24,34", 24.34),
        ("3,357,61", 3357.61),
        (" 1 234,50 ", 1234.5),
        ("12", 12.0),
        ("", None),
        ("   ", None),
    ],
)
def test_fr_price(text, value):
    assert L._fr_price(text) == value


@pytest.mark.parametrize(
    "presentation, units",
    [
        ("12 comprimés conditionnés en 4 plaquettes PVC de 3 comprimés", 12.0),
        ("21 gélules", 21.0),
        ("3 plaquette(s) PVC aluminium de 1 gélule(s)", 3.0),
        ("2 boîte(s) de 7 capsule(s)", 14.0),
        ("4 étui(s) de 5 comprimé(s)", 20.0),
        ("1 flacon(s) de 30 comprimé(s)", 30.0),
        ("plaquette(s) PVC de 50  comprimé(s)", 50.0),
        ("1 flacon(s) de 10 ml", None),
    ],
)
def test_fr_units(presentation, units):
    assert L._fr_units(presentation) == units


@pytest.mark.parametrize(
    "name, presentation, result",
    [
        ("NINLARO 2,3 mg, gélule", "3 plaquette(s) PVC aluminium de 1 gélule(s)", (2.3, 3.0)),
        ("REVLIMID 25 mg, gélule", "21 gélules", (25.0, 21.0)),
        ("DEXAMETHASONE 20 mg/1 ml, solution injectable", "10 ampoule(s) en verre de 1 ml", (20.0, 10.0)),
        ("DEXAMETHASONE 4 MG/1 ML, solution injectable", "5 flacons de 1 ml", (4.0, 5.0)),
        ("DEXAMETHASONE 4 mg/1 ml, solution injectable", "5 Ampoule(s) en verre de 1 ML", (4.0, 5.0)),
        ("DEXAMETHASONE 4 mg/1 ml, solution injectable", "5 ampoule(s) de 2 ml", None),
        ("VELCADE 3,5 mg, poudre", "1 flacon(s) en verre", None),
        ("PRODUIT sans dose", "21 gélules", None),
    ],
)
def test_fr_strength_units(name, presentation, result):
    assert L._fr_strength_units(name, presentation) == result


# ---- FX -------------------------------------------------------------------------------------------
def test_fx_gaps_need_a_rate_of_the_price_year_or_earlier():
    """GBP rates 2020 and 2023: a 2019 price has none (gap), 2021 uses 2020, 2023 its own. USD needs no rate;
    a currency without any rate is a gap."""
    fx = pd.DataFrame({"currency": ["GBP", "GBP", "EUR"], "date": ["2020", "2023-10-30", "2024"]})
    prices = pd.DataFrame(
        {
            "price_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
            "currency": ["GBP", "GBP", "GBP", "USD", "JPY", "EUR"],
            "price_date": ["2019-12", "2021", "2023-01-01", "1990", "2025", "2024-02"],
        }
    )
    assert L.fx_gaps(prices, fx) == ["p1 (GBP 2019-12)", "p5 (JPY 2025)"]
    assert L.fx_gaps(prices.iloc[0:0], fx) == []


def test_fx_series_choice():
    """EUR -> the euro-area series EMU. AUD is shared by AUS, KIR, TUV: the issuer AUS (ISO2 'AU' prefixes 'AUD')
    although KIR has more years. XCD has no issuer: the member with the most years (GRD 3 > ATG 2). XOF: BEN
    and SEN tie on 2 years -> the first ISO3 (BEN); QQQ (1 year) is no ISO 3166 code at all. USD is skipped;
    a currency without series (AAD, sorted first) drops out and the others are still chosen."""
    fcrf = pd.DataFrame(
        [
            ("EMU", 2020),
            ("AUS", 2020),
            ("KIR", 2019),
            ("KIR", 2020),
            ("KIR", 2021),
            ("ATG", 2020),
            ("ATG", 2021),
            ("GRD", 2019),
            ("GRD", 2020),
            ("GRD", 2021),
            ("SEN", 2020),
            ("SEN", 2021),
            ("BEN", 2020),
            ("BEN", 2021),
            ("USA", 2020),
            ("GRD", 2021),
            ("QQQ", 2020),
        ],
        columns=["iso3", "year"],
    )
    cc = pd.DataFrame(
        [
            ("DEU", "EUR"),
            ("FRA", "EUR"),
            ("KIR", "AUD"),
            ("AUS", "AUD"),
            ("TUV", "AUD"),
            ("ATG", "XCD"),
            ("GRD", "XCD"),
            ("SEN", "XOF"),
            ("BEN", "XOF"),
            ("QQQ", "XOF"),
            ("USA", "USD"),
            ("ZZZ", "AAD"),
        ],
        columns=["iso3", "currency"],
    )
    assert L.fx_series_choice(fcrf, cc) == {"AUD": "AUS", "EUR": "EMU", "XCD": "GRD", "XOF": "BEN"}
    no_emu = fcrf[fcrf["iso3"] != "EMU"]
    assert "EUR" not in L.fx_series_choice(no_emu, cc)  # DEU/FRA have no series here either


# ---- cross-table checks ---------------------------------------------------------------------------
def _ds(**tables):
    base = {
        "countries": pd.DataFrame({"iso3": ["GBR", "IND"]}),
        "drugs": pd.DataFrame({"drug_id": ["a", "b"]}),
        "sources": pd.DataFrame({"source_id": ["s1"]}),
    }
    base.update(tables)
    return SimpleNamespace(tables=base, **base)


def test_check_layers_clean_and_empty():
    assert L.check_layers(_ds()) == []
    assert L.check_layers(_ds(prices=pd.DataFrame(columns=["iso3", "drug_id", "source_id"]))) == []
    ok = pd.DataFrame({"iso3": ["GBR"], "drug_id": ["a"], "source_id": ["s1"]})
    assert L.check_layers(_ds(prices=ok, fx_rates=ok[["source_id"]])) == []


def test_check_layers_names_table_column_and_sorted_unknown_values():
    prices = pd.DataFrame(
        {"iso3": ["ZZB", "GBR", "ZZA", None], "drug_id": ["a", "q", "a", "a"], "source_id": ["s1", "s1", "s1", "s9"]}
    )
    fx = pd.DataFrame({"currency": ["GBP"], "source_id": ["s8"]})
    assert L.check_layers(_ds(prices=prices, fx_rates=fx)) == [
        "fx_rates: source_id not in sources: ['s8']",
        "prices: iso3 not in countries.csv: ['ZZA', 'ZZB']",
        "prices: drug_id not in drugs.csv: ['q']",
        "prices: source_id not in sources: ['s9']",
    ]


def test_check_layers_lists_at_most_twenty_unknown_values():
    bad = [f"Z{i:02d}" for i in range(25)]
    ci = pd.DataFrame({"iso3": bad})
    assert L.check_layers(_ds(country_indicators=ci)) == [f"country_indicators: iso3 not in countries.csv: {bad[:20]}"]


def test_check_layers_thalidomide_needs_the_leprosy_caveat():
    eml = pd.DataFrame(
        {
            "iso3": ["GBR", "GBR", "IND", "IND"],
            "drug_id": ["thalidomide", "thalidomide", "a", "thalidomide"],
            "source_id": "s1",
            "note": ["for leprosy (ENL) only", None, None, "myeloma"],
        }
    )
    drugs = pd.DataFrame({"drug_id": ["a", "thalidomide"]})
    assert L.check_layers(_ds(national_eml=eml, drugs=drugs)) == [
        "national_eml: 2 thalidomide rows without the leprosy caveat"
    ]


def test_check_layers_covers_every_layer_table():
    """One unknown value in each layer table (in the order the tables are checked)."""
    t = {
        name: pd.DataFrame({"iso3": ["GBR"], "drug_id": ["a"], "source_id": ["s1"]})
        for name in ("register_facts", "prices")
    }
    t["national_eml"] = pd.DataFrame({"iso3": ["Z1"], "drug_id": ["a"], "source_id": ["s1"], "note": [None]})
    t["register_facts"] = t["register_facts"].assign(drug_id="z2")
    t["country_currency"] = pd.DataFrame({"iso3": ["Z3"], "currency": ["GBP"], "source_id": ["s1"]})
    t["name_map_gem"] = pd.DataFrame({"name": ["n"], "drug_id": ["z4"], "source_id": ["s1"]})
    t["name_map_products"] = pd.DataFrame({"name": ["n"], "drug_id": ["a"], "source_id": ["z5"]})
    assert L.check_layers(_ds(**t)) == [
        "national_eml: iso3 not in countries.csv: ['Z1']",
        "register_facts: drug_id not in drugs.csv: ['z2']",
        "country_currency: iso3 not in countries.csv: ['Z3']",
        "name_map_gem: drug_id not in drugs.csv: ['z4']",
        "name_map_products: source_id not in sources: ['z5']",
    ]
