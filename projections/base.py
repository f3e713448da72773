"""What a projection is: a name, a schema version, its tables, and how one event changes them."""

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

    def apply(self, session: Session, event: Any, position: int) -> None:
        """Fold one event into the tables, inside the caller's transaction."""
        ...
