"""EMA medicines reports (xlsx) -> ``ema_authorisations`` (one row per product and report vintage).

Two vintages, mapped by column name (their headers differ):

* "Medicines output: European public assessment reports", generated 12 March 2023 (30 columns) --
  sidecar ``ema2023.json``; kept for history;
* "Medicines output: medicines report", generated 14 March 2026 (38 columns; it adds the withdrawal /
  expiry / revocation / lapse date) -- sidecar ``ema2026.json``; the current EU/EEA status.

Drug names are mapped through ``data/drug_aliases.csv`` (names as data).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import sha256, source_meta  # noqa: F401  (sha256 re-exported for the entry script)

_M2023, _M2026 = source_meta("ema2023"), source_meta("ema2026")
EMA_SOURCE_ID = _M2023["source_id"]
EMA_AS_OF = _M2023["as_of"]
EMA2026_SOURCE_ID = _M2026["source_id"]
EMA2026_AS_OF = _M2026["as_of"]

# Our column -> the header of each vintage (exact text).
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
EMA_COLUMNS_2026 = {
    "Name of medicine": "medicine_name",
    "International non-proprietary name (INN) / common name": "inn",
    "Therapeutic area (MeSH)": "therapeutic_area",
    "EMA product number": "product_number",
    "Medicine status": "authorisation_status",
    "Marketing authorisation date": "marketing_authorisation_date",
    "Withdrawal / expiry / revocation / lapse of marketing authorisation date": "withdrawal_date",
    "Generic": "generic",
    "Conditional approval": "conditional_approval",
    "Category": "category",
    "Medicine URL": "url",
}
# Statuses of products that held an authorisation (an 'Application withdrawn' or a refusal never did).
HELD_AUTHORISATION = {"Authorised", "Withdrawn", "Expired", "Lapsed", "Revoked", "Suspended"}
OUT_COLUMNS = [
    "drug_id",
    "medicine_name",
    "product_number",
    "authorisation_status",
    "marketing_authorisation_date",
    "withdrawal_date",
    "generic",
    "conditional_approval",
    "url",
    "source_id",
    "as_of",
]


def read_ema_report(path: Path | str, columns: dict[str, str] = EMA_COLUMNS) -> pd.DataFrame:
    """Read an EMA report: 8 banner rows, header on row 9; columns mapped by name for the vintage."""
    raw = pd.read_excel(path, header=8).dropna(axis=1, how="all")
    missing = set(columns) - set(raw.columns)
    assert not missing, f"EMA report columns changed (this vintage lacks {missing}); map them by name"
    return raw[list(columns)].rename(columns=columns)


def _match_alias(name: str, aliases: dict[str, str]) -> str | None:
    """Map an INN / medicine name to a drug id (case-insensitive exact match)."""
    return aliases.get(str(name).strip().lower())


def _dates(series: pd.Series, dayfirst: bool) -> pd.Series:
    """Excel datetimes (2023: keep the date part, the 01:00/02:00 times are a time-zone artefact) or
    'dd/mm/yyyy' text (2026) -> ISO dates; empty stays empty."""
    parsed = pd.to_datetime(series, dayfirst=dayfirst, format="%d/%m/%Y" if dayfirst else None)
    return parsed.dt.strftime("%Y-%m-%d").fillna("")


def _import(df: pd.DataFrame, aliases: pd.DataFrame, source_id: str, as_of: str, dayfirst: bool) -> pd.DataFrame:
    df = df[(df["category"] == "Human") & df["therapeutic_area"].fillna("").str.contains("Multiple Myeloma")]
    df = df[df["authorisation_status"].isin(HELD_AUTHORISATION | {"Refused"})]
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
            "marketing_authorisation_date": _dates(df["marketing_authorisation_date"], dayfirst),
            "withdrawal_date": _dates(df["withdrawal_date"], dayfirst) if "withdrawal_date" in df else "",
            "generic": df["generic"].str.lower(),
            "conditional_approval": df["conditional_approval"].str.lower(),
            "url": df["url"],
            "source_id": source_id,
            "as_of": as_of,
        }
    )
    return out.sort_values(["drug_id", "marketing_authorisation_date", "product_number"]).reset_index(drop=True)


def import_ema(path: Path | str, aliases: pd.DataFrame) -> pd.DataFrame:
    """Myeloma products of the 2023-03-12 EPAR report, one row per product, mapped to drug ids.

    Myeloma products are those whose ``Therapeutic area`` contains "Multiple Myeloma"
    (34 rows in the 2023-03-12 file). Pegylated liposomal doxorubicin is recognised by
    its medicine name; products whose INN is not one of our drugs (plerixafor,
    interferon) are dropped. Dates keep only the date part (the file's 01:00/02:00
    times are a time-zone artefact). This vintage has no withdrawal date (empty).
    """
    return _import(read_ema_report(path), aliases, EMA_SOURCE_ID, EMA_AS_OF, dayfirst=False)[OUT_COLUMNS]


def import_ema_2026(path: Path | str, aliases: pd.DataFrame) -> pd.DataFrame:
    """Myeloma products of the 2026-03-14 medicines report (46 myeloma rows; 'Therapeutic area (MeSH)').

    Products that never held an authorisation ('Application withdrawn') are left out; 'Expired',
    'Lapsed', 'Withdrawn' products keep their status and the withdrawal/expiry/lapse date the report
    gives (empty when it gives none, e.g. Lenalidomide Krka d.d.). Dates are 'dd/mm/yyyy' text.
    """
    return _import(read_ema_report(path, EMA_COLUMNS_2026), aliases, EMA2026_SOURCE_ID, EMA2026_AS_OF, dayfirst=True)[
        OUT_COLUMNS
    ]
