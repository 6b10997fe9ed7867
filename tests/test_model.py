"""The access model on the shipped data: exact rows for hand-checked (drug, country) pairs and a hand-worked cost.

Hand checks against data/ (see the CSV rows named in each test):
- Canada lenalidomide: regulatory_events (Health Canada 2008-10-06, extension 2017-01-24) and country_facts (public
  funding 2010-04-16 Nova Scotia, 2016-10-18 Alberta, 2021-10-29 Ontario Drug Benefit) -> Publicly funded, newest
  funding evidence 2021-10-29 (Ontario, reported), older than five years on 2026-11-24.
- New Zealand daratumumab: approved but "not able to fund daratumumab at this time" (Pharmac OIA, 2025).
- GBR DRd, first cycle: prices.csv rows gbr_nice_c3169_daratumumab_sc_1800mg_vial (GBP 4,320, 2025),
  gbr_nice_ta917_lenalidomide_25mg_x21 (GBP 3,057.60, 2023-08), gbr_nice_ta917_dexamethasone_4mg_x50 (GBP 30.73,
  2023-08); fx_rates.csv GBP 2023 = 1.242948, 2025 = 1.3167008 (World Bank WDI).
"""

from datetime import date

import pytest

from myeloma_access.finder import FinderQuery, Situation
from myeloma_access.loaders import load_dataset
from myeloma_access.model import AccessModel


@pytest.fixture(scope="module")
def m() -> AccessModel:
    return AccessModel(load_dataset(), today=date(2026, 11, 24))


def row(table, iso3: str) -> dict:
    r = table[table["iso3"] == iso3]
    assert len(r) == 1
    return r.iloc[0].to_dict()


KEYS = ("iso3", "name", "status", "label", "drug_id", "evidence_date", "confidence", "stale", "source_id")


def test_map_row_canada_lenalidomide_funded_then_extended(m):
    r = row(m.map_table("lenalidomide"), "CAN")
    assert {k: r[k] for k in KEYS} == {
        "iso3": "CAN",
        "name": "Canada",
        "status": "publicly_funded",
        "label": "Publicly funded",
        "drug_id": "lenalidomide",
        "evidence_date": "2021-10-29",
        "confidence": "reported",
        "stale": True,
        "source_id": "reg_rxcoverage_on_lenalidomide",
    }
    assert r["url"] == "https://on.rxcoverage.ca/products/details/5187"
    assert (r["who_region"], r["income_group"]) == ("AMR", "H")


def test_map_row_new_zealand_daratumumab_explicitly_unfunded(m):
    r = row(m.map_table("daratumumab"), "NZL")
    assert {k: r[k] for k in KEYS} == {
        "iso3": "NZL",
        "name": "New Zealand",
        "status": "not_funded",
        "label": "Not publicly funded (patients pay)",
        "drug_id": "daratumumab",
        "evidence_date": "2025",
        "confidence": "stated",
        "stale": False,
        "source_id": "reg_pharmac_oia_daratumumab_2025",
    }  # the class rests on Pharmac's own decision (stated)


def test_no_cell_is_not_approved_on_a_statement_that_only_says_not_funded(m):
    st = m.statuses()
    not_approved = st[st["status"] == "not_approved"]
    for r in not_approved.to_dict("records"):
        facts = m.facts[(m.facts["iso3"] == r["iso3"]) & (m.facts["drug_id"] == r["drug_id"])]
        assert (facts["authorisation"] == "not_approved").any(), r


def test_a_class_shows_the_member_with_the_best_access(m):
    r = row(m.map_table("group:Anti-CD38 antibodies"), "NZL")
    assert (r["status"], r["drug_id"]) == ("not_funded", "daratumumab")
    assert m.drug_ids_for("group:Anti-CD38 antibodies") == ["daratumumab", "isatuximab"]
    assert m.drug_ids_for("lenalidomide") == ["lenalidomide"]
    assert m.drug_options()["group:Anti-CD38 antibodies"] == "Any of: Anti-CD38 antibodies"


