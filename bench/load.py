"""Bounded websocket-level load test of the running app (localhost only; stops by itself).

Each simulated session speaks Streamlit's own protocol over ``/_stcore/stream``, as the
browser does: it opens the websocket, asks for a script run (``BackMsg.rerun_script``),
reads the ForwardMsg deltas of that first run to find the access map's drug selectbox
(label "Drug or drug class", key "drug") with its widget id and options, then every
``--interval`` seconds sends a rerun with a different drug in the widget states. Where the map is the v2
component (issue 14) a drug change never reaches the server; the rerun left is a country click, so each
tick sends the component's ``select`` trigger for another country instead (details panel, one rerun). The loop
is closed: if the previous change has not finished, the session waits for it and the
missed ticks are counted as "late" (offered load = sessions x duration / interval).

Latency = BackMsg sent -> ``script_finished`` received. Errors = failed connects, exception
deltas, runs that did not finish successfully, timeouts and disconnects. Server CPU
(utime+stime) and RSS are sampled from ``/proc/<pid>`` every 0.5 s.

Usage (from the repository root, with the project's venv):

    python bench/load.py                       # 25 sessions x 60 s, starts its own server
    python bench/load.py --sessions 5
    python bench/load.py --sessions 3 --duration 10          # smoke test
    python bench/load.py --url http://127.0.0.1:8501/ --pid 1234   # an app already running
    python bench/load.py --server-opt enableWebsocketCompression=false \\
        --server-opt fileWatcherType=auto                    # override .streamlit/config.toml

Bounds: at most 200 sessions and 600 s of load; every receive has a timeout; the whole run
is cancelled at warm-up + duration + 60 s; the server it started is terminated at the end.
Prints a Markdown table; ``--json PATH`` also writes the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
DRUG_LABEL = "Drug or drug class"
MAP_COMPONENT = "myeloma-access-explorer.access_map"  # the v2 map component (issue 14): drug changes are local
CLICK_COUNTRIES = ["BRA", "CAN", "DEU", "FRA", "GBR", "IND", "JPN", "KEN", "MEX", "NZL", "USA", "ZAF"]
MAX_SESSIONS = 200
MAX_DURATION = 600.0
RECV_TIMEOUT = 30.0  # one script run may never take longer than this
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
OK_FINISH = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


# ---------------------------------------------------------------- server process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_health(base: str, timeout: float = 60.0) -> float:
    """Poll ``/_stcore/health`` until it answers 200; seconds waited."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            with urllib.request.urlopen(base + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {base} not healthy after {timeout:.0f} s")


def start_server(
    port: int, opts: list[str], log_path: Path, app_dir: Path = ROOT, entry: str = "app.py"
) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        entry,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    for opt in opts:
        key, _, value = opt.partition("=")
        cmd += [f"--server.{key}" if "." not in key else f"--{key}", value]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    env = {**os.environ, "PYTHONPATH": str(app_dir)}  # the app's own packages first (see --app-dir)
    return subprocess.Popen(cmd, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class ProcSampler:
    """CPU seconds and RSS of one process from /proc, sampled every ``period`` seconds."""

    def __init__(self, pid: int | None, period: float = 0.5):
        self.pid, self.period = pid, period
        self.samples: list[tuple[float, float, float]] = []  # (t, cpu_s, rss_mib)
        self._tick = os.sysconf("SC_CLK_TCK")

    def read(self) -> tuple[float, float] | None:
        if not self.pid:
            return None
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            cpu = (int(fields[11]) + int(fields[12])) / self._tick
            rss_kib = next(
                int(line.split()[1])
                for line in Path(f"/proc/{self.pid}/status").read_text().splitlines()
                if line.startswith("VmRSS:")
            )
            return cpu, rss_kib / 1024
        except (OSError, StopIteration, ValueError, IndexError):
            return None

    def sample(self) -> None:
        r = self.read()
        if r:
            self.samples.append((time.monotonic(), *r))

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.period)
        self.sample()

    def window(self, t0: float, t1: float) -> dict:
        s = [x for x in self.samples if t0 <= x[0] <= t1]
        if len(s) < 2:
            return {}
        return {
            "cpu_cores": (s[-1][1] - s[0][1]) / (s[-1][0] - s[0][0]),
            "rss_start_mib": s[0][2],
            "rss_end_mib": s[-1][2],
            "rss_peak_mib": max(x[2] for x in s),
        }


