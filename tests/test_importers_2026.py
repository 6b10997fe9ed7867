"""Importers of the files added 2026-12-02 (GLOBOCAN 2022, Japan NHI, Algeria, Kenya PPB + KEML, Health Canada
DPD), tested against the real shared files (skipped with a reason when ../shared/data is absent), plus the
sidecar metadata of every importer module."""

from __future__ import annotations

import json
import re

import pytest

from importers import common
from importers.ca_dpd import CA_SOURCE_ID, import_ca_dpd, read_dpd
from importers.dz_nomenclature import import_dz
from importers.globocan2022 import import_globocan2022, read_globocan2022
from importers.jp_nhi import import_jp_nhi, parse_spec
from importers.ke_eml import import_ke_eml
from importers.ke_ppb import import_ke_ppb
from myeloma_access import DATA_DIR, SHARED_DATA_DIR
from myeloma_access.loaders import read_csv

NAME_MAP = read_csv(DATA_DIR / "name_map_products.csv")
COUNTRIES = set(read_csv(DATA_DIR / "countries.csv")["iso3"])
needs_new = pytest.mark.skipif(
    not (SHARED_DATA_DIR / "globocan2022" / "globocan_incidence.csv").exists(),
    reason=f"shared files of 2026-12-02 not found in {SHARED_DATA_DIR} (../shared/data beside the repo)",
)


# ---------------------------------------------------------------- sidecars (no shared files needed)

SIDECAR_KEYS = {
    "source_id",
    "as_of",
    "citation",
    "url",
    "accessed",
    "licence",
    "origin",
    "repository",
    "commit",
    "file_date",
    "files",
}


@pytest.mark.parametrize("path", sorted(common.HERE.glob("*.json")), ids=lambda p: p.stem)
def test_every_sidecar_has_the_provenance_fields(path):
    meta = json.loads(path.read_text(encoding="utf-8"))
    assert set(meta) >= SIDECAR_KEYS, SIDECAR_KEYS - set(meta)
    for rel, digest in meta["files"].items():
        assert re.fullmatch(r"[0-9a-f]{64}", digest), f"{rel}: not a full sha256"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["as_of"])


def test_every_importer_module_has_a_sidecar():
    modules = {p.stem for p in common.HERE.glob("*.py")} - {"__init__", "common", "layers"}
    sidecars = {p.stem for p in common.HERE.glob("*.json")}
    # ema.py reads two vintages (ema2023, ema2026); wdi.py also cites CLDR (cldr.json)
    assert modules - {"ema"} <= sidecars and {"ema2023", "ema2026", "cldr"} <= sidecars


@pytest.mark.parametrize(
    "name, prefix",
    [
        ("ema2026", "0a1bcac33112bb6b"),
        ("globocan2022", "e95a78efdddeb491"),
        ("jp_nhi", "bcd345c7931d5e3d"),
        ("dz_nomenclature", "4d117982130a813e"),
        ("ke_ppb", "cdbb54fc95c281da"),
        ("ke_eml", "434a9ec300332b17"),
    ],
)
def test_sidecar_hashes_extend_the_prefixes_in_sources_md(name, prefix):
    digests = list(common.source_meta(name)["files"].values())
    assert any(d.startswith(prefix) for d in digests)


def test_runtime_package_does_not_import_the_importers():
    for path in (DATA_DIR.parent / "myeloma_access").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import openpyxl" not in text and "from importers" not in text and "import importers" not in text, path


def test_a_changed_file_is_refused(tmp_path):
    rel = "jp_nhi_2025-07-16/20250716.csv"
    (tmp_path / "jp_nhi_2025-07-16").mkdir()
    (tmp_path / rel).write_text("区分\n", encoding="utf-8")
    with pytest.raises(common.VintageError, match="differs from the cited vintage"):
        common.checked(tmp_path, rel)


