"""Importers tested against the real official exports in ../shared/data (skipped if absent)."""

import pandas as pd
from conftest import needs_shared

from importers.ema import EMA_COLUMNS_2026, import_ema, import_ema_2026, read_ema_report
from importers.who_eml import import_who_eml, read_who_eml
from myeloma_access import DATA_DIR, SHARED_DATA_DIR
from myeloma_access.loaders import read_csv

ALIASES = read_csv(DATA_DIR / "drug_aliases.csv")
EMA = SHARED_DATA_DIR / "ema_epar_medicines_report_2023-03-12.xlsx"
WHO = SHARED_DATA_DIR / "who_eml_export_2025.csv"
EMA2026 = SHARED_DATA_DIR / "ema_2026-03-14" / "medicines-output-medicines-report_en.xlsx"


@needs_shared
def test_ema_report_layout_matches_the_documented_vintage():
    raw = read_ema_report(EMA)
    assert len(raw) == 1988
    myeloma = raw[raw["therapeutic_area"].fillna("").str.contains("Myeloma")]
    assert len(myeloma) == 34


@needs_shared
def test_ema_import_maps_every_rrmm_drug_in_the_file():
    ema = import_ema(EMA, ALIASES)
    expected = {
        "bortezomib",
        "lenalidomide",
        "thalidomide",
        "pomalidomide",
        "carfilzomib",
        "panobinostat",
        "elotuzumab",
        "daratumumab",
        "ixazomib",
        "isatuximab",
        "belantamab_mafodotin",
        "selinexor",
        "idecabtagene_vicleucel",
        "ciltacabtagene_autoleucel",
        "melphalan_flufenamide",
        "teclistamab",
        "dexamethasone",
        "melphalan",
        "pegylated_liposomal_doxorubicin",
    }
    assert set(ema["drug_id"]) == expected
    velcade = ema[ema["medicine_name"] == "Velcade"].iloc[0]
    assert velcade["marketing_authorisation_date"] == "2004-04-26"  # time-zone artefact dropped
    assert (ema["source_id"] == "ema_epar_report_2023_03_12").all()


@needs_shared
def test_committed_ema_table_is_what_the_importer_produces():
    committed = read_csv(DATA_DIR / "ema_authorisations.csv")
    committed = committed[committed["as_of"] == "2023-03-12"].reset_index(drop=True).fillna("")
    fresh = import_ema(EMA, ALIASES).astype(str)
    pd.testing.assert_frame_equal(committed.astype(str), fresh, check_dtype=False)


@needs_shared
def test_who_export_is_cp1252_with_1739_records():
    df = pd.read_csv(WHO, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    assert len(df) == 1739
    assert len(read_who_eml(WHO)) < 1739  # 6 exact duplicate rows dropped


@needs_shared
def test_who_import_myeloma_rows():
    who = import_who_eml(WHO, ALIASES)
    myeloma = who[who["indication"] == "Plasma cell myeloma"].set_index("drug_id")["eml_status"].to_dict()
    assert myeloma["bortezomib"] == "listed"
    assert myeloma["lenalidomide"] == "listed"
    assert myeloma["thalidomide"] == "listed"
    assert myeloma["daratumumab"] == "not_listed"  # 'Removed' = considered, not on the list
    assert "pomalidomide" not in myeloma


@needs_shared
def test_committed_who_table_is_what_the_importer_produces():
    committed = read_csv(DATA_DIR / "who_eml.csv")
    fresh = import_who_eml(WHO, ALIASES)
    assert committed["drug_id"].tolist() == fresh["drug_id"].tolist()
    assert committed["eml_status"].tolist() == fresh["eml_status"].tolist()


# ---------------------------------------------------------------- EMA medicines report 2026-03-14


@needs_shared
def test_ema_2026_layout_is_mapped_by_name():
    raw = read_ema_report(EMA2026, EMA_COLUMNS_2026)
    assert len(raw) == 2673
    assert raw["therapeutic_area"].fillna("").str.contains("Myeloma").sum() == 46


@needs_shared
def test_ema_2026_new_authorisations_and_expiries():
    ema = import_ema_2026(EMA2026, ALIASES)
    by = {(r.drug_id, r.product_number): r for r in ema.itertuples()}
    lyn = ema[ema["drug_id"] == "linvoseltamab"].iloc[0]
    assert (lyn["medicine_name"], lyn["marketing_authorisation_date"], lyn["authorisation_status"]) == (
        "Lynozyfic",
        "2025-04-23",
        "Authorised",
    )
    blen = ema[ema["drug_id"] == "belantamab_mafodotin"].set_index("product_number")
    assert blen.loc["EMEA/H/C/004935", "authorisation_status"] == "Expired"
    assert blen.loc["EMEA/H/C/004935", "withdrawal_date"] == "2024-02-23"
    assert blen.loc["EMEA/H/C/006511", "marketing_authorisation_date"] == "2025-07-23"
    assert ema.loc[ema["drug_id"] == "elranatamab", "marketing_authorisation_date"].tolist() == ["2023-12-07"]
    assert ema.loc[ema["drug_id"] == "talquetamab", "marketing_authorisation_date"].tolist() == ["2023-08-21"]
    pom = ema[(ema["drug_id"] == "pomalidomide") & (ema["generic"] == "yes")]
    assert len(pom) == 5 and pom["marketing_authorisation_date"].str.startswith("2024").all()
    cilta = ema[ema["drug_id"] == "ciltacabtagene_autoleucel"].iloc[0]
    assert cilta["marketing_authorisation_date"] == "2022-05-25"  # the 2026-02-10 decision is a variation
    assert "Application withdrawn" not in set(ema["authorisation_status"])  # never held an authorisation
    assert (ema["source_id"] == "reg_ema_medicines_report_2026_03_14").all() and (ema["as_of"] == "2026-03-14").all()
    assert len(by) == len(ema)


@needs_shared
def test_committed_ema_2026_rows_are_what_the_importer_produces():
    committed = read_csv(DATA_DIR / "ema_authorisations.csv")
    committed = committed[committed["as_of"] == "2026-03-14"].reset_index(drop=True).fillna("")
    pd.testing.assert_frame_equal(
        committed.astype(str), import_ema_2026(EMA2026, ALIASES).astype(str), check_dtype=False
    )


def test_eu_facts_blenrep_expiry_and_new_authorisation():
    from myeloma_access.availability import facts_from_ema

    ema, members = read_csv(DATA_DIR / "ema_authorisations.csv"), read_csv(DATA_DIR / "jurisdiction_members.csv")
    f = facts_from_ema(ema, members)
    assert f["iso3"].nunique() == 32  # 30 EU/EEA states + Saint Martin and the Åland Islands (TFEU Art. 355)
    deu = f[(f["iso3"] == "DEU") & (f["drug_id"] == "belantamab_mafodotin")].sort_values("date")
    assert list(zip(deu["date"], deu["authorisation"])) == [
        ("2020-08-25", "approved"),
        ("2023-03-12", "approved"),
        ("2024-02-23", "withdrawn"),
        ("2025-07-23", "approved"),
        ("2026-03-14", "approved"),
    ]
    # lapsed Celdoxome does not withdraw PLD (Caelyx is still authorised); a withdrawn Krka lenalidomide neither
    assert set(f.loc[f["authorisation"] == "withdrawn", "drug_id"]) == {"belantamab_mafodotin"}
    latest = f.groupby("drug_id")["date"].max()
    assert (latest == "2026-03-14").all()  # every EU drug is dated by the 2026 report
