"""The country page's sections (drawing only; every number comes from the model)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from myeloma_access import labels

from . import data, widgets


def header(iso3: str) -> None:
    m = data.model()
    info = m.countries.set_index("iso3").loc[iso3]
    meta = []
    if isinstance(info.get("who_region"), str):
        meta.append(f"WHO region: {labels.label(labels.WHO_REGIONS, info['who_region'])}")
    if isinstance(info.get("income_group"), str):
        meta.append(f"World Bank income group: {labels.label(labels.INCOME_GROUPS, info['income_group'])}")
    if iso3 in m.eu_members:
        meta.append("EU/EEA: EU central marketing authorisations apply; national funding differs")
    st.caption(" · ".join(meta) or "No reference data for this country.")
    ct = m.country_table(iso3)
    k = st.columns(4)
    k[0].metric("Drugs with a sourced status", f"{int((ct['status'] != 'no_data').sum())} / {len(ct)}")
    k[1].metric("Publicly funded", int((ct["status"] == "publicly_funded").sum()))
    k[2].metric("Not publicly funded", int((ct["status"] == "not_funded").sum()))
    imwg = data.imwg_counts()
    k[3].metric("IMWG people (roster in use)", int(imwg.loc[imwg["iso3"] == iso3, "members"].sum()))


def _dimension(value, when, citation) -> str:
    if not isinstance(value, str):
        return ""
    text = value.replace("_", " ")
    if isinstance(when, str):
        text += f" ({when})"
    return text + (f" — {citation}" if citation else "")


def drug_statuses(iso3: str) -> None:
    m = data.model()
    ct = m.country_table(iso3)
    st.subheader("Drugs")
    shown = pd.DataFrame({
        "Drug": ct["label"],
        "Class": ct["class_group"],
        "Status": ct["status_label"],
        "Last evidence": ct["evidence_date"].fillna(""),
        "Evidence": ct["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
        "Old or inferred": ct["stale"].map({True: "yes", False: ""}),
        "Authorisation": [_dimension(v, w, c) for v, w, c in zip(ct["authorisation"], ct["auth_date"], ct["auth_citation"])],
        "Public funding": [_dimension(v, w, c) for v, w, c in zip(ct["funding"], ct["fund_date"], ct["fund_citation"])],
        "Facts": ct["n_facts"],
    })
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"Drug": st.column_config.TextColumn(pinned=True)})
    st.caption("Authorisation and public funding are each taken from their own latest cited fact; the status "
               "combines them. 'Old or inferred': newest evidence more than five years old, or only inferred.")
    widgets.csv_download(shown.assign(**{"view: country": m.country_name(iso3), "view: data as of": m.latest_as_of}),
                         f"myeloma-access-{iso3}.csv")


def history(iso3: str) -> None:
    m = data.model()
    with st.expander("All facts behind these statuses (history)"):
        f = m.country_facts(iso3)
        shown = pd.DataFrame({
            "Drug": f["drug_id"].map(m.drug_labels),
            "Authorisation": f["authorisation"].fillna("").str.replace("_", " "),
            "Public funding": f["funding"].fillna("").str.replace("_", " "),
            "Date": f["date"].fillna(""),
            "Evidence": f["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
            "Note": f["note"].fillna(""),
            "Source": f["citation"].fillna(""),
            "Link": f["url"].fillna(""),
            "Consulted": f["as_of"].fillna(""),
        })
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")})


def layers(iso3: str) -> None:
    """Prices and reference indicators (and, when imported, the other evidence layers)."""
    m = data.model()
    ds = m.ds
    prices = ds.prices[ds.prices["iso3"] == iso3]
    st.subheader("Prices")
    if prices.empty:
        st.caption("No price is sourced for this country, so costs here are unknown (never zero).")
    else:
        st.dataframe(pd.DataFrame({
            "Drug": prices["drug_id"].map(m.drug_labels), "Route": prices["route"], "Product": prices["product"],
            "mg per unit": prices["strength_mg"], "Units per pack": prices["units_per_pack"],
            "Pack price": prices["pack_price"], "Currency": prices["currency"], "Price type": prices["price_type"],
            "Price date": prices["price_date"], "Source": prices["source_id"].map(m.source_citation),
        }), hide_index=True, width="stretch")
    ind = ds.country_indicators[ds.country_indicators["iso3"] == iso3]
    st.subheader("Reference indicators")
    if ind.empty:
        st.caption("No reference indicator is sourced for this country.")
    else:
        st.dataframe(pd.DataFrame({
            "Indicator": ind["indicator"].str.replace("_", " "), "Value": ind["value"], "Unit": ind["unit"],
            "Year": ind["year"], "Source": ind["source_id"].map(m.source_citation),
        }), hide_index=True, width="stretch")


def imwg_people(iso3: str) -> None:
    roster = data.imwg_members()  # the roster in use, as counted in the metric
    people = roster[roster["iso3"] == iso3]
    if len(people):
        st.subheader("IMWG people listed for this country")
        st.dataframe(people[["member_name", "institution", "roster", "evidence", "as_of"]].rename(columns={
            "member_name": "Name", "institution": "Institution", "roster": "List", "evidence": "Evidence",
            "as_of": "As of"}), hide_index=True, width="stretch")
