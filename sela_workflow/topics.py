"""Which stored topics SELA decodes: its own classes, looked up in a table, never imported.

A stored event names its class by topic (``module:Class``), and the library resolves a topic by
importing the module it names. A row edited outside SELA could therefore make any command —
`sela audit verify` included — import whatever module the edit named. So SELA decodes through
an allow-list instead: the SchoolEvent subclasses reachable as attributes of
``sela_workflow.aggregates.events`` (whatever modules they are defined in), the School
aggregate, and the library's own snapshot class. Anything else is an integrity failure (exit
3), raised before a module is imported or a byte decoded.

Each event class is accepted under exactly two spellings: its topic today and
``sela_workflow.aggregates.events:<Name>``, the module every event was recorded under so far.
Both name the same class, and the class name is inside each event's hash, so the topic column
cannot be changed to another class without verify noticing.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.utils import get_topic

from .aggregates.errors import IntegrityFailure
from .decoding import decode

EVENTS_MODULE = "sela_workflow.aggregates.events"
SCHOOL_MODULE = "sela_workflow.aggregates.school"
LIBRARY_SNAPSHOT = "eventsourcing.domain:Snapshot"


@cache
def event_classes() -> dict[str, type]:
    """Every SELA event class by name, found in the events module (never listed by hand)."""
    from .aggregates import events

    base = events.SchoolEvent
    return {cls.__name__: cls for cls in vars(events).values()
            if isinstance(cls, type) and issubclass(cls, base) and cls is not base}


@cache
def event_topics() -> dict[str, type]:
    """Stored event topic -> class, for every accepted spelling."""
    found: dict[str, type] = {}
    for name, cls in event_classes().items():
        found[f"{EVENTS_MODULE}:{name}"] = cls
        found[get_topic(cls)] = cls
    return found


@cache
def aggregate_topics() -> dict[str, type]:
    """Aggregate class topics a creation event or a snapshot may name."""
    from .aggregates.school import School

    return {f"{SCHOOL_MODULE}:School": School, get_topic(School): School}


@cache
def snapshot_topics() -> dict[str, type]:
    from eventsourcing.domain import Snapshot

    from .aggregates.school import School

    found: dict[str, type] = {LIBRARY_SNAPSHOT: Snapshot}
    own = getattr(School, "Snapshot", Snapshot)
    found[get_topic(own)] = own
    return found


def event_class(topic: str) -> type:
    """The event class a stored topic names; IntegrityFailure for any other topic."""
    cls = event_topics().get(topic)
    if cls is None:
        raise IntegrityFailure(f"Integrity check failed: a stored event names the class "
                               f"{topic[:120]!r}, which is not one of SELA's events: it was "
                               "altered outside SELA. Run `sela audit verify` to name it.")
    return cls


class SelaMapper(Mapper):  # type: ignore[type-arg]
    """The library's mapper, resolving topics through the allow-list above."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        topic = stored_event.topic
        cls = event_topics().get(topic) or snapshot_topics().get(topic)
        if cls is None:
            event_class(topic)  # raises
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state: dict[str, Any] = decode(data, self.transcoder)
        except Exception as e:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{topic}', "
                f"originator_id '{stored_event.originator_id}' and originator_version "
                f"{stored_event.originator_version}: {e}") from e
        # The aggregate class the library would import later (creation events, snapshots).
        for key in ("originator_topic", "topic") if cls in snapshot_topics().values() else (
                "originator_topic",):
            named = state.get(key)
            if named is not None and named not in aggregate_topics():
                raise IntegrityFailure(
                    f"Integrity check failed: stored event {stored_event.originator_id} "
                    f"version {stored_event.originator_version} names the aggregate class "
                    f"{str(named)[:120]!r}, which is not SELA's: it was altered outside SELA.")
        convert = find_id_convertor(cls, type(stored_event.originator_id))
        state["originator_id"] = convert(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event
