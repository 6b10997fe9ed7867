"""Compare countries: drug statuses, usable recommended regimens and cycle costs side by side."""

import streamlit as st

from components import data, views, widgets
from components.router import ensure_router
from myeloma_access import views as v
from myeloma_access.finder import Situation
from myeloma_access.model import SCOPES, THRESHOLDS

ensure_router()
m = data.model()
LINES = ["1", "2", "3", "4+"]

st.title("Compare countries")
iso3s = views.url_multiselect("Countries (2 to 6)", m.countries["iso3"].tolist(), "countries",
                              default=["BRA", "MEX", "ESP"], max_selections=6, state_key="compare_countries",
                              format_func=data.country_name)
with st.expander("Situation for the regimen counts (as in the regimen finder)", expanded=False):
    c = st.columns([1, 2, 2])
    with c[0]:
        lines = widgets.url_select(st.selectbox, "Prior lines", LINES, "lines")
    with c[1]:
        access = widgets.url_select(st.radio, "Access threshold", list(THRESHOLDS), "access", format_func=THRESHOLDS.get)
    with c[2]:
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
    assume_dex = widgets.url_toggle("Assume dexamethasone where nothing is sourced", "dex", default=True)
basis = widgets.url_select(st.radio, "Costs as", list(v.BASES), "basis", format_func=v.BASES.get, horizontal=True)

if len(iso3s) < 2:
    st.info("Choose at least two countries.")
else:
    situation = Situation(4 if lines == "4+" else int(lines), len_ref, pi_ref, cd38_ref, t1114)
    assumed = frozenset({"dexamethasone"}) if assume_dex else frozenset()
    views.compare_view(tuple(iso3s), situation, access, scope, assumed, basis)
