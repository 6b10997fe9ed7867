"""Unit tests for the regimen finder on hand-worked cases."""

import pandas as pd

import pytest

from myeloma_access.finder import (
    BLOCKED, BY_ASSUMPTION, BY_NATIONAL_EML, BY_NOTHING, BY_STATUS, UNKNOWN, USABLE, Situation, drug_access,
    find_regimens, guidance_gaps, matching_settings, prior_lines_match, refractory_conflicts, regimen_access,
    unlock_ranking, usable_count,
)

SETTINGS = pd.DataFrame(
    [
        ("first_relapse_len_sensitive", "1st relapse, len-sensitive", "1", "no", "any", "no", "any", ""),
        ("first_relapse_len_refractory", "1st relapse, len-refractory", "1", "yes", "any", "no", "any", ""),
        ("first_relapse_cd38_refractory", "1st relapse, anti-CD38-refractory", "1", "any", "any", "yes", "any", ""),
        ("two_plus", "2+ lines", "2+", "any", "any", "any", "any", ""),
        ("t11", "t(11;14)", "2+", "any", "any", "any", "yes", ""),
    ],
    columns=["setting_id", "label", "prior_lines", "len_refractory", "pi_refractory", "cd38_refractory", "t11_14",
             "description"],
)
REGIMEN_DRUGS = pd.DataFrame(
    [
        ("drd", "daratumumab"), ("drd", "lenalidomide"), ("drd", "dexamethasone"),
        ("krd", "carfilzomib"), ("krd", "lenalidomide"), ("krd", "dexamethasone"),
        ("pvd", "pomalidomide"), ("pvd", "bortezomib"), ("pvd", "dexamethasone"),
        ("dkd", "daratumumab"), ("dkd", "carfilzomib"), ("dkd", "dexamethasone"),
        ("dvd", "daratumumab"), ("dvd", "bortezomib"), ("dvd", "dexamethasone"),
        ("vd", "bortezomib"), ("vd", "dexamethasone"),
        ("vtd", "bortezomib"), ("vtd", "thalidomide"), ("vtd", "dexamethasone"),
        ("vend", "venetoclax"), ("vend", "dexamethasone"),
        ("ird", "ixazomib"), ("ird", "lenalidomide"), ("ird", "dexamethasone"),
        ("td", "thalidomide"), ("td", "dexamethasone"),
    ],
    columns=["regimen_id", "drug_id"],
)
REGIMENS = pd.DataFrame({"regimen_id": REGIMEN_DRUGS["regimen_id"].unique()})
REGIMENS["abbreviation"] = REGIMENS["regimen_id"].str.upper()
REGIMENS["name"] = REGIMENS["abbreviation"]
for col in ("pivotal_trial", "key_result", "result_source_id", "note"):
    REGIMENS[col] = None
REGIMENS["as_of"] = "2026-11-24"


def rec(guideline, setting, regimen, category, grade, rank):
    return (guideline, setting, regimen, category, grade, rank, "2021-03", None, "s", "2026-11-24")


RECS = pd.DataFrame(
    [
        rec("imwg_2021", "first_relapse_len_sensitive", "drd", "preferred", "1A", 1),
        rec("imwg_2021", "first_relapse_len_sensitive", "krd", "preferred", "1A", 2),
        rec("imwg_2021", "first_relapse_len_sensitive", "dvd", "alternative", "1B", 3),
        rec("imwg_2021", "first_relapse_len_refractory", "pvd", "preferred", "1A", 1),
        rec("imwg_2021", "first_relapse_len_refractory", "dkd", "preferred", "1A", 2),
        rec("imwg_2021", "first_relapse_len_refractory", "dvd", "alternative", "1B", 3),
        rec("review", "first_relapse_len_refractory", "vd", "resource_restricted", None, 4),
        rec("review", "first_relapse_len_refractory", "vtd", "option", None, 5),
        rec("handbook", "first_relapse_cd38_refractory", "krd", "preferred", None, 1),
        rec("handbook", "first_relapse_cd38_refractory", "ird", "preferred", None, 2),
        rec("eha_esmo", "two_plus", "dkd", "recommended", None, 1),
        rec("eha_esmo", "two_plus", "td", "option", None, 2),
        rec("eha_esmo", "t11", "vend", "option", None, 1),
    ],
    columns=["guideline_id", "setting_id", "regimen_id", "category", "grade", "rank", "effective_date", "note",
             "source_id", "as_of"],
)

ALL = ("imwg_2021", "review", "handbook", "eha_esmo")
CLASSES = {"bortezomib": "Proteasome inhibitor", "carfilzomib": "Proteasome inhibitor", "ixazomib": "Proteasome inhibitor",
           "daratumumab": "Anti-CD38 monoclonal antibody", "lenalidomide": "Immunomodulatory drug"}

