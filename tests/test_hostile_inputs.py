"""Hostile inputs for uploads and exports (pure: no Streamlit, no server).

Covers ``myeloma_access.uploads`` (what a user's CSV can contain and what they are told)
and ``myeloma_access.exports`` (what a downloaded CSV can contain). AppTest/browser-level
hostile cases (query parameters, paths) live elsewhere.

The data files must be byte-identical after the whole test session: their hashes are
taken when this module is imported (at collection, before any test runs) and compared
again when the session ends.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import re

import pandas as pd
import pytest

from myeloma_access import DATA_DIR
from myeloma_access.exports import safe_cell, safe_csv, safe_frame, view_columns
from myeloma_access.loaders import DataError, validate_frame
from myeloma_access.schema import SCHEMAS
from myeloma_access.uploads import (
    MAX_BYTES,
    ROWS_COUNTED,
    SAVE_AS_UTF8,
    WORD_JOINER,
    plain,
    plain_problem,
    plain_problems,
    read_user_csv,
)

# ---------------------------------------------------------------- data files unchanged


def _hash_data_dir() -> dict[str, str]:
    return {
        str(p.relative_to(DATA_DIR)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(DATA_DIR.rglob("*"))
        if p.is_file()
    }


DATA_HASHES_AT_START = _hash_data_dir()  # taken at collection time, before any test runs


@pytest.fixture(scope="session", autouse=True)
def data_files_unchanged():
    """Fails the session (as a teardown error) if any file in data/ was added, removed or changed."""
    yield
    after = _hash_data_dir()
    changed = sorted(
        k for k in DATA_HASHES_AT_START.keys() | after.keys() if DATA_HASHES_AT_START.get(k) != after.get(k)
    )
    assert not changed, f"data files changed during the test session: {changed}"


def test_data_files_hashed():
    assert "country_facts.csv" in DATA_HASHES_AT_START and len(DATA_HASHES_AT_START) >= 10


# ---------------------------------------------------------------- upload fixtures

ROSTER = list(SCHEMAS["imwg_members"].columns)  # member_name, iso3, institution, roster, evidence, source_id, as_of
HEADER = ",".join(ROSTER)
ROW_DEU = "Ana Lopez,DEU,Uniklinik,imwg_2024,roster,imwg_site,2024-01-01"
ROW_FRA = "Jean Martin,FRA,,imwg_2024,roster,imwg_site,2024-01-01"
CODES = {"DEU", "FRA", "ESP"}
GOOD = f"{HEADER}\n{ROW_DEU}\n{ROW_FRA}\n"


def read(data: bytes | str, **kw):
    if isinstance(data, str):
        data = data.encode("utf-8")
    kw.setdefault("required_columns", ROSTER)
    kw.setdefault("valid_codes", CODES)
    return read_user_csv(data, kw.pop("filename", "roster.csv"), **kw)


def test_good_file_reads_like_the_shipped_loader_and_validates():
    df, notes = read(GOOD)
    assert notes == []
    assert list(df.columns) == ROSTER and len(df) == 2
    assert df.loc[0, "member_name"] == "Ana Lopez" and pd.isna(df.loc[1, "institution"])
    validate_frame("imwg_members", df)  # no DataError


# Files that must be refused, with the exact messages a user sees.
REFUSED = {
    "empty": (b"", ["The file is empty. Upload a CSV file with a header row and at least one data row."]),
    "only_bom_and_newlines": (
        b"\xef\xbb\xbf\r\n\r\n",
        ["The file is empty. Upload a CSV file with a header row and at least one data row."],
    ),
    "header_only": (f"{HEADER}\n".encode(), ["The file has a header row but no data rows."]),
    "header_and_blank_rows": (f"{HEADER}\n,,,,,,\n\n".encode(), ["The file has a header row but no data rows."]),
    "missing_column": (
        GOOD.replace(",as_of", "").replace(",2024-01-01", "").encode(),
        [
            "The file has no column as_of (it is required, even if empty).",
            f"The expected columns are: {', '.join(ROSTER)}.",
        ],
    ),
    "extra_column": (
        GOOD.replace("as_of\n", "as_of,colour\n").replace("2024-01-01\n", "2024-01-01,red\n").encode(),
        ["The column 'colour' is not expected.", f"The expected columns are: {', '.join(ROSTER)}."],
    ),
    "wrong_case_column": (
        GOOD.replace("iso3", "ISO3").encode(),
        [
            "The column 'ISO3' is not expected; did you mean 'iso3'?",
            "The file has no column iso3 (it is required, even if empty).",
            f"The expected columns are: {', '.join(ROSTER)}.",
        ],
    ),
    "wrong_columns_entirely": (
        b"country,drug,status\nDEU,len,approved\n",
        [
            "The column 'country' is not expected.",
            "The column 'drug' is not expected.",
            "The column 'status' is not expected.",
            f"The file has no columns {', '.join(ROSTER)} (they are required, even if empty).",
            f"The expected columns are: {', '.join(ROSTER)}.",
        ],
    ),
    "duplicate_header": (
        GOOD.replace("as_of\n", "as_of,iso3\n").replace("2024-01-01\n", "2024-01-01,DEU\n").encode(),
        ["The column 'iso3' appears more than once in the header.", f"The expected columns are: {', '.join(ROSTER)}."],
    ),
    "binary_nul_bytes": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        [
            "This is not a text file (it contains binary data), so it cannot be read as CSV. "
            "Upload a CSV file saved as UTF-8 text."
        ],
    ),
    "excel_workbook": (
        b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 20,
        ["This is an Excel workbook or another zip file, not a CSV text file. " + SAVE_AS_UTF8],
    ),
    "old_excel_xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20,
        ["This is an old Excel (.xls) workbook, not a CSV text file. " + SAVE_AS_UTF8],
    ),
    "utf16_with_bom": (
        GOOD.encode("utf-16"),
        ["The file is saved as UTF-16 (Excel's 'Unicode Text'), not as UTF-8. " + SAVE_AS_UTF8],
    ),
    "utf16le_without_bom": (
        GOOD.encode("utf-16-le"),
        ["The file is saved as UTF-16 (Excel's 'Unicode Text'), not as UTF-8. " + SAVE_AS_UTF8],
    ),
    "utf16be_with_bom": (
        codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"),
        ["The file is saved as UTF-16 (Excel's 'Unicode Text'), not as UTF-8. " + SAVE_AS_UTF8],
    ),
    "latin1_in_row_2": (
        f"{HEADER}\n{ROW_DEU}\nJérôme Martin,FRA,,imwg_2024,roster,imwg_site,2024-01-01\n".encode("latin-1"),
        [
            "The file is not UTF-8 text: row 2 has a character that looks like 'é' in the Latin-1/Windows ('ANSI') "
            "encoding. " + SAVE_AS_UTF8
        ],
    ),
    "cp1252_in_header": (
        ("member_name,iso3,institution,roster,evidence,source_id,as_of,“note”\n" + ROW_DEU).encode("cp1252"),
        [
            "The file is not UTF-8 text: the header (line 1) has a character that looks like '“' in the "
            "Latin-1/Windows ('ANSI') encoding. " + SAVE_AS_UTF8
        ],
    ),
    "unknown_iso_code": (
        GOOD.replace("FRA", "XKX").encode(),
        ["Row 2, column iso3: 'XKX' is not a country code the map knows.", ROWS_COUNTED],
    ),
    "lower_case_iso_code": (
        GOOD.replace("DEU", "deu").encode(),
        [
            "Row 1, column iso3: 'deu' is not a three-letter country code (ISO 3166-1 alpha-3 in capitals, e.g. DEU).",
            ROWS_COUNTED,
        ],
    ),
    "iso2_code_with_markup": (
        GOOD.replace("FRA", "<b>FR</b>").encode(),
        [
            "Row 2, column iso3: '<b>FR</b>' is not a three-letter country code (ISO 3166-1 alpha-3 in capitals, "
            "e.g. DEU).",
            ROWS_COUNTED,
        ],
    ),
    "exact_duplicate_rows": (
        f"{HEADER}\n{ROW_DEU}\n{ROW_FRA}\n{ROW_DEU}\n".encode(),
        ["Row 3 repeats row 1 exactly. Remove one of them.", ROWS_COUNTED],
    ),
    "row_with_too_many_values": (
        f"{HEADER}\n{ROW_DEU}\nJean, Martin,FRA,,imwg_2024,roster,imwg_site,2024-01-01\n".encode(),
        [
            "Row 2 has 8 values but the header has 7 columns. Check for a missing separator or an unquoted comma "
            "in a cell.",
            ROWS_COUNTED,
        ],
    ),
    "row_with_too_few_values": (
        f"{HEADER}\n{ROW_DEU}\nJean Martin,FRA\n".encode(),
        [
            "Row 2 has 2 values but the header has 7 columns. Check for a missing separator or an unquoted comma "
            "in a cell.",
            ROWS_COUNTED,
        ],
    ),
}


@pytest.mark.parametrize("data, expected", REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_plain_message(data, expected):
    df, messages = read(data)
    assert df is None
    assert messages == expected


def test_over_the_size_limit_is_refused_before_reading():
    data = (GOOD + f"{ROW_DEU}\n" * 40_000).encode()
    assert len(data) > MAX_BYTES
    df, messages = read(data, filename="big.csv")
    assert df is None
    assert messages == [
        f"The file 'big.csv' is {len(data) / 2**20:.1f} MB; the limit is 2 MB and 5,000 rows. "
        "Split it into smaller files."
    ]


def test_a_199_mb_file_is_refused_without_decoding():
    """The probe's 199 MB upload: refused on its length alone (a bytes object of zeros is cheap)."""
    df, messages = read(bytes(199 * 2**20))
    assert df is None and messages[0].startswith("The file 'roster.csv' is 199 MB; the limit is 2 MB")


