"""Disparity views: figure builders and Streamlit drawing for cost, people affected, timeline and comparison.

Every number comes from :mod:`myeloma_access.views` (pure); this module caches, labels and draws.
``people_panel(table, what)`` is the reusable "people affected" block for any page.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from myeloma_access import labels
from myeloma_access import views as v
from myeloma_access.finder import FinderQuery
from myeloma_access.status import STATUS_BY_ID, STATUS_CLASSES

from . import data, figures, widgets

NO_PRICE = "#BDBDBD"
DISCOUNT_NOTE = (
    "List prices ignore the confidential discounts, rebates and managed-entry agreements that most payers "
    "negotiate; what a health system actually pays is usually lower and is not published."
)
COST_ASSUMPTIONS = (
    "Drug cost of one 28-day cycle (the regimen's first cycles; 70 kg, 1.8 m²; no administration, monitoring or "
    "wastage), the lowest listed price per mg in the country."
)
EVIDENCE_LEGEND = {
    "regional_authorisation": "EU central authorisation (EMA)",
    "regulatory_event": "Regulator or payer event",
    "territorial_authorisation": "US federal approval (FDA), in a US territory",
    "country_fact": "Report or survey (its date)",
    "register": "Register snapshot (its date)",
}
USABLE_COLOURS = {"usable": "#009E73", "none": "#D55E00", "unknown": "#E0E0E0"}
SHORT_STATUS = {
    "publicly_funded": "Funded",
    "publicly_funded_some": "Funded (some)",
    "approved": "Approved",
    "not_funded": "Patients pay",
    "not_approved": "Not approved",
    "withdrawn": "Withdrawn",
    "no_data": "No data",
}
EVIDENCE_COLOURS = {
    "regional_authorisation": "#0072B2",
    "regulatory_event": "#009E73",
    "territorial_authorisation": "#56B4E9",
    "country_fact": "#E69F00",
    "register": "#CC79A7",
}


# ---- cached views (keyed by the session's data version: components.data.per_version) -----------
@data.per_version
def cost_table(m, regimen_id: str, drug: str | None) -> pd.DataFrame:
    return v.cost_table(m, regimen_id, drug or None)


@data.per_version
def price_rows(m, regimen_id: str, drug: str | None, iso3s: tuple) -> pd.DataFrame:
    return v.price_rows(m, regimen_id, list(iso3s), drug or None)


@data.per_version
def first_approvals(m, drug_id: str, approvals_only: bool) -> pd.DataFrame:
    return v.first_approvals(m, drug_id, approvals_only)


@data.per_version
def status_by_year(m, drug_id: str, first_year: int, last_year: int) -> pd.DataFrame:
    return v.status_by_year(m, drug_id, range(first_year, last_year + 1))


@data.per_version
def compare_matrix(m, iso3s: tuple) -> pd.DataFrame:
    return v.compare_matrix(m, list(iso3s))


@data.per_version
def compare_usable(m, iso3s: tuple, query: FinderQuery) -> pd.DataFrame:
    return v.compare_usable(m, list(iso3s), query)


@data.per_version
def compare_costs(m, iso3s: tuple) -> pd.DataFrame:
    return v.compare_costs(m, list(iso3s))


@data.per_version
def _people(m, table: pd.DataFrame, kind: str) -> pd.DataFrame:
    return v.people_affected(m, table) if kind == "status" else v.people_usable(m, table)


# ---- formatting -----------------------------------------------------------------------------
def fmt(value, basis: str) -> str:
    """A cost on one basis in words ('$26,584', 'Int$ 30,184', '5.5 months'); '' when unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if basis == "gdp_months":
        return f"{value:,.1f} months"
    if basis == "ppp":
        return f"Int$ {value:,.0f}"
    return f"${value:,.0f}"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def source_line(extra: str = "") -> str:
    return f"{data.provenance()}." + (f" {extra}" if extra else "")


MAP_PX = 330  # height of the map itself; legend, colour bar and source line are added below it
NOTE_CHARS = 54  # a source line wrapped to fit a 390 px phone at 10 px type, after a y axis


