"""The statutory rule table as a `transitions` machine, used only to validate (design.md §3).

A command asks `plan()` whether a step is allowed from the school's current statutory state
and where it leads; the aggregate then records the outcome as an event. The machine is never
bound to the aggregate and never runs on replay (libraries.md §5.2-5.3).
"""

from __future__ import annotations

import threading
from typing import Any

from transitions import Machine, MachineError

from .vocabulary import ESTABLISHMENT_TYPES

UNASSESSED = "unassessed"
#: Statutory states; the pathway states are Table Two's pathways (rulebook §3.3).
STATES = [
    UNASSESSED,
    "partnership",
    "support_monitoring",
    "trip",
    "intervention",
    "academy_partnership",
    "academy_rd_route",
]

#: Table Two (SEED-002 §7) as data, rule RA-02: category + school type -> pathway.
#: Each row: (trigger, destination state, required category, academy?, rule IDs applied).
_TABLE_TWO = [
    ("assess", "partnership", "A", False, ["RA-02"]),
    ("assess", "support_monitoring", "B", False, ["RA-02"]),
    ("assess", "trip", "C", False, ["RA-02"]),
    ("assess", "intervention", "D", False, ["RA-02"]),
    ("assess", "academy_partnership", "A", True, ["RA-02"]),
    ("assess", "academy_rd_route", "B", True, ["RA-02", "AC-01"]),
    ("assess", "academy_rd_route", "C", True, ["RA-02", "AC-01"]),
    ("assess", "academy_rd_route", "D", True, ["RA-02", "AC-01"]),
]

TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": trigger,
        "source": "*",
        "dest": dest,
        "conditions": [f"category_is_{category}", "is_academy" if academy else "is_la_school"],
    }
    for trigger, dest, category, academy, _ in _TABLE_TWO
]

#: The rule IDs a transition applies, keyed by (trigger, destination, category).
RULES_APPLIED = {(t, d, c): rules for t, d, c, _, rules in _TABLE_TWO}


class _Probe:
    """A throw-away model: conditions read the school and the step's arguments, never mutate."""

    school: Any = None

    def is_academy(self, event: Any) -> bool:
        return ESTABLISHMENT_TYPES[self.school.establishment_type].academy

    def is_la_school(self, event: Any) -> bool:
        return not self.is_academy(event)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("category_is_"):
            wanted = name.removeprefix("category_is_")
            return lambda event: event.kwargs.get("category") == wanted
        raise AttributeError(name)


class StepNotAllowed(Exception):
    pass


class Workflow:
    def __init__(self) -> None:
        self.machine = Machine(model=None, states=STATES, transitions=TRANSITIONS,
                               initial=UNASSESSED, auto_transitions=False,
                               ignore_invalid_triggers=False, send_event=True)
        self._local = threading.local()

    def _probe(self) -> _Probe:
        probe = getattr(self._local, "probe", None)
        if probe is None:
            probe = self._local.probe = _Probe()
            self.machine.add_model(probe)
        return probe

    def plan(self, school: Any, step: str, **kwargs: Any) -> str:
        """Return the state ``step`` leads to from the school's state, or raise StepNotAllowed."""
        probe = self._probe()
        probe.school = school
        try:
            self.machine.set_state(school.statutory_state, model=probe)
            if not probe.may_trigger(step, **kwargs):
                raise StepNotAllowed(f"{step!r} is not allowed from {school.statutory_state!r}")
            probe.trigger(step, **kwargs)
            return str(probe.state)
        except MachineError as e:
            raise StepNotAllowed(str(e.value)) from e
        finally:
            probe.school = None


WORKFLOW = Workflow()
