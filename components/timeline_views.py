"""The access-over-time page: first approvals and lags, countries by status year by year."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from myeloma_access import labels
from myeloma_access import views as v
from myeloma_access.status import STATUS_CLASSES

from . import data, figures, widgets
from .charts import chart_layout, text_or_blank
from .people_views import people_panel

EVIDENCE_LEGEND = {
    "regional_authorisation": "EU central authorisation (EMA)",
    "regulatory_event": "Regulator or payer event",
    "territorial_authorisation": "US federal approval (FDA), in a US territory",
    "country_fact": "Report or survey (its date)",
    "register": "Register snapshot (its date)",
}


EVIDENCE_COLOURS = {
    "regional_authorisation": "#0072B2",
    "regulatory_event": "#009E73",
    "territorial_authorisation": "#56B4E9",
    "country_fact": "#E69F00",
    "register": "#CC79A7",
}


@data.per_version
def first_approvals(m, drug_id: str, approvals_only: bool) -> pd.DataFrame:
    return v.first_approvals(m, drug_id, approvals_only)


@data.per_version
def status_by_year(m, drug_id: str, first_year: int, last_year: int) -> pd.DataFrame:
    return v.status_by_year(m, drug_id, range(first_year, last_year + 1))


def timeline_chart(fa: pd.DataFrame, title: str, note: str) -> go.Figure:
    """One dot per jurisdiction at its first dated approval, labelled with its name and lag in years."""
    t = fa.sort_values(["date_start", "name"]).reset_index(drop=True)
    t["row"] = range(len(t), 0, -1)
    first, last = t["date_start"].min(), t["date_start"].max()
    mid = first + (last - first) / 2 if len(t) else None
    fig = go.Figure()
    for basis, colour in EVIDENCE_COLOURS.items():
        sub = t[t["basis"] == basis]
        if sub.empty:
            continue
        short = [n if len(n) <= 22 else n[:21] + "…" for n in sub["name"]]
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(sub["date_start"]),
                y=sub["row"],
                mode="markers+text",
                name=EVIDENCE_LEGEND[basis],
                marker=dict(size=11, color=colour, line=dict(color="#333", width=0.5)),
                text=[
                    f"{n} · first" if f else f"{n} +{lag:.1f} y"
                    for n, f, lag in zip(short, sub["first"], sub["lag_years"])
                ],
                textposition=["middle right" if d <= mid else "middle left" for d in sub["date_start"]],
                textfont=dict(size=11),
                cliponaxis=False,
                customdata=sub[["name", "date", "citation"]].map(lambda s: html.escape(str(s)[:100])).values,
                hovertemplate="<b>%{customdata[0]}</b>: %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )
    fig.update_xaxes(gridcolor="#eee", title_text="First dated approval")
    fig.update_yaxes(visible=False, range=[0.3, len(t) + 0.7])
    kinds = int(t["basis"].nunique())
    return chart_layout(fig, title, note, plot_px=40 + 24 * len(t), legend_items=kinds)


def timeline_display(fa: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Jurisdiction": fa["name"],
            "First approval": fa["date"],
            "Years after the first approval anywhere": [f"{x:.1f}" for x in fa["lag_years"]],
            "Date precision": fa["precision"],
            "Evidence": fa["evidence"],
            "Confidence": fa["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
            "Source": fa["citation"],
            "Link": fa["url"],
            "Note": fa["note"].map(text_or_blank),
            "WHO region": fa["who_region"].map(lambda c: labels.label(labels.WHO_REGIONS, c)),
            "Income group": fa["income_group"].map(lambda c: labels.label(labels.INCOME_GROUPS, c)),
        }
    )


def by_year_chart(counts: pd.DataFrame, title: str, note: str) -> go.Figure:
    """Stacked bars: mapped countries per status class at the end of each year ('No data' left out)."""
    fig = go.Figure()
    for s in STATUS_CLASSES:
        if s.id == "no_data":
            continue
        sub = counts[counts["status"] == s.id]
        if sub["countries"].sum() == 0:
            continue
        fig.add_trace(
            go.Bar(
                x=sub["year"],
                y=sub["countries"],
                name=s.label,
                marker_color=s.colour,
                hovertemplate="End of %{x}: %{y} countries<extra>" + s.label + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Status at the end of the year", tickformat="d")
    fig.update_yaxes(gridcolor="#eee")
    shown = sum(
        1 for s in STATUS_CLASSES if s.id != "no_data" and counts.loc[counts["status"] == s.id, "countries"].sum()
    )
    return chart_layout(fig, title, note, plot_px=300, legend_items=shown, axis_px=60, left_px=40)


def timeline_view(drug: str, approvals_only: bool) -> None:
    """The timeline page body: first approvals and lags, countries by status per year, link to the map by year."""
    m = data.model()
    name = m.drug_labels.get(drug, drug)
    fa = first_approvals(drug, approvals_only)
    st.caption(
        "In the spirit of EFPIA's W.A.I.T. 'time to availability': for each jurisdiction, the earliest dated "
        "approval in the data and how many years it came after the first approval anywhere. The EU central "
        "authorisation counts once, as EU/EEA (its member states' own records are on the Country page). A missing "
        "country means no dated approval in the data, not that the drug is unapproved there."
    )
    if fa.empty:
        st.info(
            f"No dated approval of {name} is in the data"
            + (
                " from a regulator or the EMA; switch on 'Also count reports, surveys and registers'."
                if approvals_only
                else "."
            )
        )
    else:
        first = fa.iloc[0]
        later = fa[~fa["first"]]
        k = st.columns(3)
        k[0].metric("First approval anywhere", f"{first['date']}", first["name"], delta_color="off", delta_arrow="off")
        k[1].metric("Jurisdictions with a dated approval", len(fa))
        k[2].metric("Median lag of the others (years)", f"{later['lag_years'].median():.1f}" if len(later) else "—")
        kind = "approval events" if approvals_only else "evidence of approval of any kind"
        note = figures.wrap(
            f"{data.provenance()}; earliest dated {kind} per "
            "jurisdiction (regulators, EMA, reports). Lag = years after the first approval anywhere; a month- or "
            "year-only date counts from its first day.",
            100,
        )
        t_title = f"{name}: first approval by jurisdiction"
        widgets.chart(
            timeline_chart(fa, t_title, note),
            "timeline_chart",
            f"first-approvals-{drug}",
            f"Timeline: {t_title}",
            t_title,
        )
        shown = timeline_display(fa)
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                "Link": st.column_config.LinkColumn("Link", display_text="open"),
                "Jurisdiction": st.column_config.TextColumn(pinned=True),
            },
        )
        widgets.csv_download(
            shown.assign(**{"view: drug": name, "view: evidence": kind, "view: data as of": m.latest_as_of}),
            f"first-approvals-{drug}.csv",
            key="timeline_dl",
        )

    st.subheader("Countries with a sourced status, year by year")
    start = v.first_evidence_year(m, drug)
    counts = status_by_year(drug, start, m.today.year)
    note = (
        f"{data.provenance()}. The access map's rule applied to the "
        "facts dated up to the end of each year; countries with no data are not drawn."
    )
    y_title = f"{name}: countries by access status at the end of each year"
    widgets.chart(
        by_year_chart(counts, y_title, note),
        "by_year_chart",
        f"status-by-year-{drug}",
        f"Stacked bars: {y_title}",
        y_title,
    )
    wide = counts.pivot(index="year", columns="label", values="countries")
    wide = wide[[s.label for s in STATUS_CLASSES]].reset_index().rename(columns={"year": "End of year"})
    with st.expander("Counts by year (table)"):
        st.dataframe(wide, hide_index=True, width="stretch")
        widgets.csv_download(
            wide.assign(**{"view: drug": name, "view: data as of": m.latest_as_of}),
            f"status-by-year-{drug}.csv",
            key="by_year_dl",
        )
    years = [str(y) for y in range(m.today.year, start - 1, -1)]
    c = st.columns([1, 2])
    with c[0]:
        year = widgets.url_select(
            st.selectbox, "See the access map as of the end of", years, "year", default=years[min(5, len(years) - 1)]
        )
    with c[1]:
        # A plain link to the app's root: st.page_link to the default page writes a bare "?drug=..." that
        # keeps the browser on this page.
        href = widgets.root_link({"drug": drug, "year": year})
        label = html.escape(f"Open the access map for {name}, end of {year}")
        st.markdown(f'<a href="{html.escape(href)}" target="_self">{label}</a>', unsafe_allow_html=True)

    st.subheader("People affected today")
    people_panel(data.map_table(drug), name, key="timeline_people")
