"""Derived disparity views: cost and affordability, people affected, access over time, country comparison.

Pure functions of an :class:`~myeloma_access.model.AccessModel` (no Streamlit). Every number
comes from a data row; unknown is ``None``, never 0.

* **Cost** (:func:`cost_table`, :func:`price_rows`): the 28-day cycle cost of :mod:`costs`
  (same dose rows, same lowest-price-per-mg rule), optionally of one drug of a regimen at that
  regimen's dose, expressed as US$ at the price year's rate, US$ at today's rate, PPP dollars
  (each price in local currency / the World Bank PPP conversion factor PA.NUS.PPP — local
  currency units per international $ — of the price's year, or the nearest earlier year) and
  months of GDP per capita (cycle US$ at the price year's rate / (GDP per capita in current US$
  of its latest year / 12)).
* **People affected** (:func:`people_affected`, :func:`people_usable`): GLOBOCAN 2022 new
  myeloma cases summed by access class, overall and by WHO region and income group.
* **Access over time** (:func:`first_approvals`, :func:`status_by_year`): each jurisdiction's
  earliest dated approval (the EU central authorisation is one jurisdiction, "EU/EEA") and the
  lag from the first approval anywhere; countries per status class as of each year's end.
* **Compare** (:func:`compare_matrix`, :func:`compare_usable`, :func:`compare_costs`).
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date
from typing import Any

import pandas as pd

from . import costs as costs_mod
from .labels import INCOME_GROUPS, WHO_REGIONS
from .status import BASIS_PRIORITY, CONFIDENCE_ORDER, NO_DATA, STATUS_BY_ID, STATUS_CLASSES, period_start

EU = "EU/EEA"
BASES = {
    "usd": "US$ (exchange rate of each price's year)",
    "usd_today": "US$ (today's exchange rate)",
    "ppp": "PPP dollars (international $)",
    "gdp_months": "Months of GDP per capita",
}
BASIS_SHORT = {
    "usd": "US$ at price-year rate",
    "usd_today": "US$ at today's rate",
    "ppp": "PPP $",
    "gdp_months": "months of GDP per capita",
}
KEY_REGIMENS = ("drd", "krd", "dvd", "kd", "pvd", "rd", "vd", "vcd")
GLOBOCAN_YEAR = 2022  # the current people-affected layer (IARC GLOBOCAN 2022, year 2022)
NOT_CLASSIFIED = "Not classified"
APPROVAL_BASES = ("regulatory_event", "regional_authorisation")
EVIDENCE_KIND = {
    "regional_authorisation": "EU central authorisation (EMA/European Commission)",
    "regulatory_event": "Regulator or payer event",
    "territorial_authorisation": "US federal approval (FDA), valid in the US territories",
    "country_fact": "Report, survey or publication (first evidence, not necessarily the approval date)",
    "register": "National register snapshot (date of the snapshot, not of the approval)",
}
USABLE_CLASSES = {
    "usable": "At least one recommended regimen usable",
    "none": "No recommended regimen usable (all blocked)",
    "unknown": "None known to be usable (missing data)",
}


# ---- reference indicators ---------------------------------------------------------------
def indicator(model, name: str) -> pd.DataFrame:
    """iso3, value, year, source_id of one indicator (the latest year per country)."""
    ci = model.ds.tables.get("country_indicators")
    if ci is None or ci.empty:
        return pd.DataFrame(columns=["iso3", "value", "year", "source_id"])
    sub = ci[ci["indicator"] == name].sort_values(["iso3", "year"])
    return sub.groupby("iso3", as_index=False).last()[["iso3", "value", "year", "source_id"]]


def ppp_factor(model, iso3: str, year: int | None) -> tuple[float, int] | None:
    """PPP conversion factor (local currency units per international $) of ``year`` or the nearest earlier year."""
    if year is None:
        return None
    ci = model.ds.tables.get("country_indicators")
    if ci is None or ci.empty:
        return None
    rows = ci[(ci["indicator"] == "ppp_conversion_factor") & (ci["iso3"] == iso3) & (ci["year"] <= year)]
    rows = rows[rows["value"].notna() & (rows["value"] > 0)]
    if rows.empty:
        return None
    best = rows.sort_values("year").iloc[-1]
    return float(best["value"]), int(best["year"])


def new_cases(model) -> dict[str, float]:
    """{iso3: GLOBOCAN 2022 new myeloma cases} (countries without an estimate are absent)."""
    t = indicator(model, "mm_new_cases")
    t = t[t["year"] == GLOBOCAN_YEAR]
    return dict(zip(t["iso3"], t["value"].astype(float)))


# ---- cost and affordability -------------------------------------------------------------
def costed_options(model) -> dict[str, str]:
    """Regimens with dose rows: id -> 'DRd — Daratumumab + lenalidomide + dexamethasone'."""
    dosed = set(model.ds.regimen_doses["regimen_id"])
    r = model.ds.regimens
    return {i: f"{a} — {n}" for i, a, n in zip(r["regimen_id"], r["abbreviation"], r["name"]) if i in dosed}


def regimen_drug_ids(model, regimen_id: str) -> list[str]:
    rd = model.ds.regimen_drugs
    return rd.loc[rd["regimen_id"] == regimen_id, "drug_id"].tolist()


CYCLES = {  # which 28-day cycle is priced (costs.select_phase): URL value -> words in source lines and CSVs
    "first": "the first cycle",
    "later": "a later cycle (the regimen's last dosing phase, e.g. DRd cycle 7+)",
}
CYCLE_CHOICES = {"first": "First cycle", "later": "A later cycle (steady state)"}  # the control's labels
assert set(CYCLE_CHOICES) == set(CYCLES), "one label per cycle choice"


def _cycle(model, regimen_id: str, iso3: str, drug: str | None, phase: str = "first") -> costs_mod.CycleCost:
    """The cycle cost of a regimen, or of one of its drugs at that regimen's dose (same rule as :mod:`costs`)."""
    if not drug:
        return model.cycle_cost(regimen_id, iso3, phase)
    ds = model.ds
    rd = ds.regimen_drugs[(ds.regimen_drugs["regimen_id"] == regimen_id) & (ds.regimen_drugs["drug_id"] == drug)]
    return costs_mod.cycle_cost(regimen_id, iso3, rd, ds.regimen_doses, ds.prices, ds.fx_rates, phase)


