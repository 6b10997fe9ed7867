"""Plotly figure builders (no Streamlit): world maps for access status and regimen counts.

Maps use plotly ``geo`` with ``locationmode="ISO-3"`` against the project's own
topojson (served locally; pass :data:`PLOTLY_CONFIG` to ``st.plotly_chart``), an
equal-area projection, one trace for the fill (integer-coded statuses on a stepped
colour scale: small payload) and legend-only traces so exported images carry the legend.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from myeloma_access.geometry import TOPOJSON_URL
from myeloma_access.status import STATUS_CLASSES

PLOTLY_CONFIG = {
    "topojsonURL": TOPOJSON_URL,
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "myeloma-access-map", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
FONT = "Source Sans Pro, Arial, sans-serif"


def _geo_layout() -> dict:
    return dict(
        projection_type="equal earth",
        resolution=50,
        showframe=False,
        showcoastlines=False,
        showcountries=False,
        showland=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        bgcolor="rgba(0,0,0,0)",
        lataxis_range=[-57, 84],
    )


def _stepped_colorscale(colours: list[str]) -> list[list]:
    """A discrete colour scale for integer codes 0..n-1 (each code one flat band)."""
    n = len(colours)
    scale = []
    for i, c in enumerate(colours):
        scale.append([i / n, c])
        scale.append([(i + 1) / n, c])
    return scale


def _legend_trace(name: str, colour: str, symbol: str = "square", size: int = 12) -> go.Scattergeo:
    return go.Scattergeo(
        lon=[None], lat=[None], mode="markers", name=name, showlegend=True, hoverinfo="skip",
        marker=dict(size=size, color=colour, symbol=symbol, line=dict(color="#555", width=0.5)),
    )


def _caption(fig: go.Figure, title: str, source_note: str) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=16)),
        margin=dict(l=0, r=0, t=40, b=110),
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0.01, font=dict(size=11)),
        font=dict(family=FONT),
        paper_bgcolor="white",
        uirevision="map",
    )
    fig.add_annotation(
        text=source_note, showarrow=False, xref="paper", yref="paper", x=0.01, y=-0.15,
        xanchor="left", yanchor="top", font=dict(size=10, color="#555"), align="left",
    )
    return fig


def status_codes(table: pd.DataFrame) -> pd.Series:
    """Integer code per row: 2 × class index, +1 when the evidence is old or only inferred."""
    index = {s.id: i for i, s in enumerate(STATUS_CLASSES)}
    return table["status"].map(index) * 2 + table["stale"].astype(bool).astype(int)


def status_map(table: pd.DataFrame, title: str, source_note: str, imwg: pd.DataFrame | None = None,
               selected: str | None = None) -> go.Figure:
    """Choropleth of access status per country (a model ``map_table``).

    Each class has a full colour and a lighter tint for cells whose newest evidence is
    more than five years old or only inferred. ``imwg`` (iso3, name, members, lon, lat)
    adds circles sized by member count — a second encoding, not a second colour scale.
    ``selected`` outlines one country.
    """
    t = table.copy()
    t["code"] = status_codes(t)
    t["when"] = t["evidence_date"].fillna("—").astype(str)
    age = t["stale"].map({True: " (old or inferred)", False: ""})
    t["how"] = t["confidence"].fillna("").astype(str) + age
    t["src"] = t["citation"].fillna("").astype(str).str.slice(0, 90).replace("", "—")
    fig = go.Figure()
    colours = [c for s in STATUS_CLASSES for c in (s.colour, s.tint)]
    fig.add_trace(
        go.Choropleth(
            locations=t["iso3"], z=t["code"], locationmode="ISO-3",
            colorscale=_stepped_colorscale(colours), zmin=-0.5, zmax=len(colours) - 0.5, showscale=False,
            marker=dict(line=dict(color="white", width=0.4)),
            customdata=t[["name", "label", "when", "how", "src"]].values,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Last evidence: %{customdata[2]}"
            " · %{customdata[3]}<br>Source: %{customdata[4]}<extra></extra>",
            name="Access status", showlegend=False,
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
        )
    )
    if selected and selected in set(t["iso3"]):
        fig.add_trace(
            go.Choropleth(
                locations=[selected], z=[0], locationmode="ISO-3", colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False, marker=dict(line=dict(color="#111", width=2)), hoverinfo="skip", name="Selected",
            )
        )
    for s in STATUS_CLASSES:
        fig.add_trace(_legend_trace(s.label, s.colour))
    fig.add_trace(_legend_trace("Lighter: evidence >5 years old or inferred", "#F4F4F4"))
    if imwg is not None and len(imwg):
        _add_imwg(fig, imwg)
    fig.update_geos(**_geo_layout())
    return _caption(fig, title, source_note)


def _add_imwg(fig: go.Figure, imwg: pd.DataFrame) -> None:
    size = 6 + 5 * imwg["members"].astype(float) ** 0.5
    fig.add_trace(
        go.Scattergeo(
            lon=imwg["lon"], lat=imwg["lat"], mode="markers", name="IMWG members (circle size)",
            marker=dict(size=size, color="rgba(255,255,255,0.25)", line=dict(color="#111", width=1.5), symbol="circle"),
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
            customdata=imwg[["name", "members"]].values,
            hovertemplate="<b>%{customdata[0]}</b><br>IMWG people in roster: %{customdata[1]}<extra></extra>",
        )
    )


def count_map(table: pd.DataFrame, title: str, source_note: str, max_count: int) -> go.Figure:
    """Choropleth of how many recommended regimens are usable per country (sequential scale).

    Countries where no regimen is usable *and* some are unknown are shown as "No data"
    grey via a separate trace, so a lack of data is never mistaken for zero.
    """
    t = table.copy()
    known = t[~((t["usable"] == 0) & (t["unknown"] > 0))]
    unknown = t[(t["usable"] == 0) & (t["unknown"] > 0)]
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            locations=known["iso3"], z=known["usable"], locationmode="ISO-3", zmin=0, zmax=max(max_count, 1),
            colorscale="Viridis", reversescale=True,
            colorbar=dict(title=dict(text="Usable"), orientation="h", y=-0.05, len=0.5, x=0.75, thickness=10),
            marker=dict(line=dict(color="white", width=0.4)),
            customdata=known[["name", "usable", "unknown", "recommended"]].values,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} of %{customdata[3]} usable"
            "<br>%{customdata[2]} unknown (missing data)<extra></extra>",
            name="Usable regimens", showlegend=False,
        )
    )
    if len(unknown):
        fig.add_trace(
            go.Choropleth(
                locations=unknown["iso3"], z=[0] * len(unknown), locationmode="ISO-3",
                colorscale=[[0, "#E0E0E0"], [1, "#E0E0E0"]], showscale=False,
                marker=dict(line=dict(color="white", width=0.4)),
                customdata=unknown[["name", "recommended"]].values,
                hovertemplate="<b>%{customdata[0]}</b><br>No data for the drugs needed<extra></extra>",
                name="No data", showlegend=False,
            )
        )
    fig.add_trace(_legend_trace("No data (0 usable, some unknown)", "#E0E0E0"))
    fig.update_geos(**_geo_layout())
    return _caption(fig, title, source_note)


def selected_location(event) -> str | None:
    """The ISO3 code clicked in a plotly selection event, if any (pure; unit-tested)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for p in points or []:
        loc = p.get("location")
        if isinstance(loc, str) and len(loc) == 3:
            return loc
    return None