# ---------------------------------------------------------------- one session


@dataclass
class SessionStats:
    latencies: list[float] = field(default_factory=list)
    first_run_s: float | None = None
    errors: list[str] = field(default_factory=list)
    late: int = 0
    bytes_received: int = 0
    bytes_per_change: list[int] = field(default_factory=list)
    wire_per_change: list[int] = field(default_factory=list)


class Session:
    def __init__(self, ws_url: str, query: str, stats: SessionStats):
        self.ws_url, self.query, self.stats = ws_url, query, stats
        self.ws: Any = None  # websockets ClientConnection once connected
        self.page_hash = ""
        self.drug_id: str | None = None
        self.drug_options: list[str] = []
        self.drug_value: str | None = None
        self.map_id: str | None = None  # the map component (a build where the drug changes in the browser)
        self.wire = 0
        self.page_name: str | None = None  # set (with page_hash "") to open another page, as a link does
        self.on_message: Callable[[bytes], None] | None = None  # sees every raw ForwardMsg (e.g. bench/soak.py)

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=2**26,
            open_timeout=RECV_TIMEOUT,
            ping_interval=None,
        )
        # Count the bytes as they arrive on the socket (after permessage-deflate, if negotiated).
        self.wire = 0
        received = self.ws.data_received

        def counting(data: bytes) -> None:
            self.wire += len(data)
            received(data)

        self.ws.data_received = counting

    async def rerun(self, drug_label: str | None) -> tuple[float, int, int]:
        """Send one rerun (with the drug widget state if given); wait for script_finished."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        if self.page_name is not None:
            cs.page_name = self.page_name
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-GB"
        cs.context_info.url = self.ws_url.replace("ws://", "http://").replace("_stcore/stream", "")
        if drug_label is not None and self.map_id:  # a country click on the map component (its select trigger)
            w = cs.widget_states.widgets.add()
            w.id = f"$$STREAMLIT_INTERNAL_KEY_{self.map_id}__events"
            self.seq = getattr(self, "seq", 0) + 1
            w.json_trigger_value = json.dumps(
                [
                    {
                        "event": "select",
                        "value": {
                            "drug": "daratumumab",
                            "year": "",
                            "layer": "",
                            "imwg": False,
                            "country": drug_label,
                            "view": "map",
                            "seq": self.seq,
                        },
                    }
                ]
            )
        elif drug_label is not None and self.drug_id:
            w = cs.widget_states.widgets.add()
            w.id = self.drug_id
            w.string_value = drug_label
        t0 = time.perf_counter()
        wire0 = self.wire
        await self.ws.send(msg.SerializeToString())
        nbytes = 0
        deadline = time.monotonic() + RECV_TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {RECV_TIMEOUT:.0f} s")
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            nbytes += len(raw)
            if self.on_message is not None:
                self.on_message(raw)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                etype = el.WhichOneof("type")
                if etype == "exception":
                    self.stats.errors.append(f"exception: {el.exception.type}: {el.exception.message[:120]}")
                elif etype == "bidi_component" and el.bidi_component.component_name == MAP_COMPONENT:
                    self.map_id = el.bidi_component.id
                    self.drug_options = CLICK_COUNTRIES
                elif etype == "selectbox" and el.selectbox.label == DRUG_LABEL:
                    self.drug_id = el.selectbox.id
                    self.drug_options = list(el.selectbox.options)
                    if el.selectbox.HasField("default") and el.selectbox.default < len(self.drug_options):
                        self.drug_value = self.drug_options[el.selectbox.default]
            elif kind == "script_finished":
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a rerun we did not ask for superseded it; wait for the next finish
                elapsed = time.perf_counter() - t0
                if fm.script_finished not in OK_FINISH:
                    self.stats.errors.append(
                        f"script finished with {ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)}"
                    )
                self.stats.bytes_received += nbytes
                return elapsed, nbytes, self.wire - wire0

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(TimeoutError, websockets.WebSocketException, OSError):
                await asyncio.wait_for(self.ws.close(), 5)


async def run_session(
    i: int,
    args,
    ws_url: str,
    query: str,
    start_evt: asyncio.Event,
    t_start: list[float],
    stats: SessionStats,
    ready: asyncio.Queue,
) -> None:
    rng = random.Random(args.seed * 1000 + i)
    sess = Session(ws_url, query, stats)
    try:
        await sess.connect()
        stats.first_run_s, _, _ = await sess.rerun(None)
        if not sess.drug_id and not sess.map_id:
            stats.errors.append(f"selectbox '{DRUG_LABEL}' (or the map component) not found in the first run")
    except Exception as exc:
        stats.errors.append(f"connect/first run: {type(exc).__name__}: {exc}")
        await ready.put(i)
        await sess.close()
        return
    await ready.put(i)
    await start_evt.wait()
    options = sess.drug_options
    order = options[:]
    rng.shuffle(order)
    t0 = t_start[0] + rng.uniform(0, args.interval)  # random phase
    end = t_start[0] + args.duration
    k = 0
    current = sess.drug_value
    try:
        while True:
            tick = t0 + k * args.interval
            if tick >= end or time.monotonic() >= end:  # the run ends on time even when changes are late
                break
            now = time.monotonic()
            if now < tick:
                await asyncio.sleep(tick - now)
            label = order[k % len(order)] if order else None
            if label is not None and label == current and len(order) > 1:
                label = order[(k + 1) % len(order)]  # always a real change
            current = label
            lat, nbytes, wire = await sess.rerun(label)
            stats.latencies.append(lat)
            stats.bytes_per_change.append(nbytes)
            stats.wire_per_change.append(wire)
            k += 1
            # closed loop: if the next tick passed while this change ran, it is sent at once (late)
            if time.monotonic() > t0 + k * args.interval:
                stats.late += 1
    except Exception as exc:
        stats.errors.append(f"during load: {type(exc).__name__}: {exc}")
    finally:
        await sess.close()


# ---------------------------------------------------------------- the run


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)  # nearest rank
    return s[min(len(s) - 1, max(0, math.ceil(q / 100 * len(s)) - 1))]


async def load(args, base: str, pid: int | None) -> dict:
    parsed = urllib.parse.urlparse(base)
    ws_url = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
    query = parsed.query
    sampler = ProcSampler(pid)
    stop = asyncio.Event()
    sampler_task = asyncio.create_task(sampler.run(stop))
    rss_idle = sampler.read()
    stats = [SessionStats() for _ in range(args.sessions)]
    start_evt = asyncio.Event()
    t_start = [0.0]
    ready: asyncio.Queue = asyncio.Queue()
    t_connect = time.monotonic()
    tasks = [
        asyncio.create_task(run_session(i, args, ws_url, query, start_evt, t_start, stats[i], ready))
        for i in range(args.sessions)
    ]
    for _ in range(args.sessions):  # every session has connected and finished its first run (or failed)
        await asyncio.wait_for(ready.get(), RECV_TIMEOUT * 2)
    connect_s = time.monotonic() - t_connect
    await asyncio.sleep(0.6)
    rss_after_first = sampler.read()
    t_start[0] = time.monotonic()
    start_evt.set()
    await asyncio.wait(tasks, timeout=args.duration + RECV_TIMEOUT + 5)
    t_end = time.monotonic()
    for t in tasks:
        if not t.done():
            t.cancel()
            stats[0].errors.append("session cancelled at the hard deadline")
    stop.set()
    await sampler_task
    lat = [x for s in stats for x in s.latencies]
    done = len(lat)
    offered = int(args.sessions * args.duration / args.interval)
    window = sampler.window(t_start[0], t_end)
    per_change = [b for s in stats for b in s.bytes_per_change]
    wire = [b for s in stats for b in s.wire_per_change]
    errors = [e for s in stats for e in s.errors]
    return {
        "sessions": args.sessions,
        "duration_s": args.duration,
        "interval_s": args.interval,
        "server_opts": args.server_opt,
        "url": base,
        "connect_and_first_run_s": connect_s,
        "first_run_p50_s": pct([s.first_run_s for s in stats if s.first_run_s], 50),
        "done": done,
        "offered": offered,
        "late": sum(s.late for s in stats),
        "errors": len(errors),
        "error_examples": errors[:5],
        "p50_ms": (pct(lat, 50) or 0) * 1000,
        "p95_ms": (pct(lat, 95) or 0) * 1000,
        "max_ms": max(lat, default=0) * 1000,
        "mean_ms": (statistics.fmean(lat) if lat else 0) * 1000,
        "throughput_per_s": done / (t_end - t_start[0]),
        "kb_received_per_change": (statistics.median(per_change) / 1000) if per_change else None,
        "kb_wire_per_change": (statistics.median(wire) / 1000) if wire else None,
        "rss_idle_mib": rss_idle[1] if rss_idle else None,
        "rss_after_first_runs_mib": rss_after_first[1] if rss_after_first else None,
        **window,
        "loadavg_1m": os.getloadavg()[0],
    }


def fmt(v, spec="{:.0f}") -> str:
    return "–" if v is None else spec.format(v)


def markdown(r: dict) -> str:
    head = (
        "| sessions | server opts | done / offered | late | errors | p50 | p95 | max | throughput | "
        "server CPU (cores) | RSS idle → after 1st runs → peak | KB/change (decoded / on the wire) | load 1m |"
    )
    sep = "|" + "---|" * 13
    row = (
        f"| {r['sessions']} × {r['duration_s']:.0f} s | {', '.join(r['server_opts']) or 'config.toml'} | "
        f"{r['done']} / {r['offered']} | {r['late']} | {r['errors']} | {fmt(r['p50_ms'])} ms | "
        f"{fmt(r['p95_ms'])} ms | {fmt(r['max_ms'])} ms | {r['throughput_per_s']:.2f}/s | "
        f"{fmt(r.get('cpu_cores'), '{:.2f}')} | {fmt(r['rss_idle_mib'])} → {fmt(r['rss_after_first_runs_mib'])} → "
        f"{fmt(r.get('rss_peak_mib'))} MiB | {fmt(r['kb_received_per_change'], '{:.1f}')} / "
        f"{fmt(r['kb_wire_per_change'], '{:.1f}')} | "
        f"{r['loadavg_1m']:.2f} |"
    )
    return "\n".join([head, sep, row])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sessions", type=int, default=25)
    p.add_argument("--duration", type=float, default=60.0, help="seconds of load after all sessions connected")
    p.add_argument("--interval", type=float, default=2.0, help="seconds between drug changes per session")
    p.add_argument("--url", help="use an app already running at this localhost URL instead of starting one")
    p.add_argument("--pid", type=int, help="server pid for CPU/RSS when --url is given")
    p.add_argument("--port", type=int, help="port for the server this script starts (default: a free one)")
    p.add_argument(
        "--server-opt",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra server option, e.g. enableWebsocketCompression=false (repeatable)",
    )
    p.add_argument(
        "--app-dir",
        type=Path,
        default=ROOT,
        help="directory holding app.py to serve (e.g. a `git archive` snapshot of one commit)",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = p.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        p.error(f"--sessions must be 1..{MAX_SESSIONS}")
    if not 1 <= args.duration <= MAX_DURATION:
        p.error(f"--duration must be 1..{MAX_DURATION:.0f} s")
    if args.interval < 0.1:
        p.error("--interval must be at least 0.1 s")

    # SIGTERM (e.g. from `timeout`) ends the run like Ctrl-C, so the server started here is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    proc = None
    if args.url:
        base = args.url if args.url.endswith("/") or "?" in args.url else args.url + "/"
        host = urllib.parse.urlparse(base).hostname or ""
        if host not in LOCAL_HOSTS:
            p.error("--url must point at localhost (127.0.0.1, localhost or ::1)")
        pid = args.pid
        wait_health(base.split("?")[0], 10)
    else:
        port = args.port or free_port()
        log_path = ROOT / "bench" / "results" / f"load-server-{port}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        proc = start_server(port, args.server_opt, log_path, args.app_dir.resolve())
        base, pid = f"http://127.0.0.1:{port}/", proc.pid
    try:
        if proc is not None:
            wait_health(base, 60)
        result = asyncio.run(asyncio.wait_for(load(args, base, pid), args.duration + 4 * RECV_TIMEOUT))
    finally:
        if proc is not None:
            stop_server(proc)
    print(markdown(result))
    if result["error_examples"]:
        print("\nErrors (first 5):\n" + "\n".join(f"- {e}" for e in result["error_examples"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
