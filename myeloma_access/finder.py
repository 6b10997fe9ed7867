"""Regimen finder: which recommended regimens a country can actually use.

Pure functions. A :class:`FinderQuery` (a *situation* — prior lines; lenalidomide-,
pomalidomide-, PI-, anti-CD38-refractory; exposure to lenalidomide, a PI, an anti-CD38
antibody; prior BCMA-directed therapy; t(11;14) — plus an access threshold, a guidance
scope and the assumptions the user accepts) selects the settings of the encoded guidance
that apply; every regimen recommended there is checked drug by drug against the country's
access evidence. What guidance exists but could not be verified for a situation is
returned as a note (``guidance_gaps``), never filled in.

The rules (each pinned by ``tests/test_finder.py``):

* **Refractory conflict.** A regimen containing a drug the disease is refractory to (the
  drug's ``refractory_axis`` in ``drugs.csv``) is never *usable*: its verdict is
  :attr:`Verdict.REFRACTORY`, listed after every other regimen — unless a cited source
  recommends it for disease refractory to that very axis (a matching setting says ``yes``
  on it, e.g. carfilzomib after bortezomib failure), and then the source is named.
* **Jurisdiction.** A regulatory-approval row (``jurisdiction`` set) counts only in the
  countries that regulator covers (``EUR``: the EU/EEA members).
* **Order.** By the standing of the guidance that ranks the regimen highest (consensus or
  clinical-practice guideline > regulatory label > expert handbook / review > reference
  summary), then how current that guidance is (newest first), then its own category and
  grade, then the cycle cost (unknown last), then the order in the source — never by
  access, so a blocked preferred regimen stays where the reader can see what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd

from .schema import CATEGORIES, REFRACTORY_AXIS_VALUES
from .status import NO_DATA, is_usable

CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORIES)}
# IMWG GRADE (1A..2C); EHA-EMN / ESMO grades of recommendation (A..E) sort after them within a guidance.
GRADE_ORDER = {"1A": 0, "1B": 1, "1C": 2, "2A": 3, "2B": 4, "2C": 5, "A": 0, "B": 1, "C": 2, "D": 3, "E": 4}
NO_GRADE = 9


class Verdict(StrEnum):
    """A regimen's verdict in one country (values are the stored/URL-safe codes)."""

    USABLE = "usable"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"
    REFRACTORY = "refractory_conflict"  # contains a drug the disease is refractory to; never usable


USABLE, BLOCKED, UNKNOWN, REFRACTORY = Verdict.USABLE, Verdict.BLOCKED, Verdict.UNKNOWN, Verdict.REFRACTORY
# How a drug's verdict was reached.
BY_STATUS, BY_NATIONAL_EML, BY_ASSUMPTION, BY_NOTHING = "status", "national_eml", "assumption", "no_data"
BY_INDICATION = "indication"  # a funding fact restricted to some indications names this regimen and line

# Guidance standing (lower ranks first). ``kind`` in guidelines.csv.
STANDING = {
    "consensus_guideline": 0,
    "clinical_practice_guideline": 0,
    "regulatory_approval": 1,
    "expert_handbook": 2,
    "review": 2,
    "reference_summary": 3,
}
STANDING_WORDS = {0: "guideline", 1: "regulatory label", 2: "expert opinion / review", 3: "reference summary"}

# refractory_axis (drugs.csv) -> the Situation flag saying the disease is refractory to it, and the words.
REFRACTORY_AXES = {
    "len": ("len_refractory", "lenalidomide-refractory"),
    "pom": ("pom_refractory", "pomalidomide-refractory"),
    "pi": ("pi_refractory", "proteasome-inhibitor-refractory"),
    "cd38": ("cd38_refractory", "anti-CD38-refractory"),
}
AXIS_VALUES = REFRACTORY_AXIS_VALUES  # the validated vocabulary of drugs.refractory_axis
# Setting columns (settings.csv, guidance_gaps.csv) beyond prior_lines / t11_14; absent column = "any".
SETTING_AXES = (
    "len_refractory",
    "pom_refractory",
    "pi_refractory",
    "cd38_refractory",
    "len_exposed",
    "pi_exposed",
    "cd38_exposed",
    "prior_bcma",
)


