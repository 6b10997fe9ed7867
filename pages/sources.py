"""Sources & methods: every source, the status rule, coverage, guidance and gaps."""

import streamlit as st

from components import sources_views
from components.router import ensure_router

ensure_router()
st.title("Sources & methods")
sources_views.status_rule()
sources_views.coverage()
sources_views.guidance()
sources_views.cost_method()
sources_views.imwg_roster()
sources_views.all_sources()
