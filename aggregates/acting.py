"""Who is acting: checked before any step is judged (ID-01, ID-03), and the register's own
changes, which only an administrator records (ID-02).

The recorder of a step must be in the authority's register and hold, on the step's effective
date, the role the step is recorded in — so a step back-filled into 2015 needs a role held in
2015. A role held only to read (AUDITOR) records nothing; the administrator's role keeps the
register and the policy, not a school's case. Facts imported from a published file are the
exception: they are dated by the file, so the importer must hold a role today.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .envelope import Envelope
from .errors import InvalidInput, Refused, Remedy
from .events import PersonAdded, PolicyChanged, RoleEnded, RoleGranted
from .policy import Policy
from .rules import get
from .state.authority import AuthorityState
from .vocabulary import (
    CASEWORK_ROLES,
    PERSON_ROLES,
    READ_ONLY_ROLES,
    ROLE_LABELS,
    Role,
)

#: The rules every recording is checked against before its step (docs/rulebook.md).
GATE_RULES = ("ID-01", "ID-03")
LOGIN = re.compile(r"^[A-Za-z0-9_.@-]{1,63}$")
Records = list[tuple[type, dict[str, Any]]]


def _refuse(rule_id: str, what: str, advice: str = "") -> Refused:
    return Refused(what, rule_id=rule_id, basis=get(rule_id).basis, remedy=advice or None)


def check_acting(register: AuthorityState, envelope: Envelope, *, imported: bool = False,
                 today: dt.date | None = None) -> None:
    """Refuse a recording whose recorder or role the register does not bear out."""
    if not register.open:
        raise _refuse("ID-01", "Refused: this store has no register of people yet", (
            "The login that initialises the store becomes its first administrator, who then "
            "adds the people who record steps, with their roles."))
    who, role = envelope.actor.strip(), envelope.role
    person = register.person(who)
    if person is None:
        raise _refuse("ID-01", f"Refused: {who} is not in the authority's register of people",
                      "An administrator adds them, with the roles they hold.")
    if role not in {r.value for r in PERSON_ROLES} and not imported:
        label = ROLE_LABELS.get(Role.parse(role), role) if role in Role.__members__ else role
        raise _refuse("ID-01", f"Refused: {role} is not a role a person holds in SELA", (
            f"Record what the {label} decided in your own role (--role): the step itself says "
            "who decided."))
    day = (today or envelope.effective_date) if imported else envelope.effective_date
    held = register.roles_on(who, day)
    if imported:
        if not set(held) & {r.value for r in (*CASEWORK_ROLES, Role.ADMIN)}:
            raise _refuse("ID-01", f"Refused: {who} holds no role that may import files on "
                          f"{day.isoformat()} (roles then: {', '.join(held) or 'none'})",
                          "An administrator gives them a casework role with the people add "
                          "command, or someone who holds one imports the file.")
        return
    if role not in held:
        raise _refuse("ID-01", f"Refused: {who} did not hold the role {role} on "
                      f"{day.isoformat()} (roles then: {', '.join(held) or 'none'})",
                      "Record it in a role held that day, or an administrator records the "
                      "role's dates.")
    if role in {r.value for r in READ_ONLY_ROLES}:
        raise _refuse("ID-03", f"Refused: {role} is a read-only role: it records nothing",
                      "Someone in a casework role records the step; an auditor reads the "
                      "record (history, status, the audit commands).")
    if role == Role.ADMIN.value:
        raise _refuse("ID-01", "Refused: the ADMIN role keeps the register and the policy, not "
                      "a school's record", "Record school steps in a casework role (--role).")


def default_role(register: AuthorityState, login: str, day: dt.date) -> str | None:
    """The role a person records in when they name none: their only casework role that day."""
    held = [r for r in register.roles_on(login, day)
            if r in {c.value for c in CASEWORK_ROLES}]
    return held[0] if len(held) == 1 else None


# -- the register's own records (ID-02) ----------------------------------------------------------


def _admin(register: AuthorityState, envelope: Envelope) -> None:
    if not register.holds(envelope.actor, Role.ADMIN.value, envelope.effective_date):
        raise _refuse("ID-02", f"Refused: only an administrator changes the register or the "
                      f"policy; {envelope.actor} is not ADMIN on "
                      f"{envelope.effective_date.isoformat()}",
                      "Ask an administrator (the people list shows who holds ADMIN).")


def check_login(login: str) -> str:
    login = login.strip()
    if not LOGIN.fullmatch(login):
        raise InvalidInput(f"{login[:40]!r} is not a login: letters, digits and . _ @ - only, "
                           "up to 63 characters (the database login on PostgreSQL).")
    return login


def _role(role: str) -> str:
    code = Role.parse(role).value
    if code not in {r.value for r in PERSON_ROLES}:
        raise InvalidInput(f"{code} is not a role a person holds; use one of: "
                           f"{', '.join(r.value for r in PERSON_ROLES)}.")
    return code


def bootstrap(register: AuthorityState, login: str, day: dt.date) -> Records:
    """The first administrator: whoever initialises an empty register."""
    if register.open:
        return []
    login = check_login(login)
    return [(PersonAdded, {"login": login, "name": login}),
            (RoleGranted, {"login": login, "held": Role.ADMIN.value, "start": day, "end": None})]


def add_person(register: AuthorityState, envelope: Envelope, login: str, name: str,
               roles: list[str], start: dt.date | None, end: dt.date | None) -> Records:
    _admin(register, envelope)
    login, name = check_login(login), " ".join(name.split())
    if not name:
        raise InvalidInput("Give the person's name with --name.")
    if start and end and end < start:
        raise InvalidInput(f"--to {end.isoformat()} is before --from {start.isoformat()}.")
    codes = [_role(r) for r in roles]
    person = register.person(login)
    records: Records = []
    if person is None or person.name != name:
        records.append((PersonAdded, {"login": person.login if person else login,
                                      "name": name}))
    for code in dict.fromkeys(codes):
        if person and any(r.role == code and r.start == start and r.end == end
                          for r in person.roles):
            continue
        records.append((RoleGranted, {"login": person.login if person else login,
                                      "held": code, "start": start, "end": end}))
    return records


def end_role(register: AuthorityState, envelope: Envelope, login: str, role: str,
             last_day: dt.date) -> Records:
    _admin(register, envelope)
    code = _role(role)
    person = register.person(login)
    if person is None or not any(r.role == code and r.covers(last_day) for r in person.roles):
        raise Refused(f"Refused: {login} does not hold {code} on {last_day.isoformat()}",
                      rule_id="ID-02", basis=get("ID-02").basis,
                      remedy=Remedy("See who holds what with the people list."))
    if code == Role.ADMIN.value and not any(
            p.login != person.login and any(r.role == code and r.covers(last_day + dt.timedelta(1))
                                            for r in p.roles) for p in register.people):
        raise Refused("Refused: that would leave the register with no administrator",
                      rule_id="ID-02", basis=get("ID-02").basis,
                      remedy=Remedy("Make someone else ADMIN first."))
    return [(RoleEnded, {"login": person.login, "held": code, "end": last_day})]


def change_policy(register: AuthorityState, envelope: Envelope,
                  settings: dict[str, Any]) -> Records:
    """A new policy version: the settings given over the current ones (each checked)."""
    _admin(register, envelope)
    merged = {**register.policy, **settings}
    try:
        Policy.from_mapping(merged)
    except ValueError as e:
        raise InvalidInput(f"The policy is not valid: {e}.") from None
    changed = sorted(k for k in settings if register.policy.get(k, _MISSING) != settings[k])
    if not changed:
        return []
    return [(PolicyChanged, {"number": register.policy_version + 1, "settings": merged,
                             "changed": changed})]


_MISSING = object()


def policy_of(register: AuthorityState, default: Policy) -> Policy:
    """The policy in force: the register's latest version, else ``default``."""
    if not register.policy_version:
        return default
    return Policy.from_mapping(dict(register.policy))


def register_from(events: list[Any]) -> AuthorityState:
    """The register folded from the authority's record, in recorded order (roles carry
    their own dates, so order of recording is all that matters)."""
    state = AuthorityState()
    for e in events:
        evolve = getattr(e, "evolve", None)
        if evolve is not None:
            state = evolve(state)
        state = state.but(version=e.originator_version, chain_hash=e.hash)
    return state
