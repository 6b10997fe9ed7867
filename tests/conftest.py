"""Shared fixtures and paths for the test suite."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from myeloma_access import SHARED_DATA_DIR  # noqa: E402

needs_shared = pytest.mark.skipif(
    not (SHARED_DATA_DIR / "ema_epar_medicines_report_2023-03-12.xlsx").exists(),
    reason=f"official exports not found in {SHARED_DATA_DIR} (../shared/data beside the repo)",
)

# Fixtures that read the shipped data/ (or a copy of it): their tests are integration tests. Mutation testing
# deselects them (`-m "not shipped"`, see [tool.mutmut] in pyproject.toml) so every mutant runs against the fast
# tests over tests/fixtures.py's planted dataset; the full suite runs them all.
SHIPPED_FIXTURES = {"m", "world", "shipped", "tiny", "payload", "base", "data_copy", "shipped_alone"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SHIPPED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.shipped)
