"""The status rule: two dimensions, each from its own latest evidence; classes; age and confidence.

Every case is hand-worked: the facts are planted, the expected row is written out.
"""

from datetime import date

import pandas as pd
import pytest

from myeloma_access.status import (
    NO_DATA,
    STATUS_BY_ID,
    STATUS_CLASSES,
    best_of,
    date_sort_key,
    derive_class,
    is_stale,
    is_usable,
    period_start,
    resolve_status,
    status_history,
)

TODAY = date(2026, 11, 24)
COLS = ["iso3", "drug_id", "authorisation", "funding", "date", "basis", "confidence", "source_id", "as_of", "note"]


def facts(*rows) -> pd.DataFrame:
    """Rows as (authorisation, funding, date, basis, confidence, source_id[, as_of]) for CAN lenalidomide."""
    out = []
    for r in rows:
        auth, fund, when, basis, conf, src, *asof = r
        out.append(["CAN", "lenalidomide", auth, fund, when, basis, conf, src, asof[0] if asof else "2026-11-24", src])
    return pd.DataFrame(out, columns=COLS).astype(object).where(lambda d: d.notna(), None)


def one(df: pd.DataFrame) -> dict:
    res = resolve_status(df, TODAY)
    assert len(res) == 1
    return res.iloc[0].to_dict()


def test_no_data_is_its_own_class_distinct_from_not_approved():
    assert STATUS_BY_ID[NO_DATA].label == "No data"
    assert STATUS_BY_ID["not_approved"].label == "Not approved or not marketed"
    assert STATUS_BY_ID[NO_DATA].colour != STATUS_BY_ID["not_approved"].colour


def test_classes_labels_and_colours_exactly():
    assert [(s.id, s.label, s.colour, s.tint) for s in STATUS_CLASSES] == [
        ("publicly_funded", "Publicly funded", "#009E73", "#8CD3BF"),
        ("publicly_funded_some", "Publicly funded for some indications", "#44AA99", "#ABD9D1"),
        ("approved", "Approved, funding unknown", "#56B4E9", "#B5DDF5"),
        ("not_funded", "Not publicly funded (patients pay)", "#E69F00", "#F4D08C"),
        ("not_approved", "Not approved or not marketed", "#D55E00", "#EEAA80"),
        ("withdrawn", "Withdrawn", "#CC79A7", "#E8C1D7"),
        ("no_data", "No data", "#E0E0E0", "#E0E0E0"),
    ]
    fresh = [s.colour for s in STATUS_CLASSES]
    assert len(set(fresh)) == len(fresh)
    tints = [s.tint for s in STATUS_CLASSES if s.id != NO_DATA]
    assert len(set(tints + fresh)) == len(tints) + len(fresh)


def test_funded_then_indication_extended_stays_funded():
    """Canada lenalidomide: Alberta funding (2016) must survive a later indication extension (2017)."""
    row = one(
        facts(
            (None, "funded", "2016-10-18", "country_fact", "reported", "myelomacanada"),
            ("approved", None, "2017-01-24", "regulatory_event", "reported", "hc_extension"),
        )
    )
    assert (row["status"], row["authorisation"], row["auth_date"], row["funding"], row["fund_date"]) == (
        "publicly_funded",
        "approved",
        "2017-01-24",
        "funded",
        "2016-10-18",
    )
    assert (row["evidence_date"], row["confidence"], row["fund_source_id"], row["n_facts"]) == (
        "2016-10-18",
        "reported",
        "myelomacanada",
        2,
    )
    assert row["stale"] is True  # 2016 is more than five years before 2026-11-24


def test_later_delisting_ends_funding():
    row = one(
        facts(
            ("approved", None, "2010", "regulatory_event", "stated", "approval"),
            (None, "funded", "2012-05", "regulatory_event", "stated", "listing"),
            (None, "not_funded", "2024-02-01", "regulatory_event", "stated", "delisting"),
        )
    )
    assert (row["status"], row["funding"], row["fund_source_id"], row["evidence_date"], row["stale"]) == (
        "not_funded",
        "not_funded",
        "delisting",
        "2024-02-01",
        False,
    )


