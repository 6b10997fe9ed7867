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
from myeloma_access.views import usable_class

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


def colour_bar(title: dict, y: float, x: float, **extra) -> dict:
    """The maps' colour bar: horizontal, under the map, 60 % wide from the left edge (``extra``: ticks)."""
    return dict(
        title=title,
        orientation="h",
        y=y,
        yanchor="top",
        len=0.6,
        lenmode="fraction",
        x=x,
        xanchor="left",
        thickness=10,
        **extra,
    )


def _legend_trace(name: str, colour: str, symbol: str = "square", size: int = 12) -> go.Scattergeo:
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        name=name,
        showlegend=True,
        hoverinfo="skip",
        marker=dict(size=size, color=colour, symbol=symbol, line=dict(color="#555", width=0.5)),
    )


def wrap(text: str, width: int) -> str:
    """Break text into <br>-separated lines of at most ``width`` characters (plotly does not wrap)."""
    lines: list[str] = []
    for part in text.split("<br>"):
        line = ""
        for word in part.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return "<br>".join(lines)


TITLE_CHARS, NOTE_CHARS = 44, 62  # fit a 390 px phone; the same spec is exported, so slides match phones


def fixed_layout(
    fig: go.Figure, title: str, note: str, plot_px: int, legend_items: int, present: bool = False, below_px: int = 0
) -> go.Figure:
    """Title, plot, a one-item-per-row legend and the source line at fixed pixel offsets.

    Nothing depends on the width: the legend never covers the plot and the source line never covers the
    legend, on a 390 px phone as on a 1400 px screen, and the 16:9 export (:func:`export_config`) has the
    same layout whatever the window.
    """
    size = 1.25 if present else 1.0
    title = wrap(title, TITLE_CHARS)
    note = wrap(note, NOTE_CHARS)
    top = 22 + int(24 * size) * (title.count("<br>") + 1)
    legend_px = int(21 * size) * legend_items + (8 if legend_items else 0)
    note_px = int(13 * size) * (note.count("<br>") + 1)
    bottom = below_px + legend_px + note_px + 16
    height = top + plot_px + bottom
    # The title is an annotation at a fixed pixel offset above the plot: plotly's own title is placed
    # differently on screen and in image exports, and a two-line title was cut at the top of a slide.
    fig.add_annotation(
        text=f"<b>{title}</b>",
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.01,
        y=1 + (top - 10) / plot_px,
        xanchor="left",
        yanchor="top",
        align="left",
        font=dict(size=int(16 * size), color="#262730"),
    )
    fig.update_layout(
        title=None,
        height=height,
        margin=dict(l=4, r=4, t=top, b=bottom),
        font=dict(family=FONT),
        paper_bgcolor="white",
        showlegend=legend_items > 0,
        uirevision="map",
        legend=dict(
            orientation="v",
            yanchor="top",
            y=-below_px / plot_px,
            x=0.01,
            xanchor="left",
            font=dict(size=int(11 * size)),
            itemclick=False,
            itemdoubleclick=False,
        ),
        modebar=dict(orientation="v"),
    )
    fig.add_annotation(
        text=note,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.01,
        y=-(below_px + legend_px + 4) / plot_px,
        xanchor="left",
        yanchor="top",
        font=dict(size=int(10 * size), color="#555"),
        align="left",
    )
    return fig


def _caption(
    fig: go.Figure,
    title: str,
    source_note: str,
    legend_items: int = 0,
    plot_px: int = 330,
    below_px: int = 0,
    present: bool = False,
) -> go.Figure:
    return fixed_layout(
        fig,
        title,
        source_note,
        int(plot_px * (1.3 if present else 1)),
        legend_items,
        present=present,
        below_px=below_px,
    )


def export_config(fig: go.Figure, filename: str, fmt: str = "png") -> dict:
    """Plotly config whose camera button exports a 16:9 slide (1600 × 900 px for PNG) of this figure.

    The export keeps the figure's own height (its pixel layout) and takes a 16:9 width for it, so
    the slide is the same whatever the window's width.
    """
    height = int(fig.layout.height or 600)
    # The image is exactly 1600 × 900 px (the browser floors width × scale; 0.4 px of slack survives it).
    # The SVG keeps the figure's own pixel layout at 16:9.
    scale = 900.4 / height
    return {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {
            "format": fmt,
            "filename": filename,
            "height": height,
            "width": 1600.4 / scale,
            "scale": scale,
        },
    }


def count_map(table: pd.DataFrame, title: str, source_note: str, max_count: int, present: bool = False) -> go.Figure:
    """Choropleth of how many recommended regimens are usable per country (sequential scale).

    Countries where no regimen is usable *and* some are unknown are shown as "No data"
    grey via a separate trace, so a lack of data is never mistaken for zero.
    """
    t = table.assign(cls=[usable_class(u, k) for u, k in zip(table["usable"], table["unknown"])])
    known, unknown = t[t["cls"] != "unknown"], t[t["cls"] == "unknown"]
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            locations=known["iso3"],
            z=known["usable"],
            locationmode="ISO-3",
            zmin=0,
            zmax=max(max_count, 1),
            colorscale="Viridis",
            reversescale=True,
            colorbar=colour_bar(dict(text="Usable regimens", side="top"), y=-0.02, x=0.01),
            marker=dict(line=dict(color="white", width=0.4)),
            customdata=known[["name", "usable", "unknown", "recommended"]].values,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} of %{customdata[3]} usable"
            "<br>%{customdata[2]} unknown (missing data)<extra></extra>",
            name="Usable regimens",
            showlegend=False,
        )
    )
    if len(unknown):
        fig.add_trace(
            go.Choropleth(
                locations=unknown["iso3"],
                z=[0] * len(unknown),
                locationmode="ISO-3",
                colorscale=[[0, "#E0E0E0"], [1, "#E0E0E0"]],
                showscale=False,
                marker=dict(line=dict(color="white", width=0.4)),
                customdata=unknown[["name", "recommended"]].values,
                hovertemplate="<b>%{customdata[0]}</b><br>No data for the drugs needed<extra></extra>",
                name="No data",
                showlegend=False,
            )
        )
    fig.add_trace(_legend_trace("No data (0 usable, some unknown)", "#E0E0E0"))
    fig.update_geos(**_geo_layout())
    return _caption(fig, title, source_note, legend_items=1, below_px=56, present=present)
