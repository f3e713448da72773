"""`sela import`: read an export file, verify all of it, then write it in one transaction.

The file is parsed and checked line by line — JSON, event types (SELA's own classes only),
every school's chain, every hash, the header's count and chain head — before anything is
written; any fault is one line naming the line (exit 2). Values are typed back by their
field's annotation and the store's own transcodings, and put back in the class's field order,
so the stored bytes come out identical to the source's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json
import sys
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import func, select

from .aggregates.errors import InvalidInput
from .stored import ENVELOPE, EXPORT_FORMAT


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

    from .aggregates.events import SCHOOL_TOPIC

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
             if k not in ENVELOPE}
    if "originator_topic" in hints:  # a creation event: the aggregate topic SELA has always
        given["originator_topic"] = SCHOOL_TOPIC  # stored (not hashed, not taken from the file)
    given["timestamp"] = dt.datetime.fromisoformat(data["timestamp"])
    if given["timestamp"].tzinfo is None:
        raise ValueError("the timestamp has no time zone")
    given["prev_hash"], given["hash"] = str(data["prev_hash"]), str(data["hash"])
    # The class's field order is the order the library stored the event in; anything the class
    # no longer declares follows, as in the file.
    state = {k: given.pop(k) for k in _field_order(cls) if k in given}
    state.update(given)
    if data.get("class_version") is not None:  # the library writes its marker last
        if not isinstance(data["class_version"], int) or isinstance(data["class_version"], bool):
            raise ValueError("class_version is not a whole number")
        state["class_version"] = data["class_version"]
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
        except (ValueError, RecursionError) as e:  # nested too deep, a number too long
            raise InvalidInput(f"Import refused: line {number} is not an export line "
                               f"({type(e).__name__}: {str(e)[:80]}).") from None
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
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as e:
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
                               "a new, empty store.")
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
