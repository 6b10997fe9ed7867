"""Cross-table checks on the evidence base (run by ``scripts/validate_data.py`` and tests).

Schemas (types, allowed values, required source and as-of) are checked on load; this
module checks what spans tables: referential integrity, joins to the geometry, and
contradicting duplicate facts.
"""

from __future__ import annotations

import pandas as pd

from .availability import build_facts
from .loaders import Dataset

FACT_TABLES_WITH_SOURCE = [
    "drugs",
    "jurisdiction_members",
    "ema_authorisations",
    "who_eml",
    "regulatory_events",
    "country_facts",
    "register_facts",
    "guidelines",
    "guidance_gaps",
    "regimen_recommendations",
    "regimen_doses",
    "prices",
    "reported_costs",
    "who_regions",
    "fx_rates",
    "country_indicators",
    "imwg_members",
    "imwg_rosters",
]


def _missing(values: pd.Series, allowed: set[str]) -> list[str]:
    return sorted(set(values.dropna()) - allowed)


def check_dataset(ds: Dataset, geometry_ids: set[str]) -> list[str]:
    """Return a list of human-readable problems (empty when the data is consistent)."""
    problems: list[str] = []
    source_ids = set(ds.sources["source_id"])
    for name in FACT_TABLES_WITH_SOURCE:
        bad = _missing(ds.tables[name]["source_id"], source_ids)
        if bad:
            problems.append(f"{name}: unknown source_id {bad}")
    for col in ("who_region_source_id", "income_group_source_id"):
        bad = _missing(ds.countries[col], source_ids)
        if bad:
            problems.append(f"countries.{col}: unknown source_id {bad}")
    bad = _missing(ds.regimens["result_source_id"], source_ids)
    if bad:
        problems.append(f"regimens.result_source_id: unknown source_id {bad}")
    log = ds.tables["search_log"]
    bad = _missing(log["source_ids"].dropna().str.split().explode(), source_ids)
    if bad:
        problems.append(f"search_log.source_ids: unknown source_id {bad}")
    found_without = log[(log["result"] == "found") & log["source_ids"].isna()]
    if len(found_without):
        problems.append(f"search_log: {len(found_without)} 'found' rows name no source")

    drug_ids = set(ds.drugs["drug_id"])
    for name in (
        "ema_authorisations",
        "who_eml",
        "regulatory_events",
        "country_facts",
        "register_facts",
        "regimen_drugs",
        "regimen_doses",
        "prices",
        "reported_costs",
        "drug_aliases",
        "search_log",
    ):
        bad = _missing(ds.tables[name]["drug_id"], drug_ids)
        if bad:
            problems.append(f"{name}: unknown drug_id {bad}")

    country_ids = set(ds.countries["iso3"])
    jurisdictions = set(ds.jurisdiction_members["jurisdiction"])
    for name, col in (
        ("country_facts", "iso3"),
        ("register_facts", "iso3"),
        ("prices", "iso3"),
        ("country_indicators", "iso3"),
        ("imwg_members", "iso3"),
        ("jurisdiction_members", "iso3"),
    ):
        if name != "country_indicators":  # reference data may cover territories too small for the map
            bad = _missing(ds.tables[name][col], geometry_ids)
            if bad:
                problems.append(f"{name}: countries not in the map geometry {bad}")
        bad = _missing(ds.tables[name][col], country_ids)
        if bad:
            problems.append(f"{name}: countries not in countries.csv {bad}")
    bad = _missing(ds.regulatory_events["jurisdiction"], geometry_ids | jurisdictions)
    if bad:
        problems.append(f"regulatory_events: jurisdiction neither a mapped country nor a region {bad}")
    missing_names = sorted(geometry_ids - country_ids)
    if missing_names:
        problems.append(f"countries.csv lacks map countries {missing_names}")

    regimen_ids = set(ds.regimens["regimen_id"])
    for name in ("regimen_drugs", "regimen_recommendations", "regimen_doses"):
        bad = _missing(ds.tables[name]["regimen_id"], regimen_ids)
        if bad:
            problems.append(f"{name}: unknown regimen_id {bad}")
    no_drugs = sorted(regimen_ids - set(ds.regimen_drugs["regimen_id"]))
    if no_drugs:
        problems.append(f"regimens without drugs: {no_drugs}")
    bad = _missing(ds.regimen_recommendations["setting_id"], set(ds.settings["setting_id"]))
    if bad:
        problems.append(f"regimen_recommendations: unknown setting_id {bad}")
    bad = _missing(ds.regimen_recommendations["guideline_id"], set(ds.guidelines["guideline_id"]))
    if bad:
        problems.append(f"regimen_recommendations: unknown guideline_id {bad}")
    duplicated = ds.sources["source_id"][ds.sources["source_id"].duplicated()]
    if len(duplicated):
        problems.append(f"sources: source_id used twice across sources*.csv {sorted(set(duplicated))}")
    for name in ("country_facts", "register_facts"):
        table = ds.tables[name]
        silent = table[table["authorisation"].isna() & table["funding"].isna()]
        if len(silent):
            problems.append(
                f"{name}: rows that state neither authorisation nor funding (rows "
                f"{', '.join(str(i + 1) for i in silent.index[:10])})"
            )

    bad = _missing(ds.prices["currency"], set(ds.fx_rates["currency"]) | {"USD"})
    if bad:
        problems.append(f"prices: currencies without a cited exchange rate {bad}")

    facts = build_facts(
        ds.ema_authorisations, ds.regulatory_events, ds.jurisdiction_members, ds.country_facts, ds.register_facts
    )
    facts = facts.assign(_key=facts["date"].where(facts["date"].notna(), facts["as_of"]))
    for dim in ("authorisation", "funding"):
        sub = facts[facts[dim].notna()]
        clash = sub.groupby(["iso3", "drug_id", "_key", "basis", "as_of"])[dim].nunique()
        clash = clash[clash > 1]
        if len(clash):
            problems.append(
                f"contradicting {dim} facts with the same date, basis and as-of (no rule decides which wins): "
                + ", ".join("/".join(map(str, k[:4])) for k in clash.index[:20])
            )
    from .layer_checks import check_layers

    problems.extend(check_layers(ds))
    return problems
