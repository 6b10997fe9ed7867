"""Regimen finder: which recommended regimens a country can actually use.

Pure functions. A *situation* (prior lines; lenalidomide-, PI-, anti-CD38-refractory;
t(11;14)) selects the settings of the encoded guidance that apply to it; every regimen
recommended there is checked drug by drug against the country's access evidence under
an access threshold. What guidance exists but could not be verified for a situation is
returned as a note (``guidance_gaps``), never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .schema import CATEGORIES
from .status import NO_DATA, is_usable

CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORIES)}
GRADE_ORDER = {"1A": 0, "1B": 1, "1C": 2, "2A": 3, "2B": 4, "2C": 5}
USABLE, BLOCKED, UNKNOWN = "usable", "blocked", "unknown"
# How a drug's verdict was reached.
BY_STATUS, BY_NATIONAL_EML, BY_ASSUMPTION, BY_NOTHING = "status", "national_eml", "assumption", "no_data"

# The drugs a refractory flag is about (by drug class in drugs.csv, or the one drug).
REFRACTORY_DRUG_CLASSES = {
    "len_refractory": ("drug", "lenalidomide"),
    "pi_refractory": ("class", "Proteasome inhibitor"),
    "cd38_refractory": ("class", "Anti-CD38 monoclonal antibody"),
}
REFRACTORY_WORDS = {
    "len_refractory": "lenalidomide-refractory",
    "pi_refractory": "proteasome-inhibitor-refractory",
    "cd38_refractory": "anti-CD38-refractory",
}


@dataclass(frozen=True)
class Situation:
    """A patient's situation on the axes the guidance uses."""

    prior_lines: int = 1  # 4 means "4 or more"
    len_refractory: bool = False
    pi_refractory: bool = False
    cd38_refractory: bool = False
    t11_14: bool = False

    def describe(self) -> str:
        """Plain words, e.g. '1 prior line, lenalidomide-refractory, t(11;14)'."""
        lines = "4 or more prior lines" if self.prior_lines >= 4 else (
            "1 prior line" if self.prior_lines == 1 else f"{self.prior_lines} prior lines")
        flags = [REFRACTORY_WORDS[k] for k in REFRACTORY_WORDS if getattr(self, k)]
        if self.t11_14:
            flags.append("t(11;14)")
        return ", ".join([lines, *flags])


def prior_lines_match(spec: str, n: int) -> bool:
    """Does ``n`` prior lines fall in a spec such as ``1``, ``2+``, ``1-3``?"""
    spec = str(spec).strip()
    if spec.endswith("+"):
        return n >= int(spec[:-1])
    if "-" in spec:
        low, high = spec.split("-")
        return int(low) <= n <= int(high)
    return n == int(spec)


def _axis_match(rule: str, value: bool) -> bool:
    return rule == "any" or (rule == "yes") == value


