"""Cached access to the access model for the pages.

One :class:`~myeloma_access.model.AccessModel` per server process (``st.cache_resource``);
derived views the pages redraw often are cached per argument tuple (``st.cache_data``).
No rule lives here: every derivation is a model method. No page reads CSV files.
"""

from __future__ import annotations

import gc

import pandas as pd
import streamlit as st

from myeloma_access.finder import Situation
from myeloma_access.loaders import load_dataset
from myeloma_access.model import AccessModel


@st.cache_resource(show_spinner=False)
def model() -> AccessModel:
    """The validated dataset and everything derived from it (read-only; data/ is never written)."""
    m = AccessModel(load_dataset())
    _ = m.countries, m.statuses_by_country, m.eml_by_country  # build the shared parts once
    # Streamlit runs a full garbage collection after every script run; objects that live for
    # the whole process (the model, pandas, plotly) are moved out of its reach once.
    gc.collect()
    gc.freeze()
    return m


def country_name(iso3: str) -> str:
    """Display name of a country code (format_func for ~240 options per rerun)."""
    return model().country_name(iso3) if iso3 else ""


@st.cache_data(show_spinner=False, max_entries=256)
def map_table(option: str, year: int | None = None) -> pd.DataFrame:
    return model().map_table(option, year)


@st.cache_data(show_spinner=False, max_entries=256)
def find_regimens(iso3: str, situation: Situation, threshold: str, scope: str, assumed: frozenset) -> pd.DataFrame:
    return model().find_regimens(iso3, situation, threshold, scope, assumed)


@st.cache_data(show_spinner=False, max_entries=128)
def usable_counts(situation: Situation, threshold: str, scope: str, assumed: frozenset) -> pd.DataFrame:
    return model().usable_counts(situation, threshold, scope, assumed)


@st.cache_data(show_spinner=False, max_entries=256)
def unlock_ranking(iso3s: tuple, situation: Situation, threshold: str, scope: str, assumed: frozenset) -> pd.DataFrame:
    return model().unlock_ranking(iso3s, situation, threshold, scope, assumed)


def imwg_members() -> pd.DataFrame:
    """The IMWG roster in use: a user-uploaded one (this session only) or the shipped one."""
    uploaded = st.session_state.get("imwg_upload")
    return uploaded if uploaded is not None else model().ds.imwg_members


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
    """The map table joined to the country shapes (geopandas), as GeoJSON text."""
    return model().map_geodataframe(table).to_json(drop_id=True)