def test_explicitly_unfunded_but_approved_is_not_funded_never_not_approved():
    """New Zealand daratumumab: Medsafe-approved, not funded by Pharmac."""
    row = one(
        facts(
            ("approved", "not_funded", "2023-08-27", "country_fact", "reported", "rnz"),
        )
    )
    assert row["status"] == "not_funded"
    assert STATUS_BY_ID[row["status"]].usable_any is True
    assert STATUS_BY_ID[row["status"]].usable_funded is False


def test_not_funded_rests_on_both_dimensions_and_takes_the_weaker_confidence():
    row = one(
        facts(
            ("approved", None, "2022-01", "regulatory_event", "stated", "regulator"),
            (None, "not_funded", "2023-05", "country_fact", "reported", "news"),
        )
    )
    assert (row["status"], row["evidence_date"], row["confidence"]) == ("not_funded", "2023-05", "reported")


def test_withdrawal_after_funding_wins():
    row = one(
        facts(
            ("approved", "funded", "2019", "country_fact", "stated", "listing"),
            ("withdrawn", None, "2022-11-22", "regulatory_event", "stated", "withdrawal"),
        )
    )
    assert (row["status"], row["evidence_date"], row["auth_source_id"]) == ("withdrawn", "2022-11-22", "withdrawal")


def test_funding_after_a_non_approval_wins():
    row = one(
        facts(
            ("not_approved", None, "2010-08", "country_fact", "reported", "old_paper"),
            (None, "funded", "2016-03", "country_fact", "reported", "listing"),
        )
    )
    assert row["status"] == "publicly_funded"


def test_approval_after_non_approval_wins():
    row = one(
        facts(
            ("not_approved", None, "2010-08", "country_fact", "reported", "old_paper"),
            ("approved", None, "2013-05", "regulatory_event", "stated", "fact_sheet"),
        )
    )
    assert (row["status"], row["evidence_date"], row["confidence"]) == ("approved", "2013-05", "stated")


def test_non_approval_after_approval_wins():
    row = one(
        facts(
            ("approved", None, "2013-05", "regulatory_event", "stated", "fact_sheet"),
            ("not_approved", None, "2020", "country_fact", "reported", "survey"),
        )
    )
    assert row["status"] == "not_approved"


def test_on_equal_dates_country_fact_beats_regional_authorisation():
    row = one(
        facts(
            ("approved", None, "2016-05-20", "regional_authorisation", "stated", "ema"),
            ("not_approved", None, "2016-05-20", "country_fact", "reported", "survey"),
        )
    )
    assert (row["status"], row["auth_source_id"]) == ("not_approved", "survey")


def test_on_equal_date_and_basis_the_later_as_of_wins():
    row = one(
        facts(
            ("approved", None, "2016", "country_fact", "reported", "first", "2025-01-01"),
            ("not_approved", None, "2016", "country_fact", "reported", "second", "2026-01-01"),
        )
    )
    assert row["auth_source_id"] == "second"


def test_an_undated_fact_never_overrides_a_dated_one():
    """An undated statement (observed 2026-11-24) does not outrank a dated 2020 decision, however new its as-of."""
    row = one(
        facts(
            (None, "funded", None, "country_fact", "stated", "current_list", "2026-11-24"),
            (None, "not_funded", "2020-01", "country_fact", "reported", "old"),
        )
    )
    assert (row["status"], row["fund_date"], row["evidence_date"], row["stale"], row["undated"]) == (
        "not_funded",
        "2020-01",
        "2020-01",
        True,
        False,
    )


def test_an_undated_fact_alone_counts_from_its_as_of_and_is_marked_old():
    row = one(facts((None, "funded", None, "country_fact", "stated", "current_list", "2026-11-24")))
    assert (row["status"], row["fund_date"], row["evidence_date"], row["stale"], row["undated"]) == (
        "publicly_funded",
        None,
        "2026-11-24",
        True,
        True,
    )


def test_a_negative_authorisation_outranks_undated_funding():
    """Senegal lenalidomide: 'not registered' (2026-01) against an undated 'not subsidised' interview."""
    row = one(
        facts(
            ("not_approved", None, "2026-01", "country_fact", "reported", "regulator_quote"),
            (None, "not_funded", None, "country_fact", "reported", "interview", "2026-12-03"),
        )
    )
    assert (row["status"], row["evidence_date"], row["stale"]) == ("not_approved", "2026-01", False)


