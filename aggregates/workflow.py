"""The statutory rule table as `transitions` machines, used only to validate (design.md §3).

Each lifecycle (pathway, warning notice, IEB, budget suspension, academy order) is a table of
steps: trigger, source states, destination, and the rule IDs that govern it. A command asks
`plan()` whether the step is allowed from the current state and where it leads; the aggregate
records the outcome (from_state, to_state) in its event. The machines are never bound to the
aggregate and never run on replay (libraries.md §5.2-5.3), so histories recorded under older
rules replay unchanged. The same tables generate the diagrams in docs/rulebook.md.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .vocabulary import ESTABLISHMENT_TYPES


class StepNotAllowed(Exception):
    def __init__(self, lifecycle: str, step: str, state: str, allowed: list[str]) -> None:
        self.lifecycle, self.step, self.state, self.allowed = lifecycle, step, state, allowed
        nice = ", ".join(a.replace("_", " ") for a in allowed) or "nothing"
        super().__init__(f"{step.replace('_', ' ')} is not possible while the {lifecycle} is "
                         f"{state.replace('_', ' ')} (possible now: {nice})")


@dataclass(frozen=True)
class Step:
    trigger: str
    source: tuple[str, ...]
    dest: str
    rules: tuple[str, ...]
    conditions: tuple[str, ...] = ()


class _Probe:
    """A throw-away model: conditions read the step's arguments, never mutate anything."""

    def is_academy(self, event: Any) -> bool:
        return bool(ESTABLISHMENT_TYPES[event.kwargs["establishment_type"]].academy)

    def is_la_school(self, event: Any) -> bool:
        return not self.is_academy(event)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("category_is_"):
            wanted = name.removeprefix("category_is_")
            return lambda event: str(event.kwargs.get("category")) == wanted
        raise AttributeError(name)


class Lifecycle:
    def __init__(self, name: str, states: list[str], initial: str, steps: list[Step]) -> None:
        self.name, self.states, self.initial, self.steps = name, states, initial, steps
        self._local = threading.local()

    @cached_property
    def machine(self) -> Any:
        """The `transitions` machine, built on first use: replay and queries never need it."""
        from transitions import Machine

        return Machine(model=None, states=self.states, initial=self.initial,
                       transitions=[self._transition(s) for s in self.steps],
                       auto_transitions=False, ignore_invalid_triggers=False, send_event=True)

    @staticmethod
    def _transition(step: Step) -> dict[str, Any]:
        return {"trigger": step.trigger, "source": list(step.source), "dest": step.dest,
                "conditions": list(step.conditions)}

    def _probe(self) -> _Probe:
        probe = getattr(self._local, "probe", None)
        if probe is None:
            probe = self._local.probe = _Probe()
            self.machine.add_model(probe)
        return probe

    def triggers_from(self, state: str) -> list[str]:
        return sorted(set(self.machine.get_triggers(state)))

    def plan(self, state: str, step: str, **kwargs: Any) -> str:
        """The state ``step`` leads to from ``state``; StepNotAllowed if the table forbids it."""
        from transitions import MachineError

        probe = self._probe()
        self.machine.set_state(state, model=probe)
        try:
            if not probe.may_trigger(step, **kwargs):
                raise StepNotAllowed(self.name, step, state, self.triggers_from(state))
            probe.trigger(step, **kwargs)
        except MachineError:
            raise StepNotAllowed(self.name, step, state, self.triggers_from(state)) from None
        return str(probe.state)

    def advance(self, state: str, step: str, label: str) -> tuple[str, str]:
        """(from, to) for a step the table allows; a one-line refusal naming ``label`` if not."""
        from .errors import Refused

        try:
            return state, self.plan(state, step)
        except StepNotAllowed as e:
            raise Refused(f"{label}: {e}") from None

    def rules_for(self, step: str, dest: str | None = None) -> tuple[str, ...]:
        ids: list[str] = []
        for s in self.steps:
            if s.trigger == step and (dest is None or s.dest == dest):
                ids.extend(r for r in s.rules if r not in ids)
        return tuple(ids)


# -- pathway (Table Two, RA-02; conversion AO-05) ------------------------------------------------

UNASSESSED = "unassessed"
_ANY = ("unassessed", "partnership", "support_monitoring", "trip", "intervention",
        "academy_partnership", "academy_rd_route")
_TABLE_TWO = [
    ("partnership", "A", False), ("support_monitoring", "B", False), ("trip", "C", False),
    ("intervention", "D", False), ("academy_partnership", "A", True),
    ("academy_rd_route", "B", True), ("academy_rd_route", "C", True),
    ("academy_rd_route", "D", True),
]
PATHWAY = Lifecycle("pathway", list(_ANY), UNASSESSED, [
    Step("assess", _ANY, dest, ("RA-02", "AC-01") if academy and cat != "A" else ("RA-02",),
         (f"category_is_{cat}", "is_academy" if academy else "is_la_school"))
    for dest, cat, academy in _TABLE_TWO
] + [
    Step("convert", _ANY, dest, ("AO-05", "RA-02"), (f"category_is_{cat}", "is_academy"))
    for dest, cat, academy in _TABLE_TWO if academy
] + [Step("convert", (UNASSESSED,), UNASSESSED, ("AO-05",), ("category_is_None",))])

