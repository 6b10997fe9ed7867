"""Access map: every country coloured by the access status of one drug (or drug class)."""

import streamlit as st

from components import data, figures, widgets
from components.router import ensure_router

ensure_router()
m = data.model()
options = m.drug_options()
country_codes = [""] + m.countries["iso3"].tolist()
years = [""] + [str(y) for y in range(m.today.year, 1999, -1)]

st.title("Where can patients with relapsed myeloma get each drug?")

controls = st.columns([2, 1, 1.2, 2])
with controls[0]:
    drug = widgets.url_select(st.selectbox, "Drug or drug class", list(options), "drug", format_func=options.get,
                              help="'Any of' a class shows the best access among the drugs of that class.")
with controls[1]:
    year = widgets.url_select(st.selectbox, "Status as of", years, "year",
                              format_func=lambda y: f"end of {y}" if y else "today",
                              help="The same rule applied only to facts dated up to the end of that year.")
with controls[2]:
    show_imwg = widgets.url_toggle("IMWG overlay", "imwg",
                                   help="Circles sized by the number of IMWG people per country in the roster in use.")
with controls[3]:
    country = widgets.url_select(st.selectbox, "Country details", country_codes, "country",
                                 format_func=lambda c: data.country_name(c) if c else "Click the map or choose…")

table = data.map_table(drug, int(year) if year else None)
imwg = data.imwg_counts() if show_imwg else None
when = f"at the end of {year}" if year else "today"
fig = figures.status_map(
    table, f"Access to {options[drug]} for relapsed/refractory myeloma, {when}",
    widgets.map_source_note(m.latest_as_of), imwg=imwg, selected=country or None,
)
st.plotly_chart(fig, key="map_chart", on_select=widgets.on_map_select, selection_mode="points",
                config=figures.PLOTLY_CONFIG, alt=f"World map of access status for {options[drug]}", height=560)

widgets.status_summary(m.status_counts(table), int(table["stale"].sum()))
if show_imwg:
    widgets.imwg_caption(imwg)
    widgets.roster_upload()

if country:
    widgets.country_details(country, drug, table)

st.subheader("Table")
widgets.map_table_view(table, view={"drug": options[drug], "status as of": when, "data as of": m.latest_as_of})
