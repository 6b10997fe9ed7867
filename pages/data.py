"""Your data: add your own availability facts, prices or IMWG roster for this browser session."""

import streamlit as st

from components import user_data_views
from components.router import ensure_router

ensure_router()
st.title("Your data")
st.markdown(
    "Add facts or prices you have a source for — a national register, a payer's list, a hospital price — and see "
    "them at once on the map, in the regimen finder and on the country pages, marked **Your data** wherever they "
    "appear (hover, tables, downloads). They stay in this browser session only: nothing is written to the app's "
    "data, and they are gone when you close the tab. Download them merged with the shipped data to keep them."
)
st.caption(
    "Use the template's columns (documented in data/README.md). Each row needs a source id and an as-of date, "
    "like every shipped fact. Files: CSV, UTF-8, at most 2 MB and 5,000 rows."
)

tabs = st.tabs(["Availability facts", "Prices", "IMWG roster"])
for tab, kind in zip(tabs, ("facts", "prices", "roster")):
    with tab:
        user_data_views.uploader(kind)

user_data_views.in_use_note()
