"""Access-status classes and the rule that resolves them from sourced facts.

A *fact* is one sourced row about one drug in one country. It speaks to one or both of
two dimensions:

* **authorisation** — ``approved``, ``not_approved`` (not approved or not marketed) or
  ``withdrawn``;
* **public funding** — ``funded`` or ``not_funded`` (a payer declined; patients pay).

Each dimension is resolved from its *own* latest evidence (:func:`resolve_status`), so a
later indication extension never erases earlier funding and a later delisting does. The
class shown on the map is derived from both (:func:`derive_class`). "No data" is never
stored: it is the absence of any fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

NO_DATA = "no_data"
STALE_YEARS = 5  # evidence older than this is marked on the map and in tables


@dataclass(frozen=True)
class StatusClass:
    """One access-status class as shown to users."""

    id: str
    label: str
    colour: str  # fresh evidence
    tint: str  # the same class when the newest evidence is old or only inferred
    definition: str
    usable_any: bool | None  # usable under "any legal availability" (None = unknown)
    usable_funded: bool | None  # usable under "publicly funded only" (None = unknown)


# Okabe-Ito derived, colour-blind safe; tints are the colour mixed 55% with white.
STATUS_CLASSES: tuple[StatusClass, ...] = (
    StatusClass(
        "publicly_funded",
        "Publicly funded",
        "#009E73",
        "#8CD3BF",
        "Reimbursed or listed on a public formulary for myeloma (e.g. PBS, NICE recommendation, NRDL).",
        True,
        True,
    ),
    StatusClass(
        "publicly_funded_some",
        "Publicly funded for some indications",
        "#44AA99",
        "#ABD9D1",
        "Reimbursed for some myeloma indications only (a line of therapy or a combination, as the source states); "
        "for the others it is not funded or not known.",
        True,
        None,
    ),
    StatusClass(
        "approved",
        "Approved, funding unknown",
        "#56B4E9",
        "#B5DDF5",
        "A marketing authorisation covering myeloma is in force; whether the public system pays for it is not known.",
        True,
        None,
    ),
    StatusClass(
        "not_funded",
        "Not publicly funded (patients pay)",
        "#E69F00",
        "#F4D08C",
        "Approved or available, but a payer declined it or patients pay for it themselves (a cited source says so).",
        True,
        False,
    ),
    StatusClass(
        "not_approved",
        "Not approved or not marketed",
        "#D55E00",
        "#EEAA80",
        "A cited source says it is not approved or not marketed (not merely 'not funded').",
        False,
        False,
    ),
    StatusClass(
        "withdrawn",
        "Withdrawn",
        "#CC79A7",
        "#E8C1D7",
        "The authorisation or marketing was withdrawn or not renewed.",
        False,
        False,
    ),
    StatusClass(
        NO_DATA,
        "No data",
        "#E0E0E0",
        "#E0E0E0",
        "No sourced fact in this dataset. This is not the same as 'Not approved'.",
        None,
        None,
    ),
)

STATUS_BY_ID = {s.id: s for s in STATUS_CLASSES}
# "Any of a class": the member with the best access wins, in this order.
BEST_FIRST = ("publicly_funded", "publicly_funded_some", "approved", "not_funded", "withdrawn", "not_approved")

# Which fact wins when two facts of one dimension share the same date: the more specific evidence.
BASIS_PRIORITY = {
    "country_fact": 3,  # a curated fact about this one country (payer, survey, national report)
    "register": 3,  # a national register imported from an official file
    "regulatory_event": 2,  # a national regulator or payer event
    "regional_authorisation": 1,  # derived from a regional (EU) authorisation
    "territorial_authorisation": 1,  # a national (US federal) approval applying in a territory
}
CONFIDENCE_ORDER = {"stated": 0, "reported": 1, "inferred": 2}
CONFIDENCE_LABEL = {
    "stated": "stated by a regulator or payer",
    "reported": "reported (survey, news, company or journal)",
    "inferred": "inferred (the source does not state it)",
}


def status_label(status_id: str) -> str:
    """Human label of a status id (``no_data`` -> ``No data``)."""
    return STATUS_BY_ID[status_id].label


def date_sort_key(partial_date) -> str:
    """Sortable key of a partial ISO date ('2021', '2021-03', '2021-03-26'); missing -> ''.

    A year-only date sorts before any dated day of that year.
    """
    if partial_date is None or (isinstance(partial_date, float) and pd.isna(partial_date)):
        return ""
    return str(partial_date)


def period_start(partial_date) -> date | None:
    """First day of a partial ISO date ('2021' -> 2021-01-01); None when missing."""
    key = date_sort_key(partial_date)
    if not key:
        return None
    parts = [int(p) for p in key.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def is_stale(evidence_date, today: date, years: int = STALE_YEARS) -> bool:
    """True when the evidence is more than ``years`` old on ``today`` (a year-only date counts from 1 January)."""
    start = period_start(evidence_date)
    if start is None:
        return False
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return start < limit


def _dimension(rows: list[dict], column: str) -> dict | None:
    """Resolve one dimension from the facts of one country and drug (each a dict with ``_key``).

    The value is that of the latest fact filling ``column`` (on equal dates the more
    specific basis, then the latest as_of). The facts *supporting* it are those with the
    same value dated after the last fact that said otherwise. Returned: value, the
    representative fact (the strongest confidence among the supporting facts, then the
    latest), the newest supporting date key, and whether every supporting fact is inferred.
    """
    sub = [r for r in rows if isinstance(r[column], str)]
    if not sub:
        return None
    # An undated fact never overrides a dated one: it sorts before every dated fact.
    sub.sort(key=lambda r: (_dated(r), r["_key"], BASIS_PRIORITY.get(r["basis"], 0), str(r["as_of"])))
    value = sub[-1][column]
    supporting = []
    for r in reversed(sub):
        if r[column] != value:
            break
        supporting.append(r)
    best = min(supporting, key=lambda r: CONFIDENCE_ORDER.get(r["confidence"], 9))  # latest among the strongest
    dated = [r for r in supporting if _dated(r)] or supporting  # undated facts date nothing when dated ones exist
    return {
        "value": value,
        "fact": best,
        "newest": max(r["_key"] for r in dated),
        "all_inferred": all(r["confidence"] == "inferred" for r in supporting),
        "undated": not any(_dated(r) for r in supporting),
    }


def _dated(fact: dict) -> bool:
    return isinstance(fact.get("date"), str) and bool(fact.get("date"))


COVERS = ("covers", "covers_lines", "covers_regimens")


def is_partial(fact: dict) -> bool:
    """True when the source restricts the fact to some indications (a line of therapy, a combination)."""
    return any(isinstance(fact.get(c), str) and fact.get(c) for c in COVERS)


def _funding(rows: list[dict]) -> dict | None:
    """The funding dimension, with facts restricted to some indications resolved per indication.

    Facts about myeloma as a whole resolve as any dimension does. Facts restricted to an
    indication (``covers``) resolve per indication. When the newest such fact is newer than
    the whole-myeloma evidence, the drug is *funded for some indications* if any indication (or the
    older whole-myeloma evidence) is funded; restricted "not funded" facts alone never make the
    whole drug "not funded" (other indications are then unknown).
    """
    whole = _dimension([r for r in rows if not is_partial(r)], "funding")
    scopes: dict[tuple, list[dict]] = {}
    for r in rows:
        if is_partial(r) and isinstance(r["funding"], str):
            scopes.setdefault(tuple(r.get(c) or "" for c in COVERS), []).append(r)
    parts = [d for d in (_dimension(v, "funding") for v in scopes.values()) if d]
    if not parts:
        return whole
    newest_part = max(d["newest"] for d in parts)
    if whole is not None and whole["newest"] >= newest_part:
        return whole
    funded = [d for d in parts if d["value"] == "funded"] + ([whole] if whole and whole["value"] == "funded" else [])
    if funded:
        d = max(funded, key=lambda x: x["newest"])
        return {**d, "value": "funded_some"}
    return whole


def _order_key(d: dict | None) -> str:
    """The date that orders two dimensions against each other ('' for none or undated evidence)."""
    return "" if d is None or d["undated"] else d["newest"]


def derive_class(auth: str | None, auth_key: str, funding: str | None, funding_key: str) -> tuple[str, tuple[str, ...]]:
    """The status class from the two resolved dimensions, and which dimensions it rests on.

    * A negative authorisation (``withdrawn``/``not_approved``) dated on or after the
      funding evidence wins: a drug withdrawn in 2024 is not "funded" by a 2019 listing.
    * Otherwise funding decides: ``funded`` -> publicly funded; ``funded_some`` -> publicly funded
      for some indications; ``not_funded`` -> approved, not publicly funded (a not-funded drug is
      still available to those who pay). The class rests on the funding evidence alone, so its age
      is the funding decision's, never that of a newer authorisation fact.
    * Otherwise the authorisation: approved -> approved, funding unknown.
    """
    if auth in ("withdrawn", "not_approved") and (funding is None or auth_key >= funding_key):
        return auth, ("authorisation",)
    if funding == "funded":
        return "publicly_funded", ("funding",)
    if funding == "funded_some":
        return "publicly_funded_some", ("funding",)
    if funding == "not_funded":  # the payer's decision decides the class, and so its age
        return "not_funded", ("funding",)
    if auth == "approved":
        return "approved", ("authorisation",)
    return NO_DATA, ()


STATUS_COLUMNS = (
    "iso3",
    "drug_id",
    "status",
    "authorisation",
    "auth_date",
    "auth_source_id",
    "auth_confidence",
    "auth_note",
    "funding",
    "fund_date",
    "fund_source_id",
    "fund_confidence",
    "fund_note",
    "evidence_date",
    "confidence",
    "stale",
    "undated",
    "n_facts",
)


def _keyed(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts with their sort key ``_key``: the fact's date, or its ``as_of`` when undated."""
    return facts.assign(_key=facts["date"].where(facts["date"].notna(), facts["as_of"]).map(date_sort_key))


