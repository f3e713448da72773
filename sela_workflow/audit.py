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
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from .aggregates.errors import IntegrityFailure

EXPORT_FORMAT = "sela-export/1"
PAGE = 5000
#: Stored keys that are not exported as the event's fields: the row's own columns, the chain,
#: the library's version marker, and the aggregate's class path (not part of the record, not
#: hashed; import writes today's).
_ENVELOPE = ("originator_id", "originator_version", "timestamp", "hash", "prev_hash",
             "class_version", "originator_topic")


@dataclass
class Report:
    events: int
    schools: int
    head: str
    position: int
    #: How many of the events the store's recorded chain head covers (None: one school).
    covered: int | None = None


# -- reading stored rows ------------------------------------------------------------------------

def _rows(app: Any, urn: str | None, *, upto: int | None = None, page: int = PAGE
          ) -> Iterator[Any]:
    """Stored rows in log order, straight from the events table, a page per connection."""
    from .aggregates.identity import school_id

    c = app.recorder.events_record_cls.__table__.c
    after = 0
    engine = app.recorder.datastore.engine
    while True:
        q = (select(c.id, c.originator_id, c.originator_version, c.topic, c.state)
             .where(c.id > after).order_by(c.id).limit(page))
        if urn is not None:
            q = q.where(c.originator_id == school_id(urn))
        if upto is not None:
            q = q.where(c.id <= upto)
        with engine.connect() as conn:
            rows = conn.execute(q).all()
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1].id


def _event_type(topic: str) -> str:
    """The name of the SELA event class a stored topic names (IntegrityFailure for a topic
    that names none: never imported, see topics.py)."""
    from .topics import event_class

    return event_class(topic).__name__


def _broken(urns: dict[Any, str], row: Any, what: str) -> IntegrityFailure:
    school = urns.get(row.originator_id, row.originator_id)
    return IntegrityFailure(f"Integrity check failed at school {school} version "
                            f"{row.originator_version} (position {row.id}): {what}.")


def stored_content(app: Any, row: Any) -> dict[str, Any]:
    """The event's fields exactly as stored (decrypted, decompressed, decoded), with its ID and
    version: what was hashed when it was recorded. The library's ``class_version`` marker
    (added to the stored state when a class has been versioned) was never hashed: dropped."""
    data = bytes(row.state)
    mapper = app.mapper
    if mapper.cipher is not None:
        data = mapper.cipher.decrypt(data)
    if mapper.compressor is not None:
        data = mapper.compressor.decompress(data)
    content = dict(mapper.transcoder.decode(data))
    content.pop("class_version", None)
    content["originator_id"] = row.originator_id
    content["originator_version"] = row.originator_version
    return content


def stored_head(app: Any) -> dict[str, Any] | None:
    """The chain head the store recorded (the chain projection's row), if any."""
    from .projections.tables import chain_head

    with app.recorder.datastore.engine.connect() as conn:
        row = conn.execute(select(chain_head)).first()
    return dict(row._mapping) if row else None


def last_recorded(app: Any, position: int) -> str | None:
    """When the event at ``position`` (the head's last) was recorded, for the anchoring note."""
    c = app.recorder.events_record_cls.__table__.c
    with app.recorder.datastore.engine.connect() as conn:
        row = conn.execute(select(c.id, c.originator_id, c.originator_version, c.topic,
                                  c.state).where(c.id == position)).first()
    try:
        return stored_content(app, row)["timestamp"].isoformat() if row else None
    except Exception:  # altered: `sela audit verify` says so
        return None


# -- verify: sela_workflow/verify.py ----------------------------------------------------------

def verify(app: Any, urn: str | None = None, anchor: str | None = None,
           progress: Callable[[int], None] | None = None) -> Report:
    """Recompute every chain; raise IntegrityFailure naming the first broken event."""
    from .verify import verify as run

    return run(app, urn, anchor, progress)


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
    for row in _rows(app, urn, upto=upto):
        try:
            content = stored_content(app, row)
        except Exception as e:
            raise _broken(urns, row, f"it cannot be decoded ({type(e).__name__}); run "
                                     "`sela audit verify`") from None
        if row.originator_version == 1 and "urn" in content:
            urns[row.originator_id] = str(content["urn"])
        fields = {k: v for k, v in content.items() if k not in _ENVELOPE}
        yield line({"position": row.id, "school_id": str(row.originator_id),
                    "urn": urns.get(row.originator_id), "version": row.originator_version,
                    "event_type": _event_type(row.topic),
                    "timestamp": _jsonable(content["timestamp"], transcoder),
                    "fields": _jsonable(fields, transcoder),
                    "prev_hash": content["prev_hash"], "hash": content["hash"]})


# -- import: sela_workflow/importing.py ----------------------------------------------------------

def __getattr__(name: str) -> Any:
    """The importer's names, still reachable here (importing.py imports this module)."""
    if name in ("Pending", "import_events", "read_export", "typed"):
        from . import importing

        return getattr(importing, name)
    raise AttributeError(name)