# Prior BCMA-directed therapy: a caveat on BCMA-directed regimens (not a refractory conflict).
SEQUENCING_SOURCE = "rgm_targetedonc_sequencing_2025"
SEQUENCING_CAVEAT = (
    "after BCMA-directed therapy, switching antigen is preferred ('antigen switching preferred after "
    "BCMA-directed progression': summary of the IMWG Immunotherapy Committee recommendation on "
    "sequencing, Leukemia 2025;39:543)"
)


@dataclass(frozen=True)
class Situation:
    """A patient's situation on the axes the guidance and the labels use.

    Refractoriness implies exposure (a lenalidomide-refractory disease is lenalidomide-exposed).
    The first five fields keep their historical positions.
    """

    prior_lines: int = 1  # 4 means "4 or more"
    len_refractory: bool = False
    pi_refractory: bool = False
    cd38_refractory: bool = False
    t11_14: bool = False
    pom_refractory: bool = False
    len_exposed: bool = False
    pi_exposed: bool = False
    cd38_exposed: bool = False
    prior_bcma: bool = False

    def axis(self, name: str) -> bool:
        """A setting axis as this situation answers it (exposure includes refractoriness)."""
        if name == "len_exposed":
            return self.len_exposed or self.len_refractory
        if name == "pi_exposed":
            return self.pi_exposed or self.pi_refractory
        if name == "cd38_exposed":
            return self.cd38_exposed or self.cd38_refractory
        return bool(getattr(self, name))

    def describe(self) -> str:
        """Plain words, e.g. '1 prior line, lenalidomide-refractory, t(11;14)'."""
        lines = (
            "4 or more prior lines"
            if self.prior_lines >= 4
            else ("1 prior line" if self.prior_lines == 1 else f"{self.prior_lines} prior lines")
        )
        flags = [
            words
            for axis, (flag, words) in REFRACTORY_AXES.items()
            if getattr(self, flag) and axis in ("len", "pi", "cd38")
        ]
        if self.pom_refractory:
            flags.append("pomalidomide-refractory")
        exposed = [
            w
            for f, w, r in (
                ("len_exposed", "lenalidomide", "len_refractory"),
                ("pi_exposed", "a proteasome inhibitor", "pi_refractory"),
                ("cd38_exposed", "an anti-CD38 antibody", "cd38_refractory"),
            )
            if getattr(self, f) and not getattr(self, r)
        ]
        if exposed:
            flags.append("exposed to " + " and ".join(exposed))
        if self.prior_bcma:
            flags.append("prior BCMA-directed therapy")
        if self.t11_14:
            flags.append("t(11;14)")
        return ", ".join([lines, *flags])


@dataclass(frozen=True)
class FinderQuery:
    """Everything a finder view depends on besides the country (also the cache key)."""

    situation: Situation = field(default_factory=Situation)
    threshold: str = "any"
    scope: str = "imwg_2021"
    assumed: frozenset = frozenset()


@dataclass
class FinderData:
    """The regimen tables the finder reads (validated data frames)."""

    recs: pd.DataFrame
    settings: pd.DataFrame
    regimen_drugs: pd.DataFrame
    regimens: pd.DataFrame
    guidelines: pd.DataFrame
    drug_axes: dict[str, str]  # drug_id -> refractory_axis ('' for none)
    jurisdiction_members: dict[str, frozenset] = field(default_factory=dict)  # 'EUR' -> member iso3s

    def __post_init__(self):
        self.drugs_of = self.regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
        g = self.guidelines.set_index("guideline_id")
        self.standing = {gid: STANDING.get(k, 3) for gid, k in g["kind"].items()}
        self.settings_by_id = {r["setting_id"]: r for r in self.settings.to_dict("records")}
        reg = self.regimens.set_index("regimen_id")
        self.withdrawn_in = {rid: _split(v) for rid, v in reg.get("withdrawn_in", pd.Series(dtype=object)).items()}
        j = self.recs["jurisdiction"] if "jurisdiction" in self.recs else pd.Series(dtype=object)
        self.approval_jurisdictions = frozenset(j.dropna()[j.dropna() != ""])

    def jurisdictions_of(self, iso3: str) -> frozenset:
        """The regulators whose approval rows count in ``iso3``: itself and any region it belongs to."""
        return frozenset({iso3, *(j for j, members in self.jurisdiction_members.items() if iso3 in members)})


