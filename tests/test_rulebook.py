"""Every rule of rulebook §12.3, exercised through the application: each test fails if its rule
is removed. `@rule("ID")` marks which rule a test covers (tests/test_rule_coverage.py checks all
are covered)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sela_workflow.aggregates.errors import InvalidInput, NotNow, Refused
from sela_workflow.aggregates.policy import Policy
from sela_workflow.aggregates.steps.academy import (
    ConvertToAcademy,
    MakeAcademyOrder,
    ReceiveDirection,
    RecordFacilitation,
)
from sela_workflow.aggregates.steps.activities import (
    HoldProgressMeeting,
    InformDirector,
    RaiseConcernWithRD,
    RecordContactPoint,
)
from sela_workflow.aggregates.steps.corrections import AuthoriseOverride
from sela_workflow.aggregates.steps.ieb import (
    ChangeIEBMember,
    EndIEB,
    IssueIEBNotice,
    RecordConsultation,
    RequestIEBConsent,
)
from sela_workflow.aggregates.steps.notice_outcomes import (
    AssessCompliance,
    ConfirmNotice,
    NotifyIntention,
    RepresentNotice,
    WithdrawNotice,
)
from sela_workflow.aggregates.steps.notices import ApproveNotice, DraftNotice, IssueNotice
from sela_workflow.aggregates.steps.ofsted import (
    NotifyOfstedCategory,
    RemoveOfstedCategory,
    SendStatementOfAction,
)
from sela_workflow.aggregates.steps.powers import (
    AppointFoundationGovernors,
    AppointGovernors,
    NotifyDfE,
    RequireArrangements,
    ReviewBudget,
    SuspendBudget,
)
from sela_workflow.aggregates.steps.school import AssessRisk, Communicate
from sela_workflow.aggregates.steps.sos import (
    DecideIEBConsent,
    NotifyCoasting,
    PermitLANotice,
    RecordSoSIntervention,
    RecordSoSNotice,
)
from sela_workflow.application import SelaApplication

from .case import DCF, Case, day

rule = pytest.mark.rule


@pytest.fixture
def app(popo_app: SelaApplication) -> SelaApplication:
    return popo_app


def warnings_of(outcome: Any) -> str:
    return "\n".join(outcome.warnings)


# -- risk assessment and pathways ---------------------------------------------------------------

@rule("RA-01")
def test_ra01_second_formal_assessment_in_a_year_warns(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("A", "2025-09-19")
    out = c.do(AssessRisk, "2025-10-10", category="B", rationale="r", critical_criteria=[],
               academic_year=None, review=False)
    assert "RA-01 (WARN-LOCAL" in warnings_of(out)
    assert c.events("RiskAssessmentCompleted")[-1].warnings == out.warnings


@rule("RA-01")
def test_ra01_annual_assessment_is_expected_by_30_september(app: SelaApplication) -> None:
    c = Case(app)
    item = c.item("RA-01", "2026-10-05")
    assert item.timer == "T-RA-ANNUAL" and item.due == dt.date(2026, 9, 30)
    assert item.status == "overdue"
    c.assess("B", "2026-10-06")
    assert c.item("RA-01", "2026-10-07").status == "met"


@rule("RA-02")
def test_ra02_pathway_recorded_with_its_rule(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("C", "2025-09-19")
    assigned = c.events("PathwayAssigned")[-1]
    assert assigned.pathway == "TRIP" and "RA-02" in assigned.rules


@rule("RA-03")
def test_ra03_next_formal_assessment_waits_for_the_letter(app: SelaApplication) -> None:
    c = Case(app)
    c.do(AssessRisk, "2024-09-20", category="B", rationale="r", critical_criteria=[],
         academic_year=None, review=False)
    error = c.refused("RA-03", AssessRisk, "2025-09-19", category="C", rationale="r",
                      critical_criteria=[], academic_year=None, review=False)
    assert error.remedy is not None and error.remedy.step is Communicate
    item = c.item("RA-03", "2024-10-20")
    assert item.timer == "T-RA-COMMS" and item.status == "overdue"


@rule("RA-03")
def test_ra03_letter_goes_to_head_and_chair(app: SelaApplication) -> None:
    c = Case(app)
    c.do(AssessRisk, "2024-09-20", category="B", rationale="r", critical_criteria=[],
         academic_year=None, review=False)
    c.refused("RA-03", Communicate, "2024-09-27", recipients=["HT"])
    c.do(Communicate, "2024-09-27", recipients=["HT", "CHAIR"])
    assert c.state.uncommunicated_since is None


@rule("RA-03")
def test_ra03_director_may_override_with_justification(app: SelaApplication) -> None:
    c = Case(app)
    c.do(AssessRisk, "2024-09-20", category="B", rationale="r", critical_criteria=[],
         academic_year=None, review=False)
    c.refused("RA-03", AssessRisk, "2025-09-19", override="letter lost in post", category="C",
              rationale="r", critical_criteria=[], academic_year=None, review=False)  # adviser
    c.refused("RA-03", AssessRisk, "2025-09-19", role=DCF, override="Letter lost",
              category="C", rationale="r", critical_criteria=[], academic_year=None,
              review=False)  # a director too: an override is authorised by someone else
    c.do(AuthoriseOverride, "2025-09-18", role=DCF, rule_id="RA-03", for_actor="a.mensah",
         justification="Letter lost in the post; resent")
    out = c.do(AssessRisk, "2025-09-19", override="Letter lost in the post; resent",
               category="C", rationale="r", critical_criteria=[], academic_year=None,
               review=False)
    deviation = c.events("PolicyDeviationRecorded")[-1]
    assert deviation.rule_id == "RA-03" and deviation.authorised_by == "d.okafor"
    assert "Letter lost" in deviation.justification
    assert "overridden" in warnings_of(out)


@rule("RA-04")
def test_ra04_uncommunicated_change_is_flagged(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("B", "2025-09-19")
    c.do(AssessRisk, "2025-11-03", category="C", rationale="r", critical_criteria=[],
         academic_year=None, review=True)
    assert c.item("RA-04", "2025-11-04").timer == "T-RA-COMMS"
    out = c.do(AssessRisk, "2025-12-01", category="D", rationale="r", critical_criteria=[],
               academic_year=None, review=True)
    assert "RA-04 (WARN-LOCAL" in warnings_of(out)


@rule("PW-01")
def test_pw01_contact_points_warn_outside_b_to_d_and_past_three(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("A", "2025-09-19")
    dcp = dict(form="VISIT", purpose="REVIEW")
    assert "PW-01" in warnings_of(c.do(RecordContactPoint, "2025-10-01", **dcp))
    c.assess("C", "2025-10-02", review=True)
    for on in ("2025-10-10", "2026-01-10"):
        assert c.do(RecordContactPoint, on, **dcp).warnings == []
    assert "up to 3 a year" in warnings_of(c.do(RecordContactPoint, "2026-03-10", **dcp))
    assert "PW-01" in warnings_of(c.do(RecordContactPoint, "2026-05-10", **dcp))
    item = c.item("PW-01", "2026-06-01")
    assert item.timer == "T-DCP-CAP" and item.met_on == dt.date(2026, 5, 10)


@rule("PW-02")
def test_pw02_trip_activities_expected_then_met(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("C", "2025-09-19")
    assert c.item("PW-02", "2025-10-01", "Director of Education").status == "expected"
    c.do(InformDirector, "2025-09-25", director="DIRECTOR_OF_EDUCATION")
    assert c.item("PW-02", "2025-10-01", "Director of Education").status == "met"
    termly = c.item("PW-02", "2025-10-01", "Progress review")
    assert termly.due == dt.date(2025, 12, 31) and termly.timer == "T-TERMLY"
    assert c.item("PW-02", "2026-01-05", "Progress review").due == dt.date(2026, 3, 31)
    assert c.item("PW-02", "2025-10-01", "Quality of Education").due == dt.date(2026, 8, 31)


@rule("PW-03")
def test_pw03_intervention_pathway_expects_dcf_notice_and_brokerage(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("D", "2025-09-19")
    whats = {i.what for i in c.expected("2025-10-01") if i.rule_id == "PW-03"}
    assert {"Director of Children and Families informed", "Warning notice workflow started",
            "Federation or MAT brokered"} <= whats
    c.draft("2025-09-30", "2025-12-31")
    assert c.item("PW-03", "2025-10-01", "Warning notice").status == "met"


@rule("PW-04")
def test_pw04_support_pathway_expects_termly_meeting(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("B", "2025-09-19")
    item = c.item("PW-04", "2025-10-01", "Termly progress meeting")
    assert item.status == "upcoming" and item.due == dt.date(2025, 12, 31)
    c.do(HoldProgressMeeting, "2025-11-01", meeting_kind="ADVISOR_TERMLY")
    assert c.item("PW-04", "2025-11-02", "Termly progress meeting").status == "met"
    assert c.item("PW-04", "2025-11-02", "Joint end-of-year").due == dt.date(2026, 8, 31)


@rule("AC-01")
def test_ac01_academies_route_to_the_rd_and_refuse_la_powers(app: SelaApplication) -> None:
    c = Case(app, type_="academy-sponsor-led")
    c.assess("D", "2025-09-19")
    assert c.state.pathway == "ACADEMY_RD_ROUTE"
    assert "AC-01" in c.events("PathwayAssigned")[-1].rules
    assert c.item("AC-01", "2025-10-01").status == "expected"
    c.refused("AC-01", DraftNotice, "2025-10-01", notice_type="S60", grounds=["SAFETY"],
              comparators=[], matters="m", required_actions=["a"],
              compliance_period_end=day("2025-12-01"), minded_actions=["m"])
    c.refused("AC-01", RequireArrangements, "2025-10-01", requirement="FEDERATION",
              party="X")
    c.do(RaiseConcernWithRD, "2025-10-02", concerns=["governance"])
    assert c.item("AC-01", "2025-10-03").status == "met"
    maintained = Case(app, urn="100835")
    maintained.refused("AC-01", RaiseConcernWithRD, "2025-10-02", concerns=["governance"])


# -- warning notices ---------------------------------------------------------------------------

@rule("WN-01")
def test_wn01_no_warning_notice_for_a_pru_unless_policy_allows(app: SelaApplication) -> None:
    c = Case(app, type_="pru", phase="secondary")
    c.refused("WN-01", DraftNotice, "2025-10-01", notice_type="S60", grounds=["SAFETY"],
              comparators=[], matters="m", required_actions=["a"],
              compliance_period_end=day("2025-12-01"), minded_actions=["m"])
    app.policy = Policy(block_pru_warning_notices=False)
    assert c.draft("2025-10-01", "2025-12-01", grounds=["SAFETY"], comparators=[]) == "WN1"


@rule("WN-02")
def test_wn02_s60_grounds_and_comparator(app: SelaApplication) -> None:
    c = Case(app)
    base = dict(notice_type="S60", matters="m", required_actions=["a"],
                compliance_period_end=day("2025-12-01"), minded_actions=["m"])
    c.refused("WN-02", DraftNotice, "2025-10-01", grounds=[], comparators=[], **base)
    c.refused("WN-02", DraftNotice, "2025-10-01", grounds=["GB_FAILED_STPCD"],
              comparators=[], **base)
    c.refused("WN-02", DraftNotice, "2025-10-01", grounds=["LOW_STANDARDS"], comparators=[],
              **base)
    assert c.draft("2025-10-01", "2025-12-01", grounds=["LOW_STANDARDS"],
                   comparators=["comparable"]) == "WN1"


@rule("WN-03")
def test_wn03_s60a_grounds(app: SelaApplication) -> None:
    c = Case(app)
    c.refused("WN-03", DraftNotice, "2025-10-01", notice_type="S60A", grounds=["SAFETY"],
              comparators=[], matters="m", required_actions=["a"],
              compliance_period_end=day("2025-12-01"), minded_actions=["m"])
    assert c.draft("2025-10-01", "2025-12-01", notice_type="S60A") == "WN1"


@rule("WN-04")
def test_wn04_required_content_and_compliance_period(app: SelaApplication) -> None:
    c = Case(app)
    error = c.refused("WN-04", DraftNotice, "2025-10-01", notice_type="S60",
                      grounds=["SAFETY"], comparators=[], matters=" ", required_actions=[],
                      compliance_period_end=day("2025-12-01"), minded_actions=["m"])
    assert "matters, required action" in str(error)
    c.refused("WN-04", DraftNotice, "2025-10-01", notice_type="S60", grounds=["SAFETY"],
              comparators=[], matters="m", required_actions=["a"],
              compliance_period_end=day("2025-10-01"), minded_actions=["m"])
    wn = c.draft("2025-10-01", "2025-10-20")
    c.do(ApproveNotice, "2025-10-02", role=DCF, notice=wn)
    c.refused("WN-04", IssueNotice, "2025-10-20", notice=wn, copied_to=["HMCI", "SOS_RD"])


@rule("WN-05")
def test_wn05_director_agrees_before_issue(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-12-01")
    error = c.refused("WN-05", IssueNotice, "2025-10-02", notice=wn,
                      copied_to=["HMCI", "SOS_RD"])
    assert error.remedy is not None and error.remedy.step is ApproveNotice
    c.refused("WN-05", ApproveNotice, "2025-10-02", notice=wn)  # an adviser cannot approve
    c.do(ApproveNotice, "2025-10-02", role=DCF, notice=wn)
    c.issue(wn, "2025-10-03")
    assert c.state.notice(wn).state == "issued"


@rule("WN-05")
def test_wn05_not_in_force_for_a_2015_notice(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2015-03-02", "2015-05-01")
    c.issue(wn, "2015-03-02", ("HMCI",))  # no DCF approval: the 2023 local rule did not exist
    issued = c.events("WarningNoticeIssued")[-1]
    assert "WN-05" not in issued.rules and issued.regime == "PRE_2016_04_18"


@rule("WN-06")
def test_wn06_sos_notice_blocks_la_notice_until_permitted(app: SelaApplication) -> None:
    c = Case(app)
    c.do(RecordSoSNotice, "2025-09-01", ref="RD-2025-17")
    wn = c.draft("2025-10-01", "2025-12-01")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    error = c.refused("WN-06", IssueNotice, "2025-10-02", notice=wn,
                      copied_to=["HMCI", "SOS_RD"])
    assert "RD-2025-17" in str(error)
    c.do(PermitLANotice, "2025-10-05", ref="RD-2025-17")
    c.issue(wn, "2025-10-06")


@rule("WN-07")
def test_wn07_sos_notice_supersedes_la_notice_and_its_eligibility(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.notice_to_eligibility()
    assert "S60" in c.routes("2026-01-09")
    c.do(RecordSoSNotice, "2026-01-10", ref="RD-2026-02")
    assert c.state.notice(wn).state == "superseded"
    assert "S60" not in c.routes("2026-01-10") and "S60" in c.routes("2026-01-09")
    notified = c.events("SoSWarningNoticeNotified")[-1]
    assert "WN-07" in notified.rules and notified.supersedes


@rule("WN-08")
def test_wn08_same_day_copies(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-12-01")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    error = c.refused("WN-08", IssueNotice, "2025-10-02", notice=wn, copied_to=["HMCI"])
    assert "missing: SOS_RD" in str(error)
    va = Case(app, urn="100836", type_="voluntary-aided", religious_character="rc",
              diocese="RC Archdiocese of Southwark")
    wn2 = va.draft("2025-10-01", "2025-12-01")
    va.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn2)
    assert "DIOCESE" in str(va.refused("WN-08", IssueNotice, "2025-10-02", notice=wn2,
                                       copied_to=["HMCI", "SOS_RD"]))
    va.issue(wn2, "2025-10-02", ("HMCI", "SOS_RD", "DIOCESE", "HEADTEACHER"))
    assert {r for r, _ in va.state.notice(wn2).copies} == {"HMCI", "SOS_RD", "DIOCESE",
                                                           "HEADTEACHER"}


@rule("WN-09")
def test_wn09_headteacher_copy_is_good_practice(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-12-01")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    out = c.issue(wn, "2025-10-02", ("HMCI", "SOS_RD"))
    assert "WN-09 (WARN-LOCAL" in warnings_of(out)


@rule("WN-10")
def test_wn10_legacy_regime_initial_period_and_representations(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2015-03-02", "2015-04-30")
    c.issue(wn, "2015-03-02", ("HMCI",))
    notice = c.state.notice(wn)
    assert notice.regime == "PRE_2016_04_18"
    assert notice.initial_period_end == dt.date(2015, 3, 23)  # 15 working days
    c.do(RepresentNotice, "2015-03-10", notice=wn, body="HMCI")
    error = c.refused("WN-10", AssessCompliance, "2015-05-05", notice=wn,
                      outcome="NOT_COMPLIED")
    assert "unresolved" in str(error)
    c.do(ConfirmNotice, "2015-04-01", notice=wn)
    c.do(AssessCompliance, "2015-05-05", notice=wn, outcome="NOT_COMPLIED")


@rule("WN-11")
def test_wn11_no_representations_after_april_2016(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-12-01")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    c.issue(wn, "2025-10-02")
    c.refused("WN-11", RepresentNotice, "2025-10-05", notice=wn, body="HMCI")


@rule("WN-12")
def test_wn12_compliance_not_assessed_before_the_period_ends(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-11-28")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    c.issue(wn, "2025-10-02")
    c.refused("WN-12", AssessCompliance, "2025-11-28", notice=wn, outcome="NOT_COMPLIED")
    item = c.item("WN-12", "2025-12-10")
    assert item.status == "overdue" and item.timer == "T-WN-COMPLIANCE"
    c.do(AssessCompliance, "2025-11-29", notice=wn, outcome="COMPLIED")
    assert c.item("WN-12", "2025-12-10").status == "met"


@rule("WN-13")
def test_wn13_intention_needs_non_compliance_and_lawful_powers(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-11-28", notice_type="S60A")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    c.issue(wn, "2025-10-02")
    with pytest.raises(Refused, match="not possible while the warning notice is issued"):
        c.do(NotifyIntention, "2025-12-02", notice=wn, powers=["S65"],
             earliest_exercise_date=None)
    c.do(AssessCompliance, "2025-12-01", notice=wn, outcome="NOT_COMPLIED")
    error = c.refused("WN-13", NotifyIntention, "2025-12-02", notice=wn,
                      powers=["S63", "S65"], earliest_exercise_date=None)
    assert "not S63" in str(error)
    c.do(NotifyIntention, "2025-12-02", notice=wn, powers=["S65"],
         earliest_exercise_date=None)


@rule("WN-14")
def test_wn14_eligibility_starts_at_intention_not_before(app: SelaApplication) -> None:
    c = Case(app)
    wn = c.draft("2025-10-01", "2025-11-28")
    c.do(ApproveNotice, "2025-10-01", role=DCF, notice=wn)
    c.issue(wn, "2025-10-02")
    assert c.routes("2025-12-01") == {}
    c.do(AssessCompliance, "2025-12-01", notice=wn, outcome="NOT_COMPLIED")
    assert c.routes("2025-12-01") == {}
    c.do(NotifyIntention, "2025-12-02", notice=wn, powers=["S65"], earliest_exercise_date=None)
    route = c.routes("2025-12-02")["S60"]
    assert (route.basis, route.since) == (wn, dt.date(2025, 12, 2))
    assert route.s64_window_end == dt.date(2026, 1, 28)
    assert "WN-14" in c.events("IntentionToUsePowersNotified")[-1].rules
    c.do(WithdrawNotice, "2025-12-10", reason="Replaced", notice=wn)
    assert c.routes("2025-12-10") == {} and "S60" in c.routes("2025-12-09")


# -- interventions ----------------------------------------------------------------------------

@rule("IN-01")
def test_in01_powers_need_eligibility_and_reasonable_notice(app: SelaApplication) -> None:
    c = Case(app)
    c.refused("IN-01", AppointGovernors, "2025-10-01", names=["A. Governor"])
    c.notice_to_eligibility(intention="2025-12-02")
    earliest = c.state.notice("WN1").earliest_exercise_date
    assert earliest == dt.date(2025, 12, 16)  # 10 working days (policy default)
    error = c.refused("IN-01", AppointGovernors, "2025-12-10", names=["A"])
    assert "2025-12-16" in str(error)
    c.do(AppointGovernors, "2025-12-16", names=["A. Governor"])


@rule("IN-02")
def test_in02_s63_not_on_s60a_alone_and_after_consultation(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility(notice_type="S60A")
    c.refused("IN-02", RequireArrangements, "2026-01-05", requirement="FEDERATION",
              party="Peckham Federation")
    d = Case(app, urn="100835")
    d.notice_to_eligibility()
    error = d.refused("IN-02", RequireArrangements, "2026-01-05",
                      requirement="FEDERATION", party="Peckham Federation")
    assert error.remedy is not None and error.remedy.step is RecordConsultation
    assert error.remedy.options == {"intervention": "S63", "consultee": "GB"}
    d.do(RecordConsultation, "2026-01-02", intervention="S63", consultee="GB",
         response_ref="GB-minutes")
    d.do(RequireArrangements, "2026-01-05", requirement="FEDERATION",
         party="Peckham Federation")


@rule("IN-03")
def test_in03_s64_window_and_no_governors_during_an_ieb(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility(cpe="2025-11-28")
    error = c.refused("IN-03", AppointGovernors, "2026-01-29", names=["A"])
    assert "2026-01-28" in str(error)
    assert c.item("IN-03", "2026-02-01").status == "lapsed"
    d = Case(app, urn="100835")
    d.notice_to_eligibility()
    d.ieb_ready()
    d.ieb()
    d.refused("IN-03", AppointGovernors, "2026-01-06", names=["A"])


@rule("IN-04")
def test_in04_foundation_governors_match_la_appointments(app: SelaApplication) -> None:
    c = Case(app, type_="voluntary-aided", religious_character="cofe",
             diocese="Diocese of Southwark")
    c.notice_to_eligibility(copies=("HMCI", "SOS_RD", "DIOCESE"))
    c.refused("IN-04", AppointFoundationGovernors, "2025-12-17", count=1)
    c.do(AppointGovernors, "2025-12-17", names=["A", "B"])
    c.refused("IN-04", AppointFoundationGovernors, "2025-12-18", count=3)
    c.do(AppointFoundationGovernors, "2025-12-18", count=2)
    community = Case(app, urn="100835")
    community.notice_to_eligibility()
    community.do(AppointGovernors, "2025-12-17", names=["A"])
    community.refused("IN-04", AppointFoundationGovernors, "2025-12-18", count=1)


@rule("IN-05")
def test_in05_ieb_needs_consent_and_consultations(app: SelaApplication) -> None:
    c = Case(app, type_="voluntary-controlled", religious_character="cofe",
             diocese="Diocese of Southwark")
    c.notice_to_eligibility(copies=("HMCI", "SOS_RD", "DIOCESE"))
    ieb = dict(ieb_from=day("2026-01-05"), members=["P=I1", "Q=I2"],
               interim_period_end=None, copied_to=["IEMS", "GOVERNORS", "SOS", "DIOCESE"])
    error = c.refused("IN-05", IssueIEBNotice, "2025-12-19", **ieb)
    assert "not possible while the IEB is none" in str(error)
    assert error.remedy is not None and error.remedy.step is RequestIEBConsent
    c.do(RequestIEBConsent, "2025-12-16")
    c.do(DecideIEBConsent, "2025-12-18", granted=True)
    c.do(RecordConsultation, "2025-12-03", intervention="S65", consultee="GB",
         response_ref="r")
    assert "DIOCESE" in str(c.refused("IN-05", IssueIEBNotice, "2025-12-19", **ieb))
    c.do(RecordConsultation, "2025-12-04", intervention="S65", consultee="DIOCESE",
         response_ref="r")
    c.do(IssueIEBNotice, "2025-12-19", **ieb)
    assert c.state.ieb.state == "active" and c.state.ieb.members == ("P", "Q")


@rule("IN-06")
def test_in06_ieb_has_two_members_and_copies_are_flagged(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility()
    c.do(RecordConsultation, "2025-12-03", intervention="S65", consultee="GB",
         response_ref="r")
    c.do(RequestIEBConsent, "2025-12-16")
    c.do(DecideIEBConsent, "2025-12-18", granted=True)
    c.refused("IN-06", IssueIEBNotice, "2025-12-19", ieb_from=day("2026-01-05"),
              members=["P=I1"], interim_period_end=None, copied_to=[])
    out = c.do(IssueIEBNotice, "2025-12-19", ieb_from=day("2026-01-05"),
               members=["P=I1", "Q=I2"], interim_period_end=day("2026-08-31"),
               copied_to=["IEMS"])
    assert "IN-06" in warnings_of(out) and "GOVERNORS, SOS" in warnings_of(out)
    c.refused("IN-06", ChangeIEBMember, "2026-02-01", remove="P")
    assert c.item("IN-06", "2026-02-01").due == dt.date(2026, 8, 31)


@rule("IN-07")
def test_in07_budget_suspension_notice(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility()
    base = dict(basis="EIA_S66", grounds="Deficit of £400k; no recovery plan",
                emergency="", appeal_info=True,
                copied_to=["HT", "SOS"])
    c.refused("IN-07", SuspendBudget, "2025-12-17", suspension_from=day("2026-01-05"), **base)
    c.refused("IN-07", SuspendBudget, "2025-12-17", suspension_from=day("2026-01-19"),
              **{**base, "copied_to": ["HT"]})
    c.do(SuspendBudget, "2025-12-17", suspension_from=day("2026-01-17"), **base)
    d = Case(app, urn="100835")
    d.notice_to_eligibility()
    d.do(SuspendBudget, "2025-12-17", suspension_from=day("2025-12-18"),
         **{**base, "emergency": "Payroll fraud discovered"})


@rule("IN-08")
def test_in08_budget_review_before_each_funding_period(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility()
    c.do(SuspendBudget, "2025-12-17", basis="EIA_S66", grounds="g",
         suspension_from=day("2026-02-10"), emergency="",
         appeal_info=True, copied_to=["HT", "SOS"])
    item = c.item("IN-08", "2026-02-11")
    # began less than two months before 1 April 2026: the first review is before April 2027
    assert item.due == dt.date(2027, 3, 31) and item.timer == "T-BUDGET-REVIEW"
    c.refused("IN-08", ReviewBudget, "2026-03-01", review_type="AD_HOC",
              representations_invited=False, revoke_from=None)
    c.do(ReviewBudget, "2026-03-01", review_type="AD_HOC", representations_invited=True,
         revoke_from=None)
    # an ad hoc review in the first months meets no funding period: 2027's still needs one
    assert c.item("IN-08", "2026-03-02").due == dt.date(2027, 3, 31)
    d = Case(app, urn="100835")
    d.notice_to_eligibility(drafted="2024-10-01", cpe="2024-11-28", assessed="2024-12-01",
                            intention="2024-12-02")
    d.do(SuspendBudget, "2024-12-17", basis="EIA_S66", grounds="g",
         suspension_from=day("2025-01-20"), emergency="", appeal_info=True,
         copied_to=["HT", "SOS"])
    assert d.item("IN-08", "2025-02-01").due == dt.date(2025, 3, 31)
    d.do(ReviewBudget, "2025-03-03", review_type="ANNUAL", representations_invited=True)
    # the review met April 2025's: the next is before April 2026, and shows overdue only then
    item = d.item("IN-08", "2025-03-04")
    assert item.due == dt.date(2026, 3, 31) and item.status == "upcoming"
    assert d.item("IN-08", "2026-04-02").status == "overdue"
    d.do(ReviewBudget, "2026-03-02", review_type="ANNUAL", representations_invited=True)
    assert d.item("IN-08", "2026-04-02").due == dt.date(2027, 3, 31)


@rule("IN-09")
def test_in09_dfe_told_of_intervention(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility()
    c.do(AppointGovernors, "2025-12-17", names=["A"])
    assert c.item("IN-09", "2025-12-18").status == "expected"
    c.do(NotifyDfE, "2025-12-18", power="S64")
    assert c.item("IN-09", "2025-12-19").status == "met"


@rule("IN-10")
def test_in10_sos_intervention_needs_a_reason_to_proceed(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility()
    c.do(RecordSoSIntervention, "2025-12-10", power="DIRECTION", ended=False)
    c.refused("IN-10", AppointGovernors, "2025-12-17", names=["A"])
    out = c.do(AppointGovernors, "2025-12-17", names=["A"],
               reason="RD agreed LA governors complement the direction (letter 12/12)")
    assert "IN-10 (GUID" in warnings_of(out)


@rule("IN-11")
def test_in11_no_budget_suspension_after_s67_governors(app: SelaApplication) -> None:
    c = Case(app)
    c.notice_to_eligibility()
    c.do(RecordSoSIntervention, "2025-12-10", power="S67", ended=True)
    c.refused("IN-11", SuspendBudget, "2025-12-17", basis="EIA_S66", grounds="g",
              suspension_from=day("2026-01-17"), emergency="",
              appeal_info=True, copied_to=["HT", "SOS"])


# -- Ofsted and academy orders ------------------------------------------------------------------

@rule("OF-01")
def test_of01_category_starts_eligibility_and_statement_of_action(app: SelaApplication) -> None:
    c = Case(app)
    c.do(NotifyOfstedCategory, "2026-03-27", category="SM")
    assert c.routes("2026-03-27")["S62"].since == dt.date(2026, 3, 27)
    item = c.item("OF-01", "2026-04-01")
    assert item.timer == "T-SOA" and item.due == dt.date(2026, 4, 14)  # Easter bank holidays
    error = c.refused("OF-01", RemoveOfstedCategory, "2026-06-01")
    assert error.remedy is not None and error.remedy.step is SendStatementOfAction
    c.do(SendStatementOfAction, "2026-04-10", recipients=["HMCI"],
         parent_arrangements="Parents' meeting 20 April")
    assert c.item("OF-01", "2026-04-11").status == "met"


@rule("OF-02")
def test_of02_removal_ends_eligibility(app: SelaApplication) -> None:
    c = Case(app)
    c.do(NotifyOfstedCategory, "2025-03-03", category="RSI")
    c.do(SendStatementOfAction, "2025-03-10", recipients=["HMCI"], parent_arrangements="p")
    c.do(RemoveOfstedCategory, "2026-05-01")
    assert "OF-02" in c.events("OfstedCategoryRemoved")[-1].rules
    assert c.routes("2026-05-01") == {} and "S61" in c.routes("2026-04-30")


@rule("AO-01")
def test_ao01_academy_order_expected_during_the_duty(app: SelaApplication) -> None:
    c = Case(app)
    c.do(NotifyOfstedCategory, "2025-03-03", category="SM")
    item = c.item("AO-01", "2025-03-10")
    assert item.due == dt.date(2025, 3, 31) and item.strength if hasattr(item, "strength") \
        else item.due == dt.date(2025, 3, 31)
    c.do(MakeAcademyOrder, "2025-04-01", basis="S4_A1")
    assert c.item("AO-01", "2025-04-02").status == "met"
    later = Case(app, urn="100835")
    later.do(NotifyOfstedCategory, "2026-07-01", category="SM")
    assert not [i for i in later.expected("2026-07-02") if i.rule_id == "AO-01"]


@rule("AO-02")
def test_ao02_facilitation_and_directions(app: SelaApplication) -> None:
    c = Case(app)
    c.do(NotifyOfstedCategory, "2025-03-03", category="SM")
    order = c.do(MakeAcademyOrder, "2025-04-01", basis="S4_A1").result
    c.do(ReceiveDirection, "2025-05-01", order=order, direction_id="D1",
         steps=["Provide staffing data to the sponsor"], deadline=day("2025-05-30"))
    item = c.item("AO-02", "2025-06-02", "direction D1")
    assert item.status == "overdue"
    c.do(RecordFacilitation, "2025-06-03", order=order, step="Staffing data sent",
         direction_id="D1")
    assert c.item("AO-02", "2025-06-04", "direction D1").status == "met"
    none = Case(app, urn="100835")
    none.refused("AO-02", MakeAcademyOrder, "2025-04-01", basis="S4_A1")


@rule("AO-03")
def test_ao03_no_s4a1_order_after_29_june_2026(app: SelaApplication) -> None:
    c = Case(app)
    c.do(NotifyOfstedCategory, "2026-06-01", category="SM")
    error = c.refused("AO-03", MakeAcademyOrder, "2026-07-01", basis="S4_A1")
    assert "S4_1_B" in str(error)
    order = c.do(MakeAcademyOrder, "2026-07-01", basis="S4_1_B")
    assert order.result == "AO1" and c.state.order("AO1").state == "facilitating"


@rule("AO-04")
def test_ao04_unconverted_a1_order_keeps_earlier_rules(app: SelaApplication) -> None:
    c = Case(app)
    c.do(NotifyOfstedCategory, "2026-02-02", category="SM")
    c.do(MakeAcademyOrder, "2026-03-02", basis="S4_A1")
    c.do(ReceiveDirection, "2026-07-15", order="AO1", direction_id="D1",
         steps=["Transfer land"], deadline=day("2026-09-30"))
    direction = c.events("SoSDirectionReceived")[-1]
    assert "AO-04" in direction.rules
    assert c.item("AO-04", "2026-08-01").timer == "T-AO-FACILITATE"


@rule("AO-05")
def test_ao05_conversion_closes_la_interventions(app: SelaApplication) -> None:
    c = Case(app)
    c.assess("D", "2025-09-19")
    c.notice_to_eligibility()
    c.do(SuspendBudget, "2025-12-17", basis="EIA_S66", grounds="g",
         suspension_from=day("2026-01-17"), emergency="",
         appeal_info=True, copied_to=["HT", "SOS"])
    c.do(ConvertToAcademy, "2026-04-01", new_type="academy-sponsor-led",
         academy_trust="South Bank Schools Trust")
    s = c.state
    assert s.is_academy and c.routes("2026-04-01") == {} and s.budget.state == "revoked"
    assert s.pathway == "ACADEMY_RD_ROUTE" and c.stage("2026-04-01") == "RD route (academy)"
    assert "AO-05" in c.events("SchoolConvertedToAcademy")[-1].rules
    c.refused("AC-01", AppointGovernors, "2026-04-02", names=["A"])


def test_unknown_values_are_invalid_input_not_refusals(app: SelaApplication) -> None:
    c = Case(app)
    with pytest.raises(InvalidInput):
        c.do(DraftNotice, "2025-10-01", notice_type="S99", grounds=[], comparators=[],
             matters="m", required_actions=["a"], compliance_period_end=day("2025-12-01"),
             minded_actions=["m"])
    with pytest.raises(InvalidInput):
        c.do(RecordContactPoint, "2025-10-01", form="PICNIC", purpose="REVIEW")


def test_steps_the_records_state_does_not_allow_are_refused_not_usage_errors(
        app: SelaApplication) -> None:

    c = Case(app)
    for method, kwargs in ((Communicate, dict(recipients=["HT", "CHAIR"])),
                           (NotifyCoasting, dict(ref="C1", ended=True)),
                           (RemoveOfstedCategory, {})):
        with pytest.raises(NotNow):
            c.do(method, "2025-10-01", **kwargs)
    c.do(NotifyOfstedCategory, "2025-03-03", category="SM")
    with pytest.raises(NotNow, match="already in SM"):
        c.do(NotifyOfstedCategory, "2025-03-04", category="SM")
    c.do(MakeAcademyOrder, "2025-04-01", basis="S4_A1")
    c.do(ReceiveDirection, "2025-05-01", order="AO1", direction_id="D1", steps=["s"],
         deadline=day("2025-05-30"))
    with pytest.raises(NotNow, match="already has a direction 'D1'"):
        c.do(ReceiveDirection, "2025-05-02", order="AO1", direction_id="D1",
             steps=["t"], deadline=day("2025-06-30"))
    d = Case(app, urn="100835")
    d.notice_to_eligibility()
    d.ieb_ready(requested="2025-12-03", granted="2025-12-10")  # consent during the notice
    d.ieb()
    with pytest.raises(NotNow, match="already a member"):
        d.do(ChangeIEBMember, "2026-01-06", add="P. Chair", instrument="I3")
    with pytest.raises(InvalidInput, match="cannot resume"):
        d.do(EndIEB, "2026-01-06", resumption_date=day("2026-01-01"))
