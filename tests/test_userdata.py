"""A user's own data: templates, validation messages, marking and merging (exact outputs)."""

from datetime import date

import pandas as pd
import pytest

from myeloma_access import userdata
from myeloma_access.loaders import load_dataset
from tests.fixtures import planted_dataset

TODAY = date(2026, 11, 24)
FACT_HEADER = "iso3,drug_id,authorisation,funding,date,confidence,note,source_id,as_of"
COUNTRIES = {"KEN", "TCD", "GBR"}
DRUGS = {"bortezomib", "dexamethasone"}


def parse(kind, text, currencies=None):
    return userdata.parse_upload(kind, text.encode("utf-8"), f"{kind}.csv", COUNTRIES, DRUGS, currencies)


def test_templates_have_the_documented_columns_and_one_example_row():
    assert list(userdata.template("facts").columns) == FACT_HEADER.split(",")
    assert userdata.columns("roster") == [
        "member_name",
        "iso3",
        "institution",
        "roster",
        "evidence",
        "source_id",
        "as_of",
    ]
    prices = userdata.template("prices")
    assert len(prices) == 1 and prices.loc[0, "currency"] == "KES" and prices.loc[0, "iso3"] == "KEN"
    assert [k.table for k in userdata.KINDS.values()] == ["country_facts", "prices", "imwg_members"]
    assert [k.replaces for k in userdata.KINDS.values()] == [False, False, True]


def test_a_good_fact_file_is_read_as_is():
    frame, notes = parse("facts", f"{FACT_HEADER}\nKEN,bortezomib,approved,funded,2025,stated,x,ken_list,2026-11-24\n")
    assert notes == []
    assert frame.to_dict("records") == [
        {
            "iso3": "KEN",
            "drug_id": "bortezomib",
            "authorisation": "approved",
            "funding": "funded",
            "date": "2025",
            "confidence": "stated",
            "source_id": "ken_list",
            "as_of": "2026-11-24",
            "note": "x",
        }
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "KEN,aspirin,approved,,2025,stated,,s,2026-11-24",
            "Row 1, column drug_id: 'aspirin' is not a drug id the app knows (see the template's note or data/README.md).",
        ),
        (
            "KEN,bortezomib,,,2025,stated,,s,2026-11-24",
            "Row 1: fill authorisation or funding (or both); the row says nothing.",
        ),
        (
            "KEN,bortezomib,maybe,,2025,stated,,s,2026-11-24",
            "Row 1, column authorisation: 'maybe' is not one of the allowed values: approved, not_approved, withdrawn.",
        ),
    ],
)
def test_bad_fact_rows_get_a_plain_message(row, message):
    frame, problems = parse("facts", f"{FACT_HEADER}\n{row}\n")
    assert frame is None
    assert problems == [message]


def test_many_problems_are_capped_with_a_count():
    rows = "".join(f"KEN,aspirin{i},approved,,2025,stated,,s,2026-11-24\n" for i in range(23))
    frame, problems = parse("facts", f"{FACT_HEADER}\n{rows}")
    assert frame is None and len(problems) == 21
    assert problems[-1] == "… and 3 more problems."
    assert problems[0].startswith("Row 1, column drug_id: 'aspirin0'")


def test_prices_need_a_cited_exchange_rate():
    values = {
        "price_id": "p1",
        "iso3": "KEN",
        "drug_id": "bortezomib",
        "route": "SC",
        "product": "Bortezomib 3.5 mg",
        "strength_mg": "3.5",
        "units_per_pack": "1",
        "pack_price": "25000",
        "currency": "KES",
        "price_type": "list",
        "price_date": "2025",
        "confidence": "verified",
        "note": "",
        "source_id": "s",
        "as_of": "2026-11-24",
    }
    header = ",".join(userdata.columns("prices"))
    row = ",".join(values[c] for c in userdata.columns("prices"))
    frame, problems = parse("prices", f"{header}\n{row}\n", currencies={"GBP"})
    assert frame is None
    assert problems == ["Row 1, column currency: the app has no cited exchange rate for 'KES'."]
    frame, problems = parse("prices", f"{header}\n{row}\n", currencies={"KES"})
    assert problems == [] and frame.loc[0, "pack_price"] == 25000.0
    usd = row.replace(",KES,", ",USD,")
    assert parse("prices", f"{header}\n{usd}\n", currencies=set())[1] == []


