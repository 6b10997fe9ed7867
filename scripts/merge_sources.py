"""Merge per-area source lists (data/_incoming/sources_*.csv) into data/sources.csv.

Re-runnable: rows already in data/sources.csv are kept; an incoming row with an existing
source_id replaces it. Run after a data builder added sources, then delete _incoming.
"""

from __future__ import annotations

import pandas as pd

from myeloma_access import DATA_DIR
from myeloma_access.loaders import read_csv


def main() -> int:
    target = DATA_DIR / "sources.csv"
    parts = [read_csv(target)] if target.exists() else []
    parts += [read_csv(p) for p in sorted((DATA_DIR / "_incoming").glob("sources_*.csv"))]
    merged = pd.concat(parts, ignore_index=True).drop_duplicates("source_id", keep="last")
    merged.sort_values("source_id").to_csv(target, index=False)
    print(f"sources.csv: {len(merged)} sources")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
