"""The encoded IMWG 2021 first-relapse table matches the cited source, regimen by regimen.

Expected values: IMWG 2021 (Moreau et al., Lancet Oncol 2021;22:e105-18) first-relapse
recommendations as summarised by Oncology Practice Management ("2021 Year in Review",
article 2789), the source cited in data/regimen_recommendations.csv.
"""

from myeloma_access.loaders import load_table

EXPECTED = {
    "first_relapse_len_sensitive": [
        ("DRd", "preferred", "1A"),
        ("KRd", "preferred", "1A"),
        ("DVd", "alternative", "1B"),
        ("Kd", "alternative", "1B"),
        ("DKd", "alternative", "1B"),
        ("Isa-Kd", "alternative", "1B"),
        ("IRd", "alternative", "1B"),
        ("ERd", "alternative", "1B"),
        ("PVd", "alternative", "1B"),
        ("SVd", "alternative", "1B"),
    ],
    "first_relapse_len_refractory": [
        ("PVd", "preferred", "1A"),
        ("DKd", "preferred", "1A"),
        ("Isa-Kd", "preferred", "1A"),
        ("DVd", "alternative", "1B"),
        ("Kd", "alternative", "1B"),
        ("KPd", "other", "1C"),
        ("DPd", "other", "1C"),
        ("Isa-Pd", "other", "1C"),
    ],
}


def test_imwg_2021_first_relapse_table_matches_the_source():
    recs = load_table("regimen_recommendations")
    abbr = load_table("regimens").set_index("regimen_id")["abbreviation"]
    imwg = recs[recs["guideline_id"] == "imwg_2021"].sort_values("rank")
    for setting, expected in EXPECTED.items():
        rows = imwg[imwg["setting_id"] == setting]
        got = [(abbr[r], c, g) for r, c, g in zip(rows["regimen_id"], rows["category"], rows["grade"])]
        assert got == expected, setting


def test_every_regimen_lists_its_drugs_and_dexamethasone_where_named():
    drugs = load_table("regimen_drugs").groupby("regimen_id")["drug_id"].apply(set)
    regimens = load_table("regimens").set_index("regimen_id")
    for rid, row in regimens.iterrows():
        assert rid in drugs.index, rid
        if row["abbreviation"].endswith("d") and row["abbreviation"] not in {"Ind"}:
            assert "dexamethasone" in drugs[rid], rid


def test_approval_entries_name_their_regulator_and_are_dated_where_the_source_dates_them():
    """Every approval row names the regulator it counts for; post_2021 rows are 2021 or later, approval_pre_2021 rows
    earlier; only the UK rows quoting a marketing authorisation through NICE are undated (the source gives no date)."""
    recs = load_table("regimen_recommendations")
    approvals = recs[recs["category"] == "approval"]
    assert set(approvals["guideline_id"]) == {"post_2021", "approval_pre_2021"}
    assert set(approvals["jurisdiction"]) == {"USA", "EUR", "GBR"}
    assert recs.loc[recs["category"] != "approval", "jurisdiction"].isna().all()
    undated = approvals[approvals["effective_date"].isna()]
    assert set(zip(undated["jurisdiction"], undated["regimen_id"])) == {
        ("GBR", "teclistamab_mono"),
        ("GBR", "elranatamab_mono"),
        ("GBR", "talquetamab_mono"),
    }
    years = approvals.dropna(subset=["effective_date"]).set_index("guideline_id")["effective_date"].str.slice(0, 4)
    assert years.loc["post_2021"].astype(int).ge(2021).all()
    assert years.loc["approval_pre_2021"].astype(int).lt(2021).all()


def test_refractory_axis_of_the_shipped_drugs():
    """The finder's refractory rule reads this validated column, never the free-text drug class."""
    drugs = load_table("drugs").set_index("drug_id")["refractory_axis"].dropna().to_dict()
    assert drugs == {
        "bortezomib": "pi",
        "carfilzomib": "pi",
        "ixazomib": "pi",
        "lenalidomide": "len",
        "pomalidomide": "pom",
        "daratumumab": "cd38",
        "isatuximab": "cd38",
        "belantamab_mafodotin": "bcma",
        "idecabtagene_vicleucel": "bcma",
        "ciltacabtagene_autoleucel": "bcma",
        "teclistamab": "bcma",
        "elranatamab": "bcma",
        "linvoseltamab": "bcma",
    }


