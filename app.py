"""Myeloma Access Explorer: router, shared sidebar and footer (``streamlit run app.py``)."""

from pathlib import Path

import streamlit as st

from components import data, widgets
from components.data import model
from myeloma_access.loaders import DataError
from myeloma_access.uploads import plain

ICON = str(Path(__file__).parent / "static" / "icon.png")  # served by the app: no request leaves the machine
st.set_page_config(page_title="Myeloma Access Explorer", page_icon=ICON, layout="wide")

try:
    model()
except (DataError, FileNotFoundError, ValueError, KeyError) as exc:  # a broken data file: a message, no traceback
    problems = [f"{exc.table}: {p}" for p in exc.problems[:8]] if isinstance(exc, DataError) else [str(exc)[:500]]
    st.error(
        "The data files failed validation, so the app cannot show them. Run `python scripts/validate_data.py` "
        "for the full list.\n\n" + "\n\n".join(f"- {plain(p)}" for p in problems)
    )
    st.stop()

pages = [
    st.Page("pages/map.py", title="Access map", icon=":material/public:", default=True),  # served at /
    st.Page("pages/regimens.py", title="Regimen finder", icon=":material/medication:", url_path="regimens"),
    st.Page("pages/country.py", title="Country", icon=":material/flag:", url_path="country"),
    st.Page("pages/costs.py", title="Cost & affordability", icon=":material/payments:", url_path="costs"),
    st.Page("pages/compare.py", title="Compare countries", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/timeline.py", title="Access over time", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/data.py", title="Your data", icon=":material/upload_file:", url_path="data"),
    st.Page("pages/sources.py", title="Sources & methods", icon=":material/menu_book:", url_path="sources"),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
]
page = st.navigation(pages, position="hidden" if widgets.presenting() else "sidebar")
widgets.on_page(page.url_path)
st.set_page_config(page_title=f"{page.title} · Myeloma Access Explorer", page_icon=ICON, layout="wide")
widgets.presenter_chrome()

sidebar = st.container() if widgets.presenting() else st.sidebar  # presenter mode: no sidebar at all
if not widgets.presenting():
    with sidebar:
        st.caption("Myeloma Access Explorer")
        st.caption(
            "Which drugs for relapsed/refractory multiple myeloma are available, where, and at what cost. "
            "Grey means **No data**, not 'not available'."
        )

if data.user_frames():
    with sidebar:
        st.warning(
            "**Your data is in use** in this session (marked 'Your data' wherever it appears). "
            "Manage it on the Your data page.",
            icon=":material/upload_file:",
        )

page.run()
widgets.footer()
