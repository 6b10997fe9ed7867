"""Read a CSV file a user uploads, with plain-language messages (no Streamlit here).

:func:`read_user_csv` turns the uploaded bytes into a DataFrame of strings (empty cell ->
missing, as :func:`myeloma_access.loaders.read_csv` does), or explains in plain words why
it cannot: too large, empty, header only, not text (binary, an Excel workbook), not UTF-8
(Latin-1/Windows "ANSI", UTF-16) with a hint to save as "CSV UTF-8", missing, unexpected
or repeated columns, rows with too many or too few values, unknown country codes and exact
duplicate rows. Every message names the row and column it is about. Rows are counted
from the first row below the header (row 1), as :func:`loaders.describe_schema_errors`
counts them.

Accepted as they are: a UTF-8 byte-order mark, ``;``- or tab-separated files (detected
from the header), Windows line ends, and cells that start with ``=``, ``+``, ``-`` or ``@``
(kept as data; :mod:`myeloma_access.exports` neutralises them in every download) or that
contain HTML or Markdown (kept as plain text).

:func:`plain_problems` turns the validator's problem strings (``DataError.problems``) into
the same kind of sentence.

**Display**: messages quote the user's own text (column names, cell values). Show them with
``st.error(plain(msg))`` / ``st.markdown(plain(msg))``, or with ``st.text``/``st.code``
(no escaping needed there), never as raw Markdown: Streamlit renders Markdown, LaTeX and
colour/emoji syntax in ``st.error``, ``st.warning``, ``st.info`` and ``st.success``.
"""

from __future__ import annotations

import ast
import csv
import difflib
import io
import re
from collections.abc import Collection, Iterable, Sequence

import pandas as pd

MAX_BYTES = 2 * 1024 * 1024  # "2 MB", as Streamlit counts server.maxUploadSize (MiB)
MAX_ROWS = 5000
MAX_CELL = 131_072  # characters in one cell (the csv module's default field limit)
MAX_MESSAGES = 20  # problems listed in full; the rest are counted
ISO3_RE = re.compile(r"^[A-Z]{3}$")
SAVE_AS_UTF8 = (
    "Save it as UTF-8 text and upload it again: in Excel choose File > Save As > "
    "'CSV UTF-8 (Comma delimited) (*.csv)'; in LibreOffice choose 'Text CSV', then "
    "Character set 'Unicode (UTF-8)'."
)
ROWS_COUNTED = "Rows are counted from the first row below the header."

WORD_JOINER = "\u2060"
# the last character of each match gets a word joiner in front of it: ':/' -> ':<WJ>/', 'www.' -> 'www<WJ>.', 'a@' -> 'a<WJ>@'
_AUTOLINK_BREAK = re.compile(r"(?i):/|www\.|.@")
_MD_SPECIAL = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


# ---------------------------------------------------------------- display helpers