def _chart_layout(
    fig: go.Figure, title: str, note: str, plot_px: int, legend_items: int = 0, axis_px: int = 50, left_px: int = 4
) -> go.Figure:
    """The app's fixed pixel layout (:func:`figures.fixed_layout`): title, plot, axis labels, one legend
    item per row, source line — nothing depends on the width, so the phone view and the 16:9 slide match.

    ``left_px`` is a fixed room for the y axis labels (no automargin); title, legend and source line are
    shifted back to the figure's left edge, so a long axis label never pushes them off a phone's screen.
    """
    fig = figures.fixed_layout(
        fig,
        title,
        figures.wrap(note.replace("<br>", " "), NOTE_CHARS),
        plot_px,
        legend_items,
        present=widgets.presenting(),
        below_px=axis_px,
    )
    fig.update_layout(
        plot_bgcolor="white",
        legend=dict(tracegroupgap=0, xref="container", x=0.01),
        margin=dict(l=left_px, autoexpand=False),
    )  # the layout is computed: nothing may push it
    if left_px > 4:
        fig.update_yaxes(automargin=False)
        for a in fig.layout.annotations:
            if a.xref == "paper" and a.x == 0.01:
                a.xshift = -(left_px - 4)
    return fig


def _push_down(fig: go.Figure, px: int) -> None:
    """Add ``px`` between the title and the plot (the title annotation keeps its pixel offset)."""
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    for a in fig.layout.annotations:
        if a.yref == "paper" and a.y is not None and a.y > 1:
            a.y = 1 + ((a.y - 1) * plot_px + px) / plot_px
    fig.update_layout(height=fig.layout.height + px, margin=dict(t=fig.layout.margin.t + px))


# ---- cost and affordability -------------------------------------------------------------------
def _hover_prices(text: str) -> str:
    """Each price on its own wrapped lines, its price id first (long citations shortened for the hover)."""
    out = []
    for line in str(text or "").split("\n"):
        if not line:
            continue
        body, _, pid = line.rpartition(" [")
        body = body if pid else line
        body = body[:160] + ("…" if len(body) > 160 else "")
        out.append(figures.wrap(html.escape(f"[{pid.rstrip(']')}] {body}" if pid else body), 70))
    return "<br>".join(out) or "—"


def cost_map(table: pd.DataFrame, basis: str, title: str, note: str) -> go.Figure:
    """Choropleth of the cycle cost on one basis; 'No price' is its own grey class (never zero)."""
    t = table.copy()
    t["value_text"] = [fmt(x, basis) for x in t[basis]]
    t["hover_prices"] = t["prices_used"].map(_hover_prices)
    t["hover_unpriced"] = [html.escape(m) if m else "none" for m in t["missing"].fillna("")]
    t["detail"] = [
        f"US$ at price-year rate: {fmt(a, 'usd')} · today: {fmt(b, 'usd_today')}<br>PPP: {fmt(c, 'ppp') or 'n/a'}"
        f" · {fmt(d, 'gdp_months') or 'n/a'} of GDP per capita ({y})"
        if a is not None
        else ""
        for a, b, c, d, y in zip(t["usd"], t["usd_today"], t["ppp"], t["gdp_months"], t["gdp_year"])
    ]
    known = t[t[basis].notna()]
    unknown = t[t[basis].isna()]
    fig = go.Figure()
    if len(known):
        fig.add_trace(
            go.Choropleth(
                locations=known["iso3"],
                z=known[basis].astype(float),
                locationmode="ISO-3",
                colorscale="YlOrRd",
                zmin=0,
                zmax=float(known[basis].max()),
                colorbar=dict(
                    title=dict(text=v.BASIS_SHORT[basis], side="top", font=dict(size=11)),
                    orientation="h",
                    y=-6 / MAP_PX,
                    yanchor="top",
                    len=0.6,
                    lenmode="fraction",
                    x=0,
                    xanchor="left",
                    thickness=10,
                    tickfont=dict(size=10),
                ),
                marker=dict(line=dict(color="white", width=0.4)),
                customdata=known[["name", "value_text", "detail", "hover_prices"]].values,
                hovertemplate="<b>%{customdata[0]}</b>: %{customdata[1]} per 28-day cycle<br>%{customdata[2]}"
                "<br><i>Prices used</i><br>%{customdata[3]}<extra></extra>",
                name="Cost",
                showlegend=False,
            )
        )
    if len(unknown):
        fig.add_trace(
            go.Choropleth(
                locations=unknown["iso3"],
                z=[0] * len(unknown),
                locationmode="ISO-3",
                colorscale=[[0, NO_PRICE], [1, NO_PRICE]],
                showscale=False,
                marker=dict(line=dict(color="white", width=0.4)),
                customdata=unknown[["name", "hover_unpriced", "hover_prices"]].values,
                hovertemplate="<b>%{customdata[0]}</b>: no price<br>Unpriced: %{customdata[1]}"
                "<br><i>Prices found</i><br>%{customdata[2]}<extra></extra>",
                name="No price",
                showlegend=False,
            )
        )
    fig.add_trace(figures._legend_trace("No price (some or every drug unpriced)", NO_PRICE))
    fig.update_geos(**figures._geo_layout())
    fig = _chart_layout(fig, title, note, plot_px=MAP_PX, legend_items=1, axis_px=64 if len(known) else 6)
    fig.update_layout(uirevision="cost_map")
    return fig


