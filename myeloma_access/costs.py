"""Drug cost of a 28-day cycle, converted to US dollars with cited exchange rates of the price's own year
(and at today's rate, labelled).

Stated assumptions (shown in the app): body weight 70 kg, body-surface area 1.8 m2,
drug cost only (no administration, monitoring or wastage: cost is proportional to the
milligrams given), the lowest listed price per mg in the country for that drug and
route. A missing price or exchange rate makes the cost unknown, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

WEIGHT_KG = 70.0
BSA_M2 = 1.8
CYCLES_PER_YEAR = 365.25 / 28


def mg_per_administration(dose: float, unit: str, weight_kg: float = WEIGHT_KG, bsa_m2: float = BSA_M2) -> float:
    """Absolute mg for one administration of a dose in mg, mg/m2 or mg/kg."""
    if unit == "mg":
        return float(dose)
    if unit == "mg/m2":
        return float(dose) * bsa_m2
    if unit == "mg/kg":
        return float(dose) * weight_kg
    raise ValueError(f"unknown dose unit {unit!r}")


def price_per_mg(prices: pd.DataFrame) -> pd.DataFrame:
    """Add ``per_mg`` (pack price / mg in the pack) to a prices table."""
    mg = prices["strength_mg"].astype(float) * prices["units_per_pack"].astype(float)
    return prices.assign(per_mg=prices["pack_price"].astype(float) / mg)


def _year(partial_date) -> int | None:
    text = (
        "" if partial_date is None or (isinstance(partial_date, float) and pd.isna(partial_date)) else str(partial_date)
    )
    return int(text[:4]) if text[:4].isdigit() else None


def usd_rate(fx: pd.DataFrame, currency: str, year: int | None = None) -> tuple[float, dict] | None:
    """US dollars per unit of ``currency``: of ``year`` (a price's own year), or the latest.

    With a year, the rate of that year is used (a yearly average ``YYYY`` row first, else
    the last dated rate within the year); without one for that year, the nearest earlier
    year's, and the returned info says which year was used. Without a year: the latest
    rate ("today's"). USD is 1. None when no cited rate fits.
    """
    if currency == "USD":
        return 1.0, {"source_id": None, "date": None}
    rows = fx[fx["currency"] == currency]
    if rows.empty:
        return None
    rows = rows.assign(_year=rows["date"].map(_year), _yearly=rows["date"].str.len() == 4)
    if year is not None:
        rows = rows[rows["_year"] <= year]
        if rows.empty:
            return None
        best_year = rows["_year"].max()
        rows = rows[rows["_year"] == best_year].sort_values(["_yearly", "date"])
        row = rows[rows["_yearly"]].iloc[-1] if rows["_yearly"].any() else rows.iloc[-1]
    else:
        row = rows.sort_values("date").iloc[-1]
    return float(row["usd_per_unit"]), {"source_id": row["source_id"], "date": row["date"]}


NO_DOSE, NO_PRICE, NO_RATE = "no standard dose", "no price", "no exchange rate"


@dataclass(frozen=True)
class Missing:
    """Why one drug of a regimen is not costed: a typed reason (``NO_DOSE``, ``NO_PRICE``, ``NO_RATE``), never prose
    that other code parses back. ``route`` is set for a missing price; ``detail`` for a missing rate."""

    drug_id: str
    reason: str
    route: str | None = None
    detail: str = ""

    def text(self, label: str | None = None) -> str:
        """'Daratumumab (D) (SC): no price' (``label`` names the drug; its id otherwise)."""
        who = (label or self.drug_id) + (f" ({self.route})" if self.route else "")
        return f"{who}: {self.reason}" + (f" {self.detail}" if self.detail else "")

    def __str__(self) -> str:
        return self.text()


@dataclass
class CycleCost:
    """Cost of one regimen's 28-day cycle in one country.

    ``usd``: each price converted at the exchange rate of its own year; ``usd_today``:
    at the latest cited rate. Both None when any drug is unpriced (never zero).
    """

    regimen_id: str
    iso3: str
    usd: float | None
    usd_today: float | None = None
    components: list[dict] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.usd is not None


def select_phase(doses: pd.DataFrame, phase: str = "first") -> pd.DataFrame:
    """Per drug, the dose rows of the first listed cycle phase (or the last, 'later')."""
    if doses.empty:
        return doses
    chosen = []
    for _, group in doses.groupby("drug_id", sort=False):
        phases = list(dict.fromkeys(group["cycle_phase"]))
        pick = phases[0] if phase == "first" else phases[-1]
        chosen.append(group[group["cycle_phase"] == pick])
    return pd.concat(chosen)


def cycle_cost(
    regimen_id: str,
    iso3: str,
    regimen_drugs: pd.DataFrame,
    doses: pd.DataFrame,
    prices: pd.DataFrame,
    fx: pd.DataFrame,
    phase: str = "first",
) -> CycleCost:
    """Drug cost of one 28-day cycle of ``regimen_id`` in ``iso3`` (USD).

    Unknown (``usd=None``) if any drug of the regimen lacks a dose row, a price in that
    country for the dosed route, or an exchange rate; ``missing`` says which. The lowest
    price per mg in the country for the drug and route is used.
    """
    drugs = regimen_drugs.loc[regimen_drugs["regimen_id"] == regimen_id, "drug_id"].tolist()
    reg_doses = select_phase(doses[doses["regimen_id"] == regimen_id], phase)
    country_prices = price_per_mg(prices[prices["iso3"] == iso3]) if len(prices) else prices
    result = CycleCost(regimen_id, iso3, None)
    total = total_today = 0.0
    for drug in drugs:
        d_rows = reg_doses[reg_doses["drug_id"] == drug]
        if d_rows.empty:
            result.missing.append(Missing(drug, NO_DOSE))
            continue
        for d in d_rows.to_dict("records"):
            p = country_prices[(country_prices["drug_id"] == drug) & (country_prices["route"] == d["route"])]
            if p.empty:
                result.missing.append(Missing(drug, NO_PRICE, route=d["route"]))
                break
            best = p.sort_values(["per_mg", "price_id"]).iloc[0]
            rate = usd_rate(fx, best["currency"], _year(best["price_date"]))
            today = usd_rate(fx, best["currency"])
            if rate is None or today is None:
                detail = f"for {best['currency']} in {best['price_date']}"
                result.missing.append(Missing(drug, NO_RATE, detail=detail))
                break
            mg = mg_per_administration(d["dose"], d["dose_unit"]) * float(d["administrations_per_28d"])
            local = mg * best["per_mg"]
            total += local * rate[0]
            total_today += local * today[0]
            result.components.append(
                {
                    "drug_id": drug,
                    "route": d["route"],
                    "mg_per_cycle": round(mg, 1),
                    "price_id": best["price_id"],
                    "currency": best["currency"],
                    "local_cost": round(local, 2),
                    "usd": round(local * rate[0], 2),
                    "usd_today": round(local * today[0], 2),
                    "fx_date": rate[1]["date"],
                    "price_source_id": best["source_id"],
                    "price_date": best["price_date"],
                    "fx_source_id": rate[1]["source_id"],
                }
            )
    if not result.missing and drugs:
        result.usd = round(total, 2)
        result.usd_today = round(total_today, 2)
    return result


def months_of_gdp(cycle_usd: float | None, gdp_per_capita_usd: float | None) -> float | None:
    """A cycle's cost in months of GDP per capita (cost / (GDP per capita / 12)); None if either is unknown."""
    if cycle_usd is None or gdp_per_capita_usd is None or pd.isna(gdp_per_capita_usd) or gdp_per_capita_usd <= 0:
        return None
    return cycle_usd / (float(gdp_per_capita_usd) / 12)
