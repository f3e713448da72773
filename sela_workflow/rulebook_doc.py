"""Generates the rule table, the enforcement table and the lifecycle diagrams of
docs/rulebook.md from the step declarations (aggregates/steps/).

`python -m sela_workflow.rulebook_doc --write` refreshes the generated blocks in place;
tests/test_rule_coverage.py fails when the file is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .aggregates.rules import RULES
from .aggregates.steps import STEPS


def _uses() -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Rule ID -> (commands applying it, events recorded, timers it sets), from the steps."""
    from .aggregates.steps.school import PATHWAY

    uses: dict[str, tuple[list[str], list[str], list[str]]] = {r: ([], [], []) for r in RULES}
    for step in STEPS.values():
        for rule_id in step.rule_ids:
            commands, events, _ = uses[rule_id]
            if f"sela {step.name}" not in commands:
                commands.append(f"sela {step.name}")
            for e in step.events:
                if e.__name__ not in events:
                    events.append(e.__name__)
        for expectation in step.expects:
            commands, _, timers = uses[expectation.rule]
            label = "`sela next`" + (f" {expectation.timer}" if expectation.timer != "-" else "")
            if label not in timers:
                timers.append(label)
    for t in PATHWAY.transitions:
        for rule_id in t.rules:
            if "PathwayAssigned" not in uses[rule_id][1]:
                uses[rule_id][1].append("PathwayAssigned")
    from .aggregates.acting import GATE_RULES

    for rule_id in GATE_RULES:  # checked before every step (aggregates/acting.py)
        uses[rule_id][0].insert(0, "every recording command")
    uses["ID-02"][0].extend(["sela init", "sela people add", "sela people end-role",
                             "sela policy set", "sela policy load"])
    uses["ID-02"][1].extend(["PersonAdded", "RoleGranted", "RoleEnded", "PolicyChanged"])
    uses["SD-02"][0].append("every --override")
    uses["SD-02"][1].append("PolicyDeviationRecorded")
    return uses


def _commencement_rules() -> dict[str, list[str]]:
    from .aggregates import commencement

    out: dict[str, list[str]] = {}
    for span in commencement.ALL:
        out.setdefault(span.rule_id, []).append(span.what)
    return out


def rule_table() -> str:
    uses = _uses()
    spans = _commencement_rules()
    lines = ["| ID | strength | rule | source | in force | commands | events / timers |",
             "|---|---|---|---|---|---|---|"]
    for r in RULES.values():
        dates = (f"{r.valid_from.isoformat() if r.valid_from else '—'} to "
                 f"{r.valid_to.isoformat() if r.valid_to else 'now'}")
        commands, events, timers = uses[r.id]
        shown = ", ".join(commands) or "—"
        if r.id in spans:
            shown += "; commencement of " + ", ".join(spans[r.id])
        lines.append(f"| {r.id} | {r.strength} | {r.summary} | {r.basis} | {dates} | "
                     f"{shown} | {', '.join(events + timers) or '—'} |")
    return "\n".join(lines)


def lifecycles() -> list[object]:
    """Every lifecycle a declared step moves, in declaration order."""
    found: list[object] = []
    for step in STEPS.values():
        if step.lifecycle is not None and all(lc is not step.lifecycle for lc in found):
            found.append(step.lifecycle)
    return found


def diagrams() -> str:
    parts = []
    for lc in lifecycles():
        name = lc.name  # type: ignore[attr-defined]
        parts.append(f"### {name[0].upper()}{name[1:]}\n\n```mermaid\n"
                     f"{lc.mermaid()}\n```")  # type: ignore[attr-defined]
    return "\n\n".join(parts)


def commencement_table() -> str:
    """Rulebook §13 as enforced: each law a step rests on, its span, and the steps refused
    outside it."""
    from .aggregates import commencement

    lines = ["| law | in force | rule | basis | note |", "|---|---|---|---|---|"]
    for span in commencement.ALL:
        start = span.start.isoformat() if span.start else "—"
        end = span.end.isoformat() if span.end else "now"
        note = f"**UNCONFIRMED**: {span.unconfirmed}" if span.unconfirmed else ""
        lines.append(f"| {span.what} | {start} to {end} | {span.rule_id} | {span.basis} | "
                     f"{note} |")
    return "\n".join(lines)


BLOCKS = {"rules": rule_table, "commencement": commencement_table, "diagrams": diagrams}


def render(text: str) -> str:
    for name, make in BLOCKS.items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        pattern = re.compile(rf"({start}\n)(?:.*?\n)?({end})", re.S)
        text = pattern.sub(lambda m, f=make: m.group(1) + f() + "\n" + m.group(2), text)
    return text


def main() -> None:
    path = Path(sys.argv[-1]) if len(sys.argv) > 2 else Path("docs/rulebook.md")
    text = path.read_text()
    if "--write" in sys.argv:
        path.write_text(render(text))
    elif render(text) != text:
        sys.exit(f"{path} is out of date: python -m sela_workflow.rulebook_doc --write")


if __name__ == "__main__":
    main()
