"""Property-based tests of the rule engine: random command sequences, whatever the order and
dates, never produce a history the rules forbid, and folding the stored events reproduces
the state exactly."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_event
from hypothesis import strategies as st

from sela_workflow.aggregates.chain import GENESIS, hash_of_event
from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.errors import DomainError
from sela_workflow.aggregates.fold import fold
from sela_workflow.aggregates.identity import AUTHORITY_ID
from sela_workflow.aggregates.steps.academy import ConvertToAcademy, MakeAcademyOrder
from sela_workflow.aggregates.steps.ieb import (
    IssueIEBNotice,
    RecordConsultation,
    RequestIEBConsent,
)
from sela_workflow.aggregates.steps.notice_outcomes import AssessCompliance, NotifyIntention
from sela_workflow.aggregates.steps.notices import ApproveNotice, DraftNotice, IssueNotice
from sela_workflow.aggregates.steps.ofsted import (
    NotifyOfstedCategory,
    RemoveOfstedCategory,
    SendStatementOfAction,
)
from sela_workflow.aggregates.steps.powers import AppointGovernors, SuspendBudget
from sela_workflow.aggregates.steps.school import AssessRisk, Communicate, RegisterSchool
from sela_workflow.aggregates.steps.sos import DecideIEBConsent, RecordSoSNotice
from sela_workflow.application import SelaApplication

from .staff import ACTOR_FOR

TODAY = dt.date(2026, 11, 20)
TYPES = ["community", "voluntary-aided", "pru", "academy-converter", "la-nursery"]

# Each command: its class and a strategy for its fields (dates are added by the runner). The
# fields lean towards valid values so that sequences reach deep into the statutory process,
# while staying free to be wrong.
CATEGORY = st.sampled_from("ABCD")
FULL_COPIES = ["HMCI", "SOS_RD", "DIOCESE", "HEADTEACHER"]


def cmd(cls: type, **fields: Any) -> Any:
    return st.tuples(st.just(cls), st.fixed_dictionaries(fields))


def usually(value: Any, other: Any) -> Any:
    """``value`` three times in four, otherwise a draw from ``other``."""
    return st.integers(0, 3).flatmap(lambda i: other if i == 3 else st.just(value))


ASSESS = cmd(AssessRisk, category=CATEGORY, rationale=st.just("r"), review=st.booleans())
COMMUNICATE = cmd(Communicate, recipients=usually(
    ["HT", "CHAIR"], st.lists(st.sampled_from(["HT", "CHAIR", "TRUST_CHAIR"]), max_size=3)))
DRAFT = cmd(DraftNotice, notice_type=usually("S60", st.just("S60A")),
            grounds=usually(["SAFETY"], st.lists(st.sampled_from(
                ["LOW_STANDARDS", "SAFETY", "GB_FAILED_STPCD"]), max_size=2)),
            comparators=st.lists(st.just("expected"), max_size=1), matters=st.just("m"),
            required_actions=st.just(["a"]), minded_actions=st.just(["m"]),
            compliance_period_end=usually(30, st.integers(-5, 60)))
APPROVE = cmd(ApproveNotice, notice=st.just("WN1"))
ISSUE = cmd(IssueNotice, notice=usually("WN1", st.just("WN2")), copied_to=usually(
    FULL_COPIES, st.lists(st.sampled_from(FULL_COPIES), max_size=4)))
ASSESS_COMPLIANCE = cmd(AssessCompliance, notice=st.just("WN1"),
                        outcome=usually("NOT_COMPLIED", st.just("COMPLIED")))
INTEND = cmd(NotifyIntention, notice=st.just("WN1"),
             powers=usually(["S64", "S65", "S66"], st.lists(
                 st.sampled_from(["S63", "S64", "S65"]), min_size=1, max_size=3)))
SOS_NOTICE = cmd(RecordSoSNotice, ref=st.just("RD-1"))
CONSULT = cmd(RecordConsultation, intervention=usually("S65", st.just("S63")),
              consultee=st.sampled_from(["GB", "DIOCESE"]), response_ref=st.just("r"))
REQUEST = cmd(RequestIEBConsent)
DECIDE = cmd(DecideIEBConsent, granted=usually(True, st.just(False)))
IEB_NOTICE = cmd(IssueIEBNotice, ieb_from=st.integers(0, 10),
                 members=usually(["P=I1", "Q=I2"], st.lists(
                     st.sampled_from(["P=I", "Q=I", "R=I"]), max_size=3)),
                 copied_to=st.just(["IEMS", "GOVERNORS", "SOS"]))
GOVERNORS = cmd(AppointGovernors, names=st.just(["A"]))
BUDGET = cmd(SuspendBudget, grounds=st.just("g"), suspension_from=st.integers(0, 40),
             appeal_info=st.booleans(), copied_to=st.just(["HT", "SOS"]))
OFSTED = cmd(NotifyOfstedCategory, category=st.sampled_from(["RSI", "SM"]))
SOA = cmd(SendStatementOfAction, recipients=st.just(["HMCI", "FOUNDATION_APPOINTER"]),
          parent_arrangements=st.just("p"))
REMOVE = cmd(RemoveOfstedCategory)
ORDER = cmd(MakeAcademyOrder, basis=st.sampled_from(["S4_A1", "S4_1_B"]))
CONVERT = cmd(ConvertToAcademy, new_type=st.just("academy-sponsor-led"),
              academy_trust=st.just("T"))

COMMANDS = st.one_of(ASSESS, COMMUNICATE, DRAFT, APPROVE, ISSUE, ASSESS_COMPLIANCE, INTEND,
                     SOS_NOTICE, CONSULT, REQUEST, DECIDE, IEB_NOTICE, GOVERNORS, BUDGET, OFSTED,
                     SOA, REMOVE, ORDER)
#: The statutory sequence in its usual order; each step's fields, gap and role stay random,
#: and random other commands are interleaved, so the order is often broken too.
BACKBONE = (ASSESS, COMMUNICATE, DRAFT, APPROVE, ISSUE, ASSESS_COMPLIANCE, INTEND, CONSULT,
            CONSULT, REQUEST, DECIDE, IEB_NOTICE, GOVERNORS, BUDGET, OFSTED, SOA, ORDER, CONVERT)
ROLE = usually("LA_ADVISER", st.just("DIRECTOR_CHILDREN_FAMILIES"))

#: Typical gaps (days) before a backbone step: long enough after issue for the period to end.
GAPS = {ASSESS_COMPLIANCE: (25, 60), INTEND: (0, 5), REQUEST: (5, 20)}
DATE_FIELDS = ("compliance_period_end", "ieb_from", "suspension_from")


@st.composite
def scenarios(draw: Any) -> list[Any]:
    backbone = []
    for c in BACKBONE:
        if draw(st.integers(0, 9)) == 9:
            continue  # sometimes a step is skipped
        low, high = GAPS.get(c, (0, 10))
        role = draw(usually("DIRECTOR_CHILDREN_FAMILIES", ROLE) if c is APPROVE else ROLE)
        backbone.append((draw(c), draw(st.integers(low, high)), role))
    noise = draw(st.lists(st.tuples(COMMANDS, st.integers(0, 45), ROLE), max_size=12))
    steps = list(backbone)
    for item in noise:
        steps.insert(draw(st.integers(0, len(steps))), item)
    return steps


STEPS = scenarios()


def register(app: Any, type_: str, urn: str = "100834") -> None:
    extra: dict[str, str] = {}
    if type_ == "academy-converter":
        extra["academy_trust"] = "T"
    if type_ == "voluntary-aided":
        extra.update(religious_character="cofe", diocese="Diocese of Southwark")
    app.handle(RegisterSchool(urn=urn, name="S", establishment_type=type_, phase="primary",
                              **extra), Envelope("p", "LA_ADVISER", dt.date(2023, 9, 1)))


def command_of(cls: type, fields: dict[str, Any], on: dt.date, urn: str) -> Any:
    values = dict(fields)
    for key in DATE_FIELDS:
        if key in values:
            values[key] = on + dt.timedelta(days=values[key])
    return cls(urn=urn, **values)


def run_steps(app: Any, type_: str, steps: list[Any], urn: str = "100834",
              refresh_every: int = 0, backdate: Any = None) -> list[Any]:
    """Register a school and run the steps against it; refusals must write nothing. Returns
    (command, envelope, accepted) for each step. ``backdate(n)`` may move step n earlier."""
    from sela_workflow.queries import refresh

    register(app, type_, urn)
    on = dt.date(2023, 9, 4)
    done = []
    for n, ((cls, fields), gap, role) in enumerate(steps):
        if refresh_every and n % refresh_every == 0:
            refresh(app)
        on = min(on + dt.timedelta(days=gap), TODAY)
        when = max(dt.date(2023, 9, 1), on - dt.timedelta(days=backdate(n))) if backdate \
            else on
        envelope = Envelope(ACTOR_FOR.get(role, "p"), role, when, reason="property test")
        before = app.case(urn).version
        try:
            command = command_of(cls, fields, when, urn)
            app.handle(command, envelope)
            done.append((command, envelope, True))
        except DomainError:
            assert app.case(urn).version == before  # a refusal writes nothing
            done.append((None, envelope, False))
    return done


def forbidden(app: Any, events: list[Any]) -> list[str]:
    """Histories the rulebook forbids, checked on the stored events and their folds."""
    from sela_workflow.aggregates.state.eligibility import active_routes

    problems: list[str] = []
    deviations: set[str] = set()
    for n, e in enumerate(events):
        kind = type(e).__name__
        before = fold(events[:n]) if n else None
        if kind == "PolicyDeviationRecorded":
            deviations.add(e.rule_id)
        elif kind == "WarningNoticeIssued":
            notice = before.notice(e.wn_id)
            if notice.approved_on is None and "WN-05" not in deviations \
                    and e.effective_date >= dt.date(2023, 9, 1):
                problems.append(f"{e.wn_id} issued without approval (WN-05)")
            if e.effective_date >= notice.compliance_period_end:
                problems.append(f"{e.wn_id} issued with an expired period (WN-04)")
        elif kind == "ComplianceAssessed":
            if e.effective_date <= before.notice(e.wn_id).compliance_period_end:
                problems.append(f"{e.wn_id} assessed within its period (WN-12)")
        elif kind in ("ArrangementsNoticeIssued", "AdditionalGovernorsAppointed",
                      "IEBNoticeIssued", "BudgetSuspensionNoticeIssued"):
            at = fold(events[:n], until=e.effective_date)
            if at.is_academy:
                problems.append(f"{kind} at an academy (AC-01)")
            if not active_routes(at, e.effective_date) and not (
                    kind == "BudgetSuspensionNoticeIssued" and e.basis != "EIA_S66"):
                problems.append(f"{kind} without eligibility (IN-01)")
            if kind == "IEBNoticeIssued" and at.ieb.state != "consent_granted":
                problems.append("IEB without consent (IN-05)")
        elif kind == "SchoolConvertedToAcademy":
            after = fold(events[:n + 1])
            if active_routes(after, e.effective_date):
                problems.append("conversion left eligibility open (AO-05)")
    return problems


def popo() -> SelaApplication:
    from .staff import add_staff

    app = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, today=lambda: TODAY)
    add_staff(app)
    return app


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(type_=st.sampled_from(TYPES), steps=STEPS)
def test_random_command_sequences_never_break_the_rules(type_: str, steps: list[Any]) -> None:
    app = popo()
    run_steps(app, type_, steps)
    events = app.history("100834")
    kinds = {type(e).__name__ for e in events}
    for milestone in ("WarningNoticeIssued", "ComplianceAssessed",
                      "IntentionToUsePowersNotified", "IEBNoticeIssued",
                      "AdditionalGovernorsAppointed", "BudgetSuspensionNoticeIssued",
                      "AcademyOrderMade", "SchoolConvertedToAcademy"):
        if milestone in kinds:
            note_event(f"reached {milestone}")
    assert forbidden(app, events) == []
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    for prev, event in itertools.pairwise(events):
        assert event.prev_hash == prev.hash
    assert all(hash_of_event(e) == e.hash for e in events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(type_=st.sampled_from(TYPES), steps=STEPS)
def test_folding_stored_events_reproduces_the_state(type_: str, steps: list[Any]) -> None:
    app = popo()
    run_steps(app, type_, steps)
    live = app.case("100834")
    stored = [app.mapper.to_domain_event(n)
              for n in app.recorder.select_notifications(start=1, limit=10_000)
              if n.originator_id != AUTHORITY_ID]
    assert fold(stored) == live
