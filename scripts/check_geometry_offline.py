#!/usr/bin/env python3
"""Prove in a real browser that Plotly draws our TopoJSON with no network.

Not a pytest test (it needs Chromium); run it by hand after
``scripts/build_geometry.py``::

    /work/venv/bin/python scripts/check_geometry_offline.py
    /work/venv/bin/python scripts/check_geometry_offline.py --plotly-js /path/to/plotly.min.js

What it does:

1. Makes a temporary site: ``index.html``, a copy of ``plotly.min.js`` (by
   default the one shipped in plotly.py's ``package_data``; its plotly.js
   version may differ from the one bundled in Streamlit) and a symlink
   ``app/static -> <repo>/static``, so the page uses exactly the app's
   setting ``config={"topojsonURL": "app/static/topojson/"}``.  Nothing is
   written into the repository.
2. Serves it with ``python -m http.server`` bound to 127.0.0.1.
3. Opens it in headless Chromium (Playwright, ``/usr/bin/chromium``) with every
   request to a host other than 127.0.0.1 aborted, draws a choropleth of every
   feature id (``locationmode="ISO-3"``, ``projection="equal earth"``,
   ``resolution=50``, and *all* base layers switched on - coastlines, land,
   ocean, lakes, rivers, countries - so empty layer objects are exercised).
4. Counts ``path.choroplethlocation`` elements with a non-empty ``d``,
   hovers France to check that the hover label works (it is placed at
   ``properties.ct``), zooms to Europe for the small states, and saves
   screenshots (``/tmp/geometry_preview.png`` and ``..._europe.png``).

Exit status 0 when at least ``--min-paths`` locations were drawn, the required
small states have a drawn path, no page error occurred and no request left
127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def default_plotly_js() -> Path:
    """plotly.min.js shipped with the installed plotly.py (package_data)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SMALL_STATES = ("VAT", "MCO", "SMR", "LIE", "AND", "MLT", "SGP", "BHR", "MDV", "MUS", "SYC", "BRB")

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>geometry check</title>
<script src="plotly.min.js"></script></head>
<body style="margin:0">
<div id="map" style="width:1400px;height:760px"></div>
<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));
const ids = __IDS__;
const z = ids.map((_, i) => (i * 37) % 100);
Plotly.newPlot('map', [{
  type: 'choropleth', locationmode: 'ISO-3', locations: ids, z: z,
  colorscale: 'Viridis', marker: {line: {width: 0.3, color: '#333'}},
  hovertemplate: '%{location}<extra></extra>'
}], {
  margin: {l: 0, r: 0, t: 0, b: 0},
  geo: {resolution: 50, projection: {type: 'equal earth'},
        showframe: true, showcoastlines: true, showland: true, landcolor: '#e5e5e5',
        showocean: true, oceancolor: '#dbe9f6', showlakes: true, showrivers: true,
        showcountries: true, countrycolor: '#777'}
}, {topojsonURL: 'app/static/topojson/'})
  .then(() => { window.__plotly_version = Plotly.version; window.__done = true; })
  .catch(e => { window.__errors.push(String(e)); window.__done = true; });
</script></body></html>
"""

COUNT_JS = """() => Array.from(document.querySelectorAll('path.choroplethlocation'))
  .map(p => [p.__data__ && p.__data__.loc, (p.getAttribute('d') || '').length])"""


def free_port() -> int:
    """Ask the OS for a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_site(tmp: Path, plotly_js: Path, ids: list[str]) -> None:
    """Write index.html, copy plotly.js and link app/static -> repo static/."""
    shutil.copy(plotly_js, tmp / "plotly.min.js")
    (tmp / "index.html").write_text(PAGE.replace("__IDS__", json.dumps(ids)), encoding="utf-8")
    (tmp / "app").mkdir()
    (tmp / "app" / "static").symlink_to(ROOT / "static", target_is_directory=True)


def wait_for_server(url: str, timeout: float = 10) -> None:
    """Poll ``url`` until the server answers."""
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


