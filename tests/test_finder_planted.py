"""The regimen finder on small planted worlds, one rule per test (fast: no shipped data).

Every world below is a handful of rows passed straight to the finder's functions; each expected value is worked
out by hand in the test's docstring.
"""

import pandas as pd
import pytest

from myeloma_access.finder import (
    BLOCKED,
    BY_NOTHING,
    REFRACTORY,
    SEQUENCING_CAVEAT,
    UNKNOWN,
    USABLE,
    CountryAccess,
    FinderData,
    FinderQuery,
    Situation,
    approvals_elsewhere,
    drug_access,
    evaluate,
    exposure_hints,
    has_verifiable,
    prior_lines_match,
    refractory_conflicts,
    setting_matches,
    unlock_ranking,
    usable_count,
)

SETTING_COLUMNS = [
    "setting_id",
    "label",
    "prior_lines",
    "len_refractory",
    "pi_refractory",
    "cd38_refractory",
    "pom_refractory",
    "len_exposed",
    "pi_exposed",
    "cd38_exposed",
    "prior_bcma",
    "t11_14",
    "description",
]
REC_COLUMNS = [
    "guideline_id",
    "setting_id",
    "regimen_id",
    "category",
    "grade",
    "jurisdiction",
    "rank",
    "effective_date",
    "note",
    "source_id",
]
AXES = {
    "lenalidomide": "len",
    "pomalidomide": "pom",
    "bortezomib": "pi",
    "carfilzomib": "pi",
    "daratumumab": "cd38",
    "teclistamab": "bcma",
    "dexamethasone": "",
}


def setting(setting_id, prior_lines="2+", label=None, **axes):
    """A settings.csv row: every axis 'any' unless given."""
    row = {c: "any" for c in SETTING_COLUMNS}
    row.update(setting_id=setting_id, label=label or setting_id, prior_lines=prior_lines, description="")
    row.update(axes)
    return row


def rec(guideline, setting_id, regimen, category="preferred", grade=None, rank=1, date="2021-03", **extra):
    """A regimen_recommendations.csv row."""
    row = dict(zip(REC_COLUMNS, (guideline, setting_id, regimen, category, grade, None, rank, date, None, "src")))
    row.update(extra)
    return row


def world(settings, recs, regimen_drugs, guidelines, regimens=None, members=None):
    """FinderData over plain frames (regimens default to their ids, abbreviated in capitals)."""
    drugs = pd.DataFrame(regimen_drugs, columns=["regimen_id", "drug_id"])
    if regimens is None:
        ids = list(dict.fromkeys(drugs["regimen_id"]))
        regimens = pd.DataFrame({"regimen_id": ids, "abbreviation": [i.upper() for i in ids]})
    return FinderData(
        pd.DataFrame(recs, columns=REC_COLUMNS) if recs else pd.DataFrame(columns=REC_COLUMNS),
        pd.DataFrame(settings, columns=SETTING_COLUMNS),
        drugs,
        regimens,
        pd.DataFrame(list(guidelines.items()), columns=["guideline_id", "kind"]),
        AXES,
        members or {},
    )


# ---- the situation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "situation, axis, expected",
    [
        (Situation(2), "len_exposed", False),
        (Situation(2, len_exposed=True), "len_exposed", True),
        (Situation(2, len_refractory=True), "len_exposed", True),
        (Situation(2), "pi_exposed", False),
        (Situation(2, pi_exposed=True), "pi_exposed", True),
        (Situation(2, pi_refractory=True), "pi_exposed", True),
        (Situation(2), "cd38_exposed", False),
        (Situation(2, cd38_exposed=True), "cd38_exposed", True),
        (Situation(2, cd38_refractory=True), "cd38_exposed", True),
        (Situation(2, cd38_refractory=True), "cd38_refractory", True),
        (Situation(2, cd38_exposed=True), "cd38_refractory", False),
        (Situation(2, prior_bcma=True), "prior_bcma", True),
    ],
)
def test_an_exposure_axis_is_answered_yes_by_exposure_or_by_refractoriness(situation, axis, expected):
    assert situation.axis(axis) is expected


