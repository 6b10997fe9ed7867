"""Chart plumbing shared by the page views: pixel layout for a 16:9 slide and a 390 px phone, source lines."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from myeloma_access.status import STATUS_BY_ID

from . import data, figures, widgets

SHORT_STATUS = {
    "publicly_funded": "Funded",
    "publicly_funded_some": "Funded (some)",
    "approved": "Approved",
    "not_funded": "Patients pay",
    "not_approved": "Not approved",
    "withdrawn": "Withdrawn",
    "no_data": "No data",
}


def text_or_blank(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def source_line(extra: str = "") -> str:
    return f"{data.provenance()}." + (f" {extra}" if extra else "")


MAP_PX = 330  # height of the map itself; legend, colour bar and source line are added below it


NOTE_CHARS = 54  # a source line wrapped to fit a 390 px phone at 10 px type, after a y axis


def chart_layout(
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


def push_down(fig: go.Figure, px: int) -> None:
    """Add ``px`` between the title and the plot (the title annotation keeps its pixel offset)."""
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    for a in fig.layout.annotations:
        if a.yref == "paper" and a.y is not None and a.y > 1:
            a.y = 1 + ((a.y - 1) * plot_px + px) / plot_px
    fig.update_layout(height=fig.layout.height + px, margin=dict(t=fig.layout.margin.t + px))


def status_label(status_id: str) -> str:
    return STATUS_BY_ID[status_id].label
