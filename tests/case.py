"""A small driver for rule tests: one school, commands through the application's `change`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.errors import Refused
from sela_workflow.aggregates.expectations import expectations

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
        app.register_school(urn=urn, envelope=Envelope("a.mensah", ADVISER, day(registered)),
                            **fields)

    @property
    def school(self) -> Any:
        return self.app.school(self.urn)

    def do(self, method: str, on: str, *, role: str = ADVISER, reason: str = "",
           override: str | None = None, **kwargs: Any) -> Any:
        envelope = Envelope("a.mensah", role, day(on), reason=reason)
        ctx = self.app.context(envelope, override)
        return self.app.change(self.urn, lambda s: getattr(s, method)(ctx=ctx, **kwargs))

    def refused(self, rule_id: str, method: str, on: str, **kwargs: Any) -> Refused:
        before = self.school.version
        with pytest.raises(Refused) as info:
            self.do(method, on, **kwargs)
        assert info.value.rule_id == rule_id, str(info.value)
        assert f"({rule_id}, " in str(info.value)
        assert self.school.version == before  # nothing written
        return info.value

    def events(self, name: str) -> list[Any]:
        return [e for e in self.app.history(self.urn) if type(e).__name__ == name]

    def expected(self, today: str | None = None) -> list[Any]:
        when = day(today) if today else self.app.today()
        return expectations(self.school, when, self.app.policy)

    def item(self, rule_id: str, today: str | None = None, contains: str = "") -> Any:
        """The first matching item, with ``status`` worked out for ``today``."""
        when = day(today) if today else self.app.today()
        found = [i for i in self.expected(today) if i.rule_id == rule_id and contains in i.what]
        assert found, f"no {rule_id} item in {self.expected(today)}"
        return Status(found[0], found[0].status(when))

    # -- common sequences -------------------------------------------------------------------

    def assess(self, category: str, on: str, review: bool = False) -> Any:
        out = self.do("assess", on, category=category, rationale="best fit",
                      critical_criteria=[], academic_year=None, review=review)
        if not review:
            self.do("communicate", on, recipients=["HT", "CHAIR", "TRUST_CHAIR"]
                    if self.school.is_academy else ["HT", "CHAIR"])
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
        return str(self.do("draft_notice", on, **fields).result)

    def issue(self, wn: str, on: str, copies: tuple[str, ...] = ("HMCI", "SOS_RD",
                                                                "HEADTEACHER")) -> Any:
        return self.do("issue_notice", on, wn_id=wn, copied_to=list(copies))

    def notice_to_eligibility(self, *, drafted: str = "2025-10-01", cpe: str = "2025-11-28",
                              assessed: str = "2025-12-01", intention: str = "2025-12-02",
                              notice_type: str = "S60",
                              copies: tuple[str, ...] = ("HMCI", "SOS_RD", "HEADTEACHER"),
                              powers: tuple[str, ...] = ("S63", "S64", "S65", "S66")) -> str:
        wn = self.draft(drafted, cpe, notice_type)
        self.do("approve_notice", drafted, role=DCF, wn_id=wn)
        self.issue(wn, drafted, copies)
        self.do("assess_compliance", assessed, wn_id=wn, outcome="NOT_COMPLIED")
        allowed = [p for p in powers if notice_type == "S60" or p != "S63"]
        self.do("notify_intention", intention, wn_id=wn, powers=allowed,
                earliest_exercise_date=None)
        return wn


class Status:
    """An expectation item with its status on a given day."""

    def __init__(self, item: Any, status: str) -> None:
        self._item, self.status = item, status

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)
