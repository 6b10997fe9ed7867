"""Regimen finder: recommended regimens filtered by what a country can actually use."""

import streamlit as st

from components import data, finder_views, widgets
from components.router import ensure_router

ensure_router()
m = data.model()

st.title("Which recommended regimens can be used here?")
st.caption(
    "Pick a country and a clinical situation. Every regimen that cited guidance recommends for that situation is "
    "checked against the sourced access status of each drug it needs. Not medical advice."
)

iso3 = widgets.url_select(
    st.selectbox,
    "Country",
    [""] + m.countries["iso3"].tolist(),
    "country",
    format_func=lambda x: data.country_name(x) if x else "Choose a country…",
)
controls = widgets.situation_controls()
query = controls.query
finder_views.situation_header(query.situation, controls.notices)

tab_list, tab_unlock, tab_map = widgets.url_tabs(
    {"regimens": "Regimens", "unlock": "What would unlock the most?", "map": "World map"}, "tab"
)
if tab_list.open:
    with tab_list:
        if iso3:
            finder_views.regimen_list(iso3, query, controls.scope_explicit)
        else:
            st.info("Choose a country to check each regimen against its access data.")
if tab_unlock.open:
    with tab_unlock:
        finder_views.unlock_view(iso3, query)
if tab_map.open:
    with tab_map:
        finder_views.world_map(query)
