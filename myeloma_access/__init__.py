"""Myeloma Access Explorer domain package.

Pure Python (pandas/pandera), no Streamlit imports: schema and validation, loaders,
access-status rules, the regimen finder, cycle costs and geometry helpers.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
STATIC_DIR = PROJECT_ROOT / "static"
SHARED_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
