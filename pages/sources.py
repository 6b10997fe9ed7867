"""Sources & methods: every source, the status definitions, the rules, coverage and gaps."""

import pandas as pd
import streamlit as st

from components import data, widgets
from myeloma_access.availability import coverage
from myeloma_access.costs import BSA_M2, WEIGHT_KG
from myeloma_access.status import BASIS_PRIORITY, STATUS_CLASSES
from components.router import ensure_router

ensure_router()

ds = data.dataset()
st.title("Sources & methods")

st.header("Access status classes")
st.markdown(
    "\n".join(f"- {widgets.status_badge(s.id)} — {s.definition}" for s in STATUS_CLASSES), unsafe_allow_html=True
)
st.markdown(
    "**Which fact wins.** Several facts may exist for one country and drug. The fact with the latest date wins; "
    "on equal dates the more specific evidence wins ("
    + " > ".join(k.replace("_", " ") for k in sorted(BASIS_PRIORITY, key=BASIS_PRIORITY.get, reverse=True))
    + "). EU central authorisations (EMA report of 12 March 2023) are valid in the 27 EU member states and in "
    "Iceland, Liechtenstein and Norway; EU events after that date come from their own sources. "
    "The WHO Model List is global, so it is shown per drug, never as a country status."
)

st.header("Coverage")
core = ds.drugs.loc[ds.drugs["core"] == "true", "drug_id"].tolist()
cov = coverage(data.current(), core)
full = int((cov["n_sourced"] == len(core)).sum()) if len(cov) else 0
st.markdown(
    f"Countries with a sourced status for **all {len(core)} core drugs** ({', '.join(core)}): **{full}**; "
    f"with at least one: **{len(cov)}** of {len(data.countries())} mapped countries."
)
cov_shown = cov.reset_index().assign(country=lambda d: d["iso3"].map(data.country_name))
st.dataframe(cov_shown[["country", "iso3", "n_sourced", *core]], hide_index=True, width="stretch")
widgets.csv_download(cov_shown, "myeloma-access-coverage.csv", key="cov_dl")

st.header("Costs")
st.markdown(
    f"Drug cost of a 28-day cycle at standard doses for a **{WEIGHT_KG:.0f} kg** adult with **{BSA_M2} m²** body-surface "
    "area, proportional to milligrams given (no vial wastage, administration or monitoring costs), using the lowest "
    "listed price per mg in the country and dated exchange rates. A regimen with any unpriced drug has an unknown "
    "cost, never zero. List prices often exceed what payers pay after confidential discounts."
)

st.header("IMWG membership roster")
if ds.imwg_rosters.empty:
    st.caption("No roster loaded.")
else:
    st.dataframe(ds.imwg_rosters, hide_index=True, width="stretch")
st.caption(
    "No public per-country IMWG roster exists; the IMF gives totals only ('295 myeloma experts from 41 countries'; "
    "'more than 300' in 2024). The overlay counts people whose country a cited IMWG source shows."
)

st.header("All sources")
uses = pd.concat(
    [t[["source_id"]] for name, t in ds.tables.items() if "source_id" in t.columns and name != "sources"]
).value_counts().rename("rows").reset_index()
src = ds.sources.merge(uses, on="source_id", how="left").fillna({"rows": 0})
st.caption(f"{len(src)} sources. Each fact row in the data cites one of them with an as-of date.")
st.dataframe(
    src[["source_id", "citation", "url", "publisher", "published", "accessed", "licence", "source_type", "rows", "note"]],
    hide_index=True, width="stretch",
    column_config={"url": st.column_config.LinkColumn("url")},
)
widgets.csv_download(src, "myeloma-access-sources.csv", key="src_dl")

st.header("What is missing")
st.markdown(
    "- No public dataset gives per-country availability and price for all RRMM drugs; most cells are **No data**.\n"
    "- An EU authorisation says nothing about national launch or reimbursement.\n"
    "- The WHO EML export's 'Removed' status also covers applications never listed.\n"
    "- The IMWG 2021 recommendations for two or more prior lines are encoded only where verified."
)
