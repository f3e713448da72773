"""Tamper evidence, export and import: the auditor's proof that the record was never altered.

`verify` reads the stored rows themselves (not the projections), decodes each, and checks for
every school that versions run 1, 2, 3... without a gap, that each event's `prev_hash` is the
previous event's `hash`, and that each `hash` is the SHA-256 of the event's canonical content.
It then folds every hash in log order and compares the result with the chain head the store
recorded (and, if given, with a head anchored outside the database). Someone who rewrites
history outside the application and recomputes every hash can only be caught by a head
anchored outside the database: print it with `sela audit head` and keep it elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import func, select

from .aggregates.errors import DomainError, InvalidInput

EXPORT_FORMAT = "sela-export/1"
PAGE = 5000


class IntegrityFailure(DomainError):
    """The record does not verify: the CLI exits with code 3."""

    exit_code = 3


@dataclass
class Report:
    events: int
    schools: int
    head: str
    position: int


def _rows(app: Any, urn: str | None, page: int = PAGE) -> Iterator[Any]:
    """Stored rows in log order, straight from the events table."""
    table = app.recorder.events_record_cls.__table__
    c = table.c
    after = 0
    engine = app.recorder.datastore.engine
    while True:
        q = (select(c.id, c.originator_id, c.originator_version, c.topic, c.state)
             .where(c.id > after).order_by(c.id).limit(page))
        if urn is not None:
            from .aggregates.identity import school_id

            q = q.where(c.originator_id == school_id(urn))
        with engine.connect() as conn:
            rows = conn.execute(q).all()
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1].id


def _decode(app: Any, row: Any) -> Any:
    return app.mapper.to_domain_event(StoredEvent(
        originator_id=row.originator_id, originator_version=row.originator_version,
        topic=row.topic, state=bytes(row.state)))


def _stored_content(app: Any, row: Any) -> dict[str, Any]:
    """The event's fields exactly as stored (decrypted, decompressed, decoded), with its ID and
    version: what was hashed when it was recorded. Verifying the stored form, rather than an
    object rebuilt from it, keeps old events verifiable after their classes are upcast."""
    data = bytes(row.state)
    mapper = app.mapper
    if mapper.cipher is not None:
        data = mapper.cipher.decrypt(data)
    if mapper.compressor is not None:
        data = mapper.compressor.decompress(data)
    content = dict(mapper.transcoder.decode(data))
    content["originator_id"] = row.originator_id
    content["originator_version"] = row.originator_version
    return content


def stored_head(app: Any) -> dict[str, Any] | None:
    from .projections.tables import chain_head

    with app.recorder.datastore.engine.connect() as conn:
        row = conn.execute(select(chain_head)).first()
    return dict(row._mapping) if row else None


def verify(app: Any, urn: str | None = None, anchor: str | None = None,
           progress: Callable[[int], None] | None = None) -> Report:
    """Recompute every chain; raise IntegrityFailure naming the first broken event."""
    from .aggregates.chain import GENESIS, event_hash, fold

    recorded = None if urn else stored_head(app)
    last: dict[Any, tuple[int, str]] = {}
    urns: dict[Any, str] = {}
    head, count, position, anchored = GENESIS, 0, 0, anchor is None
    for row in _rows(app, urn):
        def where(row: Any = row) -> str:
            school = urns.get(row.originator_id, row.originator_id)
            return (f"event at position {row.id} (school {school}, "
                    f"version {row.originator_version})")

        try:
            event = _stored_content(app, row)
            event_type = row.topic.rpartition(":")[2].rpartition(".")[2]
            stored_hash, prev_hash = event["hash"], event["prev_hash"]
        except Exception as e:  # altered bytes: the row no longer decodes
            raise IntegrityFailure(f"Integrity check failed: {where()} cannot be decoded "
                                   f"({type(e).__name__}): it was altered outside SELA.") from None
        if row.originator_version == 1:
            urns[row.originator_id] = str(event.get("urn", row.originator_id))
        version, prev = last.get(row.originator_id, (0, GENESIS))
        if row.originator_version != version + 1:
            raise IntegrityFailure(
                f"Integrity check failed: {where()} follows version {version}: an event is "
                "missing, or was inserted or reordered outside SELA.")
        if prev_hash != prev:
            raise IntegrityFailure(f"Integrity check failed: {where()} does not chain to the "
                                   "event before it: an event was removed, inserted or "
                                   "reordered outside SELA.")
        if event_hash(event_type, event) != stored_hash:
            raise IntegrityFailure(f"Integrity check failed: {where()} does not match its hash: "
                                   "its content was altered outside SELA.")
        last[row.originator_id] = (row.originator_version, stored_hash)
        if urn is None:
            head = fold(head, stored_hash)
            if recorded and row.id == recorded["position"] and head != recorded["head"]:
                raise IntegrityFailure(
                    "Integrity check failed: the events up to position "
                    f"{recorded['position']} do not give the chain head the store recorded "
                    f"({recorded['head'][:16]}...): events were removed, inserted or reordered "
                    "outside SELA.")
            if anchor and head.startswith(anchor.lower()):
                anchored = True
        count += 1
        position = row.id
        if progress and count % PAGE == 0:
            progress(PAGE)
    if recorded and recorded["position"] > position:
        raise IntegrityFailure(
            f"Integrity check failed: the store recorded {recorded['events']} events up to "
            f"position {recorded['position']}, but the log ends at {position}: events were "
            "removed outside SELA.")
    if recorded and recorded["events"] > count:
        raise IntegrityFailure("Integrity check failed: fewer events than the store recorded.")
    if not anchored:
        raise IntegrityFailure(f"Integrity check failed: the anchored head {anchor} was never "
                               "reached: the record differs from the one anchored.")
    return Report(events=count, schools=len(last), head=head, position=position)


# -- export and import -------------------------------------------------------------------------

def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def export_lines(app: Any, urn: str | None = None) -> Iterator[str]:
    """One JSON object per line: a header, then every event in log order with its hashes."""
    from .queries import refresh

    refresh(app)
    head = stored_head(app)
    table = app.recorder.events_record_cls.__table__
    with app.recorder.datastore.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table)).scalar_one()
    yield _line({"format": EXPORT_FORMAT, "exported_at": dt.datetime.now(dt.UTC).isoformat(
        timespec="seconds"), "urn": urn, "events": None if urn else total,
        "chain_head": None if urn or head is None else head["head"]})
    urns: dict[Any, str] = {}
    for row in _rows(app, urn):
        event = _decode(app, row)
        if event.originator_version == 1:
            urns[event.originator_id] = event.urn
        fields = {k: _jsonable(v) for k, v in vars(event).items()
                  if k not in ("originator_id", "originator_version", "timestamp",
                               "originator_topic", "hash", "prev_hash")}
        yield _line({"position": row.id, "school_id": str(event.originator_id),
                     "urn": urns.get(event.originator_id), "version": event.originator_version,
                     "event_type": type(event).__name__, "timestamp": event.timestamp.isoformat(),
                     "fields": fields, "prev_hash": event.prev_hash, "hash": event.hash})


def _event_classes() -> dict[str, type]:
    from .aggregates import events

    return {name: cls for name, cls in vars(events).items()
            if isinstance(cls, type) and issubclass(cls, events.SchoolEvent)}


def _convert(value: Any, hint: Any) -> Any:
    """Turn an exported JSON value back into the event field's own type."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(value, options[0]) if len(options) == 1 else value
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value)
    return value