def test_an_unreadable_file_is_refused_before_validation():
    frame, problems = parse("roster", "")
    assert frame is None and problems == [
        "The file is empty. Upload a CSV file with a header row and at least one data row."
    ]


@pytest.mark.shipped
def test_marking_sources_and_overlay():
    ds = load_dataset()
    mine = pd.DataFrame(
        [
            {
                "iso3": "TCD",
                "drug_id": "bortezomib",
                "authorisation": "approved",
                "funding": None,
                "date": "2025",
                "confidence": "stated",
                "source_id": "chad",
                "as_of": "2026-11-24",
                "note": None,
            }
        ]
    )
    assert userdata.mark(mine)["source_id"].tolist() == ["your_data__chad"]
    src = userdata.user_sources({"facts": mine}, TODAY)
    assert src.to_dict("records") == [
        {
            "source_id": "your_data__chad",
            "citation": "Your data (uploaded in this browser session): chad",
            "url": "file:your-upload",
            "publisher": "You",
            "published": None,
            "accessed": "2026-11-24",
            "licence": "yours",
            "source_type": "dataset",
            "note": "Uploaded by the user; not part of the shipped data; shown only in this session.",
        }
    ]
    over = userdata.overlay(ds, {"facts": mine}, TODAY)
    assert len(over.country_facts) == len(ds.country_facts) + 1
    assert over.country_facts.iloc[-1]["source_id"] == "your_data__chad"
    assert len(over.sources) == len(ds.sources) + 1
    assert len(ds.country_facts) == len(load_dataset().country_facts)  # the shipped dataset is untouched
    roster = userdata.template("roster")
    over = userdata.overlay(ds, {"roster": roster}, TODAY)
    assert len(over.imwg_members) == 1  # an official roster replaces the partial one


@pytest.mark.shipped
def test_merged_download():
    ds = load_dataset()
    mine = userdata.template("facts")
    merged = userdata.merged(ds, "facts", mine)
    assert len(merged) == len(ds.country_facts) + 1
    assert merged["your_data"].tolist()[-2:] == ["", "yes"]
    assert merged.iloc[-1]["source_id"] == "your_data__kenya_ppb_register"
    roster = userdata.merged(ds, "roster", userdata.template("roster"))
    assert len(roster) == 1 and roster.loc[0, "your_data"] == "yes"


# ---------------------------------------------------------------- fast versions over the planted dataset

SHIPPED_FACT = {
    "iso3": "GBR",
    "drug_id": "lenalidomide",
    "authorisation": "approved",
    "funding": "funded",
    "date": "2021",
    "confidence": "stated",
    "source_id": "s_gb",
}
MINE = pd.DataFrame(
    [
        {
            "iso3": "TCD",
            "drug_id": "bortezomib",
            "authorisation": "approved",
            "funding": None,
            "date": "2025",
            "confidence": "stated",
            "source_id": "chad",
            "as_of": "2026-11-24",
            "note": None,
        }
    ]
)
YOUR_SOURCE_NOTE = "Uploaded by the user; not part of the shipped data; shown only in this session."


def test_mark_prefixes_every_source_id_and_leaves_the_input_alone():
    mine = pd.DataFrame({"iso3": ["TCD", "KEN"], "source_id": ["chad", "ken_list"]})
    assert userdata.mark(mine).to_dict("list") == {
        "iso3": ["TCD", "KEN"],
        "source_id": ["your_data__chad", "your_data__ken_list"],
    }
    assert mine["source_id"].tolist() == ["chad", "ken_list"]


def test_user_sources_one_row_per_source_id_sorted_across_uploads():
    """Facts cite 'b' twice and 'a'; prices cite 'a' again: two sources, a before b."""
    frames = {
        "facts": pd.DataFrame({"source_id": ["b", "a", "b"]}),
        "prices": pd.DataFrame({"source_id": ["a"]}),
    }
    src = userdata.user_sources(frames, TODAY)
    assert src.to_dict("records") == [
        {
            "source_id": f"your_data__{s}",
            "citation": f"Your data (uploaded in this browser session): {s}",
            "url": "file:your-upload",
            "publisher": "You",
            "published": None,
            "accessed": "2026-11-24",
            "licence": "yours",
            "source_type": "dataset",
            "note": YOUR_SOURCE_NOTE,
        }
        for s in ("a", "b")
    ]


