"""Access over time: each jurisdiction's first approval of a drug and its lag, and countries by status per year."""

import streamlit as st

from components import data, timeline_views, widgets
from components.router import ensure_router

ensure_router()
m = data.model()
drug_options = dict(m.drug_labels)

st.title("When did each country approve it?")
c = st.columns([2, 2])
with c[0]:
    drug = widgets.url_select(
        st.selectbox, "Drug", list(drug_options), "drug", default="lenalidomide", format_func=drug_options.get
    )
with c[1]:
    wide = widgets.url_toggle(
        "Also count reports, surveys and registers",
        "all",
        help="Off: regulator approval events and the EU central authorisation (dates of approvals). On: the earliest "
        "dated evidence of any kind that the drug was approved — a survey's or register's date is when the evidence "
        "was published, not when the drug was approved.",
    )

timeline_views.timeline_view(drug, not wide)
