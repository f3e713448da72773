"""Recording many commands as one unit: each judged like any other, stored together or not at
all.

A `Batch` judges its commands in order, each against its school's record as it stands with the
batch's earlier steps in place, and `save()` stores every event in one transaction. It serves
whatever records a file's worth of steps at once — the GIAS and Ofsted imports (all or nothing
per file), `sela demo`, the benchmark generator — at the cost of one save instead of one per
command. The cases it has touched are kept folded in memory, so each command costs one step.
"""

from __future__ import annotations

from typing import Any

from .aggregates.fold import advance, can_advance, fold
from .aggregates.identity import check_urn
from .cases import Loaded, Recorded, Source, decide, load


class Batch(Source):
    """A unit of work over one application: ``handle`` judges, ``save`` stores."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.cases: dict[str, Loaded] = {}
        self.recorded: list[Recorded] = []
        self._register: Any = None

    def register(self) -> Any:
        """The register, read once for the whole batch."""
        if self._register is None:
            self._register = self.app.register()
        return self._register

    # -- Source: the record as it stands, with this batch's steps in place -----------------

    def has_school(self, urn: str) -> bool:
        return urn in self.cases or bool(self.app.has_school(urn))

    def load(self, urn: str, history: bool) -> Loaded:
        if urn not in self.cases:
            self.cases[urn] = load(self.app, urn, history=True)
        return self.cases[urn]

    # -- recording ---------------------------------------------------------------------------

    def handle(self, command: Any, envelope: Any, override: str | None = None) -> Recorded:
        """Judge ``command``; its events join the batch (stored by `save`)."""
        command_urn = check_urn(command.urn)
        recorded = decide(self.app, command, envelope, override, self)
        known = self.cases.get(command_urn)
        if known is None:
            self.cases[command_urn] = Loaded(fold(recorded.events), list(recorded.events))
        else:
            history = [*(known.history or []), *recorded.events]
            state = (advance(known.state, recorded.events)
                     if can_advance(known.state, recorded.events) else fold(history))
            self.cases[command_urn] = Loaded(state, history)
        self.recorded.append(recorded)
        return recorded

    @property
    def events(self) -> list[Any]:
        return [e for r in self.recorded for e in r.events]

    def save(self) -> int:
        """Store every event of the batch in one transaction; how many were stored."""
        events = self.events
        if events:
            self.app.save(*events)
        self.recorded.clear()
        self.cases.clear()
        return len(events)