def setting_matches(setting, s: Situation) -> bool:
    """Whether a setting row (settings.csv, or a guidance gap) applies to situation ``s``."""
    return (
        prior_lines_match(setting["prior_lines"], s.prior_lines)
        and _axis_match(setting["len_refractory"], s.len_refractory)
        and _axis_match(setting["pi_refractory"], s.pi_refractory)
        and _axis_match(setting["cd38_refractory"], s.cd38_refractory)
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


def regimen_access(drug_ids, statuses: dict[str, str], threshold: str, eml: frozenset = frozenset(),
                   assumed: frozenset = frozenset()):
    """Combine per-drug access: any blocked drug blocks; else any unknown -> unknown.

    Returns (verdict, blocking drugs, unknown drugs, {drug: how}).
    """
    per_drug = {d: drug_access(statuses.get(d, NO_DATA), threshold, d in eml, d in assumed) for d in drug_ids}
    blocking = [d for d, (v, _) in per_drug.items() if v == BLOCKED]
    unknown = [d for d, (v, _) in per_drug.items() if v == UNKNOWN]
    how = {d: h for d, (_, h) in per_drug.items()}
    if blocking:
        return BLOCKED, blocking, unknown, how
    if unknown:
        return UNKNOWN, blocking, unknown, how
    return USABLE, blocking, unknown, how


def recommendations_for(recs: pd.DataFrame, settings: pd.DataFrame, s: Situation, guidelines) -> pd.DataFrame:
    """Recommendation rows (of the chosen guidance) whose setting applies to ``s``, best first."""
    sub = recs[recs["setting_id"].isin(matching_settings(settings, s)) & recs["guideline_id"].isin(list(guidelines))]
    return sub.assign(
        _cat=sub["category"].map(CATEGORY_ORDER), _grade=sub["grade"].map(GRADE_ORDER).fillna(9)
    ).sort_values(["_cat", "_grade", "rank", "guideline_id"]).drop(columns=["_cat", "_grade"])


def refractory_conflicts(drug_ids, s: Situation, drug_classes: dict[str, str]) -> list[str]:
    """Plain-words flags for drugs of a regimen the disease is refractory to."""
    out = []
    for axis, (kind, value) in REFRACTORY_DRUG_CLASSES.items():
        if not getattr(s, axis):
            continue
        hits = [d for d in drug_ids if (d == value if kind == "drug" else drug_classes.get(d) == value)]
        if hits:
            out.append(f"contains {', '.join(hits)}; the disease is {REFRACTORY_WORDS[axis]}")
    return out


def find_regimens(
    recs: pd.DataFrame,
    settings: pd.DataFrame,
    regimen_drugs: pd.DataFrame,
    regimens: pd.DataFrame,
    statuses: dict[str, str],
    situation: Situation,
    threshold: str = "any",
    guidelines=("imwg_2021",),
    costs: dict[str, float | None] | None = None,
    eml: frozenset = frozenset(),
    assumed: frozenset = frozenset(),
    drug_classes: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Every regimen recommended for ``situation`` by the chosen guidance, with its verdict in one country.

    One row per regimen. Its best recommendation (category, then grade) gives
    ``category``/``grade``/``guideline_id``; ``guidance`` lists every matching
    recommendation as (guideline_id, category, grade, setting_id). Ordering: the
    guidance's own preference (category), then grade, then cost per 28-day cycle (unknown
    last), then the order in the source — never by access, so a blocked preferred
    regimen stays on top where the reader can see what is missing.
    """
    rec = recommendations_for(recs, settings, situation, guidelines)
    if rec.empty:
        return pd.DataFrame()
    drugs_of = regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
    costs = costs or {}
    rows = []
    for regimen_id, group in rec.groupby("regimen_id", sort=False):
        best = group.iloc[0]
        drugs = drugs_of.get(regimen_id, [])
        verdict, blocking, unknown, how = regimen_access(drugs, statuses, threshold, eml, assumed)
        rows.append(
            {
                "regimen_id": regimen_id,
                "category": best["category"],
                "grade": best["grade"] if isinstance(best["grade"], str) else None,
                "guideline_id": best["guideline_id"],
                "setting_id": best["setting_id"],
                "guidance": [
                    (g["guideline_id"], g["category"], g["grade"] if isinstance(g["grade"], str) else None,
                     g["setting_id"]) for g in group.to_dict("records")
                ],
                "verdict": verdict,
                "blocking": blocking,
                "unknown": unknown,
                "via_eml": [d for d, h in how.items() if h == BY_NATIONAL_EML],
                "via_assumption": [d for d, h in how.items() if h == BY_ASSUMPTION],
                "drugs": drugs,
                "conflicts": refractory_conflicts(drugs, situation, drug_classes or {}),
                "cost_usd": costs.get(regimen_id),
                "rank": best["rank"],
                "source_id": best["source_id"],
                "effective_date": best["effective_date"],
                "note": best["note"],
            }
        )
    out = pd.DataFrame(rows).merge(regimens, on="regimen_id", how="left", suffixes=("", "_regimen"))
    out["_cat"] = out["category"].map(CATEGORY_ORDER)
    out["_grade"] = out["grade"].map(GRADE_ORDER).fillna(9)
    out["_cost"] = pd.to_numeric(out["cost_usd"], errors="coerce").fillna(float("inf"))
    out = out.sort_values(["_cat", "_grade", "_cost", "rank", "regimen_id"]).drop(columns=["_cat", "_grade", "_cost"])
    out["grade"] = out["grade"].astype(object).where(out["grade"].notna(), None)
    return out.reset_index(drop=True)


def guidance_gaps(gaps: pd.DataFrame, s: Situation) -> list[dict]:
    """Notes on guidance that exists for ``s`` but could not be verified (shown, never filled in)."""
    return [g for g in gaps.to_dict("records") if setting_matches(g, s)]


def unlock_ranking(
    recs: pd.DataFrame,
    settings: pd.DataFrame,
    regimen_drugs: pd.DataFrame,
    statuses_by_country: dict[str, dict[str, str]],
    situation: Situation,
    threshold: str = "any",
    guidelines=("imwg_2021",),
    eml_by_country: dict[str, frozenset] | None = None,
    assumed: frozenset = frozenset(),
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Which single drug, made usable, would unlock the most regimens recommended for ``situation``.

    For each country and each regimen recommended for the situation (counted once, even
    if several guidances recommend it) that is not usable now and lacks exactly one drug
    (blocked or unknown), that drug gains the country's weight (default 1 — e.g. pass
    new myeloma cases to weight by patients). Summed over the countries given.
    Returns drug_id, gain, regimens (sorted), countries (how many gain), sorted by gain.
    """
    rec = recommendations_for(recs, settings, situation, guidelines)
    regimen_ids = list(dict.fromkeys(rec["regimen_id"]))
    drugs_of = regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
    eml_by_country = eml_by_country or {}
    weights = weights or {}
    gain: dict[str, float] = {}
    unlocked: dict[str, set[str]] = {}
    gaining: dict[str, set[str]] = {}
    for iso3, statuses in statuses_by_country.items():
        for regimen_id in regimen_ids:
            verdict, blocking, unknown, _ = regimen_access(
                drugs_of.get(regimen_id, []), statuses, threshold, eml_by_country.get(iso3, frozenset()), assumed)
            missing = blocking + unknown
            if verdict == USABLE or len(missing) != 1:
                continue
            drug = missing[0]
            gain[drug] = gain.get(drug, 0.0) + float(weights.get(iso3, 1.0))
            unlocked.setdefault(drug, set()).add(regimen_id)
            gaining.setdefault(drug, set()).add(iso3)
    rows = [{"drug_id": d, "gain": g, "regimens": sorted(unlocked[d]), "countries": len(gaining[d])}
            for d, g in gain.items()]
    out = pd.DataFrame(rows, columns=["drug_id", "gain", "regimens", "countries"])
    return out.sort_values(["gain", "drug_id"], ascending=[False, True]).reset_index(drop=True)


def usable_count(
    recs: pd.DataFrame,
    settings: pd.DataFrame,
    regimen_drugs: pd.DataFrame,
    statuses_by_country: dict[str, dict[str, str]],
    situation: Situation,
    threshold: str = "any",
    guidelines=("imwg_2021",),
    eml_by_country: dict[str, frozenset] | None = None,
    assumed: frozenset = frozenset(),
) -> pd.DataFrame:
    """Per country: how many regimens recommended for ``situation`` are usable / unknown / blocked."""
    rec = recommendations_for(recs, settings, situation, guidelines)
    regimen_ids = list(dict.fromkeys(rec["regimen_id"]))
    drugs_of = regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
    eml_by_country = eml_by_country or {}
    rows = []
    for iso3, statuses in statuses_by_country.items():
        eml = eml_by_country.get(iso3, frozenset())
        verdicts = [regimen_access(drugs_of.get(r, []), statuses, threshold, eml, assumed)[0] for r in regimen_ids]
        rows.append({"iso3": iso3, "usable": verdicts.count(USABLE), "unknown": verdicts.count(UNKNOWN),
                     "blocked": verdicts.count(BLOCKED), "recommended": len(verdicts)})
    return pd.DataFrame(rows, columns=["iso3", "usable", "unknown", "blocked", "recommended"])