# A country where only bortezomib, thalidomide, lenalidomide (patients pay) and dexamethasone are available.
BASIC = {
    "bortezomib": "publicly_funded",
    "thalidomide": "publicly_funded",
    "lenalidomide": "not_funded",
    "dexamethasone": "publicly_funded",
    "daratumumab": "not_approved",
    "carfilzomib": "approved",
    "pomalidomide": "withdrawn",
}


def find(situation, statuses=BASIC, threshold="any", guidelines=ALL, costs=None, eml=frozenset(),
         assumed=frozenset()):
    res = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, statuses, situation, threshold, guidelines, costs,
                        eml, assumed, CLASSES)
    return [(r["regimen_id"], r["verdict"], r["blocking"], r["unknown"], r["guideline_id"], r["category"], r["grade"])
            for r in res.to_dict("records")]


@pytest.mark.parametrize("spec, n, expected", [
    ("1", 1, True), ("1", 2, False), ("2+", 1, False), ("2+", 2, True), ("2+", 4, True),
    ("1-3", 0, False), ("1-3", 1, True), ("1-3", 3, True), ("1-3", 4, False), (" 4+ ", 4, True),
])
def test_prior_lines_specs(spec, n, expected):
    assert prior_lines_match(spec, n) is expected


@pytest.mark.parametrize("situation, expected", [
    (Situation(1), ["first_relapse_len_sensitive"]),
    (Situation(1, len_refractory=True), ["first_relapse_len_refractory"]),
    (Situation(1, cd38_refractory=True), ["first_relapse_cd38_refractory"]),
    (Situation(1, len_refractory=True, cd38_refractory=True), ["first_relapse_cd38_refractory"]),
    (Situation(1, pi_refractory=True), ["first_relapse_len_sensitive"]),
    (Situation(1, t11_14=True), ["first_relapse_len_sensitive"]),
    (Situation(2), ["two_plus"]),
    (Situation(3, t11_14=True), ["two_plus", "t11"]),
    (Situation(4, True, True, True, True), ["two_plus", "t11"]),
])
def test_matching_settings(situation, expected):
    assert matching_settings(SETTINGS, situation) == expected


@pytest.mark.parametrize("status, threshold, eml, assumed, expected", [
    ("publicly_funded", "funded", False, False, (USABLE, BY_STATUS)),
    ("approved", "any", False, False, (USABLE, BY_STATUS)),
    ("approved", "funded", False, False, (UNKNOWN, BY_STATUS)),
    ("approved", "funded", True, True, (UNKNOWN, BY_STATUS)),  # EML listing is not funding; a fact exists
    ("not_funded", "funded", True, True, (BLOCKED, BY_STATUS)),
    ("not_approved", "any", True, True, (BLOCKED, BY_STATUS)),  # a sourced 'not approved' beats a listing
    ("no_data", "any", False, False, (UNKNOWN, BY_NOTHING)),
    ("no_data", "any", True, False, (USABLE, BY_NATIONAL_EML)),
    ("no_data", "funded", True, False, (UNKNOWN, BY_NOTHING)),
    ("no_data", "any", False, True, (USABLE, BY_ASSUMPTION)),
    ("no_data", "funded", False, True, (USABLE, BY_ASSUMPTION)),
    ("no_data", "any", True, True, (USABLE, BY_NATIONAL_EML)),  # sourced evidence before the assumption
])
def test_drug_access(status, threshold, eml, assumed, expected):
    assert drug_access(status, threshold, eml, assumed) == expected


def test_regimen_access_blocked_beats_unknown():
    verdict, blocking, unknown, how = regimen_access(["daratumumab", "venetoclax", "bortezomib"], BASIC, "any")
    assert (verdict, blocking, unknown) == (BLOCKED, ["daratumumab"], ["venetoclax"])
    assert how == {"daratumumab": BY_STATUS, "venetoclax": BY_NOTHING, "bortezomib": BY_STATUS}


def test_first_relapse_not_refractory_hand_worked():
    """DRd blocked (no daratumumab), KRd usable (carfilzomib approved, lenalidomide paid privately), DVd blocked."""
    assert find(Situation(1)) == [
        ("drd", BLOCKED, ["daratumumab"], [], "imwg_2021", "preferred", "1A"),
        ("krd", USABLE, [], [], "imwg_2021", "preferred", "1A"),
        ("dvd", BLOCKED, ["daratumumab"], [], "imwg_2021", "alternative", "1B"),
    ]


