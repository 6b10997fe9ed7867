"""Checks on the committed offline world geometry (static/topojson/world_50m.json).

The file is built by scripts/build_geometry.py and read by plotly.js through
``config={"topojsonURL": "app/static/topojson/"}`` with ``locationmode="ISO-3"``.
These tests do not import the build script: geometry is decoded with GDAL
(pyogrio's TopoJSON driver) and with the build script's own decoder (``scripts/build_geometry.py``).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from myeloma_access import geometry
from scripts.build_geometry import assemble_line, decode_arcs  # the one TopoJSON decoder (the build's)

ROOT = Path(__file__).resolve().parent.parent
TOPO = ROOT / "static" / "topojson" / "world_50m.json"
TOPO_110 = ROOT / "static" / "topojson" / "world_110m.json"
CSV = ROOT / "data" / "geometry_countries.csv"
PROVENANCE = ROOT / "data" / "geometry_provenance.json"

MAX_BYTES = 400 * 1024
# Every object name plotly.js may read for a base layer or a location lookup.
PLOTLY_OBJECTS = ("countries", "land", "coastlines", "ocean", "lakes", "rivers", "subunits")
REQUIRED = ("SGP", "MLT", "BHR", "MUS", "FRA", "NOR", "XKX", "AND", "LIE", "MCO", "SMR", "VAT", "MDV", "SYC", "BRB")


@pytest.fixture(scope="module")
def topo() -> dict:
    return json.loads(TOPO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def countries(topo) -> list[dict]:
    return topo["objects"]["countries"]["geometries"]


@pytest.fixture(scope="module")
def gdal_countries() -> gpd.GeoDataFrame:
    return gpd.read_file(TOPO, layer="countries")


def _arcs(topo: dict):
    return decode_arcs(topo)


def _ring(indexes, arcs):
    return [tuple(p) for p in assemble_line(indexes, arcs)]


def _signed_area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def test_file_size_bound():
    assert TOPO.stat().st_size <= MAX_BYTES


def test_110m_is_identical_copy():
    assert TOPO_110.read_bytes() == TOPO.read_bytes()


def test_all_plotly_objects_exist(topo):
    assert topo["type"] == "Topology"
    for name in PLOTLY_OBJECTS:
        obj = topo["objects"][name]
        assert obj["type"] == "GeometryCollection"
        assert isinstance(obj["geometries"], list)
    assert topo["objects"]["land"]["geometries"], "land must not be empty"
    assert topo["objects"]["coastlines"]["geometries"], "coastlines must not be empty"


def test_coordinates_are_valid_lon_lat(topo):
    """A latitude below -90 (pole off the grid) makes d3 paint Antarctica over the map."""
    for arc in _arcs(topo):
        for lon, lat in arc:
            assert -180 - 1e-9 <= lon <= 180 + 1e-9 and -90 - 1e-9 <= lat <= 90 + 1e-9


def test_ids(countries):
    ids = [g.get("id") for g in countries]
    assert len(ids) >= 230
    assert len(set(ids)) == len(ids)
    for i in ids:
        assert isinstance(i, str) and len(i) == 3 and i.isalpha() and i.isupper(), i
    assert "-99" not in ids
    missing = sorted(set(REQUIRED) - set(ids))
    assert not missing


def test_properties_name_and_ct(countries):
    for g in countries:
        props = g["properties"]
        assert props["name"], g["id"]
        lon, lat = props["ct"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90, g["id"]


def test_every_feature_is_valid_polygon(gdal_countries, countries):
    assert len(gdal_countries) == len(countries)
    assert sorted(gdal_countries["id"]) == sorted(g["id"] for g in countries)
    for fid, geom in zip(gdal_countries["id"], gdal_countries.geometry):
        assert geom is not None and not geom.is_empty, fid
        assert geom.geom_type in ("Polygon", "MultiPolygon"), fid
        assert geom.is_valid, (fid, shapely.validation.explain_validity(geom))
        assert geom.area > 0, fid
        assert geom.bounds[0] >= -180.001 and geom.bounds[2] <= 180.001, fid


def test_ct_is_on_or_next_to_feature(gdal_countries, countries):
    geoms = dict(zip(gdal_countries["id"], gdal_countries.geometry))
    for g in countries:
        pt = shapely.Point(g["properties"]["ct"])
        assert geoms[g["id"]].distance(pt) < 0.2, g["id"]


def test_ring_winding_is_d3_convention(topo, countries):
    """Exterior rings clockwise, holes anticlockwise (else d3 fills the globe)."""
    arcs = _arcs(topo)
    for g in countries + topo["objects"]["land"]["geometries"] + topo["objects"]["ocean"]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        for rings in polys:
            assert _signed_area(_ring(rings[0], arcs)) < 0, g.get("id")
            for hole in rings[1:]:
                assert _signed_area(_ring(hole, arcs)) > 0, g.get("id")


def test_small_states_are_polygons(gdal_countries):
    geoms = dict(zip(gdal_countries["id"], gdal_countries.geometry))
    for fid in ("VAT", "MCO", "SMR", "LIE", "AND", "MLT", "SGP", "BHR", "MDV", "MUS"):
        assert geoms[fid].area > 0


def test_csv_matches_topology(countries):
    with CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["iso3", "name_natural_earth", "area_km2", "n_polygons"]
    assert sorted(r["iso3"] for r in rows) == sorted(g["id"] for g in countries)
    for r in rows:
        assert float(r["area_km2"]) > 0 and int(r["n_polygons"]) >= 1


def test_provenance_matches_output(countries):
    prov = json.loads(PROVENANCE.read_text(encoding="utf-8"))
    sha = hashlib.sha256(TOPO.read_bytes()).hexdigest()
    out = prov["outputs"]["static/topojson/world_50m.json"]
    assert out["sha256"] == sha
    assert out["bytes"] == TOPO.stat().st_size
    assert prov["outputs"]["static/topojson/world_110m.json"]["sha256"] == sha
    assert prov["outputs"]["data/geometry_countries.csv"]["sha256"] == hashlib.sha256(CSV.read_bytes()).hexdigest()
    assert prov["feature_count"] == len(countries)
    assert prov["licence"] == "public domain (Natural Earth)"
    assert prov["source"]["package"] == "world-atlas"
    assert len(prov["source"]["tarball_sha256"]) == 64


# ---- myeloma_access.geometry on a hand-written topology (fast; no shipped file) --------------------------------
# Three unit squares side by side (arcs not quantised: plain lon/lat): AAA at x 0..1, BBB at x 2..3, and a
# feature without an id at x 4..5.
PLANTED_TOPOLOGY = {
    "type": "Topology",
    "arcs": [
        [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]],
        [[2, 0], [2, 1], [3, 1], [3, 0], [2, 0]],
        [[4, 0], [4, 1], [5, 1], [5, 0], [4, 0]],
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "AAA", "arcs": [[0]], "properties": {"name": "Aland", "ct": [0.5, 0.5]}},
                {"type": "Polygon", "id": "BBB", "arcs": [[1]], "properties": {"name": "Beeland", "ct": [2.5, 0.25]}},
                {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Nobody", "ct": [4.5, 0.5]}},
            ],
        }
    },
}


def _planted_topology(tmp_path, geometries: list[dict]) -> Path:
    path = tmp_path / "world.json"
    topo = {**PLANTED_TOPOLOGY, "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}}}
    path.write_text(json.dumps(topo), encoding="utf-8")
    return path


def test_geometry_ids_are_the_ids_of_the_country_features(tmp_path):
    """AAA and BBB; the feature without an id has none to give."""
    path = _planted_topology(tmp_path, PLANTED_TOPOLOGY["objects"]["countries"]["geometries"])
    assert geometry.geometry_ids(path) == {"AAA", "BBB"}


def test_country_table_is_one_plain_row_per_feature_with_its_label_point(tmp_path):
    """iso3 from the feature id, name and label point (lon, lat = properties.ct) from its properties; the shapes
    are dropped, so the table is a plain DataFrame."""
    path = _planted_topology(tmp_path, PLANTED_TOPOLOGY["objects"]["countries"]["geometries"][:2])
    table = geometry.country_table(path)
    assert type(table) is pd.DataFrame
    assert table.to_dict("list") == {
        "iso3": ["AAA", "BBB"],
        "name": ["Aland", "Beeland"],
        "lon": [0.5, 2.5],
        "lat": [0.5, 0.25],
    }