def test_over_the_row_limit_is_refused():
    rows = "".join(f"P{i},DEU,,imwg_2024,roster,imwg_site,2024-01-01\n" for i in range(5001))
    df, messages = read(f"{HEADER}\n{rows}")
    assert df is None
    assert messages == ["The file has 5,001 rows; the limit is 5,000 rows. Split it into smaller files."]


def test_unclosed_quote_swallowing_the_file_is_explained():
    data = f'{HEADER}\n"Ana,DEU,,imwg_2024,roster,imwg_site,2024-01-01\n' + "x" * 140_000 + "\n"
    df, messages = read(data)
    assert df is None
    assert messages == [
        "A cell is longer than 131,072 characters, so the file was not read. "
        'Check for a quote (") that is opened but never closed.'
    ]


def test_row_limit_is_configurable():
    df, messages = read(GOOD, max_rows=1)
    assert df is None and messages == ["The file has 2 rows; the limit is 1 rows. Split it into smaller files."]


def test_many_problems_are_capped():
    rows = "".join(f"P{i},XX{i % 10},,imwg_2024,roster,imwg_site,2024-01-01\n" for i in range(30))
    df, messages = read(f"{HEADER}\n{rows}")
    assert df is None
    assert len(messages) == 22 and messages[-2] == "… and 10 more problems like these." and messages[-1] == ROWS_COUNTED


