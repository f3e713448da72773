"""The benchmark suite: `python -m benchmarks.run` (see docs/performance.md).

Every figure is measured in the same run beside its anchor, on the same machine, so the ratios
mean something on a shared, noisy machine; a figure that earns a ✅ or ❌ is the median of
several repetitions (--repeat, at least 3). Results go to benchmarks/results/results.json and
the table in docs/performance.md is rewritten from them.

Hygiene: every PostgreSQL database the run creates has a name unique to the run (so two runs
never clobber each other) and is dropped at the end, whatever happens; every file lives in
one temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks import measure, officers
from benchmarks.report import write_doc

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "results.json"
PG_ADMIN = os.environ.get("SELA_BENCH_POSTGRES_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class Databases:
    """PostgreSQL databases for one run: unique names, all dropped on close."""

    def __init__(self) -> None:
        from sqlalchemy.engine import make_url

        self.run = uuid.uuid4().hex[:8]
        self.admin = make_url(PG_ADMIN)
        self.names: list[str] = []

    def _sql(self, sql: str) -> None:
        import psycopg

        conninfo = self.admin.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql)

    def new(self, purpose: str) -> str:
        name = f"sela_bench_{self.run}_{purpose}"
        self._sql(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self.admin.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        for name in self.names:
            with contextlib.suppress(Exception):
                self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.names.clear()


@contextlib.contextmanager
def workspace(with_pg: bool) -> Iterator[tuple[Path, Databases | None]]:
    folder = Path(tempfile.mkdtemp(prefix="sela-bench-"))
    dbs = Databases() if with_pg else None
    try:
        yield folder, dbs
    finally:
        if dbs is not None:
            dbs.close()
        shutil.rmtree(folder, ignore_errors=True)


def run_size(size: int, folder: Path, dbs: Databases | None, repeat: int,
             log: Callable[[str], None]) -> dict[str, Any]:
    stores = {"sqlite": f"sqlite:///{folder / f'sela-{size}.db'}"}
    anchors = {"sqlite": f"sqlite:///{folder / f'anchor-{size}.db'}"}
    if dbs is not None:
        stores["postgresql"] = dbs.new(f"{size}")
        anchors["postgresql"] = dbs.new(f"{size}_anchor")
    log(f"size {size}: ingest")
    started = time.perf_counter()
    result: dict[str, Any] = {"ingest": measure.ingest(size, stores, anchors, log)}
    result["ingest"]["seconds"] = time.perf_counter() - started
    for kind, url in stores.items():
        log(f"size {size}: rebuild on {kind} ({repeat} times)")
        result[f"rebuild_{kind}"] = measure.rebuilds(url, repeat)
    log(f"size {size}: queries")
    result["queries"] = measure.queries(stores["sqlite"])
    log(f"size {size}: audit verify ({repeat} times)")
    result["verify"] = measure.verify(stores["sqlite"], repeat)
    if "postgresql" in stores:
        result["verify_postgresql"] = measure.verify(stores["postgresql"], repeat)
    log(f"size {size}: cold CLI")
    result["cli"] = measure.cli_times(stores["sqlite"], repeat=max(5, repeat))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,2500,25000",
                        help="comma-separated school counts (default: 100,2500,25000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions behind each ✅/❌ figure (at least 3)")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs table")
    args = parser.parse_args()
    repeat = max(3, args.repeat)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "repeat": repeat, "sizes": {},
    }
    sizes = [int(s) for s in args.sizes.split(",")]
    with workspace(not args.no_postgres) as (folder, dbs):
        for size in sizes:
            results["sizes"][str(size)] = run_size(size, folder, dbs, repeat, log)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=2))
        if dbs is not None:
            log(f"officers at once on PostgreSQL ({repeat} times each)")
            results["sizes"][str(max(sizes))]["officers"] = officers.measure(
                dbs.new("officers"), repeat=repeat)
    results["suite_seconds"] = time.perf_counter() - started
    args.out.write_text(json.dumps(results, indent=2))
    if not args.no_docs:
        write_doc(results)
    log(f"done; results in {args.out}")


if __name__ == "__main__":
    main()
