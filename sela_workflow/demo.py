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
)

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
        steps = [(FORMAL_DATES[y], c, False) for y, c in zip(FORMAL_DATES, s.categories,
                                                             strict=True)]
        if s.review:
            steps.append((dt.date.fromisoformat(s.review[0]), s.review[1], True))
        for on, category, review in sorted(steps):
            if on > today:
                continue
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
