"""Casework: the pathway view (one row per school), its deadlines, category movements, and
the register's plain values of each school (what the imports compare a file with).

Each school's folded state (aggregates/fold.py: effective-date order) is kept in
`sela_school_state`; an event dated no earlier than what the state holds is folded on, any
other makes the school be folded again from its events. Within a batch a school is decoded
and written once, however many of its events the batch holds.

Deadline rows are the items the steps expect (aggregates/expectations.py) as facts of the
record: an item that recurs each term or year is stored once, and its due date for the period
in hand is worked out when read — so a new term rewrites nothing. A pathway row that would
read differently on a known future day (an IEB taking over, a suspension taking effect)
carries that day as `valid_until`, and queries refresh it then.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from sela_workflow.aggregates.events import CategoryChanged, SchoolEvent, SchoolRegistered
from sela_workflow.aggregates.expectations import items
from sela_workflow.aggregates.fold import advance, can_advance, fold
from sela_workflow.aggregates.rules import get as rule
from sela_workflow.aggregates.state import codec, views
from sela_workflow.aggregates.state.case import CaseState
from sela_workflow.aggregates.steps import STEPS

from .registry import VERSIONS
from .tables import deadlines, movements, pathway, register, school_state

SEP = ", "


def pathway_row(state: CaseState, today: Any) -> dict[str, Any]:
    """The pathway-view row of a school, as on ``today``."""
    s = views.status(state, today)
    row = {k: v for k, v in s.items()
           if k not in ("eligibility", "powers", "open_notices", "last_effective_date")}
    row.update(school_id=str(state_id(state)), eligibility=SEP.join(s["eligibility"]),
               powers=SEP.join(s["powers"]), open_notices=SEP.join(s["open_notices"]),
               last_effective_date=state.last_effective_date,
               valid_until=views.valid_until(state, today))
    return row


def register_row(state: CaseState, school_id: str) -> dict[str, Any]:
    """What the register holds of a school, as the imports compare a file with it."""
    d = state.details
    keys: list[Any] = []
    for i in state.inspections:
        if i.inspection_number:
            keys.append(i.inspection_number)
        keys.append([i.inspection_date.isoformat(), i.published.isoformat()])
    return {"urn": d.urn, "school_id": school_id, "name": d.name,
            "establishment_type": d.establishment_type, "phase": d.phase,
            "religious_character": d.religious_character, "diocese": d.diocese,
            "academy_trust": d.academy_trust, "status": d.status, "la_code": d.la_code,
            "registered_on": d.registered_on, "converted_to": state.converted_to,
            "links": json.dumps(sorted([k.urn, k.kind, k.name] for k in state.links)),
            "inspections": json.dumps(keys),
            "latest_inspection": max((i.inspection_date for i in state.inspections),
                                     default=None),
            "ofsted_category": state.ofsted.category if state.ofsted else None}


def state_id(state: CaseState) -> Any:
    from sela_workflow.aggregates.identity import school_id

    return school_id(state.urn)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "value"):
        return value.name
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return None  # ASK: the officer supplies it


def deadline_rows(state: CaseState, policy: Any) -> list[dict[str, Any]]:
    rows = []
    for i in items(state, policy):
        step = STEPS.get(i.step) if i.step else None
        rows.append({
            "urn": state.urn, "rule_id": i.rule_id, "strength": rule(i.rule_id).strength,
            "timer": i.timer, "what": i.what, "due": i.due, "met_on": i.met_on, "kind": i.kind,
            "recurs": i.recurs, "anchor": i.anchor, "since": i.since, "last": i.last,
            "step": step.name if step else "",
            "options": json.dumps({k: _jsonable(v) for k, v in i.options.items()},
                                  sort_keys=True),
            "officer": state.officer})
    return rows


class CaseworkProjection:
    name = "casework"
    version = VERSIONS["casework"]
    tables = (school_state, pathway, deadlines, movements, register)

    def __init__(self, app: Any) -> None:
        self.app = app
        self.policy = app.policy
        self.today = app.today

    def _encode(self, state: CaseState) -> bytes:
        data = codec.encode(state)
        cipher = self.app.mapper.cipher
        return cipher.encrypt(data) if cipher is not None else data

    def _decode(self, data: bytes) -> CaseState | None:
        cipher = self.app.mapper.cipher
        try:
            return codec.decode(cipher.decrypt(data) if cipher is not None else data)
        except Exception:
            return None

    def _load_many(self, session: Session, ids: list[str]) -> dict[str, CaseState]:
        found: dict[str, CaseState] = {}
        for start in range(0, len(ids), 500):
            for row in session.execute(select(school_state).where(
                    school_state.c.school_id.in_(ids[start:start + 500]))):
                state = self._decode(bytes(row.state)) if row.format == codec.FORMAT else None
                if state is not None:
                    found[row.school_id] = state
        return found

    def write(self, session: Session, states: list[CaseState]) -> None:
        """Rewrite the state blobs, pathway rows and deadlines of these schools, set-wise."""
        if not states:
            return
        today = self.today()
        ids = [str(state_id(s)) for s in states]
        urns = [s.urn for s in states]
        blobs, rows, due_rows, held = [], [], [], []
        for s, sid in zip(states, ids, strict=True):
            blobs.append({"school_id": sid, "version": s.version, "format": codec.FORMAT,
                          "state": self._encode(s)})
            rows.append(pathway_row(s, today))
            due_rows.extend(deadline_rows(s, self.policy))
            held.append(register_row(s, sid))
        for start in range(0, len(ids), 500):
            chunk_ids, chunk_urns = ids[start:start + 500], urns[start:start + 500]
            session.execute(delete(school_state).where(school_state.c.school_id.in_(chunk_ids)))
            session.execute(delete(pathway).where(pathway.c.school_id.in_(chunk_ids)))
            session.execute(delete(deadlines).where(deadlines.c.urn.in_(chunk_urns)))
            session.execute(delete(register).where(register.c.school_id.in_(chunk_ids)))
        session.execute(insert(school_state), blobs)
        session.execute(insert(pathway), rows)
        session.execute(insert(register), held)
        if due_rows:
            session.execute(insert(deadlines), due_rows)

    def before_batch(self, session: Session) -> None:
        """Nothing rolls over: recurring deadlines are worked out when read."""

    def apply_batch(self, session: Session, batch: list[tuple[Any, int]]) -> None:
        mine = [(e, p) for e, p in batch if isinstance(e, SchoolEvent)]
        known = self._load_many(session, sorted({str(e.originator_id) for e, _ in mine}))
        touched: dict[str, CaseState] = {}
        refold: dict[str, int] = {}
        moved: list[dict[str, Any]] = []
        held: dict[str, list[Any]] = {}
        for event, position in mine:
            sid = str(event.originator_id)
            held.setdefault(sid, []).append(event)
            state = touched.get(sid) or known.get(sid)
            if sid in refold:
                refold[sid] = event.originator_version
            elif isinstance(event, SchoolRegistered) and state is None:
                touched[sid] = advance(event.start(), [event])
            elif (state is not None and event.originator_version == state.version + 1
                  and can_advance(state, [event])):
                touched[sid] = advance(state, [event])
            else:
                refold[sid] = event.originator_version
            if isinstance(event, CategoryChanged):
                moved.append({"position": position, "urn": self._urn(event, touched, known),
                              "from_category": event.from_category,
                              "to_category": event.to_category,
                              "effective_date": event.effective_date})
        for sid, version in refold.items():
            touched[sid] = fold(_whole(held.get(sid, []), version)
                                or list(self.app.events.get(_uuid(sid), lte=version)))
        if moved:
            session.execute(insert(movements), moved)
        self.write(session, list(touched.values()))

    def _urn(self, event: Any, *maps: dict[str, CaseState]) -> str:
        for m in maps:
            state = m.get(str(event.originator_id))
            if state is not None:
                return state.urn
        return str(self.app.school_urn(event.originator_id))

    def refresh(self, session: Session, school_ids: list[str]) -> None:
        """Rewrite rows whose `valid_until` has come, from their stored states."""
        states = list(self._load_many(session, school_ids).values())
        self.write(session, states)


def _whole(events: list[Any], version: int) -> list[Any]:
    """``events`` when they are the school's whole history up to ``version`` (a rebuild
    reads most schools' records within one batch), so the refold needs no second read of
    the log; else []."""
    upto = [e for e in events if e.originator_version <= version]
    if not upto or upto[-1].originator_version != version or \
            [e.originator_version for e in upto] != list(range(1, version + 1)):
        return []
    return upto


def _uuid(sid: str) -> Any:
    from uuid import UUID

    return UUID(sid)
