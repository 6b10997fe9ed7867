"""Exact messages and boundaries of myeloma_access.uploads not pinned by tests/test_hostile_inputs.py
(written against mutmut survivors). Every expected string is the full sentence a user sees."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from myeloma_access.loaders import read_csv
from myeloma_access.uploads import (
    SAVE_AS_UTF8,
    _cap,
    _decode,
    _delimiter,
    _fmt_num,
    _size,
    _value,
    plain,
    plain_problem,
    plain_problems,
    read_user_csv,
    shown,
)

R = ["iso3", "name"]
UTF16 = "The file is saved as UTF-16 (Excel's 'Unicode Text'), not as UTF-8. " + SAVE_AS_UTF8
BINARY = (
    "This is not a text file (it contains binary data), so it cannot be read as CSV. "
    "Upload a CSV file saved as UTF-8 text."
)
EMPTY = "The file is empty. Upload a CSV file with a header row and at least one data row."


def rd(data: bytes | str, **kw):
    if isinstance(data, str):
        data = data.encode("utf-8")
    kw.setdefault("required_columns", R)
    return read_user_csv(data, **kw)


@pytest.fixture
def default_field_limit():
    """csv's own field limit at its default (another library may have raised it process-wide)."""
    old = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(old)


@pytest.fixture
def raised_field_limit():
    old = csv.field_size_limit(10_000_000)
    yield
    csv.field_size_limit(old)


# ---------------------------------------------------------------- display helpers


def test_plain_of_none_and_line_ends():
    """None -> ''; CRLF is one space, a lone CR one space, LF one space."""
    assert plain(None) == ""
    assert plain("a\r\nb\rc\nd") == "a b c d"


def test_shown_none_control_characters_and_the_exact_limit():
    assert shown(None) == "''"
    assert shown("a\rb\nc\td") == "'a\\rb\\nc\\td'"
    assert shown("A" * 60) == "'" + "A" * 60 + "'"  # exactly at the limit: not cut
    assert shown("A" * 61) == "'" + "A" * 59 + "…'"
    assert shown("abcdef", limit=5) == "'abcd…'"


def test_size_units_and_boundaries():
    """1 MiB = 1,048,576 bytes -> '1 MB'; 1.5 MiB -> '1.5 MB'; 1,024,000 bytes = 1000 KiB -> '1000 KB'
    (/1025 would give 999); 1,024 -> '1 KB'; 1,023 -> '1023 bytes'."""
    assert _size(1024 * 1024) == "1 MB"
    assert _size(3 * 512 * 1024) == "1.5 MB"
    assert _size(2 * 1024 * 1024) == "2 MB"
    assert _size(1_024_000) == "1000 KB"
    assert _size(1024) == "1 KB"
    assert _size(1023) == "1023 bytes"
    assert _size(0) == "0 bytes"


def test_cap_at_exactly_the_limit_adds_nothing():
    assert _cap(["m"] * 20) == ["m"] * 20
    assert _cap(["m"] * 21) == ["m"] * 20 + ["… and 1 more problems like these."]
    assert _cap(["a", "b", "c"], limit=2) == ["a", "b", "… and 1 more problems like these."]


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00a", BINARY),  # shorter than 4 bytes: never taken for UTF-16
        (b"a\x00b\x00", UTF16),  # exactly 4 bytes, 2 NULs: 2 x 3 = 6 >= 4
        (b"\x00a\x00b\x00c", UTF16),  # big-endian shape: NUL first, not second
        (b"a\x00bc\x00d", UTF16),  # 2 NULs x 3 = 6 >= 6 bytes (boundary)
        (b"a\x00bcdefg", BINARY),  # 1 NUL x 3 = 3 < 8 bytes
        (b"ab\x00cdefg", BINARY),  # a NUL, but not in position 0 or 1
    ],
    ids=["short", "four_bytes", "nul_first", "third_exact", "one_nul_in_eight", "nul_at_2"],
)
def test_decode_utf16_heuristic_boundaries(data, message):
    assert _decode(data) == (None, [message])


def test_decode_two_nuls_in_eight_bytes_is_binary():
    """2 NULs x 3 = 6 < 8 bytes -> binary (x 4 = 8 would have called it UTF-16)."""
    assert _decode(b"a\x00b\x00cdef") == (None, [BINARY])


