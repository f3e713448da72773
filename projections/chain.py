"""The store's chain head: every event's hash folded in log order (head = sha256(head + hash)).

Each school's events are chained by their own hashes; this fold ties all schools together, so
removing the newest event of a school, or moving events between positions, changes the head.
Printed by `sela audit head` to be anchored outside the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from sela_workflow.aggregates.chain import GENESIS, fold

from .registry import VERSIONS
from .tables import chain_head


class ChainProjection:
    name = "chain"
    version = VERSIONS["chain"]
    tables = (chain_head,)

    def __init__(self, app: Any) -> None:
        self._app = app

    def before_batch(self, session: Session) -> None:
        """Nothing time-based here."""

    def apply_batch(self, session: Session, batch: list[tuple[Any, int]]) -> None:
        row = session.execute(select(chain_head)).first()
        head, count = (row.head, row.events) if row else (GENESIS, 0)
        for event, _ in batch:
            head = fold(head, event.hash)
            count += 1
        values = {"head": head, "events": count, "position": batch[-1][1]}
        if row is None:
            session.execute(insert(chain_head).values(name="head", **values))
        else:
            session.execute(update(chain_head).values(**values))
