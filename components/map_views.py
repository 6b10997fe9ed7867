"""The access map's status layer: map, summary, IMWG overlay, details panel and table (drawing only)."""

from __future__ import annotations

import streamlit as st

from . import data, figures, widgets


TABS = {"map": "Map", "table": "Table", "people": "People affected", "sources": "Sources"}


def _remember_tab() -> None:
    """Keep the open tab in the URL (``?view=table``), so a shared link opens the same tab."""
    label = st.session_state.get("map_tab")
    view = next((k for k, v in TABS.items() if v == label), "map")
    if view == "map":
        st.query_params.pop("view", None)
    else:
        st.query_params["view"] = view


def status_layer(drug: str, year: int | None, show_imwg: bool, country: str) -> None:
    """Map, Table and Sources tabs in Grapher's spirit; only the open tab is computed and sent."""
    m = data.model()
    label = m.drug_options()[drug]
    table = data.map_table(drug, year)
    when = f"at the end of {year}" if year else "today"
    default = TABS.get(st.query_params.get("view", "map"), "Map")
    tab_map, tab_table, tab_people, tab_sources = st.tabs(list(TABS.values()), key="map_tab", default=default,
                                                          on_change=_remember_tab)
    if tab_map.open:
        with tab_map:
            imwg = data.imwg_counts() if show_imwg else None
            fig = figures.status_map(table, f"Access to {label} for relapsed/refractory myeloma, {when}",
                                     widgets.map_source_note(m.latest_as_of), imwg=imwg, selected=country or None,
                                     present=widgets.presenting())
            title = f"Access to {label} for relapsed/refractory myeloma, {when}"
            widgets.chart(fig, "map_chart", f"myeloma-access-{drug.replace(':', '-')}",
                          f"World map of access status for {label}", title, on_select=widgets.on_map_select,
                          selection_mode="points")
            widgets.status_summary(m.status_counts(table), int(table["stale"].sum()))
            if show_imwg:
                widgets.imwg_caption(imwg)
                widgets.roster_upload()
            if country:
                widgets.country_details(country, drug, table)

    if tab_table.open:
        with tab_table:
            widgets.map_table_view(table, view={"drug": label, "status as of": when})
    if tab_people.open:
        with tab_people:
            from .views import people_panel

            people_panel(table, label, key="map_people")
    if tab_sources.open:
        with tab_sources:
            widgets.map_sources(table)
