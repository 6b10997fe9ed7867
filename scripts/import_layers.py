"""Re-runnable importer of the evidence layers (GEM + Kenya EMLs, WDI, GLOBOCAN 2022, ZA SEP, FR BDPM, JP NHI, DZ, KE PPB, CA DPD).

Usage:  python scripts/import_layers.py [--shared ../shared/data] [--rebuild-name-map]

Reads the shared files (never copied into this repository), refuses any file whose SHA-256
differs from the cited vintage, and writes:

* data/national_eml.csv               (GEM + Kenya EML 2023)
* data/country_indicators.csv         (WDI + GLOBOCAN 2022; pypopulation 2019 rows only where WDI lacks the country)
* data/fx_rates.csv                   (WDI yearly rates 2000-latest + the existing rows of other sources)
* data/prices.csv                     (rows of the ZA, FR and JP sources replaced, every other row kept)
* data/register_facts.csv             (ZA SEP, FR BDPM, JP NHI, DZ nomenclature, KE PPB, CA DPD)
* data/country_currency.csv           (CLDR via Babel)
* data/sources_layers.csv             (citations)
* data/name_map_gem.csv               (only when absent or with --rebuild-name-map; it is reviewed data)

Running it twice gives the same files.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
from pathlib import Path

import pandas as pd

from importers import layers as L
from importers.ca_dpd import import_ca_dpd
from importers.dz_nomenclature import import_dz
from importers.globocan2022 import import_globocan2022
from importers.jp_nhi import JP_SOURCE_ID, import_jp_nhi
from importers.ke_eml import import_ke_eml
from importers.ke_ppb import import_ke_ppb
from myeloma_access import DATA_DIR, SHARED_DATA_DIR
from myeloma_access.loaders import read_csv

POP_2019_SOURCE = "ref_wb_population_2019_pypopulation"


def write(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--rebuild-name-map", action="store_true", help="re-derive data/name_map_gem.csv")
    args = parser.parse_args(argv)
    out = args.out

    try:
        for rel in L.SHA256:
            L.checked(args.shared, rel)
    except L.VintageError as exc:
        print(exc)
        return 1

    countries = read_csv(DATA_DIR / "countries.csv")
    country_ids = set(countries["iso3"])
    name_map = read_csv(DATA_DIR / "name_map_products.csv")

    # 1. GEM national EMLs
    gem_map_path = out / "name_map_gem.csv"
    if args.rebuild_name_map or not gem_map_path.exists():
        write(L.build_gem_name_map(args.shared), gem_map_path)
    gem_map = read_csv(gem_map_path)
    eml = L.import_gem(args.shared, gem_map, name_map)
    keml = import_ke_eml(args.shared, name_map)  # Kenya EML 2023: newer than GEM's Kenyan list (2016)
    eml = pd.concat([eml, keml], ignore_index=True).sort_values(["drug_id", "iso3", "list_year"]).reset_index(drop=True)
    write(eml, out / "national_eml.csv")
    listed = eml[eml["listed"] == "yes"].groupby("drug_id").size().to_dict()
    print(f"national_eml.csv: {len(eml)} rows, {eml['iso3'].nunique()} countries; lists per drug {listed}")

    # 2-3. WDI + GLOBOCAN indicators
    wdi = L.import_wdi_indicators(args.shared, country_ids)
    # GLOBOCAN 2022 is the current layer; 2018 covers no country 2022 lacks, so its rows are not kept
    glo, dropped = import_globocan2022(args.shared, country_ids)
    old = read_csv(out / "country_indicators.csv") if (out / "country_indicators.csv").exists() else pd.DataFrame()
    wdi_pop = set(wdi.loc[wdi["indicator"] == "population", "iso3"])
    keep_old = old[(old["source_id"] == POP_2019_SOURCE) & ~old["iso3"].isin(wdi_pop)] if len(old) else old
    ind = pd.concat([wdi, glo, keep_old], ignore_index=True).astype(str)
    ind = ind.sort_values(["iso3", "indicator", "year"]).reset_index(drop=True)
    write(ind, out / "country_indicators.csv")
    print(
        f"country_indicators.csv: {len(ind)} rows; WDI {len(wdi)} ({wdi['iso3'].nunique()} countries), "
        f"GLOBOCAN 2022 {len(glo)} ({glo['iso3'].nunique()} countries; left out {dropped}), "
        f"pypopulation 2019 kept for {sorted(keep_old['iso3']) if len(keep_old) else []}"
    )

    # 2. fx
    cc = L.build_country_currency(countries)
    write(cc, out / "country_currency.csv")
    fx_old = read_csv(out / "fx_rates.csv")
    fx, choice = L.import_fx(args.shared, cc, fx_old)
    write(fx, out / "fx_rates.csv")
    no_rate = sorted(set(cc["currency"]) - set(choice) - {"USD"})
    shared_cur = {c: s for c, s in choice.items() if (cc["currency"] == c).sum() > 1}
    print(
        f"fx_rates.csv: {len(fx)} rows ({(fx['source_id'] == L.WDI_SOURCE_ID).sum()} WDI, {len(choice)} currencies); "
        f"series for shared currencies {shared_cur}; currencies with no WDI rate {no_rate}"
    )
    fx_note = (
        "Series used: EUR = euro area (EMU); a shared currency uses the issuer's series (ISO 4217 prefix) "
        "else the member with most years: "
        + ", ".join(f"{c}={s}" for c, s in sorted(shared_cur.items()))
        + ". Rates are per current currency unit (WDI restates redenominated years)."
    )

    # 4-5. Registers
    za_prices, za_facts, za_skipped = L.import_za_sep(args.shared, name_map)
    fr_prices, fr_facts, fr_summary = L.import_fr_bdpm(args.shared, name_map)
    jp_prices, jp_facts, jp_skipped = import_jp_nhi(args.shared, name_map)
    dz_facts, dz_summary = import_dz(args.shared, name_map)
    ke_facts, ke_summary = import_ke_ppb(args.shared, name_map)
    ca_facts, ca_summary = import_ca_dpd(args.shared, name_map)
    prices_old = read_csv(out / "prices.csv")
    kept = prices_old[~prices_old["source_id"].isin([L.ZA_SOURCE_ID, L.FR_SOURCE_ID, JP_SOURCE_ID])]
    prices = pd.concat([kept, za_prices.astype(str), fr_prices.astype(str), jp_prices.astype(str)], ignore_index=True)[
        list(prices_old.columns)
    ]
    write(prices, out / "prices.csv")
    facts = pd.concat([za_facts, fr_facts, jp_facts, dz_facts, ke_facts, ca_facts], ignore_index=True)
    facts = facts.sort_values(["iso3", "drug_id", "date"], kind="stable")
    write(facts, out / "register_facts.csv")
    print(
        f"prices.csv: {len(prices)} rows ({len(kept)} kept, ZA {len(za_prices)}, FR {len(fr_prices)}, "
        f"JP {len(jp_prices)})"
    )
    for iso, part in (("JPN", jp_facts), ("DZA", dz_facts), ("KEN", ke_facts), ("CAN", ca_facts)):
        print(f"register_facts.csv: {iso} {len(part)} rows, drugs {sorted(set(part['drug_id']))}")
    print(f"JP items without a price row ({len(jp_skipped)}):")
    for line in jp_skipped:
        print("  " + line)
    for name, lines in (("DZ", dz_summary), ("KE PPB", ke_summary), ("CA DPD", ca_summary)):
        print(f"{name} per drug:")
        for line in lines:
            print("  " + line)
    print(
        f"register_facts.csv: ZAF {len(za_facts)} drugs {sorted(za_facts['drug_id'])}; "
        f"FRA {len(fr_facts)} drugs {sorted(fr_facts['drug_id'])}"
    )
    print(f"ZA products skipped for prices ({len(za_skipped)}):")
    for line in za_skipped:
        print("  " + line)
    print("FR per drug:")
    for line in fr_summary:
        print("  " + line)
    gaps = L.fx_gaps(prices, fx)
    print(f"prices without a rate for their year or an earlier one: {gaps or 'none'}")

    # sources
    write(L.layer_sources(md.version("babel"), fx_note), out / "sources_layers.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
