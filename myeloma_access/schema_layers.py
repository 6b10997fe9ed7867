"""Pandera schemas of the evidence-layer tables built by importers (national EMLs, ...).

Kept apart from :mod:`myeloma_access.schema` so layers can be added without touching the
core tables. Every table here is optional (absent file -> empty frame).

Column helpers come from :mod:`myeloma_access.schema_base`, shared with ``schema.py``.
"""

from __future__ import annotations

from pandera.pandas import Column, DataFrameSchema

from .schema_base import ISO3, PROVENANCE, SLUG, _str

LAYER_SCHEMAS: dict[str, DataFrameSchema] = {
    # GEM national essential medicines lists (137 lists, collected June 2017): one row per
    # (country, drug) for the drugs of ours that appear in the GEM matrix. ``listed`` = no means
    # "not on that list", never "not available".
    "national_eml": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3),
            "drug_id": _str(regex=SLUG),
            "listed": _str(isin=("yes", "no")),
            "list_year": Column(int, coerce=True),  # the national list's own year
            "medicine_name": _str(),  # as GEM writes it
            "note": _str(required=False),
            **PROVENANCE,
        },
        strict=True,
        unique=["iso3", "drug_id", "list_year"],  # a country may have several lists (GEM's and a newer one)
    ),
    # Names as data: GEM's country names -> ISO3 (built with a library, then committed).
    "name_map_gem": DataFrameSchema(
        {
            "gem_country": _str(unique=True),
            "iso3": _str(regex=ISO3),
            "method": _str(),  # how the code was found (library + exact / fuzzy)
        },
        strict=True,
    ),
    # Names as data: product / ingredient names of the registers -> our drug ids.
    "name_map_products": DataFrameSchema(
        {
            "register": _str(
                isin=("gem_neml", "za_sep", "fr_bdpm", "jp_nhi", "dz_nomenclature", "ke_ppb", "ke_eml", "ca_dpd")
            ),
            "name": _str(),  # exact (case-insensitive) name as the register writes it
            "drug_id": _str(regex=SLUG),
            "basis": _str(),  # why the name means that drug
        },
        strict=True,
        unique=["register", "name"],
    ),
    # Currency in use per country (for choosing an exchange-rate series).
    "country_currency": DataFrameSchema(
        {
            "iso3": _str(regex=ISO3, unique=True),
            "currency": _str(regex=r"^[A-Z]{3}$"),
            **PROVENANCE,
        },
        strict=True,
    ),
}
