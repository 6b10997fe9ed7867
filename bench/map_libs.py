"""Which library draws the map: d3-geo + topojson-client or plotly's geo-only bundle (issue 14), measured.

    python bench/map_libs.py [--repeat 7]

Builds two minimal pages in a temporary folder, each fetching the app's own ``static/topojson/world_50m.json``
and drawing 237 countries in Equal Earth: one with the vendored d3-array + d3-geo + topojson-client
(``components/map_assets/vendor/``), one with ``plotly.js-geo-dist-min`` (fetched with ``npm pack`` into the
temporary folder, never vendored). Served by ``python -m http.server`` on localhost; Chromium headless. Prints
the medians: navigation -> library evaluated, navigation -> map drawn, and a recolour of every country
(restyle) until two animation frames later, with the 1-minute load average.
Result on 2026-12-02/03 (load 6.5, medians of 7 / 35): d3 124 / 482 / 28.4 ms; plotly 567 / 1,033 / 219 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "components" / "map_assets" / "vendor"
PLOTLY = ("plotly.js-geo-dist-min", "4.1.1", "plotly-geo.min.js")
COLOURS = "['#009E73','#8CD3BF','#56B4E9','#B5DDF5','#E69F00','#F4D08C','#D55E00','#EEAA80','#CC79A7','#E8C1D7','#E0E0E0','#E0E0E0']"
D3_PAGE = f"""<!doctype html><html><body><svg id="m" width="1000" height="520"></svg>
<script src="d3-array.min.js"></script><script src="d3-geo.min.js"></script><script src="topojson-client.min.js"></script>
<script>const COL={COLOURS}; window.libReady=performance.now();
fetch('world_50m.json').then(r=>r.json()).then(topo=>{{ const fc=topojson.feature(topo,topo.objects.countries);
 const proj=d3.geoEqualEarth().fitSize([1000,520],fc); const path=d3.geoPath(proj); const svg=document.getElementById('m');
 const frag=document.createDocumentFragment(); window.paths={{}};
 for(const f of fc.features){{ if(f.id==='ATA') continue; const p=document.createElementNS('http://www.w3.org/2000/svg','path');
  p.setAttribute('d',path(f)||''); p.setAttribute('fill',COL[10]); frag.appendChild(p); paths[f.id]=p; }}
 svg.appendChild(frag); requestAnimationFrame(()=>{{window.drawn=performance.now();}});
 window.recolour=(codes)=>{{Object.keys(paths).forEach((id,i)=>paths[id].setAttribute('fill',COL[codes[i%codes.length]]));}}; }});
</script></body></html>"""
PLOTLY_PAGE = f"""<!doctype html><html><body><div id="m" style="width:1000px;height:520px"></div><script src="plotly-geo.min.js"></script>
<script>window.libReady=performance.now(); const COL={COLOURS};
fetch('world_50m.json').then(r=>r.json()).then(topo=>{{ const ids=topo.objects.countries.geometries.map(g=>g.id).filter(i=>i!=='ATA');
 const cs=[]; COL.forEach((c,i)=>{{cs.push([i/12,c]);cs.push([(i+1)/12,c]);}});
 Plotly.newPlot('m',[{{type:'choropleth',locations:ids,z:ids.map(()=>10),locationmode:'ISO-3',colorscale:cs,zmin:-0.5,zmax:11.5,showscale:false}}],
  {{geo:{{projection:{{type:'equal earth'}},resolution:50,showframe:false,showcoastlines:false,showland:false}},margin:{{l:0,r:0,t:0,b:0}}}},
  {{topojsonURL:'./'}}).then(()=>{{window.drawn=performance.now();}});
 window.recolour=(codes)=>Plotly.restyle('m',{{z:[ids.map((_,i)=>codes[i%codes.length])]}}); }});
</script></body></html>"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("d3-array.min.js", "d3-geo.min.js", "topojson-client.min.js"):
            shutil.copy(VENDOR / name, folder / name)
        shutil.copy(ROOT / "static" / "topojson" / "world_50m.json", folder / "world_50m.json")
        out = subprocess.run(
            ["npm", "pack", f"{PLOTLY[0]}@{PLOTLY[1]}", "--json", "--pack-destination", tmp],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        with tarfile.open(folder / json.loads(out)[0]["filename"]) as tar:
            member = tar.extractfile(f"package/{PLOTLY[2]}")
            assert member is not None, f"{PLOTLY[2]} missing from the npm package"
            (folder / PLOTLY[2]).write_bytes(member.read())
        (folder / "d3.html").write_text(D3_PAGE)
        (folder / "plotly.html").write_text(PLOTLY_PAGE)
        srv = subprocess.Popen(
            [sys.executable, "-m", "http.server", "8777", "--bind", "127.0.0.1"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
        res = {}
        try:
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
                for lib, sel in (("d3", "#m path"), ("plotly", "path.choroplethlocation")):
                    first, rec, evals = [], [], []
                    for _ in range(args.repeat):
                        ctx = b.new_context(viewport={"width": 1100, "height": 700})
                        pg = ctx.new_page()
                        pg.goto(f"http://127.0.0.1:8777/{lib}.html")
                        pg.wait_for_function(
                            f"() => document.querySelectorAll('{sel}').length >= 230 && window.drawn", timeout=30_000
                        )
                        first.append(pg.evaluate("window.drawn"))
                        evals.append(pg.evaluate("window.libReady"))
                        for k in range(5):
                            rec.append(
                                pg.evaluate(
                                    """async (k) => { const codes = Array.from({length: 12}, (_, i) => (i + k) % 12);
                                const t0 = performance.now(); await window.recolour(codes);
                                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                                return performance.now() - t0; }""",
                                    k,
                                )
                            )
                        ctx.close()
                    res[lib] = {
                        "library evaluated (ms)": round(statistics.median(evals)),
                        "first map drawn (ms)": round(statistics.median(first)),
                        "recolour every country (ms)": round(statistics.median(rec), 1),
                    }
                b.close()
        finally:
            srv.terminate()
    print(f"load {os.getloadavg()[0]:.1f}", json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
