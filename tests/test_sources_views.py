"""The Sources & methods page's figures (myeloma_access.views), on the planted dataset of tests/fixtures.py."""

from __future__ import annotations

import pandas as pd

from myeloma_access import views
from tests.fixtures import planted_model, table


def test_basis_order_most_specific_first_in_words():
    """BASIS_PRIORITY: country fact and register 3 (in that order), regulatory event 2, regional and territorial
    authorisation 1."""
    assert views.basis_order() == [
        "country fact",
        "register",
        "regulatory event",
        "regional authorisation",
        "territorial authorisation",
    ]


def test_coverage_summary_counts_mapped_countries_with_all_any_and_each_drug():
    """Facts: GBR lenalidomide + dexamethasone, IND lenalidomide, USA x (not a drug asked for).
    Asked for lenalidomide and dexamethasone: all both = GBR (1); at least one = GBR, IND (2); per drug
    lenalidomide 2 (GBR, IND), dexamethasone 1 (GBR); 237 mapped countries (the geometry's, without Antarctica)."""
    facts = table(
        "country_facts",
        [
            {"iso3": iso3, "drug_id": drug, "authorisation": "approved", "date": "2020", "confidence": "stated"}
            | {"source_id": "s_gb"}
            for iso3, drug in [("GBR", "lenalidomide"), ("GBR", "dexamethasone"), ("IND", "lenalidomide"), ("USA", "x")]
        ],
    )
    m = planted_model(country_facts=facts)
    assert views.coverage_summary(m, ["lenalidomide", "dexamethasone"]) == views.Coverage(
        drugs=2, all_drugs=1, any_drug=2, mapped=237, per_drug={"lenalidomide": 2, "dexamethasone": 1}
    )


def test_source_uses_counts_rows_citing_each_source_in_every_other_table():
    """Planted rows: px1 cites 3 prices; wdi 9 indicators + 2 exchange rates + 3 currencies = 14; ecb 1 rate;
    s_ema the 2 EU member rows; s_drugs 4 drugs + 2 doses = 6; s_us and s_gb nothing (0, not missing)."""
    uses = views.source_uses(planted_model())
    assert dict(zip(uses["source_id"], uses["rows"])) == {
        "px1": 3,
        "s_us": 0,
        "s_gb": 0,
        "s_ema": 2,
        "wdi": 14,
        "ecb": 1,
        "s_drugs": 6,
    }
    assert uses["rows"].dtype == "int64" and list(uses.columns)[-1] == "rows"


def test_source_uses_without_any_citing_table_is_zero_everywhere():
    m = planted_model()
    m.ds.tables = {"sources": m.ds.sources}
    assert views.source_uses(m)["rows"].tolist() == [0] * 7
    assert isinstance(views.source_uses(m), pd.DataFrame)
