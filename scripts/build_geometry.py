#!/usr/bin/env python3
"""Build the offline world geometry served to Plotly ``geo`` choropleths.

Why
---
Plotly ``geo`` traces (``px.choropleth(..., locationmode="ISO-3")``) download
``{topojsonURL}/world_{resolution}m.json`` from a CDN by default and render a
blank map offline.  The app therefore serves its own TopoJSON through
Streamlit's static file serving (``static/topojson/world_50m.json``) and passes
``config={"topojsonURL": "app/static/topojson/"}`` with ``geo.resolution=50``.

What Plotly needs from the file (checked in Streamlit 1.67's bundled plotly.js
4.2.0 and in plotly.py's plotly.js 3.7.0):

* ``objects.countries``: features whose ``id`` equals the trace location
  (``feature.id === location``; the ISO-3 "locator" is the identity function, so
  any string id such as ``XKX`` works, case-sensitively) and whose
  ``properties.ct`` is ``[lon, lat]`` - Plotly puts the hover label there and
  ``scattergeo`` with ``locations`` puts its markers there.
* ``objects.land``, ``coastlines``, ``ocean``, ``lakes``, ``rivers``,
  ``countries``, ``subunits``: each base layer that is switched on is drawn with
  ``topojson.feature(topology, topology.objects[layer])``, which throws on a
  missing object (``TypeError: Cannot read properties of undefined (reading
  'type')`` and no choropleth path at all).  Layers that are switched off are
  never read, but note that ``showcoastlines`` defaults to True for the world
  scope, so ``coastlines`` is needed even with a default layout.  Every name is
  written here (an empty ``GeometryCollection`` where we have no data:
  ``lakes``, ``rivers``, ``subunits``) so that no ``show*`` setting can crash.
* The file name is ``{scope}_{resolution}m.json``: a ``geo.scope`` other than
  "world" (e.g. "europe") makes plotly.js fetch ``europe_50m.json``, which we do
  not ship - zoom with ``center``/``projection.scale``/``fitbounds`` instead.
  ``resolution`` only accepts 110 and 50 (default 110).
* Exterior rings clockwise (d3-geo's spherical convention; an anticlockwise
  exterior is read as "the whole globe minus the country").

Source
------
Natural Earth 1:50m "Admin 0 - Countries" (version 4.1.0, public domain), as
redistributed in the npm package ``world-atlas@2.0.2`` (``countries-50m.json``:
TopoJSON, ids = ISO 3166-1 numeric, ``properties.name``).  The tarball is
fetched with ``npm pack`` into a temporary directory (or given with ``--tgz``)
and its sha256 is checked against the pinned value below and recorded.

Processing
----------
1. Decode the TopoJSON; ``world-atlas`` rings are "stitched" across the
   antimeridian (Russia, Fiji) and Antarctica is stored as a hole in a polar
   cap.  Every feature is turned into planar, valid (Multi)Polygons cut at
   +/-180 degrees and closed at the pole, as in the original shapefile.
2. Map ids to ISO 3166-1 alpha-3 with ``pycountry`` (numeric -> alpha-3).
   Features without an ISO numeric code are handled explicitly
   (``SPECIAL_FEATURES``):

   * Kosovo -> ``XKX`` (user-assigned code used by the EU, World Bank and
     this project's data contract); kept as its own feature.
   * N. Cyprus -> merged into ``CYP``; Somaliland -> merged into ``SOM``
     (the UN member states; health statistics are reported for them).
   * Ashmore and Cartier Is. (numeric 036, same as Australia) -> merged into
     ``AUS``.
   * Indian Ocean Ter. -> split into ``CXR`` (Christmas Island, polygons east
     of 100 E) and ``CCK`` (Cocos (Keeling) Islands), both ISO 3166-1 codes.
   * Siachen Glacier (disputed between India and Pakistan, no ISO code) ->
     kept in ``land`` only (drawn as uncoloured land, never coloured for either
     country).

   France (250) and Norway (578) carry proper numeric ids in world-atlas, so
   the Natural Earth ``ISO_A3 = -99`` problem does not arise; the script
   asserts no ``-99`` id is ever written.
3. Simplify with ``shapely.coverage_simplify`` (GEOS CoverageSimplifier,
   Visvalingam-Whyatt): the countries are simplified together as a polygon
   coverage, so shared borders stay identical, no gaps/overlaps appear and no
   ring collapses below a triangle - small states (Vatican, Monaco, Maldives,
   ...) stay polygons.  Simplification only drops vertices, never moves them.
4. Build the topology with the ``topojson`` package on the source's
   quantization step (~1e5 steps, 0.0036 x 0.0017 degrees) but anchored at
   (-180, -90) (``output_transform``): world-atlas anchors at -89.999, where
   the pole (-90) is not representable and rounds to -90.0007 - an invalid
   latitude that makes d3 paint Antarctica over the whole map.  All source
   vertices shift uniformly by +0.0007 degrees of latitude; shapes are kept.
   Objects: ``countries`` (id = ISO3, properties ``name`` and ``ct``), ``land``
   (union of all features incl. Siachen), ``coastlines`` (land boundary without
   the artificial antimeridian/pole edges), ``ocean`` (world rectangle minus
   land, as Natural Earth builds it) and empty ``lakes``, ``rivers``,
   ``subunits``.  Arcs are shared, so land/coastlines/ocean cost little.
5. Validate the result by decoding it again (valid, non-empty, clockwise
   exteriors, unique 3-letter ids, size bound) and write:

   * ``static/topojson/world_50m.json`` and an identical ``world_110m.json``;
   * ``data/geometry_countries.csv`` (iso3, name_natural_earth, area_km2,
     n_polygons);
   * ``data/geometry_provenance.json``.

Usage::

    /work/venv/bin/python scripts/build_geometry.py            # npm pack
    /work/venv/bin/python scripts/build_geometry.py --tgz world-atlas-2.0.2.tgz

Re-running with the same inputs gives byte-identical geometry files (only the
``generated`` date in the provenance file changes).
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pycountry
import shapely
import topojson
from shapely import affinity
from shapely.geometry import MultiLineString, MultiPolygon, Polygon, box

# --------------------------------------------------------------------------- #
# Pinned source
# --------------------------------------------------------------------------- #
SOURCE_PACKAGE = "world-atlas"
SOURCE_VERSION = "2.0.2"
SOURCE_TGZ_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
SOURCE_MEMBER = "package/countries-50m.json"
NATURAL_EARTH_VERSION = "4.1.0"
NATURAL_EARTH_SCALE = "1:50m"
NATURAL_EARTH_THEME = "Admin 0 - Countries"

# --------------------------------------------------------------------------- #
# Parameters
# --------------------------------------------------------------------------- #
SIMPLIFY_TOLERANCE_DEG = 0.09  # ~ sqrt(area) of removed triangles, in degrees
MAX_OUTPUT_BYTES = 400 * 1024
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal area)
CT_DECIMALS = 2
PLOTLY_EMPTY_LAYERS = ("lakes", "rivers", "subunits")
PLOTLY_OBJECT_NAMES = ("countries", "land", "coastlines", "ocean") + PLOTLY_EMPTY_LAYERS

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_TOPOJSON = Path("static/topojson/world_50m.json")
OUT_TOPOJSON_110 = Path("static/topojson/world_110m.json")
OUT_CSV = Path("data/geometry_countries.csv")
OUT_PROVENANCE = Path("data/geometry_provenance.json")

#: Features of the source without an ISO 3166-1 numeric id (or sharing one),
#: keyed by Natural Earth name: (action, target).
#: action "own" = keep as own feature with id ``target``; "merge" = dissolve
#: into ``target``; "split" = see ``split_indian_ocean_territories``;
#: "land_only" = not a country feature, kept in ``land``.
SPECIAL_FEATURES: dict[str, tuple[str, str | None]] = {
    "Kosovo": ("own", "XKX"),
    "N. Cyprus": ("merge", "CYP"),
    "Somaliland": ("merge", "SOM"),
    "Ashmore and Cartier Is.": ("merge", "AUS"),
    "Indian Ocean Ter.": ("split", None),
    "Siachen Glacier": ("land_only", None),
}
SPLIT_NAMES = {
    "CXR": "Indian Ocean Ter. (Christmas I.)",
    "CCK": "Indian Ocean Ter. (Cocos Is.)",
}
#: Must exist in the output (small states included on purpose).
REQUIRED_IDS = (
    "FRA",
    "NOR",
    "XKX",
    "SGP",
    "MLT",
    "BHR",
    "MUS",
    "AND",
    "LIE",
    "MCO",
    "SMR",
    "VAT",
    "MDV",
    "SYC",
    "BRB",
)


# --------------------------------------------------------------------------- #
# Fetching
# --------------------------------------------------------------------------- #
def sha256_bytes(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    return sha256_bytes(Path(path).read_bytes())


def npm_pack(spec: str, dest: Path) -> tuple[Path, dict]:
    """Download an npm package tarball with ``npm pack`` into ``dest``.

    Returns the tarball path and npm's JSON description (integrity etc.).
    """
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        check=True,
        capture_output=True,
        text=True,
        cwd=dest,
    ).stdout
    info = json.loads(out)[0]
    return dest / info["filename"], info


def read_tar_member(tgz: Path, member: str) -> bytes:
    """Return the bytes of ``member`` inside the gzipped tarball ``tgz``."""
    with tarfile.open(tgz, "r:gz") as tar:
        fh = tar.extractfile(member)
        if fh is None:
            raise FileNotFoundError(f"{member} not in {tgz}")
        return fh.read()


# --------------------------------------------------------------------------- #
# TopoJSON decoding (pure)
# --------------------------------------------------------------------------- #
def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Return every arc of ``topology`` as an (n, 2) array of lon/lat.

    Handles quantized, delta-encoded arcs (``transform`` present) and plain
    ones.
    """
    tr = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        a = np.asarray(arc, dtype=float)[:, :2]
        if tr:
            a = np.cumsum(a, axis=0)
            a[:, 0] = a[:, 0] * tr["scale"][0] + tr["translate"][0]
            a[:, 1] = a[:, 1] * tr["scale"][1] + tr["translate"][1]
        arcs.append(a)
    return arcs


