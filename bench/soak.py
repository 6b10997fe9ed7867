"""Bounded soak of session isolation (issue 13): uploaders and viewers on one server, localhost only.

``--sessions`` sessions for ``--duration`` seconds on a server this script starts (``serve.py``, the
production entry). ``--uploaders`` of them are headless Chromium pages (Debian ``/usr/bin/chromium``) on the
real Your-data page: each, in a loop, uploads availability facts (Kenya lenalidomide and Brazil daratumumab
publicly funded) and a Kenyan bortezomib price whose ``source_id`` is a marker unique to that upload
(``soakmark_<uploader>_<n>_<random>``) and whose date is distinctive (a day in 1987 that no shipped file
contains), checks that it sees its own marked data (the map's Sources tab lists "Your data (uploaded in this
browser session): <marker> — 1 country": the positive control), then removes both uploads. The other
sessions are websocket viewers speaking Streamlit's protocol (``bench/load.py``'s ``Session``): every
``--interval`` seconds each opens another query-string view — compare KEN,BRA, country KEN, the map table
for lenalidomide, the finder for KEN, costs Vd for KEN,GBR, the map's Sources tab for lenalidomide — and
every message it receives is scanned for every marker and date (a hit is a cross-session leak) and for
the text that view must show (a miss is an error).

Reported: leaks (must be 0), errors, uploads and positive controls, p50/p95 of viewer view changes, the
server's RSS at start (every session connected, nothing uploaded), peak, and end: after the uploaders
removed their uploads and closed their pages, ``--session-ttl`` (the server's
``server.disconnectedSessionTTL``, Streamlit's default 120 s) plus a margin later, after one probe session
(Streamlit drops expired sessions when its session store is next written) and one rerun of each viewer
(Streamlit collects garbage after a run). Also the server's own figures from ``/_stcore/metrics``.

Usage (from the repository root, with the project's venv):

    python bench/soak.py                                   # 25 sessions (5 uploading) x 300 s
    python bench/soak.py --duration 30 --sessions 6 --uploaders 2     # smoke test
    python bench/soak.py --json bench/results/soak.json

Bounds: at most 100 sessions, 20 uploaders and 1,800 s; every receive and page wait has a timeout; the
whole run is cancelled at duration + TTL + 240 s; the server and browser it started are stopped at the
end. Prints a Markdown table; exits 1 on any leak, error or failed positive control.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from load import (  # bench/load.py: the websocket session, /proc sampler and server helpers
    LOCAL_HOSTS,
    ROOT,
    ProcSampler,
    Session,
    SessionStats,
    free_port,
    pct,
    start_server,
    stop_server,
    wait_health,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
MAX_SESSIONS, MAX_UPLOADERS, MAX_DURATION = 100, 20, 1800.0
PAGE_TIMEOUT_MS = 90_000
# (page name, query string, bytes the view must contain)
VIEWS = [
    ("compare", "countries=KEN,BRA", b"Access status by drug: Kenya, Brazil"),
    ("country", "country=KEN", b"Kenya"),
    ("", "drug=lenalidomide&view=table", b"Download GeoJSON"),
    ("regimens", "country=KEN&lines=1", b"Which recommended regimens can be used here?"),
    ("costs", "regimen=vd&countries=KEN,GBR", b"Drug cost of a 28-day cycle of "),
    ("", "drug=lenalidomide&view=sources", b"sources give the statuses on this map"),
]
MARK = b"soakmark_"
FACTS = (
    "iso3,drug_id,authorisation,funding,date,confidence,source_id,as_of,note\n"
    "KEN,lenalidomide,approved,funded,{date},stated,{marker},2026-11-24,soak upload\n"
    "BRA,daratumumab,approved,funded,{date},stated,{marker},2026-11-24,soak upload\n"
)
PRICES = (
    "price_id,iso3,drug_id,route,product,strength_mg,units_per_pack,pack_price,currency,price_type,price_date,"
    "source_id,as_of,confidence,note\n"
    "{marker}_p,KEN,bortezomib,SC,Bortezomib 3.5 mg vial,3.5,1,25000,KES,hospital list price,{date},{marker},"
    "2026-11-24,verified,soak upload\n"
)
READY_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
    "document.querySelector('[data-testid=\"stMain\"] h1')"
)
NAVIGATE_JS = (
    "(url) => { history.pushState({}, '', url); window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }"
)


@dataclass
class Markers:
    """Every marker and date handed out so far (viewers scan for all of them)."""

    ids: set[bytes] = field(default_factory=set)
    dates: set[bytes] = field(default_factory=set)
    shipped_dates: set[str] = field(default_factory=set)

    def new(self, k: int, n: int) -> tuple[str, str]:
        marker = f"soakmark_{k}_{n}_{secrets.token_hex(2)}"
        for i in range(365):
            day = (k * 53 + n * 7 + i) % 336
            date = f"1987-{day // 28 + 1:02d}-{day % 28 + 1:02d}"
            if date not in self.shipped_dates and date.encode() not in self.dates:
                break
        self.ids.add(marker.encode())
        self.dates.add(date.encode())
        return marker, date


@dataclass
class Viewer:
    stats: SessionStats = field(default_factory=SessionStats)
    leaks: list[str] = field(default_factory=list)
    view_misses: list[str] = field(default_factory=list)
    changes: int = 0
    session: Any = None  # its bench/load.py Session, closed at the end


@dataclass
class Uploader:
    uploads: int = 0
    confirmed: int = 0  # positive controls passed (own marker seen)
    removed: int = 0
    upload_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- viewers (websocket sessions)


def _scan(blob: bytes, markers: Markers) -> list[str]:
    hits = []
    if MARK in blob:
        hits += sorted({m.decode() for m in re.findall(rb"soakmark_[0-9]+_[0-9]+_[0-9a-f]{4}", blob)})
    hits += [d.decode() for d in list(markers.dates) if d in blob]
    return hits


async def viewer(
    i: int,
    args,
    ws_url: str,
    markers: Markers,
    v: Viewer,
    ready: asyncio.Queue,
    start: asyncio.Event,
    stop: asyncio.Event,
    t0: list[float],
) -> None:
    rng = random.Random(args.seed * 1000 + i)
    sess = Session(ws_url, "", v.stats)
    buf: list[bytes] = []
    sess.on_message = buf.append
    try:
        await sess.connect()
        v.stats.first_run_s, _, _ = await sess.rerun(None)
    except Exception as exc:
        v.stats.errors.append(f"viewer {i} connect: {type(exc).__name__}: {exc}")
        await ready.put(i)
        return
    await ready.put(i)
    await start.wait()
    order = VIEWS[:]
    rng.shuffle(order)
    phase = rng.uniform(0, args.interval)
    k = 0
    try:
        while not stop.is_set():
            tick = t0[0] + phase + k * args.interval
            now = time.monotonic()
            if now < tick:
                try:
                    await asyncio.wait_for(stop.wait(), tick - now)
                    break
                except TimeoutError:
                    pass
            page, query, must = order[k % len(order)]
            lat = await open_view(sess, page, query, buf)
            v.stats.latencies.append(lat)
            v.changes += 1
            blob = b"".join(buf)
            for hit in _scan(blob, markers):
                v.leaks.append(f"viewer {i} on {page or 'map'}?{query}: {hit}")
            if must not in blob:
                v.view_misses.append(f"viewer {i} on {page or 'map'}?{query}: {must.decode()!r} missing")
            k += 1
            if time.monotonic() > t0[0] + phase + k * args.interval:
                v.stats.late += 1
    except Exception as exc:
        v.stats.errors.append(f"viewer {i} during soak: {type(exc).__name__}: {exc}")
    v.session = sess


async def open_view(sess: Session, page: str, query: str, buf: list[bytes]) -> float:
    """Open another page and query string in the same session (as a link does); seconds to script_finished."""
    buf.clear()
    sess.page_name, sess.page_hash, sess.query = page, "", query
    lat, _, _ = await sess.rerun(None)
    return lat


# ---------------------------------------------------------------- uploaders (Chromium on the Your-data page)


async def _ready(pg) -> None:
    await pg.wait_for_function(READY_JS, timeout=PAGE_TIMEOUT_MS)
    await pg.wait_for_timeout(200)


async def _navigate(pg, path: str) -> None:
    await pg.evaluate(NAVIGATE_JS, path)  # history navigation: the same Streamlit session (uploads kept)
    await pg.wait_for_timeout(300)
    await _ready(pg)


async def _no_exception(pg, u: Uploader, where: str) -> None:
    if await pg.locator("[data-testid='stException']").count():
        u.errors.append(f"exception shown {where}")


async def _upload(pg, index: int, tab: str, path: Path, message: str) -> None:
    await pg.get_by_role("tab", name=tab).click()
    await pg.locator("[data-testid='stFileUploader'] input[type='file']").nth(index).set_input_files(str(path))
    await pg.get_by_text(message).wait_for(timeout=PAGE_TIMEOUT_MS)
    await _ready(pg)


async def _remove(pg, tab: str, label: str, required: bool = True) -> None:
    """Click the tab's remove button (waiting for it when the data is known to be in use)."""
    await pg.get_by_role("tab", name=tab).click()
    button = pg.get_by_role("button", name=label)
    if required:
        await button.wait_for(timeout=PAGE_TIMEOUT_MS)
    if await button.count():
        await button.click()
        await button.wait_for(state="detached", timeout=PAGE_TIMEOUT_MS)
        await _ready(pg)


