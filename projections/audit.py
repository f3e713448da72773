"""The audit trail: one row per event, with who, when (effective and recorded), rules and why."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sela_workflow.aggregates.events import SchoolEvent

from .bulk import insert_rows
from .registry import VERSIONS
from .tables import audit_trail

SEP = "; "


COLUMNS = ("position", "urn", "version", "event", "actor", "role", "effective_date",
           "recorded_at", "rules", "reason", "documents", "warnings", "summary")
assert tuple(c.name for c in audit_trail.columns) == COLUMNS, "rows are built in this order"


class AuditProjection:
    name = "audit"
    version = VERSIONS["audit"]
    tables = (audit_trail,)

    def __init__(self, app: Any) -> None:
        self._urns: dict[Any, str] = {}
        self._app = app

    def before_batch(self, session: Session) -> None:
        """Nothing time-based here."""

    def _urn(self, session: Session, event: SchoolEvent) -> str:
        urn = getattr(event, "urn", None) or self._urns.get(event.originator_id)
        if urn is None:
            urn = self._app.school_urn(event.originator_id)
        self._urns[event.originator_id] = urn
        return str(urn)

    def apply_batch(self, session: Session, batch: list[tuple[Any, int]]) -> None:
        # In the table's column order (projections/bulk.py inserts plain tuples).
        rows = [(position, self._urn(session, e), e.originator_version, type(e).__name__,
                 e.actor, e.role, e.effective_date, e.timestamp, SEP.join(e.rules), e.reason,
                 SEP.join(e.documents), "\n".join(e.warnings), e.summary())
                for e, position in batch if isinstance(e, SchoolEvent)]
        insert_rows(session, audit_trail, rows)