def resolve_group(iso3: str, drug_id: str, rows: list[dict], today: date) -> dict:
    """The resolved status row of one country and drug from its facts (each a dict with ``_key``)."""
    auth, fund = _dimension(rows, "authorisation"), _funding(rows)
    status, basis = derive_class(
        auth["value"] if auth else None, _order_key(auth), fund["value"] if fund else None, _order_key(fund)
    )
    used = [d for name, d in (("authorisation", auth), ("funding", fund)) if name in basis and d is not None]
    evidence = max(d["newest"] for d in used) if used else None
    confidence = (
        max((d["fact"]["confidence"] for d in used), key=lambda c: CONFIDENCE_ORDER.get(c, 9)) if used else None
    )
    undated = bool(used) and any(d["undated"] for d in used)
    stale = bool(used) and (any(d["all_inferred"] for d in used) or undated or is_stale(evidence, today))
    row = {
        "iso3": iso3,
        "drug_id": drug_id,
        "status": status,
        "evidence_date": evidence,
        "confidence": confidence,
        "stale": stale,
        "undated": undated,
        "n_facts": len(rows),
    }
    for prefix, name, d in (("auth", "authorisation", auth), ("fund", "funding", fund)):
        fact = d["fact"] if d else {}
        row.update(
            {
                name: d["value"] if d else None,
                f"{prefix}_date": fact.get("date"),
                f"{prefix}_source_id": fact.get("source_id"),
                f"{prefix}_confidence": fact.get("confidence"),
                f"{prefix}_note": fact.get("note"),
            }
        )
    return row


