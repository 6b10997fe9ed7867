"""Kenya Essential Medicines List 2023 (Ministry of Health), as extracted tables -> ``national_eml`` rows.

Citation, repository copy and hash: ``ke_eml.json`` beside this module.

One ``listed = yes`` row per drug of ours named on the list (``Name of Medicine`` with its footnote
marks removed, mapped through ``data/name_map_products.csv``, register ``ke_eml``), ``list_year`` 2023.
Drugs not found get no row: the tables are a third party's extraction, so absence is not asserted. A
listing is a government's commitment to public-sector supply, not funding and not availability.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .common import _product_map, checked, source_meta

_META = source_meta("ke_eml")
KE_EML_SOURCE_ID = _META["source_id"]
KE_EML_AS_OF = _META["as_of"]
KE_EML_FILE = "ke_eml_2023/keml_2023_extracted.xlsx"


def read_keml(shared: Path | str) -> pd.DataFrame:
    df = pd.read_excel(checked(shared, KE_EML_FILE), sheet_name="Append1", dtype=str).fillna("")
    assert list(df.columns) == ["Name of Medicine", "Dose-form", "Strength / Size"], "KEML extract layout changed"
    df = df.apply(lambda s: s.str.replace(r"\s+", " ", regex=True).str.strip())
    return df.assign(
        name=df["Name of Medicine"].map(lambda n: re.sub(r"\^\{\d+\}", "", n).strip()),
        form=df["Dose-form"].map(lambda n: re.sub(r"\^\{\d+\}", "", n).strip()),
    )


def import_ke_eml(shared: Path | str, name_map: pd.DataFrame) -> pd.DataFrame:
    df = read_keml(shared)
    products = _product_map(name_map, "ke_eml")
    df = df.assign(drug_id=df["name"].str.lower().map(products))
    rows = []
    for drug, g in df[df["drug_id"].notna()].groupby("drug_id", sort=True):
        forms = "; ".join(sorted(set(g["form"] + " " + g["Strength / Size"])))
        note = (
            f"On the Kenya Essential Medicines List 2023 ({forms}): a commitment to public-sector supply, not "
            "evidence of availability or funding"
        )
        if drug == "thalidomide":
            note += "; the list gives no indication here (thalidomide listings may be for leprosy)"
        rows.append(
            {
                "iso3": "KEN",
                "drug_id": drug,
                "listed": "yes",
                "list_year": 2023,
                "medicine_name": g["name"].iloc[0],
                "note": note,
                "source_id": KE_EML_SOURCE_ID,
                "as_of": KE_EML_AS_OF,
            }
        )
    return pd.DataFrame(rows)