def test_the_age_of_not_funded_is_the_funding_decisions_not_a_newer_approvals():
    """France pomalidomide: a 2014 non-reimbursement and a 2026 register entry: old, dated 2014."""
    row = one(
        facts(
            (None, "not_funded", "2014-07-01", "country_fact", "reported", "af3m_2014"),
            ("approved", None, "2026-05-29", "register", "stated", "bdpm_2026"),
        )
    )
    assert (row["status"], row["evidence_date"], row["confidence"], row["stale"]) == (
        "not_funded",
        "2014-07-01",
        "reported",
        True,
    )


def test_status_as_of_a_year_uses_only_facts_dated_up_to_that_year():
    planted = facts(
        ("approved", None, "2010-06", "regulatory_event", "stated", "approval"),
        (None, "funded", "2016-10-18", "country_fact", "reported", "listing"),
        (None, "funded", None, "country_fact", "stated", "undated", "2026-11-24"),
    )
    assert resolve_status(planted, TODAY, until_year=2009).empty
    r2015 = resolve_status(planted, TODAY, until_year=2015).iloc[0]
    assert (r2015["status"], r2015["n_facts"]) == ("approved", 1)
    r2016 = resolve_status(planted, TODAY, until_year=2016).iloc[0]
    assert (r2016["status"], r2016["fund_source_id"], r2016["n_facts"]) == ("publicly_funded", "listing", 2)


def test_inferred_evidence_is_marked_even_when_recent():
    row = one(facts(("approved", None, "2025", "country_fact", "inferred", "cohort")))
    assert (row["status"], row["confidence"], row["stale"]) == ("approved", "inferred", True)


def test_empty_facts_resolve_to_empty():
    assert resolve_status(pd.DataFrame(columns=COLS), TODAY).empty


def test_one_row_per_country_and_drug():
    planted = pd.concat(
        [
            facts(("approved", None, "2010", "regulatory_event", "stated", "a")),
            facts(("approved", None, "2012", "regulatory_event", "stated", "b")).assign(iso3="USA"),
            facts(("withdrawn", None, "2012", "regulatory_event", "stated", "c")).assign(drug_id="thalidomide"),
        ],
        ignore_index=True,
    )
    res = resolve_status(planted, TODAY).sort_values(["iso3", "drug_id"])
    assert list(zip(res["iso3"], res["drug_id"], res["status"])) == [
        ("CAN", "lenalidomide", "approved"),
        ("CAN", "thalidomide", "withdrawn"),
        ("USA", "lenalidomide", "approved"),
    ]


@pytest.mark.parametrize(
    "auth, auth_key, funding, funding_key, expected",
    [
        (None, "", None, "", (NO_DATA, ())),
        ("approved", "2010", None, "", ("approved", ("authorisation",))),
        (None, "", "funded", "2010", ("publicly_funded", ("funding",))),
        (None, "", "not_funded", "2010", ("not_funded", ("funding",))),
        ("approved", "2010", "not_funded", "2011", ("not_funded", ("funding",))),
        ("approved", "2012", "funded", "2011", ("publicly_funded", ("funding",))),
        ("withdrawn", "2012", "funded", "2011", ("withdrawn", ("authorisation",))),
        ("withdrawn", "2011", "funded", "2011", ("withdrawn", ("authorisation",))),
        ("withdrawn", "2010", "funded", "2011", ("publicly_funded", ("funding",))),
        ("not_approved", "2010", None, "", ("not_approved", ("authorisation",))),
        ("not_approved", "2012", "not_funded", "2011", ("not_approved", ("authorisation",))),
        ("not_approved", "2010", "not_funded", "2011", ("not_funded", ("funding",))),
    ],
)
def test_derive_class_table(auth, auth_key, funding, funding_key, expected):
    assert derive_class(auth, auth_key, funding, funding_key) == expected


@pytest.mark.parametrize(
    "status, threshold, expected",
    [
        ("publicly_funded", "any", True),
        ("publicly_funded", "funded", True),
        ("approved", "any", True),
        ("approved", "funded", None),
        ("not_funded", "any", True),
        ("not_funded", "funded", False),
        ("not_approved", "any", False),
        ("not_approved", "funded", False),
        ("withdrawn", "any", False),
        ("withdrawn", "funded", False),
        (NO_DATA, "any", None),
        (NO_DATA, "funded", None),
    ],
)
def test_usability_by_threshold(status, threshold, expected):
    assert is_usable(status, threshold) is expected