def test_nhi_spec_parser():
    assert parse_spec("5mg1カプセル") == (5.0, "capsule")
    assert parse_spec("2.5mg1カプセル") == (2.5, "capsule")
    assert parse_spec("100mg5mL1瓶") == (100.0, "vial")
    assert parse_spec("44mg1.1mL1瓶") == (44.0, "vial")
    assert parse_spec("50mg1瓶(溶解液付)") == (50.0, "vial")
    assert parse_spec("15mL1瓶") is None  # Darzquro: amount of daratumumab not stated
    assert parse_spec("1患者当たり") is None  # CAR-T per patient
    assert parse_spec("0.01%1mL") is None


# ---------------------------------------------------------------- GLOBOCAN 2022


@needs_new
def test_globocan_2022_shifted_header_and_totals():
    inc = read_globocan2022(SHARED_DATA_DIR, "incidence")
    assert len(inc) == 185
    assert inc.set_index("Alpha-3 code").loc["USA", "Number"] == "32258"
    assert inc["Number"].astype(int).sum() == 187868
    assert read_globocan2022(SHARED_DATA_DIR, "mortality")["Number"].astype(int).sum() == 121326
    glo, dropped = import_globocan2022(SHARED_DATA_DIR, COUNTRIES)
    assert dropped == [] and glo["iso3"].nunique() == 185 and (glo["year"] == 2022).all()
    usa = glo[glo["iso3"] == "USA"].set_index("indicator")["value"]
    assert usa.to_dict() == {
        "mm_deaths": "13067",
        "mm_incidence_asr": "4.8",
        "mm_mortality_asr": "1.6",
        "mm_new_cases": "32258",
    }
    assert (glo["source_id"] == "ref_iarc_globocan_2022").all()


def test_committed_indicators_use_globocan_2022_only():
    ind = read_csv(DATA_DIR / "country_indicators.csv")
    mm = ind[ind["indicator"].str.startswith("mm_")]
    assert set(mm["year"].astype(int)) == {2022} and set(mm["source_id"]) == {"ref_iarc_globocan_2022"}
    assert mm.loc[mm["indicator"] == "mm_new_cases", "value"].astype(int).sum() == 187868


# ---------------------------------------------------------------- Japan NHI


@needs_new
def test_jp_nhi_prices_and_listing_facts():
    prices, facts, skipped = import_jp_nhi(SHARED_DATA_DIR, NAME_MAP)
    p = prices.set_index("price_id")
    elr = p.loc["jpn_nhi_2025_elranatamab_4291470a1020"]
    assert (elr["strength_mg"], elr["units_per_pack"], elr["pack_price"], elr["route"]) == ("44", "1", "558501", "SC")
    len5 = p.loc["jpn_nhi_2025_lenalidomide_4291024m1024"]
    assert (len5["strength_mg"], len5["pack_price"], len5["route"]) == ("5", "8070.8", "oral")
    assert (prices["currency"] == "JPY").all() and (prices["price_type"] == "NHI price").all()
    assert (prices["price_date"] == "2025-07-16").all()
    # ambiguous items get no price: Darzquro (mL only), Abecma (per patient)
    assert any("ダラキューロ" in s for s in skipped) and any("アベクマ" in s for s in skipped)
    f = facts.set_index("drug_id")
    assert (
        (f["funding"] == "funded").all() and (f["confidence"] == "stated").all() and (f["date"] == "2025-07-16").all()
    )
    assert {"idecabtagene_vicleucel", "teclistamab", "elranatamab", "daratumumab", "pomalidomide"} <= set(f.index)
    # absent from the list: no fact at all (absence is not 'not approved')
    assert not {"ciltacabtagene_autoleucel", "talquetamab", "belantamab_mafodotin", "selinexor", "panobinostat"} & set(
        f.index
    )
    assert "not_approved" not in set(facts["authorisation"])


# ---------------------------------------------------------------- Algeria


@needs_new
def test_dz_registrations():
    facts, _ = import_dz(SHARED_DATA_DIR, NAME_MAP)
    first = facts.sort_values("date").drop_duplicates("drug_id").set_index("drug_id")["date"].to_dict()
    assert first["isatuximab"] == "2025-02-12" and first["ixazomib"] == "2025-07-20"
    assert first["carfilzomib"] == "2018-07-24" and first["daratumumab"] == "2023-05-21"
    assert first["bortezomib"] == "2009-10-19" and first["lenalidomide"] == "2016-06-12"
    assert not {"pomalidomide", "thalidomide"} & set(facts["drug_id"])
    assert (facts["authorisation"] == "approved").all() and (facts["funding"] == "").all()
    assert (facts["confidence"] == "stated").all()