def test_undefined_cp1252_byte_is_shown_as_a_replacement_character():
    """0x81 has no character in Windows-1252: the message shows U+FFFD instead of failing."""
    assert rd(b"iso3\n\x81\n", required_columns=["iso3"]) == (
        None,
        [
            "The file is not UTF-8 text: row 1 has a character that looks like '\ufffd' in the Latin-1/Windows "
            "('ANSI') encoding. " + SAVE_AS_UTF8
        ],
    )


# ---------------------------------------------------------------- delimiter


def test_delimiter_ties_keep_the_comma():
    """One column: every separator scores (1 match, 1 cell); the first (comma) is kept."""
    assert _delimiter("iso3", ["iso3"]) == ","
    assert _delimiter("", ["iso3"]) == ","


def test_delimiter_prefers_matches_over_cell_count_case_insensitively():
    """'ISO3;a,b,c': comma -> 3 cells, 0 matches; semicolon -> 2 cells, 1 match ('iso3')."""
    assert _delimiter("ISO3;a,b,c", ["iso3"]) == ";"
    assert _delimiter("iso3;a,b,c", ["ISO3"]) == ";"


def test_delimiter_strips_quotes_and_knows_the_vertical_bar():
    assert _delimiter('"iso3";"name"', R) == ";"
    # '"iso3","name";x;y': comma -> 'iso3' (quotes stripped) + 'name";x;y' = 1 match in 2 cells; semicolon ->
    # 0 matches in 3 cells. Without stripping the quotes the comma would have no match and lose on cell count.
    assert _delimiter('"iso3","name";x;y', R) == ","
    assert _delimiter("Xa;Xb;c,d,e,f", ["xa", "xb"]) == ";"  # only quotes are stripped, not letters
    assert _delimiter("iso3|name", R) == "|"


def test_vertical_bar_file_is_read_with_a_note():
    df, notes = rd("iso3|name\nDEU|Ana\n")
    assert df.values.tolist() == [["DEU", "Ana"]]
    assert notes == ["The file uses vertical bars (|) between columns instead of commas; it was read that way."]


def test_delimiter_is_chosen_from_the_header_line_only():
    """The data row 'DEU;x,iso3,name' must not sway the choice: the header 'iso3;name' is semicolon-separated."""
    df, notes = rd("iso3;name\nDEU;x,iso3,name\n")
    assert df.values.tolist() == [["DEU", "x,iso3,name"]]
    assert notes == ["The file uses semicolons (;) between columns instead of commas; it was read that way."]


def test_leading_blank_lines_do_not_hide_the_header():
    df, notes = rd("\r\n\niso3;name\nDEU;Ana\n")
    assert df.values.tolist() == [["DEU", "Ana"]] and len(notes) == 1


def test_lines_of_only_spaces_or_tabs_above_the_header_are_skipped():
    """A tab-only and a space-only line above 'iso3;name': the header is the first line with text (it was the tab
    line, read as two unnamed, repeated columns), the separator is judged on it, and the data row follows."""
    df, notes = rd("\t\n   \r\niso3;name\nDEU;Ana\n")
    assert list(df.columns) == ["iso3", "name"] and df.values.tolist() == [["DEU", "Ana"]]
    assert notes == ["The file uses semicolons (;) between columns instead of commas; it was read that way."]


def test_only_blank_lines_is_empty():
    """Spaces, tabs and no-break spaces only: empty (the no-break space passes the byte-level check, not the rows')."""
    assert rd("\t\n \n\t\t\n") == (None, [EMPTY])
    assert rd("\u00a0\n\t\u00a0\n") == (None, [EMPTY])


def test_header_starting_with_x_is_not_trimmed():
    """'Xa;b,c' split on ';' gives the expected 'Xa' and 'b,c'."""
    df, _notes = rd("Xa;b,c\n1;2\n", required_columns=["Xa"], optional_columns=["b,c"])
    assert list(df.columns) == ["Xa", "b,c"] and df.values.tolist() == [["1", "2"]]


