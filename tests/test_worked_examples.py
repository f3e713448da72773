"""The worked examples of docs/worked-examples.md, run through the application."""

from __future__ import annotations

import datetime as dt

import pytest

from sela_workflow.aggregates.fold import fold
from sela_workflow.aggregates.steps.academy import (
    MakeAcademyOrder,
    ReceiveDirection,
    RecordFacilitation,
)
from sela_workflow.aggregates.steps.activities import (
    InformDirector,
    RaiseConcernWithRD,
)
from sela_workflow.aggregates.steps.ieb import (
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
)
from sela_workflow.aggregates.steps.notices import (
    ApproveNotice,
    DraftNotice,
)
from sela_workflow.aggregates.steps.ofsted import (
    NotifyOfstedCategory,
    SendStatementOfAction,
)
from sela_workflow.aggregates.steps.powers import (
    NotifyDfE,
    SuspendBudget,
)
from sela_workflow.aggregates.steps.sos import DecideIEBConsent
from sela_workflow.application import SelaApplication

from .case import DCF, Case, day


@pytest.fixture
def app(popo_app: SelaApplication) -> SelaApplication:
    return popo_app


def test_1_maintained_school_from_c_through_ieb_and_back_to_b(app: SelaApplication) -> None:
    c = Case(app, urn="190106", registered="2024-09-02")
    c.assess("C", "2024-09-20")
    assert c.state.pathway == "TRIP"
    c.do(InformDirector, "2024-09-26", director="DIRECTOR_OF_EDUCATION")
    c.assess("D", "2025-09-19")
    wn = c.draft("2025-10-01", "2025-11-28")
    c.do(ApproveNotice, "2025-10-02", role=DCF, notice=wn)
    c.issue(wn, "2025-10-03")
    c.do(AssessCompliance, "2025-12-01", notice=wn, outcome="NOT_COMPLIED")
    c.do(NotifyIntention, "2025-12-02", notice=wn, powers=["S65"], earliest_exercise_date=None)
    assert c.routes("2025-12-02")["S60"].since == dt.date(2025, 12, 2)
    c.do(RecordConsultation, "2025-12-05", intervention="S65", consultee="GB",
         response_ref="GB minutes 5/12")
    c.do(RequestIEBConsent, "2025-12-17")
    c.do(DecideIEBConsent, "2026-01-09", granted=True)
    c.do(IssueIEBNotice, "2026-01-12", ieb_from=day("2026-02-02"),
         members=["Dr A. Owusu=INS-1", "Mr T. Hale=INS-2"],
         interim_period_end=day("2026-08-31"), copied_to=["IEMS", "GOVERNORS", "SOS"])
    c.do(NotifyDfE, "2026-01-13", power="S65")
    assert c.stage("2026-02-03") == "IEB in place"
    c.do(EndIEB, "2026-08-31", resumption_date=day("2026-09-01"))
    c.assess("B", "2026-09-18")
    s = c.state
    assert (s.category, s.pathway, s.ieb.state) == ("B", "SUPPORT_MONITORING", "ended")
    kinds = [type(e).__name__ for e in app.history("190106")]
    assert kinds.index("SoSConsentDecided") < kinds.index("IEBNoticeIssued")


def test_2_voluntary_aided_church_school_consults_and_copies_the_diocese(
        app: SelaApplication) -> None:
    c = Case(app, urn="190105", type_="voluntary-aided", religious_character="rc",
             diocese="RC Archdiocese of Southwark", registered="2024-09-02")
    c.assess("D", "2025-09-19")
    wn = c.notice_to_eligibility(copies=("HMCI", "SOS_RD", "DIOCESE", "HEADTEACHER"))
    assert {r for r, _ in c.state.notice(wn).copies} >= {"HMCI", "SOS_RD", "DIOCESE"}
    for consultee in ("GB", "DIOCESE"):
        c.do(RecordConsultation, "2025-12-05", intervention="S65", consultee=consultee,
             response_ref=f"{consultee} response")
    c.do(RequestIEBConsent, "2025-12-17")
    c.do(DecideIEBConsent, "2026-01-09", granted=True)
    c.do(IssueIEBNotice, "2026-01-12", ieb_from=day("2026-02-02"),
         members=["P=I1", "Q=I2"], interim_period_end=None,
         copied_to=["IEMS", "GOVERNORS", "SOS", "DIOCESE"])
    assert c.events("IEBNoticeIssued")[-1].warnings == []  # every copy recorded


