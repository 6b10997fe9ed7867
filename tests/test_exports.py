"""Exact outputs of myeloma_access.exports that tests/test_hostile_inputs.py does not pin
(written against mutmut survivors: messages, None view values, index alignment, dtypes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from myeloma_access.exports import safe_csv, safe_frame, view_columns


def test_view_key_edges_are_trimmed_of_underscores():
    """'-Data date-' -> lower '-data date-' -> runs of non [0-9a-z] become '_' -> '_data_date_' -> strip '_'."""
    assert view_columns({"-Data date-": 1, "  App URL!! ": "u"}) == {"view_data_date": 1, "view_app_url": "u"}


def test_view_key_without_letters_or_digits_names_the_key():
    with pytest.raises(ValueError, match=r"^view key '\?\?' has no letters or digits$"):
        view_columns({"??": 1})


def test_view_key_clash_message_names_the_key_and_column():
    with pytest.raises(
        ValueError, match=r"^view keys 'data-date' and another key both become column 'view_data_date'$"
    ):
        view_columns({"Data date": 1, "data-date": 2})


def test_view_value_none_becomes_an_empty_cell_and_order_is_kept():
    assert list(view_columns({"b": None, "a": 0}).items()) == [("view_b", ""), ("view_a", 0)]
    assert view_columns(None) == {}


def test_safe_frame_clash_message():
    with pytest.raises(
        ValueError,
        match=r"^the table already has column\(s\) \['view_drug'\]; rename them or the "
        r"view keys$",
    ):
        safe_frame(pd.DataFrame({"view_drug": ["x"]}), {"drug": "y"})


def test_safe_frame_view_columns_follow_a_non_default_index():
    """Rows indexed 5 and 7 (a filtered table): the view value is on both, not NaN from misalignment."""
    df = pd.DataFrame({"iso3": ["GBR", "IND"]}, index=[5, 7])
    out = safe_frame(df, {"drug": "=x", "threshold": 3})
    assert out.index.tolist() == [5, 7]
    assert out["view_drug"].tolist() == ["'=x", "'=x"]
    assert out["view_threshold"].tolist() == [3, 3]


def test_safe_frame_keeps_numeric_bool_and_datetime_dtypes():
    """Numbers, booleans and dates are left as they are (dtype unchanged); strings are neutralised."""
    df = pd.DataFrame(
        {
            "n": [-1, 2],
            "x": [-1.5, 2.0],
            "b": [True, False],
            "d": pd.to_datetime(["2026-11-24", "2025-01-01"]),
            "s": ["-1", "ok"],
        }
    )
    out = safe_frame(df)
    assert [str(t) for t in out.dtypes[:3]] == ["int64", "float64", "bool"]
    assert pd.api.types.is_datetime64_any_dtype(out["d"])  # not turned into an object column of Timestamps
    assert out["n"].tolist() == [-1, 2] and out["x"].tolist() == [-1.5, 2.0]
    assert out["s"].tolist() == ["'-1", "ok"]
    assert out.columns.tolist() == ["n", "x", "b", "d", "s"]


def test_safe_csv_writes_a_float32_column_as_its_own_digits():
    """A float32 0.1 is written '0.1' (not re-typed to float64, which would write 0.10000000149011612)."""
    df = pd.DataFrame({"share": np.array([0.1, 2.5], dtype="float32")})
    assert safe_csv(df) == "\ufeffshare\r\n0.1\r\n2.5\r\n".encode()


def test_safe_frame_keeps_nullable_integer_and_boolean_columns():
    """Int64 and boolean with a missing value (as the roster's n_people) keep their dtype and <NA>."""
    df = pd.DataFrame(
        {"n_people": pd.array([12, None], dtype="Int64"), "core": pd.array([True, None], dtype="boolean")}
    )
    out = safe_frame(df)
    assert [str(t) for t in out.dtypes] == ["Int64", "boolean"]
    assert out["n_people"].tolist() == [12, pd.NA] and out["core"].tolist() == [True, pd.NA]
    assert safe_csv(df) == "\ufeffn_people,core\r\n12,True\r\n,\r\n".encode()


def test_safe_frame_of_an_empty_table_keeps_its_date_column_a_date_column():
    df = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "iso3": pd.Series([], dtype=object)})
    out = safe_frame(df, {"drug": "x"})
    assert out.columns.tolist() == ["date", "iso3", "view_drug"]
    assert str(out.dtypes["date"]) == "datetime64[ns]"
    assert safe_csv(df, {"drug": "x"}) == "\ufeffdate,iso3,view_drug\r\n".encode()