def _currency_of(model) -> dict[str, str]:
    cc = model.ds.tables.get("country_currency")
    return {} if cc is None else dict(zip(cc["iso3"], cc["currency"]))


def unmapped_cases(model) -> dict[str, float]:
    """GLOBOCAN 2022 new cases of territories not drawn separately on the map (left out of the sums)."""
    mapped = set(model.countries["iso3"])
    return {i: n for i, n in new_cases(model).items() if i not in mapped}


def gdp_lookup(model) -> dict[str, tuple[float, int]]:
    """{iso3: (GDP per capita in current US$, its year)} (latest year per country)."""
    g = indicator(model, "gdp_per_capita_usd")
    return {i: (float(v), int(y)) for i, v, y in zip(g["iso3"], g["value"], g["year"]) if pd.notna(v)}


def cost_row(
    model, regimen_id: str, iso3: str, drug: str | None = None, gdp: dict | None = None, phase: str = "first"
) -> dict:
    """One country's cycle cost on every basis, with the prices used and what is unpriced."""
    wanted = [drug] if drug else regimen_drug_ids(model, regimen_id)
    labels = model.drug_labels
    row: dict[str, Any] = {
        "iso3": iso3,
        "usd": None,
        "usd_today": None,
        "ppp": None,
        "gdp_months": None,
        "gdp_per_capita_usd": None,
        "gdp_year": None,
        "ppp_years": "",
        "fx_years": "",
        "today_fx_date": "",
        "local_cost": None,
        "currency": "",
        "price_ids": "",
        "prices_used": "",
        "priced_drugs": "",
        "unpriced_drugs": "",
        "missing": "",
        "missing_reasons": "",  # the typed reasons (costs.NO_DOSE, NO_PRICE, NO_RATE), comma-separated
        "ppp_note": "",
    }
    own_gdp = (gdp if gdp is not None else gdp_lookup(model)).get(iso3)
    if own_gdp is not None:
        row["gdp_per_capita_usd"], row["gdp_year"] = own_gdp
    if iso3 not in set(model.ds.prices["iso3"]):
        row["unpriced_drugs"] = ", ".join(labels.get(d, d) for d in wanted)
        row["missing"] = "No price in the data for any drug in this country"
        return row
    c = _cycle(model, regimen_id, iso3, drug, phase)
    prices = model.ds.prices.set_index("price_id")
    missing_drugs = [m.drug_id for m in c.missing]
    priced = [comp["drug_id"] for comp in c.components]
    row["priced_drugs"] = ", ".join(labels.get(d, d) for d in dict.fromkeys(priced))
    row["unpriced_drugs"] = ", ".join(labels.get(d, d) for d in dict.fromkeys(missing_drugs))
    row["missing"] = "; ".join(m.text(labels.get(m.drug_id)) for m in c.missing)
    row["missing_reasons"] = ", ".join(dict.fromkeys(m.reason for m in c.missing))
    used = []
    for comp in c.components:
        p = prices.loc[comp["price_id"]]
        used.append(
            f"{labels.get(comp['drug_id'], comp['drug_id'])}: {p['product']} — {comp['currency']} "
            f"{p['pack_price']:,.2f} per pack ({comp['price_date']}; {model.source_citation(comp['price_source_id'])}) "
            f"[{comp['price_id']}]"
        )
    row["prices_used"] = "\n".join(used)
    row["price_ids"] = ", ".join(comp["price_id"] for comp in c.components)
    if not c.known:
        return row
    currencies = {comp["currency"] for comp in c.components}
    # A local-currency total only where every price is in one currency (never GBP + USD added together).
    local = round(sum(comp["local_cost"] for comp in c.components), 2) if len(currencies) == 1 else None
    row.update(
        usd=c.usd,
        usd_today=c.usd_today,
        local_cost=local,
        currency=", ".join(sorted(currencies)),
        fx_years=", ".join(dict.fromkeys(str(comp["fx_date"]) for comp in c.components if comp["fx_date"] is not None)),
    )
    today = {cur: costs_mod.usd_rate(model.ds.fx_rates, cur) for cur in currencies}
    row["today_fx_date"] = ", ".join(sorted({str(t[1]["date"]) for t in today.values() if t and t[1]["date"]}))
    local_currency = _currency_of(model).get(iso3)
    ppp_total, years, problem = 0.0, [], ""
    for comp in c.components:
        if comp["currency"] != local_currency:
            problem = (
                f"price in {comp['currency']}, not the local currency {local_currency}"
                if local_currency
                else f"price in {comp['currency']}; the country's local currency is not in the data"
            )
            break
        factor = ppp_factor(model, iso3, costs_mod._year(comp["price_date"]))
        if factor is None:
            problem = f"no PPP conversion factor for {comp['price_date']} or earlier"
            break
        ppp_total += comp["local_cost"] / factor[0]
        years.append(str(factor[1]))
    if problem:
        row["ppp_note"] = problem
    else:
        row["ppp"] = round(ppp_total, 2)
        row["ppp_years"] = ", ".join(dict.fromkeys(years))
    if own_gdp is not None:
        row["gdp_months"] = costs_mod.months_of_gdp(c.usd, own_gdp[0])
    return row


