"""The shipped evidence base validates, and the validator fails loudly on planted bad rows."""

import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT

from myeloma_access import DATA_DIR
from myeloma_access.loaders import DataError, load_table, read_csv
from myeloma_access.schema import SCHEMAS
from scripts import validate_data


def test_shipped_data_is_valid():
    assert validate_data.run(DATA_DIR) == []


def test_every_fact_table_requires_source_and_as_of():
    for name, schema in SCHEMAS.items():
        if name in {
            "sources",
            "countries",
            "settings",
            "regimens",
            "regimen_drugs",
            "drug_aliases",
            "name_map_gem",
            "name_map_products",
            "search_log",
        }:  # reference lists, names mapped as data, the search log
            # (their basis is a column: the log names its sources in source_ids and its day in searched_on)
            continue
        assert {"source_id", "as_of"} <= set(schema.columns), name
        assert not schema.columns["source_id"].nullable and not schema.columns["as_of"].nullable, name


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("_incoming"))
    return target


def _append(path, row: dict):
    df = read_csv(path)
    df = pd.concat([df, pd.DataFrame([row])], ignore_index=True)
    df.to_csv(path, index=False)


GOOD_FACT = {
    "iso3": "KEN",
    "drug_id": "thalidomide",
    "authorisation": "approved",
    "funding": None,
    "date": "2020",
    "confidence": "reported",
    "source_id": "who_eml_2025",
    "as_of": "2026-11-24",
    "note": "planted",
}


@pytest.mark.parametrize(
    "change,expected",
    [
        ({"source_id": None}, "source_id"),
        ({"as_of": None}, "as_of"),
        ({"as_of": "last year"}, "as_of"),
        ({"authorisation": "maybe"}, "authorisation"),
        ({"funding": "partly"}, "funding"),
        ({"confidence": "sure"}, "confidence"),
        ({"authorisation": None, "funding": None}, "state neither authorisation nor funding"),
        ({"source_id": "no_such_source"}, "unknown source_id"),
        ({"iso3": "ZZZ"}, "not in the map geometry"),
        ({"drug_id": "aspirin"}, "unknown drug_id"),
    ],
)
def test_planted_bad_fact_fails_validation(data_copy, change, expected):
    _append(data_copy / "country_facts.csv", {**GOOD_FACT, **change})
    problems = validate_data.run(data_copy)
    assert problems, "a bad row must be reported"
    assert any(expected in p for p in problems), problems


def test_planted_contradiction_fails_validation(data_copy):
    _append(data_copy / "country_facts.csv", GOOD_FACT)
    _append(data_copy / "country_facts.csv", {**GOOD_FACT, "authorisation": "not_approved"})
    problems = validate_data.run(data_copy)
    assert any("contradicting authorisation facts" in p for p in problems), problems


def test_planted_duplicate_source_id_across_files_fails(data_copy):
    first = read_csv(data_copy / "sources.csv").head(1)
    first.to_csv(data_copy / "sources_planted.csv", index=False)
    problems = validate_data.run(data_copy)
    assert any("source_id used twice" in p or "unique" in p for p in problems), problems


def test_planted_good_fact_passes(data_copy):
    _append(data_copy / "country_facts.csv", GOOD_FACT)
    assert validate_data.run(data_copy) == []


def test_cli_exit_codes(data_copy):
    ok = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_data.py"), "--data", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    _append(data_copy / "prices.csv", {"price_id": "bad", "iso3": "GBR"})
    bad = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_data.py"), "--data", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "ERROR" in bad.stdout


def test_data_error_message_is_readable(tmp_path):
    (tmp_path / "sources.csv").write_text("source_id,citation\nX Y,\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_table("sources", tmp_path)
    assert "sources" in str(info.value)
    assert info.value.problems


def test_every_source_has_url_licence_and_access_date():
    src = load_table("sources")
    assert src["url"].notna().all() and src["licence"].notna().all() and src["accessed"].notna().all()


def readme_sections(text: str) -> dict[str, str]:
    """data/README.md's section of each table: from the first header naming ``name.csv`` to the next header (headers that
    follow each other directly share the body after them, as country_facts and register_facts do)."""
    sections: dict[str, str] = {}
    waiting: list[str] = []
    for block in re.split(r"^(?=#{2,3} )", text, flags=re.M):
        header, _, body = block.partition("\n")
        names = re.findall(r"([a-z_]+)\.csv", header)
        waiting += names
        if body.strip():
            for name in waiting:
                sections.setdefault(name, body)  # the first section naming a table is its own
            waiting = []
    return sections


def test_readme_sections_are_found_per_table():
    text = "## a.csv — one\n| x |\n### b.csv\n### c.csv, `d.csv` — two\n| y | z |\n## Other\nx\n"
    both = "| y | z |\n"
    assert readme_sections(text) == {"a": "| x |\n", "b": both, "c": both, "d": both}


def test_data_readme_documents_every_table_and_column():
    """Every table has its own section in data/README.md naming each of its columns as a word."""
    sections = readme_sections((DATA_DIR / "README.md").read_text(encoding="utf-8"))
    missing = {
        name: [c for c in schema.columns if not re.search(rf"(?<![a-z_]){c}(?![a-z_])", sections.get(name, ""))]
        for name, schema in SCHEMAS.items()
    }
    assert {name: cols for name, cols in missing.items() if cols} == {}
