"""CLI fuzz with hypothesis: thousands of `sela` command lines, good and hostile, run through
the real root command against real stores.

Every run must end with an exit code from 0 to 3, no traceback, an error as exactly one line
on stderr, and — when it fails — nothing written: the log unchanged in both stores and no
export file (or half of one) left behind. Failures that are known findings in `cli/` modules
(reliability/FINDINGS.md) are counted apart as expected-known, listed by finding.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from . import fuzz_values as v
from .known import match as known_finding
from .stores import fresh_store, sela

#: Commands that succeed on the demo store; the fuzz also runs each with one argument
#: replaced by a hostile value (so most cases get past parsing to the store and the rules).
VALID: list[tuple[str, ...]] = [
    ("assess", "190106", "--category", "B", "--review", "--rationale", "r", "--on",
     "2025-10-01", "--doc", "D-1", "--actor", "a.mensah", "--reason", "why"),
    ("school", "register", "100900", "--name", "New School", "--type", "community",
     "--phase", "primary", "--on", "2024-09-02", "--actor", "a.mensah"),
    ("school", "assign", "190101", "--officer", "s.byrne", "--actor", "a.mensah"),
    ("communicate", "190101", "--to", "HT", "--to", "CHAIR", "--on", "2025-10-01"),
    ("contact", "record", "190101", "--form", "VISIT", "--purpose", "SUPPORT", "--on",
     "2025-10-02"),
    ("record", "annotate", "190101", "--version", "2", "--note", "typo", "--on",
     "2025-10-02"),
    ("status", "190106", "--json"), ("status", "190106", "--as-of", "2026-01-01"),
    ("status", "190140", "--effective-on", "2025-10-15"), ("status", "--category", "C"),
    ("due", "--within", "30d", "--csv"), ("due", "--overdue", "--json"),
    ("due", "--urn", "190106", "--all"), ("dashboard", "--since", "2025-09-01"),
    ("history", "190106", "--csv"), ("next", "190106", "--all"),
    ("replay", "190106", "--to-version", "3"), ("audit", "trail", "--urn", "190106"),
    ("audit", "trail", "--from", "2025-01-01", "--to", "2026-01-01", "--recorded"),
    ("audit", "verify"), ("audit", "verify", "190106"), ("audit", "head", "--json"),
    ("export", "190106"), ("info",), ("projections", "status"), ("school", "list"),
]


def _options(pairs: dict[str, st.SearchStrategy[str]], flags: tuple[str, ...] = ()
             ) -> st.SearchStrategy[list[str]]:
    """Some of these options (each with a value), some flags, in any order."""
    option = st.sampled_from(sorted(pairs)).flatmap(
        lambda name: pairs[name].map(lambda value: [name, value])) if pairs else st.nothing()
    flag = st.sampled_from(flags).map(lambda f: [f]) if flags else st.nothing()
    if not pairs and not flags:
        return st.just([])
    return st.lists(st.one_of(option, flag), max_size=6).map(
        lambda chunks: [part for chunk in chunks for part in chunk])


def _envelope() -> dict[str, st.SearchStrategy[str]]:
    return {"--doc": v.text, "--reason": v.text, "--on": v.dates,
            "--role": v.vocab("LA_ADVISER", "DIRECTOR_OF_EDUCATION", "SOS", "la_adviser"),
            "--actor": v.text}


def _command(words: list[str], positional: st.SearchStrategy[list[str]],
             pairs: dict[str, st.SearchStrategy[str]], flags: tuple[str, ...] = ()
             ) -> st.SearchStrategy[list[str]]:
    return st.tuples(positional, _options(pairs, flags)).map(
        lambda t: [*words, *t[0], *t[1]])


def commands(files: v.Files, lines: st.SearchStrategy[list[str]]
             ) -> st.SearchStrategy[tuple[str, list[str], list[str] | None]]:
    """(which store, argv, import file lines or None)."""
    urn = v.urns.map(lambda u: [u])
    maybe_urn = st.one_of(st.just([]), urn)
    env = _envelope()
    recording = [
        _command(["school", "register"], urn, {
            "--name": v.text, "--type": v.vocab("community", "academy-converter", "pru"),
            "--phase": v.vocab("primary", "secondary"), **env}),
        _command(["school", "assign"], urn, {"--officer": v.text, **env}),
        _command(["assess"], urn, {"--category": v.categories, "--rationale": v.text,
                                   "--critical": v.vocab("leadership", "safeguarding"),
                                   "--year": v.text, "--override": v.text, **env},
                 ("--review",)),
        _command(["communicate"], urn, {"--to": v.vocab("HT", "CHAIR", "TRUST_CHAIR"),
                                        "--override": v.text, **env}),
        _command(["contact", "record"], urn, {"--form": v.vocab("MEETING", "VISIT"),
                                              "--purpose": v.vocab("SUPPORT", "REVIEW"),
                                              **env}, ("--formal",)),
        _command(["notice", "draft"], urn, {
            "--type": v.vocab("S60", "S60A"), "--ground": v.vocab("LOW_STANDARDS"),
            "--comparator": v.vocab("expected"), "--matters": v.text, "--action": v.text,
            "--compliance-end": v.dates, "--minded": v.text, **env}),
        _command(["record", "annotate"], urn, {"--version": v.numbers, "--note": v.text,
                                               **env}),
    ]
    reading = [
        _command(["status"], maybe_urn, {
            "--category": v.categories, "--pathway": v.vocab("trip", "intervention"),
            "--officer": v.text, "--stage": v.text, "--as-of": v.dates,
            "--effective-on": v.dates}, ("--json", "--csv")),
        _command(["due"], st.just([]), {"--within": v.periods, "--officer": v.text,
                                        "--urn": v.urns},
                 ("--overdue", "--all", "--json", "--csv")),
        _command(["dashboard"], st.just([]), {"--since": v.dates}, ("--json",)),
        _command(["history"], urn, {}, ("--json", "--csv")),
        _command(["next"], urn, {}, ("--all", "--json")),
        _command(["replay"], urn, {"--to-version": v.numbers}, ("--json",)),
        _command(["audit", "trail"], st.just([]), {
            "--urn": v.urns, "--actor": v.text, "--from": v.dates, "--to": v.dates,
            "--type": v.text}, ("--recorded", "--json", "--csv")),
        _command(["audit", "verify"], maybe_urn, {"--anchor": v.text}),
        _command(["audit", "head"], st.just([]), {}, ("--json",)),
        _command(["export"], maybe_urn, {"--out": files.out_paths()}),
        _command(["projections", "status"], st.just([]), {}, ("--json",)),
        _command(["info"], st.just([]), {}, ("--json",)),
        _command(["school", "list"], st.just([]), {}, ("--json", "--csv")),
    ]
    importing = st.one_of(
        st.tuples(st.just("empty"), files.paths().map(lambda p: ["import", p]), st.none()),
        st.tuples(st.just("empty"), st.just(["import", "@file"]), lines))
    foreign = st.tuples(st.sampled_from(["--json", "--out", "--within", "--on", "--to",
                                         "--anchor", "--nope", "-x", "--db"]), v.text)
    mixed = st.tuples(st.one_of(*recording, *reading), st.lists(foreign, max_size=2)).map(
        lambda t: t[0] + [p for pair in t[1] for p in pair])
    garbage = st.lists(v.text, min_size=1, max_size=4)
    hostile = st.one_of(v.text, v.dates, v.urns, v.periods, v.numbers, files.paths())
    near = st.tuples(st.sampled_from(VALID), st.integers(0, 30), hostile).map(
        lambda t: [*t[0][:t[1] % len(t[0])], t[2], *t[0][t[1] % len(t[0]) + 1:]])
    return st.one_of(
        st.tuples(st.just("demo"), st.sampled_from(VALID).map(list), st.none()),
        st.tuples(st.just("demo"), near, st.none()),
        st.tuples(st.just("demo"), near, st.none()),
        st.tuples(st.just("demo"), st.one_of(*recording), st.none()),
        st.tuples(st.just("demo"), st.one_of(*reading), st.none()),
        st.tuples(st.just("demo"), mixed, st.none()),
        st.tuples(st.just("demo"), garbage, st.none()),
        importing, importing, importing,
        st.tuples(st.sampled_from(["bad-url"]), st.one_of(*reading), st.none()),
    )


def _snapshot(url: str) -> tuple[int, int]:
    """The log's size and head: what a failed command must leave as it was."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            row = conn.execute("select count(*), coalesce(max(id), 0) from sela_events")
            return tuple(row.fetchone())  # type: ignore[return-value]
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(text("select count(*), coalesce(max(id), 0) from sela_events"))
            return tuple(row.one())  # type: ignore[return-value]
    finally:
        engine.dispose()


