"""Health Canada Drug Product Database (DPD) data extract of 2026-04-01 -> ``register_facts`` (authorisation).

Citation, repository copy, hashes and the column names of each extract file (from Health Canada's
"Read Me File - Drug Product Database (DPD) Data Extract", kept as data in ``ca_dpd.json``) beside
this module.

Three extracts (headerless, comma-separated, double-quoted; latin-1): marketed (``allfiles.zip``),
approved not yet marketed (``allfiles_ap.zip``) and dormant (``dr.zip``); the cancelled-products
extract was not in the snapshot, so no withdrawal can be read. Products (``drug``) join their
ingredients (``ingred``) and status history (``status``) on ``DRUG_CODE``. Single-ingredient human
products map to our drugs by ingredient name (the part before any parenthesis) through
``data/name_map_products.csv`` (register ``ca_dpd``). Per drug: ``approved`` dated by the earliest
``APPROVED`` date in the status history of any of its products, and ``approved`` dated 2026-04-01
(still authorised: a current status of marketed, approved or dormant). Canadian public funding is
provincial (pCPA, provincial formularies): no funding fact comes from this file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd

from .common import FACT_COLUMNS, _product_map, checked, source_meta

_META = source_meta("ca_dpd")
CA_SOURCE_ID = _META["source_id"]
CA_AS_OF = _META["as_of"]
README_COLUMNS: dict[str, list[str]] = _META["readme_columns"]  # file -> column names (Health Canada Read Me)
EXTRACTS = {
    "marketed": ("ca_dpd_2026-04-01/allfiles.zip", ""),
    "approved": ("ca_dpd_2026-04-01/allfiles_ap.zip", "_ap"),
    "dormant": ("ca_dpd_2026-04-01/dr.zip", "_dr"),
}
IN_FORCE = {"MARKETED", "APPROVED", "DORMANT"}


def _read(zf: zipfile.ZipFile, name: str, columns: list[str]) -> pd.DataFrame:
    raw = zf.read(name).decode("latin-1")
    df = pd.read_csv(io.StringIO(raw), header=None, dtype=str, keep_default_na=False)
    assert df.shape[1] == len(columns), f"{name}: {df.shape[1]} fields, the Read Me gives {len(columns)}"
    df.columns = columns
    return df.apply(lambda s: s.str.strip())


def read_dpd(shared: Path | str) -> dict[str, pd.DataFrame]:
    """``drug``, ``ingred``, ``status`` tables of the three extracts, with an ``extract`` column."""
    parts: dict[str, list[pd.DataFrame]] = {"drug": [], "ingred": [], "status": []}
    for extract, (rel, suffix) in EXTRACTS.items():
        with zipfile.ZipFile(checked(shared, rel)) as zf:
            for table in parts:
                parts[table].append(_read(zf, f"{table}{suffix}.txt", README_COLUMNS[table]).assign(extract=extract))
    return {t: pd.concat(p, ignore_index=True) for t, p in parts.items()}


def _iso(d: str) -> str:
    return dt.datetime.strptime(d, "%d-%b-%Y").date().isoformat() if d else ""


def import_ca_dpd(shared: Path | str, name_map: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """(register_facts, per-drug summary lines)."""
    t = read_dpd(shared)
    products = _product_map(name_map, "ca_dpd")
    drug = t["drug"][t["drug"]["CLASS"] == "Human"]
    ing = t["ingred"].assign(key=t["ingred"]["INGREDIENT"].str.split(" (", regex=False).str[0].str.lower())
    ing = ing.assign(drug_id=ing["key"].map(products))
    n_ing = ing.groupby(["extract", "DRUG_CODE"]).size()
    single = ing[ing.set_index(["extract", "DRUG_CODE"]).index.map(n_ing) == 1]
    ours = single[single["drug_id"].notna()].merge(
        drug[["extract", "DRUG_CODE", "BRAND_NAME", "DRUG_IDENTIFICATION_NUMBER"]], on=["extract", "DRUG_CODE"]
    )
    status = t["status"].assign(date=t["status"]["HISTORY_DATE"].map(_iso))
    facts, summary = [], []
    for drug_id, g in ours.groupby("drug_id", sort=True):
        hist = status.merge(
            g[["extract", "DRUG_CODE", "BRAND_NAME", "DRUG_IDENTIFICATION_NUMBER"]], on=["extract", "DRUG_CODE"]
        )
        approvals = hist[(hist["STATUS"] == "APPROVED") & (hist["date"] != "")].sort_values(
            ["date", "DRUG_IDENTIFICATION_NUMBER"]
        )
        current = hist[hist["CURRENT_STATUS_FLAG"] == "Y"]
        in_force = current[current["STATUS"].isin(IN_FORCE)]
        counts = current["STATUS"].value_counts().sort_index().to_dict()
        summary.append(
            f"{drug_id}: {g['DRUG_CODE'].nunique()} products, current {counts}, first APPROVED "
            f"{approvals['date'].iloc[0] if len(approvals) else '-'}"
        )
        common = {
            "iso3": "CAN",
            "drug_id": drug_id,
            "authorisation": "approved",
            "funding": "",
            "confidence": "stated",
            "source_id": CA_SOURCE_ID,
            "as_of": CA_AS_OF,
        }
        if len(approvals):
            a = approvals.iloc[0]
            facts.append(
                {
                    **common,
                    "date": a["date"],
                    "note": f"Health Canada DPD status history: APPROVED {a['date']} ({a['BRAND_NAME']}, DIN "
                    f"{a['DRUG_IDENTIFICATION_NUMBER']}), the earliest approval of its products in the "
                    "extract (cancelled products not included). Authorisation only; public funding is "
                    "provincial",
                }
            )
        if len(in_force):
            facts.append(
                {
                    **common,
                    "date": CA_AS_OF,
                    "note": f"Current DPD status on {CA_AS_OF}: "
                    + ", ".join(f"{k.lower()} x{v}" for k, v in counts.items())
                    + f" ({', '.join(sorted(set(in_force['BRAND_NAME']))[:6])}). Authorisation only; public "
                    "funding is provincial",
                }
            )
    return pd.DataFrame(facts, columns=FACT_COLUMNS), summary
