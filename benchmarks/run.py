"""The benchmark suite: `python -m benchmarks.run` (see docs/performance.md).

Every figure is measured in the same run beside its anchor, on the same machine, so the ratios
mean something on a shared, noisy machine. Results go to benchmarks/results/results.json and
the table in docs/performance.md is rewritten from them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from benchmarks.generator import LONG_URN, TODAY, schools, urn_of

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "results.json"
DOC = ROOT / "docs" / "performance.md"
PG_ADMIN = os.environ.get("SELA_BENCH_POSTGRES_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class Note(Aggregate):
    """The anchor: a plain aggregate whose events carry a payload of the same size as ours."""

    @event("Started")
    def __init__(self, text: str) -> None:
        self.text = text

    @event("Noted")
    def note(self, text: str) -> None:
        self.text = text


class AnchorApp(Application):
    name = "anchor"


def _env(url: str) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url,
            "SQLALCHEMY_AUTOFLUSH": "False"}


def _fresh_pg(name: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


def _median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def ingest(size: int, stores: dict[str, str], log: Callable[[str], None]) -> dict[str, Any]:
    """Save the generated schools into each store, and equivalent plain events beside them."""
    from sela_workflow.store import open_app

    ours = {kind: open_app(url, create=True, today=lambda: TODAY) for kind, url in stores.items()}
    anchors = {kind: AnchorApp(env=_env(url + ("" if kind == "postgresql" else "-anchor")))
               for kind, url in stores.items()}
    spent = {f"{k}_{w}": 0.0 for k in stores for w in ("ours", "anchor")}
    events = 0
    payload = 0
    generated = 0.0
    for chunk_no, chunk in enumerate(schools(size)):
        started = time.perf_counter()
        batch = chunk  # built by the generator: every command validated and hashed
        generated += time.perf_counter() - started
        counts = [len(s.pending_events) for s in batch]
        events += sum(counts)
        if not payload:
            app = next(iter(ours.values()))
            sample = [app.mapper.to_stored_event(e) for s in batch for e in s.pending_events]
            payload = int(statistics.mean(len(se.state) for se in sample))
        for kind in stores:
            copies = [_clone(s) for s in batch] if len(stores) > 1 else batch
            notes = []
            for n in counts:
                note = Note(text="x" * payload)
                for _ in range(n - 1):
                    note.note(text="y" * payload)
                notes.append(note)
            # Alternate which goes first, so neither always meets a warmer cache.
            pair = [("ours", ours[kind], copies), ("anchor", anchors[kind], notes)]
            for who, app, objects in pair if chunk_no % 2 == 0 else pair[::-1]:
                started = time.perf_counter()
                app.save(*objects)
                spent[f"{kind}_{who}"] += time.perf_counter() - started
        if chunk_no % 25 == 0:
            log(f"  ingest {size}: {events} events")
    for app in [*ours.values(), *anchors.values()]:
        app.close()
    result: dict[str, Any] = {"events": events, "schools": size, "payload_bytes": payload}
    for kind in stores:
        result[kind] = {
            "ours_events_per_s": events / spent[f"{kind}_ours"],
            "anchor_events_per_s": events / spent[f"{kind}_anchor"],
            "ratio": spent[f"{kind}_anchor"] / spent[f"{kind}_ours"],
        }
    return result


def _clone(school: Any) -> Any:
    """A copy with its own pending events list, so one generated chunk feeds two stores."""
    import copy

    twin = copy.copy(school)
    twin._pending_events = list(school._pending_events)
    return twin


def queries(url: str) -> dict[str, float]:
    from sela_workflow.queries import dashboard, due, refresh, status
    from sela_workflow.store import open_app

    app = open_app(url, today=lambda: TODAY)
    refresh(app)
    urn = urn_of(7)
    long_school = app.school(LONG_URN)
    middle = long_school.version // 2
    result = {
        "status_one_ms": _median_ms(lambda: status(app, urn), 50),
        "dashboard_ms": _median_ms(lambda: dashboard(app, dt.date(2025, 9, 1)), 10),
        "due_all_ms": _median_ms(lambda: due(app), 10),
        "time_travel_version_ms": _median_ms(lambda: app.school(LONG_URN, version=middle), 20),
        "time_travel_events": long_school.version,
    }
    try:
        from sela_workflow import timetravel  # the auditor toolkit (as-of / effective-on)

        result["time_travel_as_of_ms"] = _median_ms(
            lambda: timetravel.as_of(app, LONG_URN, dt.date(2030, 1, 1)), 20)
        result["time_travel_effective_on_ms"] = _median_ms(
            lambda: timetravel.effective_on(app, LONG_URN, dt.date(2021, 1, 1)), 20)
    except (ImportError, AttributeError):
        pass
    try:
        from sela_workflow import audit

        started = time.perf_counter()
        report = audit.verify(app)
        seconds = time.perf_counter() - started
        count = getattr(report, "events", None) or app.recorder.max_notification_id()
        result["verify_events_per_s"] = count / seconds
    except (ImportError, AttributeError):
        pass
    app.close()
    return result


def cli_times(url: str, repeat: int = 5) -> dict[str, float]:
    sela = str(Path(sys.executable).with_name("sela"))
    commands = {
        "import_floor": [sys.executable, "-c", "import eventsourcing_sqlalchemy"],
        "help": [sela, "--help"],
        "status_one": [sela, "--db", url, "status", urn_of(7)],
        "record_one": [sela, "--db", url, "school", "assign", urn_of(7), "--officer",
                       "bench-{n}", "--actor", "bench"],
    }
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for n in range(repeat):
        for name, argv in commands.items():
            argv = [a.replace("{n}", str(n)) for a in argv]
            started = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True)
            samples[name].append((time.perf_counter() - started) * 1000)
            if done.returncode != 0:
                raise RuntimeError(f"{argv}: {done.stderr}")
    return {f"{k}_ms": statistics.median(v) for k, v in samples.items()}


def run_size(size: int, with_pg: bool, log: Callable[[str], None]) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"sela-bench-{size}-"))
    stores = {"sqlite": f"sqlite:///{work / 'sela.db'}"}
    if with_pg:
        stores["postgresql"] = _fresh_pg(f"sela_bench_{size}")
        _fresh_pg(f"sela_bench_{size}_anchor")
    log(f"size {size}: ingest")
    started = time.perf_counter()
    result: dict[str, Any] = {"ingest": ingest(size, stores, log)}
    result["ingest"]["seconds"] = time.perf_counter() - started
    for kind, url in stores.items():
        log(f"size {size}: rebuild on {kind}")
        out = subprocess.run([sys.executable, "-m", "benchmarks.tasks", "rebuild", url],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            raise RuntimeError(out.stderr)
        result[f"rebuild_{kind}"] = json.loads(out.stdout)
    log(f"size {size}: queries")
    result["queries"] = queries(stores["sqlite"])
    log(f"size {size}: cold CLI")
    result["cli"] = cli_times(stores["sqlite"])
    return result


TARGETS = [
    # (label, path, comparison, target, unit)
    ("ingest vs anchor, SQLite", ("ingest", "sqlite", "ratio"), ">=", 0.8, "x"),
    ("ingest vs anchor, PostgreSQL", ("ingest", "postgresql", "ratio"), ">=", 0.8, "x"),
    ("rebuild, SQLite", ("rebuild_sqlite", "events_per_s"), ">=", 20000, "ev/s"),
    ("anchor: library reads + decodes the log, SQLite",
     ("rebuild_sqlite", "anchor_read_events_per_s"), "info", None, "ev/s"),
    ("rebuild, PostgreSQL", ("rebuild_postgresql", "events_per_s"), "info", None, "ev/s"),
    ("rebuild peak memory, SQLite", ("rebuild_sqlite", "peak_rss_mb"), "flat", None, "MB"),
    ("one school's status", ("queries", "status_one_ms"), "<=", 10, "ms"),
    ("dashboard", ("queries", "dashboard_ms"), "<=", 200, "ms"),
    ("due list, all schools", ("queries", "due_all_ms"), "<=", 200, "ms"),
    ("time travel, 200-event school (as of)", ("queries", "time_travel_as_of_ms"), "<=", 50,
     "ms"),
    ("time travel (effective on)", ("queries", "time_travel_effective_on_ms"), "<=", 50, "ms"),
    ("time travel (to version)", ("queries", "time_travel_version_ms"), "<=", 50, "ms"),
    ("audit verify", ("queries", "verify_events_per_s"), ">=", 50000, "ev/s"),
    ("`sela --help`", ("cli", "help_ms"), "<=", 150, "ms"),
    ("`sela status URN` vs import floor", ("cli", "status_one_ratio"), "<=", 1.2, "x"),
    ("one recording command vs import floor", ("cli", "record_one_ratio"), "<=", 1.2, "x"),
]


def _get(result: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def table(results: dict[str, Any]) -> str:
    sizes = sorted(results["sizes"], key=int)
    head = "| measure | target | " + " | ".join(f"{int(s):,} schools" for s in sizes) + " |"
    lines = [head, "|---|---|" + "---|" * len(sizes)]
    for label, path, cmp, target, unit in TARGETS:
        cells = []
        for s in sizes:
            value = _get(results["sizes"][s], path)
            if value is None:
                cells.append("n/a")
                continue
            text = f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
            ok = ""
            if target is not None and int(s) == max(map(int, sizes)):
                met = value >= target if cmp == ">=" else value <= target
                ok = " ✅" if met else " ❌"
            cells.append(f"{text} {unit}{ok}")
        goal = {"flat": "flat", "info": "(anchor/info)"}.get(cmp) or f"{cmp} {target:,} {unit}"
        lines.append(f"| {label} | {goal} | " + " | ".join(cells) + " |")
    anchors = ["| anchor (same run) | | " + " | ".join(
        _anchor_cell(results["sizes"][s]) for s in sizes) + " |"]
    return "\n".join(lines + anchors)


def _anchor_cell(r: dict[str, Any]) -> str:
    parts = []
    for kind in ("sqlite", "postgresql"):
        ing = _get(r, ("ingest", kind))
        if ing:
            parts.append(f"{kind} ingest: ours {ing['ours_events_per_s']:,.0f} / library "
                         f"{ing['anchor_events_per_s']:,.0f} ev/s")
    cli = r.get("cli", {})
    if cli:
        parts.append(f"import floor {cli['import_floor_ms']:.0f} ms")
    return "; ".join(parts)


def write_doc(results: dict[str, Any]) -> None:
    text = DOC.read_text()
    start, end = "<!-- generated:results -->", "<!-- /generated:results -->"
    stamp = (f"Measured {results['measured_at']} on {results['machine']['cpus']} CPUs, "
             f"Python {results['machine']['python']}; events per size: " + ", ".join(
                 f"{int(s):,} schools = {r['ingest']['events']:,}"
                 for s, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0]))))
    body = f"{start}\n{stamp}\n\n{table(results)}\n{end}"
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: body, text, flags=re.S)
    DOC.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,2500,25000",
                        help="comma-separated school counts (default: 100,2500,25000)")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs table")
    args = parser.parse_args()
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "sizes": {},
    }
    for size in (int(s) for s in args.sizes.split(",")):
        r = run_size(size, not args.no_postgres, log)
        cli = r["cli"]
        cli["status_one_ratio"] = cli["status_one_ms"] / cli["import_floor_ms"]
        cli["record_one_ratio"] = cli["record_one_ms"] / cli["import_floor_ms"]
        results["sizes"][str(size)] = r
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2))
    results["suite_seconds"] = time.perf_counter() - started
    args.out.write_text(json.dumps(results, indent=2))
    if not args.no_docs:
        write_doc(results)
    log(f"done; results in {args.out}")


if __name__ == "__main__":
    main()
