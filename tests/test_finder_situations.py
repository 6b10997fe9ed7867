"""Ten clinical situations through the real model, on a planted world (issue 17).

The shipped guidance, settings, regimens and drugs are used as they are; the fact tables are replaced by a few
planted statuses, so every verdict below can be checked by hand:

- GBR: lenalidomide, bortezomib, carfilzomib, daratumumab, pomalidomide, thalidomide, teclistamab, elranatamab,
  talquetamab, belantamab mafodotin and dexamethasone publicly funded; selinexor approved, not funded (patients
  pay: available under "any legal availability"); everything else no data.
- USA: the same drugs (not selinexor) approved, funding unknown, plus idecabtagene vicleucel, ciltacabtagene
  autoleucel and isatuximab.
- KEN: no sourced status; the shipped national essential medicines list (GEM) lists cyclophosphamide, thalidomide,
  melphalan and dexamethasone.

Each case pins the ordered list as (regimen, verdict, the guidance that ordered it). The ordering rule: the guidance
of highest standing (guideline > regulatory label > expert opinion / review > reference summary), newest first, then
its category and grade, then cost (no prices planted), then its rank in the source; refractory conflicts last.
"""

from datetime import date

import pandas as pd
import pytest

from myeloma_access.finder import FinderQuery, Situation
from myeloma_access.loaders import Dataset, load_dataset
from myeloma_access.model import AccessModel

U, B, K, R = "usable", "blocked", "unknown", "refractory_conflict"
IMWG, EHA21, EMN25, ESH, REV, PDQ = (
    "IMWG 2021",
    "EHA-ESMO 2021",
    "EHA-EMN 2025",
    "ESH handbook 2021 (expert handbook, not a consensus guideline)",
    "Review algorithm (PMC5808071)",
    "NCI PDQ options",
)
AP, AP0 = "Approval (2021 or later)", "Approval (before 2021)"
GBR_FUNDED = (
    "lenalidomide",
    "bortezomib",
    "carfilzomib",
    "daratumumab",
    "pomalidomide",
    "thalidomide",
    "teclistamab",
    "elranatamab",
    "talquetamab",
    "belantamab_mafodotin",
    "dexamethasone",
)
USA_APPROVED = GBR_FUNDED + ("idecabtagene_vicleucel", "ciltacabtagene_autoleucel", "isatuximab")


@pytest.fixture(scope="module")
def world() -> AccessModel:
    shipped = load_dataset()
    cols = list(shipped.country_facts.columns)
    rows = [
        {
            "iso3": "GBR",
            "drug_id": d,
            "authorisation": None,
            "funding": "funded",
            "date": "2025",
            "confidence": "stated",
            "source_id": "reg_nice_ta783",
            "as_of": "2026-12-03",
            "note": "planted",
        }
        for d in GBR_FUNDED
    ]
    rows.append(
        {
            "iso3": "GBR",
            "drug_id": "selinexor",
            "authorisation": "approved",
            "funding": "not_funded",
            "date": "2025",
            "confidence": "stated",
            "source_id": "reg_nice_ta783",
            "as_of": "2026-12-03",
            "note": "planted",
        }
    )
    rows += [
        {
            "iso3": "USA",
            "drug_id": d,
            "authorisation": "approved",
            "funding": None,
            "date": "2025",
            "confidence": "stated",
            "source_id": "reg_nice_ta783",
            "as_of": "2026-12-03",
            "note": "planted",
        }
        for d in USA_APPROVED
    ]
    facts = pd.DataFrame(rows, columns=cols).astype(object).where(lambda d: d.notna(), None)
    empty = {
        n: shipped.tables[n].iloc[0:0] for n in ("ema_authorisations", "regulatory_events", "register_facts", "prices")
    }
    return AccessModel(Dataset({**shipped.tables, **empty, "country_facts": facts}), today=date(2026, 12, 3))


def listed(model, iso3, situation, scope="with_later"):
    view = model.finder_view(iso3, FinderQuery(situation, "any", scope, frozenset()))
    abbr = dict(zip(model.ds.regimens["regimen_id"], model.ds.regimens["abbreviation"]))
    rows = [
        (abbr[r], str(v), o)
        for r, v, o in zip(view["result"]["regimen_id"], view["result"]["verdict"], view["result"]["ordered_by"])
    ]
    return rows, view


def test_1_first_relapse_not_refractory_uk(world):
    rows, _ = listed(world, "GBR", Situation(1))
    assert rows == [
        ("DRd", U, IMWG),
        ("KRd", U, IMWG),
        ("DVd", U, IMWG),
        ("Kd", U, IMWG),
        ("DKd", U, IMWG),
        ("Isa-Kd", K, IMWG),
        ("IRd", K, IMWG),
        ("ERd", K, IMWG),
        ("PVd", U, IMWG),
        ("SVd", U, IMWG),
        ("BVd", U, AP),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
    ]


