"""Reusable Streamlit widgets: footer, status legend, source links, downloads."""

from __future__ import annotations

import html
from typing import NamedTuple
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st

from myeloma_access.finder import FinderQuery
from myeloma_access.model import ASSUMABLE
from myeloma_access.status import STATUS_BY_ID

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
        f"Data as of {data.model().latest_as_of} (latest source date). "
        f"{len(data.model().sources)} cited sources. {LICENCE_NOTE}"
    )
    with cols[1]:
        st.page_link("pages/sources.py", label="Sources & methods", icon=":material/menu_book:")


def status_badge(status_id: str, stale: bool = False) -> str:
    """An inline HTML badge for a status (colour + text, so colour is never the only cue)."""
    s = STATUS_BY_ID[status_id]
    text_colour = "#000"
    border = "1px dashed #777" if status_id == "no_data" or stale else "1px solid rgba(0,0,0,.15)"
    return (
        f"<span style='background:{s.tint if stale else s.colour};color:{text_colour};border:{border};border-radius:4px;"
        f"padding:1px 6px;font-size:0.85em;white-space:nowrap'>{html.escape(s.label)}</span>"
    )


def source_link(source_id: str | None) -> str:
    """Markdown link '[citation](url)' for a source id (or an em dash)."""
    if not source_id or pd.isna(source_id):
        return "—"
    m = data.model()
    citation, url = m.source_citation(source_id), m.source_url(source_id)
    if not citation:
        return source_id
    label = citation[:80] + ("…" if len(citation) > 80 else "")
    return f"[{label}]({url})" if str(url).startswith("http") else label


def csv_download(
    df: pd.DataFrame, filename: str, label: str = "Download CSV", key: str | None = None, view: dict | None = None
) -> None:
    """A download button for exactly the table shown, safe to open in a spreadsheet.

    Cells a spreadsheet would run as formulas are neutralised (OWASP), and the view the
    table came from is recorded as ``view_*`` columns: ``view`` plus any ``"view: <name>"``
    columns of ``df``, plus the data date.
    """
    from myeloma_access.exports import safe_csv

    named = [c for c in df.columns if isinstance(c, str) and c.startswith("view: ")]
    view = {**{c[len("view: ") :]: df[c].iloc[0] if len(df) else "" for c in named}, **(view or {})}
    view.setdefault("data as of", data.model().latest_as_of)
    if data.your_data_stamp():
        view["includes your data"] = data.your_data_stamp()
    st.download_button(
        label,
        safe_csv(df.drop(columns=named), view),
        file_name=filename,
        mime="text/csv",
        icon=":material/download:",
        key=key,
    )


def _url_text(value) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value) if value not in (None, "") else None


def _sync_url(key: str, value, default) -> None:
    """Write a widget value to the URL (removed when it equals the default).

    A toggle is written as ``1``/``0``, so switching off a toggle whose default is on
    (``dex``) survives a reload.
    """
    text, default_text = _url_text(value), _url_text(default)
    if text is None or text == default_text:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != text:
        st.query_params[key] = text


# choices that follow the user from page to page (and into each page's URL): drug, country and the clinical
# situation (the finder's and the compare page's controls share these public parameter names)
CARRIED = (
    "drug", "country", "lines", "access", "scope", "len", "pom", "pi", "cd38", "t1114",
    "lenexp", "piexp", "cd38exp", "bcma", "dex",
)  # fmt: skip


def on_page(url_path: str) -> None:
    """Record the page being run (the router calls it), so a URL widget knows when its page just opened."""
    st.session_state["_page"] = url_path


def _first_render(key: str) -> bool:
    """True the first time a URL widget is drawn on the current page (or ever)."""
    page = st.session_state.get("_page", "")
    seen = st.session_state.setdefault("_url_widgets", {})
    first = key not in st.session_state or seen.get(key) != page
    seen[key] = page
    return first


