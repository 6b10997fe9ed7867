"""South Africa Single Exit Price register (2025-06-03) -> ``prices`` and ``register_facts``.

Citation, repository copy and hashes: ``za_sep.json`` beside this module."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd

from .common import FACT_COLUMNS, PRICE_COLUMNS, _g, _num, _product_map, checked, source_meta

_META = source_meta("za_sep")
ZA_SOURCE_ID = _META["source_id"]
ZA_AS_OF = _META["as_of"]

ZA_DB = "za_sep_2025-06-03/mpr.db"
ZA_ORAL = {"Tab", "Cap", "Caps", "Cab", "Fct"}
ZA_PARENTERAL = {"Inj", "Inf", "Poi"}


def read_za_sep(shared: Path | str) -> pd.DataFrame:
    """Products joined to their ingredients (one row per product x ingredient)."""
    path = checked(shared, ZA_DB)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        last = con.execute("select max(update_date) from mpr_lastupdated").fetchone()[0]
        assert last == ZA_AS_OF, f"SEP register last update {last}, expected {ZA_AS_OF}"
        return pd.read_sql_query(
            """select p.id, trim(p.regno) regno, trim(p.name) name, p.dosage_form, p.pack_size, p.num_packs, p.sep,
                      p.nappi_code, trim(i.name) ingredient, i.unit, trim(pi.strength) strength
               from mpr_product p join mpr_productingredient pi on pi.product_id = p.id
               join mpr_ingredient i on i.id = pi.ingredient_id order by p.id, i.name, pi.strength""",
            con,
        )
    finally:
        con.close()


def _name_strengths(name: str) -> list[float]:
    """Numbers the product name gives as strength: '... 10', '... 3,5', '... 1 800Mg', '... 2,5 Solution ...'."""
    out = [_num(m) for m in re.findall(r"(\d[\d ]*(?:[.,]\d+)?)\s*mg\b", name, flags=re.I)]
    if not out:
        m = re.search(r"\s(\d+(?:[.,]\d+)?)(?:\s+[A-Za-z].*)?$", name)
        if m and not re.search(r"\d\s*ml\b", name, flags=re.I):
            out = [_num(m.group(1))]
    return [v for v in out if v is not None]


def _za_unit_mg(strength: float, unit: str, pack_size: float) -> tuple[float | None, str]:
    """mg per unit (tablet, capsule, vial) and the rule used; None when the data do not tell."""
    u = unit.replace(" ", "").lower()
    if u in ("mg", "g"):
        return strength * (1000 if u == "g" else 1), "amount per unit"
    m = re.fullmatch(r"(mg|g)/(\d*(?:[.,]\d+)?)ml", u)
    if m:
        factor = 1000 if m.group(1) == "g" else 1
        per_vol = _num(m.group(2)) if m.group(2) else 1.0
        if per_vol and abs(per_vol - pack_size) < 1e-9:  # '180 mg/4ml' in a 4 ml pack: the vial content
            return strength * factor, "unit states the vial content"
        if per_vol == 1.0:  # mg/ml x pack volume (ml) -- only accepted when the name corroborates it
            return strength * factor * pack_size, "concentration x pack volume"
    return None, f"strength unit {unit!r} not per unit"


def import_za_sep(shared: Path | str, name_map: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """SEP prices and registration facts for our drugs in South Africa (2025-06-03).

    A product is one of ours when every ingredient row with a strength maps (``name_map_products``,
    register ``za_sep``) to the same drug and its dosage form is oral solid or parenteral (eye drops,
    creams ... are left out). Every such product is evidence of registration; a price row is written
    only when pack and strength are consistent:

    * oral solids: strength in mg per unit, units = pack_size x num_packs, the name's strength (if any)
      equals the ingredient strength;
    * parenterals: num_packs must be 1 (the register's multiplier is not reliable, e.g. Kyprolis
      num_packs 50 for one vial); mg per vial from an amount per unit with pack_size 1, or from a
      concentration whose volume equals the pack volume ('180 mg/4ml', pack 4), or from mg/ml x pack
      volume when the name states that amount or the volume ('vial 20ml'); anything else is skipped.

    Returns (prices, register_facts, skipped-with-reason).
    """
    raw = read_za_sep(shared)
    products = _product_map(name_map, "za_sep")
    raw = raw.assign(drug_id=raw["ingredient"].str.lower().map(products))
    with_strength = raw[raw["strength"].str.strip() != ""]
    prices: list[dict] = []
    skipped: list[str] = []
    regs: dict[str, set[str]] = {}
    for _pid, g in with_strength.groupby("id", sort=True):
        drugs = set(g["drug_id"].dropna())
        if len(drugs) != 1 or g["drug_id"].isna().any():
            continue  # not ours, or a combination product
        drug = drugs.pop()
        p = g.iloc[0]
        form = (p["dosage_form"] or "").strip()
        if form not in ZA_ORAL | ZA_PARENTERAL:
            continue
        regs.setdefault(drug, set()).add(p["regno"])
        label = f"{p['name']} (NAPPI {p['nappi_code']}, reg. {p['regno']})"
        if len(g) != 1:
            skipped.append(f"{label}: several strengths listed {list(g['strength'])}")
            continue
        strength = _num(re.sub(r"\s*mg$", "", p["strength"].strip(), flags=re.I))
        if strength is None:
            skipped.append(f"{label}: strength {p['strength']!r} is not one number")
            continue
        pack, n = float(p["pack_size"]), int(p["num_packs"])
        named = _name_strengths(p["name"])
        if form in ZA_ORAL:
            if p["unit"].replace(" ", "").lower() != "mg":
                skipped.append(f"{label}: oral strength unit {p['unit']!r}")
                continue
            if named and not any(abs(v - strength) < 1e-9 for v in named):
                skipped.append(f"{label}: name says {named} mg, ingredient strength {strength} mg")
                continue
            mg: float | None = strength
            units, route = pack * n, "oral"
            rule = "oral: units = pack_size x num_packs"
        else:
            if n != 1:
                skipped.append(f"{label}: num_packs {n} for a parenteral pack (multiplier not reliable)")
                continue
            mg, rule = _za_unit_mg(strength, p["unit"], pack)
            if mg is None:
                skipped.append(f"{label}: {rule}")
                continue
            if rule == "amount per unit" and pack != 1:
                skipped.append(f"{label}: {strength} {p['unit']} with pack_size {pack:g} (count of vials or ml?)")
                continue
            vol_named = re.search(rf"\b{pack:g}\s*ml\b", p["name"], flags=re.I)
            if named and not any(abs(v - mg) < 1e-9 for v in named):
                skipped.append(f"{label}: name says {named} mg, register gives {mg:g} mg per vial ({rule})")
                continue
            if rule == "concentration x pack volume" and not (named or vol_named):
                skipped.append(f"{label}: {strength} {p['unit']} x pack_size {pack:g} not corroborated by the name")
                continue
            units = 1.0
            route = "SC" if drug == "bortezomib" or (drug == "daratumumab" and mg == 1800) else "IV"
            rule = f"parenteral: one vial, {rule}"
        note = (
            f"SEP register NAPPI {p['nappi_code']}, registration {p['regno']}, dosage form {form}, "
            f"pack_size {pack:g}, num_packs {n}; {rule}"
        )
        if drug == "bortezomib":
            note += "; bortezomib vials are for IV or SC use"
        assert mg is not None  # both branches skip the product when the strength is unknown
        prices.append(
            {
                "price_id": f"zaf_sep_2025_{drug}_{p['nappi_code']}",
                "iso3": "ZAF",
                "drug_id": drug,
                "route": route,
                "product": p["name"],
                "strength_mg": _g(mg),
                "units_per_pack": _g(units),
                "pack_price": _g(round(p["sep"], 2)),
                "currency": "ZAR",
                "price_type": "Single exit price (incl. VAT)",
                "price_date": ZA_AS_OF,
                "source_id": ZA_SOURCE_ID,
                "as_of": ZA_AS_OF,
                "confidence": "verified",
                "note": note,
            }
        )
    facts = [
        {
            "iso3": "ZAF",
            "drug_id": drug,
            "authorisation": "approved",
            "funding": "",
            "date": ZA_AS_OF,
            "confidence": "stated",
            "note": f"Registered product(s) with a single exit price in the SEP register of {ZA_AS_OF}; registration "
            f"no(s). {'; '.join(sorted(r))}. Registration is per product, not per indication; says nothing "
            "about public funding",
            "source_id": ZA_SOURCE_ID,
            "as_of": ZA_AS_OF,
        }
        for drug, r in sorted(regs.items())
    ]
    return (
        pd.DataFrame(prices, columns=PRICE_COLUMNS).sort_values("price_id").reset_index(drop=True),
        pd.DataFrame(facts, columns=FACT_COLUMNS),
        skipped,
    )
