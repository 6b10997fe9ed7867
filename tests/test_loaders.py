"""Loading and validating tables: exact behaviour on small files written by the test."""

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import pytest

from myeloma_access import DATA_DIR
from myeloma_access.loaders import (
    OPTIONAL_TABLES,
    DataError,
    Dataset,
    describe_schema_errors,
    empty_table,
    load_dataset,
    load_table,
    read_csv,
    read_table,
    validate_frame,
)
from myeloma_access.schema import SCHEMAS
from tests.fixtures import planted_tables

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


def test_ten_problems_are_shown_whole_and_an_eleventh_adds_an_ellipsis():
    """The message shows at most ten problems; ' ...' only when some were left out (11 > 10)."""
    assert str(DataError("t", [f"p{i}" for i in range(10)])) == "t: " + "; ".join(f"p{i}" for i in range(10))
    assert str(DataError("t", [f"p{i}" for i in range(11)])) == "t: " + "; ".join(f"p{i}" for i in range(10)) + " ..."


def test_a_missing_column_is_a_problem_of_the_whole_table():
    """pandera reports a missing column with no row and the schema's name in place of a column."""
    frame = pd.DataFrame({"regimen_id": ["rd"]})
    with pytest.raises(DataError) as info:
        validate_frame("regimen_drugs", frame)
    assert info.value.problems == [
        "table, column 'regimen_drugs': check 'column_in_dataframe' failed (value: 'drug_id')"
    ]


def test_a_whole_frame_check_of_an_unnamed_schema_names_no_column():
    """A frame-level check of a schema without a name fails with no row and no column: 'table, columns'."""
    schema = pa.DataFrameSchema({"a": pa.Column(str)}, checks=[pa.Check(lambda df: len(df) > 5, name="long")])
    with pytest.raises(pandera.errors.SchemaErrors) as info:
        schema.validate(pd.DataFrame({"a": ["y", "x"]}), lazy=True)
    assert describe_schema_errors(info.value) == ["table, columns: check 'long' failed (value: False)"]


def test_rows_of_an_area_sources_file_are_numbered_after_those_of_sources_csv(tmp_path):
    """sources.csv has one row, so the bad url in the first row of sources_more.csv is row 2 of the table."""
    (tmp_path / "sources.csv").write_text(SOURCE_HEADER + "a_one,A,https://a,P,,2026-11-24,x,news,\n")
    (tmp_path / "sources_more.csv").write_text(SOURCE_HEADER + "b_two,B,ftp://b,P,2020,2026-11-24,x,payer,\n")
    with pytest.raises(DataError) as info:
        load_table("sources", tmp_path)
    assert info.value.problems == [
        "row 2, column 'url': check 'str_matches('^(https?://|file:|package:)')' failed (value: 'ftp://b')"
    ]


def test_an_unreadable_area_sources_file_is_a_problem_of_the_sources_table(tmp_path):
    (tmp_path / "sources.csv").write_text(SOURCE_HEADER + "a_one,A,https://a,P,,2026-11-24,x,news,\n")
    (tmp_path / "sources_more.csv").write_bytes(b"\xff\xfe")
    with pytest.raises(DataError) as info:
        load_table("sources", tmp_path)
    assert str(info.value) == "sources: sources_more.csv is not UTF-8 text (byte 0 cannot be decoded)"


def test_an_unreadable_table_file_is_a_problem_of_its_table(tmp_path):
    (tmp_path / "countries.csv").write_bytes(b"\xff\xfe")
    with pytest.raises(DataError) as info:
        load_table("countries", tmp_path)
    assert str(info.value) == "countries: countries.csv is not UTF-8 text (byte 0 cannot be decoded)"


def test_load_dataset_reads_every_table_from_the_folder_it_is_given(tmp_path):
    """The seven required tables of the planted dataset written as CSV (three of them header-only); every other
    table is optional and absent, so it loads empty with its schema's columns."""
    planted = planted_tables()
    required = [name for name in SCHEMAS if name not in OPTIONAL_TABLES]
    assert required == [
        "sources",
        "countries",
        "drugs",
        "drug_aliases",
        "jurisdiction_members",
        "guidelines",
        "guidance_gaps",
    ]
    for name in required:
        planted[name].to_csv(tmp_path / f"{name}.csv", index=False)
    ds = load_dataset(tmp_path)
    assert list(ds.tables) == list(SCHEMAS)
    assert ds.countries["iso3"].tolist() == ["GBR", "IND", "BRA", "AIA", "DEU", "FRA", "USA", "JPN"]
    assert ds.drugs["label"].tolist() == ["Lenalidomide (R)", "Dexamethasone (d)", "Drug X", "y"]
    assert ds.jurisdiction_members[["jurisdiction", "iso3"]].values.tolist() == [["EUR", "DEU"], ["EUR", "FRA"]]
    assert ds.drug_aliases.empty and list(ds.drug_aliases.columns) == ["alias", "drug_id"]
    assert ds.prices.empty and list(ds.prices.columns) == list(SCHEMAS["prices"].columns)


def test_a_dataset_attribute_that_names_no_table_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError) as info:
        Dataset({}).no_such_table  # noqa: B018
    assert info.value.args == ("no_such_table",)
