"""WHO Model List of Essential Medicines, eEML export (24th list, 2025; cp1252, ``;``) -> ``who_eml``.

Citation, repository copy and hash: ``who_eml.json`` beside this module (the source row is in data/sources.csv).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import source_meta
from .ema import _match_alias

WHO_SOURCE_ID = source_meta("who_eml")["source_id"]
WHO_AS_OF = source_meta("who_eml")[
    "as_of"
]  # export committed upstream on this date (SOURCES.md §2); content = 24th list (2025)


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
