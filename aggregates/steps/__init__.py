"""One declaration per statutory step (rulebook §12.3). Importing this package declares them all.

Adding a step is three things: its event (aggregates/events/), its declaration here (command,
guards, lifecycle move, expectations, verb) and its test — see docs/architecture.md.
"""

from . import (  # noqa: F401  (each module declares its steps)
    academy,
    activities,
    corrections,
    details,
    ieb,
    notice_outcomes,
    notices,
    ofsted,
    powers,
    school,
    sos,
)
from .command import Command, FieldInfo, fields_of
from .engine import judge
from .registry import STEPS, by_verb, declare, groups, step_of, withdraw
from .spec import ASK, Decision, Expectation, Facts, Fail, Guard, Item, Move, Step

__all__ = ["ASK", "STEPS", "Command", "Decision", "Expectation", "Facts", "Fail", "FieldInfo",
           "Guard", "Item", "Move", "Step", "by_verb", "declare", "fields_of", "groups", "judge",
           "step_of", "withdraw"]