def assemble_line(arc_indexes: Iterable[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Concatenate arcs (``~i`` = arc ``i`` reversed) into one coordinate array."""
    parts = []
    for k, i in enumerate(arc_indexes):
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if k == 0 else a[1:])
    return np.concatenate(parts) if parts else np.empty((0, 2))


def geometry_rings(geom: dict, arcs: list[np.ndarray]) -> list[list[np.ndarray]]:
    """Return a TopoJSON (Multi)Polygon as a list of polygons of rings."""
    if geom.get("type") == "Polygon":
        polys = [geom["arcs"]]
    elif geom.get("type") == "MultiPolygon":
        polys = geom["arcs"]
    else:
        return []
    return [[assemble_line(r, arcs) for r in p] for p in polys]


def rings_to_shapely(polys: list[list[np.ndarray]]) -> shapely.Geometry:
    """Build a planar shapely (Multi)Polygon from polygons of rings, as is."""
    out = [Polygon(p[0], p[1:]) for p in polys if len(p) and len(p[0]) >= 4]
    if not out:
        return Polygon()
    return out[0] if len(out) == 1 else MultiPolygon(out)


def decode_object(topology: dict, name: str) -> list[dict]:
    """Decode ``topology.objects[name]`` to ``[{id, properties, geometry}]``.

    Geometry is the planar reading of the rings (no antimeridian handling);
    non-polygonal members get an empty polygon.
    """
    arcs = decode_arcs(topology)
    out = []
    for g in topology["objects"][name].get("geometries", []):
        out.append(
            {
                "id": g.get("id"),
                "properties": g.get("properties") or {},
                "type": g.get("type"),
                "rings": geometry_rings(g, arcs),
            }
        )
    for f in out:
        f["geometry"] = rings_to_shapely(f["rings"])
    return out


# --------------------------------------------------------------------------- #
# Antimeridian / pole handling (pure)
# --------------------------------------------------------------------------- #
def unwrap_ring(ring: np.ndarray) -> tuple[np.ndarray, float]:
    """Unwrap longitudes so that no step exceeds 180 degrees.

    Returns the unwrapped ring and the net longitude offset accumulated
    (0 for an ordinary ring, +/-360 for a ring that circles a pole).
    """
    ring = np.asarray(ring, dtype=float).copy()
    d = np.diff(ring[:, 0])
    jumps = np.where(d > 180, -360.0, np.where(d < -180, 360.0, 0.0))
    offsets = np.concatenate([[0.0], np.cumsum(jumps)])
    ring[:, 0] += offsets
    return ring, float(offsets[-1])


def ring_region(ring: np.ndarray) -> shapely.Geometry | None:
    """Planar region enclosed by one (possibly stitched or polar) ring.

    Rings that circle a pole are closed through that pole; degenerate rings
    (zero area, e.g. the polar cap world-atlas puts at -89.999) give ``None``.
    """
    u, offset = unwrap_ring(ring)
    if offset != 0.0:
        lat = u[:, 1]
        if np.ptp(lat) < 1e-9:
            return None
        pole = -90.0 if lat.mean() < 0 else 90.0
        u = np.vstack([u, [[u[-1, 0], pole], [u[0, 0], pole]]])
    region = shapely.make_valid(Polygon(u))
    region = polygonal_part(region)
    return None if region.is_empty or region.area == 0 else region


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the Polygon parts of ``geom`` (as a Polygon/MultiPolygon)."""
    polys = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon" and not part.is_empty:
            polys.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            p = polygonal_part(part)
            polys.extend(shapely.get_parts(p))
    if not polys:
        return Polygon()
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def wrap_to_world(region: shapely.Geometry) -> shapely.Geometry:
    """Cut an unwrapped region at +/-180 and shift the pieces into [-180, 180]."""
    pieces = []
    for k in (-1, 0, 1):
        window = box(-180 + 360 * k, -90, 180 + 360 * k, 90)
        piece = polygonal_part(region.intersection(window))
        if not piece.is_empty:
            pieces.append(affinity.translate(piece, -360 * k, 0))
    merged = shapely.make_valid(shapely.union_all(pieces)) if pieces else Polygon()
    return as_multipolygon(polygonal_part(merged))


def as_multipolygon(geom: shapely.Geometry) -> MultiPolygon:
    """Return ``geom`` (Polygon or MultiPolygon) as a MultiPolygon."""
    if geom.is_empty:
        return MultiPolygon()
    if geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    return MultiPolygon(list(shapely.get_parts(geom)))


def planarize(polys: list[list[np.ndarray]]) -> MultiPolygon:
    """Turn world-atlas (spherical, stitched) polygons into valid planar ones.

    Rings of one polygon are combined with symmetric difference (even-odd
    rule), which gives exterior-minus-holes without trusting ring order or
    winding; the result is cut at the antimeridian.
    """
    out = []
    for rings in polys:
        region = None
        for ring in rings:
            r = ring_region(ring)
            if r is None:
                continue
            region = r if region is None else shapely.symmetric_difference(region, r)
        if region is not None and not region.is_empty:
            out.append(region)
    if not out:
        return MultiPolygon()
    return wrap_to_world(shapely.union_all(out))


# --------------------------------------------------------------------------- #
# Identifiers (pure)
# --------------------------------------------------------------------------- #
def iso3_from_numeric(numeric: str | None) -> str | None:
    """ISO 3166-1 alpha-3 for an ISO numeric code (``"036"`` -> ``"AUS"``)."""
    if not numeric or not str(numeric).isdigit():
        return None
    try:
        country = pycountry.countries.get(numeric=str(numeric).zfill(3))
    except LookupError:
        return None
    return country.alpha_3 if country else None


def classify_feature(numeric: str | None, name: str) -> tuple[str, str | None]:
    """Decide what to do with one source feature.

    Returns ``(action, iso3)``: ``("own", iso3)`` for a normal feature,
    or one of the ``SPECIAL_FEATURES`` entries.  Raises on anything unknown so
    that a new source version cannot slip in an unmapped or ``-99`` feature.
    """
    if name in SPECIAL_FEATURES:
        return SPECIAL_FEATURES[name]
    iso3 = iso3_from_numeric(numeric)
    if iso3 is None:
        raise ValueError(f"no ISO 3166-1 mapping for feature {name!r} (id={numeric!r})")
    return "own", iso3


def split_indian_ocean_territories(geom: MultiPolygon) -> dict[str, MultiPolygon]:
    """Split Natural Earth's "Indian Ocean Ter." into CXR and CCK.

    Christmas Island lies at ~105.6 E, the Cocos (Keeling) Islands at
    ~96.8 E: polygons east of 100 E are CXR, the others CCK.
    """
    parts: dict[str, list] = {"CXR": [], "CCK": []}
    for p in shapely.get_parts(geom):
        parts["CXR" if p.representative_point().x >= 100 else "CCK"].append(p)
    if not parts["CXR"] or not parts["CCK"]:
        raise ValueError("Indian Ocean Ter. did not split into CXR and CCK")
    return {k: MultiPolygon(v) for k, v in parts.items()}


# --------------------------------------------------------------------------- #
# Geometry helpers (pure)
# --------------------------------------------------------------------------- #
def label_point(geom: shapely.Geometry, crs_equal_area: str = EQUAL_AREA_CRS) -> list[float]:
    """``properties.ct`` for Plotly: centroid of the largest part (by true area).

    Falls back to a point on the surface when the centroid lies outside the
    part (crescent shapes).  Rounded to ``CT_DECIMALS``.
    """
    parts = list(shapely.get_parts(geom))
    areas = gpd.GeoSeries(parts, crs="EPSG:4326").to_crs(crs_equal_area).area.to_numpy()
    main = parts[int(np.argmax(areas))]
    pt = main.centroid
    if not main.contains(pt):
        pt = main.representative_point()
    return [round(pt.x, CT_DECIMALS), round(pt.y, CT_DECIMALS)]


def area_km2(geoms: list[shapely.Geometry], crs_equal_area: str = EQUAL_AREA_CRS) -> list[float]:
    """Areas in km2 (equal-area projection), rounded to 0.1 km2."""
    s = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(crs_equal_area)
    return [round(a / 1e6, 1) for a in s.area]


def ocean_polygon(land: shapely.Geometry, transform: dict) -> shapely.Geometry:
    """The world rectangle minus land (NE's ocean is built the same way).

    The north edge is the highest grid latitude <= 90 so that quantization
    cannot push it past the pole.
    """
    ky, y0 = transform["scale"][1], transform["translate"][1]
    north = y0 + np.floor((90.0 - y0) / ky + 1e-9) * ky
    return polygonal_part(box(-180.0, -90.0, 180.0, north).difference(land))


def coastline_lines(land: shapely.Geometry) -> shapely.Geometry:
    """Land boundary without the artificial edges along +/-180 and the pole."""
    seams = MultiLineString(
        [
            [(-180, -90), (-180, 90)],
            [(180, -90), (180, 90)],
            [(-180, -90), (180, -90)],
        ]
    )
    lines = shapely.difference(land.boundary, seams)
    return shapely.line_merge(lines)


def is_clockwise(ring: np.ndarray) -> bool:
    """True if the closed ring is clockwise in lon/lat (shoelace sign < 0)."""
    x, y = ring[:, 0], ring[:, 1]
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])) < 0


