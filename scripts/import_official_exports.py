"""Re-runnable importer: EMA EPAR report and WHO EML export -> data/*.csv.

Usage:  python scripts/import_official_exports.py [--shared ../shared/data]

Reads the official files in ``../shared/data`` (they are never copied into this
repository), checks their SHA-256 against the vintage the sources table cites, and
writes ``data/ema_authorisations.csv`` and ``data/who_eml.csv``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


from myeloma_access import DATA_DIR, SHARED_DATA_DIR  # noqa: E402
from myeloma_access.importers import import_ema, import_who_eml, sha256  # noqa: E402
from myeloma_access.loaders import read_csv  # noqa: E402

EMA_FILE = "ema_epar_medicines_report_2023-03-12.xlsx"
EMA_SHA256 = "badc2f7131f1093bbb0d003283981fb18a717eea6945b4b3ffe2fbd6aa53f282"
WHO_FILE = "who_eml_export_2025.csv"
WHO_SHA256 = "1beb4fe9f1d359a0773e00bf92d0044b1d7ec39db86ee620bdcd436fed154577"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    aliases = read_csv(DATA_DIR / "drug_aliases.csv")
    for name, expected in ((EMA_FILE, EMA_SHA256), (WHO_FILE, WHO_SHA256)):
        got = sha256(args.shared / name)
        if got != expected:
            print(f"{name}: sha256 {got} differs from the cited vintage {expected};"
                  " update the source row (date, citation) before importing a new vintage.")
            return 1
    ema = import_ema(args.shared / EMA_FILE, aliases)
    who = import_who_eml(args.shared / WHO_FILE, aliases)
    ema.to_csv(args.out / "ema_authorisations.csv", index=False)
    who.to_csv(args.out / "who_eml.csv", index=False)
    print(f"ema_authorisations.csv: {len(ema)} products, {ema['drug_id'].nunique()} drugs")
    print(f"who_eml.csv: {len(who)} rows, {who['drug_id'].nunique()} drugs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
