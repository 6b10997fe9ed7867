"""A user's own data: templates, validation of uploads, marking, and merging with the shipped data.

Pure (no Streamlit). An upload is read by :func:`myeloma_access.uploads.read_user_csv`
(size, encoding, separator, columns — plain messages), validated by the same pandera
schema as the shipped table, checked against the countries and drugs the app knows, and
marked: its source ids get the prefix ``your_data__`` and a source row saying "Your data",
so every place that cites a source (map hover, tables, exports) shows it as the user's.
Nothing here writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .loaders import DataError, Dataset, validate_frame
from .schema import SCHEMAS
from .uploads import MAX_BYTES, MAX_ROWS, plain_problems, read_user_csv, shown

PREFIX = "your_data__"


@dataclass(frozen=True)
class Kind:
    key: str
    table: str  # the shipped table it extends (or replaces)
    title: str
    replaces: bool  # True: the upload replaces the shipped table (an official roster); False: rows are added
    example: dict


KINDS: dict[str, Kind] = {
    "facts": Kind(
        "facts",
        "country_facts",
        "Availability facts",
        False,
        {
            "iso3": "KEN",
            "drug_id": "bortezomib",
            "authorisation": "approved",
            "funding": "",
            "date": "2024-05",
            "confidence": "stated",
            "source_id": "kenya_ppb_register",
            "as_of": "2026-11-24",
            "note": "Example row: replace it. authorisation: approved/not_approved/withdrawn or empty; "
            "funding: funded/not_funded or empty; confidence: stated/reported/inferred",
        },
    ),
    "prices": Kind(
        "prices",
        "prices",
        "Prices",
        False,
        {
            "price_id": "ken_bortezomib_3_5mg",
            "iso3": "KEN",
            "drug_id": "bortezomib",
            "route": "SC",
            "product": "Bortezomib 3.5 mg vial (generic)",
            "strength_mg": "3.5",
            "units_per_pack": "1",
            "pack_price": "25000",
            "currency": "KES",
            "price_type": "hospital list price",
            "price_date": "2025-06",
            "source_id": "kenya_hospital_price_list",
            "as_of": "2026-11-24",
            "confidence": "verified",
            "note": "Example row: replace it",
        },
    ),
    "roster": Kind(
        "roster",
        "imwg_members",
        "IMWG roster",
        True,
        {
            "member_name": "Surname, A.",
            "iso3": "KEN",
            "institution": "Example Hospital",
            "roster": "official_2026",
            "evidence": "official_roster",
            "source_id": "imwg_official_roster_2026",
            "as_of": "2026-11-24",
        },
    ),
}


def columns(kind: str) -> list[str]:
    """The columns a user's file of this kind must have (a table's optional columns are left out)."""
    return [name for name, col in SCHEMAS[KINDS[kind].table].columns.items() if col.required]


def template(kind: str) -> pd.DataFrame:
    """The documented columns with one example row (to be replaced)."""
    return pd.DataFrame([KINDS[kind].example], columns=columns(kind))


def parse_upload(
    kind: str, data: bytes, filename: str, countries: set[str], drugs: set[str], currencies: set[str] | None = None
) -> tuple[pd.DataFrame | None, list[str]]:
    """(validated frame, notes) or (None, problems) — every message in plain words naming row and column."""
    k = KINDS[kind]
    frame, messages = read_user_csv(
        data, filename, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, required_columns=columns(kind), valid_codes=countries
    )
    if frame is None:
        return None, messages
    try:
        frame = validate_frame(k.table, frame.reset_index(drop=True))
    except DataError as exc:
        return None, plain_problems(exc.problems)
    problems = []
    if "drug_id" in frame:
        for i, d in frame["drug_id"].items():
            if d not in drugs:
                problems.append(
                    f"Row {i + 1}, column drug_id: {shown(d)} is not a drug id the app knows "
                    "(see the template's note or data/README.md)."
                )
    if kind == "facts":
        silent = frame[frame["authorisation"].isna() & frame["funding"].isna()]
        problems += [
            f"Row {i + 1}: fill authorisation or funding (or both); the row says nothing." for i in silent.index
        ]
    if kind == "prices" and currencies is not None:
        for i, c in frame["currency"].items():
            if c not in currencies and c != "USD":
                problems.append(f"Row {i + 1}, column currency: the app has no cited exchange rate for {shown(c)}.")
    if problems:
        return None, problems[:20] + ([f"… and {len(problems) - 20} more problems."] if len(problems) > 20 else [])
    return frame, messages


def mark(frame: pd.DataFrame) -> pd.DataFrame:
    """The user's rows with their source ids prefixed, so every citation shows them as the user's."""
    return frame.assign(source_id=PREFIX + frame["source_id"].astype(str))


def user_sources(frames: dict[str, pd.DataFrame], today: date) -> pd.DataFrame:
    """One source row per source id used in the user's uploads (marked 'Your data')."""
    ids = sorted({s for f in frames.values() for s in f["source_id"]})
    return pd.DataFrame(
        {
            "source_id": [PREFIX + s for s in ids],
            "citation": [f"Your data (uploaded in this browser session): {s}" for s in ids],
            "url": "file:your-upload",
            "publisher": "You",
            "published": None,
            "accessed": today.isoformat(),
            "licence": "yours",
            "source_type": "dataset",
            "note": "Uploaded by the user; not part of the shipped data; shown only in this session.",
        }
    )


def overlay(ds: Dataset, frames: dict[str, pd.DataFrame], today: date) -> Dataset:
    """The dataset with the user's rows added (facts, prices) or in place (roster), marked as theirs."""
    tables = dict(ds.tables)
    for kind, frame in frames.items():
        k = KINDS[kind]
        marked = mark(frame)
        tables[k.table] = marked if k.replaces else pd.concat([ds.tables[k.table], marked], ignore_index=True)
    tables["sources"] = pd.concat([ds.sources, user_sources(frames, today)], ignore_index=True)
    return Dataset(tables)


def merged(ds: Dataset, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The shipped table with the user's marked rows (what 'download merged' offers)."""
    k = KINDS[kind]
    marked = mark(frame).assign(your_data="yes")
    if k.replaces:
        return marked
    return pd.concat([ds.tables[k.table].assign(your_data=""), marked], ignore_index=True)
