"""Deterministic synthetic histories with a Southwark-like mix, recorded through the domain.

Each school is built from the same command objects the CLI builds, judged by the same handler
(every rule checked, every event hashed), for 2 to 10 academic years up to the current one
(2026/27, to date): about 96% of assessments are A or B; C schools run TRIP; D schools get a
warning notice that is not complied with, and some an IEB; schools are inspected every few
years across the three Ofsted framework periods, and a few go into special measures. One
school per store carries a long record (about 200 events) for the time-travel measurement.

The commands are judged in a `Batch` over an in-memory application, so nothing is stored
here: each `GeneratedSchool` holds its events, for the benchmark to save into the stores it
measures (`app.save(*schools)`, like any aggregate).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.errors import DomainError
from sela_workflow.aggregates.identity import school_id
from sela_workflow.aggregates.steps import activities as act
from sela_workflow.aggregates.steps import ieb, notice_outcomes, notices, ofsted, powers, sos
from sela_workflow.aggregates.steps.school import (
    AssessRisk,
    AssignOfficer,
    Communicate,
    RegisterSchool,
)
from sela_workflow.application import SelaApplication
from sela_workflow.batch import Batch

TODAY = dt.date(2026, 11, 20)
LAST_YEAR = 2026  # the last academic year generated, 2026/27, runs up to TODAY
TYPES = [("community", 44), ("voluntary-aided", 14), ("voluntary-controlled", 5),
         ("foundation", 5), ("community-special", 5), ("la-nursery", 3), ("pru", 2),
         ("academy-converter", 14), ("academy-sponsor-led", 6), ("free-school", 2)]
PHASES = {"la-nursery": "nursery", "community-special": "all-through", "pru": "secondary"}
LONG_URN = "200000"


def urn_of(i: int) -> str:
    return str(200000 + i)


@dataclass
class GeneratedSchool:
    """One school's generated events, saved like an aggregate (``app.save(*schools)``)."""

    urn: str
    establishment_type: str
    _pending_events: list[Any]
    refused: int = 0

    @property
    def id(self) -> Any:
        return school_id(self.urn)

    @property
    def pending_events(self) -> list[Any]:
        return list(self._pending_events)

    def collect_events(self) -> list[Any]:
        events, self._pending_events = self._pending_events, []
        return events


_APP: SelaApplication | None = None
DIRECTORS = ("DIRECTOR_OF_EDUCATION", "DIRECTOR_CHILDREN_FAMILIES")
#: Who records the generated histories (ID-01): an officer, and a director for approvals
#: (the drafter never approves, SD-01).
STAFF = [("bench", "Benchmark Officer", ["LA_ADVISER"],
          dt.date(2000, 1, 1)),
         ("bench-director", "Benchmark Director", list(DIRECTORS), dt.date(2000, 1, 1))]


def seed(app: Any, officers: int = 0) -> None:
    """The benchmark's register: its staff, and ``officers`` advisers officer-0, officer-1…"""
    from sela_workflow.people import seed_register

    extra = [(f"officer-{n}", f"Officer {n}", ["LA_ADVISER"], dt.date(2000, 1, 1))
             for n in range(officers)]
    seed_register(app, "bench-admin", [*STAFF, *extra], "benchmark staff")


def _app() -> SelaApplication:
    global _APP
    if _APP is None:
        _APP = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                               today=lambda: TODAY)
        seed(_APP)
    return _APP


class _School:
    """Records commands for one school in a batch, skipping the (rare) ones refused."""

    def __init__(self, batch: Batch, urn: str) -> None:
        self.batch, self.urn = batch, urn
        self.refused = 0

    def do(self, cls: type, on: dt.date, role: str = "LA_ADVISER", **fields: Any) -> Any:
        if on > TODAY:
            return None
        try:
            role = "LA_ADVISER" if role == "SOS" else role
            actor = "bench-director" if role in DIRECTORS else "bench"
            return self.batch.handle(cls(urn=self.urn, **fields),
                                     Envelope(actor, role, on, reason="benchmark"))
        except DomainError:
            self.refused += 1
            return None

    @property
    def state(self) -> Any:
        return self.batch.cases[self.urn].state

    def activity(self, cls: type, on: dt.date, **fields: Any) -> Any:
        return self.do(cls, on, **fields)