def test_every_regimen_caveat_and_withdrawal_cites_a_source():
    regimens = load_table("regimens")
    sources = set(load_table("sources")["source_id"])
    for col, src in (("caveat", "caveat_source_id"), ("withdrawn_in", "withdrawn_source_id")):
        rows = regimens[regimens[col].notna()]
        assert rows[src].notna().all() and rows[src].isin(sources).all(), col
    assert set(regimens.loc[regimens["caveat"].notna(), "regimen_id"]) >= {
        "cilta_cel",
        "ide_cel",
        "teclistamab_mono",
        "elranatamab_mono",
        "talquetamab_mono",
        "linvoseltamab_mono",
        "tec_dara",
    }


# EHA-ESMO 2021 lists as reproduced word for word by Medscape (answers 201636 and 201637, updated
# May 11, 2021), the sources cited in data/regimen_recommendations.csv; order as printed.
EHA_ESMO_2021 = {
    "eha_2l_after_bortezomib": [
        ("KRd", "recommended"),
        ("DRd", "recommended"),
        ("IRd", "recommended"),
        ("ERd", "recommended"),
    ],
    "eha_2l_len_refractory": [("PVd", "option"), ("DKd", "option"), ("Isa-Kd", "option"), ("DVd", "option")],
    "eha_2l_t1114": [("VenVd", "option")],
    "eha_3l_bor_len_exposed": [
        ("DKd", "recommended"),
        ("Isa-Pd", "recommended"),
        ("Isa-Kd", "recommended"),
        ("EPd", "recommended"),
    ],
    "eha_3l_t1114": [("VenVd", "option")],
    "eha_3l_triple_refractory": [("Sd", "recommended"), ("Belantamab", "recommended")],
}


def test_eha_esmo_2021_lists_match_the_source():
    recs = load_table("regimen_recommendations")
    abbr = load_table("regimens").set_index("regimen_id")["abbreviation"]
    eha = recs[recs["guideline_id"] == "eha_esmo_2021"].sort_values("rank")
    assert set(eha["setting_id"]) == set(EHA_ESMO_2021)
    for setting, expected in EHA_ESMO_2021.items():
        rows = eha[eha["setting_id"] == setting]
        assert [(abbr[r], c) for r, c in zip(rows["regimen_id"], rows["category"])] == expected, setting
        assert rows["grade"].isna().all() or (rows["grade"] == "").all(), setting  # grades not read
    # the 'if available' qualifier travels with the row
    for setting in ("eha_2l_t1114", "eha_3l_t1114", "eha_3l_triple_refractory"):
        assert eha[eha["setting_id"] == setting]["note"].str.contains("if available").all(), setting


def test_resource_restricted_rows_are_the_blue_font_regimens_of_the_review_figure():
    recs = load_table("regimen_recommendations")
    abbr = load_table("regimens").set_index("regimen_id")["abbreviation"]
    rr = recs[recs["category"] == "resource_restricted"]
    assert set(rr["guideline_id"]) == {"review_pmc5808071"}
    got = {(s, abbr[r]) for s, r in zip(rr["setting_id"], rr["regimen_id"])}
    assert got == {
        ("rev_1r_after_v_bor_refractory", "Rd"),
        ("rev_1r_after_v_bor_sensitive", "Kd"),
        ("rev_1r_after_v_bor_sensitive", "Rd"),
        ("rev_1r_after_rd_len_sensitive", "VCd (CyBorD)"),
        ("rev_1r_after_rd_len_sensitive", "Vd"),
        ("rev_1r_after_rd_len_sensitive", "Kd"),
    }


def test_imwg_2021_rows_are_not_offered_for_anti_cd38_refractory_disease():
    settings = load_table("settings").set_index("setting_id")
    recs = load_table("regimen_recommendations")
    for sid in set(recs[recs["guideline_id"] == "imwg_2021"]["setting_id"]):
        assert settings.loc[sid, "cd38_refractory"] == "no", sid
