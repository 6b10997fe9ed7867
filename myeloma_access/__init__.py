"""Myeloma Access Explorer domain package.

Pure Python (pandas/pandera), no Streamlit imports: schema and validation, loaders,
access-status rules, the regimen finder, cycle costs and geometry helpers.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
STATIC_DIR = PROJECT_ROOT / "static"
# The official exports the importers read (../shared/data beside the repository); MYELOMA_SHARED_DATA overrides it
# (e.g. for mutation testing, which runs the tests from a copy of the repository).
SHARED_DATA_DIR = Path(os.environ.get("MYELOMA_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))
