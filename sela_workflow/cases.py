"""Loading a case and recording one command against it.

A case is the fold of its events in effective-date order (aggregates/fold.py). To keep a
recording's cost flat as a history grows, the fold starts from the read models' stored state
of the school when that is still valid — no event since dated before what it holds, the log's
newest event the one it ends on — and folds only the events after it; otherwise, and for any
back-dated command, it folds the whole history. Either way it is the same fold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .aggregates.acting import check_acting, policy_of
from .aggregates.backfill import conflicts
from .aggregates.chain import GENESIS, event_hash
from .aggregates.errors import AlreadyExists, BackfillConflict, InvalidInput, NotFound, Remedy
from .aggregates.events import PolicyDeviationRecorded, SchoolEvent
from .aggregates.fold import advance, can_advance, fold, order_key
from .aggregates.identity import school_id
from .aggregates.rules import RULES_VERSION
from .aggregates.state import codec
from .aggregates.steps import step_of
from .aggregates.steps.corrections import WithdrawEntry
from .aggregates.steps.engine import judge
from .aggregates.steps.school import RegisterSchool
from .aggregates.steps.spec import Decision
from .projections.tables import school_state


@dataclass
class Recorded:
    """What a recording command did: the events stored and the warnings given."""

    urn: str
    events: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    result: str | None = None
    done: str = ""

    @property
    def event(self) -> Any:
        """The step's own event (after any override, before its outcomes)."""
        own = [e for e in self.events if type(e).__name__ != "PolicyDeviationRecorded"]
        return own[0] if own else None


def not_registered(urn: str) -> NotFound:
    return NotFound(f"No school with URN {urn} in this store.",
                    Remedy(step=RegisterSchool, lead="Register it first"))


@dataclass
class Loaded:
    state: Any  # CaseState: everything recorded, folded in effective-date order
    history: list[Any] | None = None  # every event, in recorded order, when it was read


def _stored_state(app: Any, sid: Any) -> Any:
    """The read models' folded state of a school, if present and readable (else None)."""
    datastore = getattr(app.recorder, "datastore", None)
    if datastore is None:
        return None  # an in-memory store keeps no read models
    try:
        with datastore.engine.connect() as conn:
            row = conn.execute(select(school_state.c.format, school_state.c.state)
                               .where(school_state.c.school_id == str(sid))).first()
    except SQLAlchemyError:
        return None  # read models missing or being rebuilt: fold from the log
    if row is None or row.format != codec.FORMAT:
        return None
    data = bytes(row.state)
    try:
        if app.mapper.cipher is not None:
            data = app.mapper.cipher.decrypt(data)
        return codec.decode(data)
    except Exception:
        return None


def load(app: Any, urn: str, on: dt.date | None = None, *, history: bool = False) -> Loaded:
    """The case of ``urn``: everything recorded, or (``on``) everything effective by then."""
    sid = school_id(urn)
    if on is None and not history:
        snap = _stored_state(app, sid)
        if snap is not None:
            newer = list(app.events.get(sid, gt=snap.version))
            last = newer[-1] if newer else _event(app, sid, snap.version)
            if last is not None and can_advance(snap, newer):
                state = advance(snap, newer)
                if last.hash == state.chain_hash and last.originator_version == state.version:
                    return Loaded(state)
    events = list(app.events.get(sid))
    if not events:
        raise not_registered(urn)
    if on is not None and events[0].effective_date > on:
        raise NotFound(f"{urn} was not registered on {on.isoformat()} (its record begins "
                       f"{events[0].effective_date.isoformat()}).")
    return Loaded(fold(events, until=on), events)


def _event(app: Any, sid: Any, version: int) -> Any:
    found = list(app.events.get(sid, gt=version - 1, lte=version))
    return found[0] if found else None


class Source:
    """Where a command's case comes from: the store (one command at a time) or a batch."""

    #: Whether its commands record facts from a published file (judged by the importer's
    #: role today, not on the file's dates: aggregates/acting.py).
    imported = False

    def __init__(self, app: Any) -> None:
        self.app = app

    def register(self) -> Any:
        """The authority's register as it stands (who holds which role; the policy)."""
        return self.app.register()

    def has_school(self, urn: str) -> bool:
        return bool(self.app.has_school(urn))

    def load(self, urn: str, history: bool) -> Loaded:
        return load(self.app, urn, history=history)


def record_once(app: Any, cmd: Any, envelope: Any, override: str | None) -> Recorded:
    """Judge ``cmd`` on the record as it stands and save what it decided (one attempt)."""
    recorded = decide(app, cmd, envelope, override, Source(app))
    app.save(*recorded.events)
    return recorded


