"""What the register holds, as the imports compare a file with it: one query of the read
models, caught up first (so never stale), never a replay of every school.

`snapshot` gives the planners' `RegisteredSchool` values (sela_workflow/imports/plan.py) from
the casework projection's `sela_register` rows; `imports_list` the import records auditors
list (`sela audit imports`), from the authority's `FileImported` events.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from .imports.plan import RegisteredSchool
from .projections.tables import imports, register
from .queries import refresh


@dataclass(frozen=True)
class Register:
    """The register's schools by URN, with the day each one's record begins."""

    schools: dict[str, RegisteredSchool]
    begins: dict[str, dt.date]


NONE: frozenset[Any] = frozenset()


def _keys(text: str) -> frozenset[Any]:
    return frozenset(k if isinstance(k, str) else (dt.date.fromisoformat(k[0]),
                                                   dt.date.fromisoformat(k[1]))
                     for k in json.loads(text))


def _links(text: str) -> frozenset[tuple[str, str]]:
    return frozenset((u, k) for u, k, _ in json.loads(text))


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


#: The register's columns in `RegisteredSchool` field order, then the record's first day.
_COLUMNS = ("urn", "name", "establishment_type", "phase", "religious_character", "diocese",
            "academy_trust", "status", "la_code", "links", "converted_to", "inspections",
            "latest_inspection", "ofsted_category", "registered_on")


def snapshot(app: Any) -> Register:
    """Every registered school as plain values, from the read models in one query. The rows
    are read as the driver gives them (no ORM rows, no per-field dataclass sets): a re-import
    of an unchanged extract is mostly this and reading the file."""
    refresh(app)
    schools: dict[str, RegisteredSchool] = {}
    begins: dict[str, dt.date] = {}
    of = RegisteredSchool.of
    with app.recorder.datastore.engine.connect() as conn:
        cursor = conn.exec_driver_sql(
            f"SELECT {', '.join(_COLUMNS)} FROM {register.name}").cursor
        for (urn, name, kind, phase, religion, diocese, trust, status, la, links, converted,
             inspections, latest, category, begun) in cursor:
            schools[urn] = of((urn, name, kind, phase, religion, diocese, trust, status,
                               la or None, NONE if links == "[]" else _links(links), converted,
                               NONE if inspections == "[]" else _keys(inspections),
                               latest if latest is None else _day(latest), category))
            begins[urn] = _day(begun)  # type: ignore[assignment]
    return Register(schools, begins)


def imports_list(app: Any, kind: str | None = None) -> list[dict[str, Any]]:
    """The import records, oldest first: each file imported, its hash, counts and events."""
    refresh(app)
    q = select(imports).order_by(imports.c.position)
    if kind:
        q = q.where(imports.c.kind == kind)
    with app.recorder.datastore.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    for row in rows:
        for key in ("extract_date", "recorded_at"):
            row[key] = row[key].isoformat() if row[key] else None
        row["la_codes"] = row["la_codes"].split()
    return rows


def latest_extract(app: Any, kind: str) -> dict[str, Any] | None:
    """The import record of the newest extract of ``kind`` already imported, if any."""
    rows = [r for r in imports_list(app, kind) if r["extract_date"]]
    return max(rows, key=lambda r: (r["extract_date"], r["position"])) if rows else None
