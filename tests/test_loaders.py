"""Loading and validating tables: exact behaviour on small files written by the test."""

import pandas as pd
import pytest

from myeloma_access import DATA_DIR
from myeloma_access.loaders import (
    OPTIONAL_TABLES,
    DataError,
    Dataset,
    empty_table,
    load_dataset,
    load_table,
    read_csv,
    read_table,
    validate_frame,
)

SOURCE_HEADER = "source_id,citation,url,publisher,published,accessed,licence,source_type,note\n"


def test_read_csv_keeps_na_strings_and_empty_cells_missing(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("iso2,name,x\nNA,Namibia,\n", encoding="utf-8")
    df = read_csv(p)
    assert df.loc[0, "iso2"] == "NA" and df.loc[0, "name"] == "Namibia" and pd.isna(df.loc[0, "x"])


def test_sources_are_concatenated_from_every_area_file(tmp_path):
    (tmp_path / "sources.csv").write_text(SOURCE_HEADER + "a_one,A,https://a,P,,2026-11-24,x,news,\n")
    (tmp_path / "sources_more.csv").write_text(SOURCE_HEADER + "b_two,B,https://b,P,2020,2026-11-24,x,payer,\n")
    src = load_table("sources", tmp_path)
    assert src["source_id"].tolist() == ["a_one", "b_two"]
    (tmp_path / "sources_dup.csv").write_text(SOURCE_HEADER + "a_one,A,https://a,P,,2026-11-24,x,news,\n")
    with pytest.raises(DataError) as info:
        load_table("sources", tmp_path)
    assert info.value.table == "sources"


def test_missing_tables(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"^required table missing: [\w-]+/[a-z_]+\.csv$"):
        load_table("sources", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"^required table missing: [\w-]+/[a-z_]+\.csv$"):
        load_table("drugs", tmp_path)
    empty = load_table("prices", tmp_path)
    assert empty.empty and list(empty.columns) == list(empty_table("prices").columns)
    assert "prices" in OPTIONAL_TABLES and "national_eml" in OPTIONAL_TABLES and "drugs" not in OPTIONAL_TABLES


def test_validation_problems_are_numbered_from_the_first_data_row():
    bad = pd.DataFrame(
        {
            "iso3": ["KEN", "xx"],
            "drug_id": ["bortezomib", "bortezomib"],
            "authorisation": ["approved", "approved"],
            "funding": [None, None],
            "date": ["2020", "2020"],
            "confidence": ["stated", "stated"],
            "note": [None, None],
            "source_id": ["s", "s"],
            "as_of": ["2026-11-24", "2026-11-24"],
        }
    )
    with pytest.raises(DataError) as info:
        validate_frame("country_facts", bad)
    assert info.value.problems == ["row 2, column 'iso3': check 'str_matches('^[A-Z]{3}$')' failed (value: 'xx')"]
    assert str(info.value) == "country_facts: " + info.value.problems[0]


def test_long_problem_lists_are_cut_in_the_message():
    err = DataError("t", [f"p{i}" for i in range(12)])
    assert str(err) == "t: " + "; ".join(f"p{i}" for i in range(10)) + " ..."
    assert len(err.problems) == 12


@pytest.mark.shipped
def test_dataset_attribute_access():
    ds = load_dataset()
    assert ds.drugs is ds.tables["drugs"]
    with pytest.raises(AttributeError):
        ds.no_such_table  # noqa: B018
    assert isinstance(Dataset().tables, dict) and Dataset().tables == {}
    assert DATA_DIR.name == "data"


def test_a_file_that_is_not_csv_is_a_data_error_naming_it(tmp_path):
    """Binary, empty or cut-short files (e.g. a failed copy) are reported in words, with the file's name."""
    cases = {
        "binary.csv": (b"\x89PNG\r\n\x1a\n\x00", "binary.csv is not UTF-8 text (byte 0 cannot be decoded)"),
        "empty.csv": (b"", "empty.csv is empty (not even a header row)"),
        "cut.csv": (
            b'iso3,name\nKEN,"Ken',
            "cut.csv cannot be read as CSV (Error tokenizing data. C error: EOF inside "
            "string starting at row 1); is it cut short or badly quoted?",
        ),
    }
    for file, (data, problem) in cases.items():
        (tmp_path / file).write_bytes(data)
        with pytest.raises(DataError) as info:
            read_table("countries", tmp_path / file)
        assert info.value.table == "countries" and info.value.problems == [problem]
    (tmp_path / "sources.csv").write_bytes(b"\xff\xfe")
    with pytest.raises(DataError, match=r"^sources: sources.csv is not UTF-8 text \(byte 0 cannot be decoded\)$"):
        load_table("sources", tmp_path)
