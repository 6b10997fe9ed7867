"""France BDPM (2026-05-29) -> ``prices`` and ``register_facts``.

Citation, repository copy and hashes: ``fr_bdpm.json`` beside this module."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from .common import FACT_COLUMNS, PRICE_COLUMNS, _g, _num, _product_map, checked, source_meta

_META = source_meta("fr_bdpm")
FR_SOURCE_ID = _META["source_id"]
FR_AS_OF = _META["as_of"]

FR_CIS = "fr_bdpm_2026-05-29/CIS_bdpm.txt"
FR_CIP = "fr_bdpm_2026-05-29/CIS_CIP_bdpm.txt"
CIS_COLUMNS = [
    "cis",
    "name",
    "form",
    "routes",
    "authorisation",
    "procedure",
    "marketing",
    "date",
    "bdm_status",
    "eu_number",
    "holder",
    "enhanced_monitoring",
]
CIP_COLUMNS = [
    "cis",
    "cip7",
    "presentation",
    "presentation_status",
    "presentation_marketing",
    "declaration_date",
    "cip13",
    "hospital_approval",
    "reimbursement_rate",
    "price",
    "price_with_fees",
    "fees",
    "reimbursement_text",
]
FR_ROUTES = ("orale", "intraveineuse", "sous-cutanée")


def read_bdpm(shared: Path | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two BDPM files: tab-separated, no header; CIS_bdpm is cp1252, CIS_CIP_bdpm is UTF-8."""
    opts = dict(sep="\t", header=None, dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    cis = pd.read_csv(checked(shared, FR_CIS), encoding="cp1252", **opts)
    cip = pd.read_csv(checked(shared, FR_CIP), encoding="utf-8", **opts)
    assert cis.shape[1] == len(CIS_COLUMNS) and cip.shape[1] == len(CIP_COLUMNS), "BDPM layout changed"
    cis.columns, cip.columns = CIS_COLUMNS, CIP_COLUMNS
    cis = cis.apply(lambda s: s.str.strip())
    cip = cip.apply(lambda s: s.str.strip())
    return cis, cip


def _fr_price(text: str) -> float | None:
    """'24,34' -> 24.34; '3,357,61' -> 3357.61 (the last comma is the decimal mark)."""
    t = text.strip()
    if not t:
        return None
    head, _, tail = t.rpartition(",")
    return float(head.replace(",", "").replace(" ", "") + "." + tail) if head else float(t)


def _fr_units(presentation: str) -> float | None:
    """Units in a presentation: '3 plaquette(s) ... de 1 gélule(s)' -> 3; '... de 21 gélule(s)' -> 21."""
    lead = re.match(r"^(\d+)\s+(?:gélule|comprimé|capsule)", presentation)
    if lead:  # '12 comprimés conditionnés en 4 plaquettes ... de 3 comprimés'
        return float(lead.group(1))
    per = re.search(r"de\s+(\d+)\s+(?:gélule|comprimé|capsule)", presentation)
    if not per:
        return None
    packs = re.match(r"^(\d+)\s+(?:plaquette|étui|boîte|flacon)", presentation)
    return float(per.group(1)) * (float(packs.group(1)) if packs else 1.0)


def _fr_strength_units(name: str, presentation: str) -> tuple[float, float] | None:
    """(mg per unit, units) of a presentation, or None when the texts do not say it plainly.

    Solid orals: 'NINLARO 2,3 mg, gélule' + '3 plaquette(s) ... de 1 gélule(s)'. Ampoules/vials of
    'X mg/1 ml' sold as 'N ampoule(s) ... de 1 ml': X mg per ampoule, N units.
    """
    m = re.search(r"\s(\d+(?:,\d+)?)\s*mg\s*,", name)
    units = _fr_units(presentation)
    mg = _num(m.group(1)) if m else None
    if mg is not None and units is not None:
        return mg, units
    m = re.search(r"\s(\d+(?:,\d+)?)\s*mg/1\s*ml\b", name, flags=re.I)
    n = re.match(r"^(\d+)\s+(?:ampoule|flacon)s?(?:\(s\))?\s.*\bde\s+1\s*ml\b", presentation, flags=re.I)
    mg = _num(m.group(1)) if m else None
    if mg is not None and n:
        return mg, float(n.group(1))
    return None


def import_fr_bdpm(shared: Path | str, name_map: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Authorisation, marketing, reimbursement and prices for our drugs in France (2026-05-29).

    A product is ours when the first word of its name maps (``name_map_products``, register
    ``fr_bdpm``: brand or French INN) and one of its routes is oral, IV or SC. Per drug:

    * ``authorisation`` = approved when at least one product has "Autorisation active" and is
      "Commercialisée"; withdrawn only when every product of the drug has a withdrawn/repealed/
      archived authorisation (none active). Active but never marketed (e.g. a product authorised
      centrally but not launched in France) gives no authorisation fact: BDPM then says "authorised,
      not marketed", which neither 'approved' (in the sense of available) nor 'not_approved' states.
    * ``funding`` = funded when an active, marketed presentation has a reimbursement rate (the rate
      is noted). A presentation without a rate (hospital products) says nothing: funding stays empty.
    * a price row per marketed presentation with a price (EUR, excluding the dispensing fee).

    Returns (prices, register_facts, per-drug summary lines).
    """
    cis, cip = read_bdpm(shared)
    products = _product_map(name_map, "fr_bdpm")
    first = cis["name"].str.extract(r"^([^\s,]+)")[0].str.lower()
    cis = cis.assign(drug_id=first.map(products))
    ours = cis[cis["drug_id"].notna() & cis["routes"].str.contains("|".join(FR_ROUTES))]
    pres = cip.merge(ours[["cis", "name", "drug_id", "authorisation", "marketing", "routes"]], on="cis")
    facts, prices, summary = [], [], []
    for drug, prods in ours.groupby("drug_id", sort=True):
        active = prods[prods["authorisation"] == "Autorisation active"]
        marketed = active[active["marketing"] == "Commercialisée"]
        p = pres[
            (pres["drug_id"] == drug)
            & (pres["authorisation"] == "Autorisation active")
            & (pres["presentation_status"] == "Présentation active")
            & (pres["presentation_marketing"] == "Déclaration de commercialisation")
        ]
        rated = p[p["reimbursement_rate"] != ""]
        auth = ""
        if len(marketed):
            auth = "approved"
        elif active.empty:
            auth = "withdrawn"
        funding = "funded" if len(rated) else ""
        procs = ", ".join(f"{k} x{v}" for k, v in marketed["procedure"].value_counts().sort_index().items())
        summary.append(
            f"{drug}: {len(prods)} products, {len(active)} active, {len(marketed)} marketed, "
            f"{len(rated)} reimbursed presentations -> authorisation={auth or '-'}, funding={funding or '-'}"
        )
        if not auth and not funding:
            continue
        parts = []
        if auth == "approved":
            parts.append(f"{len(marketed)} product(s) with an active authorisation and marketed ({procs})")
        elif auth == "withdrawn":
            parts.append(f"every product's authorisation withdrawn/repealed/archived ({len(prods)} products)")
        if funding:
            rates = sorted(set(rated["reimbursement_rate"].str.replace(" ", "")))
            parts.append(
                f"reimbursement rate {'/'.join(rates)} on {len(rated)} presentation(s), e.g. CIP13 "
                f"{rated['cip13'].iloc[0]}"
            )
        else:
            parts.append(
                "no reimbursement rate in the BDPM (hospital-dispensed products have none): says nothing about funding"
            )
        facts.append(
            {
                "iso3": "FRA",
                "drug_id": drug,
                "authorisation": auth,
                "funding": funding,
                "date": FR_AS_OF,
                "confidence": "stated",
                "note": "BDPM: " + "; ".join(parts) + ". Not indication-specific",
                "source_id": FR_SOURCE_ID,
                "as_of": FR_AS_OF,
            }
        )
        for _, r in p.iterrows():
            price = _fr_price(r["price"])
            if price is None:
                continue
            su = _fr_strength_units(r["name"], r["presentation"])
            if su is None:
                summary.append(
                    f"  skipped price {r['cip13']} {r['name']} / {r['presentation']}: strength or units unclear"
                )
                continue
            route = "oral" if "orale" in r["routes"] else ("SC" if "sous-cutanée" in r["routes"] else "IV")
            prices.append(
                {
                    "price_id": f"fra_bdpm_2026_{drug}_{r['cip13']}",
                    "iso3": "FRA",
                    "drug_id": drug,
                    "route": route,
                    "product": f"{r['name']} - {r['presentation']}",
                    "strength_mg": _g(su[0]),
                    "units_per_pack": _g(su[1]),
                    "pack_price": _g(price),
                    "currency": "EUR",
                    "price_type": "public price excl. dispensing fee (BDPM, reimbursed presentation)",
                    "price_date": FR_AS_OF,
                    "source_id": FR_SOURCE_ID,
                    "as_of": FR_AS_OF,
                    "confidence": "verified",
                    "note": f"CIP13 {r['cip13']}; reimbursement rate {r['reimbursement_rate']}; price incl. dispensing "
                    f"fees {r['price_with_fees']} EUR",
                }
            )
    return (
        pd.DataFrame(prices, columns=PRICE_COLUMNS).sort_values("price_id").reset_index(drop=True),
        pd.DataFrame(facts, columns=FACT_COLUMNS),
        summary,
    )
