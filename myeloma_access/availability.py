"""Assemble every availability fact from the evidence tables, one sourced row each.

Inputs: EU central authorisations (imported from the EMA EPAR report), regulatory and
payer events (national, and EU events after the EMA file date), the membership of
regional jurisdictions (EU/EEA), curated per-country facts and facts imported from
national registers. Each output row keeps the source of the input row it came from and
says which dimension it speaks to (authorisation and/or funding).
"""

from __future__ import annotations

import pandas as pd

FACT_COLUMNS = ["iso3", "drug_id", "authorisation", "funding", "date", "basis", "confidence",
                "source_id", "as_of", "note", "covers", "covers_lines", "covers_regimens"]
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


def facts_from_ema(ema: pd.DataFrame, members: pd.DataFrame, jurisdiction: str = "EUR") -> pd.DataFrame:
    """One authorisation fact per member state and drug from the EMA central authorisations.

    A drug is *approved* in every member state from the earliest authorisation date of
    any of its authorised products (the rule that a central authorisation is valid in
    all EU/EEA states is itself a sourced row of ``jurisdiction_members``), and a second
    fact dated on the report date records that it was still authorised then (so its age
    is the report's, while "status as of 2010" still sees the authorisation). The EMA's
    own export states it, so the confidence is ``stated``.
    """
    authorised = ema[ema["authorisation_status"] == "Authorised"]
    if authorised.empty:
        return _empty()
    first = (authorised.sort_values(["marketing_authorisation_date", "product_number"])
             .drop_duplicates("drug_id", keep="first").reset_index(drop=True))  # one whole product row per drug
    states = members[members["jurisdiction"] == jurisdiction]["iso3"]
    rows = first.merge(states.to_frame(), how="cross")
    product = rows["medicine_name"] + ", " + rows["product_number"]
    since = pd.DataFrame({
        "iso3": rows["iso3"], "drug_id": rows["drug_id"], "authorisation": "approved", "funding": None,
        "date": rows["marketing_authorisation_date"], "basis": "regional_authorisation", "confidence": "stated",
        "source_id": rows["source_id"], "as_of": rows["as_of"],
        "note": "EU central marketing authorisation (" + product + "), valid in all EU/EEA states; says nothing "
        "about national funding",
    })
    # The same export also states that the authorisation was still in force on its own date.
    still = since.assign(date=rows["as_of"], note="Still authorised in the EU on the EMA report date (" + product + ")")
    return pd.concat([since, still], ignore_index=True).reindex(columns=FACT_COLUMNS)


def facts_from_events(events: pd.DataFrame, members: pd.DataFrame, source_types: dict[str, str]) -> pd.DataFrame:
    """Facts from regulatory/payer events; a regional jurisdiction (EUR) expands to its members.

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
    regional = ev.merge(members[["jurisdiction", "iso3"]], on="jurisdiction", how="inner")
    regional["basis"] = "regional_authorisation"
    national = ev[~ev["jurisdiction"].isin(members["jurisdiction"])].copy()
    national["iso3"] = national["jurisdiction"]
    national["basis"] = "regulatory_event"
    out = pd.concat([regional, national], ignore_index=True)
    label = out["agency"] + ": " + out["event"].str.replace("_", " ")
    out["note"] = label.where(out["indication"].isna(), label + " (" + out["indication"].fillna("") + ")")
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
