"""Compare countries: drug statuses, usable recommended regimens and cycle costs side by side."""

import streamlit as st

from components import compare_views, data, widgets
from components.router import ensure_router
from myeloma_access import views as v

ensure_router()
m = data.model()

st.title("Compare countries")
iso3s = widgets.url_multiselect(
    "Countries (2 to 6)",
    m.countries["iso3"].tolist(),
    "countries",
    default=["BRA", "MEX", "ESP"],
    max_selections=6,
    state_key="compare_countries",
    format_func=data.country_name,
)
with st.expander("Situation for the regimen counts (as in the regimen finder)", expanded=False):
    query = widgets.situation_controls().query
basis = widgets.url_select(st.radio, "Costs as", list(v.BASES), "basis", format_func=v.BASES.get, horizontal=True)

if len(iso3s) < 2:
    st.info("Choose at least two countries.")
else:
    compare_views.compare_view(tuple(iso3s), query, basis)
