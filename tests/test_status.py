"""Unit tests for the access-status classes and the rule that picks the current fact."""

import pandas as pd
import pytest

from myeloma_access.status import NO_DATA, STATUS_BY_ID, is_usable, resolve_status


def _facts(rows):
    return pd.DataFrame(rows, columns=["iso3", "drug_id", "status", "date", "basis", "source_id", "as_of", "note"])


def test_no_data_is_its_own_class_distinct_from_not_available():
    assert STATUS_BY_ID[NO_DATA].label == "No data"
    assert STATUS_BY_ID[NO_DATA].colour != STATUS_BY_ID["not_available"].colour


def test_colours_are_unique():
    colours = [s.colour for s in STATUS_BY_ID.values()]
    assert len(set(colours)) == len(colours)


def test_latest_dated_fact_wins():
    facts = _facts([
        ("USA", "belantamab_mafodotin", "approved", "2020-08-05", "regulatory_event", "a", "2026-11-24", ""),
        ("USA", "belantamab_mafodotin", "withdrawn", "2022-11-22", "regulatory_event", "b", "2026-11-24", ""),
        ("USA", "belantamab_mafodotin", "approved", "2025-10-23", "regulatory_event", "c", "2026-11-24", ""),
    ])
    cur = resolve_status(facts)
    assert len(cur) == 1
    assert cur.iloc[0]["source_id"] == "c"
    assert cur.iloc[0]["n_facts"] == 3


def test_withdrawal_after_approval_wins():
    facts = _facts([
        ("USA", "melphalan_flufenamide", "approved", "2021-02-26", "regulatory_event", "a", "2026-11-24", ""),
        ("USA", "melphalan_flufenamide", "withdrawn", "2021-10", "regulatory_event", "b", "2026-11-24", ""),
    ])
    assert resolve_status(facts).iloc[0]["status"] == "withdrawn"


def test_on_equal_dates_country_fact_beats_regional_authorisation():
    facts = _facts([
        ("ROU", "daratumumab", "approved", "2016-05-20", "regional_authorisation", "ema", "2023-03-12", ""),
        ("ROU", "daratumumab", "publicly_funded", "2016-05-20", "country_fact", "survey", "2024-01-01", ""),
    ])
    assert resolve_status(facts).iloc[0]["status"] == "publicly_funded"


def test_empty_facts_resolve_to_empty():
    assert resolve_status(_facts([])).empty


@pytest.mark.parametrize(
    "status,threshold,expected",
    [
        ("publicly_funded", "funded", True),
        ("approved", "funded", None),
        ("approved", "any", True),
        ("out_of_pocket", "any", True),
        ("out_of_pocket", "funded", False),
        ("not_available", "any", False),
        ("withdrawn", "any", False),
        (NO_DATA, "any", None),
    ],
)
def test_usability_by_threshold(status, threshold, expected):
    assert is_usable(status, threshold) is expected


def test_unknown_threshold_is_an_error():
    with pytest.raises(ValueError):
        is_usable("approved", "sometimes")


def test_undated_fact_counts_from_its_as_of_date():
    facts = _facts([
        ("CAN", "teclistamab", "approved", None, "country_fact", "hc", "2026-11-24", ""),
        ("CAN", "teclistamab", "not_available", "2020", "country_fact", "old", "2021-01-01", ""),
    ])
    assert resolve_status(facts).iloc[0]["source_id"] == "hc"