def check(argv: list[str], result: Any, before: dict[str, Any], after: dict[str, Any],
          outs: list[Path]) -> str | None:
    """What is wrong with one run (None: nothing)."""
    lines = result.stderr.strip().splitlines()
    if "Traceback" in result.stderr or "Traceback" in result.stdout or result.code == 99:
        return "traceback"
    if result.code not in (0, 1, 2, 3):
        return f"exit {result.code}"
    if result.code != 0 and len(lines) != 1:
        return f"error over {len(lines)} lines"
    if result.code != 0 and before != after:
        return "partial write: the log changed although the command failed"
    if result.code != 0 and any(_exists(p) for p in outs):
        return "partial write: an export file was left although the command failed"
    return None


def run(backend: str, folder: Path, *, examples: int, seed: int = 2026,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    """``examples`` fuzzed command lines; returns figures, findings and problems."""
    with fresh_store(backend, folder) as demo, fresh_store(backend, folder) as empty:
        assert sela(demo, "demo", "--actor", "rel-admin").code == 0
        export = folder / f"fuzz-export-{backend}.jsonl"
        assert sela(demo, "export", "--out", str(export)).code == 0
        (folder / f"fuzz-{backend}").mkdir(exist_ok=True)
        files = v.Files(folder / f"fuzz-{backend}", export)
        valid = export.read_text(encoding="utf-8").splitlines()
        stores = {"demo": demo, "empty": empty, "bad-url": None}
        tally: dict[str, Any] = {"runs": 0, "by_exit": {}, "problems": [], "known": {}}
        counter = {"file": 0}

        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=commands(files, v.export_lines(valid)), url=v.db_urls)
        def one(case: tuple[str, list[str], list[str] | None], url: str) -> None:
            where, argv, file_lines = case
            argv = list(argv)
            if file_lines is not None:
                counter["file"] += 1
                path = files.folder / f"import-{counter['file']}.jsonl"
                path.write_text("".join(line + "\n" for line in file_lines), encoding="utf-8",
                                errors="surrogatepass")
                argv = [str(path) if a == "@file" else a for a in argv]
            target = stores[where]
            named = [Path(argv[i + 1]) for i, a in enumerate(argv[:-1]) if a == "--out"]
            outs = [p for p in named if p.name] + [
                p.with_name(p.name + ".partial") for p in named if p.name]
            outs = [p for p in outs if not _exists(p)]
            before = {k: _snapshot(u) for k, u in stores.items() if u}
            result = sela(target if target else url, *argv)
            after = {k: _snapshot(u) for k, u in stores.items() if u}
            tally["runs"] += 1
            tally["by_exit"][result.code] = tally["by_exit"].get(result.code, 0) + 1
            problem = check(argv, result, before, after, outs)
            if problem:
                finding = known_finding(argv, result, problem)
                if finding:
                    tally["known"][finding] = tally["known"].get(finding, 0) + 1
                else:
                    shown = _show((["--db", url] if where == "bad-url" else []) + argv)
                    tally["problems"].append(f"{problem}: sela {shown} -> exit "
                                             f"{result.code}: {result.stderr.strip()[:300]}")
            for p in outs:
                if _exists(p):
                    p.unlink()
            if tally["runs"] % 500 == 0:
                log(f"  fuzz {backend}: {tally['runs']} runs")

        one()
    return tally


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long, or with a NUL: nothing was written
        return False


def _show(argv: list[str]) -> str:
    return " ".join(repr(a) if (not a or any(c in a for c in " \n\t'\"\\")
                                or not a.isprintable()) else a
                    for a in (x if len(x) < 80 else x[:60] + f"...({len(x)} chars)"
                              for x in argv))
