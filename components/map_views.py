"""The access map page's body: the map component, the details panel and the Table / People / Sources tabs."""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from myeloma_access import labels
from myeloma_access.model import GROUP_PREFIX

from . import data, map_component, widgets

TABS = {"map": "Map", "table": "Table", "people": "People affected", "sources": "Sources"}
EML_NOTE = (
    "Source: Global Essential Medicines (GEM) database, Persaud et al., Bull WHO 2019 (national lists "
    "collected June 2017; each list has its own year). A listing is a commitment to public-sector supply, "
    "not a funding status; 'not listed' is not 'not available'."
)


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
    tab_map, tab_table, tab_people, tab_sources = widgets.url_tabs(TABS, key="view", default=view["view"])
    if tab_map.open:
        with tab_map:
            stamp = data.your_data_stamp()
            texts = {
                "source_status": map_source_note(m.latest_as_of),
                "source_eml": EML_NOTE + (f" {stamp}" if stamp else ""),
                "today": m.today.isoformat(),
                "stamp": f" {stamp} The link shows the published data only." if stamp else "",
            }
            map_component.access_map(payload, texts)
            if view["country"]:
                country_details(view["country"], drug, data.map_table(drug, year), when=f"{label}, {when}")
            roster_upload()
    eml = layer == "eml" and not drug.startswith(GROUP_PREFIX)
    if tab_table.open:
        with tab_table:
            if eml:
                eml_table_view(m.eml_table(drug), options[drug], drug)
            else:
                map_table_view(data.map_table(drug, year), view={"drug": label, "status as of": when})
    if tab_people.open:
        with tab_people:
            from .people_views import people_panel

            people_panel(data.map_table(drug, year), label, key="map_people")
    if tab_sources.open:
        with tab_sources:
            map_sources(data.map_table(drug, year))


def roster_upload() -> None:
    """Use an official IMWG roster instead of the shipped partial one, for this browser session only."""
    from .user_data_views import uploader

    with st.expander("Use another IMWG roster (CSV)"):
        st.caption(
            "It replaces the overlay for this browser session only; the shipped data is never changed. "
            "Facts and prices can be added on the Your data page."
        )
        uploader("roster")


# ---- map page -----------------------------------------------------------------------
def map_source_note(latest_as_of: str) -> str:
    return (
        f"{data.provenance()}. Authorisation and public funding each from "
        "their latest cited fact; EU/EEA authorisation from EMA. Grey = no data, not 'not approved'. "
        "Lighter = newest evidence >5 years old or inferred."
    )


def evidence_text(row) -> str:
    """'last evidence: 2013 · reported' for a status row (empty for No data)."""
    if row.get("status") == "no_data" or not isinstance(row.get("evidence_date"), str):
        return ""
    text = f"last evidence: {row['evidence_date']}"
    if isinstance(row.get("confidence"), str):
        text += f" · {labels.label(labels.CONFIDENCE_SHORT, row['confidence'])}"
    if row.get("stale"):
        text += " · old or inferred"
    return text


def country_details(iso3: str, drug: str, table: pd.DataFrame, when: str = "") -> None:
    """The details panel under the map for the clicked/selected country (``when``: the view it was chosen in)."""
    m = data.model()
    with st.container(border=True, key="country_details"):
        st.subheader(m.country_name(iso3))
        row = table[table["iso3"] == iso3]
        if len(row):
            r = row.iloc[0].to_dict()
            st.markdown(
                f"**{m.drug_options()[drug]}:** {widgets.status_badge(r['status'], r['stale'])} "
                f"<small>{html.escape(evidence_text(r))}</small>",
                unsafe_allow_html=True,
            )
            if when:
                st.caption(f"As shown on the map: {when}.")
            if r.get("citation"):
                st.caption(f"Source: {r['citation']}")
        ct = m.country_table(iso3)
        st.caption(f"{int((ct['status'] != 'no_data').sum())} of {len(ct)} drugs have a sourced status here.")
        # A link (not a button + switch_page): the map's own address stays in the history, so Back returns to
        # this drug and country; the drug rides along in the country page's URL (CARRIED).
        carried = {"country": iso3} if drug.startswith(GROUP_PREFIX) else {"country": iso3, "drug": drug}
        st.page_link(
            "pages/country.py", label="Open country page", icon=":material/arrow_forward:", query_params=carried
        )