@pytest.mark.parametrize(
    "situation, expected",
    [
        (Situation(3), "3 prior lines"),
        (
            Situation(3, pom_refractory=True, len_exposed=True, pi_exposed=True, cd38_exposed=True, prior_bcma=True),
            "3 prior lines, pomalidomide-refractory, exposed to lenalidomide and a proteasome inhibitor and an "
            "anti-CD38 antibody, prior BCMA-directed therapy",
        ),
        # refractoriness is said once: a refractory drug class is not repeated among the exposures
        (
            Situation(2, len_refractory=True, len_exposed=True, pi_exposed=True),
            "2 prior lines, lenalidomide-refractory, exposed to a proteasome inhibitor",
        ),
        (
            Situation(
                2, pi_refractory=True, pi_exposed=True, cd38_refractory=True, cd38_exposed=True, len_exposed=True
            ),
            "2 prior lines, proteasome-inhibitor-refractory, anti-CD38-refractory, exposed to lenalidomide",
        ),
        (Situation(1, cd38_exposed=True, t11_14=True), "1 prior line, exposed to an anti-CD38 antibody, t(11;14)"),
    ],
)
def test_situation_in_words_with_exposures_pomalidomide_and_prior_bcma(situation, expected):
    assert situation.describe() == expected


@pytest.mark.parametrize("n, expected", [(4, False), (9, False), (10, True), (12, True)])
def test_a_two_digit_open_line_spec_reads_the_whole_number(n, expected):
    assert prior_lines_match("10+", n) is expected


def test_a_drug_is_neither_listed_nor_assumed_unless_said():
    """No data, any legal availability, no EML listing or assumption passed: unknown, with nothing sourced."""
    assert drug_access("no_data", "any") == (UNKNOWN, BY_NOTHING)


@pytest.mark.parametrize("missing", [float("nan"), None, ""])
def test_an_empty_axis_value_in_a_setting_means_any(missing):
    """A setting whose len_exposed cell is empty (NaN from a CSV, None, '') applies exposed or not."""
    row = {"prior_lines": "2+", "t11_14": "any", "len_exposed": missing}
    assert setting_matches(row, Situation(2)) is True
    assert setting_matches(row, Situation(2, len_exposed=True)) is True
    assert setting_matches({**row, "len_exposed": "no"}, Situation(2, len_exposed=True)) is False


def test_conflict_names_every_drug_of_the_refractory_class():
    assert refractory_conflicts(["carfilzomib", "bortezomib"], Situation(2, pi_refractory=True), AXES) == (
        [
            "contains carfilzomib, bortezomib; the disease is proteasome-inhibitor-refractory, and no cited source "
            "recommends it for such disease"
        ],
        [],
    )


# ---- one regimen, every field -------------------------------------------------------------


def _tec_dara_world():
    regimens = pd.DataFrame(
        [("tecd", "Tec-Dara", "Teclistamab + daratumumab", "regimen note", None)],
        columns=["regimen_id", "abbreviation", "name", "note", "withdrawn_in"],
    )
    return world(
        [setting("after_bcma", "3+", "after BCMA-directed therapy", prior_bcma="yes")],
        [rec("g1", "after_bcma", "tecd", "preferred", "1B", 2, "2024-05", note="rec note", source_id="src_g1")],
        [("tecd", "teclistamab"), ("tecd", "daratumumab")],
        {"g1": "consensus_guideline"},
        regimens,
    )


def _korea(lines="3+"):
    """Teclistamab publicly funded; daratumumab funded for some indications: Tec-Dara from ``lines`` (2025-01)."""
    return CountryAccess(
        "KOR",
        {"teclistamab": "publicly_funded", "daratumumab": "publicly_funded_some"},
        costs={"tecd": 12000.0},
        restricted={"daratumumab": (("2025-01", "funded", lines, frozenset({"tecd"})),)},
    )


