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


def _sync_url(key: str, value, default) -> None:
    """Write a widget value to the URL (removed when it equals the default)."""
    text = ("1" if value else None) if isinstance(value, bool) else (str(value) if value not in (None, "") else None)
    default_text = ("1" if default else None) if isinstance(default, bool) else (str(default) if default else None)
    if text is None or text == default_text:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != text:
        st.query_params[key] = text


def url_select(kind, label: str, options: list, key: str, default=None, **kwargs):
    """A selectbox/radio whose value lives in the URL as a clean id (``?drug=lenalidomide``).

    On first render the URL value is used if it is a valid option (anything else is
    ignored, never an error); afterwards the widget's session state wins and the URL
    follows it, so every view can be shared by copying the address.
    """
    default = options[0] if default is None else default
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = kind(label, options, key=key, **kwargs)
    _sync_url(key, value, default)
    return value


def url_toggle(label: str, key: str, default: bool = False, **kwargs) -> bool:
    """A toggle stored in the URL as ``key=1`` (or ``true``) when on."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = default if wanted is None else wanted.lower() in ("1", "true", "yes", "on")
    value = st.toggle(label, key=key, **kwargs)
    _sync_url(key, value, default)
    return value


def roster_upload() -> None:
    """Let a user replace the IMWG roster with an official file for this session only.

    The file must have the columns of ``data/imwg_members.csv``. It is validated (schema,
    countries on the map); problems are listed in plain words and nothing is replaced.
    The canonical data files are never written; the user can download what is in use.
    """
    from myeloma_access.geometry import geometry_ids
    from myeloma_access.loaders import DataError, validate_frame

    with st.expander("Use another IMWG roster (CSV)"):
        st.caption(
            "Upload an official roster with the columns member_name, iso3, institution, roster, evidence "
            "(roster | author_affiliation | official_roster), source_id, as_of. It replaces the overlay for this "
            "browser session only; the shipped data is never changed."
        )
        file = st.file_uploader("Roster CSV", type=["csv"], key="imwg_file")
        if file is not None:
            try:
                raw = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""])
                roster = validate_frame("imwg_members", raw)
                unknown = sorted(set(roster["iso3"]) - geometry_ids())
                if unknown:
                    raise DataError("imwg_members", [f"country codes not on the map: {', '.join(unknown)}"])
            except DataError as exc:
                st.error("This file was not used. " + "; ".join(exc.problems[:8]))
            except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
                st.error(f"This file could not be read as CSV: {exc}")
            else:
                st.session_state["imwg_upload"] = roster
                st.success(f"Using the uploaded roster: {len(roster)} rows, {roster['iso3'].nunique()} countries.")
        if st.session_state.get("imwg_upload") is not None:
            csv_download(st.session_state["imwg_upload"], "imwg-roster-in-use.csv", "Download the roster in use",
                         key="roster_dl")
            if st.button("Go back to the shipped roster"):
                st.session_state["imwg_upload"] = None
                st.rerun()