def test_header_starting_with_x_counts_when_the_separators_tie():
    """'X;a,b' with columns X, a,b and b: semicolon -> 'x', 'a,b' = 2 matches; comma -> 'x;a', 'b' = 1 match.
    Read with semicolons; had the leading X been dropped, both would score 1 match in 2 cells and the comma
    would win, splitting the header into 'X;a' and 'b'."""
    df, notes = rd("X;a,b\n1;2\n", required_columns=["X"], optional_columns=["a,b", "b"])
    assert list(df.columns) == ["X", "a,b"] and df.values.tolist() == [["1", "2"]]
    assert notes == ["The file uses semicolons (;) between columns instead of commas; it was read that way."]


def test_header_with_no_expected_name_is_split_where_it_gives_most_columns():
    """'a;b;c': no separator finds 'iso3'; the semicolon gives 3 cells, the comma 1: three unexpected columns
    (not one column named 'a;b;c')."""
    assert _delimiter("a;b;c", ["iso3"]) == ";"
    assert rd("a;b;c\n1;2;3\n", required_columns=["iso3"]) == (
        None,
        [
            "The column 'a' is not expected.",
            "The column 'b' is not expected.",
            "The column 'c' is not expected.",
            "The file has no column iso3 (it is required, even if empty).",
            "The expected columns are: iso3.",
        ],
    )


# ---------------------------------------------------------------- size and emptiness


def test_size_message_uses_the_default_name_and_the_fallback():
    """11 bytes against a 10-byte limit."""
    assert read_user_csv(b"iso3\nDEU\nFR", max_bytes=10, required_columns=R) == (
        None,
        ["The file 'upload.csv' is 11 bytes; the limit is 10 bytes and 5,000 rows. Split it into smaller files."],
    )
    assert read_user_csv(b"iso3\nDEU\nFR", "", max_bytes=10, max_rows=7, required_columns=R) == (
        None,
        ["The file 'the file' is 11 bytes; the limit is 10 bytes and 7 rows. Split it into smaller files."],
    )


def test_a_file_of_exactly_the_byte_limit_is_read():
    data = b"iso3,name\nDEU,Ana\n"
    df, notes = rd(data, max_bytes=len(data))
    assert df.values.tolist() == [["DEU", "Ana"]] and notes == []


def test_only_byte_order_marks_is_empty():
    assert rd(b"\xef\xbb\xbf\xef\xbb\xbf") == (None, [EMPTY])


def test_x_characters_are_content_not_padding():
    assert rd(b"XX\n") == (
        None,
        [
            "The column 'XX' is not expected.",
            "The file has no columns iso3, name (they are required, even if empty).",
            "The expected columns are: iso3, name.",
        ],
    )


# ---------------------------------------------------------------- columns


def test_optional_columns_are_accepted_and_listed_once():
    df, notes = rd("iso3,note\nDEU,x\n", required_columns=["iso3"], optional_columns=["iso3", "note"])
    assert list(df.columns) == ["iso3", "note"] and notes == []
    assert rd("iso3,colour\nDEU,x\n", required_columns=["iso3"], optional_columns=["iso3", "note"]) == (
        None,
        ["The column 'colour' is not expected.", "The expected columns are: iso3, note."],
    )


def test_header_with_an_unnamed_column():
    assert rd("iso3,,name\nDEU,1,Ana\n") == (
        None,
        [
            "The header has a column without a name. Every column needs one of the names: iso3, name.",
            "The expected columns are: iso3, name.",
        ],
    )


def test_no_hint_below_the_similarity_cutoff():
    """'member' vs 'member_name': ratio 2 x 6 / (6 + 11) = 0.71 < 0.75 -> no 'did you mean'."""
    assert rd("iso3,member\nDEU,Ana\n", required_columns=["iso3", "member_name"]) == (
        None,
        [
            "The column 'member' is not expected.",
            "The file has no column member_name (it is required, even if empty).",
            "The expected columns are: iso3, member_name.",
        ],
    )


def test_two_missing_columns_are_plural():
    assert rd("iso3\nDEU\n", required_columns=["iso3", "a", "b"]) == (
        None,
        ["The file has no columns a, b (they are required, even if empty).", "The expected columns are: iso3, a, b."],
    )


def test_exactly_max_rows_is_read():
    df, _ = rd("iso3,name\nDEU,a\nFRA,b\n", max_rows=2)
    assert len(df) == 2


