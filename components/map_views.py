"""The access map page's body: the map component, the details panel and the Table / People / Sources tabs."""

from __future__ import annotations

import streamlit as st

from myeloma_access.model import GROUP_PREFIX

from . import data, map_component, widgets

TABS = {"map": "Map", "table": "Table", "people": "People affected", "sources": "Sources"}
EML_NOTE = (
    "Source: Global Essential Medicines (GEM) database, Persaud et al., Bull WHO 2019 (national lists "
    "collected June 2017; each list has its own year). A listing is a commitment to public-sector supply, "
    "not a funding status; 'not listed' is not 'not available'."
)


def _remember_tab() -> None:
    """Keep the open tab in the URL (``?view=table``), so a shared link opens the same tab."""
    label = st.session_state.get("map_tab")
    view = next((k for k, v in TABS.items() if v == label), "map")
    if view == "map":
        st.query_params.pop("view", None)
    else:
        st.query_params["view"] = view


def _write_url(view: dict, default_drug: str) -> None:
    """The URL of the view the browser reported (it already shows it; this keeps Streamlit's copy the same)."""
    values = {
        "drug": "" if view["drug"] == default_drug else view["drug"],
        "year": view["year"],
        "layer": view["layer"],
        "imwg": "1" if view["imwg"] else "",
        "country": view["country"],
        "view": "" if view["view"] == "map" else view["view"],
    }
    for key, value in values.items():
        if value and st.query_params.get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def map_page() -> None:
    """Title, tabs, the map (every control inside it, recolouring in the browser) and the views that follow it."""
    m = data.model()
    payload = data.map_payload()
    view, fresh = map_component.current_view(payload)
    if fresh:
        _write_url(view, payload["options"][0][0])
    options = m.drug_options()
    drug, layer = view["drug"], view["layer"]
    year = int(view["year"]) if view["year"] else None
    label = options[drug]
    when = f"at the end of {year}" if year else "today"
    tab_map, tab_table, tab_people, tab_sources = st.tabs(
        list(TABS.values()), key="map_tab", default=TABS[view["view"]], on_change=_remember_tab
    )
    if tab_map.open:
        with tab_map:
            stamp = data.your_data_stamp()
            texts = {
                "source_status": widgets.map_source_note(m.latest_as_of),
                "source_eml": EML_NOTE + (f" {stamp}" if stamp else ""),
                "today": m.today.isoformat(),
                "stamp": f" {stamp} The link shows the published data only." if stamp else "",
            }
            map_component.access_map(payload, texts)
            if view["country"]:
                widgets.country_details(view["country"], drug, data.map_table(drug, year), when=f"{label}, {when}")
            widgets.roster_upload()
    eml = layer == "eml" and not drug.startswith(GROUP_PREFIX)
    if tab_table.open:
        with tab_table:
            if eml:
                widgets.eml_table_view(m.eml_table(drug), options[drug], drug)
            else:
                widgets.map_table_view(data.map_table(drug, year), view={"drug": label, "status as of": when})
    if tab_people.open:
        with tab_people:
            from .views import people_panel

            people_panel(data.map_table(drug, year), label, key="map_people")
    if tab_sources.open:
        with tab_sources:
            widgets.map_sources(data.map_table(drug, year))
