"""Build-time importers of the shared evidence files (``../shared/data``; never copied into the repository).

One module per source, each with a metadata sidecar ``<module>.json`` beside it (origin/publisher,
citation, url, repository copy and commit, file date, date accessed, licence, full SHA-256 of every
file read). The runtime package ``myeloma_access`` never imports this package: the app reads only the
tidy CSVs in ``data/`` these importers write. Entry points: ``scripts/import_official_exports.py``,
``scripts/import_layers.py`` (both re-runnable; ``scripts/import_all.py`` runs both).
"""
