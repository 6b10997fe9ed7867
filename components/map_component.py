"""The access map as a Streamlit v2 component (drawing and recolouring happen in the browser).

``components/map_assets/`` holds its JavaScript and CSS (and the vendored d3-geo / topojson-client), served
from the ``asset_dir`` declared in ``pyproject.toml``. Python sends the whole map payload once per data
version (the same bytes on every rerun, so Streamlit's message cache re-sends a reference only) and hears back
only when a country is chosen (trigger ``select``) or a tab is clicked (state ``view``), each carrying the view
in use: drug, year, layer, imwg, country and tab.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from myeloma_access.map_payload import parse_view

KEY = "access_map"
VIEW_KEY = "_map_view"  # the latest view the browser reported (plain session state, not a widget)

NAME = "myeloma-access-explorer.access_map"  # <project name>.<component name in pyproject.toml>
_mount = None


def _component():
    """The component's mount command, registered once (inside a running Streamlit: its manifest is read then)."""
    global _mount
    if _mount is None:
        _mount = st.components.v2.component(NAME, js="map.js", css="map.css")
    return _mount


def _ignore() -> None:
    """Module-level callback (a page-level one would keep that run's namespace alive)."""


def _reported() -> dict | None:
    """The newest view the component reported in this session (select trigger or tab-click state)."""
    result = st.session_state.get(KEY) or {}
    candidates = [st.session_state.get(VIEW_KEY)]
    for name in ("select", "view"):
        with contextlib.suppress(Exception):
            candidates.append(result.get(name) if hasattr(result, "get") else getattr(result, name, None))
    views: list[dict] = [c for c in candidates if isinstance(c, dict) and isinstance(c.get("seq"), int | float)]
    return max(views, key=lambda c: c["seq"]) if views else None


def current_view(payload: dict) -> tuple[dict, bool]:
    """The view this run shows, and whether the browser has just reported it (then the URL is rewritten).

    The newest view the browser reported in this session (a click, a search or a tab), else the URL;
    validated either way (:func:`myeloma_access.map_payload.parse_view`).
    """
    reported = _reported()
    if reported is None:
        source = {k: st.query_params.get(k) for k in ("drug", "year", "layer", "imwg", "country", "view")}
        return parse_view(source, payload), False
    fresh = reported["seq"] != (st.session_state.get(VIEW_KEY) or {}).get("seq")
    st.session_state[VIEW_KEY] = reported
    source = {k: reported.get(k) for k in ("drug", "year", "layer", "country", "view")}
    source["imwg"] = "1" if reported.get("imwg") is True else ""
    return parse_view(source, payload), fresh


def access_map(payload: dict, texts: dict) -> None:
    """Mount the map (title, controls, legend, source line, text summary and export are all inside it)."""
    _component()(
        key=KEY,
        data={"payload": payload, "texts": texts},
        on_select_change=_ignore,
        on_view_change=_ignore,
        width="stretch",
        height="content",
    )
