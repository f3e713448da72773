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

import dataclasses
import datetime as dt
import decimal
import json
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import func, select

from .aggregates.errors import IntegrityFailure, InvalidInput

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


# -- import ------------------------------------------------------------------------------------

@dataclass
class Pending:
    """A verified event from an export file, ready to be stored as it was."""

    originator_id: UUID
    version: int
    topic: str
    state: dict[str, Any]


def _event_classes() -> dict[str, type]:
    """Every event class by name, found in the events module (never listed by hand)."""
    from .topics import event_classes

    return event_classes()


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The class's field types; a field whose annotation cannot be resolved is left untyped."""
    try:
        return typing.get_type_hints(cls)
    except Exception:
        hints: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            module = vars(sys.modules[klass.__module__])
            for name, annotation in getattr(klass, "__annotations__", {}).items():
                try:
                    hints[name] = (eval(annotation, module) if isinstance(annotation, str)
                                   else annotation)
                except Exception:
                    hints.pop(name, None)
        return hints


@cache
def _field_order(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else ()


def typed(value: Any, hint: Any, transcoder: Any) -> Any:
    """An exported JSON value turned back into the type the field holds (the inverse of
    `_jsonable`), so the event is stored exactly as it was recorded."""
    if value is None or hint is None or hint is Any:
        return value
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return typed(value, args[0], transcoder)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return typed(value, options[0], transcoder) if len(options) == 1 else value
    if origin is not None:
        if isinstance(value, list) and args:
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                return [typed(v, a, transcoder) for v, a in zip(value, args, strict=False)]
            return [typed(v, args[0], transcoder) for v in value]
        if isinstance(value, dict) and len(args) == 2:
            return {k: typed(v, args[1], transcoder) for k, v in value.items()}
        return value
    if not isinstance(value, str) or not isinstance(hint, type) or hint is str:
        return value
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if hint is UUID:
        return UUID(value)
    if hint is decimal.Decimal:
        return decimal.Decimal(value)
    transcoding = transcoder.types.get(hint)
    return transcoding.decode(value) if transcoding is not None else value


def _pending(data: Any, transcoder: Any) -> tuple[Pending, str]:
    """An export line as the stored event it describes, and the hash it claims."""
    from eventsourcing.utils import get_topic

    from .aggregates.school import School

    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise ValueError("not an event object with its fields")
    cls = _event_classes().get(data["event_type"])
    if cls is None:
        raise ValueError(f"unknown event type {data['event_type']!r}")
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"version {version!r} is not a positive whole number")
    hints = _hints(cls)
    given = {k: typed(v, hints.get(k), transcoder) for k, v in data["fields"].items()
             if k not in _ENVELOPE}
    if "originator_topic" in hints:  # a creation event: names today's aggregate class (not
        given["originator_topic"] = get_topic(School)  # hashed, not taken from the file)
    given["timestamp"] = dt.datetime.fromisoformat(data["timestamp"])
    if given["timestamp"].tzinfo is None:
        raise ValueError("the timestamp has no time zone")
    given["prev_hash"], given["hash"] = str(data["prev_hash"]), str(data["hash"])
    # The class's field order is the order the library stored the event in; anything the class
    # no longer declares follows, as in the file.
    state = {k: given.pop(k) for k in _field_order(cls) if k in given}
    state.update(given)
    return Pending(UUID(data["school_id"]), version, get_topic(cls), state), state["hash"]


def read_export(lines: Iterable[str], transcoder: Any) -> tuple[dict[str, Any], list[Pending]]:
    """Parse and verify a whole export before anything is written; InvalidInput names the line.
    ``transcoder`` is the target store's (it knows every stored type)."""
    from .aggregates.chain import GENESIS, event_hash, fold

    header: dict[str, Any] | None = None
    built: list[Pending] = []
    last: dict[UUID, tuple[int, str]] = {}
    urns: dict[UUID, str] = {}
    head = GENESIS
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InvalidInput(f"Import refused: line {number} is not JSON ({e.msg}).") from None
        if header is None:
            if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
                raise InvalidInput(f"Import refused: line {number} is not a {EXPORT_FORMAT} "
                                   "header; export the file with `sela export`.")
            header = data
            continue
        try:
            event, claimed = _pending(data, transcoder)
            recomputed = event_hash(data["event_type"], {
                **event.state, "originator_id": event.originator_id,
                "originator_version": event.version})
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise InvalidInput(f"Import refused: line {number} is not a valid event "
                               f"({type(e).__name__}: {e}).") from None
        if event.version == 1 and "urn" in event.state:
            urns[event.originator_id] = str(event.state["urn"])
        school = urns.get(event.originator_id, str(event.originator_id))
        version, prev = last.get(event.originator_id, (0, GENESIS))
        if event.version != version + 1 or event.state["prev_hash"] != prev:
            raise InvalidInput(f"Import refused: line {number} breaks the chain of school "
                               f"{school} (version {event.version} after {version}): lines "
                               "were removed, added or reordered.")
        if recomputed != claimed:
            raise InvalidInput(f"Import refused: line {number} (school {school} version "
                               f"{event.version}) does not match its hash: the file was "
                               "altered after export.")
        last[event.originator_id] = (event.version, claimed)
        head = fold(head, claimed)
        built.append(event)
    if header is None:
        raise InvalidInput("Import refused: the file is empty.")
    if header.get("events") is not None and header["events"] != len(built):
        raise InvalidInput(f"Import refused: the header says {header['events']} events, the "
                           f"file holds {len(built)}: lines were removed or added.")
    if header.get("chain_head") and header["chain_head"] != head:
        raise InvalidInput("Import refused: the events do not give the chain head in the "
                           "header: lines were removed, added or reordered.")
    return header, built


def import_events(app: Any, events: list[Pending],
                  progress: Callable[[int], None] | None = None) -> int:
    """Write verified events, exactly as exported, into an empty store in one transaction:
    nothing is written unless everything is."""
    mapper = app.mapper
    recorder = app.recorder
    table = recorder.events_record_cls.__table__
    with recorder.transaction(commit=True) as session:
        if session.execute(select(func.count()).select_from(table)).scalar_one():
            raise InvalidInput("Import refused: the store already holds events; import into "
                               "an empty store (sela --db URL init).")
        for start in range(0, len(events), 1000):
            chunk = events[start:start + 1000]
            stored = []
            for e in chunk:
                state = mapper.transcoder.encode(e.state)
                if mapper.compressor is not None:
                    state = mapper.compressor.compress(state)
                if mapper.cipher is not None:
                    state = mapper.cipher.encrypt(state)
                stored.append(StoredEvent(originator_id=e.originator_id,
                                          originator_version=e.version, topic=e.topic,
                                          state=state))
            recorder.insert_events(stored)
            if progress:
                progress(len(chunk))
    return len(events)