def cost_table(model, regimen_id: str, drug: str | None = None, iso3s=None, phase: str = "first") -> pd.DataFrame:
    """One row per mapped country (or per ``iso3s``): the cycle cost on every basis (None = no price).

    Columns: iso3, name, who_region, income_group, priced (bool), usd, usd_today, ppp, gdp_months,
    gdp_per_capita_usd, gdp_year, ppp_years, fx_years, today_fx_date, local_cost, currency,
    price_ids, prices_used, priced_drugs, unpriced_drugs, missing, ppp_note.
    """
    countries = model.countries[["iso3", "name", "who_region", "income_group"]]
    if iso3s is not None:
        countries = countries.set_index("iso3").loc[[i for i in iso3s if i in set(countries["iso3"])]].reset_index()
    gdp = gdp_lookup(model)
    rows = [cost_row(model, regimen_id, iso3, drug, gdp, phase) for iso3 in countries["iso3"]]
    out = countries.reset_index(drop=True).join(pd.DataFrame(rows).drop(columns="iso3"))
    out["priced"] = out["usd"].notna()
    out = out.astype(object)
    out = out.where(out.notna(), None)
    out["gdp_year"] = pd.Series(
        [int(y) if y is not None else None for y in out["gdp_year"]], index=out.index, dtype=object
    )
    return out


