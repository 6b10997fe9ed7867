"""Assemble every availability fact from the evidence tables, one sourced row each.

Inputs: EU central authorisations (imported from the EMA EPAR report), regulatory and
payer events (national, and EU events after the EMA file date), the membership of
regional jurisdictions (EU/EEA), curated per-country facts and facts imported from
national registers. Each output row keeps the source of the input row it came from and
says which dimension it speaks to (authorisation and/or funding).
"""

from __future__ import annotations

import pandas as pd

FACT_COLUMNS = [
    "iso3",
    "drug_id",
    "authorisation",
    "funding",
    "date",
    "basis",
    "confidence",
    "source_id",
    "as_of",
    "note",
    "covers",
    "covers_lines",
    "covers_regimens",
]
COVERS = ["covers", "covers_lines", "covers_regimens"]  # what a fact restricted to some indications covers

# Event -> (authorisation, funding). A row speaks only to the dimension it fills.
EVENT_DIMENSIONS: dict[str, tuple[str | None, str | None]] = {
    "approved": ("approved", None),
    "indication_extended": ("approved", None),
    "re_approved": ("approved", None),
    "withdrawn": ("withdrawn", None),
    "not_renewed": ("withdrawn", None),
    "reimbursed": (None, "funded"),
    "delisted": (None, "not_funded"),
    "funding_declined": (None, "not_funded"),
}
PRIMARY_SOURCE_TYPES = {"regulator", "payer"}


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=FACT_COLUMNS)


def _episodes(products: pd.DataFrame) -> list[tuple[str, str | None, pd.Series, pd.Series | None]]:
    """Merged authorisation episodes of one drug: (start, end or None if in force, first product, ending product).

    A product counts from its marketing authorisation date until its withdrawal/expiry/lapse date; an
    ``Authorised`` product is in force on the report date. A non-authorised product without a dated end
    (e.g. 'Withdrawn' in the 2023 file, which has no such column) is left out: its episode is unknown.
    """
    status = products["authorisation_status"]
    end = (
        products["withdrawal_date"].fillna("") if "withdrawal_date" in products else pd.Series("", index=products.index)
    )
    use = products.assign(_end=end)[(status == "Authorised") | ((status != "Refused") & (end != ""))]
    use = use.sort_values(["marketing_authorisation_date", "product_number"])
    episodes: list = []
    for _, p in use.iterrows():
        p_end = None if p["authorisation_status"] == "Authorised" else p["_end"]
        if episodes and (episodes[-1][1] is None or p["marketing_authorisation_date"] <= episodes[-1][1]):
            s0, e0, first, _last = episodes[-1]
            if e0 is not None and (p_end is None or p_end > e0):
                episodes[-1] = (s0, p_end, first, p)
            continue
        episodes.append((p["marketing_authorisation_date"], p_end, p, p))
    return episodes


def facts_from_ema(ema: pd.DataFrame, members: pd.DataFrame, jurisdiction: str = "EUR") -> pd.DataFrame:
    """Authorisation facts per member state and drug from the EMA central authorisations.

    ``ema`` may hold several report vintages (``as_of``). Each drug's history comes from the newest
    vintage that lists it: *approved* from the start of each authorisation episode (the earliest
    marketing authorisation of the products then in force), *withdrawn* on the date the last product
    in force expired, lapsed or was withdrawn (when no other product covered that date), and, when a
    product is still authorised, a fact dated on the report date (so its age is the report's, while
    "status as of 2010" still sees the authorisation). An older vintage adds its own "still authorised
    on the report date" fact (history). The rule that a central authorisation is valid in all EU/EEA
    states is itself a sourced row of ``jurisdiction_members``; the EMA's own export states it, so the
    confidence is ``stated``.
    """
    if ema.empty:
        return _empty()
    states = members[members["jurisdiction"] == jurisdiction]["iso3"].tolist()
    newest = ema.groupby("drug_id")["as_of"].max()
    rows = []

    def add(p, date, auth, note):
        rows.append(
            {
                "drug_id": p["drug_id"],
                "authorisation": auth,
                "date": date,
                "source_id": p["source_id"],
                "as_of": p["as_of"],
                "note": note,
            }
        )

    for (drug, as_of), products in ema.groupby(["drug_id", "as_of"], sort=True):
        live = products[products["authorisation_status"] == "Authorised"].sort_values(
            ["marketing_authorisation_date", "product_number"]
        )
        if as_of == newest[drug]:
            for i, (start, end, first, last) in enumerate(_episodes(products)):
                product = f"{first['medicine_name']}, {first['product_number']}"
                note = (
                    "EU central marketing authorisation (" + product + "), valid in all EU/EEA states; says "
                    "nothing about national funding"
                )
                if i:
                    note = "New EU central marketing authorisation after an expiry or withdrawal (" + product + ")"
                add(first, start, "approved", note)
                if end is not None and last is not None:
                    add(
                        last,
                        end,
                        "withdrawn",
                        f"EU marketing authorisation {last['authorisation_status'].lower()} "
                        f"on this date ({last['medicine_name']}, {last['product_number']}); no other product of "
                        "the drug was authorised then",
                    )
        if len(live):
            p = live.iloc[0]
            add(
                p,
                as_of,
                "approved",
                f"Still authorised in the EU on the EMA report date ({p['medicine_name']}, {p['product_number']})",
            )
    if not rows:
        return _empty()
    base = pd.DataFrame(rows)
    out = base.merge(pd.DataFrame({"iso3": states}), how="cross")
    out = out.assign(funding=None, basis="regional_authorisation", confidence="stated")
    order = {"EU market": 1, "Still aut": 2}  # ends, then report-date facts; approvals (the other notes) 0
    out["_k"] = out["note"].str[:9].map(order).fillna(0)
    out = out.sort_values(["_k", "as_of", "drug_id"], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True).reindex(columns=FACT_COLUMNS)