def reverse_ring(ring_arcs: list[int]) -> list[int]:
    """Reverse a TopoJSON ring given as arc indexes (``i`` <-> ``~i``)."""
    return [~i for i in reversed(ring_arcs)]


def fix_winding(topo: dict, object_names: Iterable[str] = ("countries", "land")) -> int:
    """Make exterior rings clockwise and holes anticlockwise, in place.

    d3-geo (Plotly) reads an anticlockwise exterior as the complement of the
    polygon.  The ``topojson`` package does not guarantee the orientation of
    rings rebuilt from shared arcs (enclaves such as Lesotho came out
    reversed), so it is enforced here.  Returns the number of rings reversed.
    """
    arcs = decode_arcs(topo)
    flipped = 0
    for name in object_names:
        for g in topo["objects"][name]["geometries"]:
            if g.get("type") == "Polygon":
                polys = [g["arcs"]]
            elif g.get("type") == "MultiPolygon":
                polys = g["arcs"]
            else:
                continue
            for rings in polys:
                for k, ring in enumerate(rings):
                    want_cw = k == 0
                    if is_clockwise(assemble_line(ring, arcs)) != want_cw:
                        rings[k] = reverse_ring(ring)
                        flipped += 1
    return flipped


def output_transform(source_transform: dict) -> dict:
    """Quantization grid of the output: source step, anchored at (-180, -90).

    Anchoring at -90 keeps the pole (used to close Antarctica) on the grid;
    otherwise it would round to a latitude below -90.
    """
    return {"scale": [float(v) for v in source_transform["scale"]], "translate": [-180.0, -90.0]}