@dataclass
class CountryAccess:
    """What one country's access evidence says, as the finder needs it."""

    iso3: str
    statuses: dict[str, str]
    eml: frozenset = frozenset()
    costs: dict = field(default_factory=dict)
    # drug -> its funding facts restricted to some indications: (date key, funded/not_funded, lines spec, regimens)
    restricted: dict[str, tuple[tuple[str, str, str, frozenset], ...]] = field(default_factory=dict)


def indication_funding(restricted, regimen_id: str, prior_lines: int) -> str | None:
    """Funding of one drug for one regimen at a line of therapy, from facts restricted to some indications.

    Only facts that name the regimen (``covers_regimens``) and whose lines (``covers_lines``, if any) include
    ``prior_lines`` speak to it; the newest of those decides ('funded' / 'not_funded'). None when no fact names
    the regimen: a fact restricted by line alone ("monotherapy from the fourth line") does not say which regimens.
    """
    naming = [
        (key, funding)
        for key, funding, lines, regimens in restricted
        if regimen_id in regimens and (not lines or prior_lines_match(lines, prior_lines))
    ]
    return max(naming)[1] if naming else None


def _split(value) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip()) if isinstance(value, str) else ()


def prior_lines_match(spec: str, n: int) -> bool:
    """Does ``n`` prior lines fall in a spec such as ``1``, ``2+``, ``1-3``?"""
    spec = str(spec).strip()
    if spec.endswith("+"):
        return n >= int(spec[:-1])
    if "-" in spec:
        low, high = spec.split("-")
        return int(low) <= n <= int(high)
    return n == int(spec)


def _axis_match(rule, value: bool) -> bool:
    rule = rule if isinstance(rule, str) and rule else "any"
    return rule == "any" or (rule == "yes") == value


def setting_matches(setting, s: Situation) -> bool:
    """Whether a setting row (settings.csv, or a guidance gap) applies to situation ``s``."""
    return (
        prior_lines_match(setting["prior_lines"], s.prior_lines)
        and all(_axis_match(setting.get(axis), s.axis(axis)) for axis in SETTING_AXES)
        and (setting["t11_14"] == "any" or s.t11_14)
    )


def matching_settings(settings: pd.DataFrame, s: Situation) -> list[str]:
    """Ids of the settings that apply to ``s``."""
    return [row["setting_id"] for row in settings.to_dict("records") if setting_matches(row, s)]


def drug_access(status: str, threshold: str, eml_listed: bool = False, assumed: bool = False) -> tuple[str, str]:
    """(usable / blocked / unknown, how it was reached) for one drug in one country.

    A sourced status decides when it decides. Where it leaves the answer unknown (no
    data; or "approved, funding unknown" under "publicly funded only"):
    * a listing on the country's national essential medicines list counts as usable under
      "any legal availability" (a government's commitment to public-sector supply) but
      not as public funding;
    * a drug the user chose to assume available counts as usable only when there is no
      sourced fact about it at all.
    """
    verdict = is_usable(status, threshold)
    if verdict is not None:
        return (USABLE if verdict else BLOCKED), BY_STATUS
    if eml_listed and threshold == "any":
        return USABLE, BY_NATIONAL_EML
    if assumed and status == NO_DATA:
        return USABLE, BY_ASSUMPTION
    return UNKNOWN, (BY_STATUS if status != NO_DATA else BY_NOTHING)