# Files that are read, possibly with a note.
ACCEPTED = {
    "utf8_bom": (codecs.BOM_UTF8 + GOOD.encode(), []),
    "windows_line_ends": (GOOD.replace("\n", "\r\n").encode(), []),
    "blank_lines_between_rows": (GOOD.replace("\n", "\n\n").encode(), []),
    "trailing_empty_cell": (GOOD.replace("2024-01-01\n", "2024-01-01,\n").encode(), []),
    "semicolon_separated": (
        GOOD.replace(",", ";").encode(),
        ["The file uses semicolons (;) between columns instead of commas; it was read that way."],
    ),
    "semicolon_with_bom_and_crlf": (
        codecs.BOM_UTF8 + GOOD.replace(",", ";").replace("\n", "\r\n").encode(),
        ["The file uses semicolons (;) between columns instead of commas; it was read that way."],
    ),
    "tab_separated": (
        GOOD.replace(",", "\t").encode(),
        ["The file uses tabs between columns instead of commas; it was read that way."],
    ),
    "columns_in_another_order": (
        b"iso3,member_name,institution,roster,evidence,source_id,as_of\n"
        b"DEU,Ana Lopez,Uniklinik,imwg_2024,roster,imwg_site,2024-01-01\n",
        [],
    ),
    "quoted_comma_and_newline_in_cell": (
        f'{HEADER}\n"Lopez, Ana",DEU,"Uniklinik\nBerlin",imwg_2024,roster,imwg_site,2024-01-01\n'.encode(),
        [],
    ),
    "non_latin_names": (GOOD.replace("Ana Lopez", "Αννα Λόπεζ 李娜").encode(), []),
}


@pytest.mark.parametrize("data, notes", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(data, notes):
    df, messages = read(data)
    assert df is not None, messages
    assert messages == notes
    assert set(df.columns) == set(ROSTER)
    validate_frame("imwg_members", df[ROSTER])


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)", "=1+1"]


