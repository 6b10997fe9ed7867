"""Country page: every drug's status with its source, regulatory history, prices, IMWG."""

import streamlit as st

from components import data, widgets
from myeloma_access.status import STATUS_BY_ID
from components.router import ensure_router

ensure_router()

codes = [""] + data.countries()["iso3"].tolist()
iso3 = widgets.url_select(
    st.selectbox, "Country", codes, "country", format_func=lambda c: data.country_name(c) if c else "Choose a country…"
)


def show(iso3: str) -> None:
    """The whole country view."""
    ds = data.dataset()
    info = data.countries().set_index("iso3").loc[iso3]
    st.title(data.country_name(iso3))
    meta = []
    if isinstance(info.get("who_region"), str):
        meta.append(f"WHO region: {info['who_region']}")
    if isinstance(info.get("income_group"), str):
        meta.append(f"World Bank income group: {info['income_group']}")
    members = ds.jurisdiction_members[ds.jurisdiction_members["iso3"] == iso3]
    if len(members):
        meta.append("EU/EEA: EU central marketing authorisations apply")
    st.caption(" · ".join(meta) or "No reference data for this country.")

    ct = data.country_drug_table(iso3)
    known = ct[ct["status"] != "no_data"]
    m = st.columns(3)
    m[0].metric("Drugs with a sourced status", f"{len(known)} / {len(ct)}")
    m[1].metric("Publicly funded", int((ct["status"] == "publicly_funded").sum()))
    imwg = data.imwg_counts()
    m[2].metric("IMWG people (partial roster)", int(imwg.loc[imwg["iso3"] == iso3, "members"].sum()))

    st.subheader("Drugs")
    shown = ct.assign(status=ct["status"].map(lambda s: STATUS_BY_ID[s].label))[
        ["label", "class_group", "status", "date", "note", "citation", "url", "as_of", "n_facts"]
    ].rename(columns={"label": "drug", "class_group": "class", "citation": "source", "url": "source_url",
                      "n_facts": "facts"})
    shown = shown.fillna({"date": "", "note": "", "source": "", "as_of": ""})
    st.dataframe(
        shown, hide_index=True, width="stretch",
        column_config={"source_url": st.column_config.LinkColumn("source_url", display_text="link")},
    )
    widgets.csv_download(shown.assign(country=data.country_name(iso3), iso3=iso3), f"myeloma-access-{iso3}.csv")

    with st.expander("All facts behind these statuses (history)"):
        f = data.facts()
        hist = f[f["iso3"] == iso3].sort_values(["drug_id", "date"])[
            ["drug_id", "status", "date", "basis", "note", "citation", "url", "as_of"]
        ]
        st.caption("The current status is the fact with the latest date; on equal dates the more specific source wins.")
        st.dataframe(hist, hide_index=True, width="stretch",
                     column_config={"url": st.column_config.LinkColumn("url", display_text="link")})

    prices = ds.prices[ds.prices["iso3"] == iso3]
    st.subheader("Prices")
    if prices.empty:
        st.caption("No price is sourced for this country, so costs here are unknown (never zero).")
    else:
        st.dataframe(
            prices.merge(ds.sources[["source_id", "citation"]], on="source_id", how="left")[
                ["drug_id", "route", "product", "strength_mg", "units_per_pack", "pack_price", "currency", "price_type",
                 "price_date", "confidence", "citation"]
            ],
            hide_index=True, width="stretch",
        )

    ind = ds.country_indicators[ds.country_indicators["iso3"] == iso3]
    if len(ind):
        st.subheader("Reference indicators")
        st.dataframe(ind.merge(ds.sources[["source_id", "citation"]], on="source_id", how="left")
                     [["indicator", "value", "unit", "year", "citation"]], hide_index=True, width="stretch")

    roster = data.imwg_members()  # the roster in use, as counted in the metric above
    people = roster[roster["iso3"] == iso3]
    if len(people):
        st.subheader("IMWG people listed for this country")
        st.dataframe(people[["member_name", "institution", "roster", "evidence", "as_of"]], hide_index=True, width="stretch")


if iso3:
    show(iso3)
else:
    st.title("Country details")
    st.info("Choose a country above, or click one on the access map.")
