"""Tamper evidence, export and import: the auditor's proof that the record was never altered.

`verify` reads the stored rows themselves (not the projections), decodes each, and checks for
every school that versions run 1, 2, 3... without a gap, that each event's `prev_hash` is the
previous event's `hash`, and that each `hash` is the SHA-256 of the event's canonical content.
It then folds every hash in log order and compares the result with the chain head the store
recorded (and, if given, with a head anchored outside the database). Someone who rewrites
history outside the application and recomputes every hash can only be caught by a head
anchored outside the database: print it with `sela audit head` and keep it elsewhere.

Export and import work on the same stored content that `verify` checks — the fields exactly
as they were hashed when recorded — never on event objects rebuilt (and possibly upcast) by
today's classes, so an event stays exportable, importable and verifiable after its class
changes.

This module holds export and names the auditor's whole toolkit; verify lives in verify.py,
import in importing.py, and what they share (reading stored rows and content, the recorded
head) in stored.py, which none of them imports back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from .importing import Pending, import_events, read_export, typed
from .stored import (
    ENVELOPE,
    EXPORT_FORMAT,
    broken,
    event_type,
    last_recorded,
    rows,
    stored_content,
    stored_head,
)
from .verify import Report, verify

__all__ = ["EXPORT_FORMAT", "Export", "Pending", "Report", "export", "import_events",
           "last_recorded", "line", "read_export", "stored_content", "stored_head", "typed",
           "verify"]


# -- export ------------------------------------------------------------------------------------

def _jsonable(value: Any, transcoder: Any) -> Any:
    """A stored value as plain JSON: dates and times in ISO 8601 and UUIDs as text (as in the
    canonical form that is hashed); any other type through the store's own transcoding."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v, transcoder) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, transcoder) for v in value]
    transcoding = transcoder.types.get(type(value))
    if transcoding is None:
        raise TypeError(f"cannot export a {type(value).__name__}")
    return _jsonable(transcoding.encode(value), transcoder)


def line(data: dict[str, Any]) -> str:
    """One export line: JSON with its top-level keys sorted; an event's ``fields`` keep the order
    they were recorded in (that order is part of what is stored, and import restores it)."""
    return json.dumps({k: data[k] for k in sorted(data)}, separators=(",", ":"),
                      ensure_ascii=False)


@dataclass
class Export:
    """What an export will hold: its header (written first) and its events."""

    header: dict[str, Any]
    lines: Iterator[str]


def export(app: Any, urn: str | None = None) -> Export:
    """The record as JSON lines: a header, then every event in log order with its hashes.

    The projections are caught up first and the export stops at the chain head's position, so
    the header's head and count describe exactly the lines that follow, even while others
    record.
    """
    from .aggregates.chain import GENESIS
    from .aggregates.identity import school_id
    from .queries import refresh

    refresh(app)
    recorded = stored_head(app) or {"head": GENESIS, "events": 0, "position": 0}
    upto = recorded["position"]
    if urn is None:
        events = recorded["events"]
    else:
        c = app.recorder.events_record_cls.__table__.c
        with app.recorder.datastore.engine.connect() as conn:
            events = conn.execute(select(func.count()).where(
                c.originator_id == school_id(urn), c.id <= upto)).scalar_one()
    header = {"format": EXPORT_FORMAT,
              "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "urn": urn, "events": events, "position": upto,
              "chain_head": None if urn else recorded["head"]}
    return Export(header, _event_lines(app, urn, upto))


def _event_lines(app: Any, urn: str | None, upto: int) -> Iterator[str]:
    transcoder = app.mapper.transcoder
    urns: dict[Any, str] = {}
    for row in rows(app, urn, upto=upto):
        try:
            content = stored_content(app, row)
        except Exception as e:
            raise broken(urns, row, f"it cannot be decoded ({type(e).__name__}); run "
                                     "`sela audit verify`") from None
        if row.originator_version == 1 and "urn" in content:
            urns[row.originator_id] = str(content["urn"])
        class_version = content.get("class_version")
        fields = {k: v for k, v in content.items() if k not in ENVELOPE}
        extra = {"class_version": class_version} if class_version is not None else {}
        yield line({**extra, "position": row.id, "school_id": str(row.originator_id),
                    "urn": urns.get(row.originator_id), "version": row.originator_version,
                    "event_type": event_type(row.topic),
                    "timestamp": _jsonable(content["timestamp"], transcoder),
                    "fields": _jsonable(fields, transcoder),
                    "prev_hash": content["prev_hash"], "hash": content["hash"]})
