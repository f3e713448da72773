"""The steps GIAS facts become, recorded by hand through the handler: a change of details, a
closure, a link, a conversion under a new URN (AO-05) — and what a closed record refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sela_workflow.aggregates.errors import InvalidInput, NotNow, Refused
from sela_workflow.aggregates.steps.academy import ConvertToNewUrn, MakeAcademyOrder
from sela_workflow.aggregates.steps.corrections import WithdrawEntry
from sela_workflow.aggregates.steps.details import ChangeSchoolDetails, CloseSchool, LinkSchool
from sela_workflow.aggregates.steps.notices import DraftNotice
from sela_workflow.aggregates.steps.ofsted import NotifyOfstedCategory, RecordInspection
from sela_workflow.aggregates.steps.school import AssessRisk, RegisterSchool
from sela_workflow.application import SelaApplication
from sela_workflow.published import ATTEMPTS, import_gias

from .conftest import TODAY, envelope
from .staff import staffed_app
from .test_cli_imports import APRIL

rule = pytest.mark.rule
U = "100834"


@pytest.fixture
def app(popo_app: SelaApplication) -> SelaApplication:
    popo_app.handle(RegisterSchool(urn=U, name="Bankside Primary School",
                                   establishment_type="community", phase="primary"),
                    envelope("2024-09-02"))
    return popo_app


def test_a_change_records_only_what_differs_with_what_it_replaces(app: Any) -> None:
    recorded = app.handle(ChangeSchoolDetails(urn=U, name="Bankside Community Primary",
                                              phase="primary"), envelope("2025-05-20"))
    [event] = recorded.events
    assert (event.changes, event.previous) == ({"name": "Bankside Community Primary"},
                                               {"name": "Bankside Primary School"})
    assert app.case(U).name == "Bankside Community Primary"
    assert app.case(U, dt.date(2025, 5, 19)).name == "Bankside Primary School"
    with pytest.raises(InvalidInput, match="Nothing to change"):
        app.handle(ChangeSchoolDetails(urn=U, name="Bankside Community Primary"),
                   envelope("2025-06-01"))
    with pytest.raises(InvalidInput, match="needs its diocese"):
        app.handle(ChangeSchoolDetails(urn=U, religious_character="cofe"),
                   envelope("2025-06-01"))
    # a back-dated step before the change is judged with the change re-judged after it
    app.handle(AssessRisk(urn=U, category="B", rationale="Best fit"), envelope("2025-04-01"))


@rule("AO-05")
def test_becoming_an_academy_is_a_conversion_not_a_change(app: Any) -> None:
    with pytest.raises(Refused) as e:
        app.handle(ChangeSchoolDetails(urn=U, establishment_type="academy-converter",
                                       academy_trust="Thames Trust"), envelope("2025-05-20"))
    assert e.value.rule_id == "AO-05" and "sela academy new-urn" in str(e.value)
    app.handle(ChangeSchoolDetails(urn=U, establishment_type="foundation"),
               envelope("2025-05-20"))  # within the maintained types: a change


@rule("AO-05")
def test_a_conversion_under_a_new_urn_closes_the_case_and_the_record(app: Any) -> None:
    app.handle(NotifyOfstedCategory(urn=U, category="SM"), envelope("2025-03-03"))
    order = app.handle(MakeAcademyOrder(urn=U, basis="S4_A1"), envelope("2025-03-20"))
    assert order.result == "AO1"
    app.handle(DraftNotice(urn=U, grounds=["SAFETY"], matters="Unsafe",
                           required_actions=["Fix"], compliance_period_end=dt.date(2025, 6, 30),
                           minded_actions=["IEB"]), envelope("2025-04-01"))
    recorded = app.handle(ConvertToNewUrn(urn=U, successor_urn="149901",
                                          new_type="academy-sponsor-led",
                                          academy_trust="South Bank Trust"),
                          envelope("2025-09-01"))
    [event] = recorded.events
    assert (event.order_id, event.rules) == ("AO1", ["AO-05"])
    case = app.case(U)
    assert (case.closed, case.converted_to, case.details.closed_on) == (
        True, "149901", dt.date(2025, 8, 31))
    assert case.establishment_type == "community"  # the academy is the successor's record
    assert [(k.urn, k.kind) for k in case.links] == [("149901", "successor")]
    assert case.order("AO1").state == "converted"
    assert case.ofsted is None and case.episodes[-1].ended_by == "converted"
    assert [n.state for n in case.notices] == ["withdrawn"]
    with pytest.raises(Refused) as e:
        app.handle(AssessRisk(urn=U, category="C", rationale="r"), envelope("2025-09-19"))
    assert e.value.rule_id == "AO-05" and "149901" in str(e.value)
    app.handle(LinkSchool(urn=U, link_urn="149902", kind="SIXTH_FORM_CENTRE_LINK"),
               envelope("2025-09-19"))  # links still reach a closed record
    app.handle(RecordInspection(urn=U, inspection_date=dt.date(2025, 6, 1)),
               envelope("2025-07-01"))  # and reports of inspections before the closure


@rule("AO-05")
def test_an_academy_is_re_brokered_not_converted(popo_app: SelaApplication) -> None:
    popo_app.handle(RegisterSchool(urn="142001", name="Academy", phase="primary",
                                   establishment_type="academy-converter",
                                   academy_trust="Thames Trust"), envelope("2024-09-02"))
    with pytest.raises(Refused) as e:
        popo_app.handle(ConvertToNewUrn(urn="142001", successor_urn="149901",
                                        new_type="academy-converter", academy_trust="River"),
                        envelope("2025-09-01"))
    assert e.value.rule_id == "AO-05" and "already an academy" in str(e.value)
    with pytest.raises(InvalidInput, match="own"):
        ConvertToNewUrn(urn="142001", successor_urn="142001", new_type="academy-converter",
                        academy_trust="River")


def test_a_closure_ends_the_case_and_can_be_withdrawn(app: Any) -> None:
    app.handle(AssessRisk(urn=U, category="C", rationale="Weak"), envelope("2025-06-02"))
    with pytest.raises(InvalidInput, match="after the step's effective date"):
        app.handle(CloseSchool(urn=U, closed_on=dt.date(2025, 9, 30)), envelope("2025-09-02"))
    closed = app.handle(CloseSchool(urn=U, closure_reason="Closure",
                                    closed_on=dt.date(2025, 7, 31)), envelope("2025-09-02"))
    case = app.case(U)
    assert (case.closed, case.details.closed_on) == (True, dt.date(2025, 7, 31))
    with pytest.raises(NotNow, match="closed on 2025-07-31"):
        app.handle(AssessRisk(urn=U, category="B", rationale="r", review=True),
                   envelope("2025-09-10"))
    with pytest.raises(NotNow):
        app.handle(CloseSchool(urn=U), envelope("2025-09-10"))
    app.handle(WithdrawEntry(urn=U, version=closed.events[0].originator_version),
               envelope("2025-09-10", reason="GIAS closed the wrong URN"))
    assert not app.case(U).closed


def test_links_are_recorded_once_and_never_to_the_school_itself(app: Any) -> None:
    app.handle(LinkSchool(urn=U, link_urn="149901", kind="successor", link_name="Academy",
                          established_on=dt.date(2025, 8, 31)), envelope("2025-09-02"))
    [link] = app.case(U).links
    assert (link.urn, link.kind, link.name, link.date) == (
        "149901", "successor", "Academy", dt.date(2025, 8, 31))
    with pytest.raises(NotNow, match="already records 149901"):
        app.handle(LinkSchool(urn=U, link_urn="149901", kind="SUCCESSOR"),
                   envelope("2025-09-03"))
    app.handle(LinkSchool(urn=U, link_urn="149901", kind="other"), envelope("2025-09-03"))
    with pytest.raises(InvalidInput, match="itself"):
        LinkSchool(urn=U, link_urn=U, kind="successor")


def test_a_concurrent_change_replans_the_file_and_then_reports_a_conflict(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventsourcing.persistence import IntegrityError

    from sela_workflow.aggregates.errors import Conflict
    from sela_workflow.application import count_events

    app = staffed_app(f"sqlite:///{tmp_path / 'sela.db'}", today=lambda: TODAY)
    save, calls = app.save, []

    def collides(*objects: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("another writer got there first")
        return save(*objects, **kwargs)

    monkeypatch.setattr(app, "save", collides)
    assert import_gias(app, APRIL, la_codes=["210"], actor="a.mensah").written and len(calls) == 2
    monkeypatch.setattr(app, "save", lambda *o, **k: (_ for _ in ()).throw(IntegrityError("x")))
    before = count_events(app)
    path = tmp_path / "edubasealldata20250520.csv"
    path.write_bytes(Path(APRIL).read_bytes().replace(b"Bankside Primary School",
                                                      b"Bankside School"))
    with pytest.raises(Conflict, match=f"{ATTEMPTS} times"):
        import_gias(app, path, la_codes=["210"], actor="a.mensah")
    assert count_events(app) == before
    app.close()
