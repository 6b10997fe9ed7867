"""The one place that caches: the access model for this session and every view derived from it.

**The caching rule.** Every cached computation that depends on the data goes through
:func:`per_version`, which keys it by the session's *data version* — ``"shipped"``, or the hash
of this session's uploads. Shipped-data results live in ``st.cache_data`` (the same for every
session); results computed over a session's uploads live in that session's own memo and die with
it, so one session can never see another's uploads and memory stays bounded. No other module
calls ``st.cache_data`` or ``st.cache_resource`` (``tests/test_session_isolation.py`` scans for it).
No rule lives here: every derivation is a model method or a function of :mod:`myeloma_access`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from myeloma_access import userdata
from myeloma_access.finder import FinderQuery
from myeloma_access.loaders import load_dataset
from myeloma_access.model import AccessModel

SHIPPED = "shipped"
SESSION_MEMO_ENTRIES = 128  # per session, for views computed over its own uploads

P = ParamSpec("P")
R = TypeVar("R")


@st.cache_resource(show_spinner=False)
def shipped_model() -> AccessModel:
    """The validated dataset and everything derived from it (read-only; data/ is never written)."""
    m = AccessModel(load_dataset())
    _ = m.countries, m.statuses_by_country, m.eml_by_country  # build the shared parts once
    # Streamlit runs a full garbage collection after every script run; objects that live for
    # the whole process (the model, pandas, plotly) are moved out of its reach once.
    gc.collect()
    gc.freeze()
    return m


def user_frames() -> dict[str, pd.DataFrame]:
    """This session's uploads that passed validation: {kind: frame} (never written to disk)."""
    return st.session_state.setdefault("user_frames", {})


def data_version() -> str:
    """'shipped', or a hash of this session's uploads (part of every cache key; computed once per upload)."""
    return st.session_state.get("user_data_version", SHIPPED) if user_frames() else SHIPPED


def _hash_frames(frames: dict[str, pd.DataFrame]) -> str:
    digest = hashlib.sha256()
    for kind in sorted(frames):
        digest.update(kind.encode() + frames[kind].to_csv(index=False).encode())
    return digest.hexdigest()[:16]


def set_user_frame(kind: str, frame: pd.DataFrame | None) -> None:
    """Add, replace (frame) or remove (None) one kind of the user's data for this session.

    The session's overlaid model and its memo of derived views are dropped with the old version,
    so nothing computed over a removed upload outlives it.
    """
    frames = dict(user_frames())
    if frame is None:
        frames.pop(kind, None)
    else:
        frames[kind] = frame
    st.session_state["user_frames"] = frames
    st.session_state["user_data_version"] = _hash_frames(frames) if frames else SHIPPED
    st.session_state.pop("_user_model", None)
    st.session_state.pop("_user_memo", None)


def model() -> AccessModel:
    """The model this session sees: the shipped one, or the shipped one overlaid with its uploads.

    An overlaid model belongs to this session alone (kept in its session state, never in a cache
    shared between sessions) and is built once per upload.
    """
    version = data_version()
    if version == SHIPPED:
        if "_user_model" in st.session_state:  # uploads removed: nothing computed over them is kept
            st.session_state.pop("_user_model", None)
            st.session_state.pop("_user_memo", None)
        return shipped_model()
    held = st.session_state.get("_user_model")
    if held is None or held[0] != version:
        base = shipped_model()
        m = AccessModel(userdata.overlay(base.ds, user_frames(), base.today), today=base.today)
        _ = m.countries, m.statuses_by_country, m.eml_by_country
        held = (version, m)
        st.session_state["_user_model"] = held
    return held[1]


# ---- the caching rule --------------------------------------------------------------------------
_REGISTRY: dict[str, Callable[..., Any]] = {}


@st.cache_data(show_spinner=False, max_entries=2048)
def _shipped_view(name: str, version: str, args: tuple, kwargs: tuple) -> Any:
    """Cache of views over the shipped data, shared by every session (``version`` is always 'shipped')."""
    assert version == SHIPPED, "uploaded data must never reach the shared cache"
    return _REGISTRY[name](shipped_model(), *args, **dict(kwargs))


def _session_memo() -> OrderedDict:
    return st.session_state.setdefault("_user_memo", OrderedDict())


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, pd.DataFrame | pd.Series) else value


