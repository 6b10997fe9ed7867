"""Streamlit-side building blocks: cached data access, figure builders, widgets."""