def test_first_relapse_len_refractory_hand_worked():
    assert find(Situation(1, len_refractory=True)) == [
        ("pvd", BLOCKED, ["pomalidomide"], [], "imwg_2021", "preferred", "1A"),
        ("dkd", BLOCKED, ["daratumumab"], [], "imwg_2021", "preferred", "1A"),
        ("dvd", BLOCKED, ["daratumumab"], [], "imwg_2021", "alternative", "1B"),
        ("vtd", USABLE, [], [], "review", "option", None),
        ("vd", USABLE, [], [], "review", "resource_restricted", None),
    ]


def test_first_relapse_anti_cd38_refractory_never_offers_the_imwg_daratumumab_list():
    assert find(Situation(1, cd38_refractory=True)) == [
        ("krd", USABLE, [], [], "handbook", "preferred", None),
        ("ird", UNKNOWN, [], ["ixazomib"], "handbook", "preferred", None),
    ]


def test_three_prior_lines_and_t11_14():
    assert find(Situation(3)) == [
        ("dkd", BLOCKED, ["daratumumab"], [], "eha_esmo", "recommended", None),
        ("td", USABLE, [], [], "eha_esmo", "option", None),
    ]
    assert find(Situation(3, t11_14=True)) == [  # equal category, no grade or cost: the source's rank
        ("dkd", BLOCKED, ["daratumumab"], [], "eha_esmo", "recommended", None),
        ("vend", UNKNOWN, [], ["venetoclax"], "eha_esmo", "option", None),
        ("td", USABLE, [], [], "eha_esmo", "option", None),
    ]


def test_funded_threshold_blocks_privately_paid_and_leaves_funding_unknown_open():
    assert find(Situation(1), threshold="funded") == [
        ("drd", BLOCKED, ["daratumumab", "lenalidomide"], [], "imwg_2021", "preferred", "1A"),
        ("krd", BLOCKED, ["lenalidomide"], ["carfilzomib"], "imwg_2021", "preferred", "1A"),
        ("dvd", BLOCKED, ["daratumumab"], [], "imwg_2021", "alternative", "1B"),
    ]


def test_scope_limits_the_guidance():
    assert [r[0] for r in find(Situation(1, len_refractory=True), guidelines=("imwg_2021",))] == ["pvd", "dkd", "dvd"]
    assert find(Situation(3), guidelines=("imwg_2021",)) == []


def test_one_row_per_regimen_with_every_guidance_listed():
    recs = pd.concat([RECS, pd.DataFrame([rec("eha_esmo", "first_relapse_len_sensitive", "krd", "recommended", None, 9)],
                                         columns=RECS.columns)], ignore_index=True)
    res = find_regimens(recs, SETTINGS, REGIMEN_DRUGS, REGIMENS, BASIC, Situation(1), "any", ALL)
    krd = res[res["regimen_id"] == "krd"]
    assert len(krd) == 1
    assert krd.iloc[0]["guidance"] == [("imwg_2021", "preferred", "1A", "first_relapse_len_sensitive"),
                                       ("eha_esmo", "recommended", None, "first_relapse_len_sensitive")]


def test_ordering_is_the_guidance_order_then_cost_not_access():
    costs = {"drd": 100.0, "krd": 50.0, "dvd": None}
    assert [r[0] for r in find(Situation(1), costs=costs)] == ["krd", "drd", "dvd"]
    assert [r[0] for r in find(Situation(1), costs={"drd": 50.0, "krd": 100.0})] == ["drd", "krd", "dvd"]


def test_national_eml_and_assumption_are_reported_per_regimen():
    statuses = {"thalidomide": "publicly_funded"}
    res = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, statuses, Situation(3), "any", ALL,
                        eml=frozenset({"dexamethasone"}))
    td = res[res["regimen_id"] == "td"].iloc[0]
    assert (td["verdict"], td["via_eml"], td["via_assumption"]) == (USABLE, ["dexamethasone"], [])
    res = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, statuses, Situation(3), "any", ALL,
                        assumed=frozenset({"dexamethasone"}))
    td = res[res["regimen_id"] == "td"].iloc[0]
    assert (td["verdict"], td["via_eml"], td["via_assumption"]) == (USABLE, [], ["dexamethasone"])
    res = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, statuses, Situation(3), "any", ALL)
    td = res[res["regimen_id"] == "td"].iloc[0]
    assert (td["verdict"], td["unknown"]) == (UNKNOWN, ["dexamethasone"])


def test_refractory_conflicts_are_named():
    s = Situation(1, len_refractory=True, pi_refractory=True, cd38_refractory=True)
    assert refractory_conflicts(["daratumumab", "lenalidomide", "dexamethasone"], s, CLASSES) == [
        "contains lenalidomide; the disease is lenalidomide-refractory",
        "contains daratumumab; the disease is anti-CD38-refractory",
    ]
    assert refractory_conflicts(["carfilzomib", "bortezomib"], s, CLASSES) == [
        "contains carfilzomib, bortezomib; the disease is proteasome-inhibitor-refractory"]
    assert refractory_conflicts(["daratumumab", "lenalidomide"], Situation(1), CLASSES) == []


