"""The results table in docs/performance.md: each figure, its target, and ✅/❌ at the top
size from the figure's median over repetitions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"

TARGETS = [
    # (label, path, comparison, target, unit)
    ("ingest vs anchor, SQLite", ("ingest", "sqlite", "ratio"), ">=", 0.8, "x"),
    ("ingest vs anchor, PostgreSQL", ("ingest", "postgresql", "ratio"), ">=", 0.8, "x"),
    ("rebuild vs library read+decode, SQLite", ("rebuild_sqlite", "ratio"), ">=", 0.8, "x"),
    ("rebuild, SQLite", ("rebuild_sqlite", "events_per_s"), "info", None, "ev/s"),
    ("anchor: library reads + decodes the log, SQLite",
     ("rebuild_sqlite", "anchor_read_events_per_s"), "info", None, "ev/s"),
    ("rebuild vs library read+decode, PostgreSQL", ("rebuild_postgresql", "ratio"), "info",
     None, "x"),
    ("rebuild, PostgreSQL", ("rebuild_postgresql", "events_per_s"), "info", None, "ev/s"),
    ("rebuild peak memory, SQLite", ("rebuild_sqlite", "peak_rss_mb"), "flat", None, "MB"),
    ("one school's status", ("queries", "status_one_ms"), "<=", 10, "ms"),
    ("dashboard", ("queries", "dashboard_ms"), "<=", 200, "ms"),
    ("due list, all schools", ("queries", "due_all_ms"), "<=", 200, "ms"),
    ("time travel, 200-event school (as of)", ("queries", "time_travel_as_of_ms"), "<=", 50,
     "ms"),
    ("time travel (effective on)", ("queries", "time_travel_effective_on_ms"), "<=", 50, "ms"),
    ("time travel (to version)", ("queries", "time_travel_version_ms"), "<=", 50, "ms"),
    ("audit verify, SQLite", ("verify", "verify_events_per_s"), ">=", 100000, "ev/s"),
    ("anchor: raw read + SHA-256 of every row, SQLite",
     ("verify", "verify_anchor_events_per_s"), "info", None, "ev/s"),
    ("audit verify, PostgreSQL", ("verify_postgresql", "verify_events_per_s"), "info", None,
     "ev/s"),
    ("`sela --help`", ("cli", "help_ms"), "<=", 150, "ms"),
    ("`sela status URN` vs import floor", ("cli", "status_one_ratio"), "<=", 1.1, "x"),
    ("`sela due`, query side, vs import floor", ("cli", "due_query_ratio"), "<=", 1.5, "x"),
    ("`sela due` with printing vs import floor", ("cli", "due_cli_ratio"), "info", None, "x"),
    ("one recording command vs import floor", ("cli", "record_one_ratio"), "<=", 1.2, "x"),
    ("8 officers vs 1, PostgreSQL, processes", ("officers", "processes", "ratio_8_to_1"), ">=",
     1.0, "x"),
    ("8 officers vs 1, PostgreSQL, threads", ("officers", "threads", "ratio_8_to_1"), ">=",
     1.0, "x"),
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
    officers = r.get("officers")
    if officers:
        for shape in ("processes", "threads"):
            o = officers[shape]
            parts.append(f"{shape}: {o['1_per_s']} / {o['4_per_s']} / {o['8_per_s']} "
                         "commands/s for 1 / 4 / 8 officers")
    return "; ".join(parts)


def write_doc(results: dict[str, Any]) -> None:
    text = DOC.read_text()
    start, end = "<!-- generated:results -->", "<!-- /generated:results -->"
    stamp = (f"Measured {results['measured_at']} on {results['machine']['cpus']} CPUs, "
             f"Python {results['machine']['python']}, medians of {results['repeat']} "
             "repetitions; events per size: " + ", ".join(
                 f"{int(s):,} schools = {r['ingest']['events']:,}"
                 for s, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0]))))
    body = f"{start}\n{stamp}\n\n{table(results)}\n{end}"
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: body, text, flags=re.S)
    DOC.write_text(text)
