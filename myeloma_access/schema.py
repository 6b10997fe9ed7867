"""Pandera schemas for every table in ``data/``.

Each fact table requires a ``source_id`` and an ``as_of`` date; a row without them is a
validation error. Cross-table rules (every source_id exists, every country joins the
geometry, ...) live in :mod:`myeloma_access.validate`.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from .schema_base import FULL_DATE, ISO3, PARTIAL_DATE, PROVENANCE, SLUG, _num, _str

# One sourced fact about one drug in one country. A row speaks to authorisation, to public
# funding, or to both; an empty cell means the source says nothing about that dimension.
FACT_COLUMNS = {
    "iso3": _str(regex=ISO3),
    "drug_id": _str(regex=SLUG),
    "authorisation": _str(required=False, isin=("approved", "not_approved", "withdrawn")),
    "funding": _str(required=False, isin=("funded", "not_funded")),
    "date": _str(required=False, regex=PARTIAL_DATE),  # undated: observed as of ``as_of``
    "confidence": _str(isin=("stated", "reported", "inferred")),
    "note": _str(required=False),
    # What a fact covers when the source restricts it to some indications (empty = myeloma as a whole):
    # plain words, the prior lines ("4+", "1-3", "1") and the regimens (space-separated regimen ids).
    # The three columns may be absent from a file (importers and uploads need not write them).
    "covers": Column(str, nullable=True, required=False),
    "covers_lines": Column(str, Check.str_matches(r"^(\d|\d\+|\d-\d)$"), nullable=True, required=False),
    "covers_regimens": Column(str, Check.str_matches(r"^[a-z0-9_]+( [a-z0-9_]+)*$"), nullable=True, required=False),
    **PROVENANCE,
}

# How a guidance source words its recommendation (ordered as the finder sorts them).
CATEGORIES = (
    "preferred",  # IMWG 'preferred options'
    "recommended",  # 'recommended' / 'should receive'
    "alternative",  # IMWG 'alternative options' (grade 1B)
    "other",  # IMWG 'other options' (grade 1C)
    "option",  # 'could receive', 'viable option', 'if available', an option listed without ranking
    "approval",  # a dated regulatory approval, not a guideline
    "resource_restricted",  # the source names it for resource-restricted settings / as the less expensive choice
)

# drugs.refractory_axis: which situation flag of the regimen finder a drug belongs to (empty: none).
# len = lenalidomide, pom = pomalidomide, pi = proteasome inhibitors, cd38 = anti-CD38 antibodies,
# bcma = BCMA-directed therapies (prior BCMA therapy is a caveat, not refractoriness).
REFRACTORY_AXIS_VALUES = ("len", "pom", "pi", "cd38", "bcma")
# Grades as the sources word them: IMWG GRADE (1A..2C); EHA-EMN / ESMO grades of recommendation (A..E).
GRADES = ("1A", "1B", "1C", "2A", "2B", "2C", "A", "B", "C", "D", "E")
YES_NO_ANY = ("yes", "no", "any")
# The situation axes of settings.csv and guidance_gaps.csv (beyond prior lines and t(11;14)).
SETTING_AXIS_COLUMNS = {
    "len_refractory": _str(isin=YES_NO_ANY),
    "pi_refractory": _str(isin=YES_NO_ANY),
    "cd38_refractory": _str(isin=YES_NO_ANY),
    "pom_refractory": _str(isin=YES_NO_ANY),
    "len_exposed": _str(isin=YES_NO_ANY),  # exposure includes refractoriness
    "pi_exposed": _str(isin=YES_NO_ANY),
    "cd38_exposed": _str(isin=YES_NO_ANY),
    "prior_bcma": _str(isin=YES_NO_ANY),
}
JURISDICTIONS = r"^[A-Z]{3}(;[A-Z]{3})*$"

SOURCE_TYPES = (
    "regulator",
    "payer",
    "guideline",
    "journal",
    "company",
    "news",
    "dataset",
    "registry_package",
    "organisation",
)

SCHEMAS: dict[str, DataFrameSchema] = {
    "sources": DataFrameSchema(
        {
            "source_id": _str(regex=SLUG, unique=True),
            "citation": _str(),
            "url": _str(regex=r"^(https?://|file:|package:)"),
            "publisher": _str(),
            "published": _str(required=False, regex=PARTIAL_DATE),
            "accessed": _str(regex=FULL_DATE),
            "licence": _str(),
            "source_type": _str(isin=SOURCE_TYPES),
            "note": _str(required=False),
        },
        strict=True,
    ),
    "countries": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3, unique=True),
            "name": _str(),
            "who_region": _str(required=False, isin=("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")),
            "who_region_source_id": _str(required=False, regex=SLUG),
            "income_group": _str(required=False, isin=("L", "LM", "UM", "H")),
            "income_group_source_id": _str(required=False, regex=SLUG),
            "as_of": _str(regex=FULL_DATE),
        },
        strict=True,
    ),
    "drugs": DataFrameSchema(
        {
            "drug_id": _str(regex=SLUG, unique=True),
            "inn": _str(),
            "label": _str(),
            "drug_class": _str(),
            "class_group": _str(),
            "route": _str(),
            "atc": _str(required=False),
            "core": _str(isin=("true", "false")),  # one of the six core drugs of the coverage report
            "refractory_axis": _str(required=False, isin=REFRACTORY_AXIS_VALUES),
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    "drug_aliases": DataFrameSchema({"alias": _str(unique=True), "drug_id": _str(regex=SLUG)}, strict=True),
    "jurisdiction_members": DataFrameSchema(
        {
            "jurisdiction": _str(regex=ISO3),
            "iso3": _str(regex=ISO3),
            "member_since": _str(required=False, regex=PARTIAL_DATE),
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
        unique=["jurisdiction", "iso3"],
    ),
    "ema_authorisations": DataFrameSchema(
        {
            "drug_id": _str(regex=SLUG),
            "medicine_name": _str(),
            "product_number": _str(),
            # status on the report date, as the report words it (2026 vintage adds Expired / Lapsed)
            "authorisation_status": _str(
                isin=("Authorised", "Withdrawn", "Refused", "Expired", "Lapsed", "Revoked", "Suspended")
            ),
            "marketing_authorisation_date": _str(regex=FULL_DATE),
            # withdrawal / expiry / revocation / lapse date (2026 vintage only; empty when the report gives none)
            "withdrawal_date": _str(required=False, regex=FULL_DATE),
            "generic": _str(isin=("yes", "no")),
            "conditional_approval": _str(isin=("yes", "no")),
            "url": _str(),
            **PROVENANCE,
        },
        strict=True,
        unique=["product_number", "as_of"],  # one row per product and report vintage
    ),
    "who_eml": DataFrameSchema(
        {
            "drug_id": _str(regex=SLUG),
            "medicine_name": _str(),
            "indication": _str(),
            "eml_section": _str(),
            "eml_status": _str(isin=("listed", "not_listed")),
            "formulations": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
        unique=["drug_id", "indication"],
    ),
    "regulatory_events": DataFrameSchema(
        {
            "jurisdiction": _str(regex=ISO3),
            "agency": _str(),
            "drug_id": _str(regex=SLUG),
            "event": _str(
                isin=(
                    "approved",
                    "indication_extended",
                    "withdrawn",
                    "not_renewed",
                    "re_approved",
                    "reimbursed",
                    "delisted",
                    "funding_declined",
                )
            ),
            "date": _str(regex=PARTIAL_DATE),
            "indication": _str(required=False),
            "confidence": _str(isin=("verified", "secondary")),
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    "country_facts": DataFrameSchema(FACT_COLUMNS, strict=True),
    # Facts derived by importers from national registers (same columns as country_facts).
    "register_facts": DataFrameSchema(FACT_COLUMNS, strict=True),
    "settings": DataFrameSchema(
        {
            "setting_id": _str(regex=SLUG, unique=True),
            "label": _str(),
            "prior_lines": _str(regex=r"^(\d+\+?|\d+-\d+)$"),
            **SETTING_AXIS_COLUMNS,
            "t11_14": _str(isin=("yes", "any")),
            "description": _str(required=False),
        },
        strict=True,
    ),
    "guidelines": DataFrameSchema(
        {
            "guideline_id": _str(regex=SLUG, unique=True),
            "label": _str(),  # short label shown beside each regimen, e.g. "IMWG 2021"
            "kind": _str(
                isin=(
                    "consensus_guideline",
                    "clinical_practice_guideline",
                    "regulatory_approval",
                    "expert_handbook",
                    "review",
                    "reference_summary",
                )
            ),
            "year": _str(regex=PARTIAL_DATE),
            "description": _str(),
            **PROVENANCE,
        },
        strict=True,
    ),
    "guidance_gaps": DataFrameSchema(
        {
            "gap_id": _str(regex=SLUG, unique=True),
            "prior_lines": _str(regex=r"^(\d+\+?|\d+-\d+)$"),
            **SETTING_AXIS_COLUMNS,
            "t11_14": _str(isin=("yes", "any")),
            "message": _str(),  # what exists but could not be verified, in plain words
            **PROVENANCE,
        },
        strict=True,
    ),
    "regimens": DataFrameSchema(
        {
            "regimen_id": _str(regex=SLUG, unique=True),
            "abbreviation": _str(),
            "name": _str(),
            "pivotal_trial": _str(required=False),
            "key_result": _str(required=False),
            "result_source_id": _str(required=False, regex=SLUG),
            "as_of": _str(regex=FULL_DATE),
            "note": _str(required=False),
            # a practical requirement or label caveat, as its source words it, and that source
            "caveat": _str(required=False),
            "caveat_source_id": _str(required=False, regex=SLUG),
            # regulators that withdrew / did not renew this regimen's own authorisation (EUR = EU/EEA)
            "withdrawn_in": _str(required=False, regex=JURISDICTIONS),
            "withdrawn_source_id": _str(required=False, regex=SLUG),
        },
        strict=True,
    ),
    "regimen_drugs": DataFrameSchema(
        {"regimen_id": _str(regex=SLUG), "drug_id": _str(regex=SLUG)},
        strict=True,
        unique=["regimen_id", "drug_id"],
    ),
    "regimen_recommendations": DataFrameSchema(
        {
            "guideline_id": _str(regex=SLUG),
            "setting_id": _str(regex=SLUG),
            "regimen_id": _str(regex=SLUG),
            "category": _str(isin=CATEGORIES),
            "grade": _str(required=False, isin=GRADES),
            "jurisdiction": _str(required=False, regex=ISO3),  # approvals: the regulator (EUR = EU/EEA)
            "rank": Column(int, Check.ge(0), coerce=True),
            "effective_date": _str(required=False, regex=PARTIAL_DATE),  # empty: the source gives no date
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    "regimen_doses": DataFrameSchema(
        {
            "regimen_id": _str(regex=SLUG),
            "drug_id": _str(regex=SLUG),
            "route": _str(isin=("IV", "SC", "oral")),
            "dose": _num(),
            "dose_unit": _str(isin=("mg", "mg/m2", "mg/kg")),
            "administrations_per_28d": _num(),
            "cycle_phase": _str(),
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    "prices": DataFrameSchema(
        {
            "price_id": _str(regex=SLUG, unique=True),
            "iso3": _str(regex=ISO3),
            "drug_id": _str(regex=SLUG),
            "route": _str(isin=("IV", "SC", "oral")),
            "product": _str(),
            "strength_mg": _num(),
            "units_per_pack": _num(),
            "pack_price": _num(),
            "currency": _str(regex=r"^[A-Z]{3}$"),
            "price_type": _str(),
            "price_date": _str(regex=PARTIAL_DATE),
            "confidence": _str(isin=("verified", "secondary")),
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    "reported_costs": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3),
            "drug_id": _str(regex=SLUG),
            "amount": _num(),
            "currency": _str(regex=r"^[A-Z]{3}$"),
            "period": _str(isin=("cycle", "month", "year", "treatment")),
            "description": _str(),
            "price_date": _str(regex=PARTIAL_DATE),
            "confidence": _str(isin=("verified", "secondary")),
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    "who_regions": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3, unique=True),
            "who_region": _str(isin=("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR")),
            **PROVENANCE,
        },
        strict=True,
    ),
    "fx_rates": DataFrameSchema(
        {
            "currency": _str(regex=r"^[A-Z]{3}$"),
            "usd_per_unit": _num(),
            "date": _str(regex=PARTIAL_DATE),
            **PROVENANCE,
        },
        strict=True,
        unique=["currency", "date"],
    ),
    "country_indicators": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3),
            "indicator": _str(),
            "value": _num(min_value=None),
            "unit": _str(),
            "year": Column(int, coerce=True),
            **PROVENANCE,
        },
        strict=True,
        unique=["iso3", "indicator", "year"],
    ),
    "imwg_members": DataFrameSchema(
        {
            "member_name": _str(),
            "iso3": _str(regex=ISO3),
            "institution": _str(required=False),
            "roster": _str(regex=SLUG),
            "evidence": _str(isin=("roster", "author_affiliation", "official_roster")),
            **PROVENANCE,
        },
        strict=True,
    ),
    "imwg_rosters": DataFrameSchema(
        {
            "roster": _str(regex=SLUG, unique=True),
            "title": _str(),
            "what_it_is": _str(),
            "n_people": Column("Int64", coerce=True, nullable=True),
            "completeness": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
    ),
    # Where the evidence search looked for a country and drug, and what it found ("No data" can then
    # say "searched, nothing public found" instead of silence). Not a status: never changes a colour.
    "search_log": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3),
            "drug_id": _str(regex=SLUG),
            "searched_on": _str(regex=FULL_DATE),
            "searched": _str(),
            "result": _str(isin=("found", "nothing_public")),
            "source_ids": _str(required=False),
            "note": _str(required=False),
        },
        strict=True,
    ),
}


from .schema_layers import LAYER_SCHEMAS  # noqa: E402  (evidence-layer tables, kept in their own module)

SCHEMAS.update(LAYER_SCHEMAS)

for _name, _schema in SCHEMAS.items():
    _schema.name = _name


def validate_table(name: str, df):
    """Validate one table against its schema; raises ``pandera.errors.SchemaErrors``.

    ``lazy=True`` collects every failing row so the message lists them all.
    """
    return SCHEMAS[name].validate(df, lazy=True)


__all__ = ["SCHEMAS", "pa", "validate_table"]