def test_3_academy_in_d_takes_the_rd_route_only(app: SelaApplication) -> None:
    c = Case(app, urn="190111", type_="academy-sponsor-led", registered="2024-09-02")
    c.assess("D", "2025-09-19")
    assert c.state.pathway == "ACADEMY_RD_ROUTE"
    c.do(RaiseConcernWithRD, "2025-09-29", concerns=["standards", "governance"])
    for method, kwargs in (
            (DraftNotice, dict(notice_type="S60", grounds=["SAFETY"], comparators=[],
                                  matters="m", required_actions=["a"],
                                  compliance_period_end=day("2025-12-01"),
                                  minded_actions=["m"])),
            (RequestIEBConsent, {}),
            (SuspendBudget, dict(basis="EIA_S66", grounds="g",
                                    suspension_from=day("2025-11-20"),
                                    emergency="", appeal_info=True,
                                    copied_to=["HT", "SOS"]))):
        c.refused("AC-01", method, "2025-10-10", **kwargs)


def test_4_a_2015_notice_replays_under_the_pre_2016_regime(app: SelaApplication) -> None:
    c = Case(app, urn="190120", registered="2014-09-01")
    wn = c.draft("2015-03-02", "2015-04-30")
    c.issue(wn, "2015-03-02", ("HMCI",))  # no DCF approval or SoS copy in 2015
    c.do(RepresentNotice, "2015-03-16", notice=wn, body="HMCI")
    c.do(ConfirmNotice, "2015-04-10", notice=wn)
    c.do(AssessCompliance, "2015-05-05", notice=wn, outcome="NOT_COMPLIED")
    c.do(NotifyIntention, "2015-05-06", notice=wn, powers=["S64"], earliest_exercise_date=None)
    issued = c.events("WarningNoticeIssued")[-1]
    assert issued.regime == "PRE_2016_04_18"
    assert issued.initial_period_end == dt.date(2015, 3, 23)
    assert "WN-05" not in issued.rules and "WN-06" not in issued.rules
    # Folding the stored events gives the same record, whatever today's rules say.
    assert fold(app.history("190120")) == c.state


def test_5_academy_order_after_29_june_2026(app: SelaApplication) -> None:
    c = Case(app, urn="190114", registered="2024-09-02")
    c.do(NotifyOfstedCategory, "2026-06-15", category="SM")
    c.refused("AO-03", MakeAcademyOrder, "2026-07-06", basis="S4_A1")
    order = c.do(MakeAcademyOrder, "2026-07-06", basis="S4_1_B").result
    c.do(ReceiveDirection, "2026-07-20", order=order, direction_id="D1",
         steps=["Share the land and staffing information"], deadline=day("2026-09-30"))
    c.do(RecordFacilitation, "2026-09-15", order=order, step="Information shared",
         direction_id="D1")
    assert c.item("AO-02", "2026-10-01", "direction D1").status == "met"
    # The category came on 15 June, under the s4(A1) duty; the duty ended on 28 June.
    assert c.item("AO-01", "2026-07-01").status == "lapsed"


def test_6_special_measures_statement_of_action_across_easter(app: SelaApplication) -> None:
    c = Case(app, urn="190130", registered="2024-09-02")
    c.do(NotifyOfstedCategory, "2026-03-27", category="SM")
    item = c.item("OF-01", "2026-03-30")
    # Ten working days from Friday 27 March 2026 skip Good Friday (3 April) and Easter
    # Monday (6 April): due Tuesday 14 April, not Friday 10 April.
    assert item.due == dt.date(2026, 4, 14)
    assert c.item("OF-01", "2026-04-15").status == "overdue"
    c.do(SendStatementOfAction, "2026-04-13", recipients=["HMCI"],
         parent_arrangements="Meeting for parents 20 April")
    assert c.item("OF-01", "2026-04-15").status == "met"
