"""Country page: every drug's status with both dimensions and their sources, and every evidence layer."""

import streamlit as st

from components import country_views, data, widgets
from components.router import ensure_router

ensure_router()
m = data.model()
iso3 = widgets.url_select(
    st.selectbox,
    "Country",
    [""] + m.countries["iso3"].tolist(),
    "country",
    format_func=lambda c: data.country_name(c) if c else "Choose a country…",
)

if not iso3:
    st.title("Country details")
    st.info("Choose a country above, or click one on the access map.")
else:
    st.set_page_config(page_title=f"{m.country_name(iso3)} · Country · Myeloma Access Explorer")
    st.title(m.country_name(iso3))
    country_views.header(iso3)
    country_views.known(iso3)
    st.page_link(
        "pages/regimens.py",
        label=f"Which recommended regimens can be used in {m.country_name(iso3)}?",
        query_params={"country": iso3},
        icon=":material/medication:",
    )
    country_views.drug_statuses(iso3)
    country_views.layers(iso3)
    country_views.search_log(iso3)
    country_views.history(iso3)
    country_views.imwg_people(iso3)
