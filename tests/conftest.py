"""Shared fixtures and paths for the test suite."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from myeloma_access import SHARED_DATA_DIR  # noqa: E402

needs_shared = pytest.mark.skipif(
    not (SHARED_DATA_DIR / "ema_epar_medicines_report_2023-03-12.xlsx").exists(),
    reason=f"official exports not found in {SHARED_DATA_DIR} (../shared/data beside the repo)",
)
