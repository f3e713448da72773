"""A school's case as one immutable value, folded from its events in effective-date order.

`CaseState` composes the typed lifecycle values (notices, IEB, budget suspension, Ofsted
episodes, academy orders) with the pathway record (assessments, letters, activities). Events
change it only through their ``evolve``, which returns a new value; nothing else does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from ..school_types import type_info
from .interventions import IEB, BudgetSuspension
from .notice import SoSNotice, WarningNotice
from .ofsted import AcademyOrder, CategoryEpisode, Inspection

GENESIS = "0" * 64
#: Warning-notice states a closure or conversion withdraws (AO-05).
_NOTICE_OPEN = ("drafted", "approved", "issued", "not_complied", "intention_notified")


class SchoolDetails(Struct, frozen=True, kw_only=True):
    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str
    registered_on: dt.date
    la_code: str = ""
    status: str = "open"  # open | closed
    closed_on: dt.date | None = None


class Assessment(Struct, frozen=True, kw_only=True):
    version: int
    academic_year: str
    date: dt.date
    category: str
    review: bool


class Activity(Struct, frozen=True, kw_only=True):
    version: int
    kind: str
    date: dt.date
    academic_year: str
    details: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        return self.details.get(key)


class Consultation(Struct, frozen=True, kw_only=True):
    intervention: str
    consultee: str
    date: dt.date


class PowerUse(Struct, frozen=True, kw_only=True):
    power: str  # S63 | S64 | S64(4)
    date: dt.date
    route: str = ""
    count: int = 0
    requirement: str = ""


class Coasting(Struct, frozen=True, kw_only=True):
    ref: str
    since: dt.date
    ended_on: dt.date | None = None


class SoSIntervention(Struct, frozen=True, kw_only=True):
    power: str
    since: dt.date
    ended_on: dt.date | None = None


class Note(Struct, frozen=True, kw_only=True):
    version: int
    text: str


class Deviation(Struct, frozen=True, kw_only=True):
    rule_id: str
    date: dt.date
    justification: str
    authorised_by: str
    #: The version of the authorisation it used (0: recorded before overrides took two people).
    authorisation: int = 0


class Authorisation(Struct, frozen=True, kw_only=True):
    """A director's authorisation, on the record, for one officer to override one local rule
    once (SD-02): used by the step that records the override."""

    version: int
    rule_id: str
    for_actor: str
    by: str
    role: str
    date: dt.date
    justification: str
    used_by: int = 0  # the version of the override that used it


class Link(Struct, frozen=True, kw_only=True):
    """Lineage (GIAS links): a predecessor or successor URN and the kind of link."""

    urn: str
    kind: str
    date: dt.date | None = None
    name: str = ""


class CaseState(Struct, frozen=True, kw_only=True):
    details: SchoolDetails
    version: int = 0
    chain_hash: str = GENESIS
    last_event: str = ""
    last_effective_date: dt.date | None = None
    #: The latest effective date folded so far: a later event dated earlier needs a refold.
    max_effective: dt.date | None = None
    category: str | None = None
    pathway: str | None = None
    statutory_state: str = "unassessed"
    assessments: tuple[Assessment, ...] = ()
    uncommunicated_since: dt.date | None = None
    uncommunicated_change: dt.date | None = None
    communications: tuple[tuple[dt.date, tuple[str, ...]], ...] = ()
    officer: str | None = None
    activities: tuple[Activity, ...] = ()
    withdrawn: tuple[int, ...] = ()
    annotations: tuple[Note, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    authorisations: tuple[Authorisation, ...] = ()
    notices: tuple[WarningNotice, ...] = ()
    sos_notices: tuple[SoSNotice, ...] = ()
    coasting: tuple[Coasting, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    ieb: IEB = IEB()
    powers: tuple[PowerUse, ...] = ()
    budget: BudgetSuspension = BudgetSuspension()
    dfe_notified: tuple[tuple[str, dt.date], ...] = ()
    sos_interventions: tuple[SoSIntervention, ...] = ()
    sos_governors_appointed: bool = False
    inspections: tuple[Inspection, ...] = ()
    episodes: tuple[CategoryEpisode, ...] = ()
    academy_orders: tuple[AcademyOrder, ...] = ()
    converted_on: dt.date | None = None
    #: The academy's URN, when the school converted under a new URN (GIAS).
    converted_to: str | None = None
    links: tuple[Link, ...] = ()

    def but(self, **changes: Any) -> CaseState:
        return replace(self, **changes)

    def close_la_case(self, day: dt.date, by: str) -> CaseState:
        """The LA's case ends on ``day`` (AO-05 for a conversion, or the school's closure):
        open notices withdrawn, SoS notices closed, the IEB and any suspension ended, the
        Ofsted episode closed for the LA, coasting ended."""
        s = self
        for n in s.notices:
            if n.state in _NOTICE_OPEN:
                s = s.with_notice(n.to("withdrawn", ended_on=day))
        for sos in s.sos_notices:
            if sos.is_open:
                s = s.with_sos_notice(sos.to("closed", closed_on=day))
        if s.ieb.state == "active":
            s = s.but(ieb=s.ieb.to("ended", ended_on=day))
        if s.budget.state == "suspended":
            s = s.but(budget=s.budget.to("revoked", revoked_from=day))
        if s.ofsted is not None:
            s = s.with_episode(s.ofsted.end(day, by))
        return s.but(coasting=tuple(replace(c, ended_on=day) if c.ended_on is None else c
                                    for c in s.coasting))

    @property
    def closed(self) -> bool:
        """The school closed (GIAS), or converted under a new URN: the record is closed."""
        return self.details.status == "closed"

    # -- who the school is ------------------------------------------------------------------

    @property
    def urn(self) -> str:
        return self.details.urn

    @property
    def name(self) -> str:
        return self.details.name

    @property
    def establishment_type(self) -> str:
        return self.details.establishment_type

    @property
    def is_academy(self) -> bool:
        return type_info(self.details.establishment_type).academy

    @property
    def is_maintained(self) -> bool:
        """A maintained school for EIA 2006 Part 4 (s59(1))."""
        return type_info(self.details.establishment_type).maintained

    @property
    def has_foundation(self) -> bool:
        return type_info(self.details.establishment_type).has_foundation

    # -- lookups ----------------------------------------------------------------------------

    def notice(self, wn_id: str) -> WarningNotice | None:
        return next((n for n in self.notices if n.wn_id == wn_id), None)

    def with_notice(self, notice: WarningNotice) -> CaseState:
        found = any(n.wn_id == notice.wn_id for n in self.notices)
        notices = (tuple(notice if n.wn_id == notice.wn_id else n for n in self.notices)
                   if found else (*self.notices, notice))
        return replace(self, notices=notices)

    def sos_notice(self, ref: str) -> SoSNotice | None:
        return next((n for n in self.sos_notices if n.ref == ref), None)

    def with_sos_notice(self, notice: SoSNotice) -> CaseState:
        found = any(n.ref == notice.ref for n in self.sos_notices)
        notices = (tuple(notice if n.ref == notice.ref else n for n in self.sos_notices)
                   if found else (*self.sos_notices, notice))
        return replace(self, sos_notices=notices)

    def order(self, order_id: str) -> AcademyOrder | None:
        return next((o for o in self.academy_orders if o.order_id == order_id), None)

    def with_order(self, order: AcademyOrder) -> CaseState:
        found = any(o.order_id == order.order_id for o in self.academy_orders)
        orders = (tuple(order if o.order_id == order.order_id else o
                        for o in self.academy_orders) if found
                  else (*self.academy_orders, order))
        return replace(self, academy_orders=orders)

    @property
    def ofsted(self) -> CategoryEpisode | None:
        """The category of concern the school is in, if any."""
        last = self.episodes[-1] if self.episodes else None
        return last if last is not None and last.ended_on is None else None

    def with_episode(self, episode: CategoryEpisode) -> CaseState:
        """Replace the current (last) episode."""
        return replace(self, episodes=(*self.episodes[:-1], episode))

    @property
    def live_orders(self) -> list[AcademyOrder]:
        return [o for o in self.academy_orders if o.state == "facilitating"]

    def authorisation(self, rule_id: str, actor: str) -> Authorisation | None:
        """The earliest unused authorisation for ``actor`` to override ``rule_id`` (SD-02)."""
        key = actor.strip().casefold()
        return next((a for a in self.authorisations if a.rule_id == rule_id
                     and a.for_actor.casefold() == key and not a.used_by), None)

    def consulted(self, intervention: str) -> set[str]:
        return {c.consultee for c in self.consultations if c.intervention == intervention}

    def open_coasting(self) -> list[Coasting]:
        return [c for c in self.coasting if c.ended_on is None]

    def open_sos_interventions(self) -> list[SoSIntervention]:
        return [i for i in self.sos_interventions if i.ended_on is None]
