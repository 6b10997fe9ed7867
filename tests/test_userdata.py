"""A user's own data: templates, validation messages, marking and merging (exact outputs)."""

from datetime import date

import pandas as pd
import pytest

from myeloma_access import userdata
from myeloma_access.loaders import load_dataset

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