def cost_bars(table: pd.DataFrame, basis: str, title: str, note: str) -> go.Figure:
    """The priced countries side by side (a bar per country, value labelled)."""
    t = table[table[basis].notna()].sort_values(basis, ascending=False)
    fig = go.Figure(
        go.Bar(
            x=t["name"],
            y=t[basis].astype(float),
            marker_color="#E6550D",
            name=v.BASIS_SHORT[basis],
            text=[fmt(x, basis) for x in t[basis]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(gridcolor="#eee", rangemode="tozero", tickformat="~s")
    return _chart_layout(fig, title, note, plot_px=300, axis_px=60, left_px=48)


def cost_display(table: pd.DataFrame, basis: str) -> pd.DataFrame:
    """The cost table with human column labels (priced countries first)."""
    t = table.assign(_k=table[basis].isna()).sort_values(["_k", "name"])
    return pd.DataFrame(
        {
            "Country": t["name"],
            f"Cost per cycle ({v.BASIS_SHORT[basis]})": [fmt(x, basis) or "no price" for x in t[basis]],
            "US$ (price-year rate)": [fmt(x, "usd") for x in t["usd"]],
            "US$ (today's rate)": [fmt(x, "usd_today") for x in t["usd_today"]],
            "PPP (international $)": [
                fmt(x, "ppp") or (f"n/a: {n}" if n else "") for x, n in zip(t["ppp"], t["ppp_note"])
            ],
            "Months of GDP per capita": [fmt(x, "gdp_months") for x in t["gdp_months"]],
            "GDP per capita (US$, year)": [
                f"${g:,.0f} ({int(y)})" if g is not None else "" for g, y in zip(t["gdp_per_capita_usd"], t["gdp_year"])
            ],
            "Exchange rates (year)": t["fx_years"].fillna(""),
            "PPP factors (year)": t["ppp_years"].fillna(""),
            "Prices used": t["prices_used"].fillna("").str.replace("\n", " | "),
            "Unpriced": t["missing"].fillna(""),
            "WHO region": t["who_region"].map(lambda c: labels.label(labels.WHO_REGIONS, c)),
            "Income group": t["income_group"].map(lambda c: labels.label(labels.INCOME_GROUPS, c)),
        }
    )


def price_display(prices: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Country": prices["country"],
            "Drug": prices["drug"],
            "Route": prices["route"],
            "mg per cycle": prices["mg_per_cycle"],
            "Product": prices["product"],
            "Pack price": [f"{c} {p:,.2f}" for c, p in zip(prices["currency"], prices["pack_price"])],
            "Price type": prices["price_type"],
            "Price date": prices["price_date"],
            "Cost per cycle (local)": [f"{c} {x:,.2f}" for c, x in zip(prices["currency"], prices["local_cost"])],
            "US$ (price-year rate)": [f"${x:,.2f} ({y})" for x, y in zip(prices["usd"], prices["fx_year"])],
            "US$ (today's rate)": [f"${x:,.2f}" for x in prices["usd_today"]],
            "PPP factor (LCU per int$, year)": [
                f"{f:.4g} ({int(y)})" if f is not None and pd.notna(f) else "n/a"
                for f, y in zip(prices["ppp_factor"], prices["ppp_year"])
            ],
            "Source": prices["citation"],
            "Link": prices["url"],
            "Price ID": prices["price_id"],
        }
    )


def cost_sentence(r: dict, basis: str) -> str:
    """One country's cycle cost in words: every basis, or 'no price' and what is unpriced."""
    if r["usd"] is None:
        if not r["priced_drugs"] and not r["price_ids"]:
            return f"**{r['name']}**: no price — none in the data for {r['unpriced_drugs']}."
        return f"**{r['name']}**: no price — {r['missing'] or 'not costed'}. Priced: {r['priced_drugs'] or 'none'}."
    ppp = fmt(r["ppp"], "ppp") or f"PPP n/a ({r['ppp_note']})"
    months = (
        f"{fmt(r['gdp_months'], 'gdp_months')} of GDP per capita ({r['gdp_year']})"
        if r["gdp_months"] is not None
        else "GDP per capita n/a"
    )
    return (
        f"**{r['name']}**: {fmt(r['usd'], 'usd')} at the price year's exchange rate ({r['fx_years']}) · "
        f"{fmt(r['usd_today'], 'usd_today')} at today's rate ({r['today_fx_date']}) · {ppp} · {months}."
    )


def cost_cards(table: pd.DataFrame, iso3s: list, basis: str) -> None:
    """The chosen countries' cycle costs in words (a worked example to read out or paste)."""
    rows = table.set_index("iso3")
    for iso3 in iso3s:
        if iso3 in rows.index:  # '$' escaped: two of them would open a LaTeX formula in Streamlit markdown
            st.markdown(cost_sentence(rows.loc[iso3].to_dict() | {"iso3": iso3}, basis).replace("$", "\\$"))


def costs_view(regimen_id: str, drug: str, basis: str, highlight: list | None = None) -> None:
    """The cost page body: map, priced countries, tables with every price cited."""
    m = data.model()
    options = v.costed_options(m)
    abbr = options[regimen_id].split(" — ")[0]
    what = f"{m.drug_labels.get(drug, drug)} at the {abbr} dose" if drug else abbr
    table = cost_table(regimen_id, drug or None)
    priced = table[table[basis].notna()]
    st.info(DISCOUNT_NOTE + " " + COST_ASSUMPTIONS, icon=":material/info:")
    basis_note = {
        "usd": "each price converted at the exchange rate of its own year",
        "usd_today": "each price converted at today's exchange rate",
        "ppp": "each price in local currency ÷ the World Bank PPP conversion factor (local currency per "
        "international $) of the price's year",
        "gdp_months": "cycle cost in US$ (price-year rates) ÷ one month of GDP per capita (current US$, latest year)",
    }[basis]
    note = (
        f"{data.provenance()}. List prices (confidential discounts "
        f"ignored); {basis_note}; 70 kg, 1.8 m². Grey = no price in the data, not a zero cost. Exchange "
        "rates: World Bank WDI, ECB; PPP, GDP: World Bank WDI."
    )
    title = f"Drug cost of a 28-day cycle of {what}: {v.BASES[basis]}"
    fig = cost_map(table, basis, title, note)
    widgets.chart(fig, "cost_map", f"cycle-cost-{regimen_id}-{basis}", f"World map of the cycle cost of {what}", title)
    st.markdown(
        f"**{len(priced)}** countries have a price for every drug of {what}; "
        f"**{len(table) - len(priced)}** have no price (grey) — hover or see the table for what is missing."
    )
    if highlight:
        with st.container(border=True):
            st.markdown(f"**{what}, one 28-day cycle**")
            cost_cards(table, highlight, basis)
    if len(priced):
        bars_title = f"{what}: cost of a 28-day cycle where every drug is priced"
        widgets.chart(
            cost_bars(table, basis, bars_title, source_line(f"{v.BASES[basis]}. List prices; discounts ignored.")),
            "cost_bars",
            f"cycle-cost-bars-{regimen_id}-{basis}",
            f"Bar chart: {bars_title}",
            bars_title,
        )
    st.subheader("Table")
    shown = cost_display(table, basis)
    only_priced = widgets.url_toggle("Only countries with a price", "priced", default=True)
    view = shown[shown.iloc[:, 1] != "no price"] if only_priced else shown
    st.dataframe(
        view, hide_index=True, width="stretch", column_config={"Country": st.column_config.TextColumn(pinned=True)}
    )
    view_cols = {
        "view: regimen": abbr,
        "view: drug": m.drug_labels.get(drug, "whole regimen"),
        "view: basis": v.BASES[basis],
        "view: data as of": m.latest_as_of,
    }
    widgets.csv_download(
        shown.assign(**view_cols), f"cycle-cost-{regimen_id}{'-' + drug if drug else ''}.csv", key="cost_dl"
    )
    iso3s = tuple(table.loc[table["price_ids"] != "", "iso3"])
    prices = price_rows(regimen_id, drug or None, iso3s)
    st.subheader("Every price used or found")
    st.caption(
        "Each price behind the costs above, and the prices found in countries where another drug of the "
        "selection is unpriced (so the cycle cost there is unknown)."
    )
    if prices.empty:
        st.caption("No price is used: no country has a price for any drug of this selection.")
    else:
        pshown = price_display(prices)
        st.dataframe(
            pshown,
            hide_index=True,
            width="stretch",
            column_config={
                "Link": st.column_config.LinkColumn("Link", display_text="open"),
                "Country": st.column_config.TextColumn(pinned=True),
            },
        )
        widgets.csv_download(
            pshown.assign(**view_cols), f"cycle-cost-prices-{regimen_id}.csv", "Download the prices", key="price_dl"
        )


# ---- people affected ----------------------------------------------------------------------------
def people_chart(people: pd.DataFrame, title: str, note: str) -> go.Figure:
    """Stacked bars of new cases by class: by WHO region (top) and by income group (bottom)."""
    fig = make_subplots(
        rows=2, cols=1, subplot_titles=("By WHO region", "By World Bank income group"), vertical_spacing=0.22
    )
    classes = list(dict.fromkeys(people["cls"]))
    colours = {s.id: s.colour for s in STATUS_CLASSES} | USABLE_COLOURS
    shown = [
        c
        for c in classes
        if people.loc[people["cls"] == c, "new_cases"].sum() > 0
        or people.loc[people["cls"] == c, "countries"].sum() > 0
    ]
    for i, dim in enumerate(("WHO region", "Income group"), start=1):
        sub = people[people["dimension"] == dim]
        groups = list(dict.fromkeys(sub["group"]))
        for cls in shown:
            part = sub[sub["cls"] == cls].set_index("group").reindex(groups)
            label = people.loc[people["cls"] == cls, "label"].iloc[0]
            fig.add_trace(
                go.Bar(
                    x=[g.replace(" income", "").replace("Eastern ", "E. ").replace("South-East", "SE") for g in groups],
                    y=part["new_cases"].fillna(0),
                    name=label,
                    marker=dict(color=colours.get(cls, "#999"), line=dict(color="#777", width=0.3)),
                    legendgroup=cls,
                    showlegend=(i == 1),
                    customdata=part[["countries"]].fillna(0).astype(int).values,
                    hovertemplate="%{x}: %{y:,} new cases a year in %{customdata[0]} countries<extra>"
                    + html.escape(label)
                    + "</extra>",
                ),
                row=i,
                col=1,
            )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(gridcolor="#eee", tickformat="~s")
    fig.update_xaxes(tickangle=-30)
    return _chart_layout(fig, title, note, plot_px=440, legend_items=len(shown), axis_px=80, left_px=48)


def people_display(people: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Breakdown": people["dimension"],
            "Group": people["group"],
            "Access": people["label"],
            f"New cases a year (GLOBOCAN {v.GLOBOCAN_YEAR})": people["new_cases"],
            "Countries": people["countries"],
            "Countries with a GLOBOCAN estimate": people["countries_with_estimate"],
        }
    )


def people_panel(table: pd.DataFrame, what: str, key: str = "people") -> None:
    """'N of the M new myeloma patients a year live where …' with a chart by WHO region and income group.

    ``table``: a map table (``AccessModel.map_table``: a ``status`` per country) or a usable-regimen
    count table (``AccessModel.usable_counts``: ``usable``/``unknown`` per country). ``what``: the drug
    or drug class in words (map table), or the situation in words (usable counts).
    """
    m = data.model()
    kind = "usable" if "usable" in table.columns else "status"
    cols = ["iso3", "who_region", "income_group"] + (["usable", "unknown"] if kind == "usable" else ["status"])
    people = _people(table[cols], kind)
    st.markdown(v.people_sentence(people, what, kind))
    unmapped = v.unmapped_cases(m)
    ref_names = dict(zip(m.ds.countries["iso3"], m.ds.countries["name"]))
    left_out = (
        f" {sum(unmapped.values()):,.0f} cases in {', '.join(sorted(ref_names.get(i, i) for i in unmapped))} "
        "(not separate shapes on the map) are left out."
        if unmapped
        else ""
    )
    note = figures.wrap(
        f"Source: IARC, Global Cancer Observatory: Cancer Today, GLOBOCAN {v.GLOBOCAN_YEAR} estimates of new "
        f"myeloma cases (both sexes) in {v.GLOBOCAN_YEAR}; "
        f"access: Myeloma Access Explorer, data as of {m.latest_as_of}. Countries without an estimate add "
        "nothing." + left_out,
        100,
    )
    title = (
        f"New myeloma cases a year by access to {what}"
        if kind == "status"
        else "New myeloma cases a year by usable recommended regimens"
    )
    widgets.chart(
        people_chart(people, title, note),
        f"{key}_chart",
        f"people-affected-{key}",
        f"Bar charts: {title}, by WHO region and income group",
        title,
    )
    with st.expander("People affected: table"):
        shown = people_display(people)
        st.dataframe(shown, hide_index=True, width="stretch")
        widgets.csv_download(
            shown.assign(**{"view: about": what, "view: data as of": m.latest_as_of}),
            f"people-affected-{key}.csv",
            key=f"{key}_dl",
        )


# ---- access over time ---------------------------------------------------------------------------
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
    return _chart_layout(fig, title, note, plot_px=40 + 24 * len(t), legend_items=kinds)


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
            "Note": fa["note"].map(_text),
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
    return _chart_layout(fig, title, note, plot_px=300, legend_items=shown, axis_px=60, left_px=40)


# ---- compare countries ----------------------------------------------------------------------------
def url_multiselect(
    label: str, options: list, key: str, default: list, max_selections: int, state_key: str | None = None, **kwargs
) -> list:
    """A multiselect stored in the URL as comma-separated ids (``?countries=BRA,MEX,ESP``).

    ``state_key`` (default ``key``) names the widget, so two pages can share a URL parameter name
    without sharing one selection.
    """
    state_key = state_key or key
    if state_key not in st.session_state:
        wanted = [x.strip().upper() for x in (st.query_params.get(key) or "").split(",") if x.strip()]
        chosen = [x for x in dict.fromkeys(wanted) if x in options][:max_selections]
        st.session_state[state_key] = chosen or default
    value = st.multiselect(label, options, key=state_key, max_selections=max_selections, **kwargs)
    text = ",".join(value)
    if value == default or not value:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != text:
        st.query_params[key] = text
    return value


SLIDE_MAX_PX = 780  # exported at 900 px high: 12 px cells read 13.8 px, 10 px notes 11.5 px


def status_matrix_chart(matrix: pd.DataFrame, title: str, note: str) -> go.Figure:
    """Drug × country cells coloured by status (the paler tint where the evidence is old or inferred, as on the
    map); text = short status and year of the last evidence. Sized for a 1600 × 900 slide: no text under 12 px."""
    codes = {s.id: i for i, s in enumerate(STATUS_CLASSES)}
    drugs = list(dict.fromkeys(matrix["drug"]))[::-1]
    countries = list(dict.fromkeys(matrix["country"]))
    cell = matrix.set_index(["drug", "country"])
    z, text, hover = [], [], []
    for d in drugs:
        zr, tr, hr = [], [], []
        for c in countries:
            r = cell.loc[(d, c)]
            zr.append(codes[r["status"]] * 2 + int(bool(r["stale"]) and r["status"] != "no_data"))
            year = str(r["evidence_date"])[:4] if isinstance(r["evidence_date"], str) else ""
            tr.append(SHORT_STATUS[r["status"]] + (f" {year}" if year else ""))
            age = " (old or inferred)" if r["stale"] and r["status"] != "no_data" else ""
            hr.append(
                f"{html.escape(r['label'])}{age}<br>last evidence: {r['evidence_date'] or '—'}<br>"
                f"{html.escape(str(r['citation'] or '')[:90])}"
            )
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    colours = [c for s in STATUS_CLASSES for c in (s.colour, s.tint)]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(countries))),
            y=drugs,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=12),
            customdata=hover,
            hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
            colorscale=figures._stepped_colorscale(colours),
            zmin=-0.5,
            zmax=len(colours) - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    shown = {s for s in matrix["status"]}
    stale_shown = {r.status for r in matrix.itertuples() if r.stale and r.status != "no_data"}
    for s in STATUS_CLASSES:
        if s.id in shown:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=s.label,
                    showlegend=True,
                    marker=dict(size=14, symbol="square", color=s.colour, line=dict(color="#555", width=0.5)),
                )
            )
        if s.id in stale_shown:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=f"{s.label}, old or inferred",
                    showlegend=True,
                    marker=dict(size=14, symbol="square", color=s.tint, line=dict(color="#555", width=0.5)),
                )
            )
    fig.update_xaxes(
        side="top",
        showgrid=False,
        tickvals=list(range(len(countries))),
        tickfont=dict(size=13),
        ticktext=[c.replace(" ", "<br>", 1) if len(c) > 9 else c for c in countries],
        tickangle=0,
    )
    fig.update_yaxes(showgrid=False, tickfont=dict(size=13))
    left = 12 + 7 * max((len(d) for d in drugs), default=10)  # full drug names, never cut

    def laid_out(row_px: float) -> go.Figure:
        out = _chart_layout(
            go.Figure(fig),
            title,
            note,
            plot_px=round(24 + row_px * len(drugs)),
            legend_items=len(fig.data) - 1,
            axis_px=8,
            left_px=left,
        )
        _push_down(out, 40)  # room for the country names on top (up to two lines)
        return out

    # Rows of 22 px; with many drugs, rows shrink (to 17 px at least) so the figure stays within
    # SLIDE_MAX_PX and its 12 px cell text stays >= 13.5 px once the export scales it to 900 px high.
    roomy = laid_out(22)
    if roomy.layout.height <= SLIDE_MAX_PX or not drugs:
        return roomy
    overhead = roomy.layout.height - 22 * len(drugs)
    return laid_out(max(17.0, min(22.0, (SLIDE_MAX_PX - overhead) / len(drugs))))


