"""Marks the installed ``myeloma-access-explorer`` distribution for Streamlit's component scanner.

Streamlit finds a v2 component's ``asset_dir`` by importing a module named after the distribution and reading
the ``pyproject.toml`` beside it (``[[tool.streamlit.component.components]]``). The map component itself is
``components/map_component.py``; its assets are ``components/map_assets/``.
"""
