"""validate.check_dataset over the planted dataset of tests/fixtures.py: each test plants one defect and pins the
exact sentences it gives (and that nothing else is reported). Fast: nothing is read from ``data/``.

The baseline is the planted dataset without its Réunion indicator row (REU is not in the planted countries.csv),
checked against a map of the eight planted countries: it has no problems. Tables the fixture leaves empty
(country facts, search log, guidelines, ...) get rows here, each written out in full below.
"""

from __future__ import annotations

import pandas as pd
import pytest

from myeloma_access.loaders import Dataset
from myeloma_access.validate import check_dataset
from tests.fixtures import AS_OF, COUNTRIES, DRUGS, INDICATORS, REGIMENS, SOURCES, planted_dataset, planted_tables

# The map of the planted world: exactly the eight planted countries.
MAP = frozenset(COUNTRIES["iso3"])
# The planted indicators without REU (Réunion: in the GLOBOCAN rows, not in countries.csv).
MAPPED_INDICATORS = INDICATORS[INDICATORS["iso3"] != "REU"]

# A country fact (as_of is filled by tests.fixtures.table: 2026-11-24).
FACT = {
    "iso3": "GBR",
    "drug_id": "lenalidomide",
    "authorisation": "approved",
    "date": "2020",
    "confidence": "stated",
    "source_id": "s_gb",
}
SILENT = {**FACT, "authorisation": None}  # states neither authorisation nor funding
SETTING = {
    "setting_id": "rrmm_1_3",
    "label": "1-3 prior lines",
    "prior_lines": "1-3",
    **dict.fromkeys(("len_refractory", "pi_refractory", "cd38_refractory", "pom_refractory"), "any"),
    **dict.fromkeys(("len_exposed", "pi_exposed", "cd38_exposed", "prior_bcma", "t11_14"), "any"),
}
GUIDELINE = {
    "guideline_id": "imwg_2021",
    "label": "IMWG 2021",
    "kind": "consensus_guideline",
    "year": "2021",
    "description": "Planted guideline",
    "source_id": "s_gb",
}
RECOMMENDATION = {
    "guideline_id": "imwg_2021",
    "setting_id": "rrmm_1_3",
    "regimen_id": "rd",
    "category": "preferred",
    "rank": 1,
    "source_id": "s_gb",
}
EVENT = {
    "jurisdiction": "EUR",
    "agency": "EMA",
    "drug_id": "lenalidomide",
    "event": "approved",
    "date": "2021",
    "confidence": "verified",
    "source_id": "s_ema",
}
SEARCH = {
    "iso3": "IND",
    "drug_id": "lenalidomide",
    "searched_on": "2026-11-01",
    "searched": "CDSCO register",
    "result": "found",
    "source_ids": "px1",
}
CLASH = "contradicting authorisation facts with the same date, basis and as-of (no rule decides which wins): "


def planted(**overrides) -> Dataset:
    """The consistent planted dataset, with whole tables replaced by ``overrides``."""
    return planted_dataset(**{"country_indicators": MAPPED_INDICATORS, **overrides})


def problems(geometry=MAP, **overrides) -> list[str]:
    return check_dataset(planted(**overrides), set(geometry))


def test_the_planted_dataset_is_consistent():
    """Every table with rows, the guidance tables included (one setting, one guideline, one recommendation,
    one EU approval, one search-log row, one country fact), passes every cross-table check."""
    assert (
        problems(
            settings=[SETTING],
            guidelines=[GUIDELINE],
            regimen_recommendations=[RECOMMENDATION],
            regulatory_events=[EVENT],
            search_log=[SEARCH],
            country_facts=[FACT],
        )
        == []
    )


def test_an_indicator_for_a_territory_off_the_map_is_fine_if_countries_csv_lists_it():
    """Réunion is in countries.csv but not on the map: reference data may cover it (no geometry check)."""
    countries = pd.concat([COUNTRIES, pd.DataFrame([{"iso3": "REU", "name": "Réunion"}])])
    assert problems(countries=countries, country_indicators=INDICATORS) == []


def test_an_indicator_for_a_code_countries_csv_lacks_is_reported_twice():
    """The fixture's own REU row: not in countries.csv (validate), and iso3 unknown (check_layers, appended last);
    never 'not in the map geometry' although REU is not on the map either."""
    assert problems(country_indicators=INDICATORS) == [
        "country_indicators: countries not in countries.csv ['REU']",
        "country_indicators: iso3 not in countries.csv: ['REU']",
    ]


def test_unknown_source_ids_of_a_fact_table_are_listed_sorted():
    """Drugs x and y cite zz_b and zz_a (no such sources) -> one sentence, the ids sorted."""
    drugs = DRUGS.assign(source_id=["s_drugs", "s_drugs", "zz_b", "zz_a"])
    assert problems(drugs=drugs) == ["drugs: unknown source_id ['zz_a', 'zz_b']"]