def test_unknown_threshold_is_an_error():
    with pytest.raises(ValueError):
        is_usable("approved", "cheap")


@pytest.mark.parametrize(
    "members, expected",
    [
        ([NO_DATA, NO_DATA], NO_DATA),
        (["approved", "publicly_funded"], "publicly_funded"),
        (["not_funded", "approved"], "approved"),
        (["not_funded", NO_DATA], "not_funded"),
        (["withdrawn", "not_approved"], "withdrawn"),
        (["not_approved", NO_DATA], NO_DATA),  # the member without data might be available
        (["withdrawn"], "withdrawn"),
        (["not_approved", "not_funded"], "not_funded"),
    ],
)
def test_best_of_a_class(members, expected):
    assert best_of(members) == expected


@pytest.mark.parametrize(
    "when, expected",
    [
        ("2021-11-24", False),
        ("2021-11-23", True),
        ("2021-12", False),
        ("2021", True),
        ("2022", False),
        ("2013", True),
        (None, False),
    ],
)
def test_stale_means_more_than_five_years_before_today(when, expected):
    assert is_stale(when, TODAY) is expected


def test_stale_on_29_february():
    assert is_stale("2019-02-28", date(2024, 2, 29)) is False
    assert is_stale("2019-02-27", date(2024, 2, 29)) is True


def test_period_start():
    assert period_start("2021") == date(2021, 1, 1)
    assert period_start("2021-03") == date(2021, 3, 1)
    assert period_start("2021-03-26") == date(2021, 3, 26)
    assert period_start(None) is None and period_start(float("nan")) is None


def test_the_strongest_supporting_fact_represents_a_value_and_the_newest_dates_it():
    """Korea lenalidomide: MFDS approval 2009 (reported) and an undated 2026 page implying use (inferred) agree.

    The undated page supports the value but dates nothing: the evidence is the 2009 approval's, and old."""
    row = one(
        facts(
            ("approved", None, "2009-12-28", "regulatory_event", "reported", "mfds_news"),
            ("approved", None, None, "country_fact", "inferred", "use_2026", "2026-11-24"),
        )
    )
    assert (row["status"], row["auth_source_id"], row["auth_date"], row["auth_confidence"]) == (
        "approved",
        "mfds_news",
        "2009-12-28",
        "reported",
    )
    assert (row["evidence_date"], row["confidence"], row["stale"]) == ("2009-12-28", "reported", True)


def test_facts_before_a_contrary_fact_do_not_support_the_value():
    row = one(
        facts(
            ("approved", None, "2005", "regulatory_event", "stated", "old_approval"),
            ("not_approved", None, "2013", "country_fact", "reported", "survey"),
            ("approved", None, "2020", "country_fact", "inferred", "cohort"),
        )
    )
    assert (row["status"], row["auth_source_id"], row["confidence"], row["stale"]) == (
        "approved",
        "cohort",
        "inferred",
        True,
    )


def partial(rows) -> pd.DataFrame:
    """Funding rows restricted to indications: (funding, date, covers, covers_lines, covers_regimens)."""
    base = facts(
        *[(None, fund, when, "country_fact", "reported", f"src_{i}") for i, (fund, when, *_) in enumerate(rows)]
    )
    for col, k in (("covers", 2), ("covers_lines", 3), ("covers_regimens", 4)):
        base[col] = [r[k] for r in rows]
    return base


def test_korea_daratumumab_is_funded_for_some_indications():
    """4th-line monotherapy funded 2019; DRd and DVd declined 2023; DVd from 2nd line funded 2025-09-01."""
    row = one(
        partial(
            [
                ("funded", "2019", "monotherapy from the fourth line", "3+", None),
                ("not_funded", "2023", "DRd and DVd after at least one prior therapy", "1+", "drd dvd"),
                ("funded", "2025-09-01", "DVd from the second line", "1+", "dvd"),
            ]
        )
    )
    assert (row["status"], row["funding"], row["fund_date"], row["evidence_date"]) == (
        "publicly_funded_some",
        "funded_some",
        "2025-09-01",
        "2025-09-01",
    )


