"""The imports: one row per published file imported, from the authority's FileImported events,
for auditors to list (`sela audit imports`) and the imports to check a file against."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from sela_workflow.aggregates.events import FileImported

from .registry import VERSIONS
from .tables import imports


class ImportsProjection:
    name = "imports"
    version = VERSIONS["imports"]
    tables = (imports,)

    def __init__(self, app: Any) -> None:
        self._app = app

    def before_batch(self, session: Session) -> None:
        """Nothing time-based here."""

    def apply_batch(self, session: Session, batch: list[tuple[Any, int]]) -> None:
        rows = [{
            "position": position, "kind": e.kind, "file_name": e.file_name,
            "extract_date": e.extract_date, "sha256": e.sha256, "size": e.size,
            "encoding": e.encoding, "rows": e.rows, "la_codes": " ".join(e.la_codes),
            **{k: int(e.counts.get(k, 0))
               for k in ("new", "changed", "unchanged", "skipped", "outside")},
            "events": e.events, "reference": e.reference, "actor": e.actor,
            "recorded_at": e.timestamp,
        } for e, position in batch if isinstance(e, FileImported)]
        if rows:
            session.execute(insert(imports), rows)