def test_an_evidence_layer_with_an_unknown_source_is_reported_by_both_checks():
    """fx_rates is a fact table and an evidence layer: validate, then check_layers, each in its own words."""
    fx = [{"currency": "GBP", "usd_per_unit": 1.25, "date": "2023", "source_id": "zz"}]
    fx += [{"currency": "INR", "usd_per_unit": 0.012, "date": "2023", "source_id": "wdi"}]
    assert problems(fx_rates=fx) == [
        "fx_rates: unknown source_id ['zz']",
        "fx_rates: source_id not in sources: ['zz']",
    ]


@pytest.mark.parametrize(
    "column, message",
    [
        ("who_region_source_id", "countries.who_region_source_id: unknown source_id ['zz1']"),
        ("income_group_source_id", "countries.income_group_source_id: unknown source_id ['zz1']"),
    ],
)
def test_a_country_classification_citing_an_unknown_source(column, message):
    """GBR's region (or income group) cites zz1; the other seven countries cite nothing (an empty cell is fine)."""
    countries = COUNTRIES.assign(**{column: ["zz1"] + [None] * 7})
    assert problems(countries=countries) == [message]


def test_a_regimen_result_citing_an_unknown_source():
    regimens = REGIMENS.assign(result_source_id="zz3")
    assert problems(regimens=regimens) == ["regimens.result_source_id: unknown source_id ['zz3']"]


def test_a_search_log_row_citing_an_unknown_source():
    """source_ids is space-separated: 'px1 zz_log' -> px1 is known, zz_log is not."""
    assert problems(search_log=[{**SEARCH, "source_ids": "px1 zz_log"}]) == [
        "search_log.source_ids: unknown source_id ['zz_log']"
    ]


def test_found_search_log_rows_must_name_a_source():
    """Two 'found' rows without sources are counted; a 'nothing_public' row without one is fine."""
    rows = [
        {**SEARCH, "source_ids": None},
        {**SEARCH, "iso3": "GBR", "source_ids": None},
        {**SEARCH, "iso3": "BRA", "result": "nothing_public", "source_ids": None},
    ]
    assert problems(search_log=rows) == ["search_log: 2 'found' rows name no source"]


def test_an_unknown_drug_id():
    assert problems(drug_aliases=[{"alias": "asa", "drug_id": "aspirin"}]) == [
        "drug_aliases: unknown drug_id ['aspirin']"
    ]


def test_a_country_fact_for_a_code_neither_on_the_map_nor_in_countries_csv():
    assert problems(country_facts=[{**FACT, "iso3": "ZZZ"}]) == [
        "country_facts: countries not in the map geometry ['ZZZ']",
        "country_facts: countries not in countries.csv ['ZZZ']",
    ]


def test_a_listed_country_the_map_lacks():
    """A map without France: the EU membership row for FRA cannot be drawn (FRA is still in countries.csv)."""
    assert problems(geometry=MAP - {"FRA"}) == ["jurisdiction_members: countries not in the map geometry ['FRA']"]


def test_a_regulatory_event_of_an_unknown_jurisdiction():
    """EUR is a region (jurisdiction_members) and GBR a mapped country; ZZZ is neither."""
    rows = [EVENT, {**EVENT, "jurisdiction": "GBR"}, {**EVENT, "jurisdiction": "ZZZ"}]
    assert problems(regulatory_events=rows) == [
        "regulatory_events: jurisdiction neither a mapped country nor a region ['ZZZ']"
    ]


def test_map_countries_missing_from_countries_csv_are_listed_sorted():
    assert problems(geometry=MAP | {"QQB", "QQA"}) == ["countries.csv lacks map countries ['QQA', 'QQB']"]


def test_a_dose_of_an_unknown_regimen():
    dose = {
        "regimen_id": "zz_regimen",
        "drug_id": "lenalidomide",
        "route": "oral",
        "dose": 25,
        "dose_unit": "mg",
        "administrations_per_28d": 21,
        "cycle_phase": "all",
        "source_id": "s_drugs",
    }
    assert problems(regimen_doses=[dose]) == ["regimen_doses: unknown regimen_id ['zz_regimen']"]


def test_a_regimen_without_drugs():
    lonely = pd.concat([REGIMENS, pd.DataFrame([{"regimen_id": "lonely", "abbreviation": "L", "name": "Lonely"}])])
    assert problems(regimens=lonely) == ["regimens without drugs: ['lonely']"]


