"""Events of Ofsted outcomes, the statement of action, academy orders and conversion
(rulebook §4, §8, §9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec.structs import replace

from ..state.case import CaseState, Link
from ..state.ofsted import AcademyOrder, CategoryEpisode, Direction, Inspection
from .base import SchoolEvent


class OfstedInspectionReportReceived(SchoolEvent):
    inspection_date: dt.date
    framework: str
    grades: dict[str, str]
    safeguarding: str
    category: str
    #: Ofsted's inspection number, when known (imports are idempotent by it).
    inspection_number: str

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("inspection_number", "")

    def evolve(self, s: CaseState) -> CaseState:
        return s.but(inspections=(*s.inspections, Inspection(
            inspection_date=self.inspection_date, published=self.effective_date,
            framework=self.framework, category=self.category, safeguarding=self.safeguarding,
            inspection_number=self.inspection_number)))

    def summary(self) -> str:
        return (f"inspected {self.inspection_date.isoformat()} ({self.framework}): "
                f"category {self.category}, safeguarding {self.safeguarding}")


class OfstedCategoryNotified(SchoolEvent):
    """HMCI's notice of a category of concern. A school already in the other category is
    re-categorised: that episode ends and a new one, with its own clock, begins (OF-01)."""

    category: str
    soa_due: dt.date | None

    def evolve(self, s: CaseState) -> CaseState:
        current = s.ofsted
        if current is not None:
            s = s.with_episode(current.end(self.effective_date, "recategorised"))
        episode = CategoryEpisode(category=self.category, notified_on=self.effective_date,
                                  soa_due=self.soa_due, maintained=s.is_maintained)
        return s.but(episodes=(*s.episodes, episode))


class StatementOfActionSent(SchoolEvent):
    recipients: list[str]
    parent_arrangements: str

    def evolve(self, s: CaseState) -> CaseState:
        current = s.ofsted
        if current is None:
            return s
        return s.with_episode(replace(current, soa_sent_on=self.effective_date))


class OfstedCategoryRemoved(SchoolEvent):
    category: str

    def evolve(self, s: CaseState) -> CaseState:
        current = s.ofsted
        if current is None:
            return s
        return s.with_episode(current.end(self.effective_date, "removed"))


class AcademyOrderStep(SchoolEvent):
    order_id: str
    from_state: str
    to_state: str


class AcademyOrderMade(AcademyOrderStep):
    basis: str
    saved_pre_cwsa: bool

    def evolve(self, s: CaseState) -> CaseState:
        return s.with_order(AcademyOrder(order_id=self.order_id, basis=self.basis,
                                         order_date=self.effective_date,
                                         saved_pre_cwsa=self.saved_pre_cwsa,
                                         state=self.to_state))


class SoSDirectionReceived(AcademyOrderStep):
    direction_id: str
    steps: list[str]
    deadline: dt.date

    def evolve(self, s: CaseState) -> CaseState:
        order = s.order(self.order_id)
        if order is None:
            return s
        direction = Direction(id=self.direction_id, steps=tuple(self.steps),
                              deadline=self.deadline)
        return s.with_order(order.to(order.state, directions=(*order.directions, direction)))


class ConversionFacilitationStepRecorded(AcademyOrderStep):
    step: str
    direction_id: str

    def evolve(self, s: CaseState) -> CaseState:
        order = s.order(self.order_id)
        if order is None:
            return s
        directions = tuple(
            replace(d, met_on=d.met_on or self.effective_date)
            if self.direction_id and d.id == self.direction_id else d for d in order.directions)
        return s.with_order(order.to(order.state, directions=directions,
                                     steps=(*order.steps, (self.step, self.effective_date))))


class AcademyOrderRevoked(AcademyOrderStep):
    def evolve(self, s: CaseState) -> CaseState:
        order = s.order(self.order_id)
        if order is None:
            return s
        return s.with_order(order.to(self.to_state, revoked_on=self.effective_date))


class SchoolConvertedToAcademy(SchoolEvent):
    """The school became an academy (AO-05) and the LA's case closes with it: open notices
    withdrawn, the IEB and any suspension ended, the Ofsted episode closed for the LA, every
    route ended. Release 0.1 also recorded a separate event for some of these; folding them
    again here changes nothing."""

    new_type: str
    academy_trust: str
    order_id: str

    def evolve(self, s: CaseState) -> CaseState:
        day = self.effective_date
        details = replace(s.details, establishment_type=self.new_type,
                          academy_trust=self.academy_trust)
        s = s.but(details=details, converted_on=day)
        order = s.order(self.order_id) if self.order_id else None
        if order is not None:
            s = s.with_order(order.to("converted"))
        return s.close_la_case(day, "converted")


class SchoolConvertedToNewUrn(SchoolEvent):
    """The school became an academy under a new URN, as GIAS records most conversions: this
    record's LA case closes as a conversion (AO-05) and the record closes; the academy's own
    record (``successor_urn``) carries on, on the academy route, with a link back."""

    successor_urn: str
    new_type: str
    academy_trust: str
    order_id: str

    def evolve(self, s: CaseState) -> CaseState:
        day = self.effective_date
        order = s.order(self.order_id) if self.order_id else None
        if order is not None:
            s = s.with_order(order.to("converted"))
        s = s.close_la_case(day, "converted")
        details = replace(s.details, status="closed", closed_on=day - dt.timedelta(days=1))
        links = s.links if any(k.urn == self.successor_urn and k.kind == "successor"
                               for k in s.links) else (
            *s.links, Link(urn=self.successor_urn, kind="successor", date=day))
        return s.but(details=details, converted_on=day, converted_to=self.successor_urn,
                     links=links)

    def summary(self) -> str:
        return (f"converted to academy {self.successor_urn} ({self.new_type}, "
                f"{self.academy_trust})")
