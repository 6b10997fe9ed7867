"""Importers for the official exports in ``../shared/data`` (never copied into the repo).

* EMA "Medicines output: European public assessment reports" (xlsx, 12 March 2023)
* WHO Model List of Essential Medicines, eEML export (24th list, 2025; cp1252, ``;``)

Each importer is a pure function from the file to a tidy table whose rows cite the
publisher's source id and the file's date. Drug names are mapped through
``data/drug_aliases.csv`` (names mapped as data, not code).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

EMA_SOURCE_ID = "ema_epar_report_2023_03_12"
EMA_AS_OF = "2023-03-12"
WHO_SOURCE_ID = "who_eml_2025"
WHO_AS_OF = "2026-05-31"  # export committed upstream on this date (SOURCES.md §2); content = 24th list (2025)

EMA_COLUMNS = {
    "Medicine name": "medicine_name",
    "International non-proprietary name (INN) / common name": "inn",
    "Therapeutic area": "therapeutic_area",
    "Product number": "product_number",
    "Authorisation status": "authorisation_status",
    "Marketing authorisation date": "marketing_authorisation_date",
    "Generic": "generic",
    "Conditional approval": "conditional_approval",
    "Category": "category",
    "URL": "url",
}


def sha256(path: Path | str) -> str:
    """SHA-256 of a file, to pin which vintage an import came from."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_ema_report(path: Path | str) -> pd.DataFrame:
    """Read the EMA EPAR report: 8 banner rows, header on row 9, ~30 used columns."""
    raw = pd.read_excel(path, header=8).dropna(axis=1, how="all")
    missing = set(EMA_COLUMNS) - set(raw.columns)
    assert not missing, f"EMA report columns changed (this vintage lacks {missing}); map them by name"
    return raw[list(EMA_COLUMNS)].rename(columns=EMA_COLUMNS)


def _match_alias(name: str, aliases: dict[str, str]) -> str | None:
    """Map an INN / medicine name to a drug id (case-insensitive exact match)."""
    return aliases.get(str(name).strip().lower())


def import_ema(path: Path | str, aliases: pd.DataFrame) -> pd.DataFrame:
    """Myeloma products of the EMA report, one row per product, mapped to drug ids.

    Myeloma products are those whose ``Therapeutic area`` contains "Multiple Myeloma"
    (34 rows in the 2023-03-12 file). Pegylated liposomal doxorubicin is recognised by
    its medicine name; products whose INN is not one of our drugs (plerixafor,
    interferon) are dropped. Dates keep only the date part (the file's 01:00/02:00
    times are a time-zone artefact).
    """
    df = read_ema_report(path)
    df = df[(df["category"] == "Human") & df["therapeutic_area"].fillna("").str.contains("Multiple Myeloma")]
    alias_map = dict(zip(aliases["alias"].str.lower(), aliases["drug_id"]))
    pld = df["medicine_name"].str.contains("pegylated liposomal", case=False)
    df = df.assign(
        drug_id=[
            alias_map.get("pegylated liposomal doxorubicin") if is_pld else _match_alias(inn, alias_map)
            for inn, is_pld in zip(df["inn"], pld)
        ]
    )
    df = df[df["drug_id"].notna()]
    out = pd.DataFrame(
        {
            "drug_id": df["drug_id"],
            "medicine_name": df["medicine_name"],
            "product_number": df["product_number"],
            "authorisation_status": df["authorisation_status"],
            "marketing_authorisation_date": pd.to_datetime(df["marketing_authorisation_date"]).dt.strftime(
                "%Y-%m-%d"
            ),
            "generic": df["generic"].str.lower(),
            "conditional_approval": df["conditional_approval"].str.lower(),
            "url": df["url"],
            "source_id": EMA_SOURCE_ID,
            "as_of": EMA_AS_OF,
        }
    )
    return out.sort_values(["drug_id", "marketing_authorisation_date", "product_number"]).reset_index(drop=True)


def read_who_eml(path: Path | str) -> pd.DataFrame:
    """Read the eEML export: ``;``-separated, cp1252, quoted multi-line fields."""
    df = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    expected = ["Medicine name", "EML section", "Formulations", "Indication", "ATC codes", "Combined with", "Status"]
    assert list(df.columns) == expected, f"WHO EML export columns changed: {list(df.columns)}"
    return df.drop_duplicates()


def import_who_eml(path: Path | str, aliases: pd.DataFrame) -> pd.DataFrame:
    """WHO EML rows for our drugs, one row per (drug, indication).

    ``Status`` "Added" -> ``listed``; "Removed" -> ``not_listed`` (the export uses
    "Removed" also for applications that were never listed, so it is not read as a
    withdrawal). Matching is on the medicine name (the export's ATC codes are unreliable
    for myeloma rows). When a (drug, indication) pair appears more than once, a listed
    row wins.
    """
    df = read_who_eml(path)
    alias_map = dict(zip(aliases["alias"].str.lower(), aliases["drug_id"]))
    df = df.assign(drug_id=df["Medicine name"].map(lambda n: _match_alias(n, alias_map)))
    df = df[df["drug_id"].notna()]
    df = df.assign(eml_status=df["Status"].map({"Added": "listed", "Removed": "not_listed"}))
    assert df["eml_status"].notna().all(), "unexpected WHO EML Status value"
    df = df.sort_values("eml_status")  # 'listed' sorts before 'not_listed'
    df = df.drop_duplicates(["drug_id", "Indication"], keep="first")
    out = pd.DataFrame(
        {
            "drug_id": df["drug_id"],
            "medicine_name": df["Medicine name"],
            "indication": df["Indication"],
            "eml_section": df["EML section"],
            "eml_status": df["eml_status"],
            "formulations": df["Formulations"].str.replace(r"\s+", " ", regex=True).str.strip(),
            "source_id": WHO_SOURCE_ID,
            "as_of": WHO_AS_OF,
        }
    )
    return out.sort_values(["drug_id", "indication"]).reset_index(drop=True)
