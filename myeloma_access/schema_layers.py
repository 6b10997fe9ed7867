"""Pandera schemas of the evidence-layer tables built by importers (national EMLs, ...).

Kept apart from :mod:`myeloma_access.schema` so layers can be added without touching the
core tables. Every table here is optional (absent file -> empty frame).
"""

from __future__ import annotations

from pandera.pandas import DataFrameSchema

LAYER_SCHEMAS: dict[str, DataFrameSchema] = {}
