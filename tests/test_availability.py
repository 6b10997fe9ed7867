"""The fact builder: EU central authorisations spread to the member states, regulatory and payer events,
curated country and register facts, each one sourced row with its dimension, basis and confidence.

Every case is hand-worked on small frames passed straight to the functions; the expected rows are written out.
"""

import pandas as pd
import pytest

from myeloma_access.availability import build_facts, facts_from_ema, facts_from_events, facts_from_table

FACT_COLUMNS = [
    "iso3",
    "drug_id",
    "authorisation",
    "funding",
    "date",
    "basis",
    "confidence",
    "source_id",
    "as_of",
    "note",
    "covers",
    "covers_lines",
    "covers_regimens",
]
EMA_COLUMNS = [
    "drug_id",
    "medicine_name",
    "product_number",
    "authorisation_status",
    "marketing_authorisation_date",
    "withdrawal_date",
]
# EUR = Germany and France; USA = Puerto Rico and Guam (territories where a federal approval applies).
MEMBERS = pd.DataFrame(
    [("EUR", "DEU"), ("USA", "PRI"), ("EUR", "FRA"), ("USA", "GUM")], columns=["jurisdiction", "iso3"]
).assign(source_id="s_members")
SOURCE_TYPES = {"s_ema": "regulator", "s_fda": "regulator", "s_cms": "payer", "s_nice": "payer", "s_news": "news"}
EU_NOTE = "EU central marketing authorisation ({}), valid in all EU/EEA states; says nothing about national funding"
NEW_NOTE = "New EU central marketing authorisation after an expiry or withdrawal ({})"
END_NOTE = "EU marketing authorisation {} on this date ({}); no other product of the drug was authorised then"
STILL_NOTE = "Still authorised in the EU on the EMA report date ({})"


def ema(rows, as_of: str, source_id: str = "s_ema") -> pd.DataFrame:
    """EMA rows as (drug_id, medicine_name, product_number, status, authorisation date, end date or None)."""
    return pd.DataFrame(rows, columns=EMA_COLUMNS).assign(source_id=source_id, as_of=as_of)