def test_a_restricted_decline_never_makes_the_whole_drug_not_funded():
    row = one(partial([("not_funded", "2023", "DRd and DVd", "1+", "drd dvd")]))
    assert row["status"] == "no_data"
    whole_then_decline = one(
        pd.concat(
            [
                facts((None, "funded", "2019", "country_fact", "stated", "whole_listing")),
                partial([("not_funded", "2023", "DRd only", "1+", "drd")]),
            ],
            ignore_index=True,
        )
    )
    assert (whole_then_decline["status"], whole_then_decline["fund_date"]) == ("publicly_funded_some", "2019")


def test_a_newer_whole_myeloma_fact_decides_over_older_restricted_ones():
    row = one(
        pd.concat(
            [
                partial([("funded", "2019", "monotherapy from the fourth line", "3+", None)]),
                facts((None, "not_funded", "2024", "country_fact", "stated", "delisted")),
            ],
            ignore_index=True,
        )
    )
    assert (row["status"], row["fund_date"], row["fund_source_id"]) == ("not_funded", "2024", "delisted")


def test_date_sort_key_blanks_only_missing_values():
    """None and NaN are missing and sort first (''); a partial date sorts by its text; a number is not missing.

    A float year (2021.0, as a frame read without types would hold it) keeps its text '2021.0' rather than
    being taken for a missing date."""
    assert date_sort_key(None) == ""
    assert date_sort_key(float("nan")) == ""
    assert date_sort_key("2021-03") == "2021-03"
    assert date_sort_key(2021.0) == "2021.0"


def test_resolved_row_in_full_and_its_columns_in_order():
    """Canada lenalidomide: Alberta funding 2016-10-18 (reported) and a Health Canada extension 2017-01-24.

    Each dimension keeps its own representative fact (date, source, confidence, note); the class rests on
    funding, so the evidence is 2016-10-18, more than five years before 2026-11-24: old."""
    planted = facts(
        (None, "funded", "2016-10-18", "country_fact", "reported", "myelomacanada"),
        ("approved", None, "2017-01-24", "regulatory_event", "reported", "hc_extension"),
    ).assign(note=["Alberta lists it", "Health Canada: indication extended"])
    res = resolve_status(planted, TODAY)
    assert list(res.columns) == [
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
    ]
    assert res.to_dict("records") == [
        {
            "iso3": "CAN",
            "drug_id": "lenalidomide",
            "status": "publicly_funded",
            "authorisation": "approved",
            "auth_date": "2017-01-24",
            "auth_source_id": "hc_extension",
            "auth_confidence": "reported",
            "auth_note": "Health Canada: indication extended",
            "funding": "funded",
            "fund_date": "2016-10-18",
            "fund_source_id": "myelomacanada",
            "fund_confidence": "reported",
            "fund_note": "Alberta lists it",
            "evidence_date": "2016-10-18",
            "confidence": "reported",
            "stale": True,
            "undated": False,
            "n_facts": 2,
        }
    ]


def test_empty_facts_resolve_to_the_status_columns():
    assert list(resolve_status(pd.DataFrame(columns=COLS), TODAY).columns) == [
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
    ]


def test_rows_come_sorted_by_country_then_drug_whatever_the_input_order():
    """Input USA before CAN, thalidomide before lenalidomide; output CAN/lenalidomide, CAN/thalidomide, USA."""
    planted = pd.concat(
        [
            facts(("approved", None, "2012", "regulatory_event", "stated", "b")).assign(iso3="USA"),
            facts(("withdrawn", None, "2012", "regulatory_event", "stated", "c")).assign(drug_id="thalidomide"),
            facts(("approved", None, "2010", "regulatory_event", "stated", "a")),
        ],
        ignore_index=True,
    )
    res = resolve_status(planted, TODAY)
    assert list(zip(res["iso3"], res["drug_id"], res["status"])) == [
        ("CAN", "lenalidomide", "approved"),
        ("CAN", "thalidomide", "withdrawn"),
        ("USA", "lenalidomide", "approved"),
    ]


def test_on_equal_dates_country_fact_beats_regional_authorisation_listed_after_it():
    """The same tie as above with the rows the other way round: the basis decides, not the row order."""
    row = one(
        facts(
            ("not_approved", None, "2016-05-20", "country_fact", "reported", "survey"),
            ("approved", None, "2016-05-20", "regional_authorisation", "stated", "ema"),
        )
    )
    assert (row["status"], row["auth_source_id"]) == ("not_approved", "survey")