def coordinates_in_range(topo: dict, eps: float = 1e-9) -> bool:
    """True if every decoded arc vertex is a valid lon/lat."""
    for a in decode_arcs(topo):
        if (
            a[:, 0].min() < -180 - eps
            or a[:, 0].max() > 180 + eps
            or a[:, 1].min() < -90 - eps
            or a[:, 1].max() > 90 + eps
        ):
            return False
    return True


# --------------------------------------------------------------------------- #
# Pipeline steps
# --------------------------------------------------------------------------- #
def load_source_features(topology: dict) -> list[dict]:
    """Decode the world-atlas ``countries`` object into planar features."""
    arcs = decode_arcs(topology)
    feats = []
    for g in topology["objects"]["countries"]["geometries"]:
        feats.append(
            {
                "numeric": g.get("id"),
                "name": (g.get("properties") or {}).get("name"),
                "geometry": planarize(geometry_rings(g, arcs)),
            }
        )
    return feats


def assign_countries(feats: list[dict]) -> tuple[list[dict], shapely.Geometry, dict]:
    """Map source features to ISO3 countries (merging/splitting as documented).

    Returns ``(countries, land_only_geometry, decisions)`` where ``countries``
    is a list of ``{iso3, name, geometry, sources}`` sorted by ISO3.
    """
    by_iso: dict[str, dict] = {}
    land_only = []
    decisions: dict[str, Any] = {"merged": {}, "split": {}, "own_non_iso": {}, "land_only": []}

    def add(iso3: str, name: str, geom: shapely.Geometry, primary: bool) -> None:
        rec = by_iso.setdefault(iso3, {"iso3": iso3, "name": None, "parts": [], "sources": []})
        rec["parts"].append(geom)
        rec["sources"].append(name)
        if primary:
            rec["name"] = name

    for f in feats:
        action, maybe_target = classify_feature(f["numeric"], f["name"])
        target = maybe_target or ""  # only "split" and "land_only" have no target, and neither uses it
        if action == "own":
            add(target, f["name"], f["geometry"], primary=True)
            if f["name"] in SPECIAL_FEATURES:
                decisions["own_non_iso"][target] = f["name"]
        elif action == "merge":
            add(target, f["name"], f["geometry"], primary=False)
            decisions["merged"].setdefault(target, []).append(f["name"])
        elif action == "split":
            for iso3, g in split_indian_ocean_territories(f["geometry"]).items():
                add(iso3, SPLIT_NAMES[iso3], g, primary=True)
                decisions["split"][iso3] = f["name"]
        elif action == "land_only":
            land_only.append(f["geometry"])
            decisions["land_only"].append(f["name"])
        else:  # pragma: no cover - guarded by SPECIAL_FEATURES
            raise ValueError(action)

    countries = []
    for iso3 in sorted(by_iso):
        rec = by_iso[iso3]
        if rec["name"] is None:
            raise ValueError(f"{iso3} has merged parts but no own feature")
        geom = as_multipolygon(polygonal_part(shapely.make_valid(shapely.union_all(rec["parts"]))))
        countries.append({"iso3": iso3, "name": rec["name"], "geometry": geom, "sources": rec["sources"]})
    land_only_geom = shapely.union_all(land_only) if land_only else Polygon()
    return countries, land_only_geom, decisions


