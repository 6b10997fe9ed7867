"""Regimen finder: which recommended regimens a country can actually use.

Pure functions. Input: the recommendation tables, a patient situation, the current
access status of each drug in one country, and an access threshold. Output: every
regimen recommended for that situation with usable / blocked / unknown, the drugs that
block it or lack data, its grade, trial and cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .status import NO_DATA, is_usable

CATEGORY_ORDER = {"preferred": 0, "recommended": 1, "approval": 2, "alternative_if_unavailable": 3}
GRADE_ORDER = {"1A": 0, "1B": 1, "1C": 2, "2A": 3, "2B": 4, "2C": 5}
USABLE, BLOCKED, UNKNOWN = "usable", "blocked", "unknown"


@dataclass(frozen=True)
class Situation:
    """A patient's situation on the IMWG axes."""

    prior_lines: int = 1
    len_refractory: bool = False
    pi_refractory: bool = False
    cd38_refractory: bool = False
    t11_14: bool = False


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


def setting_matches(setting: pd.Series, s: Situation) -> bool:
    """Whether a setting row (from settings.csv) applies to situation ``s``."""
    return (
        prior_lines_match(setting["prior_lines"], s.prior_lines)
        and _axis_match(setting["len_refractory"], s.len_refractory)
        and _axis_match(setting["pi_refractory"], s.pi_refractory)
        and _axis_match(setting["cd38_refractory"], s.cd38_refractory)
        and (setting["t11_14"] == "any" or s.t11_14)
    )


def matching_settings(settings: pd.DataFrame, s: Situation) -> list[str]:
    """Ids of the settings that apply to ``s``."""
    return [row["setting_id"] for _, row in settings.iterrows() if setting_matches(row, s)]


def drug_access(status: str, threshold: str, assumed: bool = False) -> str:
    """usable / blocked / unknown for one drug given its status and the threshold.

    ``assumed`` marks drugs the user chose to assume available (e.g. dexamethasone);
    they count as usable only when there is no sourced fact at all.
    """
    if status == NO_DATA and assumed:
        return USABLE
    verdict = is_usable(status, threshold)
    if verdict is None:
        return UNKNOWN
    return USABLE if verdict else BLOCKED


def regimen_access(drug_ids: list[str], statuses: dict[str, str], threshold: str, assumed=frozenset()):
    """Combine per-drug access: any blocked drug blocks; else any unknown -> unknown.

    Returns (verdict, blocking drugs, drugs without data/unknown).
    """
    per_drug = {d: drug_access(statuses.get(d, NO_DATA), threshold, d in assumed) for d in drug_ids}
    blocking = [d for d, v in per_drug.items() if v == BLOCKED]
    unknown = [d for d, v in per_drug.items() if v == UNKNOWN]
    if blocking:
        return BLOCKED, blocking, unknown
    if unknown:
        return UNKNOWN, blocking, unknown
    return USABLE, blocking, unknown


def recommended_regimens(recs: pd.DataFrame, setting_ids: list[str], guidelines: list[str]) -> pd.DataFrame:
    """Recommendation rows for the given settings and guideline scopes.

    A regimen recommended in several matching settings is kept once, with its best
    (lowest) category and grade.
    """
    sub = recs[recs["setting_id"].isin(setting_ids) & recs["guideline_id"].isin(guidelines)].copy()
    sub["_cat"] = sub["category"].map(CATEGORY_ORDER)
    sub["_grade"] = sub["grade"].map(GRADE_ORDER).fillna(9)
    sub = sub.sort_values(["_cat", "_grade", "rank"])
    return sub.drop_duplicates("regimen_id", keep="first").drop(columns=["_cat", "_grade"])