def test_status_as_of_a_year(m):
    assert row(m.map_table("lenalidomide", 2009), "CAN")["status"] == "approved"  # funded from 2010
    assert row(m.map_table("lenalidomide", 2010), "CAN")["status"] == "publicly_funded"
    assert row(m.map_table("lenalidomide", 2006), "DEU")["status"] == "no_data"  # EU authorisation 2007-06-14
    assert row(m.map_table("lenalidomide", 2007), "DEU")["status"] == "approved"


def test_eu_authorisation_is_dated_by_the_ema_report(m):
    r = row(m.map_table("lenalidomide"), "DEU")
    assert (r["status"], r["evidence_date"], r["confidence"], r["stale"], r["source_id"]) == (
        "approved",
        "2026-03-14",
        "stated",
        False,
        "reg_ema_medicines_report_2026_03_14",
    )


def test_one_country_list_everywhere(m):
    assert len(m.countries) == 237 and "ATA" not in set(m.countries["iso3"])
    assert m.country_name("RUS") == "Russian Federation"
    # The IMWG circle of a country sits on the geometry's label point (where plotly puts the hover label).
    rus = m.countries.set_index("iso3").loc["RUS"]
    assert (rus["lon"], rus["lat"]) == (99.06, 61.66)
    for option in ("bortezomib", "group:Bispecific antibodies"):
        table = m.map_table(option)
        assert list(table["iso3"]) == list(m.countries["iso3"])
        assert sum(m.status_counts(table).values()) == len(m.countries)


def test_coverage_agrees_with_the_map(m):
    per_drug = m.coverage_by_drug()
    assert list(per_drug) == ["bortezomib", "carfilzomib", "lenalidomide", "pomalidomide", "thalidomide", "daratumumab"]
    for drug, n in per_drug.items():
        assert n == int((m.map_table(drug)["status"] != "no_data").sum()), drug
    cov = m.coverage()
    assert int(cov["n_sourced"].max()) == 6 and int(cov["n_sourced"].min()) >= 1


def test_drd_first_cycle_in_the_uk_by_hand(m):
    """4 × 1,800 mg × GBP 4,320/1,800 mg = GBP 17,280 × 1.3167008 (2025) = USD 22,752.59;
    525 mg lenalidomide = one pack of 21 × 25 mg = GBP 3,057.60 × 1.242948 (2023) = USD 3,800.44;
    160 mg dexamethasone × GBP 30.73 / 200 mg = GBP 24.584 × 1.242948 = USD 30.56. Total USD 26,583.58."""
    c = m.cycle_cost("drd", "GBR")
    assert (c.usd, c.missing) == (26583.58, [])
    assert [(x["drug_id"], x["price_id"], x["mg_per_cycle"], x["fx_date"]) for x in c.components] == [
        ("daratumumab", "gbr_nice_c3169_daratumumab_sc_1800mg_vial", 7200.0, "2025"),
        ("lenalidomide", "gbr_nice_ta917_lenalidomide_25mg_x21", 525.0, "2023"),
        ("dexamethasone", "gbr_nice_ta917_dexamethasone_4mg_x50", 160.0, "2023"),
    ]
    assert m.regimen_costs("GBR")["drd"].usd == 26583.58
    assert m.regimen_costs("ATF") == {}  # no price anywhere: nothing computed, nothing invented


def test_national_eml_listings_feed_the_finder_as_availability(m):
    # GEM's 2016 list (cyclophosphamide, thalidomide, melphalan, dexamethasone) + the KEML 2023 (bortezomib, lenalidomide)
    assert m.eml_by_country["KEN"] == frozenset(
        {"cyclophosphamide", "thalidomide", "melphalan", "dexamethasone", "bortezomib", "lenalidomide"}
    )
    res = m.find_regimens("KEN", FinderQuery(Situation(1), "any", "with_later"))
    assert "dexamethasone" not in {d for u in res["unknown"] for d in u}  # listed in Kenya: not unknown
    assert all("dexamethasone" in v for v in res.loc[res["regimen_id"] == "vcd", "via_eml"])