def simplify_coverage(geoms: list[shapely.Geometry], tolerance: float) -> list[MultiPolygon]:
    """Coverage-preserving simplification (GEOS CoverageSimplifier)."""
    arr = np.array(geoms, dtype=object)
    if not shapely.coverage_is_valid(arr):
        raise ValueError("source polygons do not form a valid coverage")
    out = shapely.coverage_simplify(arr, tolerance, simplify_boundary=True)
    return [as_multipolygon(g) for g in out]


def build_topology(
    countries: list[dict], land: shapely.Geometry, coastlines: shapely.Geometry, transform: dict
) -> dict:
    """Compute a shared-arc topology and shape it the way Plotly reads it.

    ``transform`` is the source transform; see ``output_transform``.
    """
    grid = output_transform(transform)
    ocean = ocean_polygon(land, grid)
    cgdf = gpd.GeoDataFrame(
        {"iso3": [c["iso3"] for c in countries], "name": [c["name"] for c in countries]},
        geometry=[c["geometry"] for c in countries],
        crs="EPSG:4326",
    )
    lgdf = gpd.GeoDataFrame(geometry=[land], crs="EPSG:4326")
    kgdf = gpd.GeoDataFrame(geometry=[coastlines], crs="EPSG:4326")
    ogdf = gpd.GeoDataFrame(geometry=[ocean], crs="EPSG:4326")
    topo = topojson.Topology(
        [cgdf, lgdf, kgdf, ogdf],
        object_name=["countries", "land", "coastlines", "ocean"],
        prequantize=grid,  # type: ignore[arg-type]  # topojson accepts a grid dict here
        winding_order="CW_CCW",
    ).to_dict()

    ct = {c["iso3"]: label_point(c["geometry"]) for c in countries}
    geoms = []
    for g in topo["objects"]["countries"]["geometries"]:
        props = g.pop("properties")
        iso3 = props["iso3"]
        g.pop("id", None)
        geoms.append(
            {"type": g["type"], "arcs": g["arcs"], "id": iso3, "properties": {"name": props["name"], "ct": ct[iso3]}}
        )
    objects = {"countries": {"type": "GeometryCollection", "geometries": geoms}}
    for name in ("land", "coastlines", "ocean"):
        objects[name] = {
            "type": "GeometryCollection",
            "geometries": [
                {"type": g["type"], "arcs": g["arcs"]} for g in topo["objects"][name]["geometries"] if g.get("type")
            ],
        }
    for name in PLOTLY_EMPTY_LAYERS:
        objects[name] = {"type": "GeometryCollection", "geometries": []}
    out = {
        "type": "Topology",
        "bbox": topo.get("bbox"),
        "transform": topo["transform"],
        "objects": objects,
        "arcs": topo["arcs"],
    }
    fix_winding(out, ("countries", "land", "ocean"))
    return out


