"""Before/after benchmark of the access map in headless Chromium, both builds in one run (issue 14).

Usage (from the repository root, with the project's venv):

    git worktree add /tmp/oldmain e429a52        # the previous main, once
    python bench/map_bench.py --old /tmp/oldmain --new . [--repeat 5] [--json bench/results/map.json]

For each build it starts ``serve.py`` from that folder on localhost (every other request blocked), warms it
with one visit and measures: first-visit bytes over HTTP (cold cache) and the encodings seen; first map
(navigation -> 230 country shapes drawn) with a cold and a warm browser cache; drug change -> recoloured
(timed in the page: the change -> the first animation frame showing Canada in its new colour) and the
websocket bytes it cost; country click -> details heading. The 1-minute load average is printed with each
build. Times are medians of ``--repeat``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Chad is No data for both drugs; Canada: daratumumab no data -> lenalidomide publicly funded (old, pale)
OLD_PATHS = "Array.from(document.querySelectorAll('path.choroplethlocation')).filter(p => (p.getAttribute('d')||'').length > 10)"
NEW_ROOT = "(document.querySelector('[data-testid=stBidiComponentIsolated]') || {}).shadowRoot"
NEW_PATHS = f"(({NEW_ROOT}) ? Array.from(({NEW_ROOT}).querySelectorAll('path[data-iso3][fill]')) : [])"
OLD_FILL = (
    "(iso) => { const p = Array.from(document.querySelectorAll('path.choroplethlocation'))"
    ".find(p => p.__data__ && p.__data__.loc === iso && (p.getAttribute('d')||'').length > 10);"
    " return p ? getComputedStyle(p).fill : null; }"
)
NEW_FILL = (
    f'(iso) => {{ const r = {NEW_ROOT}; const p = r && r.querySelector(`path[data-iso3="${{iso}}"]`);'
    " return p ? getComputedStyle(p).fill : null; }"
)
FUNDED_PALE = "rgb(140, 211, 191)"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder: Path):
    port = _port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return url, proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"server in {folder} did not start")


def _guard(context):
    def route(r):
        host = urlparse(r.request.url).hostname
        (
            r.continue_()
            if r.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost")
            else r.abort()
        )

    context.route("**/*", route)


def _drawn_js(new: bool) -> str:
    paths = NEW_PATHS if new else OLD_PATHS
    return f"() => {paths}.length >= 230"


def _first_map(page, url: str, new: bool) -> float:
    page.add_init_script(f"""(() => {{ const poll = () => {{ try {{ if (({_drawn_js(new)})()) {{
        window.__drawn = performance.now(); return; }} }} catch (e) {{}} requestAnimationFrame(poll); }};
        requestAnimationFrame(poll); }})()""")
    page.goto(f"{url}/?drug=daratumumab")
    page.wait_for_function("() => window.__drawn", timeout=60_000)
    return page.evaluate("window.__drawn") / 1000


def measure(folder: Path, new: bool, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    url, proc = start(folder)
    out: dict = {"load_1min": os.getloadavg()[0]}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            warm = b.new_context(viewport={"width": 1400, "height": 1000})
            _guard(warm)
            _first_map(warm.new_page(), url, new)  # warms the server
            warm.close()
            cold, warm_t, nbytes, encodings = [], [], [], set()
            for _ in range(repeat):
                ctx = b.new_context(viewport={"width": 1400, "height": 1000})
                _guard(ctx)
                responses: list = []
                pg = ctx.new_page()
                pg.on("response", lambda r, responses=responses: responses.append(r))  # type: ignore[call-overload]
                cold.append(_first_map(pg, url, new))
                pg.wait_for_timeout(1500)
                nbytes.append(
                    pg.evaluate(
                        "() => performance.getEntriesByType('resource').concat("
                        "performance.getEntriesByType('navigation')).reduce((a, e) => a + (e.transferSize || 0), 0)"
                    )
                )
                for r in responses:
                    with contextlib.suppress(Exception):
                        encodings.add(r.headers.get("content-encoding", "none"))
                pg2 = ctx.new_page()
                warm_t.append(_first_map(pg2, url, new))
                ctx.close()
            out["first visit, HTTP bytes (MB)"] = round(statistics.median(nbytes) / 1e6, 2)
            out["content encodings seen"] = sorted(encodings)
            out["first map, warm server, cold cache (s)"] = round(statistics.median(cold), 2)
            out["first map, warm server, warm cache (s)"] = round(statistics.median(warm_t), 2)
            # drug change and country click, one page
            ctx = b.new_context(viewport={"width": 1400, "height": 1000})
            _guard(ctx)
            pg = ctx.new_page()
            frames: list[int] = []
            pg.on(  # type: ignore[call-overload]
                "websocket",
                lambda ws: (
                    ws.on("framereceived", lambda d: frames.append(len(d))),
                    ws.on("framesent", lambda d: frames.append(len(d))),
                ),
            )
            _first_map(pg, url, new)
            pg.wait_for_timeout(2000)
            fill = NEW_FILL if new else OLD_FILL
            changes, change_bytes = [], []
            for k in range(repeat):
                target, back = ("lenalidomide", "Lenalidomide (R)"), ("daratumumab", "Daratumumab (D)")
                want, label = (target, FUNDED_PALE) if k % 2 == 0 else (back, None)
                before = len(frames)
                pg.evaluate(
                    f"""(want) => {{ window.__recoloured = null; const t0 = performance.now(); window.__t0 = t0;
                    const check = () => {{ const f = ({fill})('CAN'); if (want ? f === want : f !== '{FUNDED_PALE}') {{
                      window.__recoloured = performance.now() - t0; return; }} requestAnimationFrame(check); }};
                    requestAnimationFrame(check); }}""",
                    label,
                )
                if new:
                    pg.evaluate(
                        f"""(v) => {{ const s = ({NEW_ROOT}).querySelector('[data-testid=map-drug]');
                        window.__t0b = performance.now(); s.value = v; s.dispatchEvent(new Event('change')); }}""",
                        want[0],
                    )
                else:
                    box = pg.locator("[data-testid='stSelectbox']").first
                    box.click()
                    pg.keyboard.type(want[1].split(" (")[0])
                    pg.keyboard.press("Enter")
                pg.wait_for_function("() => window.__recoloured !== null", timeout=30_000)
                changes.append(pg.evaluate("window.__recoloured"))
                pg.wait_for_timeout(1500)
                change_bytes.append(sum(frames[before:]))
            out["drug change -> recoloured (ms)"] = round(statistics.median(changes), 1)
            out["drug change, websocket bytes (decoded)"] = int(statistics.median(change_bytes))
            clicks = []
            for iso, name in [
                ("BRA", "Brazil"),
                ("AUS", "Australia"),
                ("IND", "India"),
                ("ARG", "Argentina"),
                ("KAZ", "Kazakhstan"),
            ][:repeat]:
                t0 = time.perf_counter()
                if new:
                    pg.locator(f"path[data-iso3='{iso}']").first.click()
                else:
                    box = pg.evaluate(
                        """(iso) => { const p = Array.from(document.querySelectorAll('path.choroplethlocation'))
                        .filter(p => p.__data__ && p.__data__.loc === iso).sort((a, b) => b.getBBox().width * b.getBBox().height
                        - a.getBBox().width * a.getBBox().height)[0]; const r = p.getBoundingClientRect();
                        return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""",
                        iso,
                    )
                    pg.mouse.click(box["x"], box["y"])
                pg.get_by_role("heading", name=name).first.wait_for(timeout=30_000)
                clicks.append(time.perf_counter() - t0)
                pg.wait_for_timeout(800)
            out["country click -> details (s)"] = round(statistics.median(clicks), 2)
            ctx.close()
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    out["load_1min_after"] = os.getloadavg()[0]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, required=True)
    ap.add_argument("--new", type=Path, default=Path("."))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    res = {
        "old": measure(args.old.resolve(), False, args.repeat),
        "new": measure(args.new.resolve(), True, args.repeat),
    }
    keys = [k for k in res["new"] if not k.startswith("load")]
    print(f"| measure | before ({args.old}) | now |\n|---|---|---|")
    for k in ["load_1min", *keys, "load_1min_after"]:
        print(f"| {k} | {res['old'].get(k)} | {res['new'].get(k)} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