def test_one_recommended_regimen_with_every_field_the_page_reads():
    """Tec-Dara after BCMA-directed therapy (3 prior lines): teclistamab publicly funded; daratumumab funded only
    for some indications, and a 2025 decision funds it for Tec-Dara from the third line -> usable under 'publicly
    funded only', via that indication. Teclistamab is BCMA-directed: the antigen-switching caveat applies."""
    res = evaluate(
        _tec_dara_world(),
        _korea(),
        FinderQuery(Situation(3, prior_bcma=True), "funded"),
        ("g1",),
        {"g1": "G1 2024"},
    )
    assert res.to_dict("records") == [
        {
            "regimen_id": "tecd",
            "category": "preferred",
            "grade": "1B",
            "guideline_id": "g1",
            "ordered_by": "G1 2024",
            "standing": 0,
            "setting_id": "after_bcma",
            "guidance": [("g1", "preferred", "1B", "after_bcma")],
            "verdict": USABLE,
            "access": USABLE,
            "blocking": [],
            "unknown": [],
            "withdrawn_here": [],
            "withdrawn_elsewhere": [],
            "via_eml": [],
            "via_assumption": [],
            "via_indication": ["daratumumab"],
            "drugs": ["teclistamab", "daratumumab"],
            "conflicts": [],
            "sanctioned": [],
            "sequencing": [
                "after BCMA-directed therapy, switching antigen is preferred ('antigen switching preferred after "
                "BCMA-directed progression': summary of the IMWG Immunotherapy Committee recommendation on "
                "sequencing, Leukemia 2025;39:543)"
            ],
            "cost_usd": 12000.0,
            "rank": 2,
            "source_id": "src_g1",
            "effective_date": "2024-05",
            "note": "rec note",
            "abbreviation": "Tec-Dara",
            "name": "Teclistamab + daratumumab",
            "note_regimen": "regimen note",
            "withdrawn_in": None,
        }
    ]


@pytest.mark.parametrize(
    "lines, prior, expected",
    [
        ("3+", 3, (USABLE, [], ["daratumumab"])),
        ("4+", 3, (UNKNOWN, ["daratumumab"], [])),  # the decision starts at the fourth line: not this one
        ("4+", 4, (USABLE, [], ["daratumumab"])),
    ],
)
def test_an_indication_decision_counts_only_at_its_lines(lines, prior, expected):
    """Daratumumab is 'funded for some indications': under 'publicly funded only' it is unknown unless a decision
    naming Tec-Dara covers the situation's line."""
    res = evaluate(
        _tec_dara_world(), _korea(lines), FinderQuery(Situation(prior, prior_bcma=True), "funded"), ("g1",)
    ).iloc[0]
    assert (res["verdict"], res["unknown"], res["via_indication"]) == expected


def test_prior_bcma_therapy_is_a_caveat_on_bcma_directed_regimens_only():
    """Tec-d has teclistamab (BCMA-directed), Dara-d does not; the caveat needs the prior BCMA therapy too."""
    d = world(
        [setting("late", "3+")],
        [rec("g1", "late", "tecd_mono", rank=1), rec("g1", "late", "darad", rank=2)],
        [
            ("tecd_mono", "teclistamab"),
            ("tecd_mono", "dexamethasone"),
            ("darad", "daratumumab"),
            ("darad", "dexamethasone"),
        ],
        {"g1": "consensus_guideline"},
    )
    everything = CountryAccess("GBR", dict.fromkeys(AXES, "publicly_funded"))
    after = evaluate(d, everything, FinderQuery(Situation(3, prior_bcma=True)), ("g1",))
    assert list(zip(after["regimen_id"], after["sequencing"])) == [
        ("tecd_mono", [SEQUENCING_CAVEAT]),
        ("darad", []),
    ]
    naive = evaluate(d, everything, FinderQuery(Situation(3)), ("g1",))
    assert list(zip(naive["regimen_id"], naive["sequencing"])) == [("tecd_mono", []), ("darad", [])]


# ---- ordering -----------------------------------------------------------------------------


