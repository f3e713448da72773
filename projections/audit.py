"""The audit trail: one row per event, with who, when (effective and recorded), rules and why."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from sela_workflow.aggregates.events import SchoolEvent

from .registry import VERSIONS
from .tables import audit_trail

SEP = "; "


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
        rows = [{
            "position": position, "urn": self._urn(session, e), "version": e.originator_version,
            "event": type(e).__name__, "actor": e.actor, "role": e.role,
            "effective_date": e.effective_date, "recorded_at": e.timestamp,
            "rules": SEP.join(e.rules), "reason": e.reason, "documents": SEP.join(e.documents),
            "warnings": "\n".join(e.warnings), "summary": e.summary(),
        } for e, position in batch if isinstance(e, SchoolEvent)]
        if rows:
            session.execute(insert(audit_trail), rows)
