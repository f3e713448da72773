"""Corrections: new events that reference what they correct; nothing stored is edited
(design.md §5). A step withdrawn as recorded in error is left out of every fold from the
start; a corrected assessment takes effect on the correction's date; a note changes nothing.
An override of a local rule is authorised here, in advance, by someone other than the officer
who records the step (SD-02)."""

from __future__ import annotations

from .. import rules
from ..errors import InvalidInput, NotNow
from ..events import (
    CategoryChanged,
    EntryWithdrawn,
    OverrideAuthorised,
    PathwayAssigned,
    RecordAnnotated,
    RiskAssessmentCorrected,
    SchoolRegistered,
)
from ..groups import groups
from ..vocabulary import Category
from .command import Command, command, opt
from .registry import declare
from .school import pathway_records
from .spec import Facts, Fail, Guard, Judgement, Records, Step


@command
class WithdrawEntry(Command):
    version: int = opt("--version", "The version number of the step recorded in error.",
                       placeholder="<VERSION>", example=2)


def _withdraw(f: Facts, j: Judgement) -> Records:
    version = f.cmd.version
    found = next((g for g in groups(f.history) if version in g.versions), None)
    if found is None:
        raise InvalidInput(f"{f.state.urn} has no version {version} (latest is "
                           f"{len(f.history)}).")
    primary = found.primary
    if isinstance(primary, (SchoolRegistered, EntryWithdrawn)):
        raise InvalidInput(f"Version {version} is {type(primary).__name__}: a registration or "
                           "a withdrawal cannot be withdrawn.")
    if primary.originator_version in f.state.withdrawn:
        raise NotNow(f"Version {primary.originator_version} of {f.state.urn} is already "
                     "withdrawn.")
    if f.on < primary.effective_date:
        raise InvalidInput(f"A withdrawal cannot be dated before the step it withdraws "
                           f"({primary.effective_date.isoformat()}).")
    return [(EntryWithdrawn, {"withdraws_version": primary.originator_version})]


WITHDRAW = declare(Step(
    WithdrawEntry, ("record", "withdraw"), "Withdraw a step recorded in error (give --reason): "
    "it stays in the history, and every view is as if it never was.",
    "190104 --version 12 --reason 'Logged against the wrong school'", "", _withdraw,
    (EntryWithdrawn,), needs_reason=True, needs_history=True, on_closed=True,
    done=lambda c, d: f"version {d.records[0][1]['withdraws_version']} of {c.urn} withdrawn."))


@command
class AnnotateRecord(Command):
    version: int = opt("--version", "The event's version number.", placeholder="<VERSION>",
                       example=1)
    note: str = opt("--note", "The correction.", placeholder="<NOTE>", example="Reference typo")


def _annotate(f: Facts, j: Judgement) -> Records:
    latest = len(f.history)
    if not 1 <= f.cmd.version <= latest:
        raise InvalidInput(f"{f.state.urn} has no version {f.cmd.version} (latest is "
                           f"{latest}).")
    if not f.cmd.note.strip():
        raise InvalidInput("The correction note is empty; give it with --note.")
    target = next(e for e in f.history if e.originator_version == f.cmd.version)
    if f.on < target.effective_date:
        raise InvalidInput("A note cannot be dated before the event it annotates "
                           f"({target.effective_date.isoformat()}).")
    return [(RecordAnnotated, {"annotates_version": f.cmd.version, "note": f.cmd.note.strip()})]


ANNOTATE = declare(Step(
    AnnotateRecord, ("record", "annotate"), "Attach a correction note to an earlier event "
    "(wrong reference, spelling).", "190104 --version 7 --note 'Document is L-2025-31'", "",
    _annotate, (RecordAnnotated,), needs_history=True, on_closed=True,
    done=lambda c, d: f"note on version {c.version} of {c.urn}."))


@command
class CorrectAssessment(Command):
    version: int = opt("--version", "The assessment's version number.",
                       placeholder="<VERSION>", example=2)
    category: Category = opt("--category", "The category it should have recorded.",
                             placeholder="<A|B|C|D>", example=Category.B)
    rationale: str = opt("--rationale", "Why it is corrected.", placeholder="<RATIONALE>",
                         example="Keyed in error")