def test_a_regimens_guidance_is_listed_by_standing_date_category_grade_rank_then_id():
    """KRd recommended nine times for 2+ lines. Guidelines first (standing 0): gn (2025-07) is newest; of the
    2021-03 ones, 'preferred' before 'alternative'; among the preferred, 1A (gc) before 1B (gb) before no grade,
    and among those rank 1 (gf) before rank 2 (gd, ge: tied, by id); then the undated (gu, gv: tied on date, 1A
    before 1B). Then the review (standing 2). The best row (gn's 'alternative') orders the regimen."""
    recs = [
        rec("gr", "s2", "krd", "preferred", None, 1, "2025-07"),
        rec("gn", "s2", "krd", "alternative", None, 9, "2025-07"),
        rec("ga", "s2", "krd", "alternative", None, 1),
        rec("gb", "s2", "krd", "preferred", "1B", 3),
        rec("gc", "s2", "krd", "preferred", "1A", 4),
        rec("ge", "s2", "krd", "preferred", None, 2),
        rec("gd", "s2", "krd", "preferred", None, 2),
        rec("gf", "s2", "krd", "preferred", None, 1),
        rec("gv", "s2", "krd", "preferred", "1B", 1, ""),
        rec("gu", "s2", "krd", "preferred", "1A", 1, None),
    ]
    guidelines = dict.fromkeys(["ga", "gb", "gc", "gd", "ge", "gf", "gn", "gu", "gv"], "consensus_guideline")
    d = world(
        [setting("s2")],
        recs,
        [("krd", "carfilzomib"), ("krd", "lenalidomide"), ("krd", "dexamethasone")],
        {**guidelines, "gr": "review"},
    )
    res = evaluate(d, CountryAccess("GBR", {}), FinderQuery(Situation(2)), [*guidelines, "gr"])
    krd = res.iloc[0]
    assert (krd["guideline_id"], krd["category"], krd["grade"], krd["rank"]) == ("gn", "alternative", None, 9)
    assert krd["guidance"] == [
        ("gn", "alternative", None, "s2"),
        ("gc", "preferred", "1A", "s2"),
        ("gb", "preferred", "1B", "s2"),
        ("gf", "preferred", None, "s2"),
        ("gd", "preferred", None, "s2"),
        ("ge", "preferred", None, "s2"),
        ("ga", "alternative", None, "s2"),
        ("gu", "preferred", "1A", "s2"),
        ("gv", "preferred", "1B", "s2"),
        ("gr", "preferred", None, "s2"),
    ]


def test_regimens_of_one_guidance_by_category_grade_rank_then_id_and_an_empty_grade_is_none():
    """One guideline, 2+ lines: A (1A, rank 2) before B (1B, rank 1); C and D ('option', no grade, both rank 3)
    tie and go by id. D's grade is an empty cell: shown as no grade."""
    d = world(
        [setting("s2")],
        [
            rec("g1", "s2", "b_reg", "preferred", "1B", 1),
            rec("g1", "s2", "a_reg", "preferred", "1A", 2),
            rec("g1", "s2", "d_reg", "option", "", 3),
            rec("g1", "s2", "c_reg", "option", None, 3),
        ],
        [(r, "dexamethasone") for r in ("a_reg", "b_reg", "c_reg", "d_reg")],
        {"g1": "consensus_guideline"},
    )
    res = evaluate(d, CountryAccess("GBR", {}), FinderQuery(Situation(2)), ("g1",))
    assert list(zip(res["regimen_id"], res["grade"])) == [
        ("a_reg", "1A"),
        ("b_reg", "1B"),
        ("c_reg", None),
        ("d_reg", None),
    ]
    assert res.iloc[3]["guidance"] == [("g1", "option", None, "s2")]


def test_guidance_of_an_unknown_kind_or_missing_from_the_table_stands_with_the_reference_summaries():
    """gk's kind is not in the standing table and gx is not in the guidelines table at all: both rank as reference
    summaries (standing 3), after the reference summary pdq (standing 3 too, earlier rank); no label -> the id."""
    d = world(
        [setting("s2")],
        [
            rec("gk", "s2", "kd", "option", None, 2),
            rec("gx", "s2", "vd", "option", None, 3),
            rec("pdq", "s2", "rd", "option", None, 1),
        ],
        [("kd", "carfilzomib"), ("vd", "bortezomib"), ("rd", "lenalidomide")],
        {"gk": "working_group", "pdq": "reference_summary"},
    )
    res = evaluate(d, CountryAccess("GBR", {}), FinderQuery(Situation(2)), ("gk", "gx", "pdq"))
    assert list(zip(res["regimen_id"], res["standing"], res["ordered_by"])) == [
        ("rd", 3, "pdq"),
        ("kd", 3, "gk"),
        ("vd", 3, "gx"),
    ]