def _opening_value(key: str, default, parse=str, valid=lambda value: True):
    """The value a URL widget opens with: the URL's (``parse``d), else the choice carried from another page
    (for a carried key), else ``default``; a value that is not ``valid`` is the default (never an error)."""
    wanted = st.query_params.get(key)
    carried = st.session_state.get("_carried", {})
    if wanted is not None:
        value = parse(wanted)
    elif key in CARRIED and key in carried:
        value = carried[key]
    else:
        return default
    return value if valid(value) else default


def _carry(key: str, value) -> None:
    """Remember a carried key's value, so the next page's widget of that name opens with it."""
    if key in CARRIED:
        st.session_state.setdefault("_carried", {})[key] = value


def url_select(kind, label: str, options: list, key: str, default=None, **kwargs):
    """A selectbox/radio whose value lives in the URL as a clean id (``?drug=lenalidomide``).

    On first render the URL value is used if it is a valid option (anything else is
    ignored, never an error); afterwards the widget's session state wins and the URL
    follows it, so every view can be shared by copying the address.
    """
    default = options[0] if default is None else default
    if _first_render(key):  # a page just opened
        st.session_state[key] = _opening_value(key, default, valid=lambda value: value in options)
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = kind(label, options, key=key, **kwargs)
    _sync_url(key, value, default)
    _carry(key, value)
    return value


def url_tabs(tabs: dict[str, str], key: str, default: str | None = None):
    """``st.tabs`` whose open tab lives in the URL (``?tab=unlock``); the first tab is the one not written.

    ``default`` is the tab id to open when it is not the URL's (the map passes the view its component reported).
    """
    ids = list(tabs)
    first = ids[0]
    wanted = default if default in tabs else st.query_params.get(key)

    def remember() -> None:
        label = st.session_state.get(f"{key}_tabs")
        chosen = next((i for i, lab in tabs.items() if lab == label), first)
        if chosen == first:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = chosen

    opened = tabs[wanted] if wanted in tabs else tabs[first]
    return st.tabs(list(tabs.values()), key=f"{key}_tabs", default=opened, on_change=remember)


def url_toggle(label: str, key: str, default: bool = False, **kwargs) -> bool:
    """A toggle stored in the URL as ``key=1`` (or ``true``) when on (a carried key follows the user across pages)."""
    if _first_render(key):
        on = _opening_value(key, default, parse=lambda text: text.strip().lower() in ("1", "true", "yes", "on"))
        st.session_state[key] = bool(on)
    value = st.toggle(label, key=key, **kwargs)
    _sync_url(key, value, default)
    _carry(key, value)
    return value


def root_link(params: dict[str, str]) -> str:
    """A link to the access map (the app's root page) with these query parameters, relative to this page
    (``./?drug=...`` from ``/timeline``), so it works under any base path and opens in the same tab."""
    return "./?" + urlencode(params, quote_via=quote)


def view_url() -> str:
    """The address of the view being shown (the URL carries every control)."""
    try:
        url = st.context.url or ""
    except Exception:
        url = ""
    query = urlencode(
        {k: v for k, v in st.query_params.to_dict().items() if k not in ("present", "export")}, quote_via=quote
    )
    base = url.split("?")[0] if url else ""
    return f"{base}?{query}" if query else base


def chart(fig, key: str, filename: str, alt: str, title: str, **kwargs) -> None:
    """A chart at its own pixel height, exportable as a 16:9 slide, with a 'cite this view' line.

    The camera button exports PNG (1600 × 900) or, with ``?export=svg`` (switch below), SVG.
    """
    from .figures import export_config

    fmt = "svg" if st.query_params.get("export") == "svg" else "png"
    st.plotly_chart(
        fig, key=key, config=export_config(fig, filename, fmt), alt=alt, height=int(fig.layout.height or 560), **kwargs
    )
    with st.expander("Cite or export this view", icon=":material/format_quote:"):
        m = data.model()
        stamp = data.your_data_stamp()
        st.code(
            f"{title}. Myeloma Access Explorer, data as of {m.latest_as_of}. {view_url()} "
            f"(accessed {m.today.isoformat()})."
            + (f" {stamp} The link shows the published data only." if stamp else ""),
            language=None,
            wrap_lines=True,
        )
        st.caption(
            "The camera icon on the chart saves it as a 16:9 slide with its title, legend and source line, "
            "the same at any window width."
        )
        svg = st.toggle("Camera saves SVG instead of PNG", value=fmt == "svg", key=f"{key}_svg")
        if svg != (fmt == "svg"):
            if svg:
                st.query_params["export"] = "svg"
            else:
                st.query_params.pop("export", None)
            st.rerun()