def regimen_access(
    drug_ids,
    statuses: dict[str, str],
    threshold: str,
    eml: frozenset = frozenset(),
    assumed: frozenset = frozenset(),
    by_indication: dict[str, str] | None = None,
):
    """Combine per-drug access: any blocked drug blocks; else any unknown -> unknown.

    ``by_indication``: drug -> 'funded' / 'not_funded' for this regimen and line, from facts restricted to some
    indications (:func:`indication_funding`); it decides, under "publicly funded only", a drug that is *publicly
    funded for some indications*. Returns (verdict, blocking drugs, unknown drugs, {drug: how}).
    """
    per_drug = {d: drug_access(statuses.get(d, NO_DATA), threshold, d in eml, d in assumed) for d in drug_ids}
    for d, funding in (by_indication or {}).items():
        if threshold == "funded" and statuses.get(d) == "publicly_funded_some" and d in per_drug:
            per_drug[d] = (USABLE if funding == "funded" else BLOCKED), BY_INDICATION
    blocking = [d for d, (v, _) in per_drug.items() if v == BLOCKED]
    unknown = [d for d, (v, _) in per_drug.items() if v == UNKNOWN]
    how = {d: h for d, (_, h) in per_drug.items()}
    if blocking:
        return BLOCKED, blocking, unknown, how
    if unknown:
        return UNKNOWN, blocking, unknown, how
    return USABLE, blocking, unknown, how


def _date_key(value) -> str:
    """A partial ISO date as a sortable string ('' for none)."""
    return value if isinstance(value, str) else ""


def recommendations_for(
    data: FinderData, s: Situation, guidelines, jurisdictions: frozenset | None = None
) -> pd.DataFrame:
    """Recommendation rows (of the chosen guidance) whose setting applies to ``s``, best first.

    ``jurisdictions``: keep approval rows only where their regulator covers the country
    (None keeps every row, for listing approvals elsewhere).
    """
    recs = data.recs
    sub = recs[
        recs["setting_id"].isin(matching_settings(data.settings, s)) & recs["guideline_id"].isin(list(guidelines))
    ]
    if jurisdictions is not None and "jurisdiction" in sub:
        j = sub["jurisdiction"]
        sub = sub[j.isna() | (j == "") | j.isin(list(jurisdictions))]
    return _rank(data, sub)


def _rank(data: FinderData, sub: pd.DataFrame) -> pd.DataFrame:
    if sub.empty:
        return sub.assign(_standing=[], _date=[])
    out = sub.assign(
        _standing=sub["guideline_id"].map(data.standing).fillna(3).astype(int),
        _date=sub["effective_date"].map(_date_key),
        _cat=sub["category"].map(CATEGORY_ORDER),
        _grade=sub["grade"].map(GRADE_ORDER).fillna(NO_GRADE),
    )
    out = out.sort_values(
        ["_standing", "_date", "_cat", "_grade", "rank", "guideline_id"],
        ascending=[True, False, True, True, True, True],
    )
    return out.drop(columns=["_cat", "_grade"])


EXPOSURE_WORDS = {
    "len_exposed": "lenalidomide",
    "pi_exposed": "a proteasome inhibitor",
    "cd38_exposed": "an anti-CD38 antibody",
}


def exposure_hints(data: FinderData, s: Situation, guidelines, iso3: str) -> list[str]:
    """Exposures the situation does not state after which more cited recommendations apply (a hint, never assumed).

    An exposure is named when stating it - alone, or with the other unstated exposures (e.g. "triple-class
    exposed") - adds a recommended regimen.
    """
    jurisdictions = data.jurisdictions_of(iso3)

    def ids(situation: Situation) -> set:
        return set(recommendations_for(data, situation, guidelines, jurisdictions)["regimen_id"])

    base = ids(s)
    unstated = [name for name in EXPOSURE_WORDS if not s.axis(name)]
    full = ids(replace(s, **{name: True for name in unstated}))
    out = []
    for name in unstated:
        alone = ids(replace(s, **{name: True})) - base
        without = ids(replace(s, **{n: True for n in unstated if n != name}))
        if alone or (full - base) - without:
            out.append(EXPOSURE_WORDS[name])
    return out


