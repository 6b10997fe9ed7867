"""Access map: every country coloured by the access status of one drug (or drug class)."""

import streamlit as st

from components import data, figures, widgets
from myeloma_access.status import STATUS_BY_ID
from components.router import ensure_router

ensure_router()

st.title("Where can patients with relapsed myeloma get each drug?")

options = data.drug_options()
country_codes = [""] + data.countries()["iso3"].tolist()


def _on_map_select() -> None:
    iso3 = figures.selected_location(st.session_state.get("map_chart"))
    if iso3:
        st.session_state["country"] = iso3


controls = st.columns([2, 1.3, 2])
with controls[0]:
    drug = widgets.url_select(
        st.selectbox, "Drug or drug class", list(options), "drug", format_func=options.get,
        help="'Any of' a class shows the best access among the drugs of that class.",
    )
with controls[1]:
    show_imwg = widgets.url_toggle("IMWG overlay", "imwg", help="Circles sized by the number of IMWG people per country in the shipped (partial) roster.")
with controls[2]:
    country = widgets.url_select(
        st.selectbox, "Country details", country_codes, "country",
        format_func=lambda c: data.country_name(c) if c else "Click the map or choose…",
    )

table = data.map_table(drug)
imwg = None
if show_imwg:
    imwg = data.imwg_counts().merge(data.countries()[["iso3", "name", "lon", "lat"]], on="iso3")
    if imwg.empty:
        st.info("No IMWG roster is loaded, so there is nothing to overlay.")

source_note = (
    f"Source: Myeloma Access Explorer, data as of {data.dataset().latest_as_of}. Status = latest dated, cited fact per "
    "country; EU/EEA from EMA central authorisations. Grey = no data, not 'not available'."
)
fig = figures.status_map(
    table, f"Access to {options[drug]} for relapsed/refractory myeloma", source_note, imwg=imwg, selected=country or None
)
st.plotly_chart(
    fig, key="map_chart", on_select=_on_map_select, selection_mode="points", config=figures.PLOTLY_CONFIG,
    alt=f"World map of access status for {options[drug]}", height=560,
)

counts = table["status"].value_counts()
summary = " · ".join(
    f"{widgets.status_badge(s)} {int(counts.get(s, 0))}" for s in STATUS_BY_ID if counts.get(s, 0) or s == "no_data"
)
st.markdown(f"Countries by status: {summary}", unsafe_allow_html=True)
if show_imwg and imwg is not None and len(imwg):
    st.caption(
        f"Circles: IMWG people per country in the roster in use ({int(imwg['members'].sum())} people, "
        f"{len(imwg)} countries). The shipped roster is partial — see Sources & methods."
    )

if show_imwg:
    widgets.roster_upload()

if country:
    with st.container(border=True):
        st.subheader(data.country_name(country))
        ct = data.country_drug_table(country)
        row = table[table["iso3"] == country]
        if len(row):
            st.markdown(
                f"**{options[drug]}:** {widgets.status_badge(row['status'].iloc[0])}", unsafe_allow_html=True
            )
        known = int((ct["status"] != "no_data").sum())
        st.caption(f"{known} of {len(ct)} drugs have a sourced status here.")
        if st.button("Open country page", icon=":material/arrow_forward:"):
            st.switch_page("pages/country.py", query_params={"country": country})

st.subheader("Table")
shown = table.assign(status_label=table["status"].map(lambda s: STATUS_BY_ID[s].label))[
    ["name", "iso3", "status_label", "date", "who_region", "income_group", "citation", "url", "as_of", "note"]
].rename(columns={"status_label": "status", "citation": "source", "url": "source_url"})
st.dataframe(
    shown, hide_index=True, width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("source_url", display_text="link")},
)
widgets.csv_download(shown.assign(drug=options[drug]), f"myeloma-access-{drug.replace(':', '-')}.csv")
