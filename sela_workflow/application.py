"""The use cases officers record, as one handler: load the case, judge the command at its
effective date, store what it decided.

`handle(command, envelope)` is the only way a step is recorded — the CLI, `sela demo`, the
benchmark generator and the tests all build the same command objects. The case is folded in
effective-date order up to the command's date (the same fold as `--effective-on`); a
back-dated command is refused if it would change the judgement of steps recorded after it
(aggregates/backfill.py). If another writer got to the same school first, the command is judged
again on the fresh record, a few times, before it is reported as a conflict.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    OperationalError,
    Transcoding,
)

from . import clock
from .aggregates.errors import AlreadyExists, Conflict
from .aggregates.identity import check_urn, school_id
from .aggregates.policy import DEFAULT, Policy
from .cases import Recorded, load, not_registered, record_once

if TYPE_CHECKING:  # the domain is imported when a command first needs it (CLI start-up time)
    from .aggregates.envelope import Envelope
    from .aggregates.state.case import CaseState

#: How many times a command is judged again after losing a race for the same school.
MAX_ATTEMPTS = 12


class DateAsISO(Transcoding):
    type = dt.date
    name = "date_iso"

    def encode(self, obj: dt.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> dt.date:
        return dt.date.fromisoformat(data)


class SelaApplication(Application):  # type: ignore[type-arg]
    name = "sela"  # pinned: it names the tables (sela_events) and the env prefix (SELA_)
    log_section_size = 1000

    def __init__(self, env: dict[str, str] | None = None,
                 today: Callable[[], dt.date] = clock.today, policy: Policy = DEFAULT) -> None:
        super().__init__(env=env)
        self.today = today
        #: The policy when the register holds none (the documented defaults; tests may give
        #: another). The register's own policy, when there is one, is the one in force.
        self.default_policy = policy
        self._register: Any = None
        #: Notes for whoever asked (e.g. views answered as they stand by a read-only login).
        self.notes: list[str] = []

    # -- the authority's register: people, roles, the policy in force -------------------------

    def session_login(self) -> str | None:
        """The database login of this application's sessions on PostgreSQL (None elsewhere):
        the only identity a recording may carry there (docs/security.md)."""
        if not hasattr(self, "_session_login"):
            datastore = getattr(self.recorder, "datastore", None)
            engine = getattr(datastore, "engine", None)
            login, superuser = None, False
            if engine is not None and engine.dialect.name == "postgresql":
                from sqlalchemy import text

                with engine.connect() as conn:
                    row = conn.execute(text(
                        "SELECT session_user, (SELECT rolsuper FROM pg_roles "
                        "WHERE rolname = session_user)")).one()
                    login, superuser = str(row[0]), bool(row[1])
            self._session_login, self._superuser = login, superuser
        return self._session_login

    def acts_for_others(self) -> bool:
        """Whether this session may record in another login's name: only a PostgreSQL
        superuser's, which could take that login's identity in the database anyway
        (``SET SESSION AUTHORIZATION``), so refusing it would protect nothing."""
        self.session_login()
        return bool(getattr(self, "_superuser", False))

    def register(self) -> Any:
        """The register as stored now (read afresh: another officer may have changed it)."""
        from .aggregates.acting import register_from
        from .aggregates.identity import AUTHORITY_ID

        events = list(self.events.get(AUTHORITY_ID))  # type: ignore[arg-type]
        self._register = register_from(events)
        return self._register

    @property
    def policy(self) -> Policy:
        """The policy in force: the register's latest version, else the default."""
        from .aggregates.acting import policy_of

        if self._register is None:
            self.register()
        return policy_of(self._register, self.default_policy)

    @policy.setter
    def policy(self, value: Policy) -> None:
        self.default_policy = value

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

    # -- recording ---------------------------------------------------------------------------

    def handle(self, command: Any, envelope: Envelope, override: str | None = None) -> Recorded:
        """Judge ``command`` and store what it decided; raise a DomainError if refused."""

        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return record_once(self, command, envelope, override)
            except (IntegrityError, OperationalError) as e:
                if isinstance(e, OperationalError) and "locked" not in str(e).lower():
                    raise
                if type(command).__name__ == "RegisterSchool":
                    raise AlreadyExists(f"URN {command.urn} is already registered.") from e
                if attempt == MAX_ATTEMPTS:
                    raise Conflict(
                        f"Conflict: school {command.urn} was changed by someone else at the "
                        f"same time and {MAX_ATTEMPTS} attempts did not get through. Nothing "
                        "was recorded; check `sela history` and try again.") from e
                time.sleep(random.uniform(0.0, min(0.8, 0.02 * 2 ** attempt)))  # spread out
        raise AssertionError("unreachable")

    # -- reading one record ------------------------------------------------------------------

    def has_school(self, urn: str) -> bool:
        return bool(self.recorder.select_events(school_id(check_urn(urn)), desc=True, limit=1))

    def history(self, urn: str) -> list[Any]:
        """Every event of a school, in the order recorded (decoded once)."""
        urn = check_urn(urn)
        events = list(self.events.get(school_id(urn)))  # type: ignore[arg-type]
        if not events:
            raise not_registered(urn)
        return events

    def case(self, urn: str, on: dt.date | None = None) -> CaseState:
        """The case now, or as it stood effective on ``on`` (as known now)."""

        return load(self, check_urn(urn), on).state

    def school_urn(self, originator_id: Any) -> str:
        """The URN of a school known only by its aggregate ID (from its registration event)."""
        first = self.recorder.select_events(originator_id, lte=1)
        return str(self.mapper.to_domain_event(first[0]).urn)


def count_events(app: Application) -> int:  # type: ignore[type-arg]
    """How many events the store holds (the notification log's highest id is not a count)."""
    from sqlalchemy import func, select

    recorder: Any = app.recorder
    with recorder.transaction(commit=False) as session:
        table = recorder.events_record_cls.__table__
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def events_in(recorded: Sequence[Recorded]) -> int:
    return sum(len(r.events) for r in recorded)
