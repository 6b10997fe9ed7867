"""Shared helpers of the importers: sidecar metadata, vintage (SHA-256) check, number parsing, columns.

Every importer module ``importers/<name>.py`` has a sidecar ``importers/<name>.json`` with its source:
origin/publisher, citation, url, repository copy and commit, file date, date accessed, licence and the
full SHA-256 of every file it reads (``files``). :data:`SHA256` is the union of those ``files``.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
SOURCE_COLUMNS = [
    "source_id",
    "citation",
    "url",
    "publisher",
    "published",
    "accessed",
    "licence",
    "source_type",
    "note",
]
PRICE_COLUMNS = [
    "price_id",
    "iso3",
    "drug_id",
    "route",
    "product",
    "strength_mg",
    "units_per_pack",
    "pack_price",
    "currency",
    "price_type",
    "price_date",
    "source_id",
    "as_of",
    "confidence",
    "note",
]
FACT_COLUMNS = ["iso3", "drug_id", "authorisation", "funding", "date", "confidence", "note", "source_id", "as_of"]


@cache
def source_meta(name: str) -> dict:
    """The sidecar ``importers/<name>.json`` (a source row plus provenance and file hashes)."""
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def all_meta() -> dict[str, dict]:
    return {p.stem: source_meta(p.stem) for p in sorted(HERE.glob("*.json"))}


def source_row(name: str, **fmt) -> dict:
    """The ``sources*.csv`` row of one sidecar (``{placeholders}`` in citation/url/note filled from ``fmt``)."""
    meta = source_meta(name)
    row = {c: meta.get(c, "") for c in SOURCE_COLUMNS}
    if fmt:
        row = {k: (v.format(**fmt) if isinstance(v, str) else v) for k, v in row.items()}
    return row


SHA256: dict[str, str] = {rel: h for m in all_meta().values() for rel, h in m.get("files", {}).items()}


class VintageError(ValueError):
    """The file on disk is not the vintage the sources cite."""


def sha256(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def checked(shared: Path | str, rel: str) -> Path:
    """``shared/rel`` after checking its SHA-256 against the cited vintage (else :class:`VintageError`)."""
    path = Path(shared) / rel
    got = sha256(path)
    if got != SHA256[rel]:
        raise VintageError(
            f"{rel}: sha256 {got} differs from the cited vintage {SHA256[rel]}; update the source row (date, "
            "citation, hash) before importing another vintage"
        )
    return path


def _product_map(name_map: pd.DataFrame, register: str) -> dict[str, str]:
    rows = name_map[name_map["register"] == register]
    return dict(zip(rows["name"].str.strip().str.lower(), rows["drug_id"]))


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def _num(text: str) -> float | None:
    """'3,5' / '3.5' / '1 800' -> float; None if not a number."""
    t = str(text).strip().replace(" ", "")
    if re.fullmatch(r"\d+(,\d+)?", t):
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _g(v: float) -> str:
    return f"{v:.10g}"
