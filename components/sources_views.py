"""The Sources & methods page's body: the status rule, coverage, guidance, costs, the IMWG roster and every source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from myeloma_access import views as v
from myeloma_access.costs import BSA_M2, WEIGHT_KG
from myeloma_access.labels import WHO_REGIONS
from myeloma_access.status import STALE_YEARS, STATUS_CLASSES, status_label

from . import data, widgets


def status_rule() -> None:
    """How a status is decided, each class with its definition, evidence strength and age."""
    st.header("Access status")
    st.markdown(
        "Every fact is one cited row about one drug in one country. It speaks to **authorisation** (approved; not "
        "approved or not marketed; withdrawn), to **public funding** (funded; explicitly not funded — a payer declined, "
        "or patients pay), or to both. Each dimension is taken from **its own latest dated fact**, so a later "
        "indication extension never erases earlier funding, and a later delisting does. An undated fact counts from "
        "the day its source was consulted. On equal dates the more specific evidence wins ("
        + " > ".join(v.basis_order())
        + ")."
    )
    st.markdown(
        "The class on the map combines the two: a withdrawal or non-approval dated on or after the funding evidence "
        "wins; otherwise funding decides (funded → *Publicly funded*; not funded → *Not publicly funded*); otherwise "
        "an approval gives *Approved, funding unknown*. 'Any of' a class takes the member with the best access; if "
        "every member with data is unavailable but another member has no data, the class shows *No data*."
    )
    st.markdown(
        "\n".join(
            f"- {widgets.status_badge(s.id)} {widgets.status_badge(s.id, stale=True) if s.id != 'no_data' else ''}"
            f" — {s.definition}"
            for s in STATUS_CLASSES
        ),
        unsafe_allow_html=True,
    )
    st.markdown(
        f"**Evidence strength and age.** Each status carries the date of its newest evidence and a confidence: "
        "*stated* by a regulator or payer (their own page, register or export), *reported* (survey, news, company, "
        f"journal), or *inferred* (the source shows use, not an authorisation). A lighter shade marks a status whose "
        f"newest evidence is more than {STALE_YEARS} years old or only inferred: old is shown as old, never as "
        "today's truth. EU central authorisations (EMA medicines report of 14 March 2026; the report of 12 March 2023 "
        "for history) apply in the 27 EU states, Iceland, Liechtenstein and Norway and say nothing about national "
        "funding. The WHO Model List is global, so it is shown per drug, never as a country status."
    )


def coverage() -> None:
    """Countries with a sourced status (all core drugs, any, per drug), per country, per layer and per WHO region."""
    m = data.model()
    core = m.core_drugs
    summary = v.coverage_summary(m, core)
    st.header("Coverage")
    st.markdown(
        f"Countries with a sourced status for **all {summary.drugs} core drugs**: **{summary.all_drugs}**; with at "
        f"least one: **{summary.any_drug}** of {summary.mapped} mapped countries. Per drug: "
        + ", ".join(f"{m.drug_labels[d]} {n}" for d, n in summary.per_drug.items())
        + "."
    )
    cov_shown = m.coverage(core).reset_index()
    cov_shown.insert(0, "Country", cov_shown["iso3"].map(m.country_name))
    for d in core:
        cov_shown[d] = cov_shown[d].map(status_label)
    cov_shown = cov_shown.rename(columns={"n_sourced": "Core drugs sourced", "iso3": "ISO3", **m.drug_labels})
    st.dataframe(
        cov_shown, hide_index=True, width="stretch", column_config={"Country": st.column_config.TextColumn(pinned=True)}
    )
    widgets.csv_download(cov_shown, "myeloma-access-coverage.csv", key="cov_dl")

    st.subheader("Coverage per evidence layer and WHO region")
    st.dataframe(
        m.layer_coverage().rename(columns={"layer": "Layer", "countries": "Countries", **WHO_REGIONS}),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Mapped countries with at least one row of each layer. A national EML listing, a register entry or a price "
        "is its own kind of evidence; only sourced authorisation/funding facts set a status."
    )
    by_region = m.coverage_by_region()
    by_region["who_region"] = by_region["who_region"].map(lambda r: WHO_REGIONS.get(r, "No WHO region"))
    st.dataframe(
        by_region.rename(columns={"who_region": "WHO region", "countries": "Countries", **m.drug_labels}),
        hide_index=True,
        width="stretch",
    )
    st.caption("Countries with a sourced status for each core drug, per WHO region.")


def guidance() -> None:
    """Each guidance the finder can show, and what exists but could not be verified."""
    m = data.model()
    ds = m.ds
    st.header("Guidance in the regimen finder")
    st.dataframe(
        pd.DataFrame(
            {
                "Guidance": ds.guidelines["label"],
                "Kind": ds.guidelines["kind"].str.replace("_", " ").str.capitalize(),
                "Year": ds.guidelines["year"],
                "What it is": ds.guidelines["description"],
                "Source": ds.guidelines["source_id"].map(m.source_citation),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown("**What exists but could not be verified** (shown in the finder, never filled in):")
    st.markdown("\n".join(f"- {g}" for g in ds.guidance_gaps["message"]))


def cost_method() -> None:
    """What a cycle cost is (dose basis, prices, exchange rates)."""
    st.header("Costs")
    st.markdown(
        f"Drug cost of a 28-day cycle at standard doses for a **{WEIGHT_KG:.0f} kg** adult with **{BSA_M2} m²** "
        "body-surface area, proportional to milligrams given (no vial wastage, administration or monitoring), using "
        "the lowest listed price per mg in the country for the drug and route. Each price is converted to US dollars at "
        "the cited exchange rate of its own year (the nearest earlier year where that year has none), and also at the "
        "latest rate, labelled 'today'. A regimen with any unpriced drug has an unknown cost, never zero. List prices "
        "ignore confidential discounts."
    )


def imwg_roster() -> None:
    """The IMWG lists behind the overlay, with their completeness."""
    m = data.model()
    ds = m.ds
    st.header("IMWG membership roster")
    st.dataframe(
        pd.DataFrame(
            {
                "List": ds.imwg_rosters["title"],
                "What it is": ds.imwg_rosters["what_it_is"],
                "People": ds.imwg_rosters["n_people"].astype("string").fillna(""),
                "Completeness": ds.imwg_rosters["completeness"].fillna(""),
                "Source": ds.imwg_rosters["source_id"].map(m.source_citation),
                "As of": ds.imwg_rosters["as_of"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "No public per-country IMWG roster exists; the IMF gives totals only ('295 myeloma experts from 41 countries'; "
        "'more than 300' in 2024). The overlay counts people whose country a cited IMWG source shows."
    )


def all_sources() -> None:
    """Every source with its link, publisher, dates, licence and how many rows cite it; a CSV download."""
    src = v.source_uses(data.model())
    st.header("All sources")
    st.caption(f"{len(src)} sources. Each fact row in the data cites one of them with an as-of date.")
    src_shown = pd.DataFrame(
        {
            "Citation": src["citation"],
            "Link": src["url"],
            "Publisher": src["publisher"],
            "Published": src["published"].fillna(""),
            "Consulted": src["accessed"],
            "Licence": src["licence"],
            "Type": src["source_type"].str.replace("_", " "),
            "Rows citing it": src["rows"],
            "Note": src["note"].fillna(""),
            "Source id": src["source_id"],
        }
    )
    st.dataframe(
        src_shown,
        hide_index=True,
        width="stretch",
        column_config={
            "Link": st.column_config.LinkColumn("Link", display_text="open"),
            "Citation": st.column_config.TextColumn(pinned=True),
        },
    )
    widgets.csv_download(src, "myeloma-access-sources.csv", key="src_dl")