REGIONAL_JURISDICTIONS = frozenset({"EUR"})  # supranational: its events stand for its members only


def facts_from_events(events: pd.DataFrame, members: pd.DataFrame, source_types: dict[str, str]) -> pd.DataFrame:
    """Facts from regulatory/payer events; a regional jurisdiction (EUR) expands to its members.

    A country jurisdiction with members (``USA``: the territories where the Federal Food, Drug, and
    Cosmetic Act applies) keeps its own facts, and its *authorisation* events also apply in each member
    (basis ``territorial_authorisation``); its funding events (e.g. Medicare) stay national.
    Confidence: ``stated`` when the event is verified against a regulator's or payer's
    own page, else ``reported``.
    """
    if events.empty:
        return _empty()
    ev = events.copy()
    dims = ev["event"].map(EVENT_DIMENSIONS)
    assert dims.notna().all(), "every event type maps to a dimension"
    ev["authorisation"] = [d[0] for d in dims]
    ev["funding"] = [d[1] for d in dims]
    primary = ev["source_id"].map(source_types).isin(PRIMARY_SOURCE_TYPES)
    ev["confidence"] = ["stated" if (c == "verified" and p) else "reported" for c, p in zip(ev["confidence"], primary)]
    pairs = members[["jurisdiction", "iso3"]]
    is_regional = ev["jurisdiction"].isin(REGIONAL_JURISDICTIONS)
    regional = ev[is_regional].merge(pairs, on="jurisdiction", how="inner")
    regional["basis"] = "regional_authorisation"
    national = ev[~is_regional].copy()
    national["iso3"] = national["jurisdiction"]
    national["basis"] = "regulatory_event"
    territorial = ev[~is_regional & ev["authorisation"].notna()].merge(pairs, on="jurisdiction", how="inner")
    territorial["basis"] = "territorial_authorisation"
    out = pd.concat([regional, national, territorial], ignore_index=True)
    label = out["agency"] + ": " + out["event"].str.replace("_", " ")
    out["note"] = label.where(out["indication"].isna(), label + " (" + out["indication"].fillna("") + ")")
    applies = " - a federal approval, valid in this territory (jurisdiction " + out["jurisdiction"] + ")"
    out["note"] = out["note"].where(out["basis"] != "territorial_authorisation", out["note"] + applies)
    return out.reindex(columns=FACT_COLUMNS)


def facts_from_table(table: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Curated country facts or register facts are already one country and drug per row."""
    if table.empty:
        return _empty()
    return table.reindex(columns=[c for c in FACT_COLUMNS if c != "basis"]).assign(basis=basis)[FACT_COLUMNS]


def build_facts(ema, events, members, country_facts, register_facts=None, source_types=None) -> pd.DataFrame:
    """All availability facts, one sourced row each (several per country and drug)."""
    parts = [
        facts_from_ema(ema, members),
        facts_from_events(events, members, source_types or {}),
        facts_from_table(country_facts, "country_fact"),
    ]
    if register_facts is not None:
        parts.append(facts_from_table(register_facts, "register"))
    parts = [p.astype(object) for p in parts if len(p)]
    if not parts:
        return _empty()
    out = pd.concat(parts, ignore_index=True)
    return out.where(out.notna(), None)
