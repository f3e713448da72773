"""Writing the long run's figures into docs/reliability.md (between its generated markers)."""

from __future__ import annotations

import re
from typing import Any

from .stores import ROOT

DOC = ROOT / "docs" / "reliability.md"
START, END = "<!-- generated:reliability -->", "<!-- /generated:reliability -->"


def _concurrency(parts: dict[str, Any]) -> list[str]:
    lines = ["| scenario | commands | done | conflicts (clean, exit 1) | lost | duplicated | "
             "false failures | other failures | notes | rebuilds beside | commands/s |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in parts.items():
        lines.append(f"| {name} | {r['commands']} | {r['ok']} | {r['conflicts']} | "
                     f"{r['lost']} | {r['duplicated']} | {r['false_failures']} | "
                     f"{r['unexpected']} | {r['notes']} | {r['rebuilds']} | "
                     f"{r['commands_per_s']} |")
    return lines


def _crash(r: dict[str, Any]) -> list[str]:
    lines = ["| killed | trials | what the kill left (before the next command) | "
             "uninterrupted seconds |", "|---|---|---|---|"]
    for kind, left in r["left"].items():
        shown = ", ".join(f"{k} {v}" for k, v in sorted(left.items()))
        lines.append(f"| {kind} | {sum(left.values())} | {shown} | {r['seconds'][kind]} |")
    return lines


def _tamper(r: dict[str, Any]) -> list[str]:
    lines = ["| tamper class | trials caught (exit 3, one line, nothing written) |",
             "|---|---|"]
    lines += [f"| {name} | {n} |" for name, n in sorted(r["by_class"].items())]
    return lines


def _fuzz(r: dict[str, Any]) -> list[str]:
    exits = ", ".join(f"exit {k}: {v}" for k, v in sorted(r["by_exit"].items(), key=str))
    known = ", ".join(f"{k}: {v}" for k, v in sorted(r["known"].items())) or "none"
    return [f"- {r['runs']:,} command lines; {exits}",
            f"- expected-known findings (reliability/FINDINGS.md): {known}",
            f"- problems: {len(r['problems'])}"]


def body(results: dict[str, Any]) -> str:
    out = [f"Measured {results['measured_at']} ({results['run']} run, "
           f"{results['seconds']:.0f} s) on {results['machine']['cpus']} CPUs, Python "
           f"{results['machine']['python']}. Problems found: {len(results['problems'])}."]
    for backend, parts in results["backends"].items():
        name = "SQLite" if backend == "sqlite" else "PostgreSQL"
        crash = parts["crash"]
        out += ["", f"### {name}", "", "Concurrent writers (each process records through the "
                "`sela` entry point; every command cites its own document):", ""]
        out += _concurrency(parts["concurrency"])
        out += ["", f"Crash injection: {crash['trials']} kills on a store of "
                f"{crash['events']:,} events; after each, the next command (`sela status`), "
                "then views = rebuild (tables, indexes, outputs) and `audit verify` — "
                f"problems: {len(crash['problems'])}.", ""]
        out += _crash(crash)
        tamper = parts["tamper"]
        out += ["", f"Tamper classes: {tamper['trials']} trials, {tamper['caught']} caught.",
                ""]
        out += _tamper(tamper)
        out += ["", "CLI fuzz:", "", *_fuzz(parts["fuzz"])]
    return "\n".join(out)


def write_doc(results: dict[str, Any]) -> None:
    text = DOC.read_text()
    block = f"{START}\n{body(results)}\n{END}"
    text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text,
                  flags=re.S)
    DOC.write_text(text)