def plain(df: pd.DataFrame) -> list[dict]:
    """The rows as dicts, a missing value (None or NaN) as None."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def fact(iso3, drug, auth, fund, when, basis, conf, src, as_of, note, covers=(None, None, None)) -> dict:
    return dict(zip(FACT_COLUMNS, (iso3, drug, auth, fund, when, basis, conf, src, as_of, note, *covers)))


def eu(iso3, drug, auth, when, as_of, note, src="s_ema") -> dict:
    """A fact derived from an EU central authorisation."""
    return fact(iso3, drug, auth, None, when, "regional_authorisation", "stated", src, as_of, note)


# Drug x in the 2026-01-15 report. Episode 1: Xa 2005-01-10 (withdrawn 2008-03-01), Xb from 2007-05-05 overlaps
# it and carries it to 2009-09-09 (expired), Xc 2008-01-01..2008-12-31 lies inside it, Xe starts on the very day
# Xb expired (2009-09-09) and carries it to 2010-05-05 (withdrawn); Xd ends that same day (revoked) but does not
# take over as the ending product, as it ends no later. Xr was refused and Xw withdrawn without a date: both
# left out. Episode 2: Xf and Xh both authorised on 2015-06-01 (Xf has the lower number: it opens the episode),
# Xg (2016..2020) lies inside it. Listed out of order on purpose.
X_2026 = [
    ("x", "Xh", "EMEA/H/C/010", "Authorised", "2015-06-01", None),
    ("x", "Xc", "EMEA/H/C/003", "Lapsed", "2008-01-01", "2008-12-31"),
    ("x", "Xa", "EMEA/H/C/001", "Withdrawn", "2005-01-10", "2008-03-01"),
    ("x", "Xr", "EMEA/H/C/005", "Refused", "2011-01-01", "2012-01-01"),
    ("x", "Xb", "EMEA/H/C/002", "Expired", "2007-05-05", "2009-09-09"),
    ("x", "Xd", "EMEA/H/C/004", "Revoked", "2009-12-01", "2010-05-05"),
    ("x", "Xe", "EMEA/H/C/007", "Withdrawn", "2009-09-09", "2010-05-05"),
    ("x", "Xw", "EMEA/H/C/006", "Withdrawn", "2012-02-02", None),
    ("x", "Xg", "EMEA/H/C/009", "Withdrawn", "2016-01-01", "2020-01-01"),
    ("x", "Xf", "EMEA/H/C/008", "Authorised", "2015-06-01", None),
]


def test_ema_authorisation_episodes_become_approved_withdrawn_and_still_authorised_facts():
    """Drug x (see X_2026), members of EUR: Germany only here (Puerto Rico is a USA member, not an EU one).

    Episode 1: approved 2005-01-10 (Xa, the first product), withdrawn 2010-05-05 (Xe, the ending product).
    Episode 2: approved 2015-06-01 (Xf), a *new* authorisation after a withdrawal; in force, so no end, and a
    'still authorised' fact on the report date 2026-01-15 (Xf, the earliest live product).
    Order: the episode approvals, then the ends, then the report-date facts."""
    members = MEMBERS[MEMBERS["iso3"].isin(["DEU", "PRI"])]
    out = facts_from_ema(ema(X_2026, "2026-01-15"), members)
    assert list(out.columns) == FACT_COLUMNS
    assert plain(out) == [
        eu("DEU", "x", "approved", "2005-01-10", "2026-01-15", EU_NOTE.format("Xa, EMEA/H/C/001")),
        eu("DEU", "x", "approved", "2015-06-01", "2026-01-15", NEW_NOTE.format("Xf, EMEA/H/C/008")),
        eu("DEU", "x", "withdrawn", "2010-05-05", "2026-01-15", END_NOTE.format("withdrawn", "Xe, EMEA/H/C/007")),
        eu("DEU", "x", "approved", "2026-01-15", "2026-01-15", STILL_NOTE.format("Xf, EMEA/H/C/008")),
    ]


def test_an_authorised_product_overlapping_an_ended_one_keeps_the_episode_in_force():
    """Drug y: Ya 2010-01-01..2014-01-01 (withdrawn), Yb authorised from 2013-01-01, before Ya ended.

    One episode from 2010-01-01, still in force: no withdrawal fact. Each fact once per EU member (DEU, FRA)."""
    rows = [
        ("y", "Ya", "EMEA/H/C/101", "Withdrawn", "2010-01-01", "2014-01-01"),
        ("y", "Yb", "EMEA/H/C/102", "Authorised", "2013-01-01", None),
    ]
    out = facts_from_ema(ema(rows, "2026-01-15"), MEMBERS)
    assert plain(out) == [
        eu("DEU", "y", "approved", "2010-01-01", "2026-01-15", EU_NOTE.format("Ya, EMEA/H/C/101")),
        eu("FRA", "y", "approved", "2010-01-01", "2026-01-15", EU_NOTE.format("Ya, EMEA/H/C/101")),
        eu("DEU", "y", "approved", "2026-01-15", "2026-01-15", STILL_NOTE.format("Yb, EMEA/H/C/102")),
        eu("FRA", "y", "approved", "2026-01-15", "2026-01-15", STILL_NOTE.format("Yb, EMEA/H/C/102")),
    ]


def test_each_drugs_history_comes_from_its_newest_report_and_older_reports_add_still_authorised():
    """Two vintages. x: authorised in the 2023-03-12 report (source s_ema23), expired 2025-02-02 in the
    2026-01-15 report (s_ema26). z: only in the 2023 report, authorised from 2019-04-04.

    x's history is the 2026 report's: approved 2015-06-01, expired 2025-02-02; the 2023 report adds 'still
    authorised' on 2023-03-12. z's newest report is 2023: approved 2019-04-04, still authorised 2023-03-12.
    Order: approvals (z's 2023 report before x's 2026 one), ends, then report-date facts (by report, then drug).
    """
    reports = pd.concat(
        [
            ema(
                [
                    ("x", "Xf", "EMEA/H/C/008", "Authorised", "2015-06-01", None),
                    ("z", "Za", "EMEA/H/C/200", "Authorised", "2019-04-04", None),
                ],
                "2023-03-12",
                "s_ema23",
            ),
            ema([("x", "Xf", "EMEA/H/C/008", "Expired", "2015-06-01", "2025-02-02")], "2026-01-15", "s_ema26"),
        ],
        ignore_index=True,
    )
    out = facts_from_ema(reports, MEMBERS[MEMBERS["iso3"] == "FRA"])
    assert plain(out) == [
        eu("FRA", "z", "approved", "2019-04-04", "2023-03-12", EU_NOTE.format("Za, EMEA/H/C/200"), "s_ema23"),
        eu("FRA", "x", "approved", "2015-06-01", "2026-01-15", EU_NOTE.format("Xf, EMEA/H/C/008"), "s_ema26"),
        eu(
            "FRA",
            "x",
            "withdrawn",
            "2025-02-02",
            "2026-01-15",
            END_NOTE.format("expired", "Xf, EMEA/H/C/008"),
            "s_ema26",
        ),
        eu("FRA", "x", "approved", "2023-03-12", "2023-03-12", STILL_NOTE.format("Xf, EMEA/H/C/008"), "s_ema23"),
        eu("FRA", "z", "approved", "2023-03-12", "2023-03-12", STILL_NOTE.format("Za, EMEA/H/C/200"), "s_ema23"),
    ]


def test_a_report_without_end_dates_leaves_out_products_no_longer_authorised():
    """The 2023 report has no withdrawal-date column: a 'Withdrawn' product has no known episode and is left out.

    x: Xa withdrawn (no date), Xb authorised from 2012-03-03. q (listed second): Qa withdrawn, Qb authorised
    from 2020-07-07. Each drug: approved on its live product's date, still authorised on 2023-03-12."""
    rows = pd.DataFrame(
        [
            ("x", "Xa", "EMEA/H/C/001", "Withdrawn", "2005-01-10"),
            ("x", "Xb", "EMEA/H/C/002", "Authorised", "2012-03-03"),
            ("q", "Qa", "EMEA/H/C/300", "Withdrawn", "2001-01-01"),
            ("q", "Qb", "EMEA/H/C/301", "Authorised", "2020-07-07"),
        ],
        columns=EMA_COLUMNS[:-1],
    ).assign(source_id="s_ema", as_of="2023-03-12")
    out = facts_from_ema(rows, MEMBERS[MEMBERS["iso3"] == "DEU"])
    assert plain(out) == [
        eu("DEU", "q", "approved", "2020-07-07", "2023-03-12", EU_NOTE.format("Qb, EMEA/H/C/301")),
        eu("DEU", "x", "approved", "2012-03-03", "2023-03-12", EU_NOTE.format("Xb, EMEA/H/C/002")),
        eu("DEU", "q", "approved", "2023-03-12", "2023-03-12", STILL_NOTE.format("Qb, EMEA/H/C/301")),
        eu("DEU", "x", "approved", "2023-03-12", "2023-03-12", STILL_NOTE.format("Xb, EMEA/H/C/002")),
    ]