def price_rows(model, regimen_id: str, iso3s, drug: str | None = None, phase: str = "first") -> pd.DataFrame:
    """Every price a cycle cost uses in ``iso3s``: one row per drug and route, with its citation."""
    prices = model.ds.prices.set_index("price_id")
    rows = []
    for iso3 in iso3s:
        if iso3 not in set(model.ds.prices["iso3"]):
            continue
        c = _cycle(model, regimen_id, iso3, drug, phase)
        for comp in c.components:
            p = prices.loc[comp["price_id"]]
            ppp = ppp_factor(model, iso3, costs_mod._year(comp["price_date"]))
            rows.append(
                {
                    "iso3": iso3,
                    "country": model.country_name(iso3),
                    "drug_id": comp["drug_id"],
                    "drug": model.drug_labels.get(comp["drug_id"], comp["drug_id"]),
                    "route": comp["route"],
                    "mg_per_cycle": comp["mg_per_cycle"],
                    "price_id": comp["price_id"],
                    "product": p["product"],
                    "pack_price": float(p["pack_price"]),
                    "currency": comp["currency"],
                    "price_type": p["price_type"],
                    "price_date": comp["price_date"],
                    "local_cost": comp["local_cost"],
                    "usd": comp["usd"],
                    "fx_year": comp["fx_date"],
                    "usd_today": comp["usd_today"],
                    "ppp_factor": ppp[0] if ppp else None,
                    "ppp_year": ppp[1] if ppp else None,
                    "source_id": comp["price_source_id"],
                    "citation": model.source_citation(comp["price_source_id"]),
                    "url": model.source_url(comp["price_source_id"]),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "iso3",
            "country",
            "drug_id",
            "drug",
            "route",
            "mg_per_cycle",
            "price_id",
            "product",
            "pack_price",
            "currency",
            "price_type",
            "price_date",
            "local_cost",
            "usd",
            "fx_year",
            "usd_today",
            "ppp_factor",
            "ppp_year",
            "source_id",
            "citation",
            "url",
        ],
    )


# ---- people affected --------------------------------------------------------------------
def _people(model, classes: pd.DataFrame, order: dict[str, str]) -> pd.DataFrame:
    """Sum GLOBOCAN 2022 new cases by class: world, WHO region, income group.

    ``classes``: iso3, who_region, income_group, cls. Output (long): dimension (World / WHO region
    / Income group), group (a human label), cls, label, new_cases (int; countries without an
    estimate add nothing), countries, countries_with_estimate.
    """
    cases = new_cases(model)
    t = classes.assign(new_cases=classes["iso3"].map(cases))
    t["who"] = t["who_region"].map(
        lambda c: WHO_REGIONS.get(c, NOT_CLASSIFIED) if isinstance(c, str) and c else NOT_CLASSIFIED
    )
    t["inc"] = t["income_group"].map(
        lambda c: INCOME_GROUPS.get(c, NOT_CLASSIFIED) if isinstance(c, str) and c else NOT_CLASSIFIED
    )
    t["world"] = "World"
    rows = []
    group_order = {
        "World": ["World"],
        "WHO region": [*WHO_REGIONS.values(), NOT_CLASSIFIED],
        "Income group": [*INCOME_GROUPS.values(), NOT_CLASSIFIED],
    }
    for dimension, col in (("World", "world"), ("WHO region", "who"), ("Income group", "inc")):
        for group in group_order[dimension]:
            g = t[t[col] == group]
            if g.empty:
                continue
            for cls, label in order.items():
                sub = g[g["cls"] == cls]
                rows.append(
                    {
                        "dimension": dimension,
                        "group": group,
                        "cls": cls,
                        "label": label,
                        "new_cases": round(sub["new_cases"].sum()) if len(sub) else 0,
                        "countries": len(sub),
                        "countries_with_estimate": int(sub["new_cases"].notna().sum()),
                    }
                )
    return pd.DataFrame(
        rows, columns=["dimension", "group", "cls", "label", "new_cases", "countries", "countries_with_estimate"]
    )


def people_affected(model, map_table: pd.DataFrame) -> pd.DataFrame:
    """New myeloma cases a year (GLOBOCAN 2022) by the access status of a map table."""
    t = map_table[["iso3", "who_region", "income_group", "status"]].rename(columns={"status": "cls"})
    return _people(model, t, {s.id: s.label for s in STATUS_CLASSES})


def usable_class(usable: int, unknown: int) -> str:
    """'usable' (≥1 usable), 'unknown' (none usable, some unknown), 'none' (none usable, none unknown)."""
    if usable > 0:
        return "usable"
    return "unknown" if unknown > 0 else "none"