def presenting() -> bool:
    """Presenter mode (``?present=1``): no sidebar or app chrome, larger type and legends."""
    return str(st.query_params.get("present", "")).strip().lower() in ("1", "true", "yes", "on")


PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
[data-testid="stMain"] {font-size: 1.25rem;}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem; max-width: 100%;}
</style>"""


def presenter_chrome() -> None:
    """Hide the app's chrome in presenter mode (CSS only; the page and its URL stay the same)."""
    if presenting():
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)


LINES_OPTIONS = ["1", "2", "3", "4+"]
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# The finder's toggles: URL key -> (label, help). ``len``, ``pi``, ``cd38``, ``t1114`` keep their meaning;
# ``pom``, ``lenexp``, ``piexp``, ``cd38exp``, ``bcma`` were added (issue 17).
REFRACTORY_TOGGLES = {
    "len": ("Lenalidomide-refractory", None),
    "pom": ("Pomalidomide-refractory", None),
    "pi": ("PI-refractory", None),
    "cd38": ("Anti-CD38-refractory", None),
    "t1114": ("t(11;14)", None),
}
EXPOSURE_TOGGLES = {
    "lenexp": (
        "Had lenalidomide",
        "Exposed to lenalidomide (refractory implies exposed). Labels and guidance such as "
        "BPd's or EHA-ESMO's third-line list need it.",
    ),
    "piexp": (
        "Had a proteasome inhibitor",
        "Exposed to bortezomib, carfilzomib or ixazomib (refractory implies exposed).",
    ),
    "cd38exp": (
        "Had an anti-CD38 antibody",
        "Exposed to daratumumab or isatuximab (refractory implies exposed); 'triple-class exposed' labels need it.",
    ),
    "bcma": ("Had BCMA-directed therapy", "A prior BCMA-directed CAR-T, bispecific antibody or belantamab."),
}


class FinderControls(NamedTuple):
    """What the finder's controls say: the query, whether the link chose the guidance, link notices."""

    query: FinderQuery
    scope_explicit: bool
    notices: tuple[str, ...]


def _link_notices() -> list[str]:
    """Plain notes on finder link values that were not understood (read once, on the first render).

    The value itself is never echoed (a link is untrusted text); the note names the parameter.
    """
    from myeloma_access.model import SCOPES, THRESHOLDS

    notes = []
    lines = st.query_params.get("lines")
    if lines is not None and "lines" not in st.session_state:
        text = lines.strip()
        if text.isdigit() and int(text) >= 4:
            st.session_state["lines"] = "4+"  # lines=4 (or more) means 4 or more prior lines
            st.query_params["lines"] = "4+"
        elif text not in LINES_OPTIONS:
            notes.append("The link's value for lines was not understood; showing 1 prior line.")
    for key, choices, shown in (("access", THRESHOLDS, "any legal availability"), ("scope", SCOPES, "IMWG 2021 only")):
        value = st.query_params.get(key)
        if value is not None and key not in st.session_state and value not in choices:
            notes.append(f"The link's value for {key} was not understood; showing {shown}.")
    for key in (*REFRACTORY_TOGGLES, *EXPOSURE_TOGGLES, "dex"):
        value = st.query_params.get(key)
        if value is not None and key not in st.session_state and value.strip().lower() not in TRUE_WORDS + FALSE_WORDS:
            notes.append(
                f"The link's value for {key} was not understood; read as off."
                if key != "dex"
                else "The link's value for dex was not understood; dexamethasone is not assumed."
            )
    return notes