EML_CLASSES = (
    ("listed", "On the national essential medicines list", "#6A51A3"),
    ("not_listed", "Not on that country's list (not 'not available')", "#DADAEB"),
    ("no_list", "No national list in GEM (no data)", "#E0E0E0"),
)


def eml_map(table: pd.DataFrame, title: str, source_note: str) -> go.Figure:
    """Choropleth of national essential-medicines-list listings (a model ``eml_table``)."""
    codes = {c: i for i, (c, _, _) in enumerate(EML_CLASSES)}
    labels = {c: label for c, label, _ in EML_CLASSES}
    t = table.copy()
    t["code"] = t["eml"].map(codes)
    t["label"] = t["eml"].map(labels)
    t["year"] = t["list_year"].map(lambda y: f"list of {y}" if y is not None and y == y else "—")
    fig = go.Figure(go.Choropleth(
        locations=t["iso3"], z=t["code"], locationmode="ISO-3",
        colorscale=_stepped_colorscale([c for _, _, c in EML_CLASSES]), zmin=-0.5, zmax=len(EML_CLASSES) - 0.5,
        showscale=False, marker=dict(line=dict(color="white", width=0.4)),
        customdata=t[["name", "label", "year"]].values,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        name="National EML", showlegend=False,
    ))
    for _, label, colour in EML_CLASSES:
        fig.add_trace(_legend_trace(label, colour))
    fig.update_geos(**_geo_layout())
    return _caption(fig, title, source_note)