def test_a_recommendation_for_an_unknown_setting():
    assert problems(
        settings=[SETTING],
        guidelines=[GUIDELINE],
        regimen_recommendations=[{**RECOMMENDATION, "setting_id": "zz_setting"}],
    ) == ["regimen_recommendations: unknown setting_id ['zz_setting']"]


def test_a_recommendation_from_an_unknown_guideline():
    assert problems(
        settings=[SETTING],
        guidelines=[GUIDELINE],
        regimen_recommendations=[{**RECOMMENDATION, "guideline_id": "zz_guide"}],
    ) == ["regimen_recommendations: unknown guideline_id ['zz_guide']"]


def test_a_source_id_used_twice_is_named_once():
    """sources.csv and a sources_<area>.csv both define px1 (twice more) and ecb: the schema of one file cannot
    see it, so the tables are joined here without it -> each id once, sorted."""
    sources = pd.concat([SOURCES, SOURCES.iloc[[0, 5, 0]]], ignore_index=True)
    ds = Dataset({**planted_tables(country_indicators=MAPPED_INDICATORS), "sources": sources})
    assert check_dataset(ds, set(MAP)) == ["sources: source_id used twice across sources*.csv ['ecb', 'px1']"]


def test_rows_stating_neither_authorisation_nor_funding_list_at_most_ten():
    """Row 1 states an authorisation; rows 2..13 (twelve) state nothing -> the first ten, 1-based: rows 2..11."""
    rows = [FACT] + [{**SILENT, "date": str(2000 + i)} for i in range(12)]
    assert problems(country_facts=rows) == [
        "country_facts: rows that state neither authorisation nor funding (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)"
    ]


def test_a_register_fact_stating_nothing():
    assert problems(register_facts=[SILENT]) == [
        "register_facts: rows that state neither authorisation nor funding (rows 1)"
    ]


def _price(currency: str) -> dict:
    return {
        "price_id": f"gbr_x_{currency.lower()}",
        "iso3": "GBR",
        "drug_id": "x",
        "route": "IV",
        "product": "X 100 mg",
        "strength_mg": 100,
        "units_per_pack": 1,
        "pack_price": 500.0,
        "currency": currency,
        "price_type": "list",
        "price_date": "2023",
        "confidence": "verified",
        "source_id": "px1",
    }


def test_a_price_in_dollars_needs_no_exchange_rate():
    assert problems(prices=[_price("USD")]) == []


def test_a_price_in_a_currency_without_an_exchange_rate():
    """fx_rates has GBP and INR only."""
    assert problems(prices=[_price("XYZ")]) == ["prices: currencies without a cited exchange rate ['XYZ']"]


def test_contradicting_authorisation_facts_name_the_key():
    """GBR lenalidomide 2020, as of 2026-11-24: approved and not_approved -> one clash, keyed
    iso3/drug_id/date/basis."""
    rows = [FACT, {**FACT, "authorisation": "not_approved"}]
    assert problems(country_facts=rows) == [CLASH + "GBR/lenalidomide/2020/country_fact"]


def test_agreeing_facts_or_facts_of_another_as_of_date_do_not_clash():
    assert problems(country_facts=[FACT, FACT]) == []
    other_day = [{**FACT, "as_of": AS_OF}, {**FACT, "authorisation": "not_approved", "as_of": "2026-11-23"}]
    assert problems(country_facts=other_day) == []


def test_contradicting_funding_facts():
    funded = {**FACT, "authorisation": None, "funding": "funded"}
    assert problems(country_facts=[funded, {**funded, "funding": "not_funded"}]) == [
        "contradicting funding facts with the same date, basis and as-of (no rule decides which wins): "
        "GBR/lenalidomide/2020/country_fact"
    ]


def test_contradicting_register_facts():
    """Register facts are facts too (basis 'register'); approved and withdrawn on one date clash."""
    rows = [FACT, {**FACT, "authorisation": "withdrawn"}]
    assert problems(register_facts=rows) == [CLASH + "GBR/lenalidomide/2020/register"]


def test_undated_contradicting_facts_clash_under_their_as_of_date():
    undated = {**FACT, "date": None}
    assert problems(country_facts=[undated, {**undated, "authorisation": "not_approved"}]) == [
        CLASH + "GBR/lenalidomide/2026-11-24/country_fact"
    ]


def test_contradictions_list_at_most_twenty_keys():
    """21 contradicting pairs (dates 2001..2021) -> the first 20 keys in date order, joined by ', '."""
    rows = [
        r
        for y in range(2001, 2022)
        for r in ({**FACT, "date": str(y)}, {**FACT, "date": str(y), "authorisation": "not_approved"})
    ]
    keys = ", ".join(f"GBR/lenalidomide/{y}/country_fact" for y in range(2001, 2021))
    assert problems(country_facts=rows) == [CLASH + keys]
