"""One planted dataset for the tests, read through the real model (Datasette's ``tests/fixtures.py`` is the model).

Every table of the schema is here, most of them empty; the rows below are few enough to work every expected
output out on paper (the arithmetic is in each test's docstring). Nothing is read from ``data/``: a test over
``planted_model()`` runs the real :class:`AccessModel` (facts, statuses, finder, costs) on these rows only, so
it is fast enough for mutation testing and cannot pass while the model drifts.

Tables (the shared rows; a test overrides any table with ``planted_model(prices=...)``):

- countries: GBR, IND, BRA, AIA, DEU, FRA, USA, JPN with WHO region and World Bank income group (the map draws
  the geometry's 237 countries; the others have no region or income group).
- drugs: lenalidomide "Lenalidomide (R)", dexamethasone "Dexamethasone (d)", x "Drug X", y (no label: its id).
- regimens: Rd = lenalidomide + dexamethasone, with a 28-day dose (lenalidomide 25 mg x 21, dexamethasone 40 mg x 4).
- prices: GBR lenalidomide GBP 2,100 / (25 mg x 21), GBR dexamethasone GBP 10 / (2 mg x 50), IND lenalidomide
  INR 21,000 / (25 mg x 21); all from source ``px1`` ("Planted price list 2023").
- fx_rates: GBP 1.25 (2023, WDI) and 1.34 (2026-10-30, ECB); INR 0.012 (2023).
- country_indicators: PPP factors GBR 0.4/0.5/0.6 (2022-2024), GDP per capita GBR 48,000 and IND 2,400 (2025),
  GLOBOCAN 2022 new cases GBR 6,757, IND 12,923, BRA 5,656 and REU 50 (Réunion: not on the map).
- country_currency: GBR GBP, IND INR, BRA BRL.
- jurisdiction_members: EUR = DEU, FRA.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from myeloma_access.loaders import Dataset, empty_table, validate_frame
from myeloma_access.model import AccessModel
from myeloma_access.schema import SCHEMAS

TODAY = date(2026, 11, 24)
AS_OF = "2026-11-24"


def table(name: str, rows: pd.DataFrame | list[dict] | None = None) -> pd.DataFrame:
    """Rows as table ``name``: every schema column in schema order, a missing value as None, ``as_of`` filled."""
    columns = list(SCHEMAS[name].columns)
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or []))
    if "as_of" in columns and len(frame) and "as_of" not in frame:
        frame["as_of"] = AS_OF
    extra = [c for c in frame.columns if c not in columns]
    assert not extra, f"{name}: columns not in the schema: {extra}"
    if not len(frame):
        return empty_table(name)
    frame = frame.reindex(columns=columns).reset_index(drop=True)
    return validate_frame(name, frame.astype(object).where(frame.notna(), None))


COUNTRIES = pd.DataFrame(
    [
        ("GBR", "United Kingdom", "EUR", "H"),
        ("IND", "India", "SEAR", "LM"),
        ("BRA", "Brazil", "AMR", "UM"),
        ("AIA", "Anguilla", "AMR", None),
        ("DEU", "Germany", "EUR", "H"),
        ("FRA", "France", "EUR", "H"),
        ("USA", "United States", "AMR", "H"),
        ("JPN", "Japan", "WPR", "H"),
    ],
    columns=["iso3", "name", "who_region", "income_group"],
)
DRUGS = pd.DataFrame(
    [
        ("lenalidomide", "Lenalidomide (R)", "Immunomodulatory drug", "Immunomodulatory drugs", "oral", "true", "len"),
        ("dexamethasone", "Dexamethasone (d)", "Corticosteroid", "Corticosteroids", "oral", "false", None),
        ("x", "Drug X", "Test class", "Test drugs", "IV", "false", None),
        ("y", "y", "Test class", "Test drugs", "IV", "false", None),
    ],
    columns=["drug_id", "label", "drug_class", "class_group", "route", "core", "refractory_axis"],
).assign(inn=lambda d: d["drug_id"], source_id="s_drugs")
SOURCES = pd.DataFrame(
    [
        ("px1", "Planted price list 2023", "https://example.org/px1", "payer"),
        ("s_us", "FDA letter", "https://fda.example/letter", "regulator"),
        ("s_gb", "NICE TA", "https://nice.example/ta", "payer"),
        ("s_ema", "EMA", "https://ema.example/epar", "regulator"),
        ("wdi", "World Bank WDI", "https://data.example/wdi", "dataset"),
        ("ecb", "ECB reference rates", "https://ecb.example/fx", "dataset"),
        ("s_drugs", "Planted drug list", "https://example.org/drugs", "organisation"),
    ],
    columns=["source_id", "citation", "url", "source_type"],
).assign(publisher="Planted", accessed=AS_OF, licence="test data")
FX = pd.DataFrame(
    [("GBP", 1.25, "2023", "wdi"), ("GBP", 1.34, "2026-10-30", "ecb"), ("INR", 0.012, "2023", "wdi")],
    columns=["currency", "usd_per_unit", "date", "source_id"],
)
REGIMENS = pd.DataFrame([("rd", "Rd", "Lenalidomide + dexamethasone")], columns=["regimen_id", "abbreviation", "name"])
REGIMEN_DRUGS = pd.DataFrame([("rd", "lenalidomide"), ("rd", "dexamethasone")], columns=["regimen_id", "drug_id"])
DOSES = pd.DataFrame(
    [("rd", "lenalidomide", "oral", 25, "mg", 21, "all"), ("rd", "dexamethasone", "oral", 40, "mg", 4, "all")],
    columns=["regimen_id", "drug_id", "route", "dose", "dose_unit", "administrations_per_28d", "cycle_phase"],
).assign(source_id="s_drugs")
PRICES = pd.DataFrame(
    [
        ("gbr_len", "GBR", "lenalidomide", "oral", "Len 25 mg x21", 25, 21, 2100.0, "GBP", "list", "2023-08", "px1"),
        ("gbr_dex", "GBR", "dexamethasone", "oral", "Dex 2 mg x50", 2, 50, 10.0, "GBP", "list", "2023-08", "px1"),
        ("ind_len", "IND", "lenalidomide", "oral", "Len 25 mg x21", 25, 21, 21000.0, "INR", "MRP", "2023-01", "px1"),
    ],
    columns=[
        "price_id",
        "iso3",
        "drug_id",
        "route",
        "product",
        "strength_mg",
        "units_per_pack",
        "pack_price",
        "currency",
        "price_type",
        "price_date",
        "source_id",
    ],
).assign(confidence="verified")
INDICATORS = pd.DataFrame(
    [
        ("GBR", "ppp_conversion_factor", 0.4, 2022),
        ("GBR", "ppp_conversion_factor", 0.5, 2023),
        ("GBR", "ppp_conversion_factor", 0.6, 2024),
        ("GBR", "gdp_per_capita_usd", 48000.0, 2025),
        ("IND", "gdp_per_capita_usd", 2400.0, 2025),
        ("GBR", "mm_new_cases", 6757.0, 2022),
        ("IND", "mm_new_cases", 12923.0, 2022),
        ("BRA", "mm_new_cases", 5656.0, 2022),
        ("REU", "mm_new_cases", 50.0, 2022),
    ],
    columns=["iso3", "indicator", "value", "year"],
).assign(source_id="wdi", unit=lambda d: d["indicator"])
CURRENCY = pd.DataFrame([("GBR", "GBP"), ("IND", "INR"), ("BRA", "BRL")], columns=["iso3", "currency"]).assign(
    source_id="wdi"
)
MEMBERS = pd.DataFrame([("EUR", "DEU"), ("EUR", "FRA")], columns=["jurisdiction", "iso3"]).assign(source_id="s_ema")


def planted_tables(**overrides: pd.DataFrame | list[dict]) -> dict[str, pd.DataFrame]:
    """Every table of the schema: the planted rows above, empty otherwise; ``overrides`` replace whole tables."""
    base: dict[str, pd.DataFrame | list[dict]] = {
        "countries": COUNTRIES,
        "drugs": DRUGS,
        "sources": SOURCES,
        "fx_rates": FX,
        "regimens": REGIMENS,
        "regimen_drugs": REGIMEN_DRUGS,
        "regimen_doses": DOSES,
        "prices": PRICES,
        "country_indicators": INDICATORS,
        "country_currency": CURRENCY,
        "jurisdiction_members": MEMBERS,
    }
    base.update(overrides)
    return {name: table(name, base.get(name)) for name in SCHEMAS}


def planted_dataset(**overrides: pd.DataFrame | list[dict]) -> Dataset:
    return Dataset(planted_tables(**overrides))


def planted_model(today: date = TODAY, **overrides: pd.DataFrame | list[dict]) -> AccessModel:
    """The real :class:`AccessModel` over the planted dataset (``overrides`` replace whole tables)."""
    return AccessModel(planted_dataset(**overrides), today=today)