def map_table_view(table: pd.DataFrame, view: dict) -> None:
    """The map's table with human column labels, and its CSV / GeoJSON downloads.

    Countries with a sourced status come first (most recent evidence first), then "No data" rows
    saying whether they were searched; a WHO-region filter (``region``) narrows the table and its downloads.
    """
    regions = {"": "All WHO regions", **labels.WHO_REGIONS}
    region = widgets.url_select(st.selectbox, "WHO region", list(regions), "region", format_func=regions.get)
    table = data.model().table_order(table, region or None)
    shown = pd.DataFrame(
        {
            "Country": table["name"],
            "Status": table["label"],
            "Drug": table["drug_id"].map(lambda d: data.model().drug_labels.get(d, "") if isinstance(d, str) else ""),
            "Last evidence": table["evidence_date"].fillna(""),
            "Evidence": table["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
            "Old or inferred": table["stale"].map({True: "yes", False: ""}),
            "Searched (No data)": table["searched"].fillna("") if "searched" in table else "",
            "WHO region": table["who_region"].map(lambda c: labels.label(labels.WHO_REGIONS, c)),
            "Income group": table["income_group"].map(lambda c: labels.label(labels.INCOME_GROUPS, c)),
            "Source": table["citation"].fillna(""),
            "Link": table["url"].fillna(""),
            "ISO3": table["iso3"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "Link": st.column_config.LinkColumn("Link", display_text="open"),
            "Country": st.column_config.TextColumn(pinned=True),
        },
    )
    slug = re.sub(r"[^a-z0-9]+", "-", str(view.get("drug", "view")).lower()).strip("-")
    cols = st.columns(2)
    with cols[0]:
        widgets.csv_download(shown.assign(**{f"view: {k}": v for k, v in view.items()}), f"myeloma-access-{slug}.csv")
    with cols[1]:
        st.download_button(
            "Download GeoJSON",
            data=data.map_geojson(table),
            file_name=f"myeloma-access-{slug}.geojson",
            mime="application/geo+json",
            icon=":material/map:",
            key="geojson_dl",
            help="The same table with each country's shape, for GIS tools.",
        )


def eml_table_view(table: pd.DataFrame, label: str, drug: str) -> None:
    """The national-EML layer as a table (a model ``eml_table``), with its counts and CSV download."""
    counts = table["eml"].value_counts()
    st.markdown(
        f"**{int(counts.get('listed', 0))}** national lists include {label}; "
        f"**{int(counts.get('not_listed', 0))}** do not; **{int(counts.get('no_list', 0))}** countries have "
        "no list (or no entry) in GEM."
    )
    if drug == "thalidomide":
        st.caption(
            "Thalidomide listings are probably for leprosy (erythema nodosum leprosum): GEM gives no indication."
        )
    shown = pd.DataFrame(
        {
            "Country": table["name"],
            "On the national list": table["eml"].map({"listed": "yes", "not_listed": "no", "no_list": "no data"}),
            "Year of the list": table["list_year"].map(lambda y: "" if y is None or y != y else str(y)),
            "Note": table["note"].fillna(""),
            "ISO3": table["iso3"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    widgets.csv_download(
        shown.assign(**{"view: drug": label, "view: layer": "national EML"}), f"national-eml-{drug}.csv", key="eml_dl"
    )


def map_sources(table: pd.DataFrame) -> None:
    """The sources behind the map: one line per cited source with how many countries rest on it."""
    used = table[table["source_id"].notna()].groupby("source_id").size().sort_values(ascending=False)
    if used.empty:
        st.info("No country has a sourced status for this selection.")
        return
    st.markdown(f"{len(used)} sources give the statuses on this map (the number of countries each one decides):")
    st.markdown(
        "\n".join(
            f"- {widgets.source_link(sid)} — {n} {'country' if n == 1 else 'countries'}" for sid, n in used.items()
        )
    )
    st.caption("Every source with its licence and access date is on the Sources & methods page.")