def test_a_sanctioning_source_without_a_label_is_named_by_its_id():
    """PI-refractory, 2 lines: the review recommends Kd for bortezomib-refractory disease (its setting says yes on
    pi_refractory), so carfilzomib is a sanctioned caveat, named 'review (<setting label>)' when no label is given."""
    d = world(
        [setting("after_v", "2+", "after bortezomib failure", pi_refractory="yes")],
        [rec("review", "after_v", "kd", "option")],
        [("kd", "carfilzomib"), ("kd", "dexamethasone")],
        {"review": "review"},
    )
    res = evaluate(d, CountryAccess("GBR", {}), FinderQuery(Situation(2, pi_refractory=True)), ("review",))
    assert (res.iloc[0]["verdict"], res.iloc[0]["ordered_by"], res.iloc[0]["sanctioned"]) == (
        UNKNOWN,
        "review",
        [
            "contains carfilzomib and the disease is proteasome-inhibitor-refractory: review (after bortezomib "
            "failure) recommends it for such disease"
        ],
    )


# ---- jurisdictions: approvals, withdrawals --------------------------------------------------

MEMBERS = {"EUR": frozenset({"DEU", "FRA"})}


def _approvals_world(recs_extra=()):
    """2+ lines: a guideline recommends Vd (jurisdiction left empty: ''); the FDA approves Pd (USA); the EMA
    approves Kd (EUR = DEU, FRA)."""
    return world(
        [setting("s2")],
        [
            rec("g1", "s2", "vd", "preferred", jurisdiction=""),
            rec("fda", "s2", "pd", "approval", rank=2, jurisdiction="USA"),
            rec("ema", "s2", "kd", "approval", rank=3, jurisdiction="EUR"),
            *recs_extra,
        ],
        [
            ("vd", "bortezomib"),
            ("vd", "dexamethasone"),
            ("pd", "pomalidomide"),
            ("pd", "dexamethasone"),
            ("kd", "carfilzomib"),
            ("kd", "dexamethasone"),
        ],
        {"g1": "consensus_guideline", "fda": "regulatory_approval", "ema": "regulatory_approval"},
        members=MEMBERS,
    )


APPROVAL_GUIDANCE = ("g1", "fda", "ema")


def test_usable_count_counts_an_approval_only_where_its_regulator_covers_the_country():
    """USA: Vd and Pd (FDA) recommended, both usable. DEU: Vd usable, Kd (EMA) blocked (carfilzomib not approved).
    GBR: only Vd (neither regulator covers it), usable. The guideline row with an empty jurisdiction counts
    everywhere."""
    statuses = {
        "USA": {"bortezomib": "approved", "dexamethasone": "approved", "pomalidomide": "approved"},
        "DEU": {"bortezomib": "approved", "dexamethasone": "approved", "carfilzomib": "not_approved"},
        "GBR": {"bortezomib": "approved", "dexamethasone": "approved"},
    }
    counts = usable_count(
        _approvals_world(),
        [CountryAccess(i, s) for i, s in statuses.items()],
        FinderQuery(Situation(2)),
        APPROVAL_GUIDANCE,
    )
    assert counts.to_dict("records") == [
        {"iso3": "USA", "usable": 2, "unknown": 0, "blocked": 0, "refractory": 0, "recommended": 2},
        {"iso3": "DEU", "usable": 1, "unknown": 0, "blocked": 1, "refractory": 0, "recommended": 2},
        {"iso3": "GBR", "usable": 1, "unknown": 0, "blocked": 0, "refractory": 0, "recommended": 1},
    ]


def test_usable_count_of_no_countries_is_an_empty_table_with_its_columns():
    counts = usable_count(_approvals_world(), [], FinderQuery(Situation(2)), APPROVAL_GUIDANCE)
    assert (len(counts), list(counts.columns)) == (
        0,
        ["iso3", "usable", "unknown", "blocked", "refractory", "recommended"],
    )


