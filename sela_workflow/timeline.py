"""A school's events as plain rows for people and JSON: the auditor's view of the record."""

from __future__ import annotations

from typing import Any

from .aggregates.events import (
    ActivityRecorded,
    CategorisationCommunicated,
    CategoryChanged,
    OfficerAssigned,
    OfstedInspectionReportReceived,
    PathwayAssigned,
    RiskAssessmentCompleted,
    SchoolEvent,
    SchoolRegistered,
)

_BASE = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "role",
         "effective_date", "reason", "documents", "rules", "rules_version", "warnings",
         "prev_hash", "hash"}


def summary(event: SchoolEvent) -> str:
    """One human line of what the event says."""
    if isinstance(event, SchoolRegistered):
        return f"{event.name} ({event.establishment_type}, {event.phase})"
    if isinstance(event, RiskAssessmentCompleted):
        kind = "review" if event.review else "formal"
        return f"{event.academic_year} {kind}: category {event.category}"
    if isinstance(event, CategoryChanged):
        return f"{event.from_category or '-'} -> {event.to_category}"
    if isinstance(event, PathwayAssigned):
        return f"{event.pathway} ({event.from_state} -> {event.to_state})"
    # The commonest events get a written line; the rest list their own fields.
    if isinstance(event, ActivityRecorded):
        details = ", ".join(f"{k}={_short(v)}" for k, v in event.details.items())
        return f"{event.kind} {event.academic_year}" + (f": {details}" if details else "")
    if isinstance(event, CategorisationCommunicated):
        return f"written categorisation to {', '.join(event.recipients)}"
    if isinstance(event, OfficerAssigned):
        return f"named officer {event.officer}"
    if isinstance(event, OfstedInspectionReportReceived):
        return (f"inspected {event.inspection_date.isoformat()} ({event.framework}): "
                f"category {event.category}, safeguarding {event.safeguarding}")
    return ", ".join(f"{k}={_short(v)}" for k, v in vars(event).items()
                     if k not in _BASE and v not in (None, "", [], {}))


def _short(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "+".join(_short(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def timeline(events: list[SchoolEvent]) -> list[dict[str, Any]]:
    rows = []
    for e in events:
        rows.append({
            "version": e.originator_version,
            "event": type(e).__name__,
            "effective_date": e.effective_date.isoformat(),
            "recorded_at": e.timestamp.isoformat(),
            "actor": e.actor,
            "role": e.role,
            "summary": summary(e),
            "reason": e.reason,
            "documents": list(e.documents),
            "rules": list(e.rules),
            "rules_version": e.rules_version,
            "warnings": list(e.warnings),
            "data": {k: _jsonable(v) for k, v in vars(e).items() if k not in _BASE},
            "hash": e.hash,
            "prev_hash": e.prev_hash,
        })
    return rows