def decide(app: Any, cmd: Any, envelope: Any, override: str | None, source: Source
           ) -> Recorded:
    """Judge ``cmd`` against its case on its effective date and build the events it records
    (hash-chained onto the case), without storing them. Raises a DomainError if refused."""
    step = step_of(cmd)
    today = app.today()
    on = envelope.effective_date
    envelope.check(today)
    session = app.session_login()
    if session is not None and envelope.actor.strip() != session \
            and not app.acts_for_others():
        raise InvalidInput(f"On this PostgreSQL store a step is recorded as the database login "
                           f"of the session, {session}, not {envelope.actor.strip()!r}.")
    people = source.register()
    check_acting(people, envelope, imported=source.imported and envelope.role == "SYSTEM",
                 today=today)
    policy = policy_of(people, app.default_policy)
    judged = {"policy": policy, "today": today, "override": override, "people": people}
    if isinstance(cmd, RegisterSchool):
        if source.has_school(cmd.urn):
            raise AlreadyExists(f"URN {cmd.urn} is already registered; see it with: "
                                f"sela status {cmd.urn}")
        decision = judge(cmd, None, envelope=envelope, **judged)
        events = _events(decision, envelope, school_id(cmd.urn), 0, None,
                         people.policy_version)
        return Recorded(cmd.urn, events, decision.warnings, decision.rules, decision.result,
                        step.done(cmd, decision))
    withdrawal = isinstance(cmd, WithdrawEntry)
    wanted = withdrawal or step.result_field != "" or bool(step.needs_history)
    loaded = source.load(cmd.urn, wanted)
    latest = loaded.state
    backdated = latest.max_effective is not None and on < latest.max_effective
    if (backdated or withdrawal) and loaded.history is None:
        loaded = source.load(cmd.urn, True)
        latest = loaded.state
    history = loaded.history or []
    at = fold(history, until=on) if backdated else latest
    decision = judge(cmd, at, envelope=envelope, history=history, **judged)
    events = _events(decision, envelope, school_id(cmd.urn), latest.version, latest.chain_hash,
                     people.policy_version)
    if backdated or withdrawal:
        after = order_key(events[0])
        if withdrawal:
            target = next(e for e in history
                          if e.originator_version == decision.records[0][1]["withdraws_version"])
            after = (True, target.effective_date, target.originator_version - 1)
        later = conflicts(history, events, after, policy=policy, today=today, people=people)
        if later:
            raise BackfillConflict(on, later,
                                   Remedy(f"Date it after {later[0].effective_date.isoformat()} "
                                          "if it happened later, or first withdraw the later "
                                          "step if it was recorded in error.", WithdrawEntry,
                                          {"version": later[0].version}))
    return Recorded(cmd.urn, events, decision.warnings, decision.rules, decision.result,
                    step.done(cmd, decision))


def chain_events(records: list[tuple[type, dict[str, Any]]], envelope: Any, originator_id: Any,
                 version: int, prev: str | None, policy_version: int = 0) -> list[Any]:
    """Events for ``records`` (class, data), hash-chained onto a record at ``version`` (the
    authority's own record; a school's steps go through `decide`)."""
    return _events(Decision(records, [], [], []), envelope, originator_id, version, prev,
                   policy_version)


def _events(decision: Any, envelope: Any, sid: Any, version: int, prev: str | None,
            policy_version: int) -> list[Any]:
    """The stored events of a decision: overrides first, one recorded time, hash-chained,
    each citing the policy version it was judged under."""
    records = [(PolicyDeviationRecorded, {"rule_id": rule_id, "justification": why,
                                          "authorised_by": by, "authorisation": auth})
               for rule_id, why, by, auth in decision.deviations] + list(decision.records)
    timestamp = SchoolEvent.create_timestamp()
    own = len(decision.deviations)
    out = []
    prev_hash = prev or GENESIS
    # The envelope's typed values as the canonical form writes them (aggregates/chain.py), so
    # hashing does not call back for them event by event: the same bytes, the same hash.
    canonical = {"originator_id": str(sid), "timestamp": timestamp.isoformat(),
                 "effective_date": envelope.effective_date.isoformat()}
    for n, (cls, data) in enumerate(records):
        fields = {**data, "actor": envelope.actor.strip(), "role": envelope.role,
                  "effective_date": envelope.effective_date, "reason": envelope.reason,
                  "documents": list(envelope.documents), "rules": list(decision.rules),
                  "rules_version": RULES_VERSION,
                  "warnings": list(decision.warnings) if n == own else [],
                  "policy_version": policy_version, "prev_hash": prev_hash}
        v = version + n + 1
        fields["hash"] = event_hash(cls.__name__, {**fields, **canonical,
                                                   "originator_version": v})
        out.append(cls(originator_id=sid, originator_version=v, timestamp=timestamp, **fields))
        prev_hash = fields["hash"]
    return out