def check_topology(topo: dict, required_ids: Iterable[str] = REQUIRED_IDS) -> list[dict]:
    """Decode ``topo`` again and assert what Plotly and the app rely on.

    Returns the decoded country features.
    """
    missing = [n for n in PLOTLY_OBJECT_NAMES if n not in topo["objects"]]
    assert not missing, f"missing objects {missing}"
    assert coordinates_in_range(topo), "a vertex lies outside [-180, 180] x [-90, 90]"
    feats = decode_object(topo, "countries")
    ids = [f["id"] for f in feats]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for f in feats:
        fid = f["id"]
        assert isinstance(fid, str) and len(fid) == 3 and fid.isalpha() and fid.isupper(), fid
        assert f["type"] in ("Polygon", "MultiPolygon"), (fid, f["type"])
        g = f["geometry"]
        assert not g.is_empty and g.area > 0, f"{fid} empty"
        assert g.is_valid, f"{fid} invalid: {shapely.validation.explain_validity(g)}"
        for rings in f["rings"]:
            assert is_clockwise(rings[0]), f"{fid}: exterior ring not clockwise"
            assert all(not is_clockwise(h) for h in rings[1:]), f"{fid}: hole clockwise"
        ct = f["properties"].get("ct")
        assert isinstance(ct, list) and len(ct) == 2, fid
        assert f["properties"].get("name"), fid
    assert "-99" not in ids
    absent = sorted(set(required_ids) - set(ids))
    assert not absent, f"required ids absent: {absent}"
    return feats


