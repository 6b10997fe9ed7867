"""Unit tests for the regimen finder on hand-worked cases."""

import pandas as pd
import pytest

from myeloma_access.finder import (
    BLOCKED,
    BY_ASSUMPTION,
    BY_NATIONAL_EML,
    BY_NOTHING,
    BY_STATUS,
    REFRACTORY,
    UNKNOWN,
    USABLE,
    CountryAccess,
    FinderData,
    FinderQuery,
    Situation,
    Verdict,
    drug_access,
    evaluate,
    guidance_gaps,
    matching_settings,
    prior_lines_match,
    refractory_conflicts,
    regimen_access,
    unlock_ranking,
    usable_count,
)

SETTINGS = pd.DataFrame(
    [
        ("first_relapse_len_sensitive", "1st relapse, len-sensitive", "1", "no", "any", "no", "any", ""),
        ("first_relapse_len_refractory", "1st relapse, len-refractory", "1", "yes", "any", "no", "any", ""),
        ("first_relapse_cd38_refractory", "1st relapse, anti-CD38-refractory", "1", "any", "any", "yes", "any", ""),
        ("two_plus", "2+ lines", "2+", "any", "any", "any", "any", ""),
        ("t11", "t(11;14)", "2+", "any", "any", "any", "yes", ""),
    ],
    columns=[
        "setting_id",
        "label",
        "prior_lines",
        "len_refractory",
        "pi_refractory",
        "cd38_refractory",
        "t11_14",
        "description",
    ],
)
REGIMEN_DRUGS = pd.DataFrame(
    [
        ("drd", "daratumumab"),
        ("drd", "lenalidomide"),
        ("drd", "dexamethasone"),
        ("krd", "carfilzomib"),
        ("krd", "lenalidomide"),
        ("krd", "dexamethasone"),
        ("pvd", "pomalidomide"),
        ("pvd", "bortezomib"),
        ("pvd", "dexamethasone"),
        ("dkd", "daratumumab"),
        ("dkd", "carfilzomib"),
        ("dkd", "dexamethasone"),
        ("dvd", "daratumumab"),
        ("dvd", "bortezomib"),
        ("dvd", "dexamethasone"),
        ("vd", "bortezomib"),
        ("vd", "dexamethasone"),
        ("vtd", "bortezomib"),
        ("vtd", "thalidomide"),
        ("vtd", "dexamethasone"),
        ("vend", "venetoclax"),
        ("vend", "dexamethasone"),
        ("ird", "ixazomib"),
        ("ird", "lenalidomide"),
        ("ird", "dexamethasone"),
        ("td", "thalidomide"),
        ("td", "dexamethasone"),
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
    columns=[
        "guideline_id",
        "setting_id",
        "regimen_id",
        "category",
        "grade",
        "rank",
        "effective_date",
        "note",
        "source_id",
        "as_of",
    ],
)

ALL = ("imwg_2021", "review", "handbook", "eha_esmo")
# the validated drugs.refractory_axis column, as the finder reads it (never the free-text drug class)
AXES = {
    "bortezomib": "pi",
    "carfilzomib": "pi",
    "ixazomib": "pi",
    "daratumumab": "cd38",
    "lenalidomide": "len",
    "pomalidomide": "pom",
}
GUIDELINES = pd.DataFrame(
    {
        "guideline_id": ["imwg_2021", "eha_esmo", "handbook", "review"],
        "kind": ["consensus_guideline", "clinical_practice_guideline", "expert_handbook", "review"],
    }
)

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


def data(recs=RECS):
    return FinderData(recs, SETTINGS, REGIMEN_DRUGS, REGIMENS, GUIDELINES, AXES)


def run(
    situation,
    statuses=BASIC,
    threshold="any",
    guidelines=ALL,
    costs=None,
    eml=frozenset(),
    assumed=frozenset(),
    recs=RECS,
):
    return evaluate(
        data(recs),
        CountryAccess("AAA", statuses, eml, costs or {}),
        FinderQuery(situation, threshold, "with_later", assumed),
        guidelines,
    )


def find(situation, statuses=BASIC, threshold="any", guidelines=ALL, costs=None, eml=frozenset(), assumed=frozenset()):
    res = run(situation, statuses, threshold, guidelines, costs, eml, assumed)
    return [
        (r["regimen_id"], r["verdict"], r["blocking"], r["unknown"], r["guideline_id"], r["category"], r["grade"])
        for r in res.to_dict("records")
    ]


@pytest.mark.parametrize(
    "spec, n, expected",
    [
        ("1", 1, True),
        ("1", 2, False),
        ("2+", 1, False),
        ("2+", 2, True),
        ("2+", 4, True),
        ("1-3", 0, False),
        ("1-3", 1, True),
        ("1-3", 3, True),
        ("1-3", 4, False),
        (" 4+ ", 4, True),
    ],
)
def test_prior_lines_specs(spec, n, expected):
    assert prior_lines_match(spec, n) is expected


@pytest.mark.parametrize(
    "situation, expected",
    [
        (Situation(1), ["first_relapse_len_sensitive"]),
        (Situation(1, len_refractory=True), ["first_relapse_len_refractory"]),
        (Situation(1, cd38_refractory=True), ["first_relapse_cd38_refractory"]),
        (Situation(1, len_refractory=True, cd38_refractory=True), ["first_relapse_cd38_refractory"]),
        (Situation(1, pi_refractory=True), ["first_relapse_len_sensitive"]),
        (Situation(1, t11_14=True), ["first_relapse_len_sensitive"]),
        (Situation(2), ["two_plus"]),
        (Situation(3, t11_14=True), ["two_plus", "t11"]),
        (Situation(4, True, True, True, True), ["two_plus", "t11"]),
    ],
)
def test_matching_settings(situation, expected):
    assert matching_settings(SETTINGS, situation) == expected


@pytest.mark.parametrize(
    "status, threshold, eml, assumed, expected",
    [
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
    ],
)
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
    recs = pd.concat(
        [
            RECS,
            pd.DataFrame(
                [rec("eha_esmo", "first_relapse_len_sensitive", "krd", "recommended", None, 9)], columns=RECS.columns
            ),
        ],
        ignore_index=True,
    )
    res = run(Situation(1), recs=recs)
    krd = res[res["regimen_id"] == "krd"]
    assert len(krd) == 1
    assert krd.iloc[0]["guidance"] == [
        ("imwg_2021", "preferred", "1A", "first_relapse_len_sensitive"),
        ("eha_esmo", "recommended", None, "first_relapse_len_sensitive"),
    ]


def test_ordering_is_the_guidance_order_then_cost_not_access():
    costs = {"drd": 100.0, "krd": 50.0, "dvd": None}
    assert [r[0] for r in find(Situation(1), costs=costs)] == ["krd", "drd", "dvd"]
    assert [r[0] for r in find(Situation(1), costs={"drd": 50.0, "krd": 100.0})] == ["drd", "krd", "dvd"]


def test_standing_outranks_a_reviews_preferred_and_newer_guidance_of_equal_standing_comes_first():
    """A 2018 review's 'preferred' never outranks IMWG 1B; a 2025 guideline outranks IMWG 2021 (issue 17)."""
    extra = pd.DataFrame(
        [
            rec("review", "first_relapse_len_sensitive", "vd", "preferred", None, 1),
            rec("eha_esmo", "first_relapse_len_sensitive", "td", "option", None, 1),
        ],
        columns=RECS.columns,
    )
    extra.loc[1, "effective_date"] = "2025-07"
    res = run(Situation(1), recs=pd.concat([RECS, extra], ignore_index=True))
    assert list(zip(res["regimen_id"], res["ordered_by"], res["standing"])) == [
        ("td", "eha_esmo", 0),
        ("drd", "imwg_2021", 0),
        ("krd", "imwg_2021", 0),
        ("dvd", "imwg_2021", 0),
        ("vd", "review", 2),
    ]


def test_national_eml_and_assumption_are_reported_per_regimen():
    statuses = {"thalidomide": "publicly_funded"}
    res = run(Situation(3), statuses, eml=frozenset({"dexamethasone"}))
    td = res[res["regimen_id"] == "td"].iloc[0]
    assert (td["verdict"], td["via_eml"], td["via_assumption"]) == (USABLE, ["dexamethasone"], [])
    res = run(Situation(3), statuses, assumed=frozenset({"dexamethasone"}))
    td = res[res["regimen_id"] == "td"].iloc[0]
    assert (td["verdict"], td["via_eml"], td["via_assumption"]) == (USABLE, [], ["dexamethasone"])
    res = run(Situation(3), statuses)
    td = res[res["regimen_id"] == "td"].iloc[0]
    assert (td["verdict"], td["unknown"]) == (UNKNOWN, ["dexamethasone"])


def test_refractory_conflicts_are_named_from_the_axis_column_not_the_drug_class():
    s = Situation(1, len_refractory=True, pi_refractory=True, cd38_refractory=True)
    assert refractory_conflicts(["daratumumab", "lenalidomide", "dexamethasone"], s, AXES) == (
        [
            "contains lenalidomide; the disease is lenalidomide-refractory, and no cited source recommends it for such "
            "disease",
            "contains daratumumab; the disease is anti-CD38-refractory, and no cited source recommends it for such disease",
        ],
        [],
    )
    assert refractory_conflicts(["carfilzomib", "bortezomib"], s, AXES, {"pi": "Review (after bortezomib)"}) == (
        [],
        [
            "contains carfilzomib, bortezomib and the disease is proteasome-inhibitor-refractory: Review (after "
            "bortezomib) recommends it for such disease"
        ],
    )
    assert refractory_conflicts(["daratumumab", "lenalidomide"], Situation(1), AXES) == ([], [])
    # a drug without an axis never conflicts, whatever its free-text class says
    assert refractory_conflicts(["thalidomide"], s, AXES) == ([], [])
    assert refractory_conflicts(["pomalidomide"], Situation(2, pom_refractory=True), AXES)[0] == [
        "contains pomalidomide; the disease is pomalidomide-refractory, and no cited source recommends it for such "
        "disease"
    ]


def test_a_refractory_conflict_is_never_usable_and_comes_last():
    """Two lines, anti-CD38-refractory: DKd (daratumumab) is usable drug by drug but never 'usable'."""
    everything = {d: "publicly_funded" for d in REGIMEN_DRUGS["drug_id"].unique()}
    res = run(Situation(2, cd38_refractory=True), everything)
    assert list(zip(res["regimen_id"], res["verdict"], res["access"])) == [
        ("td", USABLE, USABLE),
        ("dkd", REFRACTORY, USABLE),
    ]
    assert res.iloc[1]["conflicts"] == [
        "contains daratumumab; the disease is anti-CD38-refractory, and no cited source recommends it for such disease"
    ]
    assert Verdict(res.iloc[1]["verdict"]) is REFRACTORY and REFRACTORY == "refractory_conflict"


def test_a_source_that_recommends_it_for_that_refractoriness_sanctions_it_and_is_named():
    """PI-refractory first relapse: KRd is recommended after bortezomib failure by a (planted) review; DVd is not."""
    settings = pd.concat(
        [
            SETTINGS,
            pd.DataFrame(
                [("after_v_refractory", "after bortezomib, bortezomib-refractory", "1", "no", "yes", "no", "any", "")],
                columns=SETTINGS.columns,
            ),
        ],
        ignore_index=True,
    )
    recs = pd.concat(
        [RECS, pd.DataFrame([rec("review", "after_v_refractory", "krd", "option", None, 1)], columns=RECS.columns)],
        ignore_index=True,
    )
    d = FinderData(recs, settings, REGIMEN_DRUGS, REGIMENS, GUIDELINES, AXES)
    everything = {x: "publicly_funded" for x in REGIMEN_DRUGS["drug_id"].unique()}
    res = evaluate(
        d,
        CountryAccess("AAA", everything),
        FinderQuery(Situation(1, pi_refractory=True)),
        ALL,
        {"review": "Review 2018"},
    )
    assert list(zip(res["regimen_id"], res["verdict"])) == [("drd", USABLE), ("krd", USABLE), ("dvd", REFRACTORY)]
    assert res.iloc[1]["sanctioned"] == [
        "contains carfilzomib and the disease is proteasome-inhibitor-refractory: Review 2018 (after bortezomib, "
        "bortezomib-refractory) recommends it for such disease"
    ]


def test_exposure_axes_gate_settings_and_refractoriness_implies_exposure():
    settings = pd.concat(
        [
            SETTINGS,
            pd.DataFrame(
                [("bor_len_exposed", "after bortezomib and lenalidomide", "2+", "any", "any", "any", "any", "")],
                columns=SETTINGS.columns,
            ),
        ],
        ignore_index=True,
    )
    settings["len_exposed"] = "any"
    settings["pi_exposed"] = "any"
    settings.loc[settings["setting_id"] == "bor_len_exposed", ["len_exposed", "pi_exposed"]] = "yes"
    assert "bor_len_exposed" not in matching_settings(settings, Situation(2))
    assert "bor_len_exposed" not in matching_settings(settings, Situation(2, len_exposed=True))
    assert "bor_len_exposed" in matching_settings(settings, Situation(2, len_exposed=True, pi_exposed=True))
    assert "bor_len_exposed" in matching_settings(settings, Situation(2, len_refractory=True, pi_refractory=True))


def test_approval_rows_count_only_where_their_regulator_covers_the_country():
    recs = RECS.assign(jurisdiction=None)
    recs = pd.concat(
        [
            recs,
            pd.DataFrame(
                [
                    {
                        **dict(zip(RECS.columns, rec("fda", "two_plus", "vd", "approval", None, 1))),
                        "jurisdiction": "USA",
                    },
                    {
                        **dict(zip(RECS.columns, rec("fda", "two_plus", "vtd", "approval", None, 2))),
                        "jurisdiction": "EUR",
                    },
                ]
            ),
        ],
        ignore_index=True,
    )
    guidelines = pd.concat([GUIDELINES, pd.DataFrame({"guideline_id": ["fda"], "kind": ["regulatory_approval"]})])
    d = FinderData(recs, SETTINGS, REGIMEN_DRUGS, REGIMENS, guidelines, AXES, {"EUR": frozenset({"DEU", "FRA"})})
    q = FinderQuery(Situation(3))
    ids = {
        iso: list(evaluate(d, CountryAccess(iso, BASIC), q, ALL + ("fda",))["regimen_id"])
        for iso in ("USA", "DEU", "GBR")
    }
    assert ids == {"USA": ["dkd", "td", "vd"], "DEU": ["dkd", "td", "vtd"], "GBR": ["dkd", "td"]}
    assert d.jurisdictions_of("FRA") == frozenset({"FRA", "EUR"})


def test_a_regimen_withdrawn_by_a_regulator_is_blocked_there_and_unknown_elsewhere():
    regimens = REGIMENS.assign(withdrawn_in=REGIMENS["regimen_id"].map({"td": "USA"}))
    d = FinderData(RECS, SETTINGS, REGIMEN_DRUGS, regimens, GUIDELINES, AXES)
    q = FinderQuery(Situation(3))
    usa = evaluate(d, CountryAccess("USA", BASIC), q, ALL).set_index("regimen_id")
    gbr = evaluate(d, CountryAccess("GBR", BASIC), q, ALL).set_index("regimen_id")
    assert (usa.loc["td", "verdict"], usa.loc["td", "withdrawn_here"]) == (BLOCKED, ["USA"])
    assert (gbr.loc["td", "verdict"], gbr.loc["td", "access"], gbr.loc["td", "withdrawn_elsewhere"]) == (
        UNKNOWN,
        USABLE,
        ["USA"],
    )


@pytest.mark.parametrize(
    "situation, expected",
    [
        (Situation(1), "1 prior line"),
        (Situation(2, len_refractory=True), "2 prior lines, lenalidomide-refractory"),
        (
            Situation(4, True, True, True, True),
            "4 or more prior lines, lenalidomide-refractory, proteasome-inhibitor-refractory, anti-CD38-refractory, t(11;14)",
        ),
    ],
)
def test_situation_in_words(situation, expected):
    assert situation.describe() == expected


def test_guidance_gaps_match_like_settings():
    gaps = pd.DataFrame(
        [
            ("dara_branch", "1", "any", "any", "yes", "any", "branch not verified", "s", "2026-11-24"),
            ("two_plus", "2+", "any", "any", "any", "any", "2+ not verified", "s", "2026-11-24"),
        ],
        columns=[
            "gap_id",
            "prior_lines",
            "len_refractory",
            "pi_refractory",
            "cd38_refractory",
            "t11_14",
            "message",
            "source_id",
            "as_of",
        ],
    )
    assert [g["gap_id"] for g in guidance_gaps(gaps, Situation(1))] == []
    assert [g["gap_id"] for g in guidance_gaps(gaps, Situation(1, cd38_refractory=True))] == ["dara_branch"]
    assert [g["gap_id"] for g in guidance_gaps(gaps, Situation(4))] == ["two_plus"]


# ---- unlock ranking on a small planted world -----------------------------------------
WORLD = {
    "AAA": {
        "bortezomib": "publicly_funded",
        "dexamethasone": "publicly_funded",
        "lenalidomide": "approved",
        "carfilzomib": "not_approved",
        "daratumumab": "not_approved",
    },
    "BBB": {"bortezomib": "approved", "dexamethasone": "approved", "lenalidomide": "approved"},
    "CCC": {},
}


def countries(world=WORLD, eml=None):
    eml = eml or {}
    return [CountryAccess(iso, st, eml.get(iso, frozenset())) for iso, st in world.items()]


def test_unlock_ranking_for_first_relapse_hand_worked():
    """AAA: DRd, DVd lack only daratumumab (not approved: a sourced barrier, 2); KRd lacks only carfilzomib (1).
    BBB: the same drugs have no data at all: counted as awaiting data, not as barriers. CCC lacks everything."""
    rank = unlock_ranking(data(), countries(), FinderQuery(Situation(1)), ALL)
    assert rank.to_dict("records") == [
        {"drug_id": "daratumumab", "gain": 2.0, "data_gap": 2.0, "regimens": ["drd", "dvd"], "countries": 2},
        {"drug_id": "carfilzomib", "gain": 1.0, "data_gap": 1.0, "regimens": ["krd"], "countries": 2},
    ]


def test_unlock_ranking_follows_the_situation_and_weights():
    """Len-refractory: PVd needs pomalidomide (no data in AAA and BBB: awaiting data); DKd lacks daratumumab and
    carfilzomib in both (no single lever); DVd needs daratumumab (AAA: not approved, a barrier; BBB: no data);
    VTd needs thalidomide (no data). Weighted by new cases (AAA 10, BBB 1)."""
    rank = unlock_ranking(
        data(), countries(), FinderQuery(Situation(1, len_refractory=True)), ALL, weights={"AAA": 10, "BBB": 1}
    )
    assert rank.to_dict("records") == [
        {"drug_id": "daratumumab", "gain": 10.0, "data_gap": 1.0, "regimens": ["dvd"], "countries": 2},
        {"drug_id": "pomalidomide", "gain": 0.0, "data_gap": 11.0, "regimens": ["pvd"], "countries": 2},
        {"drug_id": "thalidomide", "gain": 0.0, "data_gap": 11.0, "regimens": ["vtd"], "countries": 2},
    ]


def test_unlock_ranking_never_counts_a_refractory_conflict():
    """Anti-CD38-refractory at 2 lines: DKd lacks only daratumumab in AAA, but the disease is refractory to it."""
    world = {
        "AAA": {
            "carfilzomib": "publicly_funded",
            "dexamethasone": "publicly_funded",
            "daratumumab": "not_approved",
            "thalidomide": "not_approved",
        }
    }
    rank = unlock_ranking(data(), countries(world), FinderQuery(Situation(2, cd38_refractory=True)), ALL)
    assert rank.to_dict("records") == [
        {"drug_id": "thalidomide", "gain": 1.0, "data_gap": 0.0, "regimens": ["td"], "countries": 1}
    ]


def test_unlock_ranking_is_empty_when_everything_is_usable():
    everything = {d: "publicly_funded" for d in REGIMEN_DRUGS["drug_id"].unique()}
    assert unlock_ranking(data(), countries({"AAA": everything}), FinderQuery(Situation(1)), ALL).empty


def test_usable_count_per_country_hand_worked():
    counts = usable_count(data(), countries(), FinderQuery(Situation(1)), ALL)
    assert counts.to_dict("records") == [
        {"iso3": "AAA", "usable": 0, "unknown": 0, "blocked": 3, "refractory": 0, "recommended": 3},
        {"iso3": "BBB", "usable": 0, "unknown": 3, "blocked": 0, "refractory": 0, "recommended": 3},
        {"iso3": "CCC", "usable": 0, "unknown": 3, "blocked": 0, "refractory": 0, "recommended": 3},
    ]
    eml = {"CCC": frozenset({"bortezomib", "dexamethasone", "thalidomide"})}
    counts = usable_count(data(), countries(eml=eml), FinderQuery(Situation(1, len_refractory=True)), ALL)
    assert counts[counts["iso3"] == "CCC"].to_dict("records") == [
        {"iso3": "CCC", "usable": 2, "unknown": 3, "blocked": 0, "refractory": 0, "recommended": 5}
    ]
    counts = usable_count(data(), countries(), FinderQuery(Situation(2, cd38_refractory=True)), ALL)
    assert counts[counts["iso3"] == "AAA"].to_dict("records") == [
        {"iso3": "AAA", "usable": 0, "unknown": 1, "blocked": 0, "refractory": 1, "recommended": 2}
    ]


def test_indication_funding_reads_only_facts_that_name_the_regimen_and_line():
    """Korea's daratumumab (issue 16): HIRA declined DRd and DVd after >= 1 prior line in 2023, then funded DVd from
    the second line (2025-09); 4th-line monotherapy (lines only, no regimen named) says nothing about DRd."""
    from myeloma_access.finder import indication_funding

    kor = (
        ("2019", "funded", "3+", frozenset()),
        ("2023", "not_funded", "1+", frozenset({"drd", "dvd"})),
        ("2025-09-01", "funded", "1+", frozenset({"dvd"})),
    )
    assert indication_funding(kor, "drd", 1) == "not_funded"
    assert indication_funding(kor, "dvd", 1) == "funded"  # the newer decision wins
    assert indication_funding(kor, "drd", 3) == "not_funded"  # the 2019 line-only fact names no regimen
    assert indication_funding(kor, "kd", 1) is None
    assert indication_funding((("2017", "funded", "2+", frozenset({"pd"})),), "pd", 1) is None  # not at 1 line
    assert indication_funding((("2017", "funded", "2+", frozenset({"pd"})),), "pd", 2) == "funded"
    assert indication_funding((("", "funded", "", frozenset({"pd"})),), "pd", 4) == "funded"  # no line limit


def test_regimen_access_funded_threshold_uses_the_indication_decision():
    from myeloma_access.finder import BY_INDICATION, regimen_access

    statuses = {
        "daratumumab": "publicly_funded_some",
        "lenalidomide": "publicly_funded",
        "dexamethasone": "publicly_funded",
    }
    drugs = ["daratumumab", "lenalidomide", "dexamethasone"]
    verdict, blocking, unknown, how = regimen_access(
        drugs, statuses, "funded", by_indication={"daratumumab": "not_funded"}
    )
    assert (verdict, blocking, unknown, how["daratumumab"]) == (BLOCKED, ["daratumumab"], [], BY_INDICATION)
    verdict, blocking, unknown, how = regimen_access(drugs, statuses, "funded", by_indication={"daratumumab": "funded"})
    assert (verdict, blocking, unknown) == (USABLE, [], [])
    verdict, blocking, unknown, _ = regimen_access(drugs, statuses, "funded")  # no fact names the regimen
    assert (verdict, blocking, unknown) == (UNKNOWN, [], ["daratumumab"])
    verdict, *_ = regimen_access(drugs, statuses, "any", by_indication={"daratumumab": "not_funded"})
    assert verdict == USABLE  # any legal availability: a funding decision does not block
    verdict, *_ = regimen_access(
        drugs, {**statuses, "daratumumab": "approved"}, "funded", by_indication={"daratumumab": "funded"}
    )
    assert verdict == UNKNOWN  # only a 'funded for some indications' status is decided per indication
