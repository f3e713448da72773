"""Who is acting, and the authority's register of people, roles and policy (docs/security.md).

On PostgreSQL the actor is the database login of the session (``session_user``), which the
database authenticated: `--actor` cannot name anyone else (a superuser's session may, as the
database itself lets a superuser take any login's identity). On the embedded SQLite store —
one user, no authentication — the actor is `--actor`, else ``$SELA_ACTOR``, else the
operating-system login. Either way the register decides what the actor may record.

The register is the authority's own record (aggregates/events/authority.py): people, the
roles they hold over dates, and each version of the policy. Only an administrator changes it
(ID-02); whoever initialises an empty register becomes its first administrator.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable
from typing import Any

from .aggregates.acting import Records, bootstrap, check_acting, default_role
from .aggregates.envelope import Envelope
from .aggregates.errors import Conflict, InvalidInput, Refused
from .aggregates.identity import AUTHORITY_ID
from .aggregates.state.authority import AuthorityState
from .aggregates.vocabulary import CASEWORK_ROLES, READ_ONLY_ROLES, Role
from .cases import chain_events
from .config import ENV_ACTOR, default_actor

ATTEMPTS = 8
READ_ONLY = {r.value for r in READ_ONLY_ROLES}


def acting_login(app: Any, claimed: str | None) -> str:
    """Who is recording: the session's login on PostgreSQL, else the claim (--actor, else
    $SELA_ACTOR) or the OS login. On PostgreSQL a claim naming anyone else is refused — only
    a superuser's session may act for another login."""
    claim = (claimed or "").strip() or os.environ.get(ENV_ACTOR, "").strip()
    login = app.session_login()
    if login is None:
        chosen = claim or default_actor().strip()
        if not chosen:
            raise InvalidInput("No actor: say who is recording with --actor (or set "
                               "SELA_ACTOR).")
        return chosen
    if app.acts_for_others():
        return claim or login
    if claim and claim != login:
        raise InvalidInput(f"On this PostgreSQL store you act as your database login, "
                           f"{login}: --actor/SELA_ACTOR cannot name {claim!r}.")
    return login


def envelope_for(app: Any, claimed: str | None, role: str | None, effective_date: dt.date,
                 reason: str = "", documents: tuple[str, ...] = ()) -> Envelope:
    """The envelope of a recording: the acting login, and the role given or, when none is,
    the one casework role they hold on the day (else one line asking for --role)."""
    login = acting_login(app, claimed)
    chosen = role or os.environ.get("SELA_ROLE")
    if chosen:
        try:
            code = Role.parse(chosen).value
        except InvalidInput:
            raise InvalidInput(f"Unknown role {chosen.strip()[:40]!r}: record in one of "
                               f"{', '.join(r.value for r in CASEWORK_ROLES)}.") from None
    else:
        people = app.register()
        found = default_role(people, login, effective_date)
        if found is None:
            held = people.roles_on(login, effective_date)
            if people.person(login) is None or (held and set(held) <= READ_ONLY):
                # not in the register, or only read-only roles: the gate's own refusal
                check_acting(people, Envelope(actor=login, role=held[0] if held else
                                              Role.LA_ADVISER.value,
                                              effective_date=effective_date))
            raise InvalidInput(
                f"Say which role you record in with --role: {login} holds "
                f"{', '.join(held) if held else 'no role'} on {effective_date.isoformat()}.")
        code = found
    return Envelope(actor=login, role=code, effective_date=effective_date, reason=reason,
                    documents=documents)


def record_register(app: Any, decide: Callable[[AuthorityState], Records],
                    envelope: Envelope) -> list[Any]:
    """Judge a change of the register on it as stored now and save it, chained onto the
    authority's record; re-judged if another change got there first."""
    from eventsourcing.persistence import IntegrityError

    envelope.check(app.today())
    for attempt in range(1, ATTEMPTS + 1):
        register = app.register()
        records = decide(register)
        if not records:
            return []
        events = chain_events(records, envelope, AUTHORITY_ID, register.version,
                              register.chain_hash or None, register.policy_version)
        try:
            app.save(*events)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise Conflict("Conflict: the register was changed by someone else at the same "
                               "time; nothing was recorded. Try again.") from None
            time.sleep(random.uniform(0.0, min(0.5, 0.02 * 2 ** attempt)))
            continue
        app.register()  # the policy in force follows at once
        return events
    raise AssertionError("unreachable")


def open_register(app: Any, claimed: str | None) -> str | None:
    """Make the initialising login the register's first administrator, if it has none yet.
    Returns that login (None when the register was already open)."""
    if app.register().open:
        return None
    login = acting_login(app, claimed)
    today = app.today()
    envelope = Envelope(actor=login, role=Role.ADMIN.value, effective_date=today,
                        reason="the store's first administrator (sela init)")
    events = record_register(app, lambda r: bootstrap(r, login, today), envelope)
    return login if events else None


def require_open(app: Any) -> None:
    """Refuse early (one line) on a store whose register has not begun."""
    if not app.register().open:
        raise Refused("Refused: this store has no register of people yet", rule_id="ID-01",
                      basis="SELA procedure", remedy="Run `sela init`: it makes you the "
                      "store's first administrator; then add people with `sela people add`.")


def seed_register(app: Any, admin: str, people: Any, reason: str = "") -> int:
    """Open the register with ``admin`` (if it has none) and add ``people`` — (login, name,
    roles, first day) each — as that administrator: how many events it wrote. For the demo,
    test stores and benchmarks; officers use `sela people`."""
    from .aggregates.acting import add_person

    written = 2 if open_register(app, admin) else 0
    envelope = Envelope(actor=admin, role=Role.ADMIN.value, effective_date=app.today(),
                        reason=reason)
    for login, name, roles, start in people:
        written += len(record_register(
            app, lambda r, login=login, name=name, roles=roles, start=start: add_person(
                r, envelope, login, name, list(roles), start, None), envelope))
    return written