def without_empty_rows(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix without the drugs that are "No data" in every chosen country."""
    known = matrix.groupby("drug_id")["status"].transform(lambda s: (s != "no_data").any())
    return matrix[known]


def matrix_display(matrix: pd.DataFrame) -> pd.DataFrame:
    """One row per drug, one column per country: 'Publicly funded (2020-09)'."""
    cell = matrix.assign(
        text=[f"{lab} ({d})" if isinstance(d, str) else lab for lab, d in zip(matrix["label"], matrix["evidence_date"])]
    )
    wide = cell.pivot(index="drug", columns="country", values="text")
    wide = wide.reindex(index=list(dict.fromkeys(matrix["drug"])), columns=list(dict.fromkeys(matrix["country"])))
    wide.columns.name = None
    return wide.reset_index().rename(columns={"drug": "Drug"})


def matrix_sources(matrix: pd.DataFrame) -> pd.DataFrame:
    t = matrix[matrix["status"] != "no_data"]
    return pd.DataFrame(
        {
            "Drug": t["drug"],
            "Country": t["country"],
            "Status": t["label"],
            "Last evidence": t["evidence_date"],
            "Evidence": t["confidence"].map(lambda c: labels.label(labels.CONFIDENCE_SHORT, c)),
            "Old or inferred": t["stale"].map({True: "yes", False: ""}),
            "Source": t["citation"].map(_text),
            "Link": t["url"].map(_text),
        }
    )


def usable_display(u: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Country": u["country"],
            "Recommended": u["recommended"],
            "Usable": u["usable"],
            "Blocked": u["blocked"],
            "Unknown (missing data)": u["unknown"],
            "Usable regimens": u["usable_regimens"],
            "Blocked regimens": u["blocked_regimens"],
            "Unknown regimens": u["unknown_regimens"],
        }
    )


def usable_chart(u: pd.DataFrame, title: str, note: str) -> go.Figure:
    fig = go.Figure()
    for col, name, colour in (
        ("usable", "Usable", "#009E73"),
        ("blocked", "Blocked", "#D55E00"),
        ("unknown", "Unknown (missing data)", "#E0E0E0"),
    ):
        fig.add_trace(
            go.Bar(
                x=u["country"],
                y=u[col],
                name=name,
                marker_color=colour,
                marker_line=dict(color="#777", width=0.3),
                text=[x if x else "" for x in u[col]],
                textposition="inside",
                hovertemplate="%{x}: %{y} " + name.lower() + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(gridcolor="#eee", dtick=2)
    fig.update_xaxes(tickangle=0)
    return _chart_layout(fig, title, note, plot_px=260, legend_items=3, axis_px=40, left_px=36)


def compare_cost_display(costs: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Regimen rows × country columns on one basis ('no price' when unknown)."""
    t = costs.assign(
        text=[
            fmt(x, basis) or ("no dose data" if "no standard dose" in (mi or "") else "no price")
            for x, mi in zip(costs[basis], costs["missing"])
        ]
    )
    wide = t.pivot(index="regimen", columns="name", values="text")
    wide = wide.reindex(index=list(dict.fromkeys(t["regimen"])), columns=list(dict.fromkeys(t["name"])))
    wide.columns.name = None
    return wide.reset_index().rename(columns={"regimen": "Regimen"})


def compare_cost_long(costs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Regimen": costs["regimen"],
            "Country": costs["name"],
            "US$ (price-year rate)": [fmt(x, "usd") for x in costs["usd"]],
            "US$ (today's rate)": [fmt(x, "usd_today") for x in costs["usd_today"]],
            "PPP (international $)": [fmt(x, "ppp") for x in costs["ppp"]],
            "Months of GDP per capita": [fmt(x, "gdp_months") for x in costs["gdp_months"]],
            "GDP per capita (US$, year)": [
                f"${g:,.0f} ({int(y)})" if g is not None else ""
                for g, y in zip(costs["gdp_per_capita_usd"], costs["gdp_year"])
            ],
            "Prices used": costs["prices_used"].fillna("").str.replace("\n", " | "),
            "Unpriced": costs["missing"].fillna(""),
        }
    )


