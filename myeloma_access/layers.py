"""Importers for the second batch of shared evidence files (``../shared/data``; never copied here).

Each function reads one file and returns a tidy table whose rows cite the original publisher
(and the intermediary repository commit) with the file's date. No Streamlit here.

* GEM national essential medicines lists (137 lists, collected June 2017) -> ``national_eml``
* World Bank WDI (2026-07-01) -> ``country_indicators`` and yearly ``fx_rates``
* IARC GLOBOCAN 2018 -> ``country_indicators`` (myeloma new cases and ASR, year 2018)
* South Africa Single Exit Price register (2025-06-03) -> ``prices`` and ``register_facts``
* France BDPM (2026-05-29) -> ``prices`` and ``register_facts``

Every importer first checks the file's SHA-256 against the vintage cited (:data:`SHA256`) and
refuses another one. Names are mapped as data (``data/name_map_gem.csv``,
``data/name_map_products.csv``, ``data/country_currency.csv``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import sqlite3
from pathlib import Path

import pandas as pd

# --------------------------------------------------------------------------------------
# Vintages and sources
# --------------------------------------------------------------------------------------

SHA256 = {
    "gem_neml_2017/products_eml.xlsx": "6aa559afa860da2b31e7887011f31594b3f1a80026296c19342c452ef13a2ae2",
    "gem_neml_2017/gem_neml_country_meta.csv": "13ee13503330cbd76b45cc1cfdd2bf7aaa593c2f518eaded4d01b3f8cbe76694",
    "globocan2018/ASR_globocan.csv": "3be50f0a852443c6bfdb0f227d0a23591b201402a1dece70d0a16053199d955a",
    "za_sep_2025-06-03/mpr.db": "b496af1fee91310cd025b777d0c7b467f18a9dcb41e80204bd6052e6fcedacc9",
    "fr_bdpm_2026-05-29/CIS_bdpm.txt": "76876843c6be34c82fb8d5a5cabb072f7a551c8a4a4304a83ffc65ffeccde92e",
    "fr_bdpm_2026-05-29/CIS_CIP_bdpm.txt": "32df9786f30b7f084b410ee3c9a8013d3d10784c2f4d86998eaeb5ed97dad4a6",
    "wdi_2026-07-01/ny.gdp.pcap.cd/data.csv": "77c7f7b01151f21558ad08df402f865b4469aafbd00c6907f0586caec8f5900e",
    "wdi_2026-07-01/ny.gnp.pcap.cd/data.csv": "396d5473b135589a3ce098a7b52d3c7850fa414ce23a515795592d7da04ee9e1",
    "wdi_2026-07-01/ny.gdp.pcap.pp.cd/data.csv": "361ab014e883ce6881142acaf0bed29eda5aa6897ed51a6c230e58180145a96c",
    "wdi_2026-07-01/pa.nus.fcrf/data.csv": "3aae492c4e0e8e9a2633f76bf8c0b3b3b608b4d029839b82edb1592ed3db83a3",
    "wdi_2026-07-01/pa.nus.ppp/data.csv": "37daf82cbfecc8feacd8719ecf7bf9a40b087229f2d060e075b254599ab0d715",
    "wdi_2026-07-01/sp.pop.totl/data.csv": "cd7856b882884a41b3473cf74e8c85eb58d7d663d818a07e03f42ebdfb2c6b34",
}

GEM_SOURCE_ID = "ref_gem_neml_2017_rp_ghd"
GEM_AS_OF = "2023-04-08"  # date of the intermediary commit rp-ghd/rp-who-eml@3d6db48; lists collected June 2017
WDI_SOURCE_ID = "ref_wb_wdi_2026_07_01"
WDI_AS_OF = "2026-07-01"
GLOBOCAN_SOURCE_ID = "ref_iarc_globocan_2018_iarc_ice"
GLOBOCAN_AS_OF = "2018-09-05"  # data extracted from Cancer Today on this date (SOURCES.md)
ZA_SOURCE_ID = "reg_za_sep_register_2025_06_03"
ZA_AS_OF = "2025-06-03"
FR_SOURCE_ID = "reg_fr_bdpm_2026_05_29"
FR_AS_OF = "2026-05-29"
CLDR_SOURCE_ID = "ref_cldr_territory_currencies_babel"

ACCESSED = "2026-11-24"

SOURCE_COLUMNS = ["source_id", "citation", "url", "publisher", "published", "accessed", "licence", "source_type", "note"]


def layer_sources(babel_version: str = "2.18.0", fx_note: str = "") -> pd.DataFrame:
    """Rows of ``data/sources_layers.csv`` (one per file vintage cited by the layers)."""
    rows = [
        {
            "source_id": GEM_SOURCE_ID,
            "citation": "Global Essential Medicines (GEM) database: Persaud N, Jiang M, Shaikh R, et al. Comparison of "
            "essential medicines lists in 137 countries. Bull World Health Organ 2019;97:394-404C "
            "(dashboard global.essentialmeds.org; national lists collected June 2017), via github "
            "rp-ghd/rp-who-eml @ 3d6db48 (2023-04-08): products_eml.xlsx and the saved dashboard pages "
            "(list year per country)",
            "url": "https://github.com/rp-ghd/rp-who-eml/tree/3d6db48",
            "publisher": "Persaud N et al. (GEM); scraped by rp-ghd",
            "published": "2019",
            "accessed": ACCESSED,
            "licence": "no licence file in the repository; facts cited from the paper and dashboard",
            "source_type": "dataset",
            "note": "Files sha256 6aa559af...2ae2 (xlsx), 13ee1350...6694 (list years); imported by "
            "scripts/import_layers.py, not redistributed. A listing is a government commitment to public-sector "
            "supply dated by the list's own year (2001-2017), not availability; a 0 means 'not on that list'. "
            "Thalidomide listings are very likely for leprosy (no indication in the data).",
        },
        {
            "source_id": WDI_SOURCE_ID,
            "citation": "World Bank, World Development Indicators: NY.GDP.PCAP.CD, NY.GDP.PCAP.PP.CD, NY.GNP.PCAP.CD "
            "(Atlas), PA.NUS.FCRF, PA.NUS.PPP, SP.POP.TOTL, via github datasets/world-development-indicators "
            "@ 4ebec5a ('Automated data update', 2026-07-01)",
            "url": "https://github.com/datasets/world-development-indicators/tree/4ebec5a",
            "publisher": "World Bank",
            "published": "2026-07-01",
            "accessed": ACCESSED,
            "licence": "CC BY 4.0",
            "source_type": "dataset",
            "note": "Latest year 2025 for most countries (2024 or earlier for some). Aggregates dropped by joining to "
            "countries.csv. fx_rates: usd_per_unit = 1 / PA.NUS.FCRF (LCU per US$, period average), date = year. "
            + fx_note,
        },
        {
            "source_id": GLOBOCAN_SOURCE_ID,
            "citation": "International Agency for Research on Cancer (IARC), GLOBOCAN 2018 / Cancer Today (data "
            "extracted 2018-09-05): multiple myeloma incidence, both sexes, via github IARC-ICE/ediglobocanhub "
            "@ b38b6fc ('for submission v01'), file ASR_globocan.csv (removed in the next commit)",
            "url": "https://github.com/IARC-ICE/ediglobocanhub/tree/b38b6fc",
            "publisher": "International Agency for Research on Cancer (IARC)",
            "published": "2018-09",
            "accessed": ACCESSED,
            "licence": "IARC GLOBOCAN terms (cite IARC); repository code GPL-3",
            "source_type": "dataset",
            "note": "Year 2018, not current. ASR = age-standardised rate per 100,000 (world standard). 'France' is "
            "metropolitan France (overseas departments are separate rows). One row coded 'GUA' with no country "
            "name (population 165,716) is left out: the code is not ISO 3166.",
        },
        {
            "source_id": ZA_SOURCE_ID,
            "citation": "National Department of Health, South Africa, Database of Medicine Prices (Single Exit Price "
            "register), update of 2025-06-03, as SQLite mpr.db in github Code4SA/medicine-price-registry "
            "@ 5d062dc ('Update June 3')",
            "url": "https://github.com/Code4SA/medicine-price-registry/tree/5d062dc",
            "publisher": "National Department of Health, South Africa",
            "published": "2025-06-03",
            "accessed": ACCESSED,
            "licence": "official public price data; repository Apache-2.0",
            "source_type": "regulator",
            "note": "File sha256 b496af1f...c9. SEP = maximum price incl. VAT, per pack as listed. A registered "
            "product with an SEP is evidence of registration (approval), not of public funding; registration is "
            "per product, not per indication. The register's is_generic flag is unreliable (every row 'Generic').",
        },
        {
            "source_id": FR_SOURCE_ID,
            "citation": "Agence nationale de sécurité du médicament et des produits de santé (ANSM), Base de données "
            "publique des médicaments (BDPM), files CIS_bdpm.txt and CIS_CIP_bdpm.txt of 2026-05-29, via github "
            "grooxiito/pharma-perimes @ 42080218",
            "url": "https://base-donnees-publique.medicaments.gouv.fr/",
            "publisher": "ANSM / Ministère de la santé (France)",
            "published": "2026-05-29",
            "accessed": ACCESSED,
            "licence": "French public open data; licence wording not stated in the files (not checked as Licence Ouverte)",
            "source_type": "regulator",
            "note": "Intermediary copy: github grooxiito/pharma-perimes @ 42080218. CIS_bdpm.txt is cp1252 (CRLF), "
            "CIS_CIP_bdpm.txt is UTF-8. Reimbursement rates and prices exist only for pharmacy-dispensed "
            "presentations; a hospital product without a rate says nothing about funding.",
        },
        {
            "source_id": CLDR_SOURCE_ID,
            "citation": "Unicode CLDR territory currency data, as shipped in Babel "
            f"{babel_version} (PyPI; babel.numbers.get_territory_currencies, tender currencies in use on 2025-07-01)",
            "url": f"package:babel=={babel_version}",
            "publisher": "Unicode Consortium (CLDR); Babel project (package)",
            "published": "",
            "accessed": ACCESSED,
            "licence": "Unicode License (CLDR data); BSD-3-Clause (package)",
            "source_type": "registry_package",
            "note": "Currency per country used to pick the World Bank exchange-rate series. Where CLDR lists two "
            "tender currencies the first is kept (e.g. Zimbabwe USD).",
        },
    ]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


class VintageError(ValueError):
    """The file on disk is not the vintage the sources cite."""


def sha256(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def checked(shared: Path | str, rel: str) -> Path:
    """``shared/rel`` after checking its SHA-256 against the cited vintage (else :class:`VintageError`)."""
    path = Path(shared) / rel
    got = sha256(path)
    if got != SHA256[rel]:
        raise VintageError(
            f"{rel}: sha256 {got} differs from the cited vintage {SHA256[rel]}; update the source row (date, "
            "citation, hash) before importing another vintage"
        )
    return path


def _product_map(name_map: pd.DataFrame, register: str) -> dict[str, str]:
    rows = name_map[name_map["register"] == register]
    return dict(zip(rows["name"].str.strip().str.lower(), rows["drug_id"]))


# --------------------------------------------------------------------------------------
# 1. GEM national essential medicines lists
# --------------------------------------------------------------------------------------

GEM_XLSX = "gem_neml_2017/products_eml.xlsx"
GEM_META = "gem_neml_2017/gem_neml_country_meta.csv"


def build_gem_name_map(shared: Path | str) -> pd.DataFrame:
    """GEM country names -> ISO3 with hdx-python-country (exact name, else its fuzzy matcher).

    Run once and commit the result as ``data/name_map_gem.csv``; the importer reads the file.
    """
    from hdx.location.country import Country

    meta = pd.read_csv(checked(shared, GEM_META), dtype=str, keep_default_na=False)
    rows = []
    for name in meta["country"]:
        iso3 = Country.get_iso3_country_code(name, use_live=False)
        method = "hdx-python-country exact name"
        if not iso3:
            iso3, _exact = Country.get_iso3_country_code_fuzzy(name, use_live=False)
            method = "hdx-python-country fuzzy match (checked by hand)"
        if not iso3:
            raise ValueError(f"GEM country {name!r} has no ISO3 match")
        rows.append({"gem_country": name, "iso3": iso3, "method": method})
    return pd.DataFrame(rows)


def import_gem(shared: Path | str, name_map_gem: pd.DataFrame, name_map: pd.DataFrame) -> pd.DataFrame:
    """One row per (GEM country, drug of ours present in the GEM matrix).

    Cells are 0/1: 1 -> ``listed`` yes, 0 -> no ("not on that list", never "not available").
    ``list_year`` is the national list's own year (``gem_neml_country_meta.csv``).
    """
    matrix = pd.read_excel(checked(shared, GEM_XLSX))
    meta = pd.read_csv(checked(shared, GEM_META), dtype=str, keep_default_na=False)
    countries = [c for c in matrix.columns if c not in ("Product", "WHO EML")]
    assert len(countries) == 137 and set(countries) == set(meta["country"]), "GEM countries changed"
    values = set(pd.unique(matrix[countries].to_numpy().ravel()))
    assert values <= {0, 1}, f"GEM cells are not 0/1: {values}"
    iso = dict(zip(name_map_gem["gem_country"], name_map_gem["iso3"]))
    missing = sorted(set(countries) - set(iso))
    assert not missing, f"GEM countries without ISO3 in name_map_gem.csv: {missing}"
    year = dict(zip(meta["country"], meta["neml_year"].astype(int)))
    products = _product_map(name_map, "gem_neml")
    matrix = matrix.copy()
    matrix["drug_id"] = matrix["Product"].str.strip().str.lower().map(products)
    ours = matrix[matrix["drug_id"].notna()]
    assert ours["drug_id"].is_unique, "two GEM products map to one drug"
    rows = []
    for _, prod in ours.iterrows():
        for country in countries:
            listed = int(prod[country]) == 1
            y = year[country]
            note = (f"On the national EML of {y}: a commitment to public-sector supply, not evidence of availability"
                    if listed else f"Not on the national EML of {y} (not evidence of unavailability)")
            if prod["drug_id"] == "thalidomide":
                note += "; thalidomide listings are very likely for leprosy (no indication in the data)"
            rows.append({
                "iso3": iso[country], "drug_id": prod["drug_id"], "listed": "yes" if listed else "no",
                "list_year": y, "medicine_name": prod["Product"], "note": note,
                "source_id": GEM_SOURCE_ID, "as_of": GEM_AS_OF,
            })
    return pd.DataFrame(rows).sort_values(["drug_id", "iso3"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# 2. World Bank WDI
# --------------------------------------------------------------------------------------

# indicator folder -> (our indicator, unit, keep): "latest" = latest year per country, else first year kept
WDI_INDICATORS = {
    "ny.gdp.pcap.cd": ("gdp_per_capita_usd", "current US$", "latest"),
    "ny.gdp.pcap.pp.cd": ("gdp_per_capita_ppp", "current international $", "latest"),
    "ny.gnp.pcap.cd": ("gni_per_capita_atlas_usd", "current US$ (Atlas method)", "latest"),
    "sp.pop.totl": ("population", "persons", "latest"),
    "pa.nus.ppp": ("ppp_conversion_factor", "LCU per international $ (GDP)", 2000),
}
FX_FIRST_YEAR = 2000


def read_wdi(shared: Path | str, folder: str) -> pd.DataFrame:
    """One WDI indicator in long format: iso3 (may be an aggregate code), year, value."""
    path = checked(shared, f"wdi_2026-07-01/{folder}/data.csv")
    df = pd.read_csv(path, dtype={"Country Code": str}, keep_default_na=False, na_values=[""])
    assert list(df.columns) == ["Country Name", "Country Code", "Year", "Value"], f"{folder}: columns changed"
    df = df.dropna(subset=["Value"]).rename(columns={"Country Code": "iso3", "Year": "year", "Value": "value"})
    return df[["iso3", "year", "value"]].astype({"year": int, "value": float})


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def import_wdi_indicators(shared: Path | str, countries: set[str]) -> pd.DataFrame:
    """Indicators for the countries of ``countries.csv`` (aggregates such as WLD, LMC, EUU drop out)."""
    parts = []
    for folder, (indicator, unit, keep) in WDI_INDICATORS.items():
        df = read_wdi(shared, folder)
        df = df[df["iso3"].isin(countries)]
        if keep == "latest":
            df = df.sort_values("year").groupby("iso3").tail(1)
        else:
            df = df[df["year"] >= keep]
        parts.append(df.assign(indicator=indicator, unit=unit))
    out = pd.concat(parts, ignore_index=True)
    out = out.assign(value=out["value"].map(_fmt), source_id=WDI_SOURCE_ID, as_of=WDI_AS_OF)
    cols = ["iso3", "indicator", "value", "unit", "year", "source_id", "as_of"]
    return out[cols].sort_values(["iso3", "indicator", "year"]).reset_index(drop=True)


def build_country_currency(countries: pd.DataFrame, on: dt.date = dt.date(2025, 7, 1)) -> pd.DataFrame:
    """Currency in use per country from CLDR (Babel); XKX is ``XK`` in CLDR. Countries without one drop out."""
    import pycountry
    from babel.numbers import get_territory_currencies

    rows = []
    for iso3 in sorted(countries["iso3"]):
        iso2 = "XK" if iso3 == "XKX" else getattr(pycountry.countries.get(alpha_3=iso3), "alpha_2", None)
        if not iso2:
            continue
        cur = get_territory_currencies(iso2, on, tender=True, non_tender=False)
        if cur:
            rows.append({"iso3": iso3, "currency": cur[0], "source_id": CLDR_SOURCE_ID, "as_of": ACCESSED})
    return pd.DataFrame(rows)


def fx_series_choice(fcrf: pd.DataFrame, country_currency: pd.DataFrame) -> dict[str, str]:
    """Which WDI series gives each currency's rate.

    EUR: the euro-area series ``EMU``. A currency of one country: that country. A shared currency
    (XOF, XAF, XCD, AUD, ...): the issuer's series when its ISO2 prefixes the currency code (AUD ->
    AUS), else the member country with the most years (ties: first ISO3).
    """
    have = fcrf.groupby("iso3")["year"].nunique()
    choice = {}
    for cur, members in country_currency.groupby("currency")["iso3"]:
        if cur == "USD":
            continue  # 1 by definition
        if cur == "EUR" and "EMU" in have.index:
            choice[cur] = "EMU"
            continue
        cands = [m for m in sorted(members) if m in have.index]
        if not cands:
            continue
        import pycountry

        issuer = [m for m in cands if getattr(pycountry.countries.get(alpha_3=m), "alpha_2", "") == cur[:2]]
        choice[cur] = issuer[0] if issuer else max(cands, key=lambda m: (have[m], -cands.index(m)))
    return choice


def import_fx(shared: Path | str, country_currency: pd.DataFrame, existing: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Yearly USD rates (``usd_per_unit`` = 1 / LCU per US$) for 2000-latest, plus the existing rows
    of other sources (e.g. ECB 2026-10-30, "today's" rate, kept because WDI has no 2026 figure)."""
    fcrf = read_wdi(shared, "pa.nus.fcrf")
    choice = fx_series_choice(fcrf, country_currency)
    rows = []
    for cur, series in sorted(choice.items()):
        s = fcrf[(fcrf["iso3"] == series) & (fcrf["year"] >= FX_FIRST_YEAR) & (fcrf["value"] > 0)]
        for year, value in zip(s["year"], s["value"]):
            rows.append({"currency": cur, "usd_per_unit": f"{1.0 / value:.8g}", "date": str(year),
                         "source_id": WDI_SOURCE_ID, "as_of": WDI_AS_OF})
    new = pd.DataFrame(rows)
    kept = existing[existing["source_id"] != WDI_SOURCE_ID]
    out = pd.concat([kept, new], ignore_index=True)
    out = out.drop_duplicates(["currency", "date"], keep="first")
    return out.sort_values(["currency", "date"]).reset_index(drop=True), choice


