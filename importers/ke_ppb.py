"""Kenya, Pharmacy and Poisons Board register of products (scrape of 2024) -> ``register_facts`` (authorisation).

Citation, repository copy and hash: ``ke_ppb.json`` beside this module.

The file is a third party's Selenium scrape of the PPB website (13,232 rows), weaker than an official
export: facts get confidence ``reported``. Products map to our drugs by ``INN of API`` through
``data/name_map_products.csv`` (register ``ke_ppb``). Per drug: ``approved`` when a product has status
registered/authorized (dated by the earliest registration date the scrape gives, plus a fact dated by
the snapshot); ``withdrawn`` only when every product is withdrawn, suspended or revoked. Registration
says nothing about funding; a drug not found (lenalidomide, daratumumab, carfilzomib) is not "not approved".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import FACT_COLUMNS, _product_map, checked, source_meta

_META = source_meta("ke_ppb")
KE_PPB_SOURCE_ID = _META["source_id"]
KE_PPB_AS_OF = _META["as_of"]
KE_PPB_FILE = "ke_ppb_2024/registered_products_ppb_2024.csv"
COLUMNS = [
    "",
    "Registration No",
    "TradeName",
    "INN of API",
    "Dosage",
    "PackSize",
    "Application Type",
    "Application Path",
    "Local/Foreign",
    "Registration Date",
    "LTR",
    "MAH",
    "Status",
]
IN_FORCE = {"registered", "authorized"}


def read_ppb(shared: Path | str) -> pd.DataFrame:
    df = pd.read_csv(checked(shared, KE_PPB_FILE), dtype=str, keep_default_na=False)
    assert [c if not c.startswith("Unnamed") else "" for c in df.columns] == COLUMNS, "PPB scrape layout changed"
    assert len(df) == 13232
    return df.apply(lambda s: s.str.strip())


def import_ke_ppb(shared: Path | str, name_map: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """(register_facts, per-drug summary lines)."""
    df = read_ppb(shared)
    products = _product_map(name_map, "ke_ppb")
    df = df.assign(drug_id=df["INN of API"].str.lower().map(products))
    ours = df[df["drug_id"].notna()]
    facts, summary = [], []
    for drug, g in ours.groupby("drug_id", sort=True):
        live = g[g["Status"].str.lower().isin(IN_FORCE)]
        dates = sorted(d[:10] for d in live["Registration Date"] if d[:4].isdigit())
        summary.append(
            f"{drug}: {len(g)} products, {len(live)} registered, earliest dated registration "
            f"{dates[0] if dates else '-'}"
        )
        names = ", ".join(sorted(set(g["TradeName"]))[:6]) + (" ..." if g["TradeName"].nunique() > 6 else "")
        common = {
            "iso3": "KEN",
            "drug_id": drug,
            "funding": "",
            "confidence": "reported",
            "source_id": KE_PPB_SOURCE_ID,
            "as_of": KE_PPB_AS_OF,
        }
        if len(live):
            note = (
                f"{len(live)} product(s) with status registered in a 2024 scrape of the PPB register ({names}); "
                "registration is per product, not per indication; says nothing about funding"
            )
            if dates:
                first = live[live["Registration Date"].str[:10] == dates[0]].iloc[0]
                facts.append(
                    {
                        **common,
                        "authorisation": "approved",
                        "date": dates[0],
                        "note": f"Registered {dates[0]} ({first['TradeName']}, no. {first['Registration No']}); "
                        + note,
                    }
                )
            facts.append(
                {
                    **common,
                    "authorisation": "approved",
                    "date": KE_PPB_AS_OF,
                    "note": "Still registered when the register was scraped: " + note,
                }
            )
        else:
            facts.append(
                {
                    **common,
                    "authorisation": "withdrawn",
                    "date": KE_PPB_AS_OF,
                    "note": f"Every product of the drug is withdrawn, suspended or revoked in the PPB scrape ({names})",
                }
            )
    return pd.DataFrame(facts, columns=FACT_COLUMNS), summary