def _build(classes: dict[str, type], data: dict[str, Any]) -> Any:
    from eventsourcing.utils import get_topic

    from .aggregates.school import School

    cls = classes.get(data["event_type"])
    if cls is None:
        raise ValueError(f"unknown event type {data['event_type']!r}")
    hints = typing.get_type_hints(cls)
    fields = {k: _convert(v, hints.get(k)) for k, v in data["fields"].items()}
    extra = {"originator_topic": get_topic(School)} if data["version"] == 1 else {}
    return cls(originator_id=UUID(data["school_id"]), originator_version=data["version"],
               timestamp=dt.datetime.fromisoformat(data["timestamp"]),
               prev_hash=data["prev_hash"], hash=data["hash"], **fields, **extra)


def read_export(lines: Iterable[str]) -> tuple[dict[str, Any], list[Any]]:
    """Parse and verify a whole export before anything is written; InvalidInput names the line."""
    from .aggregates.chain import GENESIS, fold, hash_of_event

    classes = _event_classes()
    header: dict[str, Any] | None = None
    built: list[Any] = []
    last: dict[str, tuple[int, str]] = {}
    head = GENESIS
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InvalidInput(f"Import refused: line {number} is not JSON ({e.msg}).") from None
        if header is None:
            if data.get("format") != EXPORT_FORMAT:
                raise InvalidInput(f"Import refused: line {number} is not a {EXPORT_FORMAT} "
                                   "header; export the file with `sela export`.")
            header = data
            continue
        try:
            event = _build(classes, data)
        except (KeyError, TypeError, ValueError) as e:
            raise InvalidInput(f"Import refused: line {number} is not a valid event "
                               f"({e}).") from None
        version, prev = last.get(data["school_id"], (0, GENESIS))
        if event.originator_version != version + 1 or event.prev_hash != prev:
            raise InvalidInput(f"Import refused: line {number} breaks the chain of school "
                               f"{data.get('urn') or data['school_id']} (version "
                               f"{event.originator_version} after {version}).")
        if hash_of_event(event) != event.hash:
            raise InvalidInput(f"Import refused: line {number} does not match its hash: the "
                               "file was altered after export.")
        last[data["school_id"]] = (event.originator_version, event.hash)
        head = fold(head, event.hash)
        built.append(event)
    if header is None:
        raise InvalidInput("Import refused: the file is empty.")
    if header.get("chain_head") and header["chain_head"] != head:
        raise InvalidInput("Import refused: the events do not give the chain head in the "
                           "header: lines were removed, added or reordered.")
    if header.get("events") is not None and header["events"] != len(built):
        raise InvalidInput(f"Import refused: the header says {header['events']} events, the "
                           f"file holds {len(built)}.")
    return header, built


def import_events(app: Any, events: list[Any], progress: Callable[[int], None] | None = None
                  ) -> int:
    """Write verified events into an empty store, all in one transaction."""
    from .application import count_events

    if count_events(app) != 0:
        raise InvalidInput("Import refused: the store already holds events; import into an "
                           "empty store (sela --db URL init).")
    with app.recorder.transaction(commit=True):
        for start in range(0, len(events), 1000):
            chunk = events[start:start + 1000]
            app.recorder.insert_events([app.mapper.to_stored_event(e) for e in chunk])
            if progress:
                progress(len(chunk))
    return len(events)