def situation_controls() -> FinderControls:
    """The finder's situation controls, URL-synced with its public parameter names.

    ``lines``, ``len``, ``pi``, ``cd38``, ``t1114``, ``access``, ``scope`` and ``dex`` keep the meaning
    they have in every shared link; ``lines=4`` (or more) means 4 or more; ``pom``, ``lenexp``,
    ``piexp``, ``cd38exp`` and ``bcma`` are optional additions. A link value that is not understood
    is said on screen (``notices``), never silently replaced.
    """
    from myeloma_access.finder import Situation
    from myeloma_access.model import SCOPES, THRESHOLDS

    if "_finder_link_notices" not in st.session_state:
        st.session_state["_finder_link_notices"] = tuple(_link_notices())
        st.session_state["_finder_scope_explicit"] = st.query_params.get("scope") in SCOPES
    c = st.columns([1, 2, 2])
    with c[0]:
        lines = url_select(st.selectbox, "Prior lines", LINES_OPTIONS, "lines")
    with c[1]:
        access = url_select(st.radio, "Access threshold", list(THRESHOLDS), "access", format_func=THRESHOLDS.get)
    with c[2]:
        scope = url_select(st.radio, "Guidance", list(SCOPES), "scope", format_func=SCOPES.get)
    flags = {}
    # columns as wide as their labels, so no label is cut at 1400 px (a toggle is ~40 px, a help icon ~20 px)
    r = st.columns([len(label) + 6 for label, _ in REFRACTORY_TOGGLES.values()])
    for col, (key, (label, help_text)) in zip(r, REFRACTORY_TOGGLES.items()):
        with col:
            flags[key] = url_toggle(label, key, help=help_text)
    e = st.columns([len(label) + 9 for label, _ in EXPOSURE_TOGGLES.values()])
    for col, (key, (label, help_text)) in zip(e, EXPOSURE_TOGGLES.items()):
        with col:
            flags[key] = url_toggle(label, key, help=help_text)
    assume_dex = url_toggle(
        "Assume dexamethasone where nothing is sourced",
        "dex",
        default=True,
        help="An explicit assumption, not a sourced fact. It applies only where no status and no national "
        "essential-medicines listing of dexamethasone is sourced.",
    )
    situation = Situation(
        4 if lines == "4+" else int(lines),
        flags["len"],
        flags["pi"],
        flags["cd38"],
        flags["t1114"],
        pom_refractory=flags["pom"],
        len_exposed=flags["lenexp"],
        pi_exposed=flags["piexp"],
        cd38_exposed=flags["cd38exp"],
        prior_bcma=flags["bcma"],
    )
    query = FinderQuery(situation, access, scope, frozenset(ASSUMABLE) if assume_dex else frozenset())
    explicit = bool(st.session_state.get("_finder_scope_explicit")) or "scope" in st.query_params
    return FinderControls(query, explicit, st.session_state["_finder_link_notices"])


def url_multiselect(
    label: str, options: list, key: str, default: list, max_selections: int, state_key: str | None = None, **kwargs
) -> list:
    """A multiselect stored in the URL as comma-separated ids (``?countries=BRA,MEX,ESP``).

    ``state_key`` (default ``key``) names the widget, so two pages can share a URL parameter name
    without sharing one selection.
    """
    state_key = state_key or key
    if state_key not in st.session_state:
        wanted = [x.strip().upper() for x in (st.query_params.get(key) or "").split(",") if x.strip()]
        chosen = [x for x in dict.fromkeys(wanted) if x in options][:max_selections]
        st.session_state[state_key] = chosen or default
    value = st.multiselect(label, options, key=state_key, max_selections=max_selections, **kwargs)
    text = ",".join(value)
    if value == default or not value:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != text:
        st.query_params[key] = text
    return value
