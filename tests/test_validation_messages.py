"""validate.check_dataset: each planted inconsistency gives exactly one known sentence, and nothing else
(tests/test_data.py only checks that *some* problem mentions a keyword). The shipped data is the baseline
(no problems); each test changes a copy of one or two tables in memory."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from myeloma_access.geometry import geometry_ids
from myeloma_access.loaders import Dataset, load_dataset
from myeloma_access.validate import check_dataset


@functools.lru_cache(maxsize=1)
def _shipped():
    return load_dataset(), geometry_ids()


@pytest.fixture(scope="module")
def base():
    ds, geo = _shipped()
    assert check_dataset(ds, geo) == []
    return ds, geo


def planted(ds: Dataset, **extra_rows) -> Dataset:
    """A copy of ``ds`` with rows appended: table=[{col: value}, ...] (other columns copied from row 0)."""
    tables = dict(ds.tables)
    for name, rows in extra_rows.items():
        t = tables[name]
        new = pd.DataFrame([{**t.iloc[0].to_dict(), **r} for r in rows])
        tables[name] = pd.concat([t, new], ignore_index=True)
    return Dataset(tables)


def check(base, **extra_rows):
    ds, geo = base
    return check_dataset(planted(ds, **extra_rows), geo)


def test_unknown_source_ids_table_by_table(base):
    assert check(base, country_facts=[{"source_id": "zz_b"}, {"source_id": "zz_a"}, {"source_id": None}]) == [
        "country_facts: unknown source_id ['zz_a', 'zz_b']"
    ]
    # fx_rates is also an evidence layer: check_layers (appended last) reports it in its own words
    assert check(base, fx_rates=[{"source_id": "zz"}]) == [
        "fx_rates: unknown source_id ['zz']",
        "fx_rates: source_id not in sources: ['zz']",
    ]
    assert check(base, imwg_rosters=[{"source_id": "zz"}]) == ["imwg_rosters: unknown source_id ['zz']"]


def test_unknown_country_and_regimen_source_ids(base):
    ds, geo = base
    c = ds.countries.copy()
    c.loc[0, "who_region_source_id"] = "zz1"
    c.loc[1, "income_group_source_id"] = "zz2"
    r = ds.regimens.copy()
    r.loc[0, "result_source_id"] = "zz3"
    assert check_dataset(Dataset({**ds.tables, "countries": c, "regimens": r}), geo) == [
        "countries.who_region_source_id: unknown source_id ['zz1']",
        "countries.income_group_source_id: unknown source_id ['zz2']",
        "regimens.result_source_id: unknown source_id ['zz3']",
    ]


def test_unknown_drug_id(base):
    assert check(base, drug_aliases=[{"drug_id": "aspirin", "alias": "asa"}]) == [
        "drug_aliases: unknown drug_id ['aspirin']"
    ]


def test_country_not_on_the_map_and_not_in_countries(base):
    assert check(base, country_facts=[{"iso3": "ZZZ"}]) == [
        "country_facts: countries not in the map geometry ['ZZZ']",
        "country_facts: countries not in countries.csv ['ZZZ']",
    ]


def test_reference_indicators_may_cover_unmapped_territories_but_not_unknown_codes(base):
    """country_indicators is exempt from the geometry check only."""
    assert check(base, country_indicators=[{"iso3": "ZZZ"}]) == [
        "country_indicators: countries not in countries.csv ['ZZZ']",
        "country_indicators: iso3 not in countries.csv: ['ZZZ']",
    ]  # the second from check_layers


def test_regulatory_event_jurisdiction(base):
    assert check(base, regulatory_events=[{"jurisdiction": "MARS"}]) == [
        "regulatory_events: jurisdiction neither a mapped country nor a region ['MARS']"
    ]


def test_map_country_missing_from_countries_csv(base):
    ds, geo = base
    assert check_dataset(ds, geo | {"QQB", "QQA"}) == ["countries.csv lacks map countries ['QQA', 'QQB']"]


def test_regimen_references(base):
    assert check(base, regimen_doses=[{"regimen_id": "zz_regimen"}]) == [
        "regimen_doses: unknown regimen_id ['zz_regimen']"
    ]
    assert check(base, regimens=[{"regimen_id": "zz_lonely"}]) == ["regimens without drugs: ['zz_lonely']"]
    assert check(base, regimen_recommendations=[{"setting_id": "zz_setting"}]) == [
        "regimen_recommendations: unknown setting_id ['zz_setting']"
    ]
    assert check(base, regimen_recommendations=[{"guideline_id": "zz_guide"}]) == [
        "regimen_recommendations: unknown guideline_id ['zz_guide']"
    ]


def test_source_id_used_twice(base):
    ds, _ = base
    first = ds.sources.iloc[0].to_dict()
    assert check(base, sources=[first, first]) == [
        f"sources: source_id used twice across sources*.csv ['{first['source_id']}']"
    ]


def test_rows_stating_neither_authorisation_nor_funding_list_at_most_ten(base):
    """Appended rows get index n, n+1, ... -> reported as rows n+1, ... (1-based); 12 rows -> the first 10."""
    ds, _ = base
    n = len(ds.country_facts)
    silent = [{"authorisation": None, "funding": None, "date": f"19{i:02d}"} for i in range(12)]
    rows = ", ".join(str(n + 1 + i) for i in range(10))
    assert check(base, country_facts=silent) == [
        f"country_facts: rows that state neither authorisation nor funding (rows {rows})"
    ]


def test_currency_without_an_exchange_rate(base):
    _ds, _ = base
    assert check(base, prices=[{"currency": "USD", "price_id": "zz_usd"}]) == []  # USD needs no rate
    problems = check(base, prices=[{"currency": "XYZ", "price_id": "zz_xyz"}])
    assert "prices: currencies without a cited exchange rate ['XYZ']" in problems


def test_contradicting_facts_name_the_key(base):
    """Two country facts, same country/drug/date/as-of, approved vs not_approved -> one clash, keyed
    iso3/drug_id/date/basis. Same facts agreeing, or on another as-of date, are not a clash."""
    fact = {
        "iso3": "KEN",
        "drug_id": "thalidomide",
        "authorisation": "approved",
        "funding": None,
        "date": "2020",
        "confidence": "reported",
        "as_of": "2026-11-24",
        "note": "planted",
    }
    assert check(base, country_facts=[fact, {**fact, "authorisation": "not_approved"}]) == [
        "contradicting authorisation facts with the same date, basis and as-of (no rule decides which wins): "
        "KEN/thalidomide/2020/country_fact"
    ]
    assert check(base, country_facts=[fact, fact]) == []
    assert check(base, country_facts=[fact, {**fact, "authorisation": "not_approved", "as_of": "2026-11-23"}]) == []
    funding = {**fact, "authorisation": None, "funding": "funded"}
    assert check(base, country_facts=[funding, {**funding, "funding": "not_funded"}]) == [
        "contradicting funding facts with the same date, basis and as-of (no rule decides which wins): "
        "KEN/thalidomide/2020/country_fact"
    ]


def test_contradicting_register_facts_and_undated_facts(base):
    """Register facts are checked too (basis 'register'). An undated fact is keyed by its as-of date, so two
    undated, contradicting facts of one as-of date clash under that date."""
    reg = {
        "iso3": "KEN",
        "drug_id": "thalidomide",
        "authorisation": "approved",
        "funding": None,
        "date": "2020",
        "confidence": "stated",
        "as_of": "2026-11-24",
        "note": "planted",
    }
    assert check(base, register_facts=[reg, {**reg, "authorisation": "withdrawn"}]) == [
        "contradicting authorisation facts with the same date, basis and as-of (no rule decides which wins): "
        "KEN/thalidomide/2020/register"
    ]
    undated = {**reg, "date": None, "confidence": "reported"}
    assert check(base, country_facts=[undated, {**undated, "authorisation": "not_approved"}]) == [
        "contradicting authorisation facts with the same date, basis and as-of (no rule decides which wins): "
        "KEN/thalidomide/2026-11-24/country_fact"
    ]


def test_contradictions_list_at_most_twenty_keys_comma_separated(base):
    """21 contradicting pairs (dates 2001..2021) -> the first 20 keys in key order, joined by ', '."""
    fact = {
        "iso3": "KEN",
        "drug_id": "thalidomide",
        "authorisation": "approved",
        "funding": None,
        "confidence": "reported",
        "as_of": "2026-11-24",
        "note": "planted",
    }
    rows = [
        r
        for y in range(2001, 2022)
        for r in ({**fact, "date": str(y)}, {**fact, "date": str(y), "authorisation": "not_approved"})
    ]
    keys = ", ".join(f"KEN/thalidomide/{y}/country_fact" for y in range(2001, 2021))
    assert check(base, country_facts=rows) == [
        "contradicting authorisation facts with the same date, basis and as-of (no rule decides which wins): " + keys
    ]