def test_overlay_adds_the_users_facts_after_the_planted_ones_and_cites_them():
    ds = planted_dataset(country_facts=[SHIPPED_FACT])
    over = userdata.overlay(ds, {"facts": MINE}, TODAY)
    assert list(zip(over.country_facts["iso3"], over.country_facts["source_id"])) == [
        ("GBR", "s_gb"),
        ("TCD", "your_data__chad"),
    ]
    assert list(over.country_facts.index) == [0, 1]
    assert over.sources["source_id"].tolist() == [*ds.sources["source_id"], "your_data__chad"]
    assert list(over.sources.index) == list(range(8))  # one index: 7 planted sources, then the user's
    assert over.sources.iloc[-1]["citation"] == "Your data (uploaded in this browser session): chad"
    assert over.prices["price_id"].tolist() == ["gbr_len", "gbr_dex", "ind_len"]  # other tables as they were
    assert (len(ds.country_facts), len(ds.sources)) == (1, 7)  # the planted dataset is untouched


def test_overlay_replaces_the_roster_with_an_official_one():
    partial = {
        "member_name": "Old, B.",
        "iso3": "GBR",
        "roster": "partial_2024",
        "evidence": "author_affiliation",
        "source_id": "s_gb",
    }
    ds = planted_dataset(imwg_members=[partial])
    over = userdata.overlay(ds, {"roster": userdata.template("roster")}, TODAY)
    assert over.imwg_members[["member_name", "iso3", "source_id"]].to_dict("records") == [
        {"member_name": "Surname, A.", "iso3": "KEN", "source_id": "your_data__imwg_official_roster_2026"}
    ]
    assert over.sources["source_id"].tolist()[-1] == "your_data__imwg_official_roster_2026"


def test_merged_download_flags_the_users_rows():
    ds = planted_dataset(country_facts=[SHIPPED_FACT])
    merged = userdata.merged(ds, "facts", userdata.template("facts"))
    assert list(zip(merged["iso3"], merged["source_id"], merged["your_data"])) == [
        ("GBR", "s_gb", ""),
        ("KEN", "your_data__kenya_ppb_register", "yes"),
    ]
    assert list(merged.index) == [0, 1]
    roster = userdata.merged(ds, "roster", userdata.template("roster"))
    assert list(zip(roster["member_name"], roster["source_id"], roster["your_data"])) == [
        ("Surname, A.", "your_data__imwg_official_roster_2026", "yes")
    ]


FACT_ROW = "KEN,bortezomib,approved,,2025,stated,,s,2026-11-24"


def test_a_file_over_the_size_limit_is_named_in_the_message():
    """2 MiB + 1 byte (2,097,153 bytes) is over the 2 MiB limit; both are shown as 2 MB (one decimal, .0 dropped)."""
    header = (FACT_HEADER + "\n").encode()
    data = header + b"x" * (2 * 1024 * 1024 + 1 - len(header))
    assert userdata.parse_upload("facts", data, "my facts.csv", COUNTRIES, DRUGS) == (
        None,
        ["The file 'my facts.csv' is 2 MB; the limit is 2 MB and 5,000 rows. Split it into smaller files."],
    )


def test_a_country_the_map_does_not_know_is_refused():
    frame, problems = parse("facts", f"{FACT_HEADER}\n{FACT_ROW.replace('KEN', 'FRA')}\n")
    assert frame is None
    assert problems == [
        "Row 1, column iso3: 'FRA' is not a country code the map knows.",
        "Rows are counted from the first row below the header.",
    ]


def test_currencies_are_checked_for_prices_only():
    frame, problems = parse("facts", f"{FACT_HEADER}\n{FACT_ROW}\n", currencies={"GBP"})
    assert problems == [] and frame["iso3"].tolist() == ["KEN"]


@pytest.mark.parametrize(
    "n, tail",
    [(20, []), (21, ["… and 1 more problems."])],
    ids=["twenty_listed_in_full", "twenty_one_counts_one_more"],
)
def test_problem_cap_boundary(n, tail):
    rows = "".join(f"KEN,aspirin{i},approved,,2025,stated,,s,2026-11-24\n" for i in range(n))
    frame, problems = parse("facts", f"{FACT_HEADER}\n{rows}")
    assert frame is None
    assert (
        problems
        == [
            f"Row {i + 1}, column drug_id: 'aspirin{i}' is not a drug id the app knows "
            "(see the template's note or data/README.md)."
            for i in range(20)
        ]
        + tail
    )
