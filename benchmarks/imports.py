"""The import benchmark: `python -m benchmarks.imports [--rows 25000] [--repeat 3]`.

Measures, in one run on the same machine, the median of ``repeat`` repetitions of:

* importing a ``rows``-row GIAS extract (written by `gias_files.write_benchmark_extract`, every
  row a school of LA 210) into a fresh SQLite store — `sela gias import` end to end: read the
  file, snapshot the register, plan, judge every registration, save everything in one
  transaction with the import record — beside its anchor, the library's own batched save of
  the same number of equivalent events (plain aggregates with a payload the size of ours,
  built beforehand, one `app.save`); target ratio anchor/import >= 0.8;
* bringing the read models up to the import (reported; the CLI does it after the import);
* re-importing the unchanged file: target 0 writes and >= 50,000 rows/s.

docs/imports.md says what bounds each figure. No test asserts a timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from benchmarks.gias_files import write_benchmark_extract

TODAY = dt.date(2026, 11, 20)
TARGETS = {"ratio": 0.8, "reimport_rows_per_s": 50_000}


class Entry(Aggregate):
    """The anchor's aggregate: one created event carrying a payload the size of ours."""

    @event("Created")
    def __init__(self, text: str) -> None:
        self.text = text


class AnchorApp(Application):  # type: ignore[type-arg]
    name = "importanchor"  # its own tables, beside nothing of ours


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _anchor(path: Path, rows: int, payload: int, *, collect: bool) -> float:
    """Seconds for the library to save ``rows`` new aggregates in one call."""
    app = AnchorApp(env={"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
                         "SQLALCHEMY_URL": _url(path), "SQLALCHEMY_AUTOFLUSH": "False"})
    entries = [Entry(text="x" * payload) for _ in range(rows)]
    was = gc.isenabled()
    if not collect:
        gc.disable()
    try:
        started = time.perf_counter()
        app.save(*entries)
        return time.perf_counter() - started
    finally:
        if was:
            gc.enable()
        app.close()


def _ours(path: Path, extract: Path) -> dict[str, Any]:
    from sela_workflow.application import count_events
    from sela_workflow.published import import_gias
    from sela_workflow.queries import refresh
    from sela_workflow.store import open_app

    from .generator import seed

    app = open_app(_url(path), create=True, today=lambda: TODAY)
    seed(app)
    try:
        started = time.perf_counter()
        outcome = import_gias(app, extract, la_codes=["210"], actor="bench")
        seconds = time.perf_counter() - started
        stored = [app.mapper.to_stored_event(e) for e in app.history(outcome.plan.steps[0].urn)]
        started = time.perf_counter()
        refresh(app)
        catch_up = time.perf_counter() - started
        before = count_events(app)
        started = time.perf_counter()
        again = import_gias(app, extract, la_codes=["210"], actor="bench")
        reimport = time.perf_counter() - started
        writes = count_events(app) - before
        assert not again.written and again.events == 0 and writes == 0
        return {"import_s": seconds, "events": outcome.events, "catch_up_s": catch_up,
                "reimport_s": reimport, "reimport_writes": writes,
                "payload": len(stored[0].state)}
    finally:
        app.close()


def measure_imports(work_dir: Path, rows: int = 25_000, repeat: int = 3) -> dict[str, Any]:
    """The figures of the module docstring, medians of ``repeat`` runs, as a dict."""
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    extract = write_benchmark_extract(work_dir, rows)
    runs: list[dict[str, Any]] = []

    def anchors(n: int, payload: int) -> dict[str, float]:
        return {"anchor_s": _anchor(work_dir / f"anchor-{n}.db", rows, payload, collect=True),
                "anchor_nogc_s": _anchor(work_dir / f"anchor-nogc-{n}.db", rows, payload,
                                         collect=False)}

    for n in range(repeat):
        # Alternate which goes first, so neither always meets a warmer machine; the anchor's
        # payload is the size of our stored registrations, known after our first run.
        if n % 2 == 0:
            run = _ours(work_dir / f"import-{n}.db", extract)
            runs.append({**run, **anchors(n, run["payload"])})
        else:
            first = anchors(n, runs[0]["payload"])
            runs.append({**_ours(work_dir / f"import-{n}.db", extract), **first})

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    result = {
        "rows": rows, "repeat": repeat, "events": runs[0]["events"],
        "payload_bytes": runs[0]["payload"],
        "import_s": median("import_s"), "import_rows_per_s": rows / median("import_s"),
        "anchor_s": median("anchor_s"), "anchor_events_per_s": rows / median("anchor_s"),
        "anchor_nogc_s": median("anchor_nogc_s"),
        "ratio": median("anchor_s") / median("import_s"),
        "ratio_vs_anchor_nogc": median("anchor_nogc_s") / median("import_s"),
        "catch_up_s": median("catch_up_s"),
        "reimport_s": median("reimport_s"), "reimport_rows_per_s": rows / median("reimport_s"),
        "reimport_writes": max(r["reimport_writes"] for r in runs),
        "runs": runs,
    }
    result["targets"] = {k: {"target": v, "met": result[k] >= v} for k, v in TARGETS.items()}
    result["targets"]["reimport_writes"] = {"target": 0, "met": result["reimport_writes"] == 0}
    return result


def report(r: dict[str, Any]) -> str:
    def mark(key: str) -> str:
        return "met" if r["targets"][key]["met"] else "NOT met"

    return "\n".join([
        f"GIAS import benchmark: {r['rows']:,} rows, median of {r['repeat']} (SQLite)",
        f"  import             {r['import_s']:.2f} s  {r['import_rows_per_s']:,.0f} rows/s "
        f"({r['events']:,} events)",
        f"  anchor (library)   {r['anchor_s']:.2f} s  {r['anchor_events_per_s']:,.0f} events/s "
        f"(payload {r['payload_bytes']} bytes; {r['anchor_nogc_s']:.2f} s with the garbage "
        "collector paused)",
        f"  ratio              {r['ratio']:.2f}x (target >= 0.8x: {mark('ratio')}); "
        f"{r['ratio_vs_anchor_nogc']:.2f}x against the paused anchor",
        f"  read models        {r['catch_up_s']:.2f} s to catch up after the import",
        f"  re-import          {r['reimport_s']:.3f} s  {r['reimport_rows_per_s']:,.0f} rows/s, "
        f"{r['reimport_writes']} writes (target >= 50,000 rows/s: "
        f"{mark('reimport_rows_per_s')}; 0 writes: {mark('reimport_writes')})",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    if args.repeat < 3:
        sys.exit("--repeat must be at least 3 (the figures are medians)")
    with tempfile.TemporaryDirectory(prefix="sela-import-bench-") as work:
        result = measure_imports(Path(work), args.rows, args.repeat)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
