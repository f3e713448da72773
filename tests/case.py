"""A small driver for rule tests: one school, its steps recorded as command objects through
the application's one handler, exactly as the CLI and the demo record them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.errors import Refused
from sela_workflow.aggregates.expectations import expectations, status_of
from sela_workflow.aggregates.state import views
from sela_workflow.aggregates.state.eligibility import active_routes
from sela_workflow.aggregates.steps.ieb import (
    IssueIEBNotice,
    RecordConsultation,
    RequestIEBConsent,
)
from sela_workflow.aggregates.steps.notice_outcomes import AssessCompliance, NotifyIntention
from sela_workflow.aggregates.steps.notices import ApproveNotice, DraftNotice, IssueNotice
from sela_workflow.aggregates.steps.school import AssessRisk, Communicate, RegisterSchool
from sela_workflow.aggregates.steps.sos import DecideIEBConsent

from .staff import ACTOR_FOR

ADVISER = "LA_ADVISER"
DCF = "DIRECTOR_CHILDREN_FAMILIES"


def day(value: str | dt.date) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class Case:
    def __init__(self, app: Any, urn: str = "100834", type_: str = "community",
                 registered: str = "2014-09-01", **kw: Any) -> None:
        self.app, self.urn = app, urn
        fields: dict[str, Any] = dict(name=f"School {urn}", establishment_type=type_,
                                      phase="primary")
        if type_ in ("academy-converter", "academy-sponsor-led", "free-school"):
            fields["academy_trust"] = "Thames Learning Trust"
        fields.update(kw)
        app.handle(RegisterSchool(urn=urn, **fields),
                   Envelope("a.mensah", ADVISER, day(registered)))

    @property
    def state(self) -> Any:
        return self.app.case(self.urn)

    def stage(self, on: str | None = None) -> str:
        return views.stage(self.state, day(on) if on else self.app.today())

    def routes(self, on: str | None = None) -> dict[str, Any]:
        """The routes in force, by kind (several of one kind are listed under their basis)."""
        when = day(on) if on else self.app.today()
        return {r.kind: r for r in active_routes(self.state, when)}

    def do(self, command: type, on: str, *, role: str = ADVISER, reason: str = "",
           override: str | None = None, actor: str | None = None, **fields: Any) -> Any:
        """Record ``command`` on ``on`` as ``actor`` (default: whoever holds ``role`` among
        the test staff; what the Secretary of State decided is recorded by the adviser)."""
        if role == "SOS":
            role = ADVISER
        envelope = Envelope(actor or ACTOR_FOR[role], role, day(on), reason=reason)
        return self.app.handle(command(urn=self.urn, **fields), envelope, override)

    def refused(self, rule_id: str | None, command: type, on: str, **fields: Any) -> Refused:
        before = self.state.version
        with pytest.raises(Refused) as info:
            self.do(command, on, **fields)
        assert info.value.rule_id == rule_id, str(info.value)
        if rule_id:
            assert f"({rule_id}, " in str(info.value)
        assert self.state.version == before  # nothing written
        return info.value

    def events(self, name: str) -> list[Any]:
        return [e for e in self.app.history(self.urn) if type(e).__name__ == name]

    def expected(self, today: str | None = None) -> list[Any]:
        when = day(today) if today else self.app.today()
        return expectations(self.state, when, self.app.policy)

    def item(self, rule_id: str, today: str | None = None, contains: str = "") -> Any:
        """The first matching item, with ``status`` worked out for ``today``."""
        when = day(today) if today else self.app.today()
        found = [i for i in self.expected(today) if i.rule_id == rule_id and contains in i.what]
        assert found, f"no {rule_id} item in {self.expected(today)}"
        return Status(found[0], status_of(found[0].kind, found[0].due, found[0].met_on, when))

    # -- common sequences -------------------------------------------------------------------

    def assess(self, category: str, on: str, review: bool = False) -> Any:
        out = self.do(AssessRisk, on, category=category, rationale="best fit", review=review)
        if not review:
            self.do(Communicate, on, recipients=["HT", "CHAIR", "TRUST_CHAIR"]
                    if self.state.is_academy else ["HT", "CHAIR"])
        return out

    def draft(self, on: str, cpe: str, notice_type: str = "S60", **kw: Any) -> str:
        fields: dict[str, Any] = dict(
            notice_type=notice_type,
            grounds=["LOW_STANDARDS"] if notice_type == "S60" else ["GB_FAILED_STPCD"],
            comparators=["expected"] if notice_type == "S60" else [],
            matters="Standards unacceptably low in reading and maths",
            required_actions=["Adopt the rapid improvement plan"],
            compliance_period_end=day(cpe), minded_actions=["Appoint an IEB (s65)"])
        fields.update(kw)
        return str(self.do(DraftNotice, on, **fields).result)

    def issue(self, wn: str, on: str, copies: tuple[str, ...] = ("HMCI", "SOS_RD",
                                                                "HEADTEACHER")) -> Any:
        return self.do(IssueNotice, on, notice=wn, copied_to=list(copies))

    def notice_to_eligibility(self, *, drafted: str = "2025-10-01", cpe: str = "2025-11-28",
                              assessed: str = "2025-12-01", intention: str = "2025-12-02",
                              notice_type: str = "S60",
                              copies: tuple[str, ...] = ("HMCI", "SOS_RD", "HEADTEACHER"),
                              powers: tuple[str, ...] = ("S63", "S64", "S65", "S66")) -> str:
        wn = self.draft(drafted, cpe, notice_type)
        self.do(ApproveNotice, drafted, role=DCF, notice=wn)
        self.issue(wn, drafted, copies)
        self.do(AssessCompliance, assessed, notice=wn, outcome="NOT_COMPLIED")
        allowed = [p for p in powers if notice_type == "S60" or p != "S63"]
        self.do(NotifyIntention, intention, notice=wn, powers=allowed)
        return wn

    def ieb_ready(self, consulted: str = "2025-12-03", requested: str = "2025-12-16",
                  granted: str = "2025-12-18") -> None:
        """The governing body consulted, the SoS's consent requested and granted."""
        self.do(RecordConsultation, consulted, intervention="S65", consultee="GB",
                response_ref="r")
        self.do(RequestIEBConsent, requested)
        self.do(DecideIEBConsent, granted, granted=True)

    def ieb(self, on: str = "2025-12-19", ieb_from: str = "2026-01-05",
            interim_end: str | None = None, **kw: Any) -> Any:
        fields: dict[str, Any] = dict(ieb_from=day(ieb_from),
                                      members=["P. Chair=INS-1", "Q. Member=INS-2"],
                                      interim_period_end=day(interim_end) if interim_end
                                      else None, copied_to=["IEMS", "GOVERNORS", "SOS"])
        fields.update(kw)
        return self.do(IssueIEBNotice, on, **fields)


class Status:
    """An expectation item with its status on a given day."""

    def __init__(self, item: Any, status: str) -> None:
        self._item, self.status = item, status

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)
