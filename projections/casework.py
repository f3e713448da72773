"""Casework: the pathway view (one row per school), its deadlines, and category movements.

Each event is applied to the school's folded state with the domain's own event code (never the
state machine), kept in `sela_school_state` in the library's snapshot encoding; the school's
pathway row and deadline rows are then rewritten from that state. Within a batch a school is
decoded and written once, however many of its events the batch holds.

Deadlines depend on the current term and academic year (termly meetings, the annual
assessment). The term they were worked out for is stored; when a new term starts, every
school's deadlines are rewritten from its stored state before the next batch.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import StoredEvent
from sela_workflow.aggregates.calendar import term_of
from sela_workflow.aggregates.events import CategoryChanged, SchoolEvent
from sela_workflow.aggregates.expectations import expectations
from sela_workflow.aggregates.school import School
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from .registry import VERSIONS
from .tables import casework_period, deadlines, movements, pathway, school_state

SEP = ", "


def pathway_row(school: School, items: list[Any], today: Any) -> dict[str, Any]:
    """The pathway-view row of a school: its status plus the next step due."""
    s = school.status()
    pending = [i for i in items if i.met_on is None and i.due is not None
               and i.status(today) in ("overdue", "due", "upcoming")]
    nxt = min(pending, key=lambda i: i.due) if pending else None
    row = {k: v for k, v in s.items()
           if k not in ("eligibility", "powers", "open_notices", "last_effective_date")}
    row.update(school_id=str(school.id), eligibility=SEP.join(s["eligibility"]),
               powers=SEP.join(s["powers"]), open_notices=SEP.join(s["open_notices"]),
               last_effective_date=school.last_effective_date,
               next_due=nxt.due if nxt else None, next_step=nxt.what if nxt else None,
               next_rule=nxt.rule_id if nxt else None)
    return row


def deadline_rows(school: School, items: list[Any]) -> list[dict[str, Any]]:
    from sela_workflow.aggregates import rules

    return [{"urn": school.urn, "rule_id": i.rule_id, "strength": rules.get(i.rule_id).strength,
             "timer": i.timer, "what": i.what, "due": i.due, "met_on": i.met_on,
             "kind": i.kind, "command": i.command, "officer": school.officer} for i in items]


class CaseworkProjection:
    name = "casework"
    version = VERSIONS["casework"]
    tables = (school_state, pathway, deadlines, movements, casework_period)

    def __init__(self, app: Any) -> None:
        self.mapper = app.mapper
        self.policy = app.policy
        self.today = app.today

    # -- state blobs ------------------------------------------------------------------------

    def _load_many(self, session: Session, school_ids: Any) -> dict[str, School]:
        """Folded states of these schools, in one query."""
        ids = [str(i) for i in school_ids]
        found: dict[str, School] = {}
        for start in range(0, len(ids), 500):
            for row in session.execute(select(school_state).where(
                    school_state.c.school_id.in_(ids[start:start + 500]))):
                snapshot = self.mapper.to_domain_event(StoredEvent(
                    originator_id=row.school_id, originator_version=row.version,
                    topic=row.topic, state=row.state))
                found[row.school_id] = snapshot.mutate(None)
        return found

    def _write(self, session: Session, schools: list[School]) -> None:
        """Rewrite the state blobs, pathway rows and deadlines of these schools, set-wise."""
        if not schools:
            return
        today = self.today()
        ids = [str(s.id) for s in schools]
        urns = [s.urn for s in schools]
        states, rows, due_rows = [], [], []
        for school in schools:
            stored = self.mapper.to_stored_event(School.Snapshot.take(school))
            states.append({"school_id": str(school.id), "version": school.version,
                           "topic": stored.topic, "state": stored.state})
            items = expectations(school, today, self.policy)
            rows.append(pathway_row(school, items, today))
            due_rows.extend(deadline_rows(school, items))
        for start in range(0, len(ids), 500):
            chunk_ids, chunk_urns = ids[start:start + 500], urns[start:start + 500]
            session.execute(delete(school_state).where(school_state.c.school_id.in_(chunk_ids)))
            session.execute(delete(pathway).where(pathway.c.school_id.in_(chunk_ids)))
            session.execute(delete(deadlines).where(deadlines.c.urn.in_(chunk_urns)))
        session.execute(insert(school_state), states)
        session.execute(insert(pathway), rows)
        if due_rows:
            session.execute(insert(deadlines), due_rows)

    def before_batch(self, session: Session) -> None:
        """Roll every school's deadlines into a new term (rare: a few times a year)."""
        term = term_of(self.today())
        stored = session.execute(select(casework_period.c.term).where(
            casework_period.c.name == "deadlines")).scalar_one_or_none()
        if stored == term:
            return
        if stored is None:
            session.execute(insert(casework_period).values(name="deadlines", term=term))
        else:
            session.execute(casework_period.update().values(term=term))
        ids = [r.school_id for r in session.execute(select(school_state.c.school_id))]
        for start in range(0, len(ids), 500):
            self._write(session, list(self._load_many(session, ids[start:start + 500]).values()))

    def apply_batch(self, session: Session, batch: list[tuple[Any, int]]) -> None:
        known = self._load_many(session, {e.originator_id for e, _ in batch
                                          if isinstance(e, SchoolEvent)})
        touched: dict[str, School] = {}
        moved: list[dict[str, Any]] = []
        for event, position in batch:
            if not isinstance(event, SchoolEvent):
                continue
            sid = str(event.originator_id)
            school = touched.get(sid) or known.get(sid)
            school = event.mutate(school)
            touched[sid] = school
            if isinstance(event, CategoryChanged):
                moved.append({"position": position, "urn": school.urn,
                              "from_category": event.from_category,
                              "to_category": event.to_category,
                              "effective_date": event.effective_date})
        if moved:
            session.execute(insert(movements), moved)
        self._write(session, list(touched.values()))