def test_scopes_map_to_guidance(m):
    assert m.guidelines_for("imwg_2021") == ("imwg_2021",)
    assert set(m.guidelines_for("with_later")) == set(m.ds.guidelines["guideline_id"])


def test_every_situation_has_cited_guidance_or_a_stated_gap(m):
    for lines in (1, 2, 3, 4):
        for flags in range(16):
            s = Situation(lines, bool(flags & 1), bool(flags & 2), bool(flags & 4), bool(flags & 8))
            res = m.find_regimens("GBR", FinderQuery(s, "any", "with_later"))
            cited = (
                res[~res["guideline_id"].isin(["post_2021", "approval_pre_2021", "other_guidance"])]
                if len(res)
                else res
            )
            assert len(cited) or m.guidance_gaps(s), s


def test_geojson_of_a_view(m):
    gdf = m.map_geodataframe(m.map_table("lenalidomide"))
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(m.countries)
    can = gdf[gdf["iso3"] == "CAN"].iloc[0]
    assert (can["status"], can["geometry"].geom_type) == ("publicly_funded", "MultiPolygon")


def test_usable_counts_and_unlock_for_the_uk_at_first_relapse(m):
    """IMWG 2021 first relapse (10 regimens) in the UK with dexamethasone assumed: KRd, DRd, Kd, PVd, DVd, DKd
    usable; Isa-Kd, IRd, ERd, SVd unknown (isatuximab, ixazomib, elotuzumab, selinexor have no UK status).
    Issue 17: a drug with no fact at all is 'awaiting data' (data_gap), not a sourced barrier (gain)."""
    dex = frozenset({"dexamethasone"})
    counts = m.usable_counts(FinderQuery(Situation(1), "any", "imwg_2021", dex))
    assert counts[counts["iso3"] == "GBR"].to_dict("records") == [
        {
            "iso3": "GBR",
            "usable": 6,
            "unknown": 4,
            "blocked": 0,
            "refractory": 0,
            "recommended": 10,
            "name": "United Kingdom",
            "who_region": "EUR",
            "income_group": "H",
        }
    ]
    assert len(counts) == len(m.countries)
    rank = m.unlock_ranking(["GBR"], FinderQuery(Situation(1), "any", "imwg_2021", dex))
    assert rank.to_dict("records") == [
        {"drug_id": "elotuzumab", "gain": 0.0, "data_gap": 1.0, "regimens": ["erd"], "countries": 1},
        {"drug_id": "isatuximab", "gain": 0.0, "data_gap": 1.0, "regimens": ["isakd"], "countries": 1},
        {"drug_id": "ixazomib", "gain": 0.0, "data_gap": 1.0, "regimens": ["ird"], "countries": 1},
        {"drug_id": "selinexor", "gain": 0.0, "data_gap": 1.0, "regimens": ["svd"], "countries": 1},
    ]
    # Without the assumption, dexamethasone (no UK status) is the one missing drug of six regimens: a data gap.
    assert m.unlock_ranking(["GBR"], FinderQuery(Situation(1), "any", "imwg_2021")).to_dict("records") == [
        {
            "drug_id": "dexamethasone",
            "gain": 0.0,
            "data_gap": 6.0,
            "regimens": ["dkd", "drd", "dvd", "kd", "krd", "pvd"],
            "countries": 1,
        }
    ]


def test_groups_and_gaps(m):
    assert m.countries_in("who_region", "SEAR") == [
        "BGD",
        "BTN",
        "IND",
        "PRK",
        "MDV",
        "MMR",
        "NPL",
        "LKA",
        "THA",
        "TLS",
    ]
    assert [g["gap_id"] for g in m.guidance_gaps(Situation(2))] == [
        "imwg2021_two_plus_lines",
        "imwg2021_if_not_available",
        "eha_emn_2025_relapse_lists",
        "resource_stratified_relapse_tiers",
    ]
    assert [g["gap_id"] for g in m.guidance_gaps(Situation(1, cd38_refractory=True))] == [
        "imwg2021_daratumumab_branch",
        "imwg2021_if_not_available",
        "eha_emn_2025_relapse_lists",
        "resource_stratified_relapse_tiers",
    ]
    assert [g["gap_id"] for g in m.guidance_gaps(Situation(1, True, t11_14=True, pi_exposed=True))][-2:] == [
        "venetoclax_dex_t1114",
        "eu_pending_extensions",
    ]


