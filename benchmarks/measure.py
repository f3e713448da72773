"""The measurements of one size: ingest, queries, verify and the cold CLI, each beside its
anchor in the same run. Figures that decide a ✅/❌ are the median of several repetitions."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from benchmarks.generator import LONG_URN, TODAY, schools, urn_of

ROOT = Path(__file__).resolve().parent.parent


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


def env(url: str) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url,
            "SQLALCHEMY_AUTOFLUSH": "False"}


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def ingest(size: int, stores: dict[str, str], anchors: dict[str, str],
           log: Callable[[str], None]) -> dict[str, Any]:
    """Save the generated schools into each store, and equivalent plain events beside them.
    Each chunk of 100 schools is a repetition: ours and the anchor alternate which goes first,
    and the ratio that counts is the median of the chunks' ratios."""
    from sela_workflow.store import open_app

    from .generator import seed

    ours = {kind: open_app(url, create=True, today=lambda: TODAY) for kind, url in stores.items()}
    for app in ours.values():
        seed(app)
    plain = {kind: AnchorApp(env=env(anchors[kind])) for kind in stores}
    spent = {f"{k}_{w}": 0.0 for k in stores for w in ("ours", "anchor")}
    ratios: dict[str, list[float]] = {k: [] for k in stores}
    events = payload = 0
    for chunk_no, batch in enumerate(schools(size)):
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
            pair = [("ours", ours[kind], copies), ("anchor", plain[kind], notes)]
            took = {}
            for who, app, objects in pair if chunk_no % 2 == 0 else pair[::-1]:
                started = time.perf_counter()
                app.save(*objects)
                took[who] = time.perf_counter() - started
                spent[f"{kind}_{who}"] += took[who]
            ratios[kind].append(took["anchor"] / took["ours"])
        if chunk_no % 25 == 0:
            log(f"  ingest {size}: {events} events")
    for app in [*ours.values(), *plain.values()]:
        app.close()
    result: dict[str, Any] = {"events": events, "schools": size, "payload_bytes": payload}
    for kind in stores:
        result[kind] = {"ours_events_per_s": events / spent[f"{kind}_ours"],
                        "anchor_events_per_s": events / spent[f"{kind}_anchor"],
                        "ratio": statistics.median(ratios[kind]),
                        "repetitions": len(ratios[kind])}
    return result


def _clone(school: Any) -> Any:
    """A copy with its own pending events list, so one generated chunk feeds two stores."""
    twin = copy.copy(school)
    twin._pending_events = list(school._pending_events)
    return twin


def task(name: str, url: str) -> dict[str, Any]:
    """A measurement in a process of its own (benchmarks/tasks.py)."""
    import json

    out = subprocess.run([sys.executable, "-m", "benchmarks.tasks", name, url],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise RuntimeError(out.stderr)
    return dict(json.loads(out.stdout))


def rebuilds(url: str, repeat: int) -> dict[str, Any]:
    """The rebuild and its anchor, each in a process of its own, alternating, ``repeat``
    times; each figure is the median of the runs (the ratio too, run by run)."""
    runs = []
    for _ in range(repeat):
        anchor = task("anchor", url)
        runs.append({**task("rebuild", url), **anchor})
        runs[-1]["ratio"] = runs[-1]["events_per_s"] / anchor["anchor_read_events_per_s"]
    result = dict(runs[-1])
    for key in ("events_per_s", "anchor_read_events_per_s", "ratio", "peak_rss_mb"):
        result[key] = statistics.median(r[key] for r in runs)
        result[f"{key}_runs"] = [round(r[key], 3) for r in runs]
    return result


def verify(url: str, repeat: int) -> dict[str, Any]:
    """`audit verify` against its anchor, the driver reading every row and hashing its bytes
    (the least any verification must do), alternating, ``repeat`` times each."""
    from sela_workflow import audit
    from sela_workflow.store import open_app

    app = open_app(url, today=lambda: TODAY)
    ours, anchor = [], []
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            report = audit.verify(app)
            ours.append(report.events / (time.perf_counter() - started))
            anchor.append(_raw_sha(app, report.events))
    finally:
        app.close()
    return {"verify_events_per_s": statistics.median(ours),
            "verify_anchor_events_per_s": statistics.median(anchor),
            "verify_ratio": statistics.median(o / a for o, a in zip(ours, anchor, strict=True)),
            "verify_runs": [round(x) for x in ours]}


def _raw_sha(app: Any, events: int) -> float:
    table = app.recorder.events_record_cls.__table__.name
    started = time.perf_counter()
    conn = app.recorder.datastore.engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute(f"SELECT id, originator_id, originator_version, topic, state FROM {table} "
                       "ORDER BY id")
        while rows := cursor.fetchmany(5000):
            for row in rows:
                hashlib.sha256(bytes(row[4])).hexdigest()
    finally:
        conn.close()
    return events / (time.perf_counter() - started)


def queries(url: str) -> dict[str, float]:
    from sela_workflow import timetravel
    from sela_workflow.queries import dashboard, due, refresh, status
    from sela_workflow.store import open_app

    app = open_app(url, today=lambda: TODAY)
    try:
        refresh(app)
        urn = urn_of(7)
        long_school = app.case(LONG_URN)
        middle = long_school.version // 2
        return {
            "status_one_ms": median_ms(lambda: status(app, urn), 50),
            "dashboard_ms": median_ms(lambda: dashboard(app, dt.date(2025, 9, 1)), 10),
            "due_all_ms": median_ms(lambda: due(app), 10),
            "time_travel_version_ms": median_ms(
                lambda: timetravel.replay(app, LONG_URN, middle), 20),
            "time_travel_events": long_school.version,
            "time_travel_as_of_ms": median_ms(
                lambda: timetravel.as_of(app, LONG_URN, dt.date(2030, 1, 1)), 20),
            "time_travel_effective_on_ms": median_ms(
                lambda: timetravel.effective_on(app, LONG_URN, dt.date(2021, 1, 1)), 20),
        }
    finally:
        app.close()


def cli_times(url: str, repeat: int = 5) -> dict[str, float]:
    """Cold processes, alternating, the median of ``repeat`` each."""
    sela = str(Path(sys.executable).with_name("sela"))
    commands = {
        "import_floor": [sys.executable, "-c", "import eventsourcing_sqlalchemy"],
        "help": [sela, "--help"],
        "status_one": [sela, "--db", url, "status", urn_of(7)],
        "due_query": [sys.executable, "-m", "benchmarks.tasks", "due", url],
        "due_cli": [sela, "--db", url, "due", "--csv"],
        "record_one": [sela, "--db", url, "school", "assign", urn_of(7), "--officer",
                       "bench-{n}", "--actor", "bench"],
    }
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for n in range(repeat):
        for name, argv in commands.items():
            argv = [a.replace("{n}", str(n)) for a in argv]
            started = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
            samples[name].append((time.perf_counter() - started) * 1000)
            if done.returncode != 0:
                raise RuntimeError(f"{argv}: {done.stderr}")
    result = {f"{k}_ms": statistics.median(v) for k, v in samples.items()}
    floor = result["import_floor_ms"]
    for name in ("status_one", "due_query", "due_cli", "record_one"):
        result[f"{name}_ratio"] = result[f"{name}_ms"] / floor
    return result