def test_a_refused_drug_and_an_empty_report_give_no_facts():
    refused = ema([("x", "Xr", "EMEA/H/C/005", "Refused", "2011-01-01", None)], "2026-01-15")
    assert list(facts_from_ema(refused, MEMBERS).columns) == FACT_COLUMNS
    assert facts_from_ema(refused, MEMBERS).empty
    assert list(facts_from_ema(refused.iloc[:0], MEMBERS).columns) == FACT_COLUMNS
    assert facts_from_ema(refused.iloc[:0], MEMBERS).empty


def test_the_member_states_are_those_of_the_jurisdiction_asked_for():
    """The same authorisation spread over the USA's members instead (Puerto Rico, Guam)."""
    rows = [("y", "Yb", "EMEA/H/C/102", "Authorised", "2013-01-01", None)]
    out = facts_from_ema(ema(rows, "2026-01-15"), MEMBERS, jurisdiction="USA")
    assert list(zip(out["iso3"], out["date"])) == [
        ("PRI", "2013-01-01"),
        ("GUM", "2013-01-01"),
        ("PRI", "2026-01-15"),
        ("GUM", "2026-01-15"),
    ]


EVENT_COLUMNS = ["jurisdiction", "agency", "drug_id", "event", "date", "indication", "confidence", "source_id"]


def events(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=EVENT_COLUMNS).assign(note="the importer's note", as_of="2026-11-24")


