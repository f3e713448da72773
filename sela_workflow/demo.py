"""A realistic worked example: fictional Southwark schools over three academic years.

The schools, URNs, trusts and people are invented. The data goes through the same use cases
officers call, so every rule applies to it exactly as to real records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .aggregates.envelope import Envelope

ADVISERS = ("a.mensah", "r.clarke", "s.byrne")
REGISTERED_ON = dt.date(2024, 9, 2)
FORMAL_DATES = {"2024/25": dt.date(2024, 9, 20), "2025/26": dt.date(2025, 9, 19),
                "2026/27": dt.date(2026, 9, 18)}


@dataclass(frozen=True)
class DemoSchool:
    urn: str
    name: str
    type: str
    phase: str
    categories: tuple[str, ...]  # formal category for 2024/25, 2025/26, 2026/27
    religious: str = "none"
    diocese: str = ""
    trust: str = ""
    review: tuple[str, str, str] | None = None  # (date, category, rationale) in-year review


SCHOOLS = (
    DemoSchool("190101", "Bankside Primary School", "community", "primary", ("A", "A", "A")),
    DemoSchool("190102", "St Saviour's CofE Primary School", "voluntary-aided", "primary",
               ("B", "B", "A"), religious="cofe", diocese="Diocese of Southwark (CofE)"),
    DemoSchool("190103", "Camberwell Green Nursery School", "la-nursery", "nursery",
               ("A", "A", "A")),
    DemoSchool("190104", "Peckham Rye Primary School", "community", "primary", ("B", "C", "C")),
    DemoSchool("190105", "Our Lady of the Rosary RC Primary School", "voluntary-aided", "primary",
               ("A", "B", "B"), religious="rc", diocese="RC Archdiocese of Southwark"),
    DemoSchool("190106", "Walworth Road Secondary School", "community", "secondary",
               ("C", "C", "D"),
               review=("2026-02-06", "D", "Safeguarding found ineffective at a local review")),
    DemoSchool("190107", "Burgess Park Foundation School", "foundation", "secondary",
               ("A", "A", "B")),
    DemoSchool("190108", "Rotherhithe Special School", "community-special", "all-through",
               ("B", "B", "B")),
    DemoSchool("190109", "Dulwich Learning Centre", "pru", "secondary", ("B", "A", "A")),
    DemoSchool("190110", "Borough Academy", "academy-converter", "secondary", ("A", "A", "B"),
               trust="Thames Learning Trust"),
    DemoSchool("190111", "Elephant Park Academy", "academy-sponsor-led", "primary",
               ("C", "D", "D"), trust="South Bank Schools Trust"),
    DemoSchool("190112", "Canada Water Free School", "free-school", "all-through",
               ("A", "A", "A"), trust="Canada Water Education Trust"),
    DemoSchool("190113", "Nunhead CofE Primary School", "voluntary-controlled", "primary",
               ("A", "B", "A"), religious="cofe", diocese="Diocese of Southwark (CofE)"),
    DemoSchool("190114", "Old Kent Road Primary School", "community", "primary",
               ("D", "C", "C")),
)

DCF = "DIRECTOR_CHILDREN_FAMILIES"
TRIP = [("2025-09-26", "record_activity", {"kind": "DIRECTOR_INFORMED",
                                          "details": {"director": "DIRECTOR_OF_EDUCATION"}}),
        ("2025-10-10", "record_activity", {"kind": "ACTION_PLAN", "details": {}}),
        ("2025-10-17", "record_activity", {"kind": "TEAM_AROUND_SCHOOL", "details": {}})]
PROGRESS = {"kind": "PROGRESS_MEETING",
            "details": {"meeting_kind": "PROGRESS_REVIEW_WITH_GOVERNORS_AD"}}
DCP = {"kind": "DCP", "details": {"form": "VISIT", "purpose": "REVIEW", "formal": True}}

#: The statutory steps of each demo school beyond its annual assessments: (date, command,
#: arguments[, role]). They run in date order with the assessments, through the same commands
#: an officer uses.
STORIES: dict[str, list[tuple[Any, ...]]] = {
    # C since 2025/26: the TRIP activities, contact points and termly reviews.
    "190104": [*TRIP, ("2025-11-12", "record_activity", DCP),
               ("2025-12-03", "record_activity", PROGRESS),
               ("2026-02-11", "record_activity", DCP),
               ("2026-03-18", "record_activity", PROGRESS),
               ("2026-05-20", "record_activity", PROGRESS),
               ("2026-06-15", "record_activity", {"kind": "QOE_REVIEW", "details": {}}),
               ("2026-10-07", "record_activity", DCP)],
    # C then D: warning notice not complied with, consented IEB, then special measures.
    "190106": [*TRIP,
               ("2026-02-10", "record_activity", {"kind": "DIRECTOR_INFORMED", "details": {
                   "director": DCF}}),
               ("2026-02-16", "draft_notice", {
                   "notice_type": "S60", "grounds": ["LOW_STANDARDS", "SAFETY"],
                   "comparators": ["expected", "comparable"],
                   "matters": "Attainment far below comparable schools; safeguarding "
                              "records incomplete", "required_actions": [
                       "Implement the rapid improvement plan",
                       "Complete the single central record and safeguarding training"],
                   "compliance_period_end": "2026-04-24",
                   "minded_actions": ["Appoint an interim executive board (s65)"]}),
               ("2026-02-18", "approve_notice", {"wn_id": "WN1"}, DCF),
               ("2026-02-20", "issue_notice", {"wn_id": "WN1", "copied_to": [
                   "HMCI", "SOS_RD", "HEADTEACHER"]}),
               ("2026-04-28", "assess_compliance", {"wn_id": "WN1",
                                                    "outcome": "NOT_COMPLIED"}),
               ("2026-04-30", "notify_intention", {"wn_id": "WN1", "powers": ["S64", "S65"],
                                                   "earliest_exercise_date": None}),
               ("2026-05-05", "record_consultation", {
                   "intervention": "S65", "consultee": "GB", "response_ref": "GB-2026-05"}),
               ("2026-05-15", "request_ieb_consent", {}),
               ("2026-06-05", "decide_ieb_consent", {"granted": True}),
               ("2026-06-12", "issue_ieb_notice", {
                   "ieb_from": "2026-07-01", "interim_period_end": "2027-08-31",
                   "members": [("Dr Ama Owusu (chair)", "INS-2026-01"),
                               ("Mr Tom Hale", "INS-2026-02")],
                   "copied_to": ["IEMS", "GOVERNORS", "SOS"]}),
               ("2026-10-19", "notify_ofsted_category", {"category": "SM"})],
    # An academy in C then D: the Regional Director route.
    "190111": [("2024-10-01", "record_activity", {"kind": "CONCERN_RAISED_WITH_RD", "details": {
                   "concerns": ["standards", "leadership"]}}),
               ("2025-09-29", "record_activity", {"kind": "CONCERN_RAISED_WITH_RD",
                                                   "details": {"concerns": ["governance"]}})],
    # D in 2024/25 and special measures: an s4(A1) academy order; converted in 2025.
    "190114": [("2025-01-20", "notify_ofsted_category", {"category": "SM"}),
               ("2025-01-31", "send_statement_of_action", {
                   "recipients": ["HMCI"], "parent_arrangements": "Parents' meeting 5 Feb"}),
               ("2025-03-03", "record_academy_order", {"basis": "S4_A1"}),
               ("2025-04-01", "record_direction", {
                   "order_id": "AO1", "direction_id": "D1", "deadline": "2025-05-30",
                   "steps": ["Provide the sponsor with staffing and land information"]}),
               ("2025-05-20", "record_facilitation", {
                   "order_id": "AO1", "step": "Staffing and land information sent",
                   "direction_id": "D1"}),
               ("2025-09-01", "convert_to_academy", {
                   "new_type": "academy-sponsor-led",
                   "academy_trust": "South Bank Schools Trust"})],
}
DATE_FIELDS = ("compliance_period_end", "ieb_from", "interim_period_end", "deadline")

RATIONALE = {
    "A": "Best fit A: leadership and governance effective, outcomes above national",
    "B": "Best fit B: outcomes not yet in line with national; new headteacher",
    "C": "Best fit C: outcomes significantly below national; leadership not cohesive",
    "D": "Best fit D: leadership and governance ineffective",
}
CRITICAL = {"A": (), "B": (), "C": ("leadership",), "D": ("leadership", "governance")}


def load_demo(app: Any) -> tuple[int, int]:
    """Record the demo schools not yet in the store; return (schools added, events stored)."""
    added = events = 0
    today = app.today()
    for i, s in enumerate(SCHOOLS):
        if app.has_school(s.urn):
            continue
        actor = ADVISERS[i % len(ADVISERS)]

        def env(on: dt.date, reason: str = "", doc: str = "", actor: str = actor) -> Envelope:
            return Envelope(actor=actor, role="LA_ADVISER", effective_date=on, reason=reason,
                            documents=(doc,) if doc else ())

        events += len(app.register_school(
            urn=s.urn, name=s.name, establishment_type=s.type, phase=s.phase,
            religious_character=s.religious, diocese=s.diocese, academy_trust=s.trust,
            envelope=env(REGISTERED_ON, "Demo: school in the LA's risk-assessment scope")).events)
        events += _story_step(app, s.urn, REGISTERED_ON,
                              ("", "assign_officer", {"officer": actor}), actor)
        steps: list[tuple[dt.date, int, Any]] = [
            (FORMAL_DATES[y], 0, (c, False)) for y, c in zip(FORMAL_DATES, s.categories,
                                                            strict=True)]
        if s.review:
            steps.append((dt.date.fromisoformat(s.review[0]), 0, (s.review[1], True)))
        steps += [(dt.date.fromisoformat(st[0]), 1, st) for st in STORIES.get(s.urn, [])]
        for on, kind, step in sorted(steps, key=lambda x: (x[0], x[1])):
            if on > today:
                continue
            if kind == 1:
                events += _story_step(app, s.urn, on, step, actor)
                continue
            category, review = step
            rationale = s.review[2] if review and s.review else RATIONALE[category]
            events += len(app.assess(
                s.urn, category=category, rationale=rationale,
                critical_criteria=CRITICAL[category], review=review,
                envelope=env(on, "Demo: annual desktop risk assessment" if not review else
                             "Demo: in-year review", f"RA-{on.isoformat()}-{s.urn}")).events)
            letter_on = on + dt.timedelta(days=7)
            if letter_on <= today:
                recipients = ("HT", "CHAIR", "TRUST_CHAIR") if s.trust else ("HT", "CHAIR")
                events += len(app.communicate(s.urn, recipients=recipients, envelope=env(
                    letter_on, "Demo: categorisation letter",
                    f"LETTER-{letter_on.isoformat()}-{s.urn}")).events)
        added += 1
    return added, events


def _story_step(app: Any, urn: str, on: dt.date, step: tuple[Any, ...], actor: str) -> int:
    _, method, args, *rest = step
    role = rest[0] if rest else "LA_ADVISER"
    kwargs = {k: dt.date.fromisoformat(v) if k in DATE_FIELDS and isinstance(v, str) else v
              for k, v in args.items()}
    ctx = app.context(Envelope(actor=actor, role=role, effective_date=on,
                               reason=f"Demo: {method.replace('_', ' ')}"))
    outcome = app.change(urn, lambda school: getattr(school, method)(ctx=ctx, **kwargs))
    return len(outcome.events)
