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


def _keys(text: str) -> frozenset[Any]:
    return frozenset(k if isinstance(k, str) else (dt.date.fromisoformat(k[0]),
                                                   dt.date.fromisoformat(k[1]))
                     for k in json.loads(text))


def snapshot(app: Any) -> Register:
    """Every registered school as plain values, from the read models in one query."""
    refresh(app)
    schools: dict[str, RegisteredSchool] = {}
    begins: dict[str, dt.date] = {}
    with app.recorder.datastore.engine.connect() as conn:
        for r in conn.execute(select(register)):
            schools[r.urn] = RegisteredSchool(
                r.urn, r.name, r.establishment_type, r.phase, r.religious_character,
                r.diocese, r.academy_trust, r.status, r.la_code or None,
                frozenset((u, k) for u, k, _ in json.loads(r.links)), r.converted_to,
                _keys(r.inspections) if r.inspections != "[]" else frozenset(),
                r.latest_inspection, r.ofsted_category)
            begins[r.urn] = r.registered_on
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