def people_usable(model, counts: pd.DataFrame) -> pd.DataFrame:
    """New myeloma cases a year (GLOBOCAN 2022) by whether any recommended regimen is usable (``usable_counts``)."""
    t = counts.assign(cls=[usable_class(u, k) for u, k in zip(counts["usable"], counts["unknown"])])
    return _people(model, t[["iso3", "who_region", "income_group", "cls"]], USABLE_CLASSES)


def people_summary(people: pd.DataFrame) -> dict:
    """World totals: {'total': M, 'countries_with_estimate': n, cls: new cases, ...}."""
    w = people[people["dimension"] == "World"]
    out = {"total": int(w["new_cases"].sum()), "countries_with_estimate": int(w["countries_with_estimate"].sum())}
    out.update({cls: int(n) for cls, n in zip(w["cls"], w["new_cases"])})
    return out


STATUS_WHERE = {  # the people sentence's words for each status class ("... live where ...")
    "publicly_funded": "live where",
    "publicly_funded_some": "where it is publicly funded for some indications",
    "approved": "where it is approved but its funding is unknown",
    "not_funded": "where patients pay (not publicly funded)",
    "not_approved": "where it is not approved or not marketed",
    "withdrawn": "where it was withdrawn",
    NO_DATA: "where there is no data",
}
assert set(STATUS_WHERE) == set(STATUS_BY_ID), "one phrase per status class"


def _and_join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def people_sentence(people: pd.DataFrame, subject: str, what: str = "status") -> str:
    """'N of the M people … live where <subject> is publicly funded; K live where there is no data.'"""
    s = people_summary(people)
    head = (
        f"Of the **{s['total']:,}** people newly diagnosed with myeloma each year in the "
        f"{s['countries_with_estimate']} countries with a GLOBOCAN {GLOBOCAN_YEAR} estimate, "
    )
    if what == "status":
        # every group with people in it, in the legend's order (the largest is never left out)
        parts = [
            f"**{s.get(cls, 0):,}** {where}"
            for cls, where in STATUS_WHERE.items()
            if s.get(cls, 0) or cls in ("publicly_funded", NO_DATA)
        ]
        return head + _and_join([f"{parts[0]} {subject} has a sourced publicly funded status", *parts[1:]]) + "."
    return head + (
        f"**{s.get('usable', 0):,}** live where at least one regimen recommended for {subject} is usable, "
        f"**{s.get('none', 0):,}** where none is, and **{s.get('unknown', 0):,}** where it is unknown "
        "(missing data)."
    )


# ---- access over time -------------------------------------------------------------------
def first_evidence_year(model, drug_id: str, floor: int = 2000) -> int:
    """The first year of the year-by-year view: the drug's earliest dated fact, not before ``floor``
    (this year when nothing is dated)."""
    f = model.facts
    years = f.loc[(f["drug_id"] == drug_id) & f["date"].notna(), "date"].astype(str).str[:4]
    return max(floor, min((int(y) for y in years if y.isdigit()), default=model.today.year))


def _lag_years(start: date | None, first: date | None) -> float | None:
    if start is None or first is None:
        return None
    return round((start - first).days / 365.25, 1)


def _precision(partial) -> str:
    n = len(str(partial).split("-"))
    return {1: "year", 2: "month"}.get(n, "day")


