"""Deterministic synthetic histories with a Southwark-like mix, recorded through the domain.

Each school is built with the School aggregate's own commands (so every rule is checked and
every event hashed), for 2 to 10 academic years up to the current one (2026/27, to date):
about 96% of assessments are A or B; C schools run TRIP; D schools get a warning notice that
is not complied with, and some an IEB; schools are inspected every few years across the three
Ofsted framework periods, and a few go into special measures. One school per store carries a
long record (about 200 events) for the time-travel measurement.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.errors import DomainError
from sela_workflow.aggregates.judgement import Context
from sela_workflow.aggregates.policy import DEFAULT
from sela_workflow.aggregates.school import School

TODAY = dt.date(2026, 11, 20)
LAST_YEAR = 2026  # the last academic year generated, 2026/27, runs up to TODAY
TYPES = [("community", 44), ("voluntary-aided", 14), ("voluntary-controlled", 5),
         ("foundation", 5), ("community-special", 5), ("la-nursery", 3), ("pru", 2),
         ("academy-converter", 14), ("academy-sponsor-led", 6), ("free-school", 2)]
PHASES = {"la-nursery": "nursery", "community-special": "all-through", "pru": "secondary"}
LONG_URN = "200000"


def urn_of(i: int) -> str:
    return str(200000 + i)


def _ctx(on: dt.date, role: str = "LA_ADVISER", actor: str = "bench") -> Context:
    return Context(envelope=Envelope(actor, role, on, reason="benchmark"), today=TODAY,
                   policy=DEFAULT)


class _School:
    """Runs commands on one School, skipping the (rare) ones the rules refuse."""

    def __init__(self, school: School) -> None:
        self.s = school
        self.refused = 0

    def do(self, method: str, on: dt.date, role: str = "LA_ADVISER", **kw: Any) -> Any:
        if on > TODAY:
            return None
        try:
            return getattr(self.s, method)(ctx=_ctx(on, role), **kw)
        except DomainError:
            self.refused += 1
            return None


def _next_category(rng: random.Random, current: str | None) -> str:
    if current is None:
        return rng.choices("ABCD", weights=(62, 35, 2.2, 0.8))[0]
    if rng.random() < 0.9 or (current == "B" and rng.random() < 0.6):
        return current
    order = "ABCD"
    step = rng.choice((-1, 1))
    return order[max(0, min(3, order.index(current) + step))]


def build_school(i: int, seed: int = 2026) -> School:
    rng = random.Random(seed * 1_000_003 + i)
    urn = urn_of(i)
    type_ = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
    academy = type_ in ("academy-converter", "academy-sponsor-led", "free-school")
    religious = rng.choice(("cofe", "rc")) if type_ in ("voluntary-aided",
                                                         "voluntary-controlled") else "none"
    years = 10 if urn == LONG_URN else rng.randint(2, 10)
    first_year = LAST_YEAR - years + 1
    school = School.register(
        urn=urn, name=f"Benchmark School {i}", establishment_type=type_,
        phase=PHASES.get(type_, rng.choice(("primary", "secondary"))),
        religious_character=religious, diocese="Diocese of Southwark" if religious != "none"
        else "", academy_trust="Bench Trust" if academy else "",
        envelope=Envelope("bench", "LA_ADVISER", dt.date(first_year, 9, 1)), today=TODAY)
    sc = _School(school)
    sc.do("assign_officer", dt.date(first_year, 9, 1), officer=f"officer-{i % 40}")
    category: str | None = None
    notices = 0
    for year in range(first_year, LAST_YEAR + 1):
        start = dt.date(year, 9, 1)
        category = _next_category(rng, category)
        if urn == LONG_URN:
            category = "C"
        day = start + dt.timedelta(days=rng.randint(14, 28))
        sc.do("assess", day, category=category, rationale="best fit",
              critical_criteria=[], academic_year=None, review=False)
        sc.do("communicate", day + dt.timedelta(days=7),
              recipients=["HT", "CHAIR", "TRUST_CHAIR"] if academy else ["HT", "CHAIR"])
        if academy and category != "A":
            sc.do("record_activity", day + dt.timedelta(days=14), kind="CONCERN_RAISED_WITH_RD",
                  details={"concerns": ["standards"]})
        elif category == "B":
            for term_start in (dt.date(year, 11, 1), dt.date(year + 1, 2, 1),
                               dt.date(year + 1, 5, 1)):
                sc.do("record_activity", term_start + dt.timedelta(days=rng.randint(0, 40)),
                      kind="PROGRESS_MEETING", details={"meeting_kind": "ADVISOR_TERMLY"})
            for _ in range(rng.randint(1, 3)):
                sc.do("record_activity", start + dt.timedelta(days=rng.randint(40, 300)),
                      kind="DCP", details={"form": "VISIT", "purpose": "SUPPORT"})
            sc.do("record_activity", dt.date(year + 1, 7, 10), kind="JOINT_EVALUATION",
                  details={})
        elif category == "A" and rng.random() < 0.5:
            sc.do("record_activity", dt.date(year + 1, 7, 10), kind="JOINT_EVALUATION",
                  details={})
        elif category == "C":
            sc.do("record_activity", day + dt.timedelta(days=5), kind="DIRECTOR_INFORMED",
                  details={"director": "DIRECTOR_OF_EDUCATION"})
            sc.do("record_activity", day + dt.timedelta(days=20), kind="ACTION_PLAN", details={})
            sc.do("record_activity", day + dt.timedelta(days=27), kind="TEAM_AROUND_SCHOOL",
                  details={})
            meetings = 12 if urn == LONG_URN else 3
            for m in range(meetings):
                sc.do("record_activity", start + dt.timedelta(days=60 + m * (300 // meetings)),
                      kind="PROGRESS_MEETING",
                      details={"meeting_kind": "PROGRESS_REVIEW_WITH_GOVERNORS_AD"})
            for d in range(3):
                sc.do("record_activity", start + dt.timedelta(days=50 + d * 90), kind="DCP",
                      details={"form": "REVIEW", "purpose": "REVIEW", "formal": True})
            sc.do("record_activity", dt.date(year + 1, 6, 15), kind="QOE_REVIEW", details={})
        elif category == "D":
            sc.do("record_activity", day + dt.timedelta(days=5), kind="DIRECTOR_INFORMED",
                  details={"director": "DIRECTOR_CHILDREN_FAMILIES"})
            if not sc.s.notices or notices < 2:
                _warning_notice_to_ieb(sc, rng, day + dt.timedelta(days=21), religious)
                notices += 1
        if rng.random() < 0.25:  # an inspection in roughly one year in four
            inspected = start + dt.timedelta(days=rng.randint(30, 250))
            bad = category == "D" and rng.random() < 0.5
            sc.do("record_inspection", inspected + dt.timedelta(days=20),
                  inspection_date=inspected, grades={"overall": "inadequate" if bad else "good"},
                  safeguarding="EFFECTIVE", category="SM" if bad else "NONE")
            if bad and sc.s.ofsted is None:
                notified = inspected + dt.timedelta(days=25)
                sc.do("notify_ofsted_category", notified, category="SM")
                sc.do("send_statement_of_action", notified + dt.timedelta(days=9),
                      recipients=["HMCI", "FOUNDATION_APPOINTER"], parent_arrangements="meeting")
    return school


def _warning_notice_to_ieb(sc: _School, rng: random.Random, on: dt.date, religious: str) -> None:
    dcf = "DIRECTOR_CHILDREN_FAMILIES"
    result = sc.do("draft_notice", on, notice_type="S60", grounds=["LOW_STANDARDS"],
                   comparators=["expected"], matters="Low standards",
                   required_actions=["Improve"], minded_actions=["IEB"],
                   compliance_period_end=on + dt.timedelta(days=56))
    if result is None:
        return
    wn_id = result[0]
    sc.do("approve_notice", on + dt.timedelta(days=2), role=dcf, wn_id=wn_id)
    copies = ["HMCI", "SOS_RD", "HEADTEACHER"] + (["DIOCESE"] if religious != "none" else [])
    if sc.s.establishment_type in ("foundation", "foundation-special", "voluntary-aided",
                                   "voluntary-controlled") and religious == "none":
        copies.append("FOUNDATION_APPOINTER")
    sc.do("issue_notice", on + dt.timedelta(days=3), wn_id=wn_id, copied_to=copies)
    sc.do("assess_compliance", on + dt.timedelta(days=60), wn_id=wn_id, outcome="NOT_COMPLIED")
    sc.do("notify_intention", on + dt.timedelta(days=61), wn_id=wn_id, powers=["S64", "S65"],
          earliest_exercise_date=None)
    if rng.random() < 0.5:
        return
    sc.do("record_consultation", on + dt.timedelta(days=63), intervention="S65", consultee="GB",
          response_ref="r")
    if religious != "none":
        sc.do("record_consultation", on + dt.timedelta(days=63), intervention="S65",
              consultee="DIOCESE", response_ref="r")
    sc.do("request_ieb_consent", on + dt.timedelta(days=80))
    sc.do("decide_ieb_consent", on + dt.timedelta(days=90), granted=True)
    sc.do("issue_ieb_notice", on + dt.timedelta(days=95), ieb_from=on + dt.timedelta(days=110),
          members=[("Chair", "I1"), ("Member", "I2")], interim_period_end=None,
          copied_to=["IEMS", "GOVERNORS", "SOS"])
    sc.do("notify_dfe", on + dt.timedelta(days=96), power="S65")


def schools(n: int, chunk: int = 100, seed: int = 2026) -> Iterator[list[School]]:
    """The n schools in chunks, each school built from its own seed (order-independent)."""
    for start in range(0, n, chunk):
        yield [build_school(i, seed) for i in range(start, min(n, start + chunk))]
