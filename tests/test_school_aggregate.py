"""The school's own record through its commands: validation, Table Two, the envelope, the fold."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from sela_workflow.aggregates.chain import GENESIS, hash_of_event
from sela_workflow.aggregates.errors import InvalidInput, Refused
from sela_workflow.aggregates.fold import fold
from sela_workflow.aggregates.school_types import EstablishmentType
from sela_workflow.aggregates.state.views import status
from sela_workflow.aggregates.steps.school import AssessRisk, Communicate, RegisterSchool
from sela_workflow.application import SelaApplication

from .conftest import TODAY, envelope


@pytest.fixture
def app(popo_app: SelaApplication) -> SelaApplication:
    return popo_app


def register(app: SelaApplication, type_: str = "community", **kw: Any) -> Any:
    fields: dict[str, Any] = dict(urn="100834", name="Bankside Primary",
                                  establishment_type=type_, phase="primary")
    if EstablishmentType.parse(type_).academy:
        fields["academy_trust"] = "Thames Learning Trust"
    env = kw.pop("envelope", envelope("2024-09-02"))
    fields.update(kw)
    return app.handle(RegisterSchool(**fields), env)


def assess(app: SelaApplication, category: str, on: str = "2025-09-19",
           review: bool = False) -> Any:
    return app.handle(AssessRisk(urn="100834", category=category, rationale="best fit",
                                 review=review), envelope(on))


def letter(app: SelaApplication, on: str) -> Any:
    return app.handle(Communicate(urn="100834", recipients=["HT", "CHAIR"]), envelope(on))


MAINTAINED = {"A": "PARTNERSHIP", "B": "SUPPORT_MONITORING", "C": "TRIP", "D": "INTERVENTION"}
ACADEMY = {"A": "ACADEMY_PARTNERSHIP", "B": "ACADEMY_RD_ROUTE", "C": "ACADEMY_RD_ROUTE",
           "D": "ACADEMY_RD_ROUTE"}


@pytest.mark.parametrize("type_", [t.value for t in EstablishmentType])
@pytest.mark.parametrize("category", "ABCD")
def test_pathway_follows_table_two_for_every_type_and_category(
        app: SelaApplication, type_: str, category: str) -> None:
    """RA-02: the pathway is derived from category and school type (SEED-002 Table Two)."""
    register(app, type_)
    recorded = assess(app, category)
    academy = EstablishmentType.parse(type_).academy
    expected = (ACADEMY if academy else MAINTAINED)[category]
    state = app.case("100834")
    assert state.pathway == expected and state.statutory_state == expected.lower()
    assigned = [e for e in recorded.events if type(e).__name__ == "PathwayAssigned"]
    assert "RA-02" in assigned[0].rules
    assert ("AC-01" in assigned[0].rules) == (academy and category != "A")


def test_category_change_recorded_only_when_category_moves(app: SelaApplication) -> None:
    register(app)
    assess(app, "B", "2024-09-20")
    letter(app, "2024-09-27")
    assess(app, "B", "2025-09-19")
    assess(app, "C", "2025-12-01", review=True)
    changes = [(e.from_category, e.to_category) for e in app.history("100834")
               if type(e).__name__ == "CategoryChanged"]
    assert changes == [(None, "B"), ("B", "C")]
    state = app.case("100834")
    assert state.category == "C" and state.pathway == "TRIP"


def test_second_formal_assessment_in_a_year_warns_ra01_and_is_recorded(
        app: SelaApplication) -> None:
    register(app)
    assert assess(app, "A", "2025-09-19").warnings == []
    letter(app, "2025-09-26")
    recorded = assess(app, "B", "2025-10-03")
    assert recorded.warnings[0].startswith("RA-01 (WARN-LOCAL")
    assert recorded.event.warnings == recorded.warnings  # on the RiskAssessmentCompleted
    assert assess(app, "B", "2025-11-03", review=True).warnings == []


def test_future_effective_date_is_refused(app: SelaApplication) -> None:
    register(app)
    before = app.case("100834").version
    with pytest.raises(Refused, match="in the future"):
        assess(app, "A", (TODAY + dt.timedelta(days=1)).isoformat())
    assert app.case("100834").version == before


def test_a_step_dated_before_the_registration_is_refused(app: SelaApplication) -> None:
    register(app)  # its record begins 2024-09-02
    with pytest.raises(Refused, match="before 100834's record begins"):
        assess(app, "A", "2024-06-01")


@pytest.mark.parametrize("kw, message", [
    (dict(urn="12345"), "not a URN"),
    (dict(urn="0A1234"), "not a URN"),
    (dict(urn="\uff11\uff10\uff10\uff18\uff13\uff14"), "not a URN"),  # full-width digits
    (dict(name="  "), "name is empty"),
    (dict(establishment_type="grammar"), "not one of"),
    (dict(phase="sixth"), "not one of"),
    (dict(academy_trust="Some Trust"), "has no academy trust"),
    (dict(religious_character="rc"), "needs its diocese"),
])
def test_registration_refuses_bad_input(app: SelaApplication, kw: dict[str, str],
                                        message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        register(app, **kw)  # type: ignore[arg-type]


def test_academy_needs_trust(app: SelaApplication) -> None:
    with pytest.raises(InvalidInput, match="academy trust"):
        register(app, "academy-converter", academy_trust="")


@pytest.mark.parametrize("category, year, on, message", [
    ("E", None, "2025-09-19", "not one of"),
    ("A", "2025/27", "2025-09-19", "not an academic year"),
    ("A", "2024/25", "2025-09-19", "not in the academic year 2024/25"),
])
def test_assessment_refuses_bad_input(app: SelaApplication, category: str, year: str | None,
                                      on: str, message: str) -> None:
    register(app)
    with pytest.raises(InvalidInput, match=message):
        app.handle(AssessRisk(urn="100834", category=category, rationale="r",
                              academic_year=year), envelope(on))


def test_unknown_role_and_missing_actor_are_refused(app: SelaApplication) -> None:
    with pytest.raises(InvalidInput, match="Unknown role"):
        register(app, envelope=envelope("2024-09-02", role="HEAD_CHEF"))
    with pytest.raises(InvalidInput, match="No actor"):
        register(app, envelope=envelope("2024-09-02", actor=" "))


def test_every_event_carries_the_envelope_and_a_hash_chain(app: SelaApplication) -> None:
    register(app)
    assess(app, "C", "2024-09-20")
    events = app.history("100834")
    assert events[0].prev_hash == GENESIS
    for prev, event in itertools.pairwise(events):
        assert event.prev_hash == prev.hash
    for e in events:
        assert e.hash == hash_of_event(e)
        assert e.actor == "a.mensah" and e.role == "LA_ADVISER"
        assert e.rules_version


def test_folding_the_stored_events_reproduces_the_state(app: SelaApplication) -> None:
    register(app)
    assess(app, "B", "2024-09-20")
    letter(app, "2024-09-27")
    assess(app, "D", "2025-09-19")
    replayed = fold(app.history("100834"))
    assert replayed == app.case("100834")
    assert status(replayed, TODAY)["category"] == "D"