def first_approvals(model, drug_id: str, approvals_only: bool = True) -> pd.DataFrame:
    """Each jurisdiction's earliest dated approval of a drug and its lag from the first approval anywhere.

    From the facts with ``authorisation == approved`` and a date. The EU central authorisation
    (EMA rows and EU events) is one jurisdiction, "EU/EEA"; a member state's own facts are left
    out when the EU row exists. ``approvals_only`` keeps regulator events and the EU authorisation
    (dates of approvals); otherwise reports, surveys and register snapshots count too (their date
    is when the evidence was published, an upper bound on the approval date). On equal dates the
    more specific basis, then the stronger confidence, represents the jurisdiction.

    Columns: jurisdiction (iso3 or 'EU/EEA'), name, date (as in the data), date_start, precision,
    lag_years (1 decimal; 0.0 for the first), first (bool), basis, evidence, confidence,
    source_id, citation, url, note, who_region, income_group. Sorted by date.
    """
    f = model.facts
    f = f[(f["drug_id"] == drug_id) & (f["authorisation"] == "approved") & f["date"].notna()]
    f = f[f["basis"] != "territorial_authorisation"]  # the FDA approval counts once, for the USA
    if approvals_only:
        f = f[f["basis"].isin(APPROVAL_BASES)]
    f = f.assign(jurisdiction=f["iso3"].where(f["basis"] != "regional_authorisation", EU))
    if (f["jurisdiction"] == EU).any():
        f = f[~((f["jurisdiction"] != EU) & f["iso3"].isin(model.eu_members))]
    cols = [
        "jurisdiction",
        "name",
        "date",
        "date_start",
        "precision",
        "lag_years",
        "first",
        "basis",
        "evidence",
        "confidence",
        "source_id",
        "citation",
        "url",
        "note",
        "who_region",
        "income_group",
    ]
    if f.empty:
        return pd.DataFrame(columns=cols)
    f = f.assign(
        date_start=f["date"].map(period_start),
        _prio=f["basis"].map(BASIS_PRIORITY).fillna(0),
        _conf=f["confidence"].map(CONFIDENCE_ORDER).fillna(9),
    )
    f = f.sort_values(
        ["jurisdiction", "date_start", "_prio", "_conf", "source_id"], ascending=[True, True, False, True, True]
    )
    # One whole fact per jurisdiction (groupby().first() would fill a missing note or URL from another fact).
    first = f.drop_duplicates("jurisdiction", keep="first").reset_index(drop=True)
    eu_note = "EU central marketing authorisation, valid in the EU/EEA member states"
    ref = model.countries.set_index("iso3")
    first_date = first["date_start"].min()
    out = pd.DataFrame(
        {
            "jurisdiction": first["jurisdiction"],
            "name": [EU if j == EU else model.country_name(j) for j in first["jurisdiction"]],
            "date": first["date"],
            "date_start": first["date_start"],
            "precision": first["date"].map(_precision),
            "lag_years": [_lag_years(d, first_date) for d in first["date_start"]],
            "first": first["date_start"] == first_date,
            "basis": first["basis"],
            "evidence": first["basis"].map(EVIDENCE_KIND),
            "confidence": first["confidence"],
            "source_id": first["source_id"],
            "citation": first["citation"].fillna(""),
            "url": first["url"].fillna(""),
            "note": [
                eu_note + f" ({n})" if j == EU and isinstance(n, str) and "EU central" not in n else n
                for j, n in zip(first["jurisdiction"], first["note"])
            ],
            "who_region": [ref["who_region"].get(j) if j in ref.index else None for j in first["jurisdiction"]],
            "income_group": [ref["income_group"].get(j) if j in ref.index else None for j in first["jurisdiction"]],
        }
    )
    return out.sort_values(["date_start", "name"]).reset_index(drop=True)[cols]


def status_by_year(model, drug_id: str, years) -> pd.DataFrame:
    """Mapped countries per status class as of the end of each year (the map's own rule, ``statuses(year)``).

    Columns: year, status, label, countries. 'No data' is included so each year sums to the
    number of mapped countries.
    """
    mapped = set(model.countries["iso3"])
    n = len(mapped)
    rows = []
    for year in years:
        st = model.statuses(int(year))
        st = st[(st["drug_id"] == drug_id) & st["iso3"].isin(mapped)]
        counts = st["status"].value_counts()
        for s in STATUS_CLASSES:
            k = n - len(st) if s.id == "no_data" else int(counts.get(s.id, 0))
            if s.id == "no_data":
                k += int(counts.get("no_data", 0))
            rows.append({"year": int(year), "status": s.id, "label": s.label, "countries": k})
    return pd.DataFrame(rows, columns=["year", "status", "label", "countries"])


