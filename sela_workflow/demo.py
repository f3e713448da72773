"""A realistic worked example: fictional Southwark schools over three academic years.

The schools, URNs, trusts and people are invented. The data goes through the same use cases
officers call, so every rule applies to it exactly as to real records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .aggregates.envelope import Envelope
from .aggregates.steps import academy as ac
from .aggregates.steps import activities as act
from .aggregates.steps import ieb, notice_outcomes, notices, ofsted, school, sos

ADVISERS = ("a.mensah", "r.clarke", "s.byrne")
DIRECTOR = "d.okafor"  # the Director of Children and Families, who agrees warning notices
#: The fictional people of the demo and the roles they hold (from before its first year).
PEOPLE = (("a.mensah", "Abena Mensah", "LA_ADVISER"), ("r.clarke", "Ruth Clarke", "LA_ADVISER"),
          ("s.byrne", "Sean Byrne", "LA_ADVISER"),
          ("d.okafor", "Dr David Okafor", "DIRECTOR_CHILDREN_FAMILIES"),
          ("j.whyte", "Jo Whyte", "DIRECTOR_OF_EDUCATION"))
STAFF_FROM = dt.date(2014, 9, 1)
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


def _trip(u: str) -> list[tuple[str, Any]]:
    return [("2025-09-26", act.InformDirector(urn=u, director="DIRECTOR_OF_EDUCATION")),
            ("2025-10-10", act.CreateActionPlan(urn=u)),
            ("2025-10-17", act.HoldTeamMeeting(urn=u))]


def _progress(u: str) -> Any:
    return act.HoldProgressMeeting(urn=u, meeting_kind="PROGRESS_REVIEW_WITH_GOVERNORS_AD")


def _dcp(u: str) -> Any:
    return act.RecordContactPoint(urn=u, form="VISIT", purpose="REVIEW", formal=True)


D = dt.date.fromisoformat

#: The statutory steps of each demo school beyond its annual assessments: (date, command
#: [, role[, actor]]). They run in date order with the assessments, through the same handler
#: an officer uses; what the Secretary of State decided is recorded by the school's adviser.
STORIES: dict[str, Any] = {
    # C since 2025/26: the TRIP activities, contact points and termly reviews.
    "190104": lambda u: [*_trip(u), ("2025-11-12", _dcp(u)), ("2025-12-03", _progress(u)),
                         ("2026-02-11", _dcp(u)), ("2026-03-18", _progress(u)),
                         ("2026-05-20", _progress(u)),
                         ("2026-06-15", act.ReviewQualityOfEducation(urn=u)),
                         ("2026-10-07", _dcp(u))],
    # C then D: warning notice not complied with, consented IEB, then special measures.
    "190106": lambda u: [
        *_trip(u),
        ("2026-02-10", act.InformDirector(urn=u, director=DCF)),
        ("2026-02-16", notices.DraftNotice(
            urn=u, grounds=("LOW_STANDARDS", "SAFETY"), comparators=("expected", "comparable"),
            matters="Attainment far below comparable schools; safeguarding records incomplete",
            required_actions=("Implement the rapid improvement plan",
                              "Complete the single central record and safeguarding training"),
            compliance_period_end=D("2026-04-24"),
            minded_actions=("Appoint an interim executive board (s65)",))),
        ("2026-02-18", notices.ApproveNotice(urn=u, notice="WN1"), DCF, DIRECTOR),
        ("2026-02-20", notices.IssueNotice(urn=u, notice="WN1",
                                           copied_to=("HMCI", "SOS_RD", "HEADTEACHER"))),
        ("2026-04-28", notice_outcomes.AssessCompliance(urn=u, notice="WN1",
                                                         outcome="NOT_COMPLIED")),
        ("2026-04-30", notice_outcomes.NotifyIntention(urn=u, notice="WN1",
                                                        powers=("S64", "S65"))),
        ("2026-05-05", ieb.RecordConsultation(urn=u, intervention="S65", consultee="GB",
                                              response_ref="GB-2026-05")),
        ("2026-05-15", ieb.RequestIEBConsent(urn=u)),
        ("2026-06-05", sos.DecideIEBConsent(urn=u, granted=True)),
        ("2026-06-12", ieb.IssueIEBNotice(
            urn=u, ieb_from=D("2026-07-01"), interim_period_end=D("2027-08-31"),
            members=("Dr Ama Owusu (chair)=INS-2026-01", "Mr Tom Hale=INS-2026-02"),
            copied_to=("IEMS", "GOVERNORS", "SOS"))),
        ("2026-10-19", ofsted.NotifyOfstedCategory(urn=u, category="SM"))],
    # An academy in C then D: the Regional Director route.
    "190111": lambda u: [
        ("2024-10-01", act.RaiseConcernWithRD(urn=u, concerns=("standards", "leadership"))),
        ("2025-09-29", act.RaiseConcernWithRD(urn=u, concerns=("governance",)))],
    # D in 2024/25 and special measures: an s4(A1) academy order; converted in 2025.
    "190114": lambda u: [
        ("2025-01-20", ofsted.NotifyOfstedCategory(urn=u, category="SM")),
        ("2025-01-31", ofsted.SendStatementOfAction(
            urn=u, recipients=("HMCI",), parent_arrangements="Parents' meeting 5 Feb")),
        ("2025-03-03", ac.MakeAcademyOrder(urn=u, basis="S4_A1")),
        ("2025-04-01", ac.ReceiveDirection(
            urn=u, order="AO1", direction_id="D1", deadline=D("2025-05-30"),
            steps=("Provide the sponsor with staffing and land information",))),
        ("2025-05-20", ac.RecordFacilitation(urn=u, order="AO1",
                                             step="Staffing and land information sent",
                                             direction_id="D1")),
        ("2025-09-01", ac.ConvertToAcademy(urn=u, new_type="academy-sponsor-led",
                                           academy_trust="South Bank Schools Trust"))],
}

RATIONALE = {
    "A": "Best fit A: leadership and governance effective, outcomes above national",
    "B": "Best fit B: outcomes not yet in line with national; new headteacher",
    "C": "Best fit C: outcomes significantly below national; leadership not cohesive",
    "D": "Best fit D: leadership and governance ineffective",
}
CRITICAL = {"A": (), "B": (), "C": ("leadership",), "D": ("leadership", "governance")}


def add_people(app: Any, admin: str) -> int:
    """The demo's people in the register (as ``admin``, who must be an ADMIN): how many events."""
    from .people import seed_register

    return seed_register(app, admin, [(login, name, [role], STAFF_FROM)
                                      for login, name, role in PEOPLE],
                         "Demo: the fictional officers and directors")


