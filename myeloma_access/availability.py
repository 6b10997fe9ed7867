"""Derive per-country availability facts from the evidence tables.

Inputs are sourced tables: EU central authorisations (imported from the EMA EPAR
report), regulatory events (national regulators, payers, and EU events after the EMA
file date), the membership of regional jurisdictions (EU/EEA), and per-country survey or
payer facts. Each output row keeps the source of the input row it came from.
"""

from __future__ import annotations

import pandas as pd

from .status import NO_DATA, resolve_status

FACT_COLUMNS = ["iso3", "drug_id", "status", "date", "basis", "source_id", "as_of", "note"]

EVENT_STATUS = {
    "approved": "approved",
    "indication_extended": "approved",
    "re_approved": "approved",
    "reimbursed": "publicly_funded",
    "withdrawn": "withdrawn",
    "not_renewed": "withdrawn",
    "delisted": "approved",
}


def facts_from_ema(ema: pd.DataFrame, members: pd.DataFrame, jurisdiction: str = "EUR") -> pd.DataFrame:
    """One fact per member state and drug from the EMA central authorisations.

    A drug is *approved* in every member state from the earliest authorisation date of
    any of its authorised products (the rule that a central authorisation is valid in
    all EU/EEA states is itself a sourced row of ``jurisdiction_members``).
    """
    authorised = ema[ema["authorisation_status"] == "Authorised"]
    if authorised.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    first = (
        authorised.sort_values("marketing_authorisation_date")
        .groupby("drug_id", as_index=False)
        .first()
    )
    states = members[members["jurisdiction"] == jurisdiction]["iso3"]
    rows = first.merge(states.to_frame(), how="cross")
    return pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "drug_id": rows["drug_id"],
            "status": "approved",
            "date": rows["marketing_authorisation_date"],
            "basis": "regional_authorisation",
            "source_id": rows["source_id"],
            "as_of": rows["as_of"],
            "note": "EU central marketing authorisation ("
            + rows["medicine_name"]
            + ", "
            + rows["product_number"]
            + "), valid in all EU/EEA states",
        }
    )[FACT_COLUMNS]


def _redundant_extensions(events: pd.DataFrame) -> pd.Series:
    """True for indication extensions of a drug that has other events in that jurisdiction.

    An extension proves the drug is authorised, but it should not mask a later
    reimbursement or an earlier, more informative event.
    """
    other = events[events["event"] != "indication_extended"][["jurisdiction", "drug_id"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(events[["jurisdiction", "drug_id"]])
    has_other = keys.isin(pd.MultiIndex.from_frame(other)) if len(other) else False
    return (events["event"] == "indication_extended") & has_other


def facts_from_events(events: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Facts from regulatory/payer events; regional jurisdictions expand to members."""
    if events.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    ev = events[~_redundant_extensions(events)].copy()
    ev["status"] = ev["event"].map(EVENT_STATUS)
    assert ev["status"].notna().all(), "every event type maps to a status"
    regional = ev.merge(members[["jurisdiction", "iso3"]], on="jurisdiction", how="inner")
    regional["basis"] = "regional_authorisation"
    national = ev[~ev["jurisdiction"].isin(members["jurisdiction"])].copy()
    national["iso3"] = national["jurisdiction"]
    national["basis"] = "regulatory_event"
    out = pd.concat([regional, national], ignore_index=True)
    label = out["agency"] + ": " + out["event"].str.replace("_", " ")
    out["note"] = label.where(out["indication"].isna(), label + " (" + out["indication"].fillna("") + ")")
    return out[FACT_COLUMNS]


def facts_from_country_facts(country_facts: pd.DataFrame) -> pd.DataFrame:
    """Survey and payer facts are already one country and drug per row."""
    return country_facts.assign(basis="country_fact")[FACT_COLUMNS]


def build_facts(ema, events, members, country_facts) -> pd.DataFrame:
    """All availability facts, one sourced row each (several per country and drug)."""
    parts = [
        facts_from_ema(ema, members),
        facts_from_events(events, members),
        facts_from_country_facts(country_facts),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=FACT_COLUMNS)
    return pd.concat(parts, ignore_index=True)


GROUP_ORDER = ["publicly_funded", "approved", "out_of_pocket", "withdrawn", "not_available"]


def current_status(facts: pd.DataFrame) -> pd.DataFrame:
    """The current status per (iso3, drug_id) by the rule in :func:`resolve_status`."""
    return resolve_status(facts)


def status_for_drugs(current: pd.DataFrame, drug_ids: list[str], countries: pd.Series) -> pd.DataFrame:
    """Status of one drug, or the best status over a group of drugs, for every country.

    For a group ("any anti-CD38 antibody") the best-access member wins (publicly funded >
    approved > out-of-pocket > withdrawn > not available); countries without any fact
    get ``no_data``. Returns columns iso3, status, drug_id, date, source_id, as_of, note.
    """
    sub = current[current["drug_id"].isin(drug_ids)].copy()
    sub["_rank"] = sub["status"].map({s: i for i, s in enumerate(GROUP_ORDER)})
    best = sub.sort_values(["iso3", "_rank"]).groupby("iso3", as_index=False).first().drop(columns="_rank")
    frame = pd.DataFrame({"iso3": countries.values})
    out = frame.merge(best, on="iso3", how="left")
    out["status"] = out["status"].fillna(NO_DATA)
    return out


def coverage(current: pd.DataFrame, drug_ids: list[str]) -> pd.DataFrame:
    """Countries x drugs matrix of current statuses (only countries with any fact).

    Adds ``n_sourced``: how many of ``drug_ids`` have a sourced status in the country.
    """
    sub = current[current["drug_id"].isin(drug_ids)]
    matrix = sub.pivot_table(index="iso3", columns="drug_id", values="status", aggfunc="first")
    matrix = matrix.reindex(columns=drug_ids)
    matrix["n_sourced"] = matrix[drug_ids].notna().sum(axis=1)
    return matrix.fillna(NO_DATA).sort_values("n_sourced", ascending=False)