@pytest.mark.parametrize("situation, expected", [
    (Situation(1), "1 prior line"),
    (Situation(2, len_refractory=True), "2 prior lines, lenalidomide-refractory"),
    (Situation(4, True, True, True, True),
     "4 or more prior lines, lenalidomide-refractory, proteasome-inhibitor-refractory, anti-CD38-refractory, t(11;14)"),
])
def test_situation_in_words(situation, expected):
    assert situation.describe() == expected


def test_guidance_gaps_match_like_settings():
    gaps = pd.DataFrame([
        ("dara_branch", "1", "any", "any", "yes", "any", "branch not verified", "s", "2026-11-24"),
        ("two_plus", "2+", "any", "any", "any", "any", "2+ not verified", "s", "2026-11-24"),
    ], columns=["gap_id", "prior_lines", "len_refractory", "pi_refractory", "cd38_refractory", "t11_14", "message",
                "source_id", "as_of"])
    assert [g["gap_id"] for g in guidance_gaps(gaps, Situation(1))] == []
    assert [g["gap_id"] for g in guidance_gaps(gaps, Situation(1, cd38_refractory=True))] == ["dara_branch"]
    assert [g["gap_id"] for g in guidance_gaps(gaps, Situation(4))] == ["two_plus"]


# ---- unlock ranking on a small planted world -----------------------------------------
WORLD = {
    "AAA": {"bortezomib": "publicly_funded", "dexamethasone": "publicly_funded", "lenalidomide": "approved",
            "carfilzomib": "not_approved", "daratumumab": "not_approved"},
    "BBB": {"bortezomib": "approved", "dexamethasone": "approved", "lenalidomide": "approved"},
    "CCC": {},
}


def test_unlock_ranking_for_first_relapse_hand_worked():
    """AAA: DRd, DVd lack only daratumumab (2); KRd lacks only carfilzomib (1).
    BBB: same (daratumumab no data 2, carfilzomib no data 1). CCC lacks everything: nothing single."""
    rank = unlock_ranking(RECS, SETTINGS, REGIMEN_DRUGS, WORLD, Situation(1), "any", ALL)
    assert rank.to_dict("records") == [
        {"drug_id": "daratumumab", "gain": 4.0, "regimens": ["drd", "dvd"], "countries": 2},
        {"drug_id": "carfilzomib", "gain": 2.0, "regimens": ["krd"], "countries": 2},
    ]


def test_unlock_ranking_follows_the_situation_and_weights():
    """Len-refractory: PVd needs pomalidomide (AAA, BBB), DKd needs dara+carfilzomib (no single lever),
    DVd needs daratumumab; Vd and VTd: VTd needs thalidomide. Weighted by new cases."""
    rank = unlock_ranking(RECS, SETTINGS, REGIMEN_DRUGS, WORLD, Situation(1, len_refractory=True), "any", ALL,
                          weights={"AAA": 10, "BBB": 1})
    assert rank.to_dict("records") == [
        {"drug_id": "daratumumab", "gain": 11.0, "regimens": ["dvd"], "countries": 2},
        {"drug_id": "pomalidomide", "gain": 11.0, "regimens": ["pvd"], "countries": 2},
        {"drug_id": "thalidomide", "gain": 11.0, "regimens": ["vtd"], "countries": 2},
    ]


def test_unlock_ranking_is_empty_when_everything_is_usable():
    everything = {d: "publicly_funded" for d in REGIMEN_DRUGS["drug_id"].unique()}
    assert unlock_ranking(RECS, SETTINGS, REGIMEN_DRUGS, {"AAA": everything}, Situation(1), "any", ALL).empty


def test_usable_count_per_country_hand_worked():
    counts = usable_count(RECS, SETTINGS, REGIMEN_DRUGS, WORLD, Situation(1), "any", ALL)
    assert counts.to_dict("records") == [
        {"iso3": "AAA", "usable": 0, "unknown": 0, "blocked": 3, "recommended": 3},
        {"iso3": "BBB", "usable": 0, "unknown": 3, "blocked": 0, "recommended": 3},
        {"iso3": "CCC", "usable": 0, "unknown": 3, "blocked": 0, "recommended": 3},
    ]
    eml = {"CCC": frozenset({"bortezomib", "dexamethasone", "thalidomide"})}
    counts = usable_count(RECS, SETTINGS, REGIMEN_DRUGS, WORLD, Situation(1, len_refractory=True), "any", ALL, eml)
    assert counts[counts["iso3"] == "CCC"].to_dict("records") == [
        {"iso3": "CCC", "usable": 2, "unknown": 3, "blocked": 0, "recommended": 5}]