# ---------------------------------------------------------------- cells


def test_old_mac_line_ends_are_read():
    """A lone CR ends each line (classic Mac OS exports): two rows, no 'could not be read'."""
    df, notes = rd(b"iso3,name\rDEU,Ana\rFRA,Bo\r")
    assert df.values.tolist() == [["DEU", "Ana"], ["FRA", "Bo"]] and notes == []


def test_text_after_a_closing_quote_is_kept_in_the_cell():
    """'"Ana" Smith' is read leniently as 'Ana Smith' (as a spreadsheet does), not refused as bad quoting."""
    df, notes = rd('iso3,name\nDEU,"Ana" Smith\n')
    assert df.values.tolist() == [["DEU", "Ana Smith"]] and notes == []


def test_crlf_inside_a_quoted_cell_is_kept():
    df, _ = rd(b'iso3,name\r\nDEU,"a\r\nb"\r\n')
    assert df.loc[0, "name"] == "a\r\nb"


def test_empty_cells_are_missing_and_columns_are_strings_like_the_loader(tmp_path):
    df, _ = rd("iso3,name\nDEU,\n")
    (tmp_path / "t.csv").write_text("iso3,name\nDEU,\n", encoding="utf-8")
    shipped = read_csv(tmp_path / "t.csv")
    assert pd.isna(df.loc[0, "name"]) and df.loc[0, "iso3"] == "DEU"
    assert [str(t) for t in df.dtypes] == [str(t) for t in shipped.dtypes]


def test_unclosed_quote_under_the_default_csv_field_limit(default_field_limit):
    data = 'iso3,name\n"DEU,Ana\n' + "x" * 140_000 + "\n"
    assert rd(data) == (
        None,
        [
            "A cell is longer than 131,072 characters, so the file was not read. "
            'Check for a quote (") that is opened but never closed.'
        ],
    )


def test_a_cell_of_exactly_the_cell_limit_is_read(raised_field_limit):
    df, _ = rd("iso3,name\nDEU," + "y" * 131_072 + "\n")
    assert len(df.loc[0, "name"]) == 131_072
    df, msgs = rd("iso3,name\nDEU," + "y" * 131_073 + "\n")
    assert df is None and msgs[0].startswith("A cell is longer than 131,072 characters")


# ---------------------------------------------------------------- formula notes


def _formula_file(values):
    return "iso3,name\n" + "".join(f'DEU,"{v}"\n' for v in values)


def test_one_formula_cell_is_singular():
    _df, notes = rd(_formula_file(["=1"]))
    assert notes == [
        "1 cell starts like a spreadsheet formula (row 1, column name). It is kept as text; "
        "downloads put an apostrophe (') in front so spreadsheets do not run them."
    ]


def test_two_formula_cells_tab_and_carriage_return():
    _df, notes = rd(_formula_file(["\t1", "\r2"]))
    assert notes == [
        "2 cells start like a spreadsheet formula (row 1, column name; row 2, column name). They are "
        "kept as text; downloads put an apostrophe (') in front so spreadsheets do not run them."
    ]


def test_six_formula_cells_list_five_and_an_ellipsis():
    _df, notes = rd(_formula_file([f"={i}" for i in range(6)]))
    where = "; ".join(f"row {i}, column name" for i in range(1, 6))
    assert notes == [
        f"6 cells start like a spreadsheet formula ({where} …). They are kept as text; "
        "downloads put an apostrophe (') in front so spreadsheets do not run them."
    ]


def test_five_formula_cells_have_no_ellipsis():
    _df, notes = rd(_formula_file([f"={i}" for i in range(5)]))
    assert "row 5, column name). They are" in notes[0] and "…" not in notes[0]


# ---------------------------------------------------------------- validator problems


@pytest.mark.parametrize("text", ["nan", "None", "<NA>", "NaT", " NaT "])
def test_value_missing_markers(text):
    assert _value(text) is None


def test_value_literals_and_text():
    assert _value("'x'") == "x" and _value("-5.0") == -5.0 and _value("NAN") == "NAN" and _value("none") == "none"


def test_fmt_num():
    assert (_fmt_num(5.0), _fmt_num(5.5), _fmt_num(7), _fmt_num(-0.25)) == ("5", "5.5", "7", "-0.25")


