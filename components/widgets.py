"""Reusable Streamlit widgets: footer, status legend, source links, downloads."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from myeloma_access.status import STATUS_BY_ID, STATUS_CLASSES

from . import data

LICENCE_NOTE = (
    "Code: MIT. Data: each fact keeps its source's licence (see Sources & methods); "
    "WHO EML facts CC BY-NC-SA 3.0 IGO; EMA facts reused with acknowledgement."
)


def footer() -> None:
    """Data as-of date, licence note and a link to the sources on every page."""
    st.divider()
    cols = st.columns([3, 1])
    cols[0].caption(
        f"Data as of {data.dataset().latest_as_of} (latest source date). "
        f"{len(data.dataset().sources)} cited sources. {LICENCE_NOTE}"
    )
    with cols[1]:
        st.page_link("pages/sources.py", label="Sources & methods", icon=":material/menu_book:")


def status_badge(status_id: str) -> str:
    """An inline HTML badge for a status (colour + text, so colour is never the only cue)."""
    s = STATUS_BY_ID[status_id]
    text_colour = "#000"
    border = "1px dashed #777" if status_id == "no_data" else "1px solid rgba(0,0,0,.15)"
    return (
        f"<span style='background:{s.colour};color:{text_colour};border:{border};border-radius:4px;"
        f"padding:1px 6px;font-size:0.85em;white-space:nowrap'>{html.escape(s.label)}</span>"
    )


def status_legend() -> None:
    """All status classes with their definitions."""
    items = " ".join(status_badge(s.id) for s in STATUS_CLASSES)
    st.markdown(items, unsafe_allow_html=True)


def source_link(source_id: str | None) -> str:
    """Markdown link '[citation](url)' for a source id (or an em dash)."""
    if not source_id or pd.isna(source_id):
        return "—"
    src = data.source_lookup().get(source_id)
    if not src:
        return source_id
    url = src["url"]
    label = src["citation"][:80] + ("…" if len(src["citation"]) > 80 else "")
    return f"[{label}]({url})" if str(url).startswith("http") else label


def csv_download(df: pd.DataFrame, filename: str, label: str = "Download CSV", key: str | None = None) -> None:
    """A download button for exactly the table shown (UTF-8 with BOM for spreadsheets)."""
    st.download_button(
        label, df.to_csv(index=False).encode("utf-8-sig"), file_name=filename, mime="text/csv",
        icon=":material/download:", key=key,
    )