EVENTS = [
    ("EUR", "EMA", "x", "withdrawn", "2024-03", None, "verified", "s_ema"),
    ("USA", "FDA", "x", "indication_extended", "2021-06-01", "after one prior line", "verified", "s_fda"),
    ("USA", "CMS", "x", "reimbursed", "2022", None, "verified", "s_cms"),
    ("GBR", "NICE", "x", "funding_declined", "2023-01", None, "secondary", "s_nice"),
    ("JPN", "PMDA", "x", "approved", "2019", None, "verified", "s_news"),
    ("CAN", "Health Canada", "x", "not_renewed", "2020", None, "verified", "s_unlisted"),
]


def test_events_become_facts_regional_national_and_territorial():
    """EUR's withdrawal stands for its members (DEU, FRA) only; each national event stays national; the FDA's
    approval (an authorisation event) also applies in the USA's territories (PRI, GUM), CMS funding does not.

    Confidence: 'stated' only when verified against a regulator's or payer's own page (EMA, FDA, CMS);
    NICE is secondary, PMDA's source is news, Health Canada's source has no known type: 'reported'.
    Notes: 'agency: event' with underscores as spaces, the indication in brackets when there is one."""
    out = facts_from_events(events(EVENTS), MEMBERS, SOURCE_TYPES)
    assert (list(out.columns), list(out.index)) == (FACT_COLUMNS, list(range(9)))
    fda = "FDA: indication extended (after one prior line)"
    territory = " - a federal approval, valid in this territory (jurisdiction USA)"
    asof = "2026-11-24"
    assert plain(out) == [
        fact("DEU", "x", "withdrawn", None, "2024-03", "regional_authorisation", "stated", "s_ema", asof, "EMA: withdrawn"),
        fact("FRA", "x", "withdrawn", None, "2024-03", "regional_authorisation", "stated", "s_ema", asof, "EMA: withdrawn"),
        fact("USA", "x", "approved", None, "2021-06-01", "regulatory_event", "stated", "s_fda", asof, fda),
        fact("USA", "x", None, "funded", "2022", "regulatory_event", "stated", "s_cms", asof, "CMS: reimbursed"),
        fact("GBR", "x", None, "not_funded", "2023-01", "regulatory_event", "reported", "s_nice", asof, "NICE: funding declined"),
        fact("JPN", "x", "approved", None, "2019", "regulatory_event", "reported", "s_news", asof, "PMDA: approved"),
        fact("CAN", "x", "withdrawn", None, "2020", "regulatory_event", "reported", "s_unlisted", asof, "Health Canada: not renewed"),
        fact("PRI", "x", "approved", None, "2021-06-01", "territorial_authorisation", "stated", "s_fda", asof, fda + territory),
        fact("GUM", "x", "approved", None, "2021-06-01", "territorial_authorisation", "stated", "s_fda", asof, fda + territory),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "event, dimensions",
    [
        ("approved", ("approved", None)),
        ("indication_extended", ("approved", None)),
        ("re_approved", ("approved", None)),
        ("withdrawn", ("withdrawn", None)),
        ("not_renewed", ("withdrawn", None)),
        ("reimbursed", (None, "funded")),
        ("delisted", (None, "not_funded")),
        ("funding_declined", (None, "not_funded")),
    ],
)
def test_each_event_speaks_to_one_dimension(event, dimensions):
    out = facts_from_events(events([("GBR", "MHRA", "x", event, "2020", None, "verified", "s_ema")]), MEMBERS, {})
    assert list(zip(out["authorisation"], out["funding"])) == [dimensions]


def test_an_unknown_event_type_is_an_error():
    with pytest.raises(AssertionError, match=r"^every event type maps to a dimension$"):
        facts_from_events(events([("GBR", "MHRA", "x", "rumoured", "2020", None, "verified", "s_ema")]), MEMBERS, {})


def test_no_events_give_no_facts():
    out = facts_from_events(events([]), MEMBERS, SOURCE_TYPES)
    assert (list(out.columns), len(out)) == (FACT_COLUMNS, 0)


COUNTRY_FACT_COLUMNS = [c for c in FACT_COLUMNS if c != "basis"]


