"""Access map: every country coloured by the access status of one drug (or drug class)."""

import streamlit as st

from components import data, map_views, widgets
from components.router import ensure_router

ensure_router()
m = data.model()
options = m.drug_options()
LAYERS = {"": "Access status", "eml": "National essential medicines lists"}
years = [""] + [str(y) for y in range(m.today.year, 1999, -1)]

st.title("Where can patients with relapsed myeloma get each drug?")

controls = st.columns([2, 1.3, 1, 1.2, 2])
with controls[0]:
    drug = widgets.url_select(st.selectbox, "Drug or drug class", list(options), "drug", format_func=options.get,
                              help="'Any of' a class shows the best access among the drugs of that class.")
with controls[1]:
    layer = widgets.url_select(st.selectbox, "Show", list(LAYERS), "layer", format_func=LAYERS.get,
                               help="National essential medicines lists (GEM, lists of 2001–2017) are their own kind "
                               "of evidence: a listing is not a funding status.")
with controls[2]:
    year = widgets.url_select(st.selectbox, "Status as of", years, "year",
                              format_func=lambda y: f"end of {y}" if y else "today",
                              help="The same rule applied only to facts dated up to the end of that year.")
with controls[3]:
    show_imwg = widgets.url_toggle("IMWG overlay", "imwg",
                                   help="Circles sized by the number of IMWG people per country in the roster in use.")
with controls[4]:
    country = widgets.url_select(st.selectbox, "Country details", [""] + m.countries["iso3"].tolist(), "country",
                                 format_func=lambda c: data.country_name(c) if c else "Click the map or choose…")

if layer == "eml":
    widgets.eml_layer(drug, options)
else:
    map_views.status_layer(drug, int(year) if year else None, show_imwg, country)
