"""Officers recording at once on PostgreSQL: commands per second with 1, 4 and 8 of them.

Two shapes, each repeated and reported as the median:
- **processes**: each officer a process running `sela assess --review` through the console
  entry point (store opened and closed per command, catch-up after the save), as from a
  terminal — without paying a cold interpreter start per command;
- **threads**: one process, one application, each officer a thread calling the use case and
  the catch-up after it — as a web front end would.
Each officer records against a school of their own (conflicts are the reliability suite's
business). The figure that counts is 8 officers' throughput over one officer's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OFFICERS = (1, 4, 8)


def _argv(url: str, urn: str, i: int) -> list[str]:
    return ["--db", url, "assess", urn, "--category", "BC"[i % 2], "--review", "--rationale",
            f"review {i}", "--on", "2025-10-01", "--actor", f"officer-{int(urn) - 300000}"]


def worker(url: str, urn: str, commands: int, start_at: float) -> None:
    """One officer's process: ``commands`` recordings; prints its finishing time."""
    from sela_workflow.cli.main import cli

    time.sleep(max(0.0, start_at - time.time()))
    failures = 0
    for i in range(commands):
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            try:
                cli.main(_argv(url, urn, i), prog_name="sela")
            except SystemExit as e:
                failures += e.code not in (0, None)
    print(f"{time.time()} {failures}")


def _setup(url: str, officers: int) -> list[str]:
    from sela_workflow.aggregates.envelope import Envelope
    from sela_workflow.aggregates.steps.school import RegisterSchool
    from sela_workflow.store import open_app

    from .generator import seed

    urns = [str(300000 + k) for k in range(officers)]
    app = open_app(url, create=True)
    try:
        seed(app, officers=max(OFFICERS))
        for urn in urns:
            if not app.has_school(urn):
                app.handle(RegisterSchool(urn=urn, name=f"Officer school {urn}",
                                          establishment_type="community", phase="primary"),
                           Envelope("bench", "LA_ADVISER", dt.date(2024, 9, 2)))
    finally:
        app.close()
    return urns


def processes(url: str, officers: int, commands: int) -> float:
    urns = _setup(url, officers)
    start_at = time.time() + 2.5
    procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.officers", "worker", url, urn,
                               str(commands), str(start_at)], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for urn in urns]
    ends, failed = [], 0
    for p in procs:
        out, err = p.communicate()
        if p.returncode:
            raise RuntimeError(err)
        end, failures = out.split()
        ends.append(float(end))
        failed += int(failures)
    if failed:
        raise RuntimeError(f"{failed} officer commands failed")
    return officers * commands / (max(ends) - start_at)


def threads(url: str, officers: int, commands: int) -> float:
    from sela_workflow.aggregates.envelope import Envelope
    from sela_workflow.aggregates.steps.school import AssessRisk
    from sela_workflow.queries import refresh_after_write
    from sela_workflow.store import open_app

    urns = _setup(url, officers)
    app = open_app(url)
    errors: list[BaseException] = []

    def officer(urn: str) -> None:
        try:
            for i in range(commands):
                app.handle(AssessRisk(urn=urn, category="BC"[i % 2], rationale=f"review {i}",
                                      review=True),
                           Envelope(f"officer-{int(urn) - 300000}", "LA_ADVISER",
                                    dt.date(2025, 10, 1)))
                refresh_after_write(app)
        except BaseException as e:  # reported below
            errors.append(e)

    pool = [threading.Thread(target=officer, args=(u,)) for u in urns]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    seconds = time.perf_counter() - started
    app.close()
    if errors:
        raise RuntimeError(f"{len(errors)} officers failed: {errors[0]!r}")
    return officers * commands / seconds


def measure(url: str, *, commands: int = 40, repeat: int = 3) -> dict[str, Any]:
    """Commands per second for 1, 4 and 8 officers, both shapes; medians of ``repeat``."""
    result: dict[str, Any] = {}
    for shape, fn, per in (("processes", processes, commands),
                           ("threads", threads, commands)):
        rates = {n: statistics.median(fn(url, n, per) for _ in range(repeat))
                 for n in OFFICERS}
        result[shape] = {f"{n}_per_s": round(r, 1) for n, r in rates.items()}
        result[shape]["ratio_8_to_1"] = rates[8] / rates[1]
    return result


if __name__ == "__main__":
    if sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
