"""World Bank WDI (2026-07-01) -> ``country_indicators`` and yearly ``fx_rates``; CLDR currencies -> ``country_currency``.

Citation, repository copy and hashes: ``wdi.json`` (and ``cldr.json``) beside this module."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .common import _fmt, checked, source_meta

_META = source_meta("wdi")
WDI_SOURCE_ID = _META["source_id"]
WDI_AS_OF = _META["as_of"]
CLDR_SOURCE_ID = source_meta("cldr")["source_id"]
ACCESSED = source_meta("cldr")["accessed"]
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
            rows.append(
                {
                    "currency": cur,
                    "usd_per_unit": f"{1.0 / value:.8g}",
                    "date": str(year),
                    "source_id": WDI_SOURCE_ID,
                    "as_of": WDI_AS_OF,
                }
            )
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
