"""What a statutory step declaration holds, and the judgement that applies it.

A `Step` names its command, the lifecycle transition it makes, the rules it applies (each
with its guard), the commencement of the law it rests on, what it records, what it expects
next and how `sela` spells it. Everything else — the machines, `sela next`, the CLI, the
rulebook's enforcement table and diagrams — is derived from these declarations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import rules
from ..commencement import InForce
from ..envelope import Envelope
from ..errors import Refused, Remedy
from ..lifecycle import Lifecycle
from ..policy import Policy
from ..state.case import CaseState


@dataclass(frozen=True)
class Fail:
    """A guard's refusal (or warning, by the rule's strength): what, and what to do first."""

    what: str
    remedy: Remedy | None = None


@dataclass(frozen=True)
class Facts:
    """What a guard looks at: the case on the step's effective date and the command."""

    state: CaseState
    cmd: Any
    on: dt.date  # the effective date
    anchor: dt.date  # the legal anchor date of rulebook §12.4
    policy: Policy
    envelope: Envelope
    today: dt.date
    #: The school's whole stored history (recorded order): only for allocating new IDs.
    history: Sequence[Any] = ()
    #: The lifecycle state before the step and the one the step leads to.
    current: str = ""
    dest: str = ""
    #: The authority's register (AuthorityState): who held which role when (ID-01).
    people: Any = None


class _NotApplicable:
    """What a check returns when its rule does not bear on this step at all."""

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Any = _NotApplicable()


class _Ask:
    """In a hint's options: the officer must give this value (shown as its placeholder)."""

    def __repr__(self) -> str:
        return "ASK"


ASK: Any = _Ask()

Check = Callable[[Facts], "Fail | None"]


@dataclass(frozen=True)
class Guard:
    """One rule applied by a step, and the check that says whether the step meets it."""

    rule: str
    check: Check
    #: A strength other than the rule's own, where the rulebook gives this check another
    #: (e.g. the locally configured reasonable-notice period is HARD-LOCAL).
    strength: str | None = None
    #: The legal basis of this particular check, where it is narrower than the rule's.
    basis: str | None = None
    #: The date the rule is judged in force on, where it is not the step's anchor date
    #: (e.g. AO-04's savings apply on the date of the step, not of the order).
    at: Callable[[Facts], dt.date] | None = None
    #: Whether the step applies to this school at all (AC-01 academies, WN-01 maintained
    #: schools): judged before the lifecycle, so an academy is told it is one, not that an
    #: LA lifecycle is in the wrong state.
    scope: bool = False


def always(rule: str) -> Guard:
    """A rule the step applies by what it records (e.g. RA-02 assigns the pathway)."""
    return Guard(rule, lambda f: None)


@dataclass
class Judgement:
    """Applies guards at the anchor date, collecting the rules applied and warnings given."""

    anchor: dt.date
    envelope: Envelope
    policy: Policy
    override: str | None = None
    #: The case judged against: its authorisations let a local rule be overridden (SD-02).
    case: CaseState | None = None
    #: The command that records an authorisation (for the refusal's remedy).
    authorise: type | None = None
    #: Re-judging a step recorded by release 0.1 (backfill.py): the separation-of-duty rules
    #: did not exist, and its override stands as it was authorised then.
    legacy: bool = False
    applied: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: (rule, justification, authorised by, authorisation version) for each override used.
    deviations: list[tuple[str, str, str, int]] = field(default_factory=list)

    def apply(self, guard: Guard, facts: Facts) -> bool:
        """Apply one guard. Returns whether it held; a refusing rule that fails raises.

        A rule not in force on the anchor date does not apply (e.g. WN-05 before the 2023
        offer): the law it rests on is checked separately, by the step's commencement."""
        rule = rules.get(guard.rule)
        if not rule.in_force(guard.at(facts) if guard.at else self.anchor):
            return True
        if self.legacy and guard.rule in rules.NOT_OVERRIDABLE:
            return True
        failed = guard.check(facts)
        if failed is NOT_APPLICABLE:
            return True
        if guard.rule not in self.applied:
            self.applied.append(guard.rule)
        if failed is None:
            return True
        self.fail(guard.rule, failed, guard.strength or rule.strength, guard.basis)
        return False

    def fail(self, rule_id: str, failed: Fail, strength: str, basis: str | None = None) -> None:
        rule = rules.get(rule_id)
        what = failed.what
        if strength == rules.HARD_STAT or rule_id in rules.NOT_OVERRIDABLE:
            raise Refused(what, rule_id=rule_id, basis=basis or rule.basis, remedy=failed.remedy)
        if strength == rules.HARD_LOCAL:
            self._local(rule_id, failed, strength)
            return
        if strength == rules.GUID and not self.envelope.reason.strip():
            raise Refused(what, rule_id=rule_id, basis=rule.basis,
                          remedy=Remedy("This departs from statutory guidance: record your "
                                        "reason with --reason to proceed."))
        if strength in (rules.GUID, rules.WARN_LOCAL, "WARN"):
            self.warnings.append(rules.warning_text(rule_id, what[0].lower() + what[1:],
                                                    None if strength != "WARN" else "WARN"))

    def _local(self, rule_id: str, failed: Fail, strength: str) -> None:
        """A local rule refuses unless a director authorised this officer, on the record and
        in advance, to override it (SD-02); then the override is recorded with the
        authorisation it used."""
        rule, actor = rules.get(rule_id), self.envelope.actor.strip()
        what = failed.what
        if self.override and self.legacy:
            self.deviations.append((rule_id, self.override, self.envelope.role, 0))
            return
        auth = self.case.authorisation(rule_id, actor) if self.case is not None else None
        if self.override and auth is not None:
            self.deviations.append((rule_id, self.override, auth.by, auth.version))
            self.warnings.append(rules.warning_text(
                rule_id, f"overridden as {auth.by} authorised (version {auth.version}): "
                f"{what[:1].lower()}{what[1:]}", strength))
            return
        remedy = failed.remedy or Remedy()
        who = " or ".join(self.policy.override_roles)
        if self.override:
            raise Refused(what, rule_id=rule_id, basis=rule.basis, remedy=Remedy(
                f"No override of {rule_id} is authorised for {actor} on this record: "
                f"someone else in a role that may ({who}) records the authorisation first "
                "(SD-02).", self.authorise,
                {"rule_id": rule_id, "for_actor": actor}, "Then"))
        note = ("(An override is authorised for you: add --override JUSTIFICATION.)" if auth
                else f"({who} other than you may authorise an override.)"
                if self.envelope.role in self.policy.override_roles else "")
        raise Refused(what, rule_id=rule_id, basis=rule.basis,
                      remedy=Remedy(f"{remedy.advice} {note}".strip(), remedy.step,
                                    remedy.options, remedy.lead))

    def warn(self, rule_id: str, what: str, strength: str | None = None) -> None:
        """A warning the step gives whatever the rule's strength (e.g. late copies)."""
        if rule_id not in self.applied:
            self.applied.append(rule_id)
        self.warnings.append(rules.warning_text(rule_id, what, strength))


