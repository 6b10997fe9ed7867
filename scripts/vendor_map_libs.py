"""Re-vendor the map component's drawing libraries from npm: ``python scripts/vendor_map_libs.py``.

Fetches the pinned packages with ``npm pack`` (the npm registry, once, at build time; nothing is fetched at run
time), copies each minified UMD file and its licence to ``components/map_assets/vendor/`` and records version,
file and SHA-256 in ``VERSIONS.json``. Run twice, it writes the same files. ``--check`` only compares.

Chosen by measurement (``bench/map_libs.py``): d3-geo + topojson-client (about 22 KB gzip with d3-array) draws
the first map about twice as fast as plotly's geo-only bundle (463 KB gzip) and recolours about 8× faster.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "components" / "map_assets" / "vendor"
PACKAGES = {  # npm package -> (version, file inside the package)
    "d3-array": ("3.2.5", "dist/d3-array.min.js"),  # d3-geo's one dependency ("2.5.0 - 3")
    "d3-geo": ("3.1.2", "dist/d3-geo.min.js"),
    "topojson-client": ("3.1.0", "dist/topojson-client.min.js"),
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(tmp: Path) -> dict[str, dict]:
    files: dict[str, dict] = {}
    for name, (version, member) in PACKAGES.items():
        out = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(tmp)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        tgz = tmp / json.loads(out)[0]["filename"]
        with tarfile.open(tgz) as tar:
            js_file, licence_file = tar.extractfile(f"package/{member}"), tar.extractfile("package/LICENSE")
            assert js_file is not None and licence_file is not None, f"{name}: file missing from the npm package"
            js, licence = js_file.read(), licence_file.read()
        files[name] = {"version": version, "file": Path(member).name, "js": js, "licence": licence}
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the vendored files, write nothing")
    args = parser.parse_args()
    if not shutil.which("npm"):
        print("npm is needed to re-vendor (apt-get install npm)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        files = fetch(Path(tmp))
    versions = {
        name: {"version": f["version"], "file": f["file"], "sha256": _sha256(f["js"]), "licence": f"LICENSE.{name}"}
        for name, f in files.items()
    }
    if args.check:
        current = json.loads((VENDOR / "VERSIONS.json").read_text(encoding="utf-8"))
        same = current == versions and all((VENDOR / f["file"]).read_bytes() == f["js"] for f in files.values())
        print("vendored files match npm" if same else "vendored files differ from npm")
        return 0 if same else 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, f in files.items():
        (VENDOR / f["file"]).write_bytes(f["js"])
        (VENDOR / f"LICENSE.{name}").write_bytes(f["licence"])
    (VENDOR / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    names = ", ".join(f"{n}@{f['version']}" for n, f in files.items())
    print(f"vendored {names} into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