def dumps_topology(topo: dict) -> bytes:
    """Serialise compactly and deterministically."""
    return json.dumps(topo, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write ``data/geometry_countries.csv``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["iso3", "name_natural_earth", "area_km2", "n_polygons"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------- #
# Main
# --------------------------------------------------------------------------- #
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tgz", type=Path, help="use this world-atlas tarball instead of `npm pack`")
    p.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root (default: %(default)s)")
    p.add_argument(
        "--tolerance",
        type=float,
        default=SIMPLIFY_TOLERANCE_DEG,
        help="coverage simplification tolerance in degrees (default: %(default)s)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_OUTPUT_BYTES,
        help="fail if world_50m.json is larger (default: %(default)s)",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Fetch, convert, validate and write all outputs."""
    args = parse_args(argv)
    root = args.root.resolve()
    npm_info: dict = {}
    with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
        if args.tgz:
            tgz = args.tgz.resolve()
        else:
            tgz, npm_info = npm_pack(f"{SOURCE_PACKAGE}@{SOURCE_VERSION}", Path(tmp))
        tgz_sha = sha256_file(tgz)
        if tgz_sha != SOURCE_TGZ_SHA256:
            raise SystemExit(f"sha256 mismatch for {tgz.name}: {tgz_sha} != {SOURCE_TGZ_SHA256}")
        raw = read_tar_member(tgz, SOURCE_MEMBER)
    source = json.loads(raw)

    feats = load_source_features(source)
    countries, land_only, decisions = assign_countries(feats)

    # Areas and names come from the unsimplified (source) geometry.
    src_areas = area_km2([c["geometry"] for c in countries])

    # Simplify countries + land-only areas together so shared borders match.
    coverage = [c["geometry"] for c in countries] + list(shapely.get_parts(land_only))
    simplified = simplify_coverage(coverage, args.tolerance)
    for c, g in zip(countries, simplified[: len(countries)]):
        c["geometry"] = g
    land = shapely.union_all(simplified)
    coast = coastline_lines(land)

    topo = build_topology(countries, land, coast, source["transform"])
    decoded = check_topology(topo)
    payload = dumps_topology(topo)
    if len(payload) > args.max_bytes:
        raise SystemExit(f"world_50m.json is {len(payload)} bytes > {args.max_bytes}")

    n_polys = {f["id"]: len(f["rings"]) for f in decoded}
    rows = [
        {"iso3": c["iso3"], "name_natural_earth": c["name"], "area_km2": a, "n_polygons": n_polys[c["iso3"]]}
        for c, a in zip(countries, src_areas)
    ]

    out50 = root / OUT_TOPOJSON
    out50.parent.mkdir(parents=True, exist_ok=True)
    out50.write_bytes(payload)
    (root / OUT_TOPOJSON_110).write_bytes(payload)
    write_csv(root / OUT_CSV, rows)

    out_sha = sha256_bytes(payload)
    provenance = {
        "description": "Offline world TopoJSON for Plotly geo choropleths (locationmode ISO-3).",
        "source": {
            "registry": "npm",
            "package": SOURCE_PACKAGE,
            "version": SOURCE_VERSION,
            "tarball_sha256": tgz_sha,
            "npm_integrity": npm_info.get("integrity"),
            "file": SOURCE_MEMBER,
            "file_sha256": sha256_bytes(raw),
            "package_licence": "ISC (packaging code)",
        },
        "natural_earth": {
            "version": NATURAL_EARTH_VERSION,
            "scale": NATURAL_EARTH_SCALE,
            "theme": NATURAL_EARTH_THEME,
        },
        "licence": "public domain (Natural Earth)",
        "script": "scripts/build_geometry.py",
        "processing": {
            "antimeridian": "stitched rings cut at +/-180 deg; polar rings closed at the pole",
            "id_mapping": f"ISO 3166-1 numeric -> alpha-3 with pycountry {pycountry_version()}",
            "merged_into": decisions["merged"],
            "split_from": decisions["split"],
            "own_feature_non_iso_numeric": decisions["own_non_iso"],
            "land_only_not_in_countries": decisions["land_only"],
            "simplification": {
                "method": "shapely.coverage_simplify (GEOS CoverageSimplifier, "
                "Visvalingam-Whyatt, coverage/topology preserving)",
                "tolerance_deg": args.tolerance,
                "simplify_boundary": True,
                "shapely": shapely.__version__,
                "geos": shapely.geos_version_string,
            },
            "topology": {
                "package": f"topojson {topojson.__version__}",
                "quantization": "source step, anchored at (-180, -90) so the pole is on the grid",
                "source_transform": source["transform"],
                "transform": topo["transform"],
            },
            "area_km2": f"unsimplified source geometry in {EQUAL_AREA_CRS} (equal area), 0.1 km2",
            "n_polygons": "polygons of the simplified output feature",
            "ct": "centroid of the largest part (point on surface if outside), 2 decimals",
        },
        "objects": {name: len(topo["objects"][name]["geometries"]) for name in PLOTLY_OBJECT_NAMES},
        "generated": _dt.date.today().isoformat(),
        "feature_count": len(decoded),
        "outputs": {
            str(OUT_TOPOJSON): {"bytes": len(payload), "sha256": out_sha},
            str(OUT_TOPOJSON_110): {
                "bytes": len(payload),
                "sha256": out_sha,
                "note": "identical copy of world_50m.json",
            },
            str(OUT_CSV): {"sha256": sha256_file(root / OUT_CSV)},
        },
    }
    (root / OUT_PROVENANCE).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out50} ({len(payload)} bytes, {len(decoded)} countries, sha256 {out_sha})")
    return 0


def pycountry_version() -> str:
    """Installed pycountry version (for provenance)."""
    from importlib.metadata import version

    return version("pycountry")


if __name__ == "__main__":
    sys.exit(main())
