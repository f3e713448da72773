"""Crash injection: `kill -9` at a random moment in a catch-up, a rebuild, an import and a
recording, each a real `sela` process on a copy of a store with a few thousand events.

After each kill the next command (`sela status`) runs, and then: the views equal a rebuild
(tables, secondary indexes and every listed output), `sela audit verify` passes, an import
left all of the file or none of it, and a recording left its event once or not at all.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from .stores import ROOT, documents, event_count, fresh_store, sela, views_equal_rebuild

KINDS = ("catch-up", "rebuild", "import", "recording")


def _populate(url: str, first: int, count: int, catch_up: bool) -> None:
    """Generated schools (benchmarks/generator.py), saved in batches like an import."""
    from benchmarks.generator import TODAY, build_school
    from sela_workflow.queries import refresh
    from sela_workflow.store import open_app

    app = open_app(url, today=lambda: TODAY)
    try:
        for start in range(first, first + count, 50):
            app.save(*[build_school(i) for i in range(start, min(first + count, start + 50))])
        if catch_up:
            refresh(app)
    finally:
        app.close()


def _command(kind: str, url: str, export: Path, n: int) -> list[str]:
    sela_cmd = [sys.executable, "-m", "sela_workflow.cli", "--db", url]
    return sela_cmd + {
        "catch-up": ["projections", "run", "--once"],
        "rebuild": ["projections", "rebuild"],
        "import": ["import", str(export)],
        "recording": ["assess", "200001", "--category", "C", "--review", "--rationale",
                      "crash trial", "--on", "2026-10-01", "--doc", f"CRASH-{n}",
                      "--actor", "crash"],
    }[kind]


def _state(url: str) -> str:
    """What the kill left, before anything repairs it (for the record of where kills hit)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            versions = [r[0] for r in conn.execute(text("select version from sela_projections"))]
    except Exception:
        return "no tracking table"
    finally:
        engine.dispose()
    return "refilling" if any(v < 0 for v in versions) else "live"


def trial(kind: str, template: str, backend: str, folder: Path, export: Path, n: int,
          delay: float) -> tuple[str | None, str]:
    """One killed process; returns (problem or None, the state the kill left)."""
    empty = kind == "import"
    with fresh_store(backend, folder, template=None if empty else template,
                     create=not empty) as url:
        before = event_count(url)
        proc = subprocess.Popen(_command(kind, url, export, n), cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            proc.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            finished = False
        err = proc.stderr.read() if proc.stderr else ""
        if finished and proc.returncode != 0:
            return f"{kind}: the process failed before the kill ({proc.returncode}): " \
                   f"{err.strip()[-200:]}", "failed"
        after = event_count(url)
        left = "finished" if finished else _state(url)
        if kind == "import" and not finished:
            left = "nothing imported" if after == 0 else "all imported"
        if kind == "recording" and not finished:
            left = "stored" if documents(url).get(f"CRASH-{n}") else "not stored"
        if kind == "import" and after not in (0, _lines(export)):
            return f"import: {after} of {_lines(export)} events left by a kill", left
        if kind == "recording" and documents(url).get(f"CRASH-{n}", 0) > 1:
            return "recording: the event was stored twice", left
        if kind in ("catch-up", "rebuild") and after != before:
            return f"{kind}: the kill changed the log", left
        nxt = sela(url, "status", "--json")
        if nxt.code != 0:
            return f"{kind}: the next command failed: {nxt.stderr.strip()[:200]}", left
        differs = views_equal_rebuild(url)
        if differs:
            return f"{kind} killed ({left}): {differs}", left
        verified = sela(url, "audit", "verify")
        if verified.code != 0:
            return f"{kind}: verify failed after the kill: {verified.stderr.strip()}", left
    return None, left


def _lines(export: Path) -> int:
    with export.open(encoding="utf-8") as f:
        return sum(1 for _ in f) - 1


def _duration(kind: str, template: str, backend: str, folder: Path, export: Path) -> float:
    """How long the uninterrupted command takes here (kills are drawn within it)."""
    with fresh_store(backend, folder, template=None if kind == "import" else template,
                     create=kind != "import") as url:
        started = time.perf_counter()
        done = subprocess.run(_command(kind, url, export, 0), cwd=ROOT, capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise AssertionError(f"{kind} does not run: {done.stderr}")
        return time.perf_counter() - started


def run(backend: str, folder: Path, *, trials: int, schools: int = 300, seed: int = 7,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    """``trials`` kills of each kind; returns figures and problems."""
    rng = random.Random(seed)
    problems: list[str] = []
    hits: dict[str, dict[str, int]] = {k: {} for k in KINDS}
    with fresh_store(backend, folder) as base:
        _populate(base, 1, schools, catch_up=True)
        export = folder / f"export-{backend}.jsonl"
        exported = sela(base, "export", "--out", str(export))
        assert exported.code == 0, exported.stderr
        with fresh_store(backend, folder, template=base) as behind:
            _populate(behind, schools + 1, max(30, schools // 3), catch_up=False)
            templates = {"catch-up": behind, "rebuild": base, "import": base,
                         "recording": base}
            durations = {k: _duration(k, templates[k], backend, folder, export) for k in KINDS}
            log(f"  crash {backend}: uninterrupted seconds "
                + ", ".join(f"{k} {v:.2f}" for k, v in durations.items()))
            for n in range(trials):
                for kind in KINDS:
                    delay = rng.uniform(0.35, 1.0) * durations[kind]
                    problem, left = trial(kind, templates[kind], backend, folder, export,
                                          n, delay)
                    hits[kind][left] = hits[kind].get(left, 0) + 1
                    if problem:
                        problems.append(problem)
        events = event_count(base)
    return {"trials": trials * len(KINDS), "events": events, "left": hits,
            "seconds": {k: round(v, 2) for k, v in durations.items()}, "problems": problems}


if __name__ == "__main__":  # a quick look: python -m reliability.crash sqlite 2
    from .stores import scratch

    with scratch() as where:
        print(json.dumps(run(sys.argv[1], where, trials=int(sys.argv[2])), indent=1))