def test_2_first_relapse_len_refractory_after_a_pi_uk(world):
    rows, view = listed(world, "GBR", Situation(1, len_refractory=True, pi_exposed=True))
    assert rows == [
        ("PVd", U, IMWG),
        ("DKd", U, IMWG),
        ("Isa-Kd", K, IMWG),
        ("DVd", U, IMWG),
        ("Kd", U, IMWG),
        ("KPd", U, IMWG),
        ("DPd", U, IMWG),
        ("Isa-Pd", K, IMWG),
        ("BVd", U, AP),
        ("BPd", U, AP),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
    ]
    # cilta-cel (FDA, >=1 line, len-refractory) is an approval of another regulator: named, never counted in the UK
    assert ("cilta_cel", "USA") in set(zip(view["elsewhere"]["regimen_id"], view["elsewhere"]["jurisdiction"]))


def test_3_after_frontline_drd_len_and_anti_cd38_refractory_uk(world):
    rows, _ = listed(world, "GBR", Situation(1, len_refractory=True, cd38_refractory=True, pi_exposed=True))
    assert rows == [
        ("PVd", U, EHA21),
        ("BVd", U, AP),
        ("BPd", U, AP),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
        ("DKd", R, EHA21),
        ("Isa-Kd", R, EHA21),
        ("DVd", R, EHA21),
    ]


def test_4_pi_refractory_first_relapse_uk_carfilzomib_sanctioned_by_its_source(world):
    rows, view = listed(world, "GBR", Situation(1, pi_refractory=True))
    assert rows == [
        ("DRd", U, IMWG),
        ("KRd", U, IMWG),
        ("ERd", K, IMWG),
        ("Rd", U, REV),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("DVd", R, IMWG),
        ("Kd", R, IMWG),
        ("DKd", R, IMWG),
        ("Isa-Kd", R, IMWG),
        ("IRd", R, IMWG),
        ("PVd", R, IMWG),
        ("SVd", R, IMWG),
        ("BVd", R, AP),
        ("V (retreatment)", R, PDQ),
        ("V-PLD", R, PDQ),
        ("VCd (CyBorD)", R, PDQ),
    ]
    krd = view["result"].set_index("regimen_id").loc["krd"]
    assert krd["sanctioned"] == [
        "contains carfilzomib and the disease is proteasome-inhibitor-refractory: Review algorithm (PMC5808071) (First "
        "relapse after bortezomib-based induction, bortezomib-refractory) recommends it for such disease"
    ]


def test_5_two_prior_lines_len_refractory_uk(world):
    rows, _ = listed(world, "GBR", Situation(2, len_refractory=True, pi_exposed=True))
    assert rows == [
        ("DKd", U, EHA21),
        ("Isa-Pd", K, EHA21),
        ("Isa-Kd", K, EHA21),
        ("EPd", K, EHA21),
        ("BVd", U, AP),
        ("BPd", U, AP),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
    ]


def test_6_three_prior_lines_len_refractory_triple_class_exposed_uk(world):
    rows, _ = listed(world, "GBR", Situation(3, len_refractory=True, pi_exposed=True, cd38_exposed=True))
    assert rows == [
        ("Tec", U, EMN25),
        ("DKd", U, EHA21),
        ("Isa-Pd", K, EHA21),
        ("Isa-Kd", K, EHA21),
        ("EPd", K, EHA21),
        ("BVd", U, AP),
        ("BPd", U, AP),
        ("Elra", U, AP),
        ("Tal", U, AP),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
    ]


def test_7_triple_class_refractory_four_plus_uk(world):
    rows, _ = listed(world, "GBR", Situation(4, True, True, True))
    assert rows == [
        ("Melflufen-d", K, EMN25),
        ("Tec", U, EMN25),
        ("Sd", U, EHA21),
        ("Belantamab", K, EHA21),
        ("EPd", K, EHA21),
        ("BPd", U, AP),
        ("Elra", U, AP),
        ("Tal", U, AP),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("DKd", R, EHA21),
        ("Isa-Pd", R, EHA21),
        ("Isa-Kd", R, EHA21),
        ("BVd", R, AP),
        ("V (retreatment)", R, PDQ),
        ("V-PLD", R, PDQ),
        ("VCd (CyBorD)", R, PDQ),
    ]


def test_8_t11_14_three_lines_len_refractory_uk(world):
    rows, view = listed(world, "GBR", Situation(3, len_refractory=True, t11_14=True, pi_exposed=True))
    assert [r for r in rows if r[2] == EHA21] == [
        ("DKd", U, EHA21),
        ("Isa-Pd", K, EHA21),
        ("Isa-Kd", K, EHA21),
        ("EPd", K, EHA21),
        ("VenVd", K, EHA21),
    ]
    venvd = view["result"].set_index("regimen_id").loc["venvd"]
    assert venvd["caveat"] == "Off-label: venetoclax is not approved for myeloma"