def test_country_and_register_tables_keep_their_rows_and_take_the_basis():
    """A curated table without the covers columns: they are added empty; the basis is the one asked for."""
    table = pd.DataFrame(
        [("IND", "x", None, "funded", "2024-02", "reported", "s_news", "2026-11-24", "State scheme lists it")],
        columns=["iso3", "drug_id", "authorisation", "funding", "date", "confidence", "source_id", "as_of", "note"],
    )
    out = facts_from_table(table, "register")
    assert list(out.columns) == FACT_COLUMNS
    assert plain(out) == [
        fact("IND", "x", None, "funded", "2024-02", "register", "reported", "s_news", "2026-11-24", "State scheme lists it")
    ]  # fmt: skip
    empty = facts_from_table(table.iloc[:0], "country_fact")
    assert (list(empty.columns), len(empty)) == (FACT_COLUMNS, 0)


def test_build_facts_puts_ema_events_country_and_register_facts_together_missing_as_none():
    """One row from each input, in that order: EMA (Yb, authorised 2013-01-01 and still on 2026-01-15, in DEU
    and FRA), one CMS event (USA), one country fact restricted to a line of therapy (GBR) and one register fact
    (FRA). Every missing value is None, never NaN (the covers of the EMA and event facts included)."""
    country = pd.DataFrame(
        [("GBR", "x", None, "funded", "2023-05", "stated", "s_nice", "2026-11-24", "TA 1", "DVd", "1+", "dvd")],
        columns=COUNTRY_FACT_COLUMNS,
    )
    register = pd.DataFrame(
        [("FRA", "y", "approved", None, None, "stated", "s_bdpm", "2026-05-29", "BDPM entry", None, None, None)],
        columns=COUNTRY_FACT_COLUMNS,
    )
    out = build_facts(
        ema([("y", "Yb", "EMEA/H/C/102", "Authorised", "2013-01-01", None)], "2026-01-15"),
        events([("USA", "CMS", "x", "reimbursed", "2022", None, "verified", "s_cms")]),
        MEMBERS,
        country,
        register,
        SOURCE_TYPES,
    )
    assert list(out.columns) == FACT_COLUMNS
    assert list(out.index) == list(range(7))
    assert out.to_dict("records") == [
        eu("DEU", "y", "approved", "2013-01-01", "2026-01-15", EU_NOTE.format("Yb, EMEA/H/C/102")),
        eu("FRA", "y", "approved", "2013-01-01", "2026-01-15", EU_NOTE.format("Yb, EMEA/H/C/102")),
        eu("DEU", "y", "approved", "2026-01-15", "2026-01-15", STILL_NOTE.format("Yb, EMEA/H/C/102")),
        eu("FRA", "y", "approved", "2026-01-15", "2026-01-15", STILL_NOTE.format("Yb, EMEA/H/C/102")),
        fact("USA", "x", None, "funded", "2022", "regulatory_event", "stated", "s_cms", "2026-11-24", "CMS: reimbursed"),
        fact("GBR", "x", None, "funded", "2023-05", "country_fact", "stated", "s_nice", "2026-11-24", "TA 1", ("DVd", "1+", "dvd")),
        fact("FRA", "y", "approved", None, None, "register", "stated", "s_bdpm", "2026-05-29", "BDPM entry"),
    ]  # fmt: skip


def test_build_facts_without_source_types_reports_every_event_and_without_registers_skips_them():
    """No source types: no event can be checked against a regulator's page, so a verified FDA approval is
    only 'reported'. No register table: the country facts alone (here none) follow the events."""
    out = build_facts(
        ema([], "2026-01-15"),
        events([("JPN", "PMDA", "x", "approved", "2019", None, "verified", "s_fda")]),
        MEMBERS,
        pd.DataFrame(columns=COUNTRY_FACT_COLUMNS),
    )
    assert out.to_dict("records") == [
        fact("JPN", "x", "approved", None, "2019", "regulatory_event", "reported", "s_fda", "2026-11-24", "PMDA: approved")
    ]  # fmt: skip


def test_build_facts_of_nothing_is_empty_with_the_fact_columns():
    out = build_facts(
        ema([], "2026-01-15"),
        events([]),
        MEMBERS,
        pd.DataFrame(columns=COUNTRY_FACT_COLUMNS),
        pd.DataFrame(columns=COUNTRY_FACT_COLUMNS),
        SOURCE_TYPES,
    )
    assert (list(out.columns), len(out)) == (FACT_COLUMNS, 0)