def approvals_elsewhere(data: FinderData, s: Situation, guidelines, iso3: str) -> pd.DataFrame:
    """Approval rows matching ``s`` whose regulator does not cover ``iso3`` (shown as a note, never counted)."""
    every = recommendations_for(data, s, guidelines, None)
    if every.empty or "jurisdiction" not in every:
        return every.iloc[0:0]
    j = every["jurisdiction"]
    return every[j.notna() & (j != "") & ~j.isin(list(data.jurisdictions_of(iso3)))]


def refractory_conflicts(
    drug_ids, s: Situation, drug_axes: dict[str, str], sanctioned: dict[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """(unsanctioned conflict texts, sanctioned caveat texts) for the drugs the disease is refractory to.

    ``sanctioned``: axis -> the label of the cited source that recommends the regimen for
    disease refractory to that axis.
    """
    sanctioned = sanctioned or {}
    conflicts, caveats = [], []
    for axis, (flag, words) in REFRACTORY_AXES.items():
        if not getattr(s, flag):
            continue
        hits = [d for d in drug_ids if drug_axes.get(d) == axis]
        if not hits:
            continue
        if axis in sanctioned:
            caveats.append(
                f"contains {', '.join(hits)} and the disease is {words}: {sanctioned[axis]} recommends it "
                f"for such disease"
            )
        else:
            conflicts.append(
                f"contains {', '.join(hits)}; the disease is {words}, and no cited source recommends "
                f"it for such disease"
            )
    return conflicts, caveats


def _sanctioned_axes(data: FinderData, records: list[dict], labels: dict[str, str]) -> dict[str, str]:
    """Axes on which a matching recommendation of this regimen explicitly covers refractory disease."""
    out: dict[str, str] = {}
    for row in records:
        setting = data.settings_by_id.get(row["setting_id"], {})
        for axis, (flag, _words) in REFRACTORY_AXES.items():
            if setting.get(flag) == "yes" and axis not in out:
                out[axis] = f"{labels.get(row['guideline_id'], row['guideline_id'])} ({setting.get('label', '')})"
    return out


def _grade(value):
    return value if isinstance(value, str) and value else None


def _prepare(data: FinderData, s: Situation, rec: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """What does not depend on the country: per recommended regimen, its rows, drugs and refractory verdicts."""
    groups: dict[str, list[dict]] = {}
    for row in rec.to_dict("records"):  # already best first
        groups.setdefault(row["regimen_id"], []).append(row)
    out = []
    for regimen_id, records in groups.items():
        drugs = data.drugs_of.get(regimen_id, [])
        conflicts, sanctioned = refractory_conflicts(drugs, s, data.drug_axes, _sanctioned_axes(data, records, labels))
        out.append(
            {
                "regimen_id": regimen_id,
                "records": records,
                "drugs": drugs,
                "conflicts": conflicts,
                "sanctioned": sanctioned,
                "sequencing": [SEQUENCING_CAVEAT]
                if s.prior_bcma and any(data.drug_axes.get(d) == "bcma" for d in drugs)
                else [],
            }
        )
    return out


def _rows(
    data: FinderData, country: CountryAccess, query: FinderQuery, prepared: list[dict], labels: dict[str, str]
) -> list[dict]:
    """One dict per recommended regimen with its verdict in ``country`` (unsorted)."""
    jurisdictions = data.jurisdictions_of(country.iso3)
    rows = []
    for p in prepared:
        regimen_id, drugs, best = p["regimen_id"], p["drugs"], p["records"][0]
        by_indication = {
            d: f
            for d in drugs
            if d in country.restricted
            and (f := indication_funding(country.restricted[d], regimen_id, query.situation.prior_lines))
        }
        access, blocking, unknown, how = regimen_access(
            drugs, country.statuses, query.threshold, country.eml, query.assumed, by_indication
        )
        withdrawn_in = data.withdrawn_in.get(regimen_id, ())
        withdrawn = [j for j in withdrawn_in if j in jurisdictions]
        verdict = access
        if withdrawn:
            verdict = BLOCKED
        elif access == USABLE and withdrawn_in:
            verdict = UNKNOWN  # withdrawn elsewhere; whether it is still authorised here is not sourced
        if p["conflicts"]:
            verdict = REFRACTORY
        rows.append(
            {
                "regimen_id": regimen_id,
                "category": best["category"],
                "grade": _grade(best["grade"]),
                "guideline_id": best["guideline_id"],
                "ordered_by": labels.get(best["guideline_id"], best["guideline_id"]),
                "standing": int(best["_standing"]),
                "setting_id": best["setting_id"],
                "guidance": [
                    (g["guideline_id"], g["category"], _grade(g["grade"]), g["setting_id"]) for g in p["records"]
                ],
                "verdict": Verdict(verdict),
                "access": Verdict(access),
                "blocking": blocking,
                "unknown": unknown,
                "withdrawn_here": withdrawn,
                "withdrawn_elsewhere": [j for j in withdrawn_in if j not in jurisdictions],
                "via_eml": [d for d, h in how.items() if h == BY_NATIONAL_EML],
                "via_assumption": [d for d, h in how.items() if h == BY_ASSUMPTION],
                "via_indication": [d for d, h in how.items() if h == BY_INDICATION],
                "drugs": drugs,
                "conflicts": p["conflicts"],
                "sanctioned": p["sanctioned"],
                "sequencing": p["sequencing"],
                "cost_usd": country.costs.get(regimen_id),
                "rank": best["rank"],
                "_date": best["_date"],
                "source_id": best["source_id"],
                "effective_date": best["effective_date"],
                "note": best["note"],
            }
        )
    return rows


class _RecCache(dict):
    """Matching recommendation rows per set of jurisdictions (one query, many countries)."""

    def __init__(self, data: FinderData, s: Situation, guidelines):
        super().__init__()
        self.data, self.s, self.guidelines = data, s, guidelines

    def for_country(self, iso3: str) -> list[dict]:
        key = self.data.jurisdictions_of(iso3) & self.data.approval_jurisdictions  # the regulators that matter
        if key not in self:
            self[key] = _prepare(self.data, self.s, recommendations_for(self.data, self.s, self.guidelines, key), {})
        return self[key]


def evaluate(
    data: FinderData, country: CountryAccess, query: FinderQuery, guidelines, labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every regimen recommended for the query's situation by ``guidelines``, with its verdict in one country.

    One row per regimen. Its best recommendation (standing, date, category, grade) gives
    ``category``/``grade``/``guideline_id`` (``ordered_by``); ``guidance`` lists every
    matching recommendation as (guideline_id, category, grade, setting_id). ``access`` is
    the drug-by-drug verdict; ``verdict`` is ``access`` unless the regimen is a refractory
    conflict or its own authorisation was withdrawn here.
    """
    rec = recommendations_for(data, query.situation, guidelines, data.jurisdictions_of(country.iso3))
    if rec.empty:
        return pd.DataFrame()
    labels = labels or {}
    rows = _rows(data, country, query, _prepare(data, query.situation, rec, labels), labels)
    out = pd.DataFrame(rows).merge(data.regimens, on="regimen_id", how="left", suffixes=("", "_regimen"))
    out["_conflict"] = (out["verdict"] == REFRACTORY).astype(int)
    out["_cat"] = out["category"].map(CATEGORY_ORDER)
    out["_grade"] = out["grade"].map(GRADE_ORDER).fillna(NO_GRADE)
    out["_cost"] = pd.to_numeric(out["cost_usd"], errors="coerce").fillna(float("inf"))
    out = out.sort_values(
        ["_conflict", "standing", "_date", "_cat", "_grade", "_cost", "rank", "regimen_id"],
        ascending=[True, True, False, True, True, True, True, True],
    )
    out = out.drop(columns=["_conflict", "_cat", "_grade", "_cost", "_date"])
    out["grade"] = out["grade"].astype(object).where(out["grade"].notna(), None)
    return out.reset_index(drop=True)


def guidance_gaps(gaps: pd.DataFrame, s: Situation) -> list[dict]:
    """Notes on guidance that exists for ``s`` but could not be verified (shown, never filled in)."""
    return [g for g in gaps.to_dict("records") if setting_matches(g, s)]


def unlock_ranking(
    data: FinderData,
    countries: list[CountryAccess],
    query: FinderQuery,
    guidelines,
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Which single drug, made usable, would unlock the most regimens recommended for the query's situation.

    The same verdicts as the list: per country, a regimen counts (once, even if several
    guidances recommend it) only when it is recommended there (approval rows only where
    their regulator covers the country), is not a refractory conflict, is not usable now,
    and lacks exactly one drug. That drug then gains the country's weight (default 1), as
    ``gain`` when the drug is *blocked* or unknown despite a sourced status (a sourced
    barrier), or as ``data_gap`` when nothing at all is sourced for it there (no data is
    not evidence of a barrier: a cheap generic with no fact is a gap in the data, shown
    apart). Sorted by gain, then data gap.
    Returns drug_id, gain, data_gap, regimens (sorted), countries (how many gain either way).
    """
    weights = weights or {}
    gain: dict[str, float] = {}
    gap: dict[str, float] = {}
    unlocked: dict[str, set[str]] = {}
    gaining: dict[str, set[str]] = {}
    cache = _RecCache(data, query.situation, guidelines)
    for country in countries:
        for row in _rows(data, country, query, cache.for_country(country.iso3), {}):
            if row["verdict"] in (USABLE, REFRACTORY) or row["withdrawn_here"]:
                continue
            missing = row["blocking"] + row["unknown"]
            if len(missing) != 1:
                continue
            drug = missing[0]
            w = float(weights.get(country.iso3, 1.0))
            if drug in row["unknown"] and country.statuses.get(drug, NO_DATA) == NO_DATA:
                gap[drug] = gap.get(drug, 0.0) + w
            else:
                gain[drug] = gain.get(drug, 0.0) + w
            unlocked.setdefault(drug, set()).add(row["regimen_id"])
            gaining.setdefault(drug, set()).add(country.iso3)
    rows = [
        {
            "drug_id": d,
            "gain": gain.get(d, 0.0),
            "data_gap": gap.get(d, 0.0),
            "regimens": sorted(unlocked[d]),
            "countries": len(gaining[d]),
        }
        for d in unlocked
    ]
    out = pd.DataFrame(rows, columns=["drug_id", "gain", "data_gap", "regimens", "countries"])
    return out.sort_values(["gain", "data_gap", "drug_id"], ascending=[False, False, True]).reset_index(drop=True)


def usable_count(data: FinderData, countries: list[CountryAccess], query: FinderQuery, guidelines) -> pd.DataFrame:
    """Per country: regimens recommended for the situation that are usable / unknown / blocked / refractory conflicts."""
    rows = []
    cache = _RecCache(data, query.situation, guidelines)
    for country in countries:
        verdicts = [r["verdict"] for r in _rows(data, country, query, cache.for_country(country.iso3), {})]
        rows.append(
            {
                "iso3": country.iso3,
                "usable": verdicts.count(USABLE),
                "unknown": verdicts.count(UNKNOWN),
                "blocked": verdicts.count(BLOCKED),
                "refractory": verdicts.count(REFRACTORY),
                "recommended": len(verdicts),
            }
        )
    return pd.DataFrame(rows, columns=["iso3", "usable", "unknown", "blocked", "refractory", "recommended"])


# ---- what the list opens on -----------------------------------------------------------------
FALLBACK_NOTICE = (
    "{chosen} gives no verifiable recommendation for this situation; showing the other cited guidance "
    "below (choose the guidance above to change this)."
)
EXPLICIT_EMPTY_NOTICE = (
    "{chosen} gives no verifiable recommendation for this situation. {n} regimen(s) from other "
    "cited guidance and approvals apply: choose '{other}' to see them."
)


def has_verifiable(result: pd.DataFrame) -> bool:
    """Whether a finder result shows at least one regimen that is not a refractory conflict."""
    return len(result) > 0 and bool((result["verdict"] != REFRACTORY).any())
