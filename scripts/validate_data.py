"""Validate the evidence base: schemas, referential integrity, joins, contradictions.

Usage: python scripts/validate_data.py [--data DIR]
Exit code 0 when valid; 1 with every problem listed otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from myeloma_access import DATA_DIR
from myeloma_access.geometry import geometry_ids
from myeloma_access.loaders import DataError, load_dataset
from myeloma_access.validate import check_dataset


def run(data_dir: Path) -> list[str]:
    """All problems found in ``data_dir`` (schema errors included)."""
    try:
        ds = load_dataset(data_dir)
    except DataError as exc:
        return [f"schema: {exc.table}: {p}" for p in exc.problems]
    except (FileNotFoundError, ValueError) as exc:
        return [f"load: {exc}"]
    return check_dataset(ds, geometry_ids())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    problems = run(args.data)
    for p in problems:
        print(f"ERROR {p}")
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}")
        return 1
    print(f"OK: {args.data} is valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