# ---------------------------------------------------------------- Kenya


@needs_new
def test_ke_ppb_is_reported_and_dated():
    facts, _ = import_ke_ppb(SHARED_DATA_DIR, NAME_MAP)
    assert (facts["confidence"] == "reported").all()
    bort = facts[facts["drug_id"] == "bortezomib"]
    assert sorted(bort["date"]) == ["2019-02-21", "2024-08-01"] and "10 product(s)" in bort["note"].iloc[0]
    assert facts.loc[facts["drug_id"] == "ixazomib", "date"].min() == "2021-09-20"
    assert not {"lenalidomide", "daratumumab", "carfilzomib"} & set(facts["drug_id"])


@needs_new
def test_keml_2023_listings():
    eml = import_ke_eml(SHARED_DATA_DIR, NAME_MAP).set_index("drug_id")
    assert {"bortezomib", "lenalidomide", "thalidomide", "melphalan"} <= set(eml.index)
    assert (eml["list_year"] == 2023).all() and (eml["listed"] == "yes").all()
    assert "3.5mg vial" in eml.loc["bortezomib", "note"] and "10mg" in eml.loc["lenalidomide", "note"]
    assert "leprosy" in eml.loc["thalidomide", "note"]
    assert not eml["note"].str.contains("funded").any()


@pytest.mark.shipped
def test_committed_kenya_eml_is_the_newest_list_in_the_model():
    from myeloma_access.loaders import load_dataset
    from myeloma_access.model import AccessModel

    m = AccessModel(load_dataset())
    ken = m.eml_table("bortezomib").query("iso3 == 'KEN'").iloc[0]
    assert (ken["eml"], ken["list_year"]) == ("listed", 2023)
    assert "bortezomib" in m.eml_by_country["KEN"]


# ---------------------------------------------------------------- Health Canada DPD


@needs_new
def test_ca_dpd_columns_from_the_read_me_and_first_approvals():
    t = read_dpd(SHARED_DATA_DIR)
    assert {"MARKETED", "APPROVED", "DORMANT"} <= set(t["status"]["STATUS"])
    facts, _ = import_ca_dpd(SHARED_DATA_DIR, NAME_MAP)
    first = facts.sort_values("date").drop_duplicates("drug_id").set_index("drug_id")["date"].to_dict()
    assert first["teclistamab"] == "2023-07-26" and first["elranatamab"] == "2023-12-06"
    assert first["talquetamab"] == "2024-04-30" and first["belantamab_mafodotin"] == "2025-07-18"
    assert first["ciltacabtagene_autoleucel"] == "2023-02-09"
    assert (facts["funding"] == "").all() and (facts["authorisation"] == "approved").all()
    assert (facts["source_id"] == CA_SOURCE_ID).all()


# ---------------------------------------------------------------- entry points


@needs_new
def test_import_scripts_are_rerunnable_and_match_the_committed_tables(tmp_path):
    from scripts.import_official_exports import main as official

    assert official(["--out", str(tmp_path)]) == 0
    first = {n: (tmp_path / n).read_bytes() for n in ("ema_authorisations.csv", "sources_official.csv")}
    assert official(["--out", str(tmp_path)]) == 0
    for n, content in first.items():
        assert (tmp_path / n).read_bytes() == content, f"{n} changed on a second run"
        assert content == (DATA_DIR / n).read_bytes(), f"committed {n} is not what the importer produces"


def test_name_map_registers_are_schema_values():
    assert set(NAME_MAP["register"]) <= {
        "gem_neml",
        "za_sep",
        "fr_bdpm",
        "jp_nhi",
        "dz_nomenclature",
        "ke_ppb",
        "ke_eml",
        "ca_dpd",
    }
    assert not NAME_MAP.duplicated(["register", "name"]).any()
