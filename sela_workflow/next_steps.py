"""`sela next`: what the rulebook expects next with due dates, what is overdue, and the steps
that can be taken now — each a complete command (docs/cli.md)."""

from __future__ import annotations

from typing import Any

from .aggregates import rules
from .aggregates.expectations import expectations, status_of
from .aggregates.state.eligibility import active_routes
from .aggregates.steps import STEPS
from .hints import render, try_step

ORDER = {"overdue": 0, "due": 1, "upcoming": 2, "open": 3, "expected": 4}


def next_steps(app: Any, urn: str) -> dict[str, Any]:
    state = app.case(urn)
    today = app.today()
    items = []
    for i in expectations(state, today, app.policy):
        status = status_of(i.kind, i.due, i.met_on, today)
        command = None
        if i.step is not None and status not in ("met", "lapsed") and try_step(
                app, state, i.step, i.options, today):
            command = render(i.step, state.urn, i.options)
        items.append({"rule_id": i.rule_id, "timer": i.timer, "what": i.what,
                      "due": i.due.isoformat() if i.due else None,
                      "met_on": i.met_on.isoformat() if i.met_on else None, "kind": i.kind,
                      "status": status, "strength": rules.get(i.rule_id).strength,
                      "command": command})
    items.sort(key=lambda i: (ORDER.get(i["status"], 5), i["due"] or "9999", i["rule_id"],
                              i["what"]))
    possible = []
    for step in STEPS.values():
        if not step.offered or step.hints is None:
            continue
        for options in step.hints(state, today, app.policy):
            if try_step(app, state, step.command, options, today):
                possible.append(render(step.command, state.urn, options))
    return {
        "urn": state.urn,
        "name": state.name,
        "today": today.isoformat(),
        "category": state.category,
        "pathway": state.pathway,
        "eligibility": {r.kind + ("" if r.kind in ("S61", "S62") else f" {r.basis}"): {
            "route": r.kind, "since": r.since.isoformat(), "basis": r.basis,
            "powers_from": r.earliest_power_on.isoformat()}
            for r in active_routes(state, today)},
        "overdue": [i for i in items if i["status"] == "overdue"],
        "expected": [i for i in items if i["status"] in ("due", "upcoming", "open", "expected")],
        "met": [i for i in items if i["status"] in ("met", "lapsed")],
        "possible": sorted(dict.fromkeys(possible)),
    }
