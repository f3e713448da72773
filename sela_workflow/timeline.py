"""A school's events as plain rows for people and JSON: the auditor's view of the record."""

from __future__ import annotations

from typing import Any

from .aggregates.events import ENVELOPE


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def timeline(events: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for e in events:
        rows.append({
            "version": e.originator_version,
            "event": type(e).__name__,
            "effective_date": e.effective_date.isoformat(),
            "recorded_at": e.timestamp.isoformat(),
            "actor": e.actor,
            "role": e.role,
            "summary": e.summary(),
            "reason": e.reason,
            "documents": list(e.documents),
            "rules": list(e.rules),
            "rules_version": e.rules_version,
            "policy_version": e.policy_version,
            "warnings": list(e.warnings),
            "data": {k: _jsonable(v) for k, v in vars(e).items() if k not in ENVELOPE},
            "hash": e.hash,
            "prev_hash": e.prev_hash,
        })
    return rows
