"""The access map's status layer: map, summary, IMWG overlay, details panel and table (drawing only)."""

from __future__ import annotations

import streamlit as st

from . import data, figures, widgets


def status_layer(drug: str, year: int | None, show_imwg: bool, country: str) -> None:
    m = data.model()
    label = m.drug_options()[drug]
    table = data.map_table(drug, year)
    imwg = data.imwg_counts() if show_imwg else None
    when = f"at the end of {year}" if year else "today"
    fig = figures.status_map(table, f"Access to {label} for relapsed/refractory myeloma, {when}",
                             widgets.map_source_note(m.latest_as_of), imwg=imwg, selected=country or None)
    st.plotly_chart(fig, key="map_chart", on_select=widgets.on_map_select, selection_mode="points",
                    config=figures.PLOTLY_CONFIG, alt=f"World map of access status for {label}", height=560)
    widgets.status_summary(m.status_counts(table), int(table["stale"].sum()))
    if show_imwg:
        widgets.imwg_caption(imwg)
        widgets.roster_upload()
    if country:
        widgets.country_details(country, drug, table)
    st.subheader("Table")
    widgets.map_table_view(table, view={"drug": label, "status as of": when, "data as of": m.latest_as_of})
