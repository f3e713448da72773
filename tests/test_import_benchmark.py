"""The import benchmark runs (on a small extract) and reports every figure; no timings are
asserted here, only that it measured what it says (benchmarks/imports.py)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.imports import measure_imports, report


def test_the_import_benchmark_measures_an_import_its_anchor_and_a_re_import(
        tmp_path: Path) -> None:
    result = measure_imports(tmp_path, rows=120, repeat=3)
    assert (result["rows"], result["events"], result["reimport_writes"]) == (120, 120, 0)
    assert len(result["runs"]) == 3 and result["payload_bytes"] > 500
    for key in ("import_s", "anchor_s", "anchor_nogc_s", "reimport_s", "catch_up_s"):
        assert result[key] > 0
    assert result["ratio"] == result["anchor_s"] / result["import_s"]
    assert set(result["targets"]) == {"ratio", "reimport_rows_per_s", "reimport_writes"}
    assert "re-import" in report(result) and "anchor (library)" in report(result)
