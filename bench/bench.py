"""Benchmark: domain timings, payloads, and the real app in headless Chromium (run on demand, not a test).

Usage: python bench/bench.py [--no-browser] [--repeat N] [--entry serve.py|app.py]

Prints a Markdown table and writes bench/results/latest.json. Browser figures drive the
app started from ``--entry`` (default serve.py, the production entry) on localhost; every
other request is blocked. Times are medians of ``--repeat`` runs where repeated.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PATHS_JS = ("() => Array.from(document.querySelectorAll('path.choroplethlocation'))"
            ".filter(p => (p.getAttribute('d') || '').length > 10).length")
BYTES_JS = ("() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))"
            ".reduce((a, e) => a + (e.transferSize || 0), 0)")


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 4)


def python_figures(repeat: int) -> dict:
    from myeloma_access.finder import FinderQuery, Situation
    from myeloma_access.loaders import load_dataset
    from myeloma_access.model import AccessModel
    from components.figures import status_map

    out = {}
    t0 = time.perf_counter()
    ds = load_dataset()
    out["load + validate all tables (s)"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    m = AccessModel(ds)
    _ = m.countries, m.statuses_by_country
    out["build the model: facts, statuses, countries (s)"] = round(time.perf_counter() - t0, 3)
    out["facts"] = len(m.facts)
    out["map table for one drug (s)"] = _median_time(lambda: m.map_table("lenalidomide"), repeat)
    fresh = AccessModel(ds)
    _ = fresh.countries
    out["map table, status as of a year (s, first time for that year)"] = _median_time(
        lambda: fresh.map_table("lenalidomide", 2015), 1)
    table = m.map_table("lenalidomide")
    fig = status_map(table, "t", "s")
    out["status map figure JSON (KB)"] = round(len(fig.to_json()) / 1024, 1)
    q = FinderQuery(Situation(1, len_refractory=True), "any", "with_later")
    out["finder, one country (s)"] = _median_time(lambda: m.find_regimens("GBR", q), repeat)
    out["usable-regimen counts, all countries (s)"] = _median_time(lambda: m.usable_counts(q), repeat)
    out["unlock ranking, the world (s)"] = _median_time(
        lambda: m.unlock_ranking(m.countries["iso3"].tolist(), q), 1)
    out["topojson (KB)"] = round((ROOT / "static" / "topojson" / "world_50m.json").stat().st_size / 1024, 1)
    return out


def _start(entry: str):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", entry, "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    return url, proc


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def browser_figures(entry: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    url, proc = _start(entry)
    out: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            warm = browser.new_page()  # the first visitor pays data loading; warm the server once
            warm.goto(url)
            warm.wait_for_function(f"() => ({PATHS_JS})() >= 230", timeout=90_000)
            warm.goto(f"{url}/regimens?country=GBR")
            warm.wait_for_timeout(3000)
            warm.close()
            out["server RSS after warm-up (MiB)"] = _rss_mib(proc.pid)

            cold, warm_times, first_bytes = [], [], []
            for _ in range(repeat):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                ctx.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_function(f"() => ({PATHS_JS})() >= 230", timeout=60_000)
                cold.append(time.perf_counter() - t0)
                first_bytes.append(page.evaluate(BYTES_JS))
                page2 = ctx.new_page()  # same context: warm browser cache
                t0 = time.perf_counter()
                page2.goto(url)
                page2.wait_for_function(f"() => ({PATHS_JS})() >= 230", timeout=60_000)
                warm_times.append(time.perf_counter() - t0)
                ctx.close()
            out["first map, cold browser cache (s)"] = round(statistics.median(cold), 2)
            out["first map, warm browser cache (s)"] = round(statistics.median(warm_times), 2)
            out["first visit, bytes over HTTP (MB)"] = round(statistics.median(first_bytes) / 1e6, 2)

            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            received: list[int] = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
            page.goto(url)
            page.wait_for_function(f"() => ({PATHS_JS})() >= 230", timeout=60_000)
            page.wait_for_timeout(1500)

            def interaction(name: str, action, done) -> None:
                times, sizes = [], []
                for i in range(repeat):
                    received.clear()
                    t0 = time.perf_counter()
                    action(i)
                    done(i)
                    times.append(time.perf_counter() - t0)
                    page.wait_for_timeout(800)
                    sizes.append(sum(received))
                out[f"{name} (ms)"] = round(statistics.median(times) * 1000)
                out[f"{name}, websocket bytes received (KB, decoded)"] = round(statistics.median(sizes) / 1024, 1)

            drugs = ["Lenalidomide (R)", "Daratumumab (D)", "Bortezomib (V)", "Pomalidomide (P)", "Carfilzomib (K)"]

            def change_drug(i):
                page.locator("[data-testid='stSelectbox']").first.click()
                page.keyboard.type(drugs[i % len(drugs)])
                page.keyboard.press("Enter")

            def map_title_shows(i):
                page.wait_for_function(
                    "(d) => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .annotation-text'))"
                    ".some(t => t.textContent.startsWith('Access to ' + d))", arg=drugs[i % len(drugs)], timeout=30_000)

            interaction("drug change -> new map", change_drug, map_title_shows)
            interaction("IMWG overlay toggle", lambda i: page.get_by_text("IMWG overlay").click(),
                        lambda i: page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"))
            page.goto(f"{url}/regimens?country=GBR&scope=with_later")
            page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            toggles = ["Lenalidomide-refractory", "PI-refractory", "Anti-CD38-refractory"]
            interaction("finder change (toggle)", lambda i: page.get_by_text(toggles[i % 3], exact=True).click(),
                        lambda i: page.wait_for_function(
                            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"))
            out["server RSS after the run (MiB)"] = _rss_mib(proc.pid)
            browser.close()
    finally:
        proc.terminate()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entry", default="serve.py")
    args = parser.parse_args()
    results = python_figures(args.repeat)
    if not args.no_browser:
        results.update(browser_figures(args.entry, args.repeat))
    print("| measure | value |\n|---|---|")
    for key, value in results.items():
        print(f"| {key} | {value} |")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