def _correct(f: Facts, j: Judgement) -> Records:
    c: CorrectAssessment = f.cmd
    latest = max(f.state.assessments, key=lambda a: a.version, default=None)
    if latest is None or c.version != latest.version:
        raise InvalidInput(f"Version {c.version} is not this school's latest risk assessment "
                           f"(that is version {latest.version if latest else None}); record a "
                           "new assessment instead.")
    if f.on < latest.date:
        raise InvalidInput("A correction cannot be dated before the assessment it corrects "
                           f"({latest.date.isoformat()}).")
    if not c.rationale.strip():
        raise InvalidInput("Say why the assessment is corrected with --rationale.")
    records: Records = [(RiskAssessmentCorrected, {
        "corrects_version": c.version, "category": c.category.value,
        "rationale": c.rationale.strip()})]
    if c.category.value != f.state.category:
        records.append((CategoryChanged, {"from_category": f.state.category,
                                          "to_category": c.category.value}))
    records += pathway_records(f.state, "assess", c.category.value, f.state.is_academy)
    return records


CORRECT = declare(Step(
    CorrectAssessment, ("record", "correct-assessment"), "Correct the category of the latest "
    "risk assessment recorded in error.",
    "190104 --version 3 --category B --rationale 'Keyed C'", "", _correct,
    (RiskAssessmentCorrected, CategoryChanged, PathwayAssigned),
    done=lambda c, d: f"assessment (version {c.version}) of {c.urn} corrected to category "
                      f"{c.category.value}."))


@command
class AuthoriseOverride(Command):
    rule_id: str = opt("--rule", "The local (HARD-LOCAL) rule to be overridden, e.g. RA-03.",
                       placeholder="<RULE>", example="RA-03")
    for_actor: str = opt("--for", "The officer who will record the overridden step (their "
                         "login).", placeholder="<LOGIN>", example="a.mensah")
    justification: str = opt("--justification", "Why the rule may be departed from.",
                             placeholder="<JUSTIFICATION>", example="Urgent safeguarding")


def _local(rule_id: str) -> bool:
    """Whether some check of ``rule_id`` is HARD-LOCAL: the rule's own strength, or a step's
    guard that applies its local part (IN-01's reasonable notice)."""
    from .registry import STEPS

    if rules.get(rule_id).strength == rules.HARD_LOCAL:
        return True
    return any(g.rule == rule_id and g.strength == rules.HARD_LOCAL
               for step in STEPS.values() for g in step.guards)


def _sd02(f: Facts) -> Fail | None:
    """SD-02: a director authorises someone else's override, never their own; only a local
    rule an override may lift."""
    c = f.cmd
    rule_id = str(c.rule_id).strip().upper()
    if rule_id not in rules.RULES:
        raise InvalidInput(f"{rule_id!r} is not a rule ID (see docs/rulebook.md).")
    rule = rules.get(rule_id)
    if rule_id in rules.NOT_OVERRIDABLE or not _local(rule_id):
        return Fail(f"Authorisation refused: {rule_id} is {rule.strength}"
                    + (" and lifted by no override" if rule.strength == rules.HARD_LOCAL
                       else "; only HARD-LOCAL rules (or their local parts) may be "
                            "overridden"))
    if f.envelope.role not in f.policy.override_roles:
        return Fail(f"Authorisation refused: {f.envelope.role} may not authorise overrides "
                    f"(the policy's override roles: {', '.join(f.policy.override_roles)})")
    if c.for_actor.strip().casefold() == f.envelope.actor.strip().casefold():
        return Fail(f"Authorisation refused: {f.envelope.actor} cannot authorise an override "
                    "for themselves; the officer who records the step is someone else")
    return None


AUTHORISE = declare(Step(
    AuthoriseOverride, ("record", "authorise-override"), "Authorise, in advance, one officer "
    "to override one local rule once on this school's record (SD-02): the officer's step "
    "then gives --override.", "190106 --rule RA-03 --for a.mensah --justification 'Letter "
    "delayed by the school closure' --role DIRECTOR_CHILDREN_FAMILIES", "SD-02",
    lambda f, j: [(OverrideAuthorised, {"rule_id": str(f.cmd.rule_id).strip().upper(),
                                        "for_actor": f.cmd.for_actor.strip(),
                                        "justification": " ".join(f.cmd.justification.split())})],
    (OverrideAuthorised,), guards=(Guard("SD-02", _sd02),),
    done=lambda c, d: f"{c.for_actor.strip()} may override {str(c.rule_id).upper()} once at "
                      f"{c.urn}."))
