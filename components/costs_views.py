"""The cost & affordability page: cost map, bars, cards and tables (numbers from myeloma_access.views)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from myeloma_access import labels
from myeloma_access import views as v

from . import data, figures, widgets
from .charts import MAP_PX, chart_layout, source_line

NO_PRICE = "#BDBDBD"


DISCOUNT_NOTE = (
    "List prices ignore the confidential discounts, rebates and managed-entry agreements that most payers "
    "negotiate; what a health system actually pays is usually lower and is not published."
)


COST_ASSUMPTIONS = (
    "Drug cost of one 28-day cycle (the first cycle unless 'Cycle priced' says otherwise; 70 kg, 1.8 m²; no administration, monitoring or "
    "wastage), the lowest listed price per mg in the country."
)


@data.per_version
def cost_table(m, regimen_id: str, drug: str | None, phase: str = "first") -> pd.DataFrame:
    return v.cost_table(m, regimen_id, drug or None, phase=phase)


@data.per_version
def price_rows(m, regimen_id: str, drug: str | None, iso3s: tuple, phase: str = "first") -> pd.DataFrame:
    return v.price_rows(m, regimen_id, list(iso3s), drug or None, phase)


def fmt(value, basis: str) -> str:
    """A cost on one basis in words ('$26,584', 'Int$ 30,184', '5.5 months'); '' when unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if basis == "gdp_months":
        return f"{value:,.1f} months"
    if basis == "ppp":
        return f"Int$ {value:,.0f}"
    return f"${value:,.0f}"


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
                colorbar=figures.colour_bar(
                    dict(text=v.BASIS_SHORT[basis], side="top", font=dict(size=11)),
                    y=-6 / MAP_PX,
                    x=0,
                    tickfont=dict(size=10),
                    tickformat=",~r" if basis == "gdp_months" else ",.0f",  # 2,000 not 2000
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
    fig = chart_layout(fig, title, note, plot_px=MAP_PX, legend_items=1, axis_px=64 if len(known) else 6)
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
    return chart_layout(fig, title, note, plot_px=300, axis_px=60, left_px=48)


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


def costs_view(regimen_id: str, drug: str, basis: str, highlight: list | None = None, phase: str = "first") -> None:
    """The cost page body: map, priced countries, tables with every price cited (``phase``: the cycle priced)."""
    m = data.model()
    options = v.costed_options(m)
    abbr = options[regimen_id].split(" — ")[0]
    what = f"{m.drug_labels.get(drug, drug)} at the {abbr} dose" if drug else abbr
    what += "" if phase == "first" else ", later cycle"
    table = cost_table(regimen_id, drug or None, phase)
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
        f"{data.provenance()}. {v.CYCLES[phase][0].upper() + v.CYCLES[phase][1:]}; list prices (confidential discounts "
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
        "view: cycle priced": v.CYCLES[phase],
        "view: data as of": m.latest_as_of,
    }
    widgets.csv_download(
        shown.assign(**view_cols), f"cycle-cost-{regimen_id}{'-' + drug if drug else ''}.csv", key="cost_dl"
    )
    iso3s = tuple(table.loc[table["price_ids"] != "", "iso3"])
    prices = price_rows(regimen_id, drug or None, iso3s, phase)
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
