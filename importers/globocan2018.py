"""IARC GLOBOCAN 2018 -> ``country_indicators`` (myeloma new cases and ASR, year 2018; kept for history).

Citation, repository copy and hashes: ``globocan2018.json`` beside this module."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import checked, source_meta

_META = source_meta("globocan2018")
GLOBOCAN_SOURCE_ID = _META["source_id"]
GLOBOCAN_AS_OF = _META["as_of"]  # data extracted from Cancer Today on this date (SOURCES.md)

GLOBOCAN = "globocan2018/ASR_globocan.csv"


def import_globocan(shared: Path | str, countries: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """Multiple myeloma incidence 2018, both sexes: new cases and ASR per 100,000 (world standard).

    Returns the rows and the codes left out (not in ``countries.csv``, e.g. 'GUA').
    """
    df = pd.read_csv(checked(shared, GLOBOCAN), dtype=str, keep_default_na=False)
    assert set(df["sex"]) == {"Both sexes", "Male", "Female"}, "GLOBOCAN sex coding changed"
    mm = df[(df["cancer"] == "Multiple myeloma") & (df["sex"] == "Both sexes") & (df["type"] == "cancer incidence")]
    assert mm["iso3"].is_unique
    dropped = sorted(set(mm["iso3"]) - countries)
    mm = mm[mm["iso3"].isin(countries)]
    common = {"year": 2018, "source_id": GLOBOCAN_SOURCE_ID, "as_of": GLOBOCAN_AS_OF}
    cases = pd.DataFrame(
        {
            "iso3": mm["iso3"],
            "indicator": "mm_new_cases",
            "value": mm["ntotal"].astype(int).astype(str),
            "unit": "new cases in 2018 (both sexes)",
            **common,
        }
    )
    asr = pd.DataFrame(
        {
            "iso3": mm["iso3"],
            "indicator": "mm_incidence_asr",
            "value": mm["ASR"].astype(float).map(lambda v: f"{v:.4f}"),
            "unit": "per 100,000, age-standardised (world standard), both sexes",
            **common,
        }
    )
    out = pd.concat([cases, asr], ignore_index=True)
    cols = ["iso3", "indicator", "value", "unit", "year", "source_id", "as_of"]
    return out[cols].sort_values(["iso3", "indicator"]).reset_index(drop=True), dropped