def test_an_unknown_basis_ranks_below_every_known_basis():
    """An unknown basis counts 0, below a regional authorisation (1): on the same date the EU approval wins,
    though the unknown-basis fact comes last."""
    row = one(
        facts(
            ("approved", None, "2016-05-20", "regional_authorisation", "stated", "ema"),
            ("not_approved", None, "2016-05-20", "hearsay_basis", "reported", "rumour"),
        )
    )
    assert (row["status"], row["auth_source_id"]) == ("approved", "ema")


def test_on_equal_date_and_basis_the_later_as_of_wins_listed_first():
    """The later observation (as_of 2026-01-01) wins on equal date and basis, though it is the first row."""
    row = one(
        facts(
            ("not_approved", None, "2016", "country_fact", "reported", "second", "2026-01-01"),
            ("approved", None, "2016", "country_fact", "reported", "first", "2025-01-01"),
        )
    )
    assert (row["status"], row["auth_source_id"]) == ("not_approved", "second")


def test_the_latest_of_the_strongest_facts_represents_the_value_and_the_newest_dates_it():
    """Three approvals agree: stated 2015, stated 2018, inferred 2022-03.

    The representative is the latest of the strongest (stated): the 2018 label. The evidence date is the newest
    supporting fact, 2022-03 (within five years of 2026-11-24), and not every fact is inferred: not old."""
    row = one(
        facts(
            ("approved", None, "2015", "regulatory_event", "stated", "label_2015"),
            ("approved", None, "2018", "regulatory_event", "stated", "label_2018"),
            ("approved", None, "2022-03", "country_fact", "inferred", "cohort"),
        )
    )
    assert (row["auth_source_id"], row["auth_date"], row["auth_confidence"]) == ("label_2018", "2018", "stated")
    assert (row["status"], row["evidence_date"], row["confidence"], row["stale"]) == (
        "approved",
        "2022-03",
        "stated",
        False,
    )


def test_an_unknown_confidence_ranks_below_inferred():
    """An unknown confidence word counts 9, after inferred (2): the inferred 2020 fact represents the value."""
    row = one(
        facts(
            ("approved", None, "2020", "country_fact", "inferred", "cohort"),
            ("approved", None, "2022-03", "country_fact", "hearsay", "blog"),
        )
    )
    assert (row["auth_source_id"], row["auth_confidence"]) == ("cohort", "inferred")


def test_a_nan_date_is_undated_like_none():
    """A missing date read as NaN (a float) is undated: the dated 2020 decision wins, as with None."""
    planted = facts(
        (None, "funded", None, "country_fact", "stated", "current_list", "2026-11-24"),
        (None, "not_funded", "2020-01", "country_fact", "reported", "old"),
    )
    planted["date"] = pd.Series([float("nan"), "2020-01"], dtype=object)
    row = one(planted)
    assert (row["status"], row["fund_date"], row["evidence_date"], row["undated"]) == (
        "not_funded",
        "2020-01",
        "2020-01",
        False,
    )


def test_until_year_includes_a_fact_dated_31_december():
    """A listing dated 2016-12-31 is in force at the end of 2016."""
    planted = facts((None, "funded", "2016-12-31", "country_fact", "reported", "listing"))
    res = resolve_status(planted, TODAY, until_year=2016)
    assert list(zip(res["status"], res["fund_date"])) == [("publicly_funded", "2016-12-31")]


def test_restricted_facts_resolve_per_indication_not_pooled():
    """Monotherapy from the fourth line funded 2019; DRd from the second line declined 2023.

    Pooled, the 2023 decline would be the latest and nothing would be funded; per indication, the monotherapy
    listing stands: funded for some indications, dated 2019 (old on 2026-11-24)."""
    row = one(
        partial(
            [
                ("funded", "2019", "monotherapy from the fourth line", "3+", "dara"),
                ("not_funded", "2023", "DRd from the second line", "1+", "drd"),
            ]
        )
    )
    assert (row["status"], row["funding"], row["fund_date"], row["fund_source_id"], row["stale"]) == (
        "publicly_funded_some",
        "funded_some",
        "2019",
        "src_0",
        True,
    )


