"""Keep ``app.py``'s ``st.navigation`` router in charge even though pages live in ``pages/``.

Streamlit treats a ``pages/`` folder next to the main script as the legacy (v1)
multipage layout until some session has run ``st.navigation``. In a fresh server
process, a first visit straight to ``/regimens`` would therefore run
``pages/regimens.py`` alone — without the router, sidebar and footer. Every page calls
:func:`ensure_router` first: if it finds itself run in legacy mode it switches the
process to ``st.navigation`` mode and reruns, so ``app.py`` runs and opens the same
page (the URL path is unchanged).
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    """Rerun through ``app.py`` if this page was started by the legacy pages/ mechanism."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
