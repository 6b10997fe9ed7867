"""Access-status classes and the rule that picks one status per country and drug.

A *fact* is one sourced row (country, drug, status, date, source). Several facts may
exist for one country and drug (an EU authorisation from 2016 and a 2025 withdrawal,
for instance). :func:`resolve_status` picks the one that describes the situation today.
"No data" is never stored: it is the absence of any fact.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

NO_DATA = "no_data"


@dataclass(frozen=True)
class StatusClass:
    """One access-status class as shown to users."""

    id: str
    label: str
    colour: str
    definition: str
    usable_any: bool | None  # usable under "any legal availability" (None = unknown)
    usable_funded: bool | None  # usable under "publicly funded only" (None = unknown)


# Okabe-Ito derived, colour-blind safe; "No data" is a light grey with hatching in the legend.
STATUS_CLASSES: tuple[StatusClass, ...] = (
    StatusClass(
        "publicly_funded",
        "Publicly funded",
        "#009E73",
        "Reimbursed or listed on a public formulary for myeloma (e.g. PBS, NICE recommendation, NRDL).",
        True,
        True,
    ),
    StatusClass(
        "approved",
        "Approved (reimbursement unknown)",
        "#56B4E9",
        "A marketing authorisation covering myeloma is in force; whether it is reimbursed or launched is not known.",
        True,
        None,
    ),
    StatusClass(
        "out_of_pocket",
        "Available out-of-pocket",
        "#E69F00",
        "Reported available, but patients pay for it themselves.",
        True,
        False,
    ),
    StatusClass(
        "not_available",
        "Not available",
        "#D55E00",
        "Not approved, not marketed, or reported unavailable by a cited source.",
        False,
        False,
    ),
    StatusClass(
        "withdrawn",
        "Withdrawn",
        "#CC79A7",
        "The authorisation or marketing was withdrawn or not renewed.",
        False,
        False,
    ),
    StatusClass(
        NO_DATA,
        "No data",
        "#E0E0E0",
        "No sourced fact in this dataset. This is not the same as 'Not available'.",
        None,
        None,
    ),
)

STATUS_BY_ID = {s.id: s for s in STATUS_CLASSES}
STORED_STATUSES = tuple(s.id for s in STATUS_CLASSES if s.id != NO_DATA)

# Which fact wins when two facts share the same date: the more specific evidence.
BASIS_PRIORITY = {
    "country_fact": 3,  # a survey/payer fact about this one country
    "regulatory_event": 2,  # a national regulator or payer event
    "regional_authorisation": 1,  # derived from a regional (EU) authorisation
}


def status_label(status_id: str) -> str:
    """Human label of a status id (``no_data`` -> ``No data``)."""
    return STATUS_BY_ID[status_id].label


def date_sort_key(partial_date: str | float | None) -> str:
    """Sortable key of a partial ISO date ('2021', '2021-03', '2021-03-26').

    A year-only date sorts before any dated day of that year; missing dates sort first.
    """
    if partial_date is None or (isinstance(partial_date, float) and pd.isna(partial_date)):
        return ""
    return str(partial_date)


def resolve_status(facts: pd.DataFrame) -> pd.DataFrame:
    """Pick the current fact per (iso3, drug_id).

    Rule (documented on the Sources & methods page): the fact with the latest event
    ``date`` wins (an undated fact counts from its ``as_of``, the day it was observed); on equal dates the more specific basis wins (country fact >
    national regulatory event > regional authorisation); then the latest ``as_of``.
    Returns one row per (iso3, drug_id) with all columns of ``facts`` plus
    ``n_facts`` (how many facts were considered).
    """
    if facts.empty:
        return facts.assign(n_facts=pd.Series(dtype="int64"))
    ranked = facts.assign(
        _date=facts["date"].fillna(facts["as_of"]).map(date_sort_key),
        _basis=facts["basis"].map(BASIS_PRIORITY).fillna(0),
        _asof=facts["as_of"].astype(str),
    )
    ranked = ranked.sort_values(["iso3", "drug_id", "_date", "_basis", "_asof"])
    counts = ranked.groupby(["iso3", "drug_id"]).size().rename("n_facts")
    current = ranked.groupby(["iso3", "drug_id"], as_index=False).tail(1)
    current = current.drop(columns=["_date", "_basis", "_asof"]).merge(
        counts.reset_index(), on=["iso3", "drug_id"]
    )
    return current.reset_index(drop=True)


def is_usable(status_id: str, threshold: str) -> bool | None:
    """Whether a drug with this status counts as usable under an access threshold.

    ``threshold`` is ``"any"`` (any legal availability, incl. out-of-pocket) or
    ``"funded"`` (publicly funded only). Returns ``None`` when unknown.
    """
    cls = STATUS_BY_ID[status_id]
    if threshold == "any":
        return cls.usable_any
    if threshold == "funded":
        return cls.usable_funded
    raise ValueError(f"unknown access threshold: {threshold!r}")
