"""The evidence-layer importers in one namespace (``from importers import layers as L``), and the
``sources_layers.csv`` rows built from their sidecars.

* GEM national EMLs (:mod:`importers.gem`), World Bank WDI + CLDR currencies (:mod:`importers.wdi`),
  GLOBOCAN 2018 (:mod:`importers.globocan2018`) and 2022 (:mod:`importers.globocan2022`),
  South Africa SEP (:mod:`importers.za_sep`), France BDPM (:mod:`importers.fr_bdpm`),
  Japan NHI price list (:mod:`importers.jp_nhi`), Algeria nomenclature (:mod:`importers.dz_nomenclature`),
  Kenya PPB register and KEML 2023 (:mod:`importers.ke`), Health Canada DPD (:mod:`importers.ca_dpd`).
"""

from __future__ import annotations

import pandas as pd

from myeloma_access.layer_checks import check_layers  # noqa: F401  (runtime check, re-exported)

from .common import *  # noqa: F403
from .common import (  # noqa: F401
    FACT_COLUMNS,
    PRICE_COLUMNS,
    SHA256,
    SOURCE_COLUMNS,
    VintageError,
    _fmt,
    _g,
    _num,
    _product_map,
    checked,
    sha256,
    source_row,
)
from .fr_bdpm import *  # noqa: F403
from .fr_bdpm import FR_SOURCE_ID, _fr_price, _fr_strength_units, _fr_units  # noqa: F401
from .gem import *  # noqa: F403
from .globocan2018 import *  # noqa: F403
from .wdi import *  # noqa: F403
from .za_sep import *  # noqa: F403
from .za_sep import ZA_SOURCE_ID, _name_strengths, _za_unit_mg  # noqa: F401

# sidecars whose source rows go to data/sources_layers.csv, in this order
LAYER_SIDECARS = [
    "gem",
    "wdi",
    "globocan2018",
    "za_sep",
    "fr_bdpm",
    "cldr",
    "globocan2022",
    "jp_nhi",
    "dz_nomenclature",
    "ke_ppb",
    "ke_eml",
    "ca_dpd",
]


def layer_sources(babel_version: str = "2.18.0", fx_note: str = "") -> pd.DataFrame:
    """Rows of ``data/sources_layers.csv`` (one per file vintage cited by the layers), from the sidecars."""
    rows = [source_row(name, babel_version=babel_version, fx_note=fx_note) for name in LAYER_SIDECARS]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)
