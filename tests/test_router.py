"""The one private-API workaround (components/router.py) fails loudly if a Streamlit upgrade changes what it relies on.

Streamlit 1.67 treats a ``pages/`` folder beside the main script as the legacy multipage layout until a session
runs ``st.navigation`` (``PagesManager.uses_pages_directory``; the script runner then calls ``_mpa_v1``). The
browser test ``test_first_visit_straight_to_a_page_gets_the_router`` proves the behaviour in a fresh server.
"""

import inspect

import streamlit
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

PINNED = "1.67.0"


def test_streamlit_is_the_pinned_version():
    assert streamlit.__version__ == PINNED, "re-check components/router.py against the new Streamlit, then re-pin"


def test_the_private_flag_the_router_resets_still_exists():
    assert "uses_pages_directory" in vars(pages_manager.PagesManager)
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)
    assert "_mpa_v1" in inspect.getsource(script_runner)


def test_navigation_still_clears_the_flag_itself():
    from streamlit.commands import navigation

    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation)