def test_unlock_ranking_counts_approvals_where_they_apply_and_a_sourced_unknown_as_a_barrier():
    """Publicly funded only, 2+ lines. USA: Pd lacks only pomalidomide, approved with funding unknown (a sourced
    status: a barrier, gain 1). DEU: Kd lacks carfilzomib, not funded (gain 1). FRA: Kd lacks carfilzomib, no data
    (data gap 1). GBR: Vd lacks bortezomib, no data (data gap 1). Carfilzomib (gain 1, gap 1) ranks before
    pomalidomide (gain 1, gap 0): equal gain, the larger data gap first; bortezomib (gain 0) last."""
    statuses = {
        "USA": {"bortezomib": "publicly_funded", "dexamethasone": "publicly_funded", "pomalidomide": "approved"},
        "DEU": {"bortezomib": "publicly_funded", "dexamethasone": "publicly_funded", "carfilzomib": "not_funded"},
        "FRA": {"bortezomib": "publicly_funded", "dexamethasone": "publicly_funded"},
        "GBR": {"dexamethasone": "publicly_funded"},
    }
    rank = unlock_ranking(
        _approvals_world(),
        [CountryAccess(i, s) for i, s in statuses.items()],
        FinderQuery(Situation(2), "funded"),
        APPROVAL_GUIDANCE,
    )
    assert rank.to_dict("records") == [
        {"drug_id": "carfilzomib", "gain": 1.0, "data_gap": 1.0, "regimens": ["kd"], "countries": 2},
        {"drug_id": "pomalidomide", "gain": 1.0, "data_gap": 0.0, "regimens": ["pd"], "countries": 1},
        {"drug_id": "bortezomib", "gain": 0.0, "data_gap": 1.0, "regimens": ["vd"], "countries": 1},
    ]


@pytest.mark.parametrize(
    "iso3, expected",
    [
        ("GBR", [("pd", "USA"), ("kd", "EUR")]),
        ("USA", [("kd", "EUR")]),
        ("DEU", [("pd", "USA")]),
    ],
)
def test_approvals_elsewhere_are_the_approvals_of_regulators_not_covering_the_country(iso3, expected):
    """Vd's guideline rows (jurisdiction '' and missing) are never 'elsewhere'; Pd (FDA) and Kd (EMA) are, except
    where their regulator covers the country."""
    d = _approvals_world([rec("g1", "s2", "rd", "option", rank=4, jurisdiction=None)])
    res = approvals_elsewhere(d, Situation(2), APPROVAL_GUIDANCE, iso3)
    assert list(zip(res["regimen_id"], res["jurisdiction"])) == expected


def test_approvals_elsewhere_is_empty_without_a_jurisdiction_column_or_a_matching_recommendation():
    d = _approvals_world()
    d.recs = d.recs.drop(columns="jurisdiction")
    assert len(approvals_elsewhere(d, Situation(2), APPROVAL_GUIDANCE, "GBR")) == 0
    assert len(approvals_elsewhere(_approvals_world(), Situation(1), APPROVAL_GUIDANCE, "GBR")) == 0


def test_a_regimen_withdrawn_in_a_list_of_jurisdictions():
    """Kd withdrawn in 'USA; EUR' (a list, spaces around the separator): in DEU it is blocked (EUR covers DEU) and
    the USA withdrawal is elsewhere; in GBR both are elsewhere and the drug-by-drug 'usable' becomes unknown."""
    regimens = pd.DataFrame(
        [("vd", "VD", None), ("pd", "PD", None), ("kd", "KD", "USA; EUR")],
        columns=["regimen_id", "abbreviation", "withdrawn_in"],
    )
    d = world(
        [setting("s2")],
        [rec("g1", "s2", "kd")],
        [("kd", "carfilzomib"), ("kd", "dexamethasone")],
        {"g1": "consensus_guideline"},
        regimens,
        MEMBERS,
    )
    statuses = {"carfilzomib": "approved", "dexamethasone": "approved"}
    rows = {
        iso: evaluate(d, CountryAccess(iso, statuses), FinderQuery(Situation(2)), ("g1",)).iloc[0]
        for iso in ("DEU", "GBR")
    }
    assert [(r["verdict"], r["access"], r["withdrawn_here"], r["withdrawn_elsewhere"]) for r in rows.values()] == [
        (BLOCKED, USABLE, ["EUR"], ["USA"]),
        (UNKNOWN, USABLE, [], ["USA", "EUR"]),
    ]


