"""Reading the log for the projections: a page of stored rows, decoded to domain events.

Rows come straight from the driver (a plain statement, no result objects or ORM type
processing); an aggregate's ID is converted once per page, not once per row; the mapper
(sela_workflow/topics.py) resolves each topic from SELA's own classes and decodes with orjson.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.persistence import StoredEvent
from sqlalchemy.orm import Session

from sela_workflow.aggregates.errors import IntegrityFailure


def read_events(app: Any, session: Session, after: int, limit: int) -> list[tuple[Any, int]]:
    """Events after position ``after``, decoded, with their positions."""
    table = app.recorder.events_record_cls.__table__.name
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    rows = conn.exec_driver_sql(
        f"SELECT id, originator_id, originator_version, topic, state FROM {table} "
        f"WHERE id > {mark} ORDER BY id LIMIT {int(limit)}", (after,)).all()
    to_event = app.mapper.to_domain_event
    ids: dict[Any, uuid.UUID] = {}
    try:
        events = []
        for position, raw_id, version, topic, state in rows:
            oid = ids.get(raw_id)
            if oid is None:
                oid = ids[raw_id] = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(
                    bytes=bytes(raw_id))
            events.append((to_event(StoredEvent(originator_id=oid, originator_version=version,
                                                topic=topic, state=bytes(state))), position))
        return events
    except IntegrityFailure:
        raise
    except Exception as e:  # a row altered outside SELA no longer decodes: exit 3, not a crash
        raise IntegrityFailure(f"Integrity check failed: a stored event after position {after} "
                               f"cannot be read ({type(e).__name__}); run `sela audit verify` "
                               "to name it.") from None
