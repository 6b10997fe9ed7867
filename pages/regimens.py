"""Regimen finder: recommended regimens filtered by what a country can actually use."""

import streamlit as st

from components import data, figures, finder_views, views, widgets
from components.router import ensure_router
from myeloma_access.finder import Situation
from myeloma_access.model import SCOPES, THRESHOLDS

ensure_router()
m = data.model()
LINES = ["1", "2", "3", "4+"]

st.title("Which recommended regimens can be used here?")
st.caption(
    "Pick a country and a clinical situation. Every regimen that cited guidance recommends for that situation is "
    "checked against the sourced access status of each drug it needs. Not medical advice."
)

c = st.columns([2, 1, 2, 2])
with c[0]:
    iso3 = widgets.url_select(st.selectbox, "Country", [""] + m.countries["iso3"].tolist(), "country",
                              format_func=lambda x: data.country_name(x) if x else "Choose a country…")
with c[1]:
    lines = widgets.url_select(st.selectbox, "Prior lines", LINES, "lines")
with c[2]:
    access = widgets.url_select(st.radio, "Access threshold", list(THRESHOLDS), "access", format_func=THRESHOLDS.get)
with c[3]:
    scope = widgets.url_select(st.radio, "Guidance", list(SCOPES), "scope", format_func=SCOPES.get)
r = st.columns(4)
with r[0]:
    len_ref = widgets.url_toggle("Lenalidomide-refractory", "len")
with r[1]:
    pi_ref = widgets.url_toggle("PI-refractory", "pi")
with r[2]:
    cd38_ref = widgets.url_toggle("Anti-CD38-refractory", "cd38")
with r[3]:
    t1114 = widgets.url_toggle("t(11;14)", "t1114")
with st.container():
    assume_dex = widgets.url_toggle(
        "Assume dexamethasone where nothing is sourced", "dex", default=True,
        help="An explicit assumption, not a sourced fact. It applies only where no status and no national "
        "essential-medicines listing of dexamethasone is sourced.",
    )

situation = Situation(4 if lines == "4+" else int(lines), len_ref, pi_ref, cd38_ref, t1114)
assumed = frozenset({"dexamethasone"}) if assume_dex else frozenset()
finder_views.situation_header(situation, scope)

tab_list, tab_unlock, tab_map = st.tabs(["Regimens", "What would unlock the most?", "World map"], key="finder_tab",
                                        on_change="rerun")
if tab_list.open:
    with tab_list:
        if iso3:
            finder_views.regimen_list(iso3, situation, access, scope, assumed)
        else:
            st.info("Choose a country to check each regimen against its access data.")
if tab_unlock.open:
    with tab_unlock:
        finder_views.unlock_view(iso3, situation, access, scope, assumed)
if tab_map.open:
    with tab_map:
        counts = data.usable_counts(situation, access, scope, assumed)
        fig = figures.count_map(
            counts, f"Recommended regimens usable — {situation.describe()}",
            f"Source: Myeloma Access Explorer, data as of {m.latest_as_of}; threshold: {THRESHOLDS[access]}; "
            f"guidance: {SCOPES[scope]}.", int(counts["recommended"].max()) if len(counts) else 0,
            present=widgets.presenting(),
        )
        widgets.chart(fig, "count_map", "usable-regimens", "World map of the number of usable recommended regimens",
                      f"Recommended regimens usable — {situation.describe()}")
        views.people_panel(counts, situation.describe(), key="finder_people")