def find_regimens(
    recs: pd.DataFrame,
    settings: pd.DataFrame,
    regimen_drugs: pd.DataFrame,
    regimens: pd.DataFrame,
    statuses: dict[str, str],
    situation: Situation,
    threshold: str = "any",
    guidelines: tuple[str, ...] = ("imwg_2021",),
    costs: dict[str, float | None] | None = None,
    assumed: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Every regimen recommended for ``situation`` with its access verdict in one country.

    Ordering: guideline preference (category), then evidence grade, then cost per
    28-day cycle (unknown cost last), then the order in the source.
    Columns: regimen_id, abbreviation, name, category, grade, guideline_id, setting_id,
    verdict, blocking, unknown, drugs, cost_usd, pivotal_trial, key_result,
    result_source_id, source_id, effective_date.
    """
    setting_ids = matching_settings(settings, situation)
    rec = recommended_regimens(recs, setting_ids, list(guidelines))
    drugs_of = regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
    costs = costs or {}
    rows = []
    for _, r in rec.iterrows():
        drugs = drugs_of.get(r["regimen_id"], [])
        verdict, blocking, unknown = regimen_access(drugs, statuses, threshold, assumed)
        rows.append(
            {
                "regimen_id": r["regimen_id"],
                "category": r["category"],
                "grade": r["grade"],
                "guideline_id": r["guideline_id"],
                "setting_id": r["setting_id"],
                "verdict": verdict,
                "blocking": blocking,
                "unknown": unknown,
                "drugs": drugs,
                "cost_usd": costs.get(r["regimen_id"]),
                "rank": r["rank"],
                "source_id": r["source_id"],
                "effective_date": r["effective_date"],
                "note": r["note"],
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out = out.merge(regimens, on="regimen_id", how="left", suffixes=("", "_regimen"))
    out["_cat"] = out["category"].map(CATEGORY_ORDER)
    out["_grade"] = out["grade"].map(GRADE_ORDER).fillna(9)
    out["_cost"] = out["cost_usd"].astype(float).fillna(float("inf"))
    out = out.sort_values(["_cat", "_grade", "_cost", "rank"]).drop(columns=["_cat", "_grade", "_cost"])
    return out.reset_index(drop=True)


def unlock_ranking(
    recs: pd.DataFrame,
    regimen_drugs: pd.DataFrame,
    statuses_by_country: dict[str, dict[str, str]],
    threshold: str = "any",
    guidelines: tuple[str, ...] = ("imwg_2021",),
    setting_weights: dict[str, float] | None = None,
    assumed: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Which single missing drug would make the most recommended regimens usable.

    For each country and each drug not currently usable there, count the
    (setting, regimen) recommendations that are not usable now but would become
    usable if that one drug were usable; each recommendation counts with the weight of
    its setting (default 1). Summed over the countries given (one country, or a
    region / income group). Returns drug_id, weighted_gain, regimens (sorted list),
    countries (how many countries gain), sorted by gain.
    """
    sub = recs[recs["guideline_id"].isin(guidelines)]
    drugs_of = regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
    weights = setting_weights or {}
    gain: dict[str, float] = {}
    regimens_unlocked: dict[str, set[str]] = {}
    countries_gaining: dict[str, set[str]] = {}
    for iso3, statuses in statuses_by_country.items():
        for _, r in sub.iterrows():
            drugs = drugs_of.get(r["regimen_id"], [])
            verdict, blocking, unknown = regimen_access(drugs, statuses, threshold, assumed)
            missing = blocking + unknown
            if verdict == USABLE or len(missing) != 1:
                continue
            drug = missing[0]
            gain[drug] = gain.get(drug, 0.0) + float(weights.get(r["setting_id"], 1.0))
            regimens_unlocked.setdefault(drug, set()).add(r["regimen_id"])
            countries_gaining.setdefault(drug, set()).add(iso3)
    rows = [
        {
            "drug_id": d,
            "weighted_gain": g,
            "regimens": sorted(regimens_unlocked[d]),
            "countries": len(countries_gaining[d]),
        }
        for d, g in gain.items()
    ]
    out = pd.DataFrame(rows, columns=["drug_id", "weighted_gain", "regimens", "countries"])
    return out.sort_values(["weighted_gain", "drug_id"], ascending=[False, True]).reset_index(drop=True)


def usable_count(
    recs: pd.DataFrame,
    settings: pd.DataFrame,
    regimen_drugs: pd.DataFrame,
    statuses_by_country: dict[str, dict[str, str]],
    situation: Situation,
    threshold: str = "any",
    guidelines: tuple[str, ...] = ("imwg_2021",),
    assumed: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Per country: how many regimens recommended for ``situation`` are usable / unknown.

    Feeds the world map mode "number of recommended regimens usable for situation X".
    """
    setting_ids = matching_settings(settings, situation)
    rec = recommended_regimens(recs, setting_ids, list(guidelines))
    drugs_of = regimen_drugs.groupby("regimen_id")["drug_id"].apply(list).to_dict()
    rows = []
    for iso3, statuses in statuses_by_country.items():
        verdicts = [regimen_access(drugs_of.get(r, []), statuses, threshold, assumed)[0] for r in rec["regimen_id"]]
        rows.append(
            {
                "iso3": iso3,
                "usable": verdicts.count(USABLE),
                "unknown": verdicts.count(UNKNOWN),
                "blocked": verdicts.count(BLOCKED),
                "recommended": len(verdicts),
            }
        )
    return pd.DataFrame(rows, columns=["iso3", "usable", "unknown", "blocked", "recommended"])