def load_demo(app: Any, admin: str, progress: Any = None) -> tuple[int, int]:
    """Record the demo's people and the schools not yet in the store (as ``admin``); return
    (schools added, events stored)."""
    added = 0
    events = add_people(app, admin)
    today = app.today()
    for i, s in enumerate(SCHOOLS):
        if app.has_school(s.urn):
            continue
        actor = ADVISERS[i % len(ADVISERS)]

        def run(on: dt.date, cmd: Any, role: str = "LA_ADVISER", reason: str = "",
                doc: str = "", actor: str = actor) -> int:
            envelope = Envelope(actor=actor, role=role, effective_date=on,
                                reason=reason or f"Demo: {type(cmd).__name__}",
                                documents=(doc,) if doc else ())
            return len(app.handle(cmd, envelope).events)

        events += run(REGISTERED_ON, school.RegisterSchool(
            urn=s.urn, name=s.name, establishment_type=s.type, phase=s.phase,
            religious_character=s.religious, diocese=s.diocese, academy_trust=s.trust),
            reason="Demo: school in the LA's risk-assessment scope")
        events += run(REGISTERED_ON, school.AssignOfficer(urn=s.urn, officer=actor))
        steps: list[tuple[dt.date, int, Any]] = [
            (FORMAL_DATES[y], 0, (c, False)) for y, c in zip(FORMAL_DATES, s.categories,
                                                            strict=True)]
        if s.review:
            steps.append((dt.date.fromisoformat(s.review[0]), 0, (s.review[1], True)))
        story = STORIES.get(s.urn)
        steps += [(dt.date.fromisoformat(st[0]), 1, st) for st in (story(s.urn) if story
                                                                  else [])]
        for on, kind, step in sorted(steps, key=lambda x: (x[0], x[1])):
            if on > today:
                continue
            if kind == 1:
                events += run(on, step[1], step[2] if len(step) > 2 else "LA_ADVISER",
                              actor=step[3] if len(step) > 3 else actor)
                continue
            category, review = step
            rationale = s.review[2] if review and s.review else RATIONALE[category]
            events += run(on, school.AssessRisk(
                urn=s.urn, category=category, rationale=rationale,
                critical_criteria=CRITICAL[category], review=review),
                reason="Demo: annual desktop risk assessment" if not review else
                "Demo: in-year review", doc=f"RA-{on.isoformat()}-{s.urn}")
            letter_on = on + dt.timedelta(days=7)
            if letter_on <= today:
                recipients = ("HT", "CHAIR", "TRUST_CHAIR") if s.trust else ("HT", "CHAIR")
                events += run(letter_on, school.Communicate(urn=s.urn, recipients=recipients),
                              reason="Demo: categorisation letter",
                              doc=f"LETTER-{letter_on.isoformat()}-{s.urn}")
        added += 1
        if progress is not None:
            progress(1)
    return added, events