# -- warning notice (EIA 2006 s60/s60A, rulebook §6) -------------------------------------------

NOTICE = Lifecycle(
    "warning notice",
    ["drafted", "approved", "issued", "complied", "not_complied", "intention_notified",
     "superseded", "withdrawn"],
    "drafted",
    [
        Step("approve", ("drafted",), "approved", ("WN-05",)),
        Step("issue", ("drafted", "approved"), "issued",
             ("WN-01", "WN-04", "WN-05", "WN-06", "WN-08", "WN-09", "WN-10")),
        Step("represent", ("issued",), "issued", ("WN-10", "WN-11")),
        Step("confirm", ("issued",), "issued", ("WN-10",)),
        Step("assess_complied", ("issued",), "complied", ("WN-10", "WN-12")),
        Step("assess_not_complied", ("issued",), "not_complied", ("WN-10", "WN-12")),
        Step("notify_intention", ("not_complied",), "intention_notified", ("WN-13", "WN-14")),
        Step("copy", ("issued", "complied", "not_complied", "intention_notified"), "=",
             ("WN-08", "WN-09")),
        Step("supersede", ("issued", "not_complied", "intention_notified"), "superseded",
             ("WN-07",)),
        Step("withdraw", ("drafted", "approved", "issued", "not_complied", "intention_notified"),
             "withdrawn", ()),
    ],
)
OPEN_NOTICE_STATES = ("issued", "not_complied", "intention_notified")

# -- interim executive board (s65, Sch 6) ----------------------------------------------------------

IEB = Lifecycle(
    "IEB", ["none", "consent_requested", "consent_granted", "active", "ended"], "none",
    [
        Step("request_consent", ("none", "ended"), "consent_requested", ("IN-05",)),
        Step("grant_consent", ("consent_requested",), "consent_granted", ("IN-05",)),
        Step("refuse_consent", ("consent_requested",), "none", ("IN-05",)),
        Step("issue_notice", ("consent_granted",), "active",
             ("IN-01", "IN-05", "IN-06", "IN-09", "IN-10")),
        Step("appoint_member", ("active",), "active", ("IN-06",)),
        Step("remove_member", ("active",), "active", ("IN-06",)),
        Step("end", ("active",), "ended", ()),
    ],
)

# -- budget suspension (s66, SSFA Sch 15) ----------------------------------------------------------

BUDGET = Lifecycle(
    "budget suspension", ["none", "suspended", "revoked"], "none",
    [
        Step("suspend", ("none", "revoked"), "suspended",
             ("IN-01", "IN-07", "IN-09", "IN-10", "IN-11")),
        Step("review", ("suspended",), "suspended", ("IN-08",)),
        Step("revoke", ("suspended",), "revoked", ("IN-08",)),
    ],
)

# -- academy order (Academies Act 2010 ss4-5D) ------------------------------------------------

ACADEMY_ORDER = Lifecycle(
    "academy order", ["none", "facilitating", "converted", "revoked"], "none",
    [
        Step("make", ("none", "revoked"), "facilitating", ("AO-01", "AO-02", "AO-03", "AO-04")),
        Step("direct", ("facilitating",), "facilitating", ("AO-02", "AO-04")),
        Step("facilitate", ("facilitating",), "facilitating", ("AO-02", "AO-04")),
        Step("revoke", ("facilitating",), "revoked", ()),
        Step("convert", ("none", "facilitating"), "converted", ("AO-05",)),
    ],
)

LIFECYCLES = (PATHWAY, NOTICE, IEB, BUDGET, ACADEMY_ORDER)


def mermaid(lifecycle: Lifecycle) -> str:
    """A mermaid state diagram of one lifecycle, edges labelled with trigger and rule IDs."""
    lines = ["stateDiagram-v2", f"  [*] --> {lifecycle.initial}"]
    seen: set[tuple[str, str, str]] = set()
    for step in lifecycle.steps:
        label = step.trigger + (f" [{', '.join(step.rules)}]" if step.rules else "")
        if step.trigger == "assess" or step.trigger == "convert":
            label = f"{step.trigger} {' '.join(c.removeprefix('category_is_').replace('is_', '') for c in step.conditions)} [{', '.join(step.rules)}]"  # noqa: E501
        for src in step.source:
            dest = src if step.dest == "=" else step.dest
            if step.trigger in ("assess", "convert") and src != lifecycle.initial:
                continue  # Table Two applies from any state; draw it once from the start
            key = (src, dest, label)
            if key not in seen:
                seen.add(key)
                lines.append(f"  {src} --> {dest}: {label}")
    return "\n".join(lines)
