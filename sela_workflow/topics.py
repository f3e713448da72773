"""Which stored topics SELA decodes: its own classes, looked up in a table, never imported.

A stored event names its class by topic (``module:Class``), and the library resolves a topic by
importing the module it names. A row edited outside SELA could therefore make any command —
`sela audit verify` included — import whatever module the edit named. So SELA decodes through
an allow-list instead: the event classes of the domain's registry (whatever modules they
are defined in) and, in creation events, the one aggregate topic SELA has always stored.
Anything else is an integrity failure (exit 3), raised before a module is imported or a byte
decoded.

Each event class is accepted under exactly two spellings: its topic today and
``sela_workflow.aggregates.events:<Name>``, the module every event was recorded under so far.
Both name the same class, and the class name is inside each event's hash, so the topic column
cannot be changed to another class without verify noticing.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from eventsourcing.persistence import Mapper, StoredEvent, find_id_convertor
from eventsourcing.utils import get_topic

from .aggregates.errors import IntegrityFailure
from .decoding import decode

EVENTS_MODULE = "sela_workflow.aggregates.events"


@cache
def event_classes() -> dict[str, type]:
    """Every SELA event class by name: the domain's registry (aggregates/events/base.py),
    which every event class joins by being defined — never a list kept by hand."""
    from .aggregates.events import REGISTRY

    return dict(REGISTRY)


@cache
def event_topics() -> dict[str, type]:
    """Stored event topic -> class, for every accepted spelling."""
    found: dict[str, type] = {}
    for name, cls in event_classes().items():
        found[f"{EVENTS_MODULE}:{name}"] = cls
        found[get_topic(cls)] = cls
    return found


@cache
def aggregate_topics() -> dict[str, str]:
    """The aggregate topic a creation event may name: the one every registration has stored
    since release 0.1 (kept byte for byte; never resolved)."""
    from .aggregates.events import SCHOOL_TOPIC

    return {SCHOOL_TOPIC: "School"}


def event_class(topic: str) -> type:
    """The event class a stored topic names; IntegrityFailure for any other topic."""
    cls = event_topics().get(topic)
    if cls is None:
        raise IntegrityFailure(f"Integrity check failed: a stored event names the class "
                               f"{topic[:120]!r}, which is not one of SELA's events: it was "
                               "altered outside SELA. Run `sela audit verify` to name it.")
    return cls


def written_by_sela(stored_version: Any, cls: type) -> bool:
    """Whether a stored class version is one SELA wrote for ``cls`` (1 up to its current
    version). The version is outside the hash — it only says which upcasts apply — so one
    this release never wrote is the only sign it was edited."""
    return type(stored_version) is int and 1 <= stored_version <= getattr(cls, "class_version", 1)


class SelaMapper(Mapper):  # type: ignore[type-arg]
    """The library's mapper, resolving topics through the allow-list above and decoding with
    orjson (decoding.py); a stored event that cannot be read is an integrity failure."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        topic = stored_event.topic
        cls = event_class(topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state: dict[str, Any] = decode(data, self.transcoder)
        except Exception as e:
            raise IntegrityFailure(
                f"Integrity check failed: stored event {stored_event.originator_id} version "
                f"{stored_event.originator_version} cannot be read ({type(e).__name__}): it "
                "was altered outside SELA. Run `sela audit verify`.") from None
        named = state.get("originator_topic")
        if named is not None and named not in aggregate_topics():
            raise IntegrityFailure(
                f"Integrity check failed: stored event {stored_event.originator_id} "
                f"version {stored_event.originator_version} names the aggregate class "
                f"{str(named)[:120]!r}, which is not SELA's: it was altered outside SELA.")
        convert = find_id_convertor(cls, type(stored_event.originator_id))
        state["originator_id"] = convert(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        state.setdefault("policy_version", 0)  # recorded before the policy was a record
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        if not written_by_sela(from_version, cls):
            raise IntegrityFailure(
                f"Integrity check failed: stored event {stored_event.originator_id} version "
                f"{stored_event.originator_version} claims class version "
                f"{str(from_version)[:20]} of {cls.__name__}, which SELA never wrote: it was "
                "altered outside SELA.")
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event
