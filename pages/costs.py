"""Cost & affordability: the drug cost of a 28-day cycle per country, in US$, PPP $ and months of GDP per capita."""

import streamlit as st

from components import costs_views, data, widgets
from components.router import ensure_router
from myeloma_access import views as v

ensure_router()
m = data.model()
options = v.costed_options(m)

st.title("What does a 28-day cycle cost, and how affordable is it?")
c = st.columns([2, 1.4, 2.2])
with c[0]:
    regimen = widgets.url_select(
        st.selectbox, "Regimen", list(options), "regimen", default="drd", format_func=options.get
    )
with c[1]:
    drugs = [""] + v.regimen_drug_ids(m, regimen)
    drug = widgets.url_select(
        st.selectbox,
        "Drugs costed",
        drugs,
        "drug",
        format_func=lambda d: f"Only {m.drug_labels.get(d, d)}" if d else "The whole regimen",
        help="One drug alone is costed at this regimen's dose of it.",
    )
with c[2]:
    basis = widgets.url_select(st.radio, "Show the cost as", list(v.BASES), "basis", format_func=v.BASES.get)
cycle = widgets.url_select(
    st.radio,
    "Cycle priced",
    list(v.CYCLE_CHOICES),
    "cycle",
    format_func=v.CYCLE_CHOICES.get,
    horizontal=True,
    help="Many regimens dose more in the first cycles (daratumumab weekly, carfilzomib's priming dose): "
    "a later cycle prices the regimen's last dosing phase.",
)

highlight = widgets.url_multiselect(
    "Countries to spell out",
    m.countries["iso3"].tolist(),
    "countries",
    default=[],
    max_selections=6,
    state_key="cost_countries",
    format_func=data.country_name,
    placeholder="e.g. Brazil, India, United Kingdom",
)

costs_views.costs_view(regimen, drug, basis, highlight, cycle)