# ---- compare countries ------------------------------------------------------------------
def compare_matrix(model, iso3s, drug_ids=None) -> pd.DataFrame:
    """Drug × country statuses (long): drug_id, drug, iso3, country, status, label, evidence_date,
    confidence, stale, source_id, citation, url, note — the same row the access map shows."""

    drug_ids = list(drug_ids or model.drugs["drug_id"])
    st = model.statuses()
    st = st[st["iso3"].isin(iso3s) & st["drug_id"].isin(drug_ids)]
    found = {(r["iso3"], r["drug_id"]): r for r in st.to_dict("records")}
    ref = model.countries.set_index("iso3")
    Country = namedtuple("Country", "iso3 name who_region income_group")
    rows = []
    for d in drug_ids:
        for iso3 in iso3s:
            c = Country(iso3, model.country_name(iso3), ref["who_region"].get(iso3), ref["income_group"].get(iso3))
            r = found.get((iso3, d))
            status = r["status"] if r else NO_DATA
            row = model._status_row(c, status, r)
            row.update(drug_id=d, drug=model.drug_labels.get(d, d), country=c.name, label=STATUS_BY_ID[status].label)
            rows.append(row)
    cols = [
        "drug_id",
        "drug",
        "iso3",
        "country",
        "status",
        "label",
        "evidence_date",
        "confidence",
        "stale",
        "source_id",
        "citation",
        "url",
        "note",
    ]
    out = pd.DataFrame(rows)[cols].astype(object)
    return out.where(out.notna(), None)


def compare_usable(model, iso3s, query) -> pd.DataFrame:
    """Per country: recommended regimens usable / blocked / unknown for a :class:`~myeloma_access.finder.FinderQuery`.

    Refractory-conflict regimens count as recommended but never as usable, blocked or unknown.
    """
    abbr = dict(zip(model.ds.regimens["regimen_id"], model.ds.regimens["abbreviation"]))
    rows = []
    for iso3 in iso3s:
        r = model.find_regimens(iso3, query)
        verdict = r["verdict"] if len(r) else pd.Series(dtype=str)
        ids = r["regimen_id"] if len(r) else pd.Series(dtype=str)

        def names(v, ids=ids, verdict=verdict):
            return ", ".join(dict.fromkeys(abbr.get(i, i) for i in ids[verdict == v]))

        rows.append(
            {
                "iso3": iso3,
                "country": model.country_name(iso3),
                "recommended": len(r),
                "usable": int((verdict == "usable").sum()),
                "blocked": int((verdict == "blocked").sum()),
                "unknown": int((verdict == "unknown").sum()),
                "usable_regimens": names("usable"),
                "blocked_regimens": names("blocked"),
                "unknown_regimens": names("unknown"),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "iso3",
            "country",
            "recommended",
            "usable",
            "blocked",
            "unknown",
            "usable_regimens",
            "blocked_regimens",
            "unknown_regimens",
        ],
    )


def compare_costs(model, iso3s, regimen_ids=KEY_REGIMENS) -> pd.DataFrame:
    """Cycle costs of a few regimens in each country (long): regimen_id, regimen, + :func:`cost_table` columns."""
    abbr = dict(zip(model.ds.regimens["regimen_id"], model.ds.regimens["abbreviation"]))
    parts = [
        cost_table(model, r, iso3s=iso3s).assign(regimen_id=r, regimen=abbr.get(r, r)) for r in regimen_ids if r in abbr
    ]
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    return out[["regimen_id", "regimen", *[c for c in out.columns if c not in ("regimen_id", "regimen")]]]


# ---- sources & methods ---------------------------------------------------------------------------
def basis_order() -> list[str]:
    """The kinds of evidence from the most specific down, in words (on equal dates the more specific wins)."""
    ranked = sorted(BASIS_PRIORITY, key=lambda k: BASIS_PRIORITY[k], reverse=True)
    return list(dict.fromkeys(k.replace("_", " ") for k in ranked))


Coverage = namedtuple("Coverage", "drugs all_drugs any_drug mapped per_drug")


def coverage_summary(model, drug_ids: list[str]) -> Coverage:
    """How many mapped countries have a sourced status for all of ``drug_ids``, for at least one, and per drug."""
    cov = model.coverage(drug_ids)
    mapped = set(model.countries["iso3"])
    cov = cov[cov.index.isin(mapped)]
    return Coverage(
        drugs=len(drug_ids),
        all_drugs=int((cov["n_sourced"] == len(drug_ids)).sum()),
        any_drug=len(cov),
        mapped=len(mapped),
        per_drug=model.coverage_by_drug(drug_ids),
    )


def source_uses(model) -> pd.DataFrame:
    """Every source with ``rows``: how many rows of the other tables cite it (0 for none)."""
    ds = model.ds
    cited = [t["source_id"] for name, t in ds.tables.items() if "source_id" in t.columns and name != "sources"]
    counts = pd.concat(cited).value_counts() if cited else pd.Series(dtype=int)
    return ds.sources.assign(rows=ds.sources["source_id"].map(counts).fillna(0).astype(int))