def test_layer_coverage_and_eml_rows_exactly(m):
    assert m.layer_coverage().to_dict("records") == [
        {
            "layer": "Sourced status (any drug)",
            "countries": 96,
            "AFR": 7,
            "AMR": 20,
            "SEAR": 4,
            "EUR": 39,
            "EMR": 9,
            "WPR": 13,
        },
        {
            "layer": "National essential medicines list (GEM, Kenya 2023)",
            "countries": 136,
            "AFR": 36,
            "AMR": 30,
            "SEAR": 10,
            "EUR": 26,
            "EMR": 16,
            "WPR": 18,
        },
        {
            "layer": "National register (ZA SEP, FR BDPM, JP NHI, DZ, KE PPB, CA DPD)",
            "countries": 6,
            "AFR": 3,
            "AMR": 1,
            "SEAR": 0,
            "EUR": 1,
            "EMR": 0,
            "WPR": 1,
        },
        {"layer": "Prices", "countries": 16, "AFR": 2, "AMR": 3, "SEAR": 1, "EUR": 4, "EMR": 1, "WPR": 5},
        {
            "layer": "GDP per capita (World Bank)",
            "countries": 212,
            "AFR": 47,
            "AMR": 44,
            "SEAR": 9,
            "EUR": 57,
            "EMR": 22,
            "WPR": 30,
        },
        {
            "layer": "New myeloma cases (GLOBOCAN 2022)",
            "countries": 181,
            "AFR": 46,
            "AMR": 31,
            "SEAR": 10,
            "EUR": 50,
            "EMR": 22,
            "WPR": 22,
        },
    ]
    uga = m.eml_table("dexamethasone").query("iso3 == 'UGA'").to_dict("records")
    assert uga == [
        {
            "iso3": "UGA",
            "name": "Uganda",
            "who_region": "AFR",
            "income_group": "L",
            "list_year": 2012,
            "note": "On the national EML of 2012: a commitment to public-sector supply, not evidence of availability",
            "source_id": "ref_gem_neml_2017_rp_ghd",
            "eml": "listed",
        }
    ]
    # Kenya: the KEML 2023 (newer than GEM's 2016 list) is the row shown
    ken = m.eml_table("dexamethasone").query("iso3 == 'KEN'").to_dict("records")
    assert [(r["list_year"], r["source_id"], r["eml"]) for r in ken] == [(2023, "ref_ke_keml_2023", "listed")]
    gdf = m.map_geodataframe(m.map_table("lenalidomide"))
    assert list(gdf.columns) == [
        "iso3",
        "geometry",
        "name",
        "status",
        "label",
        "drug_id",
        "evidence_date",
        "confidence",
        "stale",
        "citation",
        "url",
    ]


def test_korea_daratumumab_is_funded_per_indication_in_the_finder(m):
    """Shipped data (issue 16): under "publicly funded only" at first relapse, DRd is blocked by daratumumab (HIRA
    2023 declined DRd and DVd), while DVd's daratumumab counts as funded (DVd from the second line, 2025-09)."""
    from myeloma_access.finder import BLOCKED, FinderQuery, Situation

    r = m.find_regimens("KOR", FinderQuery(Situation(1), "funded", "with_later")).set_index("regimen_id")
    assert (r.loc["drd", "verdict"], r.loc["drd", "blocking"], r.loc["drd", "via_indication"]) == (
        BLOCKED,
        ["daratumumab"],
        ["daratumumab"],
    )
    assert "daratumumab" not in r.loc["dvd", "blocking"] + r.loc["dvd", "unknown"]
    assert r.loc["dvd", "via_indication"] == ["daratumumab"]
    anyway = m.find_regimens("KOR", FinderQuery(Situation(1), "any", "with_later")).set_index("regimen_id")
    assert anyway.loc["drd", "via_indication"] == []  # any legal availability: funding does not decide
