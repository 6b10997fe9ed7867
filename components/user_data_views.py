"""Upload, replace, remove and download a user's own data (this browser session only)."""

from __future__ import annotations

import streamlit as st

from myeloma_access import userdata
from myeloma_access.exports import safe_csv
from myeloma_access.uploads import MAX_ROWS, plain

from . import data

SUCCESS = {"roster": "Using the uploaded roster"}


def _keys(kind: str) -> tuple[str, str]:
    n = st.session_state.get(f"upload_{kind}_n", 0)
    return f"upload_{kind}_{n}", f"upload_{kind}_messages"


def _on_upload(kind: str) -> None:
    """Runs before the page is drawn, so the map and finder show the new data at once."""
    widget, messages = _keys(kind)
    file = st.session_state.get(widget)
    if file is None:
        return
    base = data.shipped_model()
    frame, notes = userdata.parse_upload(
        kind,
        file.getvalue(),
        file.name,
        set(base.countries["iso3"]),
        set(base.drug_labels),
        set(base.ds.fx_rates["currency"]),
    )
    if frame is None:
        st.session_state[messages] = ("error", notes)
        return
    data.set_user_frame(kind, frame)
    title = SUCCESS.get(kind, f"Using your {userdata.KINDS[kind].title.lower()}")
    summary = f"{title}: {len(frame)} rows, {frame['iso3'].nunique()} countries."
    st.session_state[messages] = ("success", [summary, *notes])


def _on_remove(kind: str) -> None:
    data.set_user_frame(kind, None)
    st.session_state[f"upload_{kind}_n"] = st.session_state.get(f"upload_{kind}_n", 0) + 1  # a fresh, empty uploader
    st.session_state.pop(f"upload_{kind}_messages", None)


def uploader(kind: str) -> None:
    """Template, upload (validated; plain messages), what is in use, merged download and removal."""
    k = userdata.KINDS[kind]
    widget, messages = _keys(kind)
    st.download_button(
        f"Template: {k.title.lower()} (CSV)",
        safe_csv(userdata.template(kind)),
        file_name=f"template-{kind}.csv",
        mime="text/csv",
        icon=":material/description:",
        key=f"template_{kind}",
    )
    st.file_uploader(
        f"Upload {k.title.lower()} (CSV, UTF-8, at most 2 MB and {MAX_ROWS:,} rows)",
        type=["csv"],
        key=widget,
        on_change=_on_upload,
        args=(kind,),
    )
    status = st.session_state.get(messages)
    if status:
        level, lines = status
        if level == "error":
            st.error("This file was not used. Nothing was changed.\n\n" + "\n\n".join(f"- {plain(t)}" for t in lines))
        else:
            st.success("\n\n".join(plain(t) for t in lines))
    frame = data.user_frames().get(kind)
    if frame is not None:
        cols = st.columns(2)
        with cols[0]:
            merged = userdata.merged(data.shipped_model().ds, kind, frame)
            st.download_button(
                "Download merged with the shipped data" if not k.replaces else "Download the roster in use",
                safe_csv(merged, {"data": "shipped + your data"}),
                file_name=f"{kind}-with-your-data.csv",
                mime="text/csv",
                icon=":material/download:",
                key=f"merged_{kind}",
            )
        with cols[1]:
            label = "Go back to the shipped roster" if kind == "roster" else f"Remove your {k.title.lower()}"
            st.button(label, key=f"remove_{kind}", on_click=_on_remove, args=(kind,), icon=":material/delete:")


def in_use_note() -> None:
    """How many rows of each kind this session has uploaded (nothing when none)."""
    in_use = {kind: len(frame) for kind, frame in data.user_frames().items()}
    if in_use:
        st.info("In use in this session: " + ", ".join(f"{n} {kind} rows" for kind, n in in_use.items()) + ".")