def test_9_low_resource_kenya_first_relapse(world):
    rows, _ = listed(world, "KEN", Situation(1))
    assert rows == [
        ("DRd", K, IMWG),
        ("KRd", K, IMWG),
        ("DVd", K, IMWG),
        ("Kd", K, IMWG),
        ("DKd", K, IMWG),
        ("Isa-Kd", K, IMWG),
        ("IRd", K, IMWG),
        ("ERd", K, IMWG),
        ("PVd", K, IMWG),
        ("SVd", K, IMWG),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", U, PDQ),
    ]
    # bortezomib approved (Kenyatta National Hospital review 2014-2018): bortezomib retreatment and VCd (with
    # cyclophosphamide and dexamethasone from the national EML) become usable


def test_10_anti_cd38_refractory_first_relapse_opens_on_other_guidance_uk(world):
    rows, view = listed(world, "GBR", Situation(1, cd38_refractory=True), scope="imwg_2021")
    assert view["scope"] == "with_later"
    assert view["notice"] == (
        "IMWG 2021 only gives no verifiable recommendation for this situation; showing the other "
        "cited guidance below (choose the guidance above to change this)."
    )
    assert rows == [
        ("BVd", U, AP),
        ("KRd", U, ESH),
        ("IRd", K, ESH),
        ("ERd", K, ESH),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
    ]
    explicit = world.finder_view("GBR", FinderQuery(Situation(1, cd38_refractory=True)), scope_explicit=True)
    assert explicit["scope"] == "imwg_2021" and explicit["result"].empty
    assert explicit["notice"] == (
        "IMWG 2021 only gives no verifiable recommendation for this situation. 9 regimen(s) "
        "from other cited guidance and approvals apply: choose 'IMWG 2021 + later guidance "
        "and approvals' to see them."
    )


def test_11_usa_two_lines_len_refractory_sees_fda_labels_and_no_eu_row(world):
    rows, view = listed(world, "USA", Situation(2, len_refractory=True, pi_exposed=True))
    assert rows == [
        ("DKd", U, EHA21),
        ("Isa-Pd", U, EHA21),
        ("Isa-Kd", U, EHA21),
        ("EPd", K, EHA21),
        ("Tec-Dara", U, AP),
        ("BVd", U, AP),
        ("cilta-cel", U, AP),
        ("DPd", U, AP),
        ("SVd", K, AP0),
        ("Pd", U, AP0),
        ("V (retreatment)", U, PDQ),
        ("V-PLD", K, PDQ),
        ("Thal (low dose)", U, PDQ),
        ("MP", K, PDQ),
        ("VCd (CyBorD)", K, PDQ),
        ("ERd", R, AP0),
        ("IRd", R, AP0),
        ("KRd", R, AP0),
    ]
    # the FDA 1-3-line labels of KRd, ERd, IRd reach two lines, but the disease is lenalidomide-refractory
    assert "bpd" not in set(view["result"]["regimen_id"])  # BPd: EU and UK, not FDA
    belantamab = listed(world, "USA", Situation(4, True, True, True))[1]["result"].set_index("regimen_id")
    assert (belantamab.loc["belantamab_mono", "verdict"], belantamab.loc["belantamab_mono", "withdrawn_here"]) == (
        "blocked",
        ["USA"],
    )


def test_prior_bcma_therapy_adds_the_sequencing_caveat_to_bcma_directed_regimens_only(world):
    view = world.finder_view("GBR", FinderQuery(Situation(4, True, True, True, prior_bcma=True)))
    seq = dict(zip(view["result"]["regimen_id"], view["result"]["sequencing"]))
    assert [r for r, s in seq.items() if s] == ["teclistamab_mono", "belantamab_mono", "bpd", "elranatamab_mono", "bvd"]
    assert seq["talquetamab_mono"] == []


def test_unlock_ranking_uk_triple_class_refractory_uses_the_same_verdicts(world):
    rank = world.unlock_ranking(["GBR"], FinderQuery(Situation(4, True, True, True), "any", "with_later", frozenset()))
    # DKd, Isa-Pd, Isa-Kd (refractory conflicts) never count; selinexor (patients pay) is available under
    # "any legal availability"; elotuzumab and melflufen have no UK fact: awaiting data, not barriers.
    assert rank.to_dict("records") == [
        {"drug_id": "elotuzumab", "gain": 0.0, "data_gap": 1.0, "regimens": ["epd"], "countries": 1},
        {"drug_id": "melphalan_flufenamide", "gain": 0.0, "data_gap": 1.0, "regimens": ["melflufen_d"], "countries": 1},
    ]


def test_exposure_not_stated_is_hinted_never_assumed(world):
    """Three prior lines with nothing ticked: EHA-ESMO's third-line list, the UK bispecific labels and EHA-EMN's
    teclistamab need exposure, so they are not offered; the view says which exposures would add guidance."""
    view = world.finder_view("GBR", FinderQuery(Situation(3), "any", "with_later", frozenset()))
    assert view["exposure_hints"] == ["lenalidomide", "a proteasome inhibitor", "an anti-CD38 antibody"]
    assert not {"dkd", "teclistamab_mono", "elranatamab_mono"} & set(view["result"]["regimen_id"])
    full = world.finder_view("GBR", FinderQuery(Situation(3, len_exposed=True, pi_exposed=True, cd38_exposed=True)))
    assert full["exposure_hints"] == []
