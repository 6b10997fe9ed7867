"""Cross-table checks of the evidence-layer tables (runtime; the importers live in ``importers/``)."""

from __future__ import annotations


def check_layers(ds) -> list[str]:
    """Cross-table problems of the layer tables: unknown iso3, drug_id or source_id (empty = fine)."""
    problems = []
    countries = set(ds.countries["iso3"])
    drugs = set(ds.drugs["drug_id"])
    sources = set(ds.sources["source_id"])
    tables = (
        "national_eml",
        "register_facts",
        "country_indicators",
        "fx_rates",
        "prices",
        "country_currency",
        "name_map_gem",
        "name_map_products",
    )
    for name in tables:
        df = ds.tables.get(name)
        if df is None or df.empty:
            continue
        for col, known, what in (
            ("iso3", countries, "countries.csv"),
            ("drug_id", drugs, "drugs.csv"),
            ("source_id", sources, "sources"),
        ):
            if col in df:
                bad = sorted(set(df[col].dropna()) - known)
                if bad:
                    problems.append(f"{name}: {col} not in {what}: {bad[:20]}")
    eml = ds.tables.get("national_eml")
    if eml is not None and len(eml):
        thal = eml[(eml["drug_id"] == "thalidomide") & ~eml["note"].fillna("").str.contains("leprosy")]
        if len(thal):
            problems.append(f"national_eml: {len(thal)} thalidomide rows without the leprosy caveat")
    return problems
