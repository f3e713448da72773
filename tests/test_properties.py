"""Property-based tests of the rule engine: random command sequences, whatever the order and
dates, never produce a history the rules forbid, and replaying the stored events reproduces
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
from sela_workflow.aggregates.school import School

from sela_workflow.application import SelaApplication

TODAY = dt.date(2026, 11, 20)
ROLES = ["LA_ADVISER", "DIRECTOR_CHILDREN_FAMILIES"]
TYPES = ["community", "voluntary-aided", "pru", "academy-converter", "la-nursery"]

# Each command: a name and a strategy for its arguments (dates are added by the runner). The
# arguments lean towards valid values so that sequences reach deep into the statutory process,
# while staying free to be wrong.
CATEGORY = st.sampled_from("ABCD")
FULL_COPIES = ["HMCI", "SOS_RD", "DIOCESE", "HEADTEACHER"]


def cmd(name: str, **args: Any) -> Any:
    return st.tuples(st.just(name), st.fixed_dictionaries(args))


def usually(value: Any, other: Any) -> Any:
    """``value`` three times in four, otherwise a draw from ``other``."""
    return st.integers(0, 3).flatmap(lambda i: other if i == 3 else st.just(value))


ASSESS = cmd("assess", category=CATEGORY, rationale=st.just("r"), critical_criteria=st.just([]),
             academic_year=st.none(), review=st.booleans())
COMMUNICATE = cmd("communicate", recipients=usually(
    ["HT", "CHAIR"], st.lists(st.sampled_from(["HT", "CHAIR", "TRUST_CHAIR"]), max_size=3)))
DRAFT = cmd("draft_notice", notice_type=usually("S60", st.just("S60A")),
            grounds=usually(["SAFETY"], st.lists(st.sampled_from(
                ["LOW_STANDARDS", "SAFETY", "GB_FAILED_STPCD"]), max_size=2)),
            comparators=st.lists(st.just("expected"), max_size=1), matters=st.just("m"),
            required_actions=st.just(["a"]), minded_actions=st.just(["m"]),
            compliance_period_end=usually(30, st.integers(-5, 60)))
APPROVE = cmd("approve_notice", wn_id=st.just("WN1"))
ISSUE = cmd("issue_notice", wn_id=usually("WN1", st.just("WN2")), copied_to=usually(
    FULL_COPIES, st.lists(st.sampled_from(FULL_COPIES), max_size=4)))
ASSESS_COMPLIANCE = cmd("assess_compliance", wn_id=st.just("WN1"),
                        outcome=usually("NOT_COMPLIED", st.just("COMPLIED")))
INTEND = cmd("notify_intention", wn_id=st.just("WN1"), earliest_exercise_date=st.none(),
             powers=usually(["S64", "S65", "S66"], st.lists(
                 st.sampled_from(["S63", "S64", "S65"]), min_size=1, max_size=3)))
SOS_NOTICE = cmd("record_sos_notice", ref=st.just("RD-1"))
CONSULT = cmd("record_consultation", intervention=usually("S65", st.just("S63")),
              consultee=st.sampled_from(["GB", "DIOCESE"]), response_ref=st.just("r"))
REQUEST = st.tuples(st.just("request_ieb_consent"), st.just({}))
DECIDE = cmd("decide_ieb_consent", granted=usually(True, st.just(False)))
IEB_NOTICE = cmd("issue_ieb_notice", ieb_from=st.integers(0, 10), interim_period_end=st.none(),
                 members=usually([("P", "I1"), ("Q", "I2")], st.lists(
                     st.tuples(st.sampled_from(["P", "Q", "R"]), st.just("I")), max_size=3)),
                 copied_to=st.just(["IEMS", "GOVERNORS", "SOS"]))
GOVERNORS = cmd("appoint_additional_governors", names=st.just(["A"]))
BUDGET = cmd("suspend_budget", basis=st.just("EIA_S66"), grounds_particulars=st.just("g"),
             suspension_from=st.integers(0, 40), emergency_justification=st.just(""),
             appeal_info_included=st.booleans(), copied_to=st.just(["HT", "SOS"]))
OFSTED = cmd("notify_ofsted_category", category=st.sampled_from(["RSI", "SM"]))
SOA = cmd("send_statement_of_action", recipients=st.just(["HMCI", "FOUNDATION_APPOINTER"]),
          parent_arrangements=st.just("p"))
REMOVE = st.tuples(st.just("remove_ofsted_category"), st.just({}))
ORDER = cmd("record_academy_order", basis=st.sampled_from(["S4_A1", "S4_1_B"]))
CONVERT = cmd("convert_to_academy", new_type=st.just("academy-sponsor-led"),
              academy_trust=st.just("T"))

COMMANDS = st.one_of(ASSESS, COMMUNICATE, DRAFT, APPROVE, ISSUE, ASSESS_COMPLIANCE, INTEND,
                     SOS_NOTICE, CONSULT, REQUEST, DECIDE, IEB_NOTICE, GOVERNORS, BUDGET, OFSTED,
                     SOA, REMOVE, ORDER)
#: The statutory sequence in its usual order; each step's arguments, gap and role stay random,
#: and random other commands are interleaved, so the order is often broken too.
BACKBONE = (ASSESS, COMMUNICATE, DRAFT, APPROVE, ISSUE, ASSESS_COMPLIANCE, INTEND, CONSULT,
            CONSULT, REQUEST, DECIDE, IEB_NOTICE, GOVERNORS, BUDGET, OFSTED, SOA, ORDER, CONVERT)
ROLE = usually("LA_ADVISER", st.just("DIRECTOR_CHILDREN_FAMILIES"))
STEP = st.tuples(st.just(None), st.integers(0, 45), ROLE)


#: Typical gaps (days) before a backbone step: long enough after issue for the period to end.
GAPS = {ASSESS_COMPLIANCE: (25, 60), INTEND: (0, 5), REQUEST: (5, 20)}


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


def run(app: SelaApplication, type_: str, steps: list[Any]) -> None:
    run_steps(app, type_, steps)


def run_steps(app: Any, type_: str, steps: list[Any], urn: str = "100834",
              refresh_every: int = 0) -> None:
    """Register a school and run the steps against it; refusals must write nothing."""
    from sela_workflow.queries import refresh

    extra: dict[str, str] = {}
    if type_ == "academy-converter":
        extra["academy_trust"] = "T"
    if type_ == "voluntary-aided":
        extra.update(religious_character="cofe", diocese="Diocese of Southwark")
    app.register_school(urn=urn, name="S", establishment_type=type_, phase="primary",
                        envelope=Envelope("p", "LA_ADVISER", dt.date(2023, 9, 1)), **extra)
    on = dt.date(2023, 9, 4)
    for n, ((name, args), gap, role) in enumerate(steps):
        if refresh_every and n % refresh_every == 0:
            refresh(app)
        on = min(on + dt.timedelta(days=gap), TODAY)
        kwargs = dict(args)
        for key in ("compliance_period_end", "ieb_from", "suspension_from"):
            if key in kwargs:
                kwargs[key] = on + dt.timedelta(days=kwargs[key])
        ctx = app.context(Envelope("p", role, on, reason="property test"))
        before = app.school(urn).version
        try:
            app.change(urn, lambda s, m=name, k=kwargs, c=ctx: getattr(s, m)(ctx=c, **k))
        except DomainError:
            assert app.school(urn).version == before  # a refusal writes nothing


def forbidden(events: list[Any]) -> list[str]:
    """Histories the rulebook forbids, checked on the stored events alone."""
    problems: list[str] = []
    approved: set[str] = set()
    deviations: set[str] = set()
    not_complied: set[str] = set()
    cpe: dict[str, dt.date] = {}
    routes: dict[str, dt.date] = {}
    consent = False
    academy = False
    for e in events:
        kind = type(e).__name__
        if kind == "SchoolRegistered":
            academy = e.establishment_type.startswith(("academy", "free"))
        elif kind == "PolicyDeviationRecorded":
            deviations.add(e.rule_id)
        elif kind == "WarningNoticeDrafted":
            cpe[e.wn_id] = e.compliance_period_end
        elif kind == "WarningNoticeApproved":
            approved.add(e.wn_id)
        elif kind == "WarningNoticeIssued":
            if e.wn_id not in approved and "WN-05" not in deviations \
                    and e.effective_date >= dt.date(2023, 9, 1):
                problems.append(f"{e.wn_id} issued without approval (WN-05)")
            if e.effective_date >= cpe[e.wn_id]:
                problems.append(f"{e.wn_id} issued with an expired period (WN-04)")
        elif kind == "ComplianceAssessed":
            if e.effective_date <= cpe[e.wn_id]:
                problems.append(f"{e.wn_id} assessed within its period (WN-12)")
            if e.outcome == "NOT_COMPLIED":
                not_complied.add(e.wn_id)
        elif kind == "EligibilityStarted":
            if e.route in ("S60", "S60A") and e.basis not in not_complied:
                problems.append("eligibility without non-compliance (WN-14)")
            routes[e.route] = e.since
        elif kind == "EligibilityEnded":
            routes.pop(e.route, None)
        elif kind == "SoSConsentDecided":
            consent = e.decision == "GRANTED"
        elif kind in ("ArrangementsNoticeIssued", "AdditionalGovernorsAppointed",
                      "IEBNoticeIssued", "BudgetSuspensionNoticeIssued"):
            if academy:
                problems.append(f"{kind} at an academy (AC-01)")
            if not any(since <= e.effective_date for since in routes.values()):
                problems.append(f"{kind} without eligibility (IN-01)")
            if kind == "IEBNoticeIssued" and not consent:
                problems.append("IEB without consent (IN-05)")
        elif kind == "SchoolConvertedToAcademy":
            academy = True
            if routes:
                problems.append("conversion left eligibility open (AO-05)")
    return problems


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(type_=st.sampled_from(TYPES), steps=STEPS)
def test_random_command_sequences_never_break_the_rules(type_: str, steps: list[Any]) -> None:
    app = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, today=lambda: TODAY)
    run(app, type_, steps)
    events = app.history("100834")
    kinds = {type(e).__name__ for e in events}
    for milestone in ("WarningNoticeIssued", "ComplianceAssessed", "EligibilityStarted",
                      "IEBNoticeIssued", "AdditionalGovernorsAppointed",
                      "BudgetSuspensionNoticeIssued", "AcademyOrderMade",
                      "SchoolConvertedToAcademy"):
        if milestone in kinds:
            note_event(f"reached {milestone}")
    assert forbidden(events) == []
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    for prev, event in itertools.pairwise(events):
        assert event.prev_hash == prev.hash
    assert all(hash_of_event(e) == e.hash for e in events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(type_=st.sampled_from(TYPES), steps=STEPS)
def test_replaying_stored_events_reproduces_the_state(type_: str, steps: list[Any]) -> None:
    app = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, today=lambda: TODAY)
    run(app, type_, steps)
    live = app.school("100834")
    replayed: Any = None
    for notification in app.recorder.select_notifications(start=1, limit=10_000):
        replayed = app.mapper.to_domain_event(notification).mutate(replayed)
    assert isinstance(replayed, School)
    assert vars(replayed) == vars(live)
