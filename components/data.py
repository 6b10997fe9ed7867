"""Cached access to the access model for the pages.

One :class:`~myeloma_access.model.AccessModel` per server process (``st.cache_resource``);
derived views the pages redraw often are cached per argument tuple (``st.cache_data``).
No rule lives here: every derivation is a model method. No page reads CSV files.
"""

from __future__ import annotations

import gc
import hashlib

import pandas as pd
import streamlit as st

from myeloma_access import userdata
from myeloma_access.finder import Situation
from myeloma_access.loaders import load_dataset
from myeloma_access.model import AccessModel

SHIPPED = "shipped"


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


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def _user_model(version: str, _frames: dict) -> AccessModel:
    """The shipped data overlaid with one user's uploads (keyed by their content hash)."""
    base = shipped_model()
    m = AccessModel(userdata.overlay(base.ds, _frames, base.today), today=base.today)
    _ = m.countries, m.statuses_by_country, m.eml_by_country
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
    """Add, replace (frame) or remove (None) one kind of the user's data for this session."""
    frames = dict(user_frames())
    if frame is None:
        frames.pop(kind, None)
    else:
        frames[kind] = frame
    st.session_state["user_frames"] = frames
    st.session_state["user_data_version"] = _hash_frames(frames) if frames else SHIPPED


def model() -> AccessModel:
    """The model this session sees: the shipped one, or the shipped one overlaid with its uploads."""
    version = data_version()
    return shipped_model() if version == SHIPPED else _user_model(version, user_frames())


def country_name(iso3: str) -> str:
    """Display name of a country code (format_func for ~240 options per rerun)."""
    return model().country_name(iso3) if iso3 else ""


# Derived views, cached per data version (shipped, or one session's uploads) and arguments.
@st.cache_data(show_spinner=False, max_entries=256)
def _map_table(version: str, option: str, year: int | None) -> pd.DataFrame:
    return model().map_table(option, year)


def map_table(option: str, year: int | None = None) -> pd.DataFrame:
    return _map_table(data_version(), option, year)


@st.cache_data(show_spinner=False, max_entries=256)
def _find_regimens(version, iso3, situation, threshold, scope, assumed) -> pd.DataFrame:
    return model().find_regimens(iso3, situation, threshold, scope, assumed)


def find_regimens(iso3: str, situation: Situation, threshold: str, scope: str, assumed: frozenset) -> pd.DataFrame:
    return _find_regimens(data_version(), iso3, situation, threshold, scope, assumed)


@st.cache_data(show_spinner=False, max_entries=128)
def _usable_counts(version, situation, threshold, scope, assumed) -> pd.DataFrame:
    return model().usable_counts(situation, threshold, scope, assumed)


def usable_counts(situation: Situation, threshold: str, scope: str, assumed: frozenset) -> pd.DataFrame:
    return _usable_counts(data_version(), situation, threshold, scope, assumed)


@st.cache_data(show_spinner=False, max_entries=256)
def _unlock_ranking(version, iso3s, situation, threshold, scope, assumed) -> pd.DataFrame:
    return model().unlock_ranking(iso3s, situation, threshold, scope, assumed)


def unlock_ranking(iso3s: tuple, situation: Situation, threshold: str, scope: str, assumed: frozenset) -> pd.DataFrame:
    return _unlock_ranking(data_version(), iso3s, situation, threshold, scope, assumed)


def imwg_members() -> pd.DataFrame:
    """The IMWG roster in use: a user-uploaded one (this session only) or the shipped one."""
    return model().ds.imwg_members


@st.cache_data(show_spinner=False)
def count_members(members: pd.DataFrame) -> pd.DataFrame:
    """Distinct people (name + country) per country, with the country's label point."""
    if members.empty:
        return pd.DataFrame(columns=["iso3", "members", "name", "lon", "lat"])
    counts = members.drop_duplicates(["member_name", "iso3"]).groupby("iso3").size().rename("members").reset_index()
    return counts.merge(model().countries[["iso3", "name", "lon", "lat"]], on="iso3")


def imwg_counts() -> pd.DataFrame:
    return count_members(imwg_members())


@st.cache_data(show_spinner=False, max_entries=64)
def map_geojson(table: pd.DataFrame) -> str:
    # The table already carries the view (and the user's marked rows): it is the cache key.
    """The map table joined to the country shapes (geopandas), as GeoJSON text."""
    return model().map_geodataframe(table).to_json(drop_id=True)