def run_browser(url: str, chromium: str, screenshot: Path) -> dict:
    """Load the page offline, count drawn locations, hover, screenshot."""
    from playwright.sync_api import sync_playwright

    blocked, local = [], []
    result: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 760})
        console_errors = []
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))

        def route(r):
            host = urlparse(r.request.url).hostname
            if host == "127.0.0.1":
                local.append(urlparse(r.request.url).path)
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url)
        page.wait_for_function("window.__done === true", timeout=60_000)
        page.wait_for_timeout(500)
        paths = page.evaluate(COUNT_JS)
        result["plotly_js_version"] = page.evaluate("window.__plotly_version")
        result["errors"] = page.evaluate("window.__errors") + console_errors
        result["paths_total"] = len(paths)
        drawn = {loc for loc, n in paths if n > 0}
        result["paths_drawn"] = len(drawn)
        result["small_states_drawn"] = {s: s in drawn for s in SMALL_STATES}
        page.screenshot(path=str(screenshot))

        # Hover France: plotly places the label at properties.ct.
        box = page.evaluate("""() => {
            const gd = document.getElementById('map');
            const p = Array.from(document.querySelectorAll('path.choroplethlocation'))
              .find(p => p.__data__ && p.__data__.loc === 'FRA');
            const ct = p.__data__.ct;
            const xy = gd._fullLayout.geo._subplot.projection(ct);
            const r = gd.querySelector('.main-svg').getBoundingClientRect();
            return {ct: ct, x: r.x + xy[0], y: r.y + xy[1]};
        }""")
        page.mouse.move(box["x"], box["y"] + 1)
        page.mouse.move(box["x"], box["y"])
        page.wait_for_timeout(400)
        result["hover_fra"] = page.evaluate(
            "() => Array.from(document.querySelectorAll('.hoverlayer text')).map(t => t.textContent)"
        )
        result["fra_ct"] = box["ct"]

        page.mouse.move(1, 1)  # leave the map so the hover label goes away
        # Zoom to Europe to look at the small states.  Keep scope "world":
        # another scope makes plotly.js fetch e.g. europe_50m.json instead.
        page.evaluate("Plotly.relayout('map', {'geo.center.lon': 12, 'geo.center.lat': 46, 'geo.projection.scale': 6})")
        page.wait_for_timeout(800)
        europe = screenshot.with_name(screenshot.stem + "_europe" + screenshot.suffix)
        page.screenshot(path=str(europe))
        result["screenshots"] = [str(screenshot), str(europe)]
        browser.close()
    result["blocked_requests"] = blocked
    result["topojson_requests"] = [p for p in local if p.endswith(".json")]
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description="Offline Plotly rendering check of world_50m.json")
    p.add_argument(
        "--plotly-js",
        type=Path,
        default=None,
        help="plotly.js bundle to test (default: plotly.py's package_data/plotly.min.js)",
    )
    p.add_argument("--chromium", default="/usr/bin/chromium")
    p.add_argument("--screenshot", type=Path, default=Path("/tmp/geometry_preview.png"))
    p.add_argument("--min-paths", type=int, default=230)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the check and print a JSON summary."""
    args = parse_args(argv)
    args.plotly_js = args.plotly_js or default_plotly_js()
    topo = json.loads((ROOT / "static" / "topojson" / "world_50m.json").read_text())
    ids = [g["id"] for g in topo["objects"]["countries"]["geometries"]]
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="geometry-check-") as tmp:
        make_site(Path(tmp), args.plotly_js, ids)
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", tmp],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/index.html"
            wait_for_server(url)
            result = run_browser(url, args.chromium, args.screenshot)
        finally:
            server.terminate()
            server.wait(timeout=10)
    result["features_in_file"] = len(ids)
    result["plotly_js_file"] = str(args.plotly_js)
    print(json.dumps(result, indent=2))
    ok = (
        result["paths_drawn"] >= args.min_paths
        and all(result["small_states_drawn"].values())
        and not result["errors"]
        and not result["blocked_requests"]
        and any("FRA" in t for t in result["hover_fra"])
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
