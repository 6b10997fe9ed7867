"""Benchmark: data load, derived views, figure payload, and the real app in headless Chromium.

Usage: python bench/bench.py [--no-browser] [--repeat N]
Prints a table of figures; writes bench/results/latest.json (git-ignored).
Browser part: time from navigation to >=230 drawn country shapes (network outside localhost
blocked), and websocket bytes (server->browser and browser->server) when the drug changes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from myeloma_access.availability import build_facts, current_status, status_for_drugs  # noqa: E402
from myeloma_access.finder import Situation, usable_count  # noqa: E402
from myeloma_access.geometry import country_table  # noqa: E402
from myeloma_access.loaders import load_dataset  # noqa: E402


def timed(fn, repeat: int):
    """Median seconds of ``repeat`` calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def python_figures(repeat: int) -> dict:
    from components.figures import status_map

    out = {}
    out["load_dataset_s"], ds = timed(load_dataset, repeat)
    out["build_facts_s"], facts = timed(
        lambda: build_facts(ds.ema_authorisations, ds.regulatory_events, ds.jurisdiction_members, ds.country_facts),
        repeat,
    )
    out["resolve_status_s"], cur = timed(lambda: current_status(facts), repeat)
    geo = country_table()
    countries = geo[geo["iso3"] != "ATA"]
    table = status_for_drugs(cur, ["lenalidomide"], countries["iso3"]).merge(countries[["iso3", "name"]], on="iso3")
    out["status_map_build_s"], fig = timed(lambda: status_map(table, "t", "s"), repeat)
    out["status_map_json_bytes"] = len(fig.to_json())
    statuses = {iso: {} for iso in countries["iso3"]}
    for r in cur[["iso3", "drug_id", "status"]].itertuples(index=False):
        statuses.setdefault(r.iso3, {})[r.drug_id] = r.status
    out["usable_count_all_countries_s"], _ = timed(
        lambda: usable_count(ds.regimen_recommendations, ds.settings, ds.regimen_drugs, statuses,
                             Situation(prior_lines=1, len_refractory=True)), repeat)
    out["topojson_bytes"] = (ROOT / "static" / "topojson" / "world_50m.json").stat().st_size
    out["facts"] = len(facts)
    return out


def browser_figures() -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, _free_port
    import subprocess
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    out = {}
    paths_js = ("() => Array.from(document.querySelectorAll('path.choroplethlocation'))"
                ".filter(p => (p.getAttribute('d') || '').length > 10).length")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            # warm the server caches once (first visitor pays data loading)
            warm = browser.new_page()
            warm.goto(url)
            warm.wait_for_function(f"() => ({paths_js})() >= 230", timeout=60_000)
            warm.close()
            for label in ("first_map_cold_browser_s",):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                ctx.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
                page = ctx.new_page()
                received, sent = [], []

                def on_ws(ws):
                    ws.on("framereceived", lambda payload: received.append(len(payload)))
                    ws.on("framesent", lambda payload: sent.append(len(payload)))

                page.on("websocket", on_ws)
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_function(f"() => ({paths_js})() >= 230", timeout=60_000)
                out[label] = round(time.perf_counter() - t0, 2)
                out["initial_ws_bytes_received"] = sum(received)
                page.wait_for_timeout(1500)
                received.clear()
                sent.clear()
                t0 = time.perf_counter()
                page.locator("[data-testid='stSelectbox']").first.click()
                page.keyboard.type("Lenalidomide")
                page.keyboard.press("Enter")
                page.get_by_text("Access to Lenalidomide (R) for relapsed/refractory myeloma").wait_for(timeout=30_000)
                out["drug_change_to_new_map_s"] = round(time.perf_counter() - t0, 2)
                page.wait_for_timeout(1500)
                out["drug_change_ws_bytes_received"] = sum(received)
                out["drug_change_ws_bytes_sent"] = sum(sent)
                ctx.close()
            browser.close()
    finally:
        proc.terminate()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = python_figures(args.repeat)
    if not args.no_browser:
        results.update(browser_figures())
    for key, value in results.items():
        print(f"{key:40s} {value:.4f}" if isinstance(value, float) else f"{key:40s} {value}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
