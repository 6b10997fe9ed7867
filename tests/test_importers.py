"""Importers tested against the real official exports in ../shared/data (skipped if absent)."""

import pandas as pd

from conftest import needs_shared
from myeloma_access import DATA_DIR, SHARED_DATA_DIR
from myeloma_access.importers import import_ema, import_who_eml, read_ema_report, read_who_eml
from myeloma_access.loaders import read_csv

ALIASES = read_csv(DATA_DIR / "drug_aliases.csv")
EMA = SHARED_DATA_DIR / "ema_epar_medicines_report_2023-03-12.xlsx"
WHO = SHARED_DATA_DIR / "who_eml_export_2025.csv"


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
        "bortezomib", "lenalidomide", "thalidomide", "pomalidomide", "carfilzomib", "panobinostat", "elotuzumab",
        "daratumumab", "ixazomib", "isatuximab", "belantamab_mafodotin", "selinexor", "idecabtagene_vicleucel",
        "ciltacabtagene_autoleucel", "melphalan_flufenamide", "teclistamab", "dexamethasone", "melphalan",
        "pegylated_liposomal_doxorubicin",
    }
    assert set(ema["drug_id"]) == expected
    velcade = ema[ema["medicine_name"] == "Velcade"].iloc[0]
    assert velcade["marketing_authorisation_date"] == "2004-04-26"  # time-zone artefact dropped
    assert (ema["source_id"] == "ema_epar_report_2023_03_12").all()


@needs_shared
def test_committed_ema_table_is_what_the_importer_produces():
    committed = read_csv(DATA_DIR / "ema_authorisations.csv")
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
