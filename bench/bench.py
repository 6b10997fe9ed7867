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
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


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
    from myeloma_access.map_payload import build_map_payload
    from myeloma_access.model import AccessModel

    out: dict[str, Any] = {}
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
        lambda: fresh.map_table("lenalidomide", 2015), 1
    )
    t0 = time.perf_counter()
    payload = json.dumps(build_map_payload(m), separators=(",", ":")).encode()
    out["map payload: every drug, class, year and layer (s to build, once per data version)"] = round(
        time.perf_counter() - t0, 3
    )
    import gzip

    out["map payload (KB raw / gzip)"] = f"{len(payload) / 1024:.1f} / {len(gzip.compress(payload)) / 1024:.1f}"
    q = FinderQuery(Situation(1, len_refractory=True), "any", "with_later")
    out["finder, one country (s)"] = _median_time(lambda: m.find_regimens("GBR", q), repeat)
    out["usable-regimen counts, all countries (s)"] = _median_time(lambda: m.usable_counts(q), repeat)
    out["unlock ranking, the world (s)"] = _median_time(lambda: m.unlock_ranking(m.countries["iso3"].tolist(), q), 1)
    out["topojson (KB)"] = round((ROOT / "static" / "topojson" / "world_50m.json").stat().st_size / 1024, 1)
    return out


def browser_figures(entry: str, repeat: int) -> dict:
    """The map in Chromium (bench/map_bench.py measures this build; run it with --old for before/after)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from map_bench import measure

    return measure(ROOT, True, repeat)


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
