"""Re-runnable importer: EMA reports (2023-03-12 and 2026-03-14) and WHO EML export -> data/*.csv.

Usage:  python scripts/import_official_exports.py [--shared ../shared/data] [--out data]

Reads the official files in ``../shared/data`` (they are never copied into this
repository), checks their SHA-256 against the vintage the sidecars cite (``importers/*.json``),
and writes ``data/ema_authorisations.csv`` (both EMA vintages: 2026 for current status, 2023 for
history), ``data/who_eml.csv`` and ``data/sources_official.csv`` (the 2026 EMA report's source row;
the 2023 report and WHO rows are curated in ``data/sources.csv``). Running it twice gives the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from importers.common import SOURCE_COLUMNS, VintageError, checked, source_row
from importers.ema import import_ema, import_ema_2026
from importers.who_eml import import_who_eml
from myeloma_access import DATA_DIR, SHARED_DATA_DIR
from myeloma_access.loaders import read_csv

EMA_FILE = "ema_epar_medicines_report_2023-03-12.xlsx"
EMA2026_FILE = "ema_2026-03-14/medicines-output-medicines-report_en.xlsx"
WHO_FILE = "who_eml_export_2025.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    aliases = read_csv(DATA_DIR / "drug_aliases.csv")
    try:
        paths = {name: checked(args.shared, name) for name in (EMA_FILE, EMA2026_FILE, WHO_FILE)}
    except VintageError as exc:
        print(f"{exc}.")
        return 1
    ema = pd.concat(
        [import_ema_2026(paths[EMA2026_FILE], aliases), import_ema(paths[EMA_FILE], aliases)], ignore_index=True
    )
    who = import_who_eml(paths[WHO_FILE], aliases)
    ema.to_csv(args.out / "ema_authorisations.csv", index=False, lineterminator="\n")
    who.to_csv(args.out / "who_eml.csv", index=False)
    pd.DataFrame([source_row("ema2026")], columns=SOURCE_COLUMNS).to_csv(
        args.out / "sources_official.csv", index=False, lineterminator="\n"
    )
    for as_of, g in ema.groupby("as_of"):
        print(
            f"ema_authorisations.csv ({as_of}): {len(g)} products, {g['drug_id'].nunique()} drugs, "
            f"statuses {g['authorisation_status'].value_counts().to_dict()}"
        )
    print(f"who_eml.csv: {len(who)} rows, {who['drug_id'].nunique()} drugs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
