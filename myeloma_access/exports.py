"""Safe CSV exports: formula-injection neutralised, UTF-8 with BOM, the view recorded.

Every CSV the app offers for download goes through :func:`safe_csv` (no Streamlit here).

Formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so a citation such as
``=HYPERLINK("http://evil","click")`` or an uploaded ``-1+1`` would run when the file is
opened. Following OWASP, such **string** cells (and column names) get a single quote
``'`` in front; the quote shows in the cell, and the rest of the text is kept unchanged.
Columns with a numeric dtype are written as numbers and are not touched: a negative
number written by pandas (``-5.0``) is a number to a spreadsheet, not a formula. A number
kept as *text* (``"-5"`` in a string column) is quoted like any other string; convert the
column to a number before export if it should stay numeric.

The view: the settings that produced the table (drug, situation, threshold, scope, data
date, app URL ...) are appended as extra columns ``view_<key>``, repeated on every row.
This keeps the file one rectangular table, so it opens cleanly in Excel and LibreOffice
and reads back with ``pandas.read_csv`` (no comment lines or second block to skip), and
each row still carries its context when rows are copied elsewhere. A table with no rows
has the ``view_*`` columns in its header only.

Encoding: UTF-8 with a byte-order mark (Excel on Windows otherwise guesses the ANSI code
page), fields quoted only when needed, ``\\r\\n`` line ends (RFC 4180).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

#: OWASP: cells starting with these are interpreted as formulas by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Prefix of the columns that record the view an export came from.
VIEW_PREFIX = "view_"


def safe_cell(value):
    """``value`` with a leading ``'`` if it is a string a spreadsheet would run as a formula.

    Non-strings (numbers, missing values, dates) are returned unchanged.

    >>> safe_cell("=1+1"), safe_cell("-1+1"), safe_cell("Germany"), safe_cell(-1.5)
    ("'=1+1", "'-1+1", 'Germany', -1.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _view_key(key: str) -> str:
    slug = re.sub(r"[^0-9a-z]+", "_", str(key).strip().lower()).strip("_")
    if not slug:
        raise ValueError(f"view key {key!r} has no letters or digits")
    return VIEW_PREFIX + slug


def view_columns(view: Mapping[str, object] | None) -> dict[str, object]:
    """``{"drug": "Lenalidomide"}`` -> ``{"view_drug": "Lenalidomide"}`` (order kept; None -> empty)."""
    out: dict[str, object] = {}
    for key, value in (view or {}).items():
        col = _view_key(key)
        if col in out:
            raise ValueError(f"view keys {key!r} and another key both become column {col!r}")
        out[col] = "" if value is None else value
    return out


def safe_frame(df: pd.DataFrame, view: Mapping[str, object] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with the view columns appended and every string cell and column name neutralised."""
    out = df.copy()
    extra = view_columns(view)
    clash = [c for c in extra if c in out.columns]
    if clash:
        raise ValueError(f"the table already has column(s) {clash}; rename them or the view keys")
    for col, value in extra.items():
        out[col] = pd.Series([value] * len(out), index=out.index, dtype=object)
    for col in out.columns:
        if not (
            pd.api.types.is_numeric_dtype(out[col])
            or pd.api.types.is_bool_dtype(out[col])
            or pd.api.types.is_datetime64_any_dtype(out[col])
        ):
            out[col] = out[col].astype(object).map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def safe_csv(df: pd.DataFrame, view: Mapping[str, object] | None = None) -> bytes:
    """The CSV bytes to offer for download: neutralised cells, ``view_*`` columns, UTF-8 with BOM.

    ``view`` holds what produced the table, e.g. ``{"drug": "Lenalidomide (R)", "situation":
    "1-3 prior lines", "threshold": ..., "scope": "all countries", "data_date": "2026-11-20",
    "app_url": "https://.../?drug=lenalidomide"}``. Missing values are written as empty cells.
    """
    return safe_frame(df, view).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


__all__ = ["FORMULA_PREFIXES", "VIEW_PREFIX", "safe_cell", "safe_csv", "safe_frame", "view_columns"]