def test_formula_cells_are_kept_as_data_with_a_note_and_neutralised_on_export():
    rows = "".join(
        f'"{f.replace(chr(34), chr(34) * 2)}",DEU,,imwg_2024,roster,imwg_site,2024-01-01\n' for f in FORMULAS
    )
    df, notes = read(f"{HEADER}\n{rows}")
    assert df["member_name"].tolist() == FORMULAS
    assert notes == [
        "5 cells start like a spreadsheet formula (row 1, column member_name; row 2, column member_name; "
        "row 3, column member_name; row 4, column member_name; row 5, column member_name). They are kept as "
        "text; downloads put an apostrophe (') in front so spreadsheets do not run them."
    ]
    back = pd.read_csv(io.BytesIO(safe_csv(df)), encoding="utf-8-sig", dtype=str)
    assert back["member_name"].tolist() == ["'" + f for f in FORMULAS]


def test_negative_number_text_is_not_called_a_formula():
    df, notes = read(GOOD.replace("Uniklinik", "-5"))
    assert df.loc[0, "institution"] == "-5" and notes == []


MARKUP = [
    "[click me](https://evil.example)",
    "![x](https://evil.example/pixel.png)",
    "<img src=https://evil.example/x.png onerror=alert(1)>",
    "<script>alert(1)</script>",
    "$\\href{https://evil.example}{x}$",
    "**bold** _it_ `code` ~~gone~~",
    "# Heading",
    "| a | b |",
    ":red[alarm] :material/warning:",
    "https://evil.example/auto-link",
]


@pytest.mark.parametrize("payload", MARKUP)
def test_markup_in_every_field_is_kept_as_plain_text(payload):
    cells = [payload] * len(ROSTER)
    line = ",".join('"' + payload.replace('"', '""') + '"' for _ in cells)
    df, _ = read(f"{HEADER}\n{line}\n", valid_codes=None)
    assert df is not None
    assert df.iloc[0].tolist() == cells  # verbatim, nothing stripped or rendered


# ---------------------------------------------------------------- plain(): no markup from user text


def _unescape(text: str) -> str:
    """What Markdown shows for ``text`` (escapes resolved), without the invisible word joiners."""
    return re.sub(r"\\(.)", r"\1", text).replace(WORD_JOINER, "")


# remark-gfm's autolink-literal patterns (mdast-util-gfm-autolink-literal), applied by
# Streamlit to the text *after* escapes are resolved: escaping alone does not stop them.
GFM_AUTOLINK = [re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.I), re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")]