def plain(text: object) -> str:
    """``text`` escaped so Markdown renders it literally (for st.markdown, st.error, ...).

    Every ASCII punctuation character gets a backslash (CommonMark allows escaping any of
    them, and the escape is invisible when rendered), so no link, image, emphasis, heading,
    list, table, code, HTML tag, autolink or ``$...$`` LaTeX can form. Newlines become
    spaces so user text cannot start a block of its own. Example: ``[x](http://e)`` becomes
    ``\\[x\\]\\(http\\:\\/\\/e\\)``, which Markdown shows as ``[x](http://e)``.

    Escapes do not stop GFM *autolink literals*: Streamlit (remark-gfm) links bare
    ``https://...``, ``www.…`` and ``name@host.tld`` by searching the text *after* escapes
    are resolved (checked in Chromium). So an invisible WORD JOINER (U+2060) is put inside
    ``://``, after ``www`` and before ``@``; the text looks the same but is never a link.
    """
    text = "" if text is None else str(text)
    text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    text = _AUTOLINK_BREAK.sub(lambda m: m.group(0)[:-1] + WORD_JOINER + m.group(0)[-1], text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def shown(value: object, limit: int = 60) -> str:
    """A user's value quoted for a message: control characters made visible, long text cut."""
    text = "" if value is None else str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _size(n: int) -> str:
    mib = n / (1024 * 1024)
    if mib >= 1:
        return f"{mib:.1f} MB".replace(".0 MB", " MB")
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def _list(names: Iterable[str]) -> str:
    return ", ".join(names)


def _cap(messages: list[str], limit: int = MAX_MESSAGES) -> list[str]:
    if len(messages) <= limit:
        return messages
    return messages[:limit] + [f"… and {len(messages) - limit} more problems like these."]


# ---------------------------------------------------------------- decoding


def _decode(data: bytes) -> tuple[str | None, list[str]]:
    """The file's text, or None and why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(data) >= 4
        and b"\x00" in data[:4]
        and (data[1:2] == b"\x00" or data[0:1] == b"\x00")
        and data.count(b"\x00") * 3 >= len(data)
    ):
        return None, ["The file is saved as UTF-16 (Excel's 'Unicode Text'), not as UTF-8. " + SAVE_AS_UTF8]
    if data.startswith(b"PK\x03\x04"):
        return None, ["This is an Excel workbook or another zip file, not a CSV text file. " + SAVE_AS_UTF8]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return None, ["This is an old Excel (.xls) workbook, not a CSV text file. " + SAVE_AS_UTF8]
    if b"\x00" in data:
        return None, [
            "This is not a text file (it contains binary data), so it cannot be read as CSV. "
            "Upload a CSV file saved as UTF-8 text."
        ]
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        bad = body[exc.start : exc.start + 1]
        guess = bad.decode("cp1252", errors="replace")
        where = "the header (line 1)" if line == 1 else f"row {line - 1}"
        return None, [
            f"The file is not UTF-8 text: {where} has a character that looks like {shown(guess)} "
            "in the Latin-1/Windows ('ANSI') encoding. " + SAVE_AS_UTF8
        ]


def _delimiter(header_line: str, expected: Sequence[str]) -> str:
    """The separator that best splits the header into the expected column names."""
    best, best_score = ",", (-1, -1)
    want = {c.lower() for c in expected}
    for sep in (",", ";", "\t", "|"):
        cells = [c.strip().strip('"').lower() for c in header_line.split(sep)]
        score = (sum(c in want for c in cells), len(cells))
        if score > best_score:
            best, best_score = sep, score
    return best


# ---------------------------------------------------------------- reading


def read_user_csv(
    data: bytes,
    filename: str = "upload.csv",
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    required_columns: Sequence[str],
    optional_columns: Sequence[str] = (),
    valid_codes: Collection[str] | None = None,
    code_column: str = "iso3",
) -> tuple[pd.DataFrame | None, list[str]]:
    """Read an uploaded CSV; ``(frame, notes)`` if usable, else ``(None, problems)``.

    ``required_columns`` must all be present (empty cells are allowed; the schema decides
    which may be empty), ``optional_columns`` may be, and any other column is a problem.
    With ``valid_codes``, every value of ``code_column`` must be one of them. The frame
    has exactly the file's columns, all strings, empty cells as missing values. Messages
    quote user text: display them with :func:`plain` (see the module docstring).
    """
    name = filename or "the file"
    if len(data) > max_bytes:
        return None, [
            f"The file {shown(name)} is {_size(len(data))}; the limit is {_size(max_bytes)} "
            f"and {max_rows:,} rows. Split it into smaller files."
        ]
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, ["The file is empty. Upload a CSV file with a header row and at least one data row."]
    text, problems = _decode(data)
    if text is None:
        return None, problems

    notes: list[str] = []
    expected = list(required_columns) + [c for c in optional_columns if c not in required_columns]
    first_line = next((line for line in text.split("\n") if line.strip()), "")  # blank lines above the header
    sep = _delimiter(first_line, expected)
    if sep != ",":
        label = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}[sep]
        notes.append(f"The file uses {label} between columns instead of commas; it was read that way.")

    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False) if r]
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            return None, ['The file could not be read as CSV. Check the quotes (") in it.']
        rows = None
    # Our own cell limit: csv.field_size_limit() is process-wide state another library may raise.
    if rows is None or any(len(cell) > MAX_CELL for r in rows for cell in r):
        return None, [
            f"A cell is longer than {MAX_CELL:,} characters, so the file was not read. "
            'Check for a quote (") that is opened but never closed.'
        ]
    rows = rows[next((i for i, r in enumerate(rows) if any(cell.strip() for cell in r)), len(rows)) :]
    if not rows:
        return None, ["The file is empty. Upload a CSV file with a header row and at least one data row."]

    header = [h.strip() for h in rows[0]]
    body = [r for r in rows[1:] if any(cell.strip() for cell in r)]

    # -- columns
    col_problems: list[str] = []
    seen: set[str] = set()
    for h in header:
        if h in seen:
            col_problems.append(f"The column {shown(h)} appears more than once in the header.")
        seen.add(h)
    if any(h == "" for h in header):
        col_problems.append(
            f"The header has a column without a name. Every column needs one of the names: {_list(expected)}."
        )
    missing = [c for c in required_columns if c not in seen]
    extra = [h for h in dict.fromkeys(header) if h and h not in expected]
    for h in extra:
        hint = difflib.get_close_matches(h.lower(), [c.lower() for c in expected], n=1, cutoff=0.75)
        near = [c for c in expected if hint and c.lower() == hint[0]]
        col_problems.append(
            f"The column {shown(h)} is not expected"
            + (f"; did you mean {shown(near[0])}?" if near and near[0] in missing else ".")
        )
    if missing:
        col_problems.append(
            f"The file has no column{'s' if len(missing) > 1 else ''} {_list(missing)}"
            f" ({'they are' if len(missing) > 1 else 'it is'} required, even if empty)."
        )
    if col_problems:
        return None, col_problems + [f"The expected columns are: {_list(expected)}."]

    if not body:
        return None, ["The file has a header row but no data rows."]
    if len(body) > max_rows:
        return None, [f"The file has {len(body):,} rows; the limit is {max_rows:,} rows. Split it into smaller files."]

    # -- rows
    problems = []
    for i, r in enumerate(body, start=1):
        if len(r) != len(header) and not (len(r) > len(header) and not any(c.strip() for c in r[len(header) :])):
            problems.append(
                f"Row {i} has {len(r)} values but the header has {len(header)} columns. "
                "Check for a missing separator or an unquoted comma in a cell."
            )
    if problems:
        return None, _cap(problems) + [ROWS_COUNTED]

    frame = pd.DataFrame([(r + [""] * len(header))[: len(header)] for r in body], columns=header, dtype=object)
    frame = frame.replace({"": None})
    frame = frame.astype("str").where(frame.notna(), None) if len(frame) else frame

    if valid_codes is not None and code_column in frame.columns:
        valid = set(valid_codes)
        for i, code in enumerate(frame[code_column].tolist(), start=1):
            if code is None or code in valid:
                continue
            if not ISO3_RE.match(code):
                problems.append(
                    f"Row {i}, column {code_column}: {shown(code)} is not a three-letter country code "
                    "(ISO 3166-1 alpha-3 in capitals, e.g. DEU)."
                )
            else:
                problems.append(f"Row {i}, column {code_column}: {shown(code)} is not a country code the map knows.")

    first_seen: dict[tuple, int] = {}
    for i, key in enumerate(map(tuple, frame.itertuples(index=False, name=None)), start=1):
        if key in first_seen:
            problems.append(f"Row {i} repeats row {first_seen[key]} exactly. Remove one of them.")
        else:
            first_seen[key] = i
    if problems:
        return None, _cap(problems) + [ROWS_COUNTED]

    formula = [
        (i, col)
        for col in frame.columns
        for i, v in enumerate(frame[col].tolist(), start=1)
        if (isinstance(v, str) and v.startswith(("=", "+", "@", "\t", "\r")))
        or (isinstance(v, str) and v.startswith("-") and not _is_number(v))
    ]
    if formula:
        where = "; ".join(f"row {i}, column {c}" for i, c in formula[:5]) + (" …" if len(formula) > 5 else "")
        notes.append(
            f"{len(formula)} cell{'s' if len(formula) > 1 else ''} start{'' if len(formula) > 1 else 's'} like a "
            f"spreadsheet formula ({where}). {'They are' if len(formula) > 1 else 'It is'} kept as text; "
            "downloads put an apostrophe (') in front so spreadsheets do not run them."
        )
    return frame, notes


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- validator problems

_PROBLEM = re.compile(
    r"^(?:row (?P<row>\d+)|table), (?:column '(?P<col>.*?)'|columns): "
    r"check '(?P<check>.*)' failed \(value: (?P<value>.*)\)$",
    re.S,
)
FULL_DATE_HINT = "a date written as YYYY-MM-DD (e.g. 2026-11-24)"
PATTERN_HINTS = {
    r"^[A-Z]{3}$": "a three-letter country code (ISO 3166-1 alpha-3 in capitals, e.g. DEU)",
    r"^[a-z0-9_]+$": "an identifier of lower-case letters, digits and _ only (e.g. daratumumab)",
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$": FULL_DATE_HINT,
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$": "a date written as YYYY, YYYY-MM or YYYY-MM-DD",
    r"^(https?://|file:|package:)": "a web address starting with http:// or https://",
    r"^(\d+\+?|\d+-\d+)$": "a number of prior lines such as 1, 2+ or 1-3",
}
COLUMN_HINTS = {"currency": "a three-letter currency code (ISO 4217, e.g. EUR)"}


def _value(text: str):
    text = text.strip()
    if text in ("nan", "None", "<NA>", "NaT"):
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _fmt_num(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def plain_problem(problem: str) -> str | None:
    """One validator problem as a plain sentence (None if it only repeats another problem)."""
    m = _PROBLEM.match(problem)
    if not m:
        return problem[:1].upper() + problem[1:]
    row, col, check, value = m["row"], m["col"], m["check"], _value(m["value"])
    where = f"Row {row}, column {col}" if row and col else (f"Row {row}" if row else None)
    quoted = shown(value)
    if check == "column_in_schema":
        return f"The column {shown(value)} is not expected in this file."
    if check == "column_in_dataframe":
        return f"The file has no column {value} (it is required, even if empty)."
    if not row:
        if isinstance(value, str) and value.startswith(("TypeError", "ValueError")):
            return None  # follows from a cell that is not a number, reported per row
        return f"Column {col}: {quoted} is not accepted." if col else f"The table: {quoted} is not accepted."
    if check in ("not_nullable", "str_length(1, None)") or (value in (None, "") and check.startswith("str_")):
        return f"{where} is empty, but a value is required."
    if check.startswith("str_matches("):
        pattern = _value(check[len("str_matches(") : -1])
        hint = COLUMN_HINTS.get(col) or PATTERN_HINTS.get(pattern)
        return f"{where}: {quoted} is not {hint}." if hint else f"{where}: {quoted} does not have the expected form."
    if check.startswith("isin("):
        allowed = _value(check[len("isin(") : -1])
        allowed = _list(str(a) for a in allowed) if isinstance(allowed, list) else str(allowed)
        return f"{where}: {quoted} is not one of the allowed values: {allowed}."
    if check.startswith(("coerce_dtype(", "dtype(")):
        if "int" in check.lower():
            return f"{where}: {quoted} is not a whole number."
        if "float" in check:
            return f"{where}: {quoted} is not a number (use digits and a decimal point, e.g. 1250.50)."
        return f"{where}: {quoted} has the wrong type."
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        what = "this value" if check == "field_uniqueness" else "this combination of values"
        return f"{where}: {quoted} appears in more than one row; {what} must be unique."
    m2 = re.match(r"(greater_than_or_equal_to|greater_than|less_than_or_equal_to|less_than)\((.*)\)$", check)
    if m2:
        limit = m2[2]
        words = {
            "greater_than_or_equal_to": f"below {limit}",
            "greater_than": f"not above {limit}",
            "less_than_or_equal_to": f"above {limit}",
            "less_than": f"not below {limit}",
        }[m2[1]]
        shown_value = _fmt_num(value) if isinstance(value, (int, float)) else quoted
        return f"{where}: {shown_value} is {words}, which is not allowed."
    if check.startswith("str_length("):
        return f"{where}: {quoted} has the wrong length."
    return f"{where}: {quoted} is not accepted."


def plain_problems(problems: Iterable[str], limit: int = MAX_MESSAGES) -> list[str]:
    """``DataError.problems`` as plain sentences: repeats dropped, at most ``limit`` listed.

    >>> plain_problems(["row 3, column 'iso3': check 'str_matches('^[A-Z]{3}$')' failed (value: 'xx')"])
    ["Row 3, column iso3: 'xx' is not a three-letter country code (ISO 3166-1 alpha-3 in capitals, e.g. DEU)."]
    """
    out: list[str] = []
    order: list[tuple[int, int]] = []
    for n, p in enumerate(problems):
        sentence = plain_problem(p)
        if sentence and sentence not in out:
            out.append(sentence)
            m = _PROBLEM.match(p)
            order.append((int(m["row"]) if m and m["row"] else 0, n))  # whole-file problems first, then by row
    out = [s for _, s in sorted(zip(order, out))]
    return _cap(out, limit)


__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "plain",
    "plain_problem",
    "plain_problems",
    "read_user_csv",
    "shown",
]
