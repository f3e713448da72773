"""The stored record as it was hashed: rows in log order, each event's content exactly as
stored, and the chain head the store recorded. Shared by verify, export and import (which
import this module, never each other)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from .aggregates.errors import IntegrityFailure

EXPORT_FORMAT = "sela-export/1"
PAGE = 5000
#: Stored keys that are not exported as the event's fields: the row's own columns, the chain,
#: the library's version marker, and the aggregate's class path (not part of the record, not
#: hashed; import writes today's).
ENVELOPE = ("originator_id", "originator_version", "timestamp", "hash", "prev_hash",
            "class_version", "originator_topic")


# -- reading stored rows ------------------------------------------------------------------------

def rows(app: Any, urn: str | None, *, upto: int | None = None, page: int = PAGE
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


def event_type(topic: str) -> str:
    """The name of the SELA event class a stored topic names (IntegrityFailure for a topic
    that names none: never imported, see topics.py)."""
    from .topics import event_class

    return event_class(topic).__name__


def broken(urns: dict[Any, str], row: Any, what: str) -> IntegrityFailure:
    school = urns.get(row.originator_id, row.originator_id)
    return IntegrityFailure(f"Integrity check failed at school {school} version "
                            f"{row.originator_version} (position {row.id}): {what}.")


def stored_content(app: Any, row: Any) -> dict[str, Any]:
    """The event's fields exactly as stored (decrypted, decompressed, decoded), with its ID and
    version: what was hashed when it was recorded. The library's ``class_version`` marker
    (added when a class has been versioned) is kept, but never hashed (aggregates/chain.py)."""
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
