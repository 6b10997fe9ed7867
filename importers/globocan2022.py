"""IARC GLOBOCAN 2022 (Cancer Today) -> ``country_indicators``: myeloma new cases, deaths and ASRs, year 2022.

The current people-affected layer (it replaces GLOBOCAN 2018, whose 184 countries it covers).
Citation, repository copy and hashes: ``globocan2022.json`` beside this module.

Trap: the files' header names ``Country`` the numeric country code and ``Label`` the name, so the
columns after ``Alpha-3 code`` do not mean what a quick read suggests; the importer checks a known
country (USA: 32,258 new cases) and the world totals (187,868 cases, 121,326 deaths) before trusting them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import _fmt, checked, source_meta

_META = source_meta("globocan2022")
GLOBOCAN2022_SOURCE_ID = _META["source_id"]
GLOBOCAN2022_AS_OF = _META["as_of"]
GLOBOCAN2022 = {"incidence": "globocan2022/globocan_incidence.csv", "mortality": "globocan2022/globocan_mortality.csv"}
MYELOMA_CODE = "35"  # C90 'Multiple myeloma' in the repository's raw_data/cancer_code.csv
EXPECTED = {"incidence": ("USA", 32258, 187868), "mortality": ("USA", 13067, 121326)}
COLUMNS = [
    "Alpha-3 code",
    "Cancer code",
    "Population code (ISO/UN)",
    "Country",
    "Label",
    "Sex",
    "Number",
    "ASR (World)",
    "Crude rate",
    "Cumulative risk",
    "indicator",
]
INDICATORS = {  # kind -> (count indicator, count unit, ASR indicator)
    "incidence": ("mm_new_cases", "new cases in 2022 (both sexes)", "mm_incidence_asr"),
    "mortality": ("mm_deaths", "deaths in 2022 (both sexes)", "mm_mortality_asr"),
}


def read_globocan2022(shared: Path | str, kind: str) -> pd.DataFrame:
    """Myeloma rows (cancer code 35, both sexes) of one file, checked against known figures."""
    df = pd.read_csv(checked(shared, GLOBOCAN2022[kind]), dtype=str, keep_default_na=False)
    assert list(df.columns) == COLUMNS, f"GLOBOCAN 2022 {kind}: header changed"
    assert set(df["indicator"]) == {kind}
    mm = df[df["Cancer code"] == MYELOMA_CODE]
    assert mm["Alpha-3 code"].is_unique and set(mm["Sex"]) == {"0"}, "expected one both-sexes row per country"
    iso, cases, world = EXPECTED[kind]
    n = mm["Number"].astype(int)
    assert int(n[mm["Alpha-3 code"] == iso].iloc[0]) == cases, "column 'Number' is not the count (shifted header?)"
    assert int(n.sum()) == world, f"world total {int(n.sum())} != {world}"
    return mm


def import_globocan2022(shared: Path | str, countries: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """Both files -> four indicators per country (year 2022); returns the rows and codes not in ``countries``."""
    parts, dropped = [], set()
    common = {"year": 2022, "source_id": GLOBOCAN2022_SOURCE_ID, "as_of": GLOBOCAN2022_AS_OF}
    for kind, (count_ind, count_unit, asr_ind) in INDICATORS.items():
        mm = read_globocan2022(shared, kind)
        dropped |= set(mm["Alpha-3 code"]) - countries
        mm = mm[mm["Alpha-3 code"].isin(countries)]
        parts.append(
            pd.DataFrame(
                {
                    "iso3": mm["Alpha-3 code"],
                    "indicator": count_ind,
                    "value": mm["Number"].astype(int).astype(str),
                    "unit": count_unit,
                    **common,
                }
            )
        )
        parts.append(
            pd.DataFrame(
                {
                    "iso3": mm["Alpha-3 code"],
                    "indicator": asr_ind,
                    "value": mm["ASR (World)"].astype(float).map(_fmt),
                    "unit": "per 100,000, age-standardised (world standard), both sexes",
                    **common,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    cols = ["iso3", "indicator", "value", "unit", "year", "source_id", "as_of"]
    return out[cols].sort_values(["iso3", "indicator"]).reset_index(drop=True), sorted(dropped)