# ---- exposure hints -----------------------------------------------------------------------


def _exposure_world():
    """2+ lines: Kd for anyone; Pd after lenalidomide; Isa-Pd after lenalidomide and an anti-CD38 antibody; Sd
    after a PI, approved by the FDA only (USA)."""
    return world(
        [
            setting("any2"),
            setting("len_exp", len_exposed="yes"),
            setting("len_cd38", len_exposed="yes", cd38_exposed="yes"),
            setting("pi_exp", pi_exposed="yes"),
        ],
        [
            rec("g1", "any2", "kd"),
            rec("g1", "len_exp", "pd"),
            rec("g1", "len_cd38", "isapd"),
            rec("fda", "pi_exp", "sd", "approval", jurisdiction="USA"),
        ],
        [("kd", "carfilzomib"), ("pd", "pomalidomide"), ("isapd", "daratumumab"), ("sd", "dexamethasone")],
        {"g1": "consensus_guideline", "fda": "regulatory_approval"},
    )


@pytest.mark.parametrize(
    "situation, iso3, expected",
    [
        # GBR, nothing stated: lenalidomide alone adds Pd; an anti-CD38 antibody adds Isa-Pd only together with
        # lenalidomide (stating every other exposure but it does not reach Isa-Pd); a PI adds nothing here.
        (Situation(2), "GBR", ["lenalidomide", "an anti-CD38 antibody"]),
        # USA: a PI alone adds the FDA's Sd.
        (Situation(2), "USA", ["lenalidomide", "a proteasome inhibitor", "an anti-CD38 antibody"]),
        # lenalidomide stated (exposed, or refractory: that implies exposure): only the anti-CD38 antibody is left.
        (Situation(2, len_exposed=True), "GBR", ["an anti-CD38 antibody"]),
        (Situation(2, len_refractory=True), "GBR", ["an anti-CD38 antibody"]),
        (Situation(2, len_exposed=True, cd38_exposed=True), "GBR", []),
    ],
)
def test_exposure_hints_name_the_unstated_exposures_that_add_a_regimen(situation, iso3, expected):
    assert exposure_hints(_exposure_world(), situation, ("g1", "fda"), iso3) == expected


def test_an_exposure_that_adds_a_regimen_alone_is_named_even_when_the_others_reach_it_too():
    """VRd is recommended after lenalidomide in a PI-naive disease, and after a PI (base, nothing stated: Kd).
    Lenalidomide alone adds VRd. The other test - what stating every exposure adds that stating all but
    lenalidomide does not - finds nothing (the PI exposure reaches VRd either way), so 'alone' names it.
    A PI alone adds VRd; an anti-CD38 antibody adds nothing."""
    d = world(
        [
            setting("any2"),
            setting("len_pi_naive", len_exposed="yes", pi_exposed="no"),
            setting("pi_exp", pi_exposed="yes"),
        ],
        [rec("g1", "any2", "kd"), rec("g1", "len_pi_naive", "vrd"), rec("g1", "pi_exp", "vrd")],
        [("kd", "carfilzomib"), ("vrd", "bortezomib")],
        {"g1": "consensus_guideline"},
    )
    assert exposure_hints(d, Situation(2), ("g1",), "GBR") == ["lenalidomide", "a proteasome inhibitor"]


# ---- what the list opens on ----------------------------------------------------------------


def test_has_verifiable_needs_one_regimen_that_is_not_a_refractory_conflict():
    assert has_verifiable(pd.DataFrame()) is False
    assert has_verifiable(pd.DataFrame({"verdict": [REFRACTORY]})) is False
    assert has_verifiable(pd.DataFrame({"verdict": [BLOCKED]})) is True
    assert has_verifiable(pd.DataFrame({"verdict": [REFRACTORY, UNKNOWN]})) is True