def per_version(fn: Callable[Concatenate[AccessModel, P], R]) -> Callable[P, R]:
    """Cache ``fn(model, *args)`` per (data version, function, arguments).

    Arguments must be hashable values (str, int, tuples, frozensets, dataclasses of those, or
    data frames, which Streamlit hashes by content). Shipped data: a shared ``st.cache_data``
    entry. A session's uploads: that session's own bounded memo (dropped with the upload).
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    _REGISTRY[name] = fn

    @functools.wraps(fn)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        version = data_version()
        items = tuple(sorted(kwargs.items()))
        if version == SHIPPED:
            return _shipped_view(name, version, args, items)
        memo = _session_memo()
        key = (version, name, _memo_key(args), _memo_key(items))
        if key in memo:
            memo.move_to_end(key)
        else:
            memo[key] = fn(model(), *args, **kwargs)
            while len(memo) > SESSION_MEMO_ENTRIES:
                memo.popitem(last=False)
        return _copy(memo[key])

    return cached


def _memo_key(values: tuple) -> tuple:
    """A hashable key for a session memo (data frames by content)."""
    return tuple(
        ("frame", pd.util.hash_pandas_object(v, index=True).sum(), tuple(v.columns))
        if isinstance(v, pd.DataFrame)
        else (_memo_key(v) if isinstance(v, tuple) else v)
        for v in values
    )


def user_rows() -> int:
    """How many uploaded rows this session's views include (0 with the shipped data only)."""
    return sum(len(f) for f in user_frames().values()) if data_version() != SHIPPED else 0


def your_data_stamp() -> str:
    """'INCLUDES YOUR DATA: 3 uploaded rows, not from published sources.' on everything that leaves the app
    while uploads are in use (slides, cite lines, CSV, GeoJSON); '' otherwise."""
    n = user_rows()
    return f"INCLUDES YOUR DATA: {n} uploaded row{'s' if n != 1 else ''}, not from published sources." if n else ""


def provenance() -> str:
    """The source line of every chart and slide: 'Source: Myeloma Access Explorer, data as of …' (+ the stamp)."""
    stamp = your_data_stamp()
    return f"Source: Myeloma Access Explorer, data as of {model().latest_as_of}" + (f". {stamp[:-1]}" if stamp else "")


def country_name(iso3: str) -> str:
    """Display name of a country code (format_func for ~240 options per rerun)."""
    return model().country_name(iso3) if iso3 else ""


# ---- derived views (each keyed by the data version through per_version) ------------------------
@per_version
def map_table(m: AccessModel, option: str, year: int | None = None) -> pd.DataFrame:
    return m.map_table(option, year)


@per_version
def find_regimens(m: AccessModel, iso3: str, query: FinderQuery) -> pd.DataFrame:
    return m.find_regimens(iso3, query)


@per_version
def finder_view(m: AccessModel, iso3: str, query: FinderQuery, scope_explicit: bool) -> dict:
    return m.finder_view(iso3, query, scope_explicit)


@per_version
def usable_counts(m: AccessModel, query: FinderQuery) -> pd.DataFrame:
    return m.usable_counts(query)


@per_version
def unlock_ranking(m: AccessModel, iso3s: tuple, query: FinderQuery) -> pd.DataFrame:
    return m.unlock_ranking(iso3s, query)


def imwg_members() -> pd.DataFrame:
    """The IMWG roster in use: a user-uploaded one (this session only) or the shipped one."""
    return model().ds.imwg_members


@per_version
def imwg_counts(m: AccessModel) -> pd.DataFrame:
    """Distinct people (name + country) per country, with the country's label point."""
    return m.imwg_counts()


def map_geojson(table: pd.DataFrame) -> str:
    """The map table joined to the country shapes (geopandas), as GeoJSON text (stamped when uploads are in use)."""
    return _map_geojson(table, your_data_stamp())


@per_version
def _map_geojson(m: AccessModel, table: pd.DataFrame, stamp: str) -> str:
    gdf = m.map_geodataframe(table)
    if stamp:
        gdf["includes_your_data"] = stamp
    return gdf.to_json(drop_id=True)


@per_version
def map_payload(m: AccessModel) -> dict:
    """Everything the access map can show, for the browser (``myeloma_access.map_payload``)."""
    from myeloma_access.map_payload import build_map_payload

    return build_map_payload(m)
