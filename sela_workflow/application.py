"""The use cases officers, auditors and directors call: get a school, run a command, save.

Each write loads the school, lets the aggregate validate and record events, and saves them in
one transaction. If another writer got there first (same school, same version), the command
is re-run on the fresh state a few times before it is reported as a conflict.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, OperationalError, Transcoding

from . import clock
from .aggregates.errors import AlreadyExists, Conflict, NotFound
from .aggregates.identity import check_urn, school_id
from .aggregates.policy import DEFAULT, Policy

if TYPE_CHECKING:  # the domain is imported when a command first needs it (CLI start-up time)
    from .aggregates.envelope import Envelope
    from .aggregates.events import SchoolEvent
    from .aggregates.judgement import Context
    from .aggregates.school import School

T = TypeVar("T")

#: How many times a command is re-run after losing a race for the same school.
MAX_ATTEMPTS = 12


class DateAsISO(Transcoding):
    type = dt.date
    name = "date_iso"

    def encode(self, obj: dt.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> dt.date:
        return dt.date.fromisoformat(data)


@dataclass
class Outcome:
    """What a recording command did: the events stored and the warnings given."""

    urn: str
    events: list[SchoolEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    result: Any = None


class SelaApplication(Application):
    name = "sela"  # pinned: it names the tables (sela_events) and the env prefix (SELA_)
    log_section_size = 1000

    def __init__(self, env: dict[str, str] | None = None,
                 today: Callable[[], dt.date] = clock.today, policy: Policy = DEFAULT) -> None:
        super().__init__(env=env)
        self.today = today
        self.policy = policy

    def context(self, envelope: Envelope, override: str | None = None) -> Context:
        """Everything a command needs besides its own data."""
        from .aggregates.judgement import Context

        return Context(envelope=envelope, today=self.today(), policy=self.policy,
                       override=override)

    def close(self) -> None:
        """Close the application and its database connections (the library leaves the
        engine's pool open, which in a long-lived process opening many stores adds up)."""
        super().close()
        engine = getattr(getattr(self.recorder, "datastore", None), "engine", None)
        if engine is not None and hasattr(engine, "dispose"):
            engine.dispose()

    def construct_mapper(self) -> Any:
        """The library's mapper, but resolving stored topics from SELA's own classes only
        (topics.py): a row edited outside SELA never makes a command import a module."""
        from .topics import SelaMapper

        return self.factory.mapper(transcoder=self.construct_transcoder(),
                                   mapper_class=SelaMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- officers: recording -----------------------------------------------------------

    def register_school(self, *, urn: str, name: str, establishment_type: str, phase: str,
                        religious_character: str = "none", diocese: str = "",
                        academy_trust: str = "", envelope: Envelope) -> Outcome:
        from .aggregates.school import School

        urn = check_urn(urn)
        if self.has_school(urn):
            raise AlreadyExists(f"URN {urn} is already registered; see it with: sela status {urn}")
        school = School.register(
            urn=urn, name=name, establishment_type=establishment_type, phase=phase,
            religious_character=religious_character, diocese=diocese,
            academy_trust=academy_trust, envelope=envelope, today=self.today())
        events = list(school.pending_events)
        try:
            self.save(school)
        except IntegrityError as e:  # registered by someone else a moment ago
            raise AlreadyExists(f"URN {urn} is already registered; "
                               f"see it with: sela status {urn}") from e
        return Outcome(urn, events)

    def assess(self, urn: str, *, category: str, rationale: str,
               critical_criteria: Sequence[str] = (), academic_year: str | None = None,
               review: bool = False, envelope: Envelope, override: str | None = None) -> Outcome:
        ctx = self.context(envelope, override)
        return self.change(urn, lambda s: s.assess(
            category=category, rationale=rationale, critical_criteria=critical_criteria,
            academic_year=academic_year, review=review, ctx=ctx))

    def communicate(self, urn: str, *, recipients: Sequence[str], envelope: Envelope,
                    override: str | None = None) -> Outcome:
        ctx = self.context(envelope, override)
        return self.change(urn, lambda s: s.communicate(recipients=recipients, ctx=ctx))

    # -- everyone: reading one record ------------------------------------------------------

    def has_school(self, urn: str) -> bool:
        return bool(self.recorder.select_events(school_id(check_urn(urn)), desc=True, limit=1))

    def school(self, urn: str, version: int | None = None) -> School:
        urn = check_urn(urn)
        try:
            return self.repository.get(school_id(urn), version=version)  # type: ignore[return-value]
        except AggregateNotFoundError:
            raise NotFound(f"No school with URN {urn} in this store; register it first: "
                           f"sela school register {urn} --name ...") from None

    def school_urn(self, originator_id: Any) -> str:
        """The URN of a school known only by its aggregate ID (from its registration event)."""
        first = self.recorder.select_events(originator_id, lte=1)
        return str(self.mapper.to_domain_event(first[0]).urn)  # type: ignore[attr-defined]

    def history(self, urn: str) -> list[SchoolEvent]:
        self.school(urn)  # raises NotFound with the usual message
        return list(self.events.get(school_id(check_urn(urn))))  # type: ignore[arg-type]

    # -- internals ---------------------------------------------------------------------

    def change(self, urn: str, command: Callable[[School], Any]) -> Outcome:
        """Run a School command and save its events; re-run it on fresh state if we lost a race.

        The command returns its warnings (list[str]) or (result, warnings); the result, e.g. a
        new notice's ID, is kept on the Outcome.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            school = self.school(urn)
            returned = command(school)
            result, warnings = returned if isinstance(returned, tuple) else (None, returned)
            events = list(school.pending_events)
            try:
                self.save(school)
            except (IntegrityError, OperationalError) as e:
                if isinstance(e, OperationalError) and "locked" not in str(e).lower():
                    raise
                if attempt == MAX_ATTEMPTS:
                    raise Conflict(
                        f"Conflict: school {urn} was changed by someone else at the same time "
                        f"and {MAX_ATTEMPTS} attempts did not get through. Nothing was "
                        "recorded; check `sela history` and try again.") from e
                time.sleep(random.uniform(0.0, min(0.8, 0.02 * 2 ** attempt)))  # spread out
                continue
            return Outcome(urn, events, warnings, result)
        raise AssertionError("unreachable")


def count_events(app: Application) -> int:
    """How many events the store holds (the notification log's highest id is not a count)."""
    from sqlalchemy import func, select

    recorder: Any = app.recorder
    with recorder.transaction(commit=False) as session:
        table = recorder.events_record_cls.__table__
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())