def status_label(status_id: str) -> str:
    return STATUS_BY_ID[status_id].label


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
    f = m.facts
    dates = f.loc[(f["drug_id"] == drug) & f["date"].notna(), "date"].astype(str).str[:4]
    start = max(2000, min((int(d) for d in dates if d.isdigit()), default=m.today.year))
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


def compare_view(iso3s: tuple, query: FinderQuery, basis: str) -> None:
    """The compare page body: status matrix, usable regimens, cycle costs (all from the URL's countries)."""
    from myeloma_access.model import SCOPES, THRESHOLDS

    situation, access, scope, assumed = query.situation, query.threshold, query.scope, query.assumed

    m = data.model()
    names = ", ".join(m.country_name(i) for i in iso3s)
    view_cols = {"view: countries": ",".join(iso3s), "view: data as of": m.latest_as_of}

    st.subheader("Access to each drug")
    matrix = compare_matrix(iso3s)
    every = widgets.url_toggle(
        "Show drugs with no data in every chosen country",
        "empty",
        help="Off: the chart leaves out drugs that are 'No data' everywhere (the table below keeps every drug).",
    )
    charted = matrix if every else without_empty_rows(matrix)
    hidden = matrix["drug_id"].nunique() - charted["drug_id"].nunique()
    note = (
        f"{data.provenance()}. Status from each dimension's latest "
        "cited fact; the year is that of the newest supporting evidence; paler = old or inferred. No data ≠ not "
        "approved." + (f" {hidden} drugs with no data in any of these countries are not shown." if hidden else "")
    )
    m_title = f"Access status by drug: {names}"
    if charted.empty:
        st.info("None of these countries has a sourced status for any drug.")
    else:
        widgets.chart(
            status_matrix_chart(charted, m_title, note),
            "matrix_chart",
            "compare-status",
            f"Drug by country grid: {m_title}",
            m_title,
        )
    shown = matrix_display(matrix)
    st.dataframe(
        shown, hide_index=True, width="stretch", column_config={"Drug": st.column_config.TextColumn(pinned=True)}
    )
    widgets.csv_download(shown.assign(**view_cols), "compare-status.csv", key="matrix_dl")
    with st.expander("Sources of every status"):
        src = matrix_sources(matrix)
        st.dataframe(
            src,
            hide_index=True,
            width="stretch",
            column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
        )
        widgets.csv_download(src.assign(**view_cols), "compare-status-sources.csv", key="matrix_src_dl")

    st.subheader("Recommended regimens usable")
    st.markdown(
        f"**Situation:** {situation.describe()} · {THRESHOLDS[access]} · {SCOPES[scope]}"
        + (" · dexamethasone assumed where nothing is sourced" if assumed else "")
    )
    u = compare_usable(iso3s, query)
    note = figures.wrap(
        f"{data.provenance()}; the regimen finder's rule for "
        f"{situation.describe()}; {THRESHOLDS[access].lower()}; {SCOPES[scope]}.",
        100,
    )
    u_title = f"Recommended regimens usable, blocked, unknown: {names}"
    widgets.chart(usable_chart(u, u_title, note), "usable_chart", "compare-usable", f"Stacked bars: {u_title}", u_title)
    ushown = usable_display(u)
    st.dataframe(
        ushown, hide_index=True, width="stretch", column_config={"Country": st.column_config.TextColumn(pinned=True)}
    )
    widgets.csv_download(
        ushown.assign(
            **view_cols,
            **{
                "view: situation": situation.describe(),
                "view: threshold": THRESHOLDS[access],
                "view: guidance": SCOPES[scope],
            },
        ),
        "compare-usable.csv",
        key="usable_dl",
    )
    people_panel(data.usable_counts(query), situation.describe(), key="compare_people")

    st.subheader("Cost of a 28-day cycle")
    st.caption(DISCOUNT_NOTE + " " + COST_ASSUMPTIONS)
    costs = compare_costs(iso3s)
    wide = compare_cost_display(costs, basis)
    st.markdown(f"**{v.BASES[basis]}**")
    st.table(wide.set_index("Regimen"))
    long = compare_cost_long(costs)
    widgets.csv_download(long.assign(**view_cols), "compare-costs.csv", key="cost_cmp_dl")
    with st.expander("Every basis, the prices used and what is unpriced"):
        st.dataframe(long, hide_index=True, width="stretch")
    st.page_link(
        "pages/costs.py",
        label="Open the cost map",
        icon=":material/payments:",
        query_params={"regimen": "drd", "basis": basis},
    )
