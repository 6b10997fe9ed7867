"""Unit tests for the regimen finder on hand-worked cases."""

import pandas as pd

from myeloma_access.finder import (
    BLOCKED, UNKNOWN, USABLE, Situation, find_regimens, matching_settings, prior_lines_match,
    regimen_access, unlock_ranking, usable_count,
)

SETTINGS = pd.DataFrame(
    [
        ("first_relapse_len_sensitive", "1st relapse, len-sensitive", "1", "no", "any", "any", "any", ""),
        ("first_relapse_len_refractory", "1st relapse, len-refractory", "1", "yes", "any", "any", "any", ""),
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
        rec("imwg_2021", "first_relapse_len_sensitive", "dvd", "recommended", "1B", 3),
        rec("imwg_2021", "first_relapse_len_refractory", "pvd", "preferred", "1A", 1),
        rec("imwg_2021", "first_relapse_len_refractory", "dkd", "preferred", "1A", 2),
        rec("imwg_2021", "first_relapse_len_refractory", "dvd", "recommended", "1B", 3),
        rec("other_guidance", "first_relapse_len_refractory", "vd", "alternative_if_unavailable", None, 4),
        rec("other_guidance", "first_relapse_len_refractory", "vtd", "alternative_if_unavailable", None, 5),
        rec("imwg_2021", "t11", "vend", "recommended", "1C", 1),
    ],
    columns=["guideline_id", "setting_id", "regimen_id", "category", "grade", "rank", "effective_date", "note",
             "source_id", "as_of"],
)

# A country where only bortezomib, thalidomide, lenalidomide and dexamethasone are available.
BASIC = {
    "bortezomib": "publicly_funded",
    "thalidomide": "publicly_funded",
    "lenalidomide": "out_of_pocket",
    "dexamethasone": "publicly_funded",
    "daratumumab": "not_available",
    "carfilzomib": "not_available",
    "pomalidomide": "not_available",
}


def test_prior_lines_specs():
    assert prior_lines_match("1", 1) and not prior_lines_match("1", 2)
    assert prior_lines_match("2+", 5) and not prior_lines_match("2+", 1)
    assert prior_lines_match("1-3", 3) and not prior_lines_match("1-3", 4)


def test_settings_for_len_refractory_first_relapse():
    s = Situation(prior_lines=1, len_refractory=True)
    assert matching_settings(SETTINGS, s) == ["first_relapse_len_refractory"]


def test_t11_14_setting_only_when_translocation_present():
    assert "t11" not in matching_settings(SETTINGS, Situation(prior_lines=3))
    assert "t11" in matching_settings(SETTINGS, Situation(prior_lines=3, t11_14=True))


def test_basic_country_len_refractory_first_relapse_hand_worked():
    """Only V, T, R, d available; len-refractory at first relapse.

    IMWG 2021 regimens PVd, DKd and DVd all need a missing drug -> blocked, with the
    blocking drug named; with the access-constrained alternatives, Vd and VTd are usable.
    """
    s = Situation(prior_lines=1, len_refractory=True)
    only_imwg = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, BASIC, s, "any", ("imwg_2021",))
    assert list(only_imwg["regimen_id"]) == ["pvd", "dkd", "dvd"]
    assert set(only_imwg["verdict"]) == {BLOCKED}
    blocking = dict(zip(only_imwg["regimen_id"], only_imwg["blocking"]))
    assert blocking == {"pvd": ["pomalidomide"], "dkd": ["daratumumab", "carfilzomib"], "dvd": ["daratumumab"]}

    with_alt = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, BASIC, s, "any",
                             ("imwg_2021", "other_guidance"))
    usable = with_alt[with_alt["verdict"] == USABLE]["regimen_id"].tolist()
    assert usable == ["vd", "vtd"]


def test_funded_threshold_blocks_out_of_pocket_lenalidomide():
    s = Situation(prior_lines=1, len_refractory=False)
    statuses = dict(BASIC, daratumumab="publicly_funded")
    any_access = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, statuses, s, "any")
    funded = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, statuses, s, "funded")
    assert any_access.set_index("regimen_id").loc["drd", "verdict"] == USABLE
    assert funded.set_index("regimen_id").loc["drd", "verdict"] == BLOCKED
    assert funded.set_index("regimen_id").loc["drd", "blocking"] == ["lenalidomide"]


def test_missing_data_is_unknown_not_blocked():
    verdict, blocking, unknown = regimen_access(["venetoclax", "dexamethasone"], {"dexamethasone": "approved"}, "any")
    assert verdict == UNKNOWN and unknown == ["venetoclax"] and blocking == []


def test_assumed_drug_counts_only_without_a_fact():
    assert regimen_access(["dexamethasone"], {}, "any", frozenset({"dexamethasone"}))[0] == USABLE
    assert regimen_access(["dexamethasone"], {"dexamethasone": "not_available"}, "any",
                          frozenset({"dexamethasone"}))[0] == BLOCKED


def test_ordering_preference_then_grade_then_cost():
    s = Situation(prior_lines=1)
    out = find_regimens(RECS, SETTINGS, REGIMEN_DRUGS, REGIMENS, BASIC, s, "any", costs={"drd": 9000.0, "krd": 5000.0})
    assert list(out["regimen_id"]) == ["krd", "drd", "dvd"]


def test_unlock_ranking_names_the_lever():
    s_rank = unlock_ranking(RECS, REGIMEN_DRUGS, {"XXX": BASIC}, "any", ("imwg_2021",))
    top = s_rank.iloc[0]
    # Daratumumab alone unlocks DRd (R, d available) and DVd in both first-relapse settings.
    assert top["drug_id"] == "daratumumab"
    assert top["weighted_gain"] == 3.0
    assert top["regimens"] == ["drd", "dvd"]


def test_unlock_ranking_sums_over_a_group_with_weights():
    group = {"AAA": BASIC, "BBB": dict(BASIC, daratumumab="approved")}
    rank = unlock_ranking(RECS, REGIMEN_DRUGS, group, "any", ("imwg_2021",),
                          setting_weights={"first_relapse_len_refractory": 2.0})
    by_drug = rank.set_index("drug_id")
    assert by_drug.loc["daratumumab", "countries"] == 1
    assert by_drug.loc["daratumumab", "weighted_gain"] == 1 + 1 + 2  # DRd, DVd (w1 each) + DVd len-ref (w2)
    assert by_drug.loc["carfilzomib", "countries"] == 2


def test_usable_count_per_country():
    table = usable_count(RECS, SETTINGS, REGIMEN_DRUGS, {"AAA": BASIC, "BBB": {}}, Situation(prior_lines=1),
                         "any", ("imwg_2021",))
    a = table.set_index("iso3").loc["AAA"]
    b = table.set_index("iso3").loc["BBB"]
    assert (a["usable"], a["blocked"], a["recommended"]) == (0, 3, 3)
    assert (b["usable"], b["unknown"]) == (0, 3)