HOSTILE_TEXT = MARKUP + [
    "a\\b",
    "*",
    "_",
    "1. list",
    "- item",
    "> quote",
    "<https://evil.example>",
    "www.evil.example",
    "user@evil.example",
    "line one\nline two",
    "&amp; &#x3C;",
    "===",
    "[ref]: https://evil.example",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_plain_escapes_every_markdown_special(text):
    escaped = plain(text)
    assert _unescape(escaped) == text.replace("\n", " ")
    # no special character is left unescaped
    assert not re.search(r"(?<!\\)[\[\]()*_`$<>#!|~:]", re.sub(r"\\\\", "", escaped))


@pytest.mark.parametrize(
    "text", HOSTILE_TEXT + ["see https://evil.example or WWW.evil.example, mail a.b+c@evil.example"]
)
def test_plain_breaks_gfm_autolink_literals(text):
    """Streamlit linked bare URLs and e-mail addresses even when every ':' '/' '.' '@' was escaped."""
    shown_text = re.sub(r"\\(.)", r"\1", plain(text))  # what the autolink transform searches
    assert not any(p.search(shown_text) for p in GFM_AUTOLINK)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_plain_renders_as_literal_text(text):
    """A CommonMark renderer with autolinking shows exactly the text: no link, image, tag or emphasis."""
    markdown_it = pytest.importorskip("markdown_it")
    pytest.importorskip("linkify_it")
    md = markdown_it.MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
    rendered = md.render(plain(text)).strip().replace(WORD_JOINER, "")
    assert rendered == "<p>" + html.escape(text.replace("\n", " "), quote=False) + "</p>"


def test_messages_quoting_hostile_headers_render_plainly():
    header = HEADER + ",[x](https://evil.example)"
    df, messages = read(f"{header}\n{ROW_DEU},1\n")
    assert df is None and messages[0] == "The column '[x](https://evil.example)' is not expected."
    assert "](" not in plain(messages[0]).replace("\\]\\(", "")


def test_long_and_control_character_values_are_shortened_in_messages():
    value = "A" * 100 + "\x1b[31m"
    _df, messages = read(GOOD.replace("FRA", value))
    assert messages[0] == (
        "Row 2, column iso3: '" + "A" * 59 + "…' is not a three-letter country code "
        "(ISO 3166-1 alpha-3 in capitals, e.g. DEU)."
    )
    _df, messages = read(GOOD.replace("FRA", "F\x1bR"))
    assert "'F\\x1bR'" in messages[0]


# ---------------------------------------------------------------- validator problems in plain words

PROBLEMS = {
    "iso3_pattern": (
        "row 3, column 'iso3': check 'str_matches('^[A-Z]{3}$')' failed (value: 'xx')",
        "Row 3, column iso3: 'xx' is not a three-letter country code (ISO 3166-1 alpha-3 in capitals, e.g. DEU).",
    ),
    "slug_pattern": (
        "row 1, column 'drug_id': check 'str_matches('^[a-z0-9_]+$')' failed (value: 'Bad Id')",
        "Row 1, column drug_id: 'Bad Id' is not an identifier of lower-case letters, digits and _ only "
        "(e.g. daratumumab).",
    ),
    "full_date": (
        "row 2, column 'as_of': check 'str_matches('^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$')' "
        "failed (value: '24/11/2026')",
        "Row 2, column as_of: '24/11/2026' is not a date written as YYYY-MM-DD (e.g. 2026-11-24).",
    ),
    "partial_date": (
        "row 1, column 'date': check 'str_matches('^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$')"
        "' failed (value: '2020-13')",
        "Row 1, column date: '2020-13' is not a date written as YYYY, YYYY-MM or YYYY-MM-DD.",
    ),
    "currency": (
        "row 1, column 'currency': check 'str_matches('^[A-Z]{3}$')' failed (value: '€')",
        "Row 1, column currency: '€' is not a three-letter currency code (ISO 4217, e.g. EUR).",
    ),
    "url": (
        "row 1, column 'url': check 'str_matches('^(https?://|file:|package:)')' failed (value: 'javascript:x')",
        "Row 1, column url: 'javascript:x' is not a web address starting with http:// or https://.",
    ),
    "isin": (
        "row 1, column 'authorisation': check 'isin(['approved', 'not_approved', 'withdrawn'])' failed "
        "(value: 'maybe')",
        "Row 1, column authorisation: 'maybe' is not one of the allowed values: approved, not_approved, withdrawn.",
    ),
    "not_nullable": (
        "row 3, column 'iso3': check 'not_nullable' failed (value: nan)",
        "Row 3, column iso3 is empty, but a value is required.",
    ),
    "empty_string": (
        "row 4, column 'source_id': check 'str_length(1, None)' failed (value: '')",
        "Row 4, column source_id is empty, but a value is required.",
    ),
    "not_a_number": (
        "row 2, column 'pack_price': check 'coerce_dtype('float64')' failed (value: '1.234,50')",
        "Row 2, column pack_price: '1.234,50' is not a number (use digits and a decimal point, e.g. 1250.50).",
    ),
    "not_whole": (
        "row 1, column 'n_people': check 'coerce_dtype('Int64')' failed (value: 'abc')",
        "Row 1, column n_people: 'abc' is not a whole number.",
    ),
    "negative": (
        "row 1, column 'amount': check 'greater_than_or_equal_to(0)' failed (value: -5.0)",
        "Row 1, column amount: -5 is below 0, which is not allowed.",
    ),
    "unique": (
        "row 2, column 'price_id': check 'field_uniqueness' failed (value: 'p1')",
        "Row 2, column price_id: 'p1' appears in more than one row; this value must be unique.",
    ),
    "extra_column": (
        "table, column 'imwg_members': check 'column_in_schema' failed (value: 'colour')",
        "The column 'colour' is not expected in this file.",
    ),
    "missing_column": (
        "table, column 'imwg_members': check 'column_in_dataframe' failed (value: 'as_of')",
        "The file has no column as_of (it is required, even if empty).",
    ),
    "markup_value": (
        "row 1, column 'iso3': check 'str_matches('^[A-Z]{3}$')' failed (value: '[x](http://e)')",
        "Row 1, column iso3: '[x](http://e)' is not a three-letter country code (ISO 3166-1 alpha-3 in "
        "capitals, e.g. DEU).",
    ),
    "free_text_passes_through": ("country codes not on the map: XKX", "Country codes not on the map: XKX"),
}


@pytest.mark.parametrize("problem, sentence", PROBLEMS.values(), ids=PROBLEMS.keys())
def test_validator_problem_in_plain_words(problem, sentence):
    assert plain_problem(problem) == sentence
    assert "check '" not in sentence and "failed (value" not in sentence


def test_table_level_type_errors_are_dropped():
    assert (
        plain_problem(
            "table, column 'amount': check 'greater_than_or_equal_to(0)' failed "
            "(value: 'TypeError(\"Invalid comparison between dtype=str and int\")')"
        )
        is None
    )


def test_real_validation_errors_become_plain_sorted_sentences():
    bad = f"{HEADER}\nAna,DEU,,imwg_2024,roster,imwg_site,2024-01-01\nBob,FRA,,Bad Roster,guess,imwg_site,yesterday\n"
    df, _ = read(bad)
    with pytest.raises(DataError) as exc:
        validate_frame("imwg_members", df)
    sentences = plain_problems(exc.value.problems)
    assert sentences == [
        "Row 2, column roster: 'Bad Roster' is not an identifier of lower-case letters, digits and _ only "
        "(e.g. daratumumab).",
        "Row 2, column evidence: 'guess' is not one of the allowed values: roster, author_affiliation, "
        "official_roster.",
        "Row 2, column as_of: 'yesterday' is not a date written as YYYY-MM-DD (e.g. 2026-11-24).",
    ]


# ---------------------------------------------------------------- exports

CELLS = {
    "equals": ("=1+1", "'=1+1"),
    "hyperlink": ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    "plus": ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    "minus_formula": ("-1+1", "'-1+1"),
    "minus_number_as_text": ("-5", "'-5"),
    "at": ("@SUM(A1)", "'@SUM(A1)"),
    "tab": ("\t=1", "'\t=1"),
    "carriage_return": ("\r=1", "'\r=1"),
    "plain_text": ("Germany", "Germany"),
    "equals_inside": ("a=b", "a=b"),
    "empty": ("", ""),
    "float": (-1.5, -1.5),
    "int": (-3, -3),
    "none": (None, None),
}


@pytest.mark.parametrize("value, expected", CELLS.values(), ids=CELLS.keys())
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


VIEW = {
    "drug": "Lenalidomide (R)",
    "situation": "1-3 prior lines",
    "threshold": 3,
    "scope": "=all",
    "data date": "2026-11-20",
    "app URL": "http://127.0.0.1:8501/?drug=lenalidomide",
}


def test_safe_csv_bom_numbers_view_and_neutralised_cells():
    df = pd.DataFrame({"name": ["=evil()", "Germany"], "price": [-12.5, 3.0], "count": [1, -2], "@col": ["x", None]})
    raw = safe_csv(df, VIEW)
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    assert list(back.columns) == [
        "name",
        "price",
        "count",
        "'@col",
        "view_drug",
        "view_situation",
        "view_threshold",
        "view_scope",
        "view_data_date",
        "view_app_url",
    ]
    assert back["name"].tolist() == ["'=evil()", "Germany"]
    assert back["price"].tolist() == [-12.5, 3.0] and back["count"].tolist() == [1, -2]  # numbers stay numbers
    assert back["view_scope"].tolist() == ["'=all", "'=all"]  # view values are neutralised too
    assert back["view_threshold"].tolist() == [3, 3]
    assert back["view_drug"].iloc[0] == "Lenalidomide (R)"


def test_safe_csv_round_trips_quotes_newlines_and_unicode():
    df = pd.DataFrame({"note": ['He said "no",\nthen left', "Αννα 李娜 €"]})
    back = pd.read_csv(io.BytesIO(safe_csv(df)), encoding="utf-8-sig")
    assert back["note"].tolist() == df["note"].tolist()


def test_safe_csv_empty_table_keeps_header_and_view_columns():
    raw = safe_csv(pd.DataFrame({"iso3": pd.Series(dtype="str")}), {"drug": "x"})
    assert raw == codecs.BOM_UTF8 + b"iso3,view_drug\r\n"


def test_safe_frame_does_not_change_the_input():
    df = pd.DataFrame({"a": ["=x"]})
    safe_frame(df, {"drug": "y"})
    assert df.columns.tolist() == ["a"] and df["a"].iloc[0] == "=x"


def test_view_key_clash_is_an_error():
    with pytest.raises(ValueError):
        safe_csv(pd.DataFrame({"view_drug": ["x"]}), {"drug": "y"})
    with pytest.raises(ValueError):
        view_columns({"Data date": 1, "data-date": 2})
