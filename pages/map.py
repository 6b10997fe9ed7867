"""Access map: every country coloured by the access status of one drug (or drug class).

The drug, year, layer and IMWG overlay are chosen inside the map component and recolour it in the browser
(components/map_component.py); the URL keeps the public parameters drug, year, layer, imwg, view, country.
"""

import streamlit as st

from components import map_views
from components.router import ensure_router

ensure_router()
# On a phone the map must be on the first screen: a smaller page title there (CSS only, the text is the same).
st.markdown(
    "<style>@media (max-width: 640px) { [data-testid='stMain'] h1 { font-size: 1.55rem; "
    "padding-top: 0.25rem; } }</style>",
    unsafe_allow_html=True,
)
st.title("Where can patients with relapsed myeloma get each drug?")
map_views.map_page()