def status_history(facts: pd.DataFrame, today: date, first_year: int, last_year: int) -> dict:
    """Status as of the end of every year from ``first_year`` to ``last_year``, as changes only.

    Returns ``{(iso3, drug_id): [(year, row), ...]}``: ``row`` (as :func:`resolve_status` with
    ``until_year=year``) holds from ``year`` until the next entry. Facts are resolved only at the
    years in which one of them is dated, so this costs about one :func:`resolve_status` in all,
    not one per year. A pair with no fact up to a year has no entry for it (no data).
    """
    out: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    if facts.empty:
        return out
    f = _keyed(facts)
    for (iso3, drug_id), group in f.groupby(["iso3", "drug_id"], sort=True):
        rows = group.to_dict("records")  # in the order resolve_status sees them (ties keep it)
        years = sorted(
            {
                max(first_year, int(r["_key"][:4])) if r["_key"] else first_year
                for r in rows
                if not r["_key"] or int(r["_key"][:4]) <= last_year
            }
        )
        changes = []
        for year in years:
            upto = [r for r in rows if r["_key"] <= f"{year}-12-31"]
            changes.append((year, resolve_group(iso3, drug_id, upto, today)))
        if changes:
            out[(iso3, drug_id)] = changes
    return out


def resolve_status(facts: pd.DataFrame, today: date, until_year: int | None = None) -> pd.DataFrame:
    """One row per (iso3, drug_id) with both dimensions resolved and the derived class.

    ``facts`` has iso3, drug_id, authorisation, funding, date, basis, confidence,
    source_id, as_of, note. An undated fact counts from its ``as_of`` (the day it was
    observed). ``until_year`` keeps only facts dated up to the end of that year
    ("status as of year Y").

    Output columns: iso3, drug_id, status, authorisation, auth_date, auth_source_id,
    auth_confidence, auth_note (the representative fact of the dimension: the strongest
    confidence among the facts supporting its value), the same for funding (``fund_``),
    evidence_date (the newest supporting fact among the dimensions the class rests on),
    confidence (the weaker of the dimensions' representative facts), stale (that newest
    evidence is more than five years old on ``today``, every supporting fact is only
    inferred, or every supporting fact is undated), undated (the facts the class rests on state
    no date: they count from the day they were observed, and are marked old), n_facts.
    Funding facts restricted to some indications are resolved per indication (:func:`_funding`).
    """
    cols = list(STATUS_COLUMNS)
    if facts.empty:
        return pd.DataFrame(columns=cols)
    f = _keyed(facts)
    if until_year is not None:
        f = f[f["_key"] <= f"{until_year}-12-31"]
    out = [
        resolve_group(iso3, drug_id, group.to_dict("records"), today)
        for (iso3, drug_id), group in f.groupby(["iso3", "drug_id"], sort=True)
    ]
    return pd.DataFrame(out, columns=cols)


def is_usable(status_id: str, threshold: str) -> bool | None:
    """Whether a drug with this status counts as usable under an access threshold.

    ``threshold`` is ``"any"`` (any legal availability, incl. paying privately) or
    ``"funded"`` (publicly funded only). Returns ``None`` when unknown.
    """
    cls = STATUS_BY_ID[status_id]
    if threshold == "any":
        return cls.usable_any
    if threshold == "funded":
        return cls.usable_funded
    raise ValueError(f"unknown access threshold: {threshold!r}")


def best_of(statuses: list[str]) -> str:
    """The status of "any of" several drugs.

    The best access among the members with data wins if it makes a drug usable (publicly
    funded > approved > approved, not funded). If every member with data is unavailable
    (withdrawn / not approved) but another member has no data, the group is "No data":
    the missing member might be available.
    """
    known = [s for s in statuses if s != NO_DATA]
    if not known:
        return NO_DATA
    best = min(known, key=BEST_FIRST.index)
    if STATUS_BY_ID[best].usable_any:
        return best
    return NO_DATA if len(known) < len(statuses) else best
