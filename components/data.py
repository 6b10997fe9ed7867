"""Cached access to the evidence base for the pages.

Loading and validation run once per process (``st.cache_resource``); derived views are
cached per argument tuple (``st.cache_data``). No page reads CSV files directly.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from myeloma_access import availability, costs, finder
from myeloma_access.geometry import country_table
from myeloma_access.loaders import Dataset, load_dataset
from myeloma_access.status import NO_DATA

DRUG_GROUP_PREFIX = "group:"


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The validated evidence base (read-only; the app never writes to data/)."""
    return load_dataset()


@st.cache_resource(show_spinner=False)
def facts() -> pd.DataFrame:
    """Every availability fact, one sourced row each."""
    ds = dataset()
    f = availability.build_facts(ds.ema_authorisations, ds.regulatory_events, ds.jurisdiction_members, ds.country_facts)
    return f.merge(ds.sources[["source_id", "citation", "url"]], on="source_id", how="left")


@st.cache_resource(show_spinner=False)
def current() -> pd.DataFrame:
    """Current status per country and drug (the resolution rule applied)."""
    return availability.current_status(facts())


@st.cache_resource(show_spinner=False)
def countries() -> pd.DataFrame:
    """Map countries (geometry) joined with names, WHO region and income group."""
    geo = country_table()
    ds = dataset()
    out = geo.merge(ds.countries.drop(columns=["as_of"]), on="iso3", how="left", suffixes=("_geo", ""))
    out["name"] = out["name"].fillna(out["name_geo"])
    out = out.drop(columns=["name_geo"])
    return out[out["iso3"] != "ATA"].sort_values("name").reset_index(drop=True)


@st.cache_resource(show_spinner=False)
def _country_names() -> dict[str, str]:
    return dict(zip(countries()["iso3"], countries()["name"]))


def country_name(iso3: str) -> str:
    """Display name of a country code (used as format_func for ~240 options per rerun)."""
    return _country_names().get(iso3, iso3)


def drug_options() -> dict[str, str]:
    """Selectable drugs and drug groups: id -> label (groups prefixed 'group:')."""
    drugs = dataset().drugs
    opts = {row.drug_id: row.label for row in drugs.itertuples()}
    for group in sorted(drugs["class_group"].unique()):
        opts[f"{DRUG_GROUP_PREFIX}{group}"] = f"Any of: {group}"
    return opts


def drug_ids_for(option: str) -> list[str]:
    """The drug ids behind a selection (one drug, or every drug of a class group)."""
    if option.startswith(DRUG_GROUP_PREFIX):
        group = option[len(DRUG_GROUP_PREFIX):]
        drugs = dataset().drugs
        return drugs.loc[drugs["class_group"] == group, "drug_id"].tolist()
    return [option]


@st.cache_data(show_spinner=False)
def map_table(option: str) -> pd.DataFrame:
    """What the map shows for a drug (or group): one row per country with source."""
    table = availability.status_for_drugs(current(), drug_ids_for(option), countries()["iso3"])
    table = table.merge(countries()[["iso3", "name", "who_region", "income_group"]], on="iso3", how="left")
    return table


@st.cache_resource(show_spinner=False)
def statuses_by_country() -> dict[str, dict[str, str]]:
    """{iso3: {drug_id: status}} for every mapped country (no fact -> absent). Shared; do not mutate."""
    cur = current()
    out: dict[str, dict[str, str]] = {iso: {} for iso in countries()["iso3"]}
    for row in cur[["iso3", "drug_id", "status"]].itertuples(index=False):
        out.setdefault(row.iso3, {})[row.drug_id] = row.status
    return out


def imwg_members() -> pd.DataFrame:
    """The IMWG roster in use: a user-uploaded one (this session only) or the shipped one."""
    uploaded = st.session_state.get("imwg_upload")
    return uploaded if uploaded is not None else dataset().imwg_members


def imwg_counts() -> pd.DataFrame:
    """Distinct IMWG people per country in the roster in use."""
    return count_members(imwg_members())


@st.cache_data(show_spinner=False)
def count_members(members: pd.DataFrame) -> pd.DataFrame:
    """Distinct people (name + country) per country."""
    if members.empty:
        return pd.DataFrame(columns=["iso3", "members"])
    return members.drop_duplicates(["member_name", "iso3"]).groupby("iso3").size().rename("members").reset_index()


@st.cache_data(show_spinner=False)
def regimen_costs(iso3: str, phase: str = "first") -> dict[str, costs.CycleCost]:
    """Cycle cost of every regimen in one country."""
    ds = dataset()
    return {
        r: costs.cycle_cost(r, iso3, ds.regimen_drugs, ds.regimen_doses, ds.prices, ds.fx_rates, phase)
        for r in ds.regimens["regimen_id"]
    }


def source_lookup() -> dict[str, dict]:
    """source_id -> source row as dict."""
    return {r["source_id"]: r for r in dataset().sources.to_dict("records")}


__all__ = ["NO_DATA", "finder"]


def country_drug_table(iso3: str) -> pd.DataFrame:
    """Every drug's current status in one country (No data where nothing is sourced)."""
    drugs = dataset().drugs[["drug_id", "label", "class_group", "core"]]
    cur = current()
    cur = cur[cur["iso3"] == iso3][["drug_id", "status", "date", "basis", "note", "source_id", "citation", "url", "as_of", "n_facts"]]
    out = drugs.merge(cur, on="drug_id", how="left")
    out["status"] = out["status"].fillna(NO_DATA)
    out["n_facts"] = out["n_facts"].fillna(0).astype(int)
    return out


@st.cache_data(show_spinner=False)
def usable_counts(situation: finder.Situation, threshold: str, guidelines: tuple, assumed: frozenset) -> pd.DataFrame:
    """Per country: recommended regimens usable / unknown / blocked for a situation."""
    ds = dataset()
    return finder.usable_count(ds.regimen_recommendations, ds.settings, ds.regimen_drugs, statuses_by_country(),
                               situation, threshold, guidelines, assumed)
