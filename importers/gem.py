"""GEM national essential medicines lists (137 lists, collected June 2017) -> ``national_eml``.

Citation, repository copy and hashes: ``gem.json`` beside this module."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import _product_map, checked, source_meta

_META = source_meta("gem")
GEM_SOURCE_ID = _META["source_id"]
GEM_AS_OF = _META["as_of"]  # date of the intermediary commit rp-ghd/rp-who-eml@3d6db48; lists collected June 2017

GEM_XLSX = "gem_neml_2017/products_eml.xlsx"
GEM_META = "gem_neml_2017/gem_neml_country_meta.csv"


def build_gem_name_map(shared: Path | str) -> pd.DataFrame:
    """GEM country names -> ISO3 with hdx-python-country (exact name, else its fuzzy matcher).

    Run once and commit the result as ``data/name_map_gem.csv``; the importer reads the file.
    """
    from hdx.location.country import Country

    meta = pd.read_csv(checked(shared, GEM_META), dtype=str, keep_default_na=False)
    rows = []
    for name in meta["country"]:
        iso3 = Country.get_iso3_country_code(name, use_live=False)
        method = "hdx-python-country exact name"
        if not iso3:
            iso3, _exact = Country.get_iso3_country_code_fuzzy(name, use_live=False)
            method = "hdx-python-country fuzzy match (checked by hand)"
        if not iso3:
            raise ValueError(f"GEM country {name!r} has no ISO3 match")
        rows.append({"gem_country": name, "iso3": iso3, "method": method})
    return pd.DataFrame(rows)


def import_gem(shared: Path | str, name_map_gem: pd.DataFrame, name_map: pd.DataFrame) -> pd.DataFrame:
    """One row per (GEM country, drug of ours present in the GEM matrix).

    Cells are 0/1: 1 -> ``listed`` yes, 0 -> no ("not on that list", never "not available").
    ``list_year`` is the national list's own year (``gem_neml_country_meta.csv``).
    """
    matrix = pd.read_excel(checked(shared, GEM_XLSX))
    meta = pd.read_csv(checked(shared, GEM_META), dtype=str, keep_default_na=False)
    countries = [c for c in matrix.columns if c not in ("Product", "WHO EML")]
    assert len(countries) == 137 and set(countries) == set(meta["country"]), "GEM countries changed"
    values = set(pd.unique(matrix[countries].to_numpy().ravel()))
    assert values <= {0, 1}, f"GEM cells are not 0/1: {values}"
    iso = dict(zip(name_map_gem["gem_country"], name_map_gem["iso3"]))
    missing = sorted(set(countries) - set(iso))
    assert not missing, f"GEM countries without ISO3 in name_map_gem.csv: {missing}"
    year = dict(zip(meta["country"], meta["neml_year"].astype(int)))
    products = _product_map(name_map, "gem_neml")
    matrix = matrix.copy()
    matrix["drug_id"] = matrix["Product"].str.strip().str.lower().map(products)
    ours = matrix[matrix["drug_id"].notna()]
    assert ours["drug_id"].is_unique, "two GEM products map to one drug"
    rows = []
    for _, prod in ours.iterrows():
        for country in countries:
            listed = int(prod[country]) == 1
            y = year[country]
            note = (
                f"On the national EML of {y}: a commitment to public-sector supply, not evidence of availability"
                if listed
                else f"Not on the national EML of {y} (not evidence of unavailability)"
            )
            if prod["drug_id"] == "thalidomide":
                note += "; thalidomide listings are very likely for leprosy (no indication in the data)"
            rows.append(
                {
                    "iso3": iso[country],
                    "drug_id": prod["drug_id"],
                    "listed": "yes" if listed else "no",
                    "list_year": y,
                    "medicine_name": prod["Product"],
                    "note": note,
                    "source_id": GEM_SOURCE_ID,
                    "as_of": GEM_AS_OF,
                }
            )
    return pd.DataFrame(rows).sort_values(["drug_id", "iso3"]).reset_index(drop=True)
