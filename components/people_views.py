"""'People affected': new myeloma cases by access status or usability, for any page (``people_panel``)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from myeloma_access import views as v
from myeloma_access.status import STATUS_CLASSES

from . import data, figures, widgets
from .charts import chart_layout

USABLE_COLOURS = {"usable": "#009E73", "none": "#D55E00", "unknown": "#E0E0E0"}


@data.per_version
def _people(m, table: pd.DataFrame, kind: str) -> pd.DataFrame:
    return v.people_affected(m, table) if kind == "status" else v.people_usable(m, table)


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
    return chart_layout(fig, title, note, plot_px=440, legend_items=len(shown), axis_px=80, left_px=48)


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
