"""Run every importer: ``scripts/import_official_exports.py`` then ``scripts/import_layers.py``.

Usage:  python scripts/import_all.py [--shared ../shared/data] [--out data]
"""

from __future__ import annotations

import sys

try:  # run as a script (scripts/ is on sys.path) or imported as scripts.import_all
    import import_layers
    import import_official_exports
except ImportError:  # pragma: no cover
    from scripts import import_layers, import_official_exports


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    return import_official_exports.main(argv) or import_layers.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
