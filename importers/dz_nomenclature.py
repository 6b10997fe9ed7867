"""Algeria, national nomenclature of registered medicines (Ministry of Pharmaceutical Industry) "au 31 juillet
2025" (file "version juillet 2025", sheet "Nomenclature JUIN 2025") -> ``register_facts`` (authorisation only).

Citation, repository copy and hash: ``dz_nomenclature.json`` beside this module.

Three sheets: the nomenclature (registered products, header on row 17), "Non Renouvelés" (registrations
not renewed, header row 12) and "Retraits" (withdrawn, header row 11, with a withdrawal date and reason).
Products map to our drugs by their INN (``DENOMINATION COMMUNE INTERNATIONALE``) through
``data/name_map_products.csv`` (register ``dz_nomenclature``). Per drug: ``approved`` when at least one
product is in the nomenclature, dated by the earliest initial registration date of those products
(and a second fact dated by the list date: still registered then);
``withdrawn`` only when every product of the drug is on the non-renewed / withdrawn sheets (dated by the
latest withdrawal date, else the list date). Registration says nothing about funding.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import FACT_COLUMNS, _product_map, checked, source_meta

_META = source_meta("dz_nomenclature")
DZ_SOURCE_ID = _META["source_id"]
DZ_AS_OF = _META["as_of"]
DZ_FILE = "dz_nomenclature_2025-06-30/NOMENCLATURE-VERSION-JUILLET-2025.xlsx"
SHEETS = {
    "registered": ("Nomenclature JUIN 2025", 16),
    "not_renewed": ("Non Renouvelés ", 11),
    "withdrawn": ("Retraits", 10),
}
INN = "DENOMINATION COMMUNE INTERNATIONALE"
REG_DATE = "DATE D'ENREGISTREMENT INITIAL"


def read_nomenclature(shared: Path | str) -> dict[str, pd.DataFrame]:
    """The three sheets as text, headers stripped; rows without a registration number dropped."""
    path = checked(shared, DZ_FILE)
    out = {}
    for key, (sheet, header) in SHEETS.items():
        df = pd.read_excel(path, sheet_name=sheet, header=header, dtype=str)
        df.columns = [str(c).strip() for c in df.columns]
        assert {"N°ENREGISTREMENT", INN, "NOM DE MARQUE", REG_DATE} <= set(df.columns), f"{sheet}: layout changed"
        df = df[df["N°ENREGISTREMENT"].notna()].fillna("")
        out[key] = df.apply(lambda s: s.str.strip())
    assert len(out["registered"]) == 5094, "nomenclature row count changed"
    return out


def _day(text: str) -> str:
    return text[:10] if len(text) >= 10 and text[4] == "-" else ""


def import_dz(shared: Path | str, name_map: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """(register_facts, per-drug summary lines)."""
    sheets = read_nomenclature(shared)
    products = _product_map(name_map, "dz_nomenclature")
    mapped = {k: df.assign(drug_id=df[INN].str.lower().map(products)) for k, df in sheets.items()}
    mapped = {k: df[df["drug_id"].notna()] for k, df in mapped.items()}
    facts, summary = [], []
    for drug in sorted(set().union(*(set(df["drug_id"]) for df in mapped.values()))):
        reg = mapped["registered"][mapped["registered"]["drug_id"] == drug]
        gone = pd.concat(
            [
                mapped["not_renewed"][mapped["not_renewed"]["drug_id"] == drug].assign(_sheet="not renewed"),
                mapped["withdrawn"][mapped["withdrawn"]["drug_id"] == drug].assign(_sheet="withdrawn"),
            ]
        )
        summary.append(f"{drug}: {len(reg)} registered, {len(gone)} not renewed / withdrawn")
        if len(reg):
            dates = sorted(d for d in reg[REG_DATE].map(_day) if d)
            first = reg[reg[REG_DATE].map(_day) == dates[0]].iloc[0] if dates else reg.iloc[0]
            local = reg[reg["PAYS DU LABORATOIRE DETENTEUR DE LA DECISION D'ENREGISTREMENT"] == "ALGERIE"]
            brands = ", ".join(sorted(set(reg["NOM DE MARQUE"]))[:8]) + (
                " ..." if reg["NOM DE MARQUE"].nunique() > 8 else ""
            )
            facts.append(
                {
                    "iso3": "DZA",
                    "drug_id": drug,
                    "authorisation": "approved",
                    "funding": "",
                    "date": dates[0] if dates else DZ_AS_OF,
                    "confidence": "stated",
                    "note": f"Registered in the national nomenclature of {DZ_AS_OF}: {len(reg)} presentation(s) "
                    f"({brands}); first registration {first['NOM DE MARQUE']} no. {first['N°ENREGISTREMENT']} "
                    f"on {dates[0] if dates else 'no date'}; {len(local)} held by a laboratory in Algeria. "
                    "Registration is per product, not per indication; says nothing about funding",
                    "source_id": DZ_SOURCE_ID,
                    "as_of": DZ_AS_OF,
                }
            )
            if dates and dates[0] < DZ_AS_OF:  # the list also states it was still registered on its own date
                facts.append(
                    {
                        **facts[-1],
                        "date": DZ_AS_OF,
                        "note": f"Still registered in the national nomenclature of {DZ_AS_OF} ({len(reg)} "
                        "presentation(s)); says nothing about funding",
                    }
                )
        elif len(gone):
            wd = sorted(d for d in gone.get("DATE DE RETRAIT", pd.Series(dtype=str)).map(_day) if d)
            facts.append(
                {
                    "iso3": "DZA",
                    "drug_id": drug,
                    "authorisation": "withdrawn",
                    "funding": "",
                    "date": wd[-1] if wd else DZ_AS_OF,
                    "confidence": "stated",
                    "note": f"Every product of the drug is on the nomenclature's non-renewed / withdrawn sheets "
                    f"({', '.join(sorted(set(gone['NOM DE MARQUE'] + ' (' + gone['_sheet'] + ')')))}); none registered",
                    "source_id": DZ_SOURCE_ID,
                    "as_of": DZ_AS_OF,
                }
            )
    return pd.DataFrame(facts, columns=FACT_COLUMNS), summary