def test_a_whole_myeloma_fact_as_new_as_the_restricted_ones_decides():
    """Whole-myeloma 'not funded' 2023 and a restricted 'funded' 2023: on the same date the whole fact decides."""
    row = one(
        pd.concat(
            [
                facts((None, "not_funded", "2023", "country_fact", "stated", "whole_decline")),
                partial([("funded", "2023", "DVd from the second line", "1+", "dvd")]),
            ],
            ignore_index=True,
        )
    )
    assert (row["status"], row["funding"], row["fund_source_id"]) == ("not_funded", "not_funded", "whole_decline")


def test_unknown_threshold_error_names_it():
    with pytest.raises(ValueError, match=r"^unknown access threshold: 'cheap'$"):
        is_usable("approved", "cheap")


def history_facts() -> pd.DataFrame:
    """USA lenalidomide (only a 2030 fact), CAN thalidomide (neither date nor as_of), CAN lenalidomide (four)."""
    planted = pd.concat(
        [
            facts(("approved", None, "2030", "regulatory_event", "stated", "future_us")).assign(iso3="USA"),
            facts(("approved", None, None, "country_fact", "reported", "no_date")).assign(
                drug_id="thalidomide", as_of=None
            ),
            facts(
                ("approved", None, "1998-03", "regulatory_event", "stated", "approval_1998"),
                (None, "funded", "2016-12-31", "country_fact", "reported", "listing"),
                (None, "not_funded", "2027-02", "country_fact", "stated", "future_delisting"),
                ("withdrawn", None, "2026-05", "regulatory_event", "stated", "withdrawal"),
            ),
        ],
        ignore_index=True,
    )
    return planted.astype(object).where(planted.notna(), None)


def test_status_history_lists_the_changes_per_pair_from_the_first_year_to_the_last():
    """From 2000 to 2026 (today 2026-11-24):

    CAN lenalidomide: the 1998 approval counts from 2000 (the first year): approved, 1 fact; the listing dated
    2016-12-31 is in force at the end of 2016: funded, 2 facts; the withdrawal 2026-05 (after the 2016 funding)
    wins in 2026, the last year: withdrawn, 3 facts. The 2027 delisting is after the last year: never counted.
    CAN thalidomide: a fact with neither date nor as_of sorts first and counts from 2000; it is undated: old.
    USA lenalidomide: its only fact is dated 2030, after the last year: no entry (no data). Pairs in order."""
    out = status_history(history_facts(), TODAY, 2000, 2026)
    assert list(out) == [("CAN", "lenalidomide"), ("CAN", "thalidomide")]
    seen = {
        pair: [
            (year, r["iso3"], r["drug_id"], r["status"], r["n_facts"], r["evidence_date"], r["stale"])
            for year, r in changes
        ]
        for pair, changes in out.items()
    }
    assert seen == {
        ("CAN", "lenalidomide"): [
            (2000, "CAN", "lenalidomide", "approved", 1, "1998-03", True),
            (2016, "CAN", "lenalidomide", "publicly_funded", 2, "2016-12-31", True),
            (2026, "CAN", "lenalidomide", "withdrawn", 3, "2026-05", False),
        ],
        ("CAN", "thalidomide"): [(2000, "CAN", "thalidomide", "approved", 1, "", True)],
    }


def test_status_history_row_is_the_status_row_of_that_year():
    """The 2016 entry of CAN lenalidomide in full: the 1998 approval and the 2016-12-31 listing."""
    changes = status_history(history_facts(), TODAY, 2000, 2026)[("CAN", "lenalidomide")]
    assert changes[1] == (
        2016,
        {
            "iso3": "CAN",
            "drug_id": "lenalidomide",
            "status": "publicly_funded",
            "evidence_date": "2016-12-31",
            "confidence": "reported",
            "stale": True,
            "undated": False,
            "n_facts": 2,
            "authorisation": "approved",
            "auth_date": "1998-03",
            "auth_source_id": "approval_1998",
            "auth_confidence": "stated",
            "auth_note": "approval_1998",
            "funding": "funded",
            "fund_date": "2016-12-31",
            "fund_source_id": "listing",
            "fund_confidence": "reported",
            "fund_note": "listing",
        },
    )


def test_status_history_of_no_facts_is_empty():
    assert status_history(pd.DataFrame(columns=COLS), TODAY, 2000, 2026) == {}
