"""The country page's sections (drawing only; every number comes from the model)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from myeloma_access import labels
from myeloma_access.costs import months_of_gdp

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


def known(iso3: str) -> None:
    """The page's lead: what is known here, most specific first (statuses, register, EML, cases, GDP, search)."""
    st.subheader("What is known here")
    st.markdown("\n".join(f"- **{topic}:** {text}" for topic, text in data.model().country_known(iso3)))


def search_log(iso3: str) -> None:
    """Where the evidence search looked for this country, and what it found (data/search_log.csv)."""
    log = data.model().search_log_for(iso3)
    if log.empty:
        return
    with st.expander(f"Evidence search for this country ({len(log)} drug searches)"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Drug": log["drug"],
                    "Searched": log["searched_on"],
                    "Where": log["searched"],
                    "Result": log["result"],
                    "Note": log["note"].fillna(""),
                }
            ),
            hide_index=True,
            width="stretch",
        )


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
    ct = pd.concat([ct[ct["status"] != "no_data"], ct[ct["status"] == "no_data"]], ignore_index=True)  # known first
    st.subheader("Drugs")
    shown = pd.DataFrame(
        {
            "Drug": ct["label"],
            "Class": ct["class_group"],
            "Status": ct["status_label"],
            "Last evidence": ct["evidence_date"].fillna(""),
            "Evidence": ct["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
            "Old or inferred": ct["stale"].map({True: "yes", False: ""}),
            "Authorisation": [
                _dimension(v, w, c) for v, w, c in zip(ct["authorisation"], ct["auth_date"], ct["auth_citation"])
            ],
            "Public funding": [
                _dimension(v, w, c) for v, w, c in zip(ct["funding"], ct["fund_date"], ct["fund_citation"])
            ],
            "Facts": ct["n_facts"],
        }
    )
    st.dataframe(
        shown, hide_index=True, width="stretch", column_config={"Drug": st.column_config.TextColumn(pinned=True)}
    )
    st.caption(
        "Authorisation and public funding are each taken from their own latest cited fact; the status "
        "combines them. 'Old or inferred': newest evidence more than five years old, or only inferred."
    )
    widgets.csv_download(
        shown.assign(**{"view: country": m.country_name(iso3), "view: data as of": m.latest_as_of}),
        f"myeloma-access-{iso3}.csv",
    )


def history(iso3: str) -> None:
    m = data.model()
    with st.expander("All facts behind these statuses (history)"):
        f = m.country_facts(iso3)
        shown = pd.DataFrame(
            {
                "Drug": f["drug_id"].map(m.drug_labels),
                "Authorisation": f["authorisation"].fillna("").str.replace("_", " "),
                "Public funding": f["funding"].fillna("").str.replace("_", " "),
                "Date": f["date"].fillna(""),
                "Evidence": f["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
                "Note": f["note"].fillna(""),
                "Source": f["citation"].fillna(""),
                "Link": f["url"].fillna(""),
                "Consulted": f["as_of"].fillna(""),
            }
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
        )


# The reference figures: (layer key, number format, label, name in the "No data here for" list)
INDICATORS = (
    ("gdp_per_capita_usd", "US$ {:,.0f}", "GDP per capita", "GDP per capita"),
    ("gdp_per_capita_ppp", "int. $ {:,.0f}", "GDP per capita, PPP", "GDP per capita (PPP)"),
    ("population", "{:,.0f}", "Population", "population"),
    ("mm_new_cases", "{:,.0f}", "New myeloma cases a year (GLOBOCAN)", "new myeloma cases (GLOBOCAN)"),
    ("mm_incidence_asr", "{:.1f} per 100,000", "Myeloma incidence, age-standardised", "incidence rate"),
    ("mm_deaths", "{:,.0f}", "Myeloma deaths a year (GLOBOCAN)", "myeloma deaths (GLOBOCAN)"),
)


def _full_citation(source_id: str) -> str:
    """The whole citation (codes, repository, commit), linked: for the details fold, not the running text."""
    m = data.model()
    citation, url = m.source_citation(source_id), m.source_url(source_id)
    return f"[{citation}]({url})" if str(url).startswith("http") else citation


def _indicator_text(ind: dict | None, fmt: str, label: str) -> str | None:
    """'GDP per capita: **US$ 2,363** (2025; World Bank)': the figure, its year and who published it."""
    if ind is None:
        return None
    return f"{label}: **{fmt.format(ind['value'])}** ({ind['year']}; {data.model().source_publisher(ind['source_id'])})"


def layers(iso3: str) -> None:
    """Every evidence layer with data for this country, and a plain list of the layers without."""
    m = data.model()
    lay = m.country_layers(iso3)
    missing = []
    st.subheader("Reference figures")
    lines = [_indicator_text(lay.get(key), fmt, label) for key, fmt, label, _ in INDICATORS]
    shown = [f"- {line}" for line in lines if line]
    missing += [name for (*_, name), line in zip(INDICATORS, lines) if not line]
    if shown:
        st.markdown("\n".join(shown))
        used = [ind["source_id"] for key, *_ in INDICATORS if isinstance(ind := lay.get(key), dict)]
        with st.expander("Where these figures come from (full citations and indicator codes)"):
            st.markdown("\n".join(f"- {_full_citation(sid)}" for sid in dict.fromkeys(used)))

    st.subheader("National essential medicines list")
    eml = lay["national_eml"]
    if eml is None:
        missing.append("national essential medicines list (not in the GEM database)")
        st.caption("GEM has no national essential medicines list for this country.")
    else:
        listed = eml[eml["listed"] == "yes"]
        year = int(eml["list_year"].iloc[0])
        publisher = " / ".join(dict.fromkeys(m.source_publisher(s) for s in eml["source_id"]))
        st.markdown(
            f"On the national EML of **{year}** ({publisher}): "
            + (
                ", ".join(m.drug_labels.get(d, d) for d in dict.fromkeys(listed["drug_id"]))
                if len(listed)
                else "none of the myeloma medicines GEM covers"
            )
            + ". A listing is a government's commitment to public-sector supply, not proof "
            "of funding or of supply today; 'not listed' is not 'not available'."
        )
        if "thalidomide" in set(listed["drug_id"]):
            st.caption(
                "Thalidomide listings are probably for leprosy (erythema nodosum leprosum): the list gives no indication."
            )

    st.subheader("Prices and cycle costs")
    prices, costs = lay["prices"], lay["cycle_costs"]
    if prices is None:
        missing.append("prices (so every cycle cost here is unknown, never zero)")
        st.caption("No price is sourced for this country, so costs here are unknown (never zero).")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Drug": prices["drug_id"].map(m.drug_labels),
                    "Route": prices["route"],
                    "Product": prices["product"],
                    "mg per unit": prices["strength_mg"],
                    "Units per pack": prices["units_per_pack"],
                    "Pack price": [f"{float(p):,.2f}" for p in prices["pack_price"]],
                    "Currency": prices["currency"],
                    "Price type": prices["price_type"],
                    "Price date": prices["price_date"],
                    "Source": prices["source_id"].map(m.source_citation),
                }
            ),
            hide_index=True,
            width="stretch",
        )
        if costs:
            abbr = dict(zip(m.ds.regimens["regimen_id"], m.ds.regimens["abbreviation"]))
            gdp = lay["gdp_per_capita_usd"]
            st.dataframe(
                pd.DataFrame(
                    {
                        "Regimen": [abbr.get(r, r) for r in costs],
                        "28-day cycle, US$ (price-year rate)": [f"{c.usd:,.0f}" for c in costs.values()],
                        "US$ at today's rate": [f"{c.usd_today:,.0f}" for c in costs.values()],
                        "Months of GDP per capita": [
                            f"{mo:.1f}" if (mo := months_of_gdp(c.usd, gdp["value"] if gdp else None)) else ""
                            for c in costs.values()
                        ],
                        "Prices used": [
                            ", ".join(f"{x['price_id']} ({x['price_date']})" for x in c.components)
                            for c in costs.values()
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            st.caption(
                "Drug cost of the first 28-day cycle (70 kg, 1.8 m²) at list prices, which ignore confidential "
                "discounts. Regimens with any unpriced drug are left out, never counted as zero."
            )
        else:
            st.caption("No regimen has every drug priced here, so no cycle cost can be computed.")

    if lay["register"] is not None:
        st.caption("National register facts (registration / reimbursement) are included in the statuses above.")
    if missing:
        st.info("No data here for: " + "; ".join(missing) + ".", icon=":material/info:")


def imwg_people(iso3: str) -> None:
    roster = data.imwg_members()  # the roster in use, as counted in the metric
    people = roster[roster["iso3"] == iso3]
    if len(people):
        st.subheader("IMWG people listed for this country")
        st.dataframe(
            people[["member_name", "institution", "roster", "evidence", "as_of"]].rename(
                columns={
                    "member_name": "Name",
                    "institution": "Institution",
                    "roster": "List",
                    "evidence": "Evidence",
                    "as_of": "As of",
                }
            ),
            hide_index=True,
            width="stretch",
        )