def _next_category(rng: random.Random, current: str | None) -> str:
    if current is None:
        return rng.choices("ABCD", weights=(62, 35, 2.2, 0.8))[0]
    if rng.random() < 0.9 or (current == "B" and rng.random() < 0.6):
        return current
    order = "ABCD"
    step = rng.choice((-1, 1))
    return order[max(0, min(3, order.index(current) + step))]


def build_school(i: int, seed: int = 2026) -> GeneratedSchool:
    rng = random.Random(seed * 1_000_003 + i)
    urn = urn_of(i)
    type_ = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
    academy = type_ in ("academy-converter", "academy-sponsor-led", "free-school")
    religious = rng.choice(("cofe", "rc")) if type_ in ("voluntary-aided",
                                                         "voluntary-controlled") else "none"
    years = 10 if urn == LONG_URN else rng.randint(2, 10)
    first_year = LAST_YEAR - years + 1
    batch = Batch(_app())
    batch.handle(RegisterSchool(
        urn=urn, name=f"Benchmark School {i}", establishment_type=type_,
        phase=PHASES.get(type_, rng.choice(("primary", "secondary"))),
        religious_character=religious, diocese="Diocese of Southwark" if religious != "none"
        else "", academy_trust="Bench Trust" if academy else ""),
        Envelope("bench", "LA_ADVISER", dt.date(first_year, 9, 1)))
    sc = _School(batch, urn)
    sc.do(AssignOfficer, dt.date(first_year, 9, 1), officer=f"officer-{i % 40}")
    category: str | None = None
    notices = 0
    for year in range(first_year, LAST_YEAR + 1):
        start = dt.date(year, 9, 1)
        category = _next_category(rng, category)
        if urn == LONG_URN:
            category = "C"
        day = start + dt.timedelta(days=rng.randint(14, 28))
        sc.do(AssessRisk, day, category=category, rationale="best fit")
        sc.do(Communicate, day + dt.timedelta(days=7),
              recipients=["HT", "CHAIR", "TRUST_CHAIR"] if academy else ["HT", "CHAIR"])
        if academy and category != "A":
            sc.do(act.RaiseConcernWithRD, day + dt.timedelta(days=14), concerns=("STANDARDS",))
        elif category == "B":
            for term_start in (dt.date(year, 11, 1), dt.date(year + 1, 2, 1),
                               dt.date(year + 1, 5, 1)):
                sc.do(act.HoldProgressMeeting, term_start + dt.timedelta(days=rng.randint(0, 40)),
                      meeting_kind="ADVISOR_TERMLY")
            for _ in range(rng.randint(1, 3)):
                sc.do(act.RecordContactPoint, start + dt.timedelta(days=rng.randint(40, 300)),
                      form="VISIT", purpose="SUPPORT")
            sc.do(act.HoldJointEvaluation, dt.date(year + 1, 7, 10))
        elif category == "A" and rng.random() < 0.5:
            sc.do(act.HoldJointEvaluation, dt.date(year + 1, 7, 10))
        elif category == "C":
            sc.do(act.InformDirector, day + dt.timedelta(days=5), director="DIRECTOR_OF_EDUCATION")
            sc.do(act.CreateActionPlan, day + dt.timedelta(days=20))
            sc.do(act.HoldTeamMeeting, day + dt.timedelta(days=27))
            meetings = 12 if urn == LONG_URN else 3
            for m in range(meetings):
                held = start + dt.timedelta(days=60 + m * (300 // meetings))
                sc.do(act.HoldProgressMeeting, held,
                      meeting_kind="PROGRESS_REVIEW_WITH_GOVERNORS_AD")
            for d in range(3):
                sc.do(act.RecordContactPoint, start + dt.timedelta(days=50 + d * 90), form="REVIEW",
                      purpose="REVIEW", formal=True)
            sc.do(act.ReviewQualityOfEducation, dt.date(year + 1, 6, 15))
        elif category == "D":
            sc.do(act.InformDirector, day + dt.timedelta(days=5),
                  director="DIRECTOR_CHILDREN_FAMILIES")
            if not sc.state.notices or notices < 2:
                _warning_notice_to_ieb(sc, rng, day + dt.timedelta(days=21), religious)
                notices += 1
        if rng.random() < 0.25:  # an inspection in roughly one year in four
            inspected = start + dt.timedelta(days=rng.randint(30, 250))
            bad = category == "D" and rng.random() < 0.5
            sc.do(ofsted.RecordInspection, inspected + dt.timedelta(days=20),
                  inspection_date=inspected,
                  grades=(f"overall={'inadequate' if bad else 'good'}",),
                  safeguarding="EFFECTIVE", category="SM" if bad else "NONE")
            if bad and sc.state.ofsted is None:
                notified = inspected + dt.timedelta(days=25)
                sc.do(ofsted.NotifyOfstedCategory, notified, category="SM")
                sc.do(ofsted.SendStatementOfAction, notified + dt.timedelta(days=9),
                      recipients=("HMCI", "FOUNDATION_APPOINTER"),
                      parent_arrangements="meeting")
    history = batch.cases[urn].history or []
    return GeneratedSchool(urn, type_, list(history), sc.refused)


def _warning_notice_to_ieb(sc: _School, rng: random.Random, on: dt.date, religious: str) -> None:
    dcf = "DIRECTOR_CHILDREN_FAMILIES"
    result = sc.do(notices.DraftNotice, on, notice_type="S60", grounds=("LOW_STANDARDS",),
                   comparators=("expected",), matters="Low standards",
                   required_actions=("Improve",), minded_actions=("IEB",),
                   compliance_period_end=on + dt.timedelta(days=56))
    if result is None:
        return
    wn_id = result.result
    sc.do(notices.ApproveNotice, on + dt.timedelta(days=2), role=dcf, notice=wn_id)
    copies = ["HMCI", "SOS_RD", "HEADTEACHER"] + (["DIOCESE"] if religious != "none" else [])
    if sc.state.establishment_type in ("foundation", "foundation-special", "voluntary-aided",
                                   "voluntary-controlled") and religious == "none":
        copies.append("FOUNDATION_APPOINTER")
    sc.do(notices.IssueNotice, on + dt.timedelta(days=3), notice=wn_id, copied_to=copies)
    sc.do(notice_outcomes.AssessCompliance, on + dt.timedelta(days=60), notice=wn_id,
          outcome="NOT_COMPLIED")
    sc.do(notice_outcomes.NotifyIntention, on + dt.timedelta(days=61), notice=wn_id,
          powers=("S64", "S65"))
    if rng.random() < 0.5:
        return
    sc.do(ieb.RecordConsultation, on + dt.timedelta(days=63), intervention="S65",
          consultee="GB", response_ref="r")
    if religious != "none":
        sc.do(ieb.RecordConsultation, on + dt.timedelta(days=63), intervention="S65",
              consultee="DIOCESE", response_ref="r")
    sc.do(ieb.RequestIEBConsent, on + dt.timedelta(days=80))
    sc.do(sos.DecideIEBConsent, on + dt.timedelta(days=90), role="SOS", granted=True)
    sc.do(ieb.IssueIEBNotice, on + dt.timedelta(days=95),
          ieb_from=on + dt.timedelta(days=110),
          members=("Chair=I1", "Member=I2"), copied_to=("IEMS", "GOVERNORS", "SOS"))
    sc.do(powers.NotifyDfE, on + dt.timedelta(days=96), power="S65")


def schools(n: int, chunk: int = 100, seed: int = 2026) -> Iterator[list[GeneratedSchool]]:
    """The n schools in chunks, each school built from its own seed (order-independent)."""
    for start in range(0, n, chunk):
        yield [build_school(i, seed) for i in range(start, min(n, start + chunk))]
