"""Column helpers and patterns shared by the schema modules (no tables here)."""

from __future__ import annotations

from pandera.pandas import Check, Column

PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
FULL_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
ISO3 = r"^[A-Z]{3}$"
SLUG = r"^[a-z0-9_]+$"


def _str(required: bool = True, regex: str | None = None, isin=None, unique: bool = False) -> Column:
    """A string column; required columns may not be empty."""
    checks = []
    if required:
        checks.append(Check.str_length(min_value=1))
    if regex:
        checks.append(Check.str_matches(regex))
    if isin is not None:
        checks.append(Check.isin(list(isin)))
    return Column(str, checks=checks, nullable=not required, unique=unique)


def _num(required: bool = True, min_value: float | None = 0) -> Column:
    checks = [Check.ge(min_value)] if min_value is not None else []
    return Column(float, checks=checks, nullable=not required, coerce=True)


PROVENANCE = {"source_id": _str(regex=SLUG), "as_of": _str(regex=FULL_DATE)}
