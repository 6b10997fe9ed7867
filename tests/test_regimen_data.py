"""The encoded IMWG 2021 first-relapse table matches the cited source, regimen by regimen.

Expected values: IMWG 2021 (Moreau et al., Lancet Oncol 2021;22:e105-18) first-relapse
recommendations as summarised by Oncology Practice Management ("2021 Year in Review",
article 2789), the source cited in data/regimen_recommendations.csv.
"""

from myeloma_access.loaders import load_table

EXPECTED = {
    "first_relapse_len_sensitive": [
        ("DRd", "preferred", "1A"), ("KRd", "preferred", "1A"), ("DVd", "alternative", "1B"),
        ("Kd", "alternative", "1B"), ("DKd", "alternative", "1B"), ("Isa-Kd", "alternative", "1B"),
        ("IRd", "alternative", "1B"), ("ERd", "alternative", "1B"), ("PVd", "alternative", "1B"),
        ("SVd", "alternative", "1B"),
    ],
    "first_relapse_len_refractory": [
        ("PVd", "preferred", "1A"), ("DKd", "preferred", "1A"), ("Isa-Kd", "preferred", "1A"),
        ("DVd", "alternative", "1B"), ("Kd", "alternative", "1B"), ("KPd", "other", "1C"),
        ("DPd", "other", "1C"), ("Isa-Pd", "other", "1C"),
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


def test_post_2021_entries_are_dated_approvals():
    recs = load_table("regimen_recommendations")
    later = recs[recs["guideline_id"] == "post_2021"]
    assert len(later) and (later["category"] == "approval").all()
    assert later["effective_date"].str.slice(0, 4).astype(int).ge(2021).all()