#: What a step records: event classes with their own data, in order.
Records = list[tuple[type, dict[str, Any]]]


@dataclass(frozen=True)
class Decision:
    """A judged step: the events to record, the rules applied, the warnings given."""

    records: Records
    rules: list[str]
    warnings: list[str]
    deviations: list[tuple[str, str]]
    result: str | None = None


@dataclass(frozen=True)
class Item:
    """Something the rulebook expects, with its timer: met, due, or a window opening/closing.

    ``recurs`` ("term" or "year") marks an item that comes round each period: its due date,
    description and whether it is met are worked out for the period that holds the day asked,
    from ``since`` (occurrences before it do not count) and ``last`` (the latest occurrence).
    """

    rule_id: str
    timer: str
    what: str
    due: dt.date | None
    met_on: dt.date | None = None
    kind: str = "deadline"  # deadline | opens | closes
    step: type | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    recurs: str = ""
    anchor: str = ""  # for recurring items: term-end | year-end | assessment
    since: dt.date | None = None
    last: dt.date | None = None


@dataclass(frozen=True)
class Expectation:
    """What a step is expected for, and when (rulebook §11 timers)."""

    rule: str
    timer: str
    items: Callable[[CaseState, Policy], Iterable[Item]]


@dataclass(frozen=True)
class Move:
    """One transition of a step: from ``source`` to ``dest`` ("=" stays), when the step's
    arguments match ``when`` (e.g. the outcome of a compliance assessment)."""

    source: tuple[str, ...]
    dest: str
    when: tuple[tuple[str, str], ...] = ()

    @property
    def conditions(self) -> tuple[str, ...]:
        return tuple(f"when_{k}__{v}" for k, v in self.when)


@dataclass(frozen=True)
class Step:
    command: type
    #: How `sela` spells it: the group and the verb, e.g. ("notice", "issue").
    verb: tuple[str, ...]
    does: str
    example: str
    #: The rule that orders this step in its lifecycle (cited when the lifecycle refuses).
    rule: str
    record: Callable[[Facts, Judgement], Records]
    events: tuple[type, ...]
    guards: tuple[Guard, ...] = ()
    lifecycle: Lifecycle | None = None
    trigger: str = ""
    #: The transitions it makes: from these states to that one, when the arguments match.
    moves: tuple[Move, ...] = ()
    #: The lifecycle state of what the step acts on (a notice, the IEB...).
    current: Callable[[Facts], str] | None = None
    #: The arguments the transitions' conditions read (e.g. the outcome assessed).
    plan_args: Callable[[Facts], dict[str, Any]] | None = None
    #: The law the step rests on: refused outside its span (rulebook §13).
    in_force: Callable[[Facts], InForce | None] | None = None
    #: The legal anchor date (rulebook §12.4); the effective date if not given.
    anchor: Callable[[CaseState, Any, dt.date], dt.date] | None = None
    expects: tuple[Expectation, ...] = ()
    #: For `sela next`: option sets for each instance the step could act on now.
    hints: Callable[[CaseState, dt.date, Policy], Iterable[Mapping[str, Any]]] | None = None
    #: Shown among "possible now" in `sela next`.
    offered: bool = False
    #: The confirmation line, in words: what was recorded.
    done: Callable[[Any, Decision], str] = lambda cmd, d: "step recorded"
    #: Steps that need a reason (withdrawals, corrections).
    needs_reason: bool = False
    #: Steps that read the whole stored history (to find versions, allocate IDs).
    needs_history: bool = False
    #: Steps a closed school's record still takes (corrections, links, earlier reports);
    #: every other step is refused once the school has closed or converted under a new URN.
    on_closed: bool = False
    #: What the lifecycle refusal calls the thing acted on, e.g. the notice's ID.
    label: Callable[[Facts], str] | None = None
    #: A field of the first event the step records that is its result (a new ID).
    result_field: str = ""

    @property
    def name(self) -> str:
        return " ".join(self.verb)

    @property
    def rule_ids(self) -> list[str]:
        out = [self.rule] if self.rule else []
        for g in self.guards:
            if g.rule not in out:
                out.append(g.rule)
        return out

    @property
    def overridable(self) -> bool:
        return any((g.strength or rules.get(g.rule).strength) == rules.HARD_LOCAL
                   for g in self.guards)
