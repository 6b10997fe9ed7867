"""Japan, MHLW NHI drug price list (薬価基準収載品目リスト) of 2025-07-16 -> ``prices`` and ``register_facts``.

Citation, repository copy and hash: ``jp_nhi.json`` beside this module.

A product on the NHI price list is publicly reimbursed in Japan (stated by the payer) at an official
price in JPY per unit (``薬価`` per tablet, capsule, vial ...). Ingredients (``成分名``) map to our drugs
through ``data/name_map_products.csv`` (register ``jp_nhi``). Per drug one ``register_facts`` row
(funding ``funded``, confidence ``stated``, dated 2025-07-16); a price row per item whose ``規格``
(strength) reads plainly as "<mg> per one tablet / capsule / vial / ampoule" (optionally "<mg> <mL>
per vial"); anything else (a combination product given in mL, a per-patient CAR-T price, powders,
percentages) gets no price row and is reported. Absence from the list is not "not approved".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from .common import FACT_COLUMNS, PRICE_COLUMNS, _g, _product_map, checked, source_meta

_META = source_meta("jp_nhi")
JP_SOURCE_ID = _META["source_id"]
JP_AS_OF = _META["as_of"]
JP_FILE = "jp_nhi_2025-07-16/20250716.csv"
COLUMNS = {
    "区分": "section",
    "薬価基準収載医薬品コード": "code",
    "成分名": "ingredient",
    "規格": "spec",
    "品名": "product",
    "メーカー名": "maker",
    "後発医薬品": "generic",
    "薬価": "price",
    "経過措置による使用期限": "transitional_until",
    "備考": "remark",
}
UNITS = {"錠": "tablet", "カプセル": "capsule", "瓶": "vial", "管": "ampoule"}
SPEC = re.compile(r"^(\d+(?:\.\d+)?)mg(?:(\d+(?:\.\d+)?)mL)?1(錠|カプセル|瓶|管)(\(溶解液付\))?$")


def read_nhi(shared: Path | str) -> pd.DataFrame:
    """The price list (UTF-8, one row per item), columns renamed; text NFKC-normalised into ``*_n``."""
    df = pd.read_csv(checked(shared, JP_FILE), dtype=str, keep_default_na=False, encoding="utf-8")
    generic = [c for c in df.columns if c.startswith("診療報酬において加算等の算定対象となる後発医薬品")]
    assert len(df) == 12434 and len(generic) == 1, "NHI list layout changed"
    df = df.rename(columns={generic[0]: "後発医薬品"})
    missing = set(COLUMNS) - set(df.columns)
    assert not missing, f"NHI list lacks {missing}"
    df = df[list(COLUMNS)].rename(columns=COLUMNS)
    for col in ("spec", "product"):
        df[col + "_n"] = df[col].map(lambda s: unicodedata.normalize("NFKC", s).replace(" ", ""))
    return df


def parse_spec(spec_n: str) -> tuple[float, str] | None:
    """'5mg1カプセル' -> (5, 'capsule'); '100mg5mL1瓶' -> (100, 'vial'); '15mL1瓶', '1患者当たり' -> None."""
    m = SPEC.match(spec_n)
    if not m:
        return None
    return float(m.group(1)), UNITS[m.group(3)]


def _route(section: str, product_n: str, drug: str, unit: str) -> str | None:
    if section == "内用薬":
        return "oral" if unit in ("tablet", "capsule") else None
    if section != "注射薬":
        return None
    if "皮下注" in product_n or drug == "bortezomib":  # bortezomib vials are for IV or SC use
        return "SC"
    return "IV"


def import_jp_nhi(shared: Path | str, name_map: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """(prices, register_facts, skipped items with the reason) for our drugs on the 2025-07-16 list."""
    df = read_nhi(shared)
    products = _product_map(name_map, "jp_nhi")
    df = df.assign(drug_id=df["ingredient"].str.strip().str.lower().map(products))
    ours = df[df["drug_id"].notna() & df["section"].isin(["内用薬", "注射薬"])]
    prices, skipped = [], []
    for _, r in ours.iterrows():
        label = f"{r['product']} ({r['code']}, {r['spec']})"
        spec = parse_spec(r["spec_n"])
        if spec is None:
            skipped.append(f"{label}: strength not 'mg per one unit'")
            continue
        mg, unit = spec
        route = _route(r["section"], r["product_n"], r["drug_id"], unit)
        if route is None:
            skipped.append(f"{label}: not a tablet, capsule or injection")
            continue
        note = (
            f"NHI price list code {r['code']}; price per {unit} ({r['spec']}); "
            f"{'generic' if r['generic'] else 'originator or no generic flag'}"
        )
        if r["transitional_until"]:
            note += f"; transitional listing until {r['transitional_until']}"
        if r["drug_id"] == "bortezomib":
            note += "; bortezomib vials are for IV or SC use"
        prices.append(
            {
                "price_id": f"jpn_nhi_2025_{r['drug_id']}_{r['code'].lower()}",
                "iso3": "JPN",
                "drug_id": r["drug_id"],
                "route": route,
                "product": f"{r['product']} {r['maker']}".strip(),
                "strength_mg": _g(mg),
                "units_per_pack": "1",
                "pack_price": _g(float(r["price"])),
                "currency": "JPY",
                "price_type": "NHI price",
                "price_date": JP_AS_OF,
                "source_id": JP_SOURCE_ID,
                "as_of": JP_AS_OF,
                "confidence": "verified",
                "note": note,
            }
        )
    facts = []
    for drug, g in ours.groupby("drug_id", sort=True):
        names = ", ".join(sorted(set(g["product"]))[:6]) + (" ..." if g["product"].nunique() > 6 else "")
        facts.append(
            {
                "iso3": "JPN",
                "drug_id": drug,
                "authorisation": "",
                "funding": "funded",
                "date": JP_AS_OF,
                "confidence": "stated",
                "note": f"On the MHLW NHI drug price list of {JP_AS_OF} ({len(g)} item(s): {names}): listed items are "
                "reimbursed by the public health insurance. Not indication-specific",
                "source_id": JP_SOURCE_ID,
                "as_of": JP_AS_OF,
            }
        )
    return (
        pd.DataFrame(prices, columns=PRICE_COLUMNS).sort_values("price_id").reset_index(drop=True),
        pd.DataFrame(facts, columns=FACT_COLUMNS),
        skipped,
    )