async def uploader(
    k: int,
    browser,
    base: str,
    markers: Markers,
    u: Uploader,
    tmp: Path,
    ready: asyncio.Queue,
    start: asyncio.Event,
    stop: asyncio.Event,
) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})

    async def guard(route):
        local = route.request.url.startswith(("data:", "blob:")) or urlparse(route.request.url).hostname in LOCAL_HOSTS
        await (route.continue_() if local else route.abort())

    await context.route("**/*", guard)
    pg = await context.new_page()
    try:
        await pg.goto(base + "data", timeout=PAGE_TIMEOUT_MS)
        await _ready(pg)
    except Exception as exc:
        u.errors.append(f"uploader {k} open: {type(exc).__name__}: {exc}")
        await ready.put(k)
        await context.close()
        return
    await ready.put(k)
    await start.wait()
    n = 0
    try:
        while not stop.is_set():
            marker, date = markers.new(k, n)
            facts, prices = tmp / f"facts-{k}-{n}.csv", tmp / f"prices-{k}-{n}.csv"
            facts.write_text(FACTS.format(marker=marker, date=date), encoding="utf-8")
            prices.write_text(PRICES.format(marker=marker, date=date), encoding="utf-8")
            t = time.perf_counter()
            await _upload(pg, 0, "Availability facts", facts, "Using your availability facts: 2 rows, 2 countries.")
            await _upload(pg, 1, "Prices", prices, "Using your prices: 1 rows, 1 countries.")
            u.upload_s.append(time.perf_counter() - t)
            u.uploads += 1
            await _no_exception(pg, u, "after upload")
            # positive control: this session sees its own marked data on the map's Sources tab
            await _navigate(pg, "/?drug=lenalidomide&view=sources")
            mine = f"Your data (uploaded in this browser session): {marker} — 1 country"
            try:
                await pg.get_by_text(mine, exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
                u.confirmed += 1
            except Exception:
                u.errors.append(f"uploader {k}: own data {marker} not shown")
            await _no_exception(pg, u, "on the map")
            await _navigate(pg, "/data")
            await _remove(pg, "Availability facts", "Remove your availability facts")
            await _remove(pg, "Prices", "Remove your prices")
            try:
                await pg.get_by_text("In use in this session").wait_for(state="detached", timeout=PAGE_TIMEOUT_MS)
                u.removed += 1
            except Exception:
                u.errors.append(f"uploader {k}: data still in use after removing it")
            n += 1
    except Exception as exc:
        u.errors.append(f"uploader {k} during soak: {type(exc).__name__}: {str(exc)[:200]}")
        try:  # whatever happened, take the uploads away before the end is measured
            await _navigate(pg, "/data")
            await _remove(pg, "Availability facts", "Remove your availability facts", required=False)
            await _remove(pg, "Prices", "Remove your prices", required=False)
        except Exception:
            pass
    finally:
        await context.close()  # the websocket closes; the server keeps the session for the TTL


# ---------------------------------------------------------------- the run


def server_metrics(base: str) -> dict[str, float]:
    """Streamlit's own figures from /_stcore/metrics: bytes per cache type (st.cache_data, uploaded files,
    media files; its session-state figure counts only part of a session's state) and the connected sessions."""
    try:
        with urllib.request.urlopen(base + "_stcore/metrics", timeout=10) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for m in re.finditer(r'^cache_memory_bytes\{cache_type="([^"]+)"[^}]*\} ([0-9.e+]+)$', text, re.M):
        out[m[1]] = out.get(m[1], 0) + float(m[2])
    for m in re.finditer(r"^active_sessions(?:\{[^}]*\})? ([0-9.e+]+)$", text, re.M):
        out["active_sessions"] = float(m[1])
    return out


def rss(sampler: ProcSampler) -> float | None:
    r = sampler.read()
    return r[1] if r else None


async def soak(args, base: str, pid: int) -> dict:
    ws_url = base.replace("http://", "ws://") + "_stcore/stream"
    markers = Markers(
        shipped_dates={
            m
            for p in (ROOT / "data").glob("*.csv")
            for m in re.findall(r"1987-\d\d-\d\d", p.read_text(encoding="utf-8"))
        }
    )
    sampler = ProcSampler(pid)
    stop_sampler = asyncio.Event()
    sampler_task = asyncio.create_task(sampler.run(stop_sampler))
    rss_idle = rss(sampler)

    warm = Session(ws_url, "", SessionStats())  # the first session loads the dataset
    await warm.connect()
    await warm.rerun(None)
    await warm.close()

    n_viewers = args.sessions - args.uploaders
    viewers = [Viewer() for _ in range(n_viewers)]
    uploaders = [Uploader() for _ in range(args.uploaders)]
    ready: asyncio.Queue = asyncio.Queue()
    start, stop = asyncio.Event(), asyncio.Event()
    t0 = [0.0]
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
            v_tasks = [
                asyncio.create_task(viewer(i, args, ws_url, markers, viewers[i], ready, start, stop, t0))
                for i in range(n_viewers)
            ]
            u_tasks = [
                asyncio.create_task(uploader(k, browser, base, markers, uploaders[k], Path(tmp), ready, start, stop))
                for k in range(args.uploaders)
            ]
            for _ in range(args.sessions):
                await asyncio.wait_for(ready.get(), PAGE_TIMEOUT_MS / 1000 * 2)
            await asyncio.sleep(1.0)
            rss_start, metrics_start = rss(sampler), server_metrics(base)
            t0[0] = time.monotonic()
            start.set()
            rss_during = []
            for _ in range(5):  # RSS at each fifth of the soak: growth with the number of uploads would be a leak
                await asyncio.sleep(args.duration / 5)
                rss_during.append(rss(sampler))
            stop.set()
            t_stop = time.monotonic()
            await asyncio.wait(v_tasks + u_tasks, timeout=PAGE_TIMEOUT_MS / 1000 * 3)
            for t in v_tasks + u_tasks:
                if not t.done():
                    t.cancel()
            await browser.close()
        rss_peak = max((s[2] for s in sampler.samples), default=None)
        rss_closed = rss(sampler)
        t_closed = time.monotonic()
        # wait for Streamlit to drop the uploaders' disconnected sessions, then make it look
        await asyncio.sleep(args.session_ttl + args.settle)
        probe = Session(ws_url, "", SessionStats())
        await probe.connect()
        await probe.rerun(None)
        await probe.close()
        await asyncio.sleep(2)
        for v in viewers:  # one rerun each: Streamlit collects garbage after a script run
            sess = getattr(v, "session", None)
            if sess is not None:
                try:
                    await open_view(sess, "about", "", [])
                except Exception as exc:
                    v.stats.errors.append(f"final rerun: {type(exc).__name__}: {exc}")
        await asyncio.sleep(2)
        rss_end, metrics_end = rss(sampler), server_metrics(base)
        for v in viewers:
            if v.session is not None:
                await v.session.close()
    stop_sampler.set()
    await sampler_task
    lat = [x for v in viewers for x in v.stats.latencies]
    errors = (
        [e for v in viewers for e in v.stats.errors]
        + [m for v in viewers for m in v.view_misses]
        + [e for u in uploaders for e in u.errors]
    )
    leaks = [x for v in viewers for x in v.leaks]
    cpu = sampler.window(t0[0], t_stop)
    return {
        "sessions": args.sessions,
        "uploaders": args.uploaders,
        "viewers": n_viewers,
        "duration_s": args.duration,
        "interval_s": args.interval,
        "session_ttl_s": args.session_ttl,
        "settle_s": args.settle,
        "viewer_changes": len(lat),
        "offered_changes": int(n_viewers * args.duration / args.interval),
        "late": sum(v.stats.late for v in viewers),
        "uploads": sum(u.uploads for u in uploaders),
        "own_data_seen": sum(u.confirmed for u in uploaders),
        "removed": sum(u.removed for u in uploaders),
        "upload_p50_s": statistics.median(x for u in uploaders for x in u.upload_s)
        if any(u.upload_s for u in uploaders)
        else None,
        "markers": len(markers.ids),
        "leaks": len(leaks),
        "leak_examples": leaks[:10],
        "errors": len(errors),
        "error_examples": errors[:10],
        "p50_ms": (pct(lat, 50) or 0) * 1000,
        "p95_ms": (pct(lat, 95) or 0) * 1000,
        "max_ms": max(lat, default=0) * 1000,
        "server_cpu_cores": cpu.get("cpu_cores"),
        "rss_idle_mib": rss_idle,
        "rss_start_mib": rss_start,
        "rss_peak_mib": rss_peak,
        "rss_during_mib": rss_during,
        "rss_after_close_mib": rss_closed,
        "rss_end_mib": rss_end,
        "end_measured_s_after_close": time.monotonic() - t_closed,
        "metrics_start": metrics_start,
        "metrics_end": metrics_end,
        "loadavg_start_end": [args.loadavg_start, Path("/proc/loadavg").read_text().split()[:3]],
    }


def fmt(v, spec="{:.0f}") -> str:
    return "–" if v is None else spec.format(v)


def mib(metrics: dict, key: str) -> str:
    return fmt(metrics.get(key, 0) / 2**20, "{:.1f}")


def markdown(r: dict) -> str:
    rows = [
        (
            "sessions",
            f"{r['sessions']} ({r['uploaders']} uploading in Chromium, {r['viewers']} websocket viewers) "
            f"× {r['duration_s']:.0f} s",
        ),
        ("cross-session leaks", f"**{r['leaks']}** (markers handed out: {r['markers']}; every viewer message scanned)"),
        ("errors", str(r["errors"])),
        (
            "uploads / own data seen / removed",
            f"{r['uploads']} / {r['own_data_seen']} / {r['removed']} "
            f"(upload of facts + prices p50 {fmt(r['upload_p50_s'], '{:.1f}')} s)",
        ),
        ("viewer view changes done / offered (late)", f"{r['viewer_changes']} / {r['offered_changes']} ({r['late']})"),
        ("viewer change p50 / p95 / max", f"{fmt(r['p50_ms'])} / {fmt(r['p95_ms'])} / {fmt(r['max_ms'])} ms"),
        ("server CPU during the soak", f"{fmt(r['server_cpu_cores'], '{:.2f}')} cores"),
        (
            "server RSS idle → start → peak",
            f"{fmt(r['rss_idle_mib'])} → {fmt(r['rss_start_mib'])} → {fmt(r['rss_peak_mib'])} MiB",
        ),
        ("server RSS at each fifth of the soak", " → ".join(fmt(x) for x in r["rss_during_mib"]) + " MiB"),
        (
            "server RSS uploaders closed → end",
            f"{fmt(r['rss_after_close_mib'])} → {fmt(r['rss_end_mib'])} MiB "
            f"(end {r['end_measured_s_after_close']:.0f} s after closing; "
            f"disconnectedSessionTTL {r['session_ttl_s']} s)",
        ),
        (
            "st.cache_data start → end (/_stcore/metrics)",
            f"{mib(r['metrics_start'], 'st_cache_data')} → {mib(r['metrics_end'], 'st_cache_data')} MiB",
        ),
        (
            "uploaded files held start → end",
            f"{mib(r['metrics_start'], 'UploadedFileManager')} → {mib(r['metrics_end'], 'UploadedFileManager')} MiB",
        ),
        (
            "connected sessions start → end",
            f"{fmt(r['metrics_start'].get('active_sessions'))} → {fmt(r['metrics_end'].get('active_sessions'))}",
        ),
        (
            "load average (1/5/15 min) start → end",
            f"{' '.join(r['loadavg_start_end'][0])} → {' '.join(r['loadavg_start_end'][1])}",
        ),
    ]
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sessions", type=int, default=25, help="all sessions, uploaders included")
    p.add_argument("--uploaders", type=int, default=5)
    p.add_argument("--duration", type=float, default=300.0, help="seconds of soak after every session connected")
    p.add_argument("--interval", type=float, default=2.0, help="seconds between view changes per viewer")
    p.add_argument(
        "--session-ttl",
        type=int,
        default=30,
        help="server.disconnectedSessionTTL for the server started here (Streamlit's default: 120 s)",
    )
    p.add_argument("--settle", type=float, default=15.0, help="seconds waited beyond the TTL before 'end'")
    p.add_argument("--port", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = p.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        p.error(f"--sessions must be 1..{MAX_SESSIONS}")
    if not 0 <= args.uploaders <= min(MAX_UPLOADERS, args.sessions):
        p.error(f"--uploaders must be 0..{MAX_UPLOADERS} and at most --sessions")
    if not 1 <= args.duration <= MAX_DURATION:
        p.error(f"--duration must be 1..{MAX_DURATION:.0f} s")
    if args.interval < 0.1 or not 0 <= args.session_ttl <= 600 or not 0 <= args.settle <= 300:
        p.error("--interval >= 0.1 s, --session-ttl 0..600 s, --settle 0..300 s")
    if args.uploaders and not Path(CHROMIUM).exists():
        p.error(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    args.loadavg_start = Path("/proc/loadavg").read_text().split()[:3]

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `timeout` ends it like Ctrl-C: the server stops too
    port = args.port or free_port()
    log_path = ROOT / "bench" / "results" / f"soak-server-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    proc = start_server(port, [f"disconnectedSessionTTL={args.session_ttl}"], log_path, ROOT, entry="serve.py")
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_health(base, 60)
        limit = args.duration + args.session_ttl + args.settle + 240
        result = asyncio.run(asyncio.wait_for(soak(args, base, proc.pid), limit))
    finally:
        stop_server(proc)
    print(markdown(result))
    for title, key in (("Leaks", "leak_examples"), ("Errors", "error_examples")):
        if result[key]:
            print(f"\n{title} (first 10):\n" + "\n".join(f"- {e}" for e in result[key]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if result["leaks"] or result["errors"] or result["own_data_seen"] < result["uploads"] else 0


if __name__ == "__main__":
    sys.exit(main())