@pytest.mark.parametrize(
    "problem, sentence",
    [
        (
            "row 2, column 'x': check 'greater_than(0)' failed (value: 0)",
            "Row 2, column x: 0 is not above 0, which is not allowed.",
        ),
        (
            "row 2, column 'x': check 'less_than_or_equal_to(100)' failed (value: 100.5)",
            "Row 2, column x: 100.5 is above 100, which is not allowed.",
        ),
        (
            "row 2, column 'x': check 'less_than(1)' failed (value: 'big')",
            "Row 2, column x: 'big' is not below 1, which is not allowed.",
        ),
        (
            "row 2, columns: check 'multiple_fields_uniqueness' failed (value: 'p1')",
            "Row 2: 'p1' appears in more than one row; this combination of values must be unique.",
        ),
        ("table, column 'x': check 'greater_than(0)' failed (value: 'ValueError(\"bad\")')", None),
        ("table, column 'x': check 'greater_than(0)' failed (value: 'Oops')", "Column x: 'Oops' is not accepted."),
        ("table, columns: check 'custom' failed (value: 'Oops')", "The table: 'Oops' is not accepted."),
        ("table, column 'x': check 'greater_than(0)' failed (value: -1)", "Column x: '-1' is not accepted."),
        (
            "row 3, column 'x': check 'str_length(1, None)' failed (value: 'ok')",
            "Row 3, column x is empty, but a value is required.",
        ),
        (
            "row 3, column 'x': check 'str_matches('^z$')' failed (value: nan)",
            "Row 3, column x is empty, but a value is required.",
        ),
        (
            "row 3, column 'x': check 'str_matches('^z$')' failed (value: '')",
            "Row 3, column x is empty, but a value is required.",
        ),
        ("row 3, column 'x': check 'in_range(1)' failed (value: nan)", "Row 3, column x: '' is not accepted."),
        (
            "row 3, column 'x': check 'str_matches('^z$')' failed (value: 'q')",
            "Row 3, column x: 'q' does not have the expected form.",
        ),
        (
            "row 3, column 'x': check 'isin({'a'})' failed (value: 'q')",
            "Row 3, column x: 'q' is not one of the allowed values: {'a'}.",
        ),
        (
            "row 3, column 'x': check 'dtype('int64')' failed (value: 'q')",
            "Row 3, column x: 'q' is not a whole number.",
        ),
        (
            "row 3, column 'x': check 'dtype('float64')' failed (value: 'q')",
            "Row 3, column x: 'q' is not a number (use digits and a decimal point, e.g. 1250.50).",
        ),
        (
            "row 3, column 'x': check 'coerce_dtype('bool')' failed (value: 'q')",
            "Row 3, column x: 'q' has the wrong type.",
        ),
        (
            "row 3, column 'x': check 'str_length(2, 3)' failed (value: 'q')",
            "Row 3, column x: 'q' has the wrong length.",
        ),
        ("row 3, column 'x': check 'something_else' failed (value: 'q')", "Row 3, column x: 'q' is not accepted."),
    ],
)
def test_plain_problem_every_branch(problem, sentence):
    assert plain_problem(problem) == sentence


def test_plain_problems_drops_repeats_sorts_by_row_and_caps():
    """Whole-file problems (row 0) first, then rows 1, 2, 10 in row order (not text order); repeats once."""
    p = [
        "row 10, column 'x': check 'not_nullable' failed (value: nan)",
        "row 2, column 'x': check 'not_nullable' failed (value: nan)",
        "row 1, column 'x': check 'not_nullable' failed (value: nan)",
        "row 2, column 'x': check 'not_nullable' failed (value: nan)",
        "free text problem",
    ]
    assert plain_problems(p) == [
        "Free text problem",
        "Row 1, column x is empty, but a value is required.",
        "Row 2, column x is empty, but a value is required.",
        "Row 10, column x is empty, but a value is required.",
    ]
    assert plain_problems(p, limit=2) == [
        "Free text problem",
        "Row 1, column x is empty, but a value is required.",
        "… and 2 more problems like these.",
    ]
    assert plain_problems(["table, column 'x': check 'g' failed (value: 'TypeError(1)')"]) == []
