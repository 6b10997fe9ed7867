"""Load and validate the tidy CSV tables in ``data/``.

Every table is read as strings (empty cell -> missing), validated by its pandera schema
(:mod:`myeloma_access.schema`), and returned as a DataFrame. :func:`load_dataset` loads
all of them into one :class:`Dataset` and runs the cross-table checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors

from . import DATA_DIR
from .schema import SCHEMAS, validate_table
from .schema_layers import LAYER_SCHEMAS

# Tables that may be absent (an empty, schema-shaped frame is used instead).
OPTIONAL_TABLES = {
    "country_facts",
    "regulatory_events",
    "prices",
    "reported_costs",
    "who_regions",
    "fx_rates",
    "country_indicators",
    "imwg_members",
    "imwg_rosters",
    "regimen_doses",
    "regimens",
    "regimen_drugs",
    "regimen_recommendations",
    "settings",
    "who_eml",
    "ema_authorisations",
    "register_facts",
    "search_log",
    *LAYER_SCHEMAS,
}


def _shown(path: Path) -> str:
    """'data/drugs.csv': the file as a user knows it, never the server's absolute path."""
    return f"{path.parent.name}/{path.name}"


def read_csv(path: Path | str) -> pd.DataFrame:
    """Read a CSV as strings; empty cells become missing values.

    ``keep_default_na=False`` keeps strings such as ``NA`` (Namibia's ISO2) intact.
    """
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def empty_table(name: str) -> pd.DataFrame:
    """An empty frame with the columns of table ``name``."""
    return pd.DataFrame({col: pd.Series(dtype="str") for col in SCHEMAS[name].columns})


class DataError(ValueError):
    """A table failed validation; ``problems`` lists each failing check in plain words."""

    def __init__(self, table: str, problems: list[str]):
        self.table = table
        self.problems = problems
        super().__init__(f"{table}: " + "; ".join(problems[:10]) + (" ..." if len(problems) > 10 else ""))


def describe_schema_errors(exc: pandera.errors.SchemaErrors) -> list[str]:
    """Turn pandera's failure cases into short sentences (row numbers are 1-based CSV data rows)."""
    out = []
    for row in exc.failure_cases.itertuples():
        where = f"row {int(row.index) + 1}" if pd.notna(row.index) else "table"
        col = f"column '{row.column}'" if isinstance(row.column, str) else "columns"
        out.append(f"{where}, {col}: check '{row.check}' failed (value: {row.failure_case!r})")
    return out


def validate_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` as table ``name``; raise :class:`DataError` with readable problems."""
    try:
        return validate_table(name, df)
    except pandera.errors.SchemaErrors as exc:
        raise DataError(name, describe_schema_errors(exc)) from None


def read_table(name: str, path: Path) -> pd.DataFrame:
    """:func:`read_csv` for table ``name``; a file that cannot be read as UTF-8 CSV is a :class:`DataError`
    naming the file and the place, in words (not a parser's exception)."""
    try:
        return read_csv(path)
    except UnicodeDecodeError as exc:
        problem = f"{path.name} is not UTF-8 text (byte {exc.start} cannot be decoded)"
    except pd.errors.EmptyDataError:
        problem = f"{path.name} is empty (not even a header row)"
    except pd.errors.ParserError as exc:
        problem = f"{path.name} cannot be read as CSV ({str(exc).strip()}); is it cut short or badly quoted?"
    raise DataError(name, [problem]) from None


def load_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Load ``data_dir/<name>.csv`` and validate it against its schema.

    ``sources`` is the concatenation of ``sources.csv`` and every ``sources_<area>.csv``
    (one file per evidence area, so importers never rewrite each other's citations).
    """
    if name == "sources":
        parts = sorted(Path(data_dir).glob("sources_*.csv"))
        main = Path(data_dir) / "sources.csv"
        if not main.exists():
            raise FileNotFoundError(f"required table missing: {_shown(main)}")
        frame = pd.concat([read_table(name, main), *(read_table(name, p) for p in parts)], ignore_index=True)
        return validate_frame(name, frame)
    path = Path(data_dir) / f"{name}.csv"
    if not path.exists():
        if name in OPTIONAL_TABLES:
            return validate_frame(name, empty_table(name))
        raise FileNotFoundError(f"required table missing: {_shown(path)}")
    return validate_frame(name, read_table(name, path))


@dataclass
class Dataset:
    """All tables of the evidence base, validated."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError as exc:  # pragma: no cover - attribute typo
            raise AttributeError(name) from exc


def load_dataset(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Load every table of ``data_dir`` (schemas only; see ``validate.check_dataset``)."""
    return Dataset({name: load_table(name, data_dir) for name in SCHEMAS})
