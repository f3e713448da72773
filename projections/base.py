"""What a projection is: a name, a schema version, its tables, and how events change them."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Table
from sqlalchemy.orm import Session


class Projection(Protocol):
    #: Names the tracking row; keep it stable.
    name: str
    #: Bump when the tables or the fold change: the projection is then rebuilt from the log.
    version: int
    tables: tuple[Table, ...]

    def before_batch(self, session: Session) -> None:
        """Work the projection does before each batch (e.g. rolling time-based rows)."""
        ...

    def apply_batch(self, session: Session, batch: list[tuple[Any, int]]) -> None:
        """Fold (event, position) pairs, in log order, inside the caller's transaction."""
        ...
