"""The compare-countries page: status matrix (a readable 1600 x 900 slide), usable regimens, cycle costs."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from myeloma_access import labels
from myeloma_access import views as v
from myeloma_access.costs import NO_DOSE
from myeloma_access.finder import FinderQuery
from myeloma_access.status import STATUS_CLASSES

from . import data, figures, widgets
from .charts import SHORT_STATUS, chart_layout, push_down, text_or_blank
from .costs_views import COST_ASSUMPTIONS, DISCOUNT_NOTE, fmt
from .people_views import people_panel


@data.per_version
def compare_matrix(m, iso3s: tuple) -> pd.DataFrame:
    return v.compare_matrix(m, list(iso3s))


@data.per_version
def compare_usable(m, iso3s: tuple, query: FinderQuery) -> pd.DataFrame:
    return v.compare_usable(m, list(iso3s), query)


@data.per_version
def compare_costs(m, iso3s: tuple) -> pd.DataFrame:
    return v.compare_costs(m, list(iso3s))


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
        out = chart_layout(
            go.Figure(fig),
            title,
            note,
            plot_px=round(24 + row_px * len(drugs)),
            legend_items=len(fig.data) - 1,
            axis_px=8,
            left_px=left,
        )
        push_down(out, 40)  # room for the country names on top (up to two lines)
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
            "Source": t["citation"].map(text_or_blank),
            "Link": t["url"].map(text_or_blank),
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
    return chart_layout(fig, title, note, plot_px=260, legend_items=3, axis_px=40, left_px=36)


def compare_cost_display(costs: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Regimen rows × country columns on one basis ('no price' when unknown)."""
    t = costs.assign(
        text=[
            fmt(x, basis) or ("no dose data" if NO_DOSE in str(reasons or "").split(", ") else "no price")
            for x, reasons in zip(costs[basis], costs["missing_reasons"])
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
