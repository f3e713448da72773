"""The benchmark suite still runs against the code as it is (no timing is asserted: figures
live in docs/performance.md): one small size, every measure of a size, each reporting what it
says it measures. A renamed application method or a register the generator's officers are
missing from fails here, not at the next benchmark run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks import run


def test_every_measure_of_a_size_runs_and_reports(tmp_path: Path) -> None:
    said: list[str] = []
    result: dict[str, Any] = run.run_size(8, tmp_path, None, 3, said.append)
    ingest = result["ingest"]
    assert ingest["schools"] == 8 and ingest["events"] > 8 * 10  # whole generated histories
    assert ingest["sqlite"]["ours_events_per_s"] > 0
    rebuild = result["rebuild_sqlite"]
    assert rebuild and all(v is not None for v in rebuild.values())
    queries = result["queries"]
    assert queries["time_travel_events"] > 1 and queries["status_one_ms"] > 0
    assert result["verify"]
    assert any("queries" in line for line in said)
