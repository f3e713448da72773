"""The School aggregate through its command methods: validation, Table Two, the envelope."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from eventsourcing.domain import Aggregate
from sela_workflow.aggregates.chain import GENESIS, hash_of_event
from sela_workflow.aggregates.errors import InvalidInput, Refused
from sela_workflow.aggregates.events import CategoryChanged, PathwayAssigned
from sela_workflow.aggregates.judgement import Context
from sela_workflow.aggregates.policy import DEFAULT
from sela_workflow.aggregates.school import School
from sela_workflow.aggregates.vocabulary import ESTABLISHMENT_TYPES

from .conftest import TODAY, envelope


def new_school(type_: str = "community", **kw: object) -> School:
    fields: dict[str, object] = dict(
        urn="100834", name="Bankside Primary", establishment_type=type_, phase="primary",
        religious_character="none", diocese="", academy_trust="",
        envelope=envelope("2024-09-02"), today=TODAY)
    if ESTABLISHMENT_TYPES[type_].academy:
        fields["academy_trust"] = "Thames Learning Trust"
    fields.update(kw)
    return School.register(**fields)  # type: ignore[arg-type]


def assess(s: School, category: str, on: str = "2025-09-19", review: bool = False) -> list[str]:
    return s.assess(category=category, rationale="best fit", critical_criteria=[],
                    academic_year=None, review=review, ctx=ctx(on))


def ctx(on: str) -> Context:
    return Context(envelope=envelope(on), today=TODAY, policy=DEFAULT)


MAINTAINED = {"A": "PARTNERSHIP", "B": "SUPPORT_MONITORING", "C": "TRIP", "D": "INTERVENTION"}
ACADEMY = {"A": "ACADEMY_PARTNERSHIP", "B": "ACADEMY_RD_ROUTE", "C": "ACADEMY_RD_ROUTE",
           "D": "ACADEMY_RD_ROUTE"}


@pytest.mark.parametrize("type_", sorted(ESTABLISHMENT_TYPES))
@pytest.mark.parametrize("category", "ABCD")
def test_pathway_follows_table_two_for_every_type_and_category(type_: str, category: str) -> None:
    """RA-02: the pathway is derived from category and school type (SEED-002 Table Two)."""
    s = new_school(type_)
    assess(s, category)
    expected = (ACADEMY if ESTABLISHMENT_TYPES[type_].academy else MAINTAINED)[category]
    assert s.pathway == expected
    assert s.statutory_state == expected.lower()
    assigned = [e for e in s.pending_events if isinstance(e, PathwayAssigned)]
    assert "RA-02" in assigned[0].rules
    if ESTABLISHMENT_TYPES[type_].academy and category != "A":
        assert "AC-01" in assigned[0].rules


def test_category_change_recorded_only_when_category_moves() -> None:
    s = new_school()
    assess(s, "B", "2024-09-20")
    s.communicate(recipients=["HT", "CHAIR"], ctx=ctx("2024-09-27"))
    assess(s, "B", "2025-09-19")
    assess(s, "C", "2025-12-01", review=True)
    changes = [(e.from_category, e.to_category) for e in s.pending_events
               if isinstance(e, CategoryChanged)]
    assert changes == [(None, "B"), ("B", "C")]
    assert s.category == "C" and s.pathway == "TRIP"


def test_second_formal_assessment_in_a_year_warns_ra01_and_is_recorded() -> None:
    s = new_school()
    assert assess(s, "A", "2025-09-19") == []
    s.communicate(recipients=["HT", "CHAIR"], ctx=ctx("2025-09-26"))
    warnings = assess(s, "B", "2025-10-03")
    assert warnings[0].startswith("RA-01 (WARN-LOCAL")
    assert s.pending_events[-3].warnings == warnings  # recorded on the RiskAssessmentCompleted
    assert assess(s, "B", "2025-11-03", review=True) == []


def test_future_effective_date_is_refused() -> None:
    s = new_school()
    before = len(s.pending_events)
    with pytest.raises(Refused, match="in the future"):
        assess(s, "A", (TODAY + dt.timedelta(days=1)).isoformat())
    assert len(s.pending_events) == before


@pytest.mark.parametrize("kw, message", [
    (dict(urn="12345"), "not a URN"),
    (dict(urn="0A1234"), "not a URN"),
    (dict(name="  "), "name is empty"),
    (dict(establishment_type="grammar"), "Unknown establishment type"),
    (dict(phase="sixth"), "Unknown phase"),
    (dict(academy_trust="Some Trust"), "has no academy trust"),
    (dict(religious_character="rc"), "needs its diocese"),
])
def test_registration_refuses_bad_input(kw: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        new_school(**kw)  # type: ignore[arg-type]


def test_academy_needs_trust() -> None:
    with pytest.raises(InvalidInput, match="academy trust"):
        new_school("academy-converter", academy_trust="")


@pytest.mark.parametrize("category, year, on, message", [
    ("E", None, "2025-09-19", "Unknown category"),
    ("A", "2025/27", "2025-09-19", "not an academic year"),
    ("A", "2024/25", "2025-09-19", "not in the academic year 2024/25"),
])
def test_assessment_refuses_bad_input(category: str, year: str | None, on: str,
                                      message: str) -> None:
    s = new_school()
    with pytest.raises(InvalidInput, match=message):
        s.assess(category=category, rationale="r", critical_criteria=[], academic_year=year,
                 review=False, ctx=ctx(on))


def test_unknown_role_and_missing_actor_are_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown role"):
        new_school(envelope=envelope("2024-09-02", role="HEAD_CHEF"))
    with pytest.raises(InvalidInput, match="No actor"):
        new_school(envelope=envelope("2024-09-02", actor=" "))


def test_every_event_carries_the_envelope_and_a_hash_chain() -> None:
    s = new_school()
    assess(s, "C", "2024-09-20")
    events = s.pending_events
    assert events[0].prev_hash == GENESIS
    for prev, event in itertools.pairwise(events):
        assert event.prev_hash == prev.hash
    for e in events:
        assert e.hash == hash_of_event(e)
        assert e.actor == "a.mensah" and e.role == "LA_ADVISER"
        assert e.rules_version


def test_replaying_the_events_reproduces_the_state() -> None:
    s = new_school()
    assess(s, "B", "2024-09-20")
    s.communicate(recipients=["HT", "CHAIR"], ctx=ctx("2024-09-27"))
    assess(s, "D", "2025-09-19")
    replayed: Aggregate | None = None
    for e in s.collect_events():
        replayed = e.mutate(replayed)
    assert isinstance(replayed, School)
    assert replayed.status() == s.status()
    assert replayed.chain_hash == s.chain_hash