def fx_gaps(prices: pd.DataFrame, fx: pd.DataFrame) -> list[str]:
    """Prices whose currency has no rate for the price's year or an earlier year (USD needs none)."""
    gaps = []
    years = {c: sorted(int(d[:4]) for d in g["date"]) for c, g in fx.groupby("currency")}
    for _, p in prices.iterrows():
        if p["currency"] == "USD":
            continue
        y = int(str(p["price_date"])[:4])
        if not any(v <= y for v in years.get(p["currency"], [])):
            gaps.append(f"{p['price_id']} ({p['currency']} {p['price_date']})")
    return gaps


# --------------------------------------------------------------------------------------
# 3. GLOBOCAN 2018
# --------------------------------------------------------------------------------------

GLOBOCAN = "globocan2018/ASR_globocan.csv"


def import_globocan(shared: Path | str, countries: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """Multiple myeloma incidence 2018, both sexes: new cases and ASR per 100,000 (world standard).

    Returns the rows and the codes left out (not in ``countries.csv``, e.g. 'GUA').
    """
    df = pd.read_csv(checked(shared, GLOBOCAN), dtype=str, keep_default_na=False)
    assert set(df["sex"]) == {"Both sexes", "Male", "Female"}, "GLOBOCAN sex coding changed"
    mm = df[(df["cancer"] == "Multiple myeloma") & (df["sex"] == "Both sexes") & (df["type"] == "cancer incidence")]
    assert mm["iso3"].is_unique
    dropped = sorted(set(mm["iso3"]) - countries)
    mm = mm[mm["iso3"].isin(countries)]
    common = {"year": 2018, "source_id": GLOBOCAN_SOURCE_ID, "as_of": GLOBOCAN_AS_OF}
    cases = pd.DataFrame({"iso3": mm["iso3"], "indicator": "mm_new_cases", "value": mm["ntotal"].astype(int).astype(str),
                          "unit": "new cases in 2018 (both sexes)", **common})
    asr = pd.DataFrame({"iso3": mm["iso3"], "indicator": "mm_incidence_asr",
                        "value": mm["ASR"].astype(float).map(lambda v: f"{v:.4f}"),
                        "unit": "per 100,000, age-standardised (world standard), both sexes", **common})
    out = pd.concat([cases, asr], ignore_index=True)
    cols = ["iso3", "indicator", "value", "unit", "year", "source_id", "as_of"]
    return out[cols].sort_values(["iso3", "indicator"]).reset_index(drop=True), dropped


# --------------------------------------------------------------------------------------
# Shared helpers for the registers
# --------------------------------------------------------------------------------------

PRICE_COLUMNS = ["price_id", "iso3", "drug_id", "route", "product", "strength_mg", "units_per_pack", "pack_price",
                 "currency", "price_type", "price_date", "source_id", "as_of", "confidence", "note"]
FACT_COLUMNS = ["iso3", "drug_id", "authorisation", "funding", "date", "confidence", "note", "source_id", "as_of"]


def _num(text: str) -> float | None:
    """'3,5' / '3.5' / '1 800' -> float; None if not a number."""
    t = str(text).strip().replace(" ", "")
    if re.fullmatch(r"\d+(,\d+)?", t):
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _g(v: float) -> str:
    return f"{v:.10g}"


# --------------------------------------------------------------------------------------
# 4. South Africa SEP register
# --------------------------------------------------------------------------------------

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
    prices, skipped, regs = [], [], {}
    for pid, g in with_strength.groupby("id", sort=True):
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
            mg, units, route = strength, pack * n, "oral"
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
        note = (f"SEP register NAPPI {p['nappi_code']}, registration {p['regno']}, dosage form {form}, "
                f"pack_size {pack:g}, num_packs {n}; {rule}")
        if drug == "bortezomib":
            note += "; bortezomib vials are for IV or SC use"
        prices.append({
            "price_id": f"zaf_sep_2025_{drug}_{p['nappi_code']}", "iso3": "ZAF", "drug_id": drug, "route": route,
            "product": p["name"], "strength_mg": _g(mg), "units_per_pack": _g(units), "pack_price": _g(round(p["sep"], 2)),
            "currency": "ZAR", "price_type": "Single exit price (incl. VAT)", "price_date": ZA_AS_OF,
            "source_id": ZA_SOURCE_ID, "as_of": ZA_AS_OF, "confidence": "verified", "note": note,
        })
    facts = [{
        "iso3": "ZAF", "drug_id": drug, "authorisation": "approved", "funding": "", "date": ZA_AS_OF,
        "confidence": "stated",
        "note": f"Registered product(s) with a single exit price in the SEP register of {ZA_AS_OF}; registration "
                f"no(s). {'; '.join(sorted(r))}. Registration is per product, not per indication; says nothing "
                "about public funding",
        "source_id": ZA_SOURCE_ID, "as_of": ZA_AS_OF,
    } for drug, r in sorted(regs.items())]
    return (pd.DataFrame(prices, columns=PRICE_COLUMNS).sort_values("price_id").reset_index(drop=True),
            pd.DataFrame(facts, columns=FACT_COLUMNS), skipped)


# --------------------------------------------------------------------------------------
# 5. France BDPM
# --------------------------------------------------------------------------------------

FR_CIS = "fr_bdpm_2026-05-29/CIS_bdpm.txt"
FR_CIP = "fr_bdpm_2026-05-29/CIS_CIP_bdpm.txt"
CIS_COLUMNS = ["cis", "name", "form", "routes", "authorisation", "procedure", "marketing", "date", "bdm_status",
               "eu_number", "holder", "enhanced_monitoring"]
CIP_COLUMNS = ["cis", "cip7", "presentation", "presentation_status", "presentation_marketing", "declaration_date",
               "cip13", "hospital_approval", "reimbursement_rate", "price", "price_with_fees", "fees", "reimbursement_text"]
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
    if m and units is not None:
        return _num(m.group(1)), units
    m = re.search(r"\s(\d+(?:,\d+)?)\s*mg/1\s*ml\b", name, flags=re.I)
    n = re.match(r"^(\d+)\s+(?:ampoule|flacon)s?(?:\(s\))?\s.*\bde\s+1\s*ml\b", presentation, flags=re.I)
    if m and n:
        return _num(m.group(1)), float(n.group(1))
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
        p = pres[(pres["drug_id"] == drug) & (pres["authorisation"] == "Autorisation active")
                 & (pres["presentation_status"] == "Présentation active")
                 & (pres["presentation_marketing"] == "Déclaration de commercialisation")]
        rated = p[p["reimbursement_rate"] != ""]
        auth = ""
        if len(marketed):
            auth = "approved"
        elif active.empty:
            auth = "withdrawn"
        funding = "funded" if len(rated) else ""
        procs = ", ".join(f"{k} x{v}" for k, v in marketed["procedure"].value_counts().sort_index().items())
        summary.append(f"{drug}: {len(prods)} products, {len(active)} active, {len(marketed)} marketed, "
                       f"{len(rated)} reimbursed presentations -> authorisation={auth or '-'}, funding={funding or '-'}")
        if not auth and not funding:
            continue
        parts = []
        if auth == "approved":
            parts.append(f"{len(marketed)} product(s) with an active authorisation and marketed ({procs})")
        elif auth == "withdrawn":
            parts.append(f"every product's authorisation withdrawn/repealed/archived ({len(prods)} products)")
        if funding:
            rates = sorted(set(rated["reimbursement_rate"].str.replace(" ", "")))
            parts.append(f"reimbursement rate {'/'.join(rates)} on {len(rated)} presentation(s), e.g. CIP13 "
                         f"{rated['cip13'].iloc[0]}")
        else:
            parts.append("no reimbursement rate in the BDPM (hospital-dispensed products have none): says nothing "
                         "about funding")
        facts.append({"iso3": "FRA", "drug_id": drug, "authorisation": auth, "funding": funding, "date": FR_AS_OF,
                      "confidence": "stated", "note": "BDPM: " + "; ".join(parts) + ". Not indication-specific",
                      "source_id": FR_SOURCE_ID, "as_of": FR_AS_OF})
        for _, r in p.iterrows():
            price = _fr_price(r["price"])
            if price is None:
                continue
            su = _fr_strength_units(r["name"], r["presentation"])
            if su is None:
                summary.append(f"  skipped price {r['cip13']} {r['name']} / {r['presentation']}: strength or units unclear")
                continue
            route = "oral" if "orale" in r["routes"] else ("SC" if "sous-cutanée" in r["routes"] else "IV")
            prices.append({
                "price_id": f"fra_bdpm_2026_{drug}_{r['cip13']}", "iso3": "FRA", "drug_id": drug, "route": route,
                "product": f"{r['name']} - {r['presentation']}", "strength_mg": _g(su[0]),
                "units_per_pack": _g(su[1]), "pack_price": _g(price), "currency": "EUR",
                "price_type": "public price excl. dispensing fee (BDPM, reimbursed presentation)",
                "price_date": FR_AS_OF, "source_id": FR_SOURCE_ID, "as_of": FR_AS_OF, "confidence": "verified",
                "note": f"CIP13 {r['cip13']}; reimbursement rate {r['reimbursement_rate']}; price incl. dispensing "
                        f"fees {r['price_with_fees']} EUR",
            })
    return (pd.DataFrame(prices, columns=PRICE_COLUMNS).sort_values("price_id").reset_index(drop=True),
            pd.DataFrame(facts, columns=FACT_COLUMNS), summary)


# --------------------------------------------------------------------------------------
# Cross-table checks
# --------------------------------------------------------------------------------------

LAYER_SOURCE_IDS = (GEM_SOURCE_ID, WDI_SOURCE_ID, GLOBOCAN_SOURCE_ID, ZA_SOURCE_ID, FR_SOURCE_ID, CLDR_SOURCE_ID)


def check_layers(ds) -> list[str]:
    """Cross-table problems of the layer tables: unknown iso3, drug_id or source_id (empty = fine)."""
    problems = []
    countries = set(ds.countries["iso3"])
    drugs = set(ds.drugs["drug_id"])
    sources = set(ds.sources["source_id"])
    tables = ("national_eml", "register_facts", "country_indicators", "fx_rates", "prices", "country_currency",
              "name_map_gem", "name_map_products")
    for name in tables:
        df = ds.tables.get(name)
        if df is None or df.empty:
            continue
        for col, known, what in (("iso3", countries, "countries.csv"), ("drug_id", drugs, "drugs.csv"),
                                 ("source_id", sources, "sources")):
            if col in df:
                bad = sorted(set(df[col].dropna()) - known)
                if bad:
                    problems.append(f"{name}: {col} not in {what}: {bad[:20]}")
    eml = ds.tables.get("national_eml")
    if eml is not None and len(eml):
        thal = eml[(eml["drug_id"] == "thalidomide") & ~eml["note"].fillna("").str.contains("leprosy")]
        if len(thal):
            problems.append(f"national_eml: {len(thal)} thalidomide rows without the leprosy caveat")
    return problems
