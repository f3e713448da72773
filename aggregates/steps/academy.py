"""Academy orders and conversion (Academies Act 2010 ss4-6, 5B-5D; AO-01 to AO-05).

The basis of an order is judged by its date: before 29 June 2026 a school eligible through an
Ofsted category gets an s4(A1) order (the SoS's duty) and any other eligible school an
s4(1)(b) one; from that date s4(A1) is repealed and s4(1)(b) covers every eligible school
(CWSA 2026 s58). An s4(A1) order made before then keeps the earlier rules (s58(9)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import commencement as law
from ..errors import InvalidInput, NotFound, NotNow
from ..events import (
    AcademyOrderMade,
    AcademyOrderRevoked,
    ConversionFacilitationStepRecorded,
    PathwayAssigned,
    SchoolConvertedToAcademy,
    SchoolConvertedToNewUrn,
    SoSDirectionReceived,
)
from ..identity import check_urn
from ..lifecycle import Transition
from ..school_types import ACADEMY_TYPES, EstablishmentType
from ..state.case import CaseState
from ..state.eligibility import active_routes
from ..vocabulary import OrderBasis
from .command import Command, arg, command, opt
from .common import not_academy
from .lifecycles import ACADEMY_ORDER
from .registry import declare
from .school import PATHWAY, PATHWAY_STATES, TABLE_TWO, pathway_records
from .spec import (
    NOT_APPLICABLE,
    Expectation,
    Facts,
    Fail,
    Guard,
    Item,
    Judgement,
    Move,
    Step,
    always,
)

# Conversion moves the pathway too: to the academy route of Table Two (AO-05, RA-02).
for (_cat, _academy), _dest in TABLE_TWO.items():
    if _academy:
        PATHWAY.add(Transition("convert", tuple(PATHWAY_STATES), _dest, ("AO-05", "RA-02"),
                               (f"when_category__{_cat}", "when_academy__True")))
PATHWAY.add(Transition("convert", ("unassessed",), "unassessed", ("AO-05",),
                       ("when_category__None", "when_academy__True")))


def order_of(f: Facts) -> Any:
    order_id = str(f.cmd.order).strip().upper()
    order = f.state.order(order_id)
    if order is None:
        known = ", ".join(o.order_id for o in f.state.academy_orders) or "none"
        raise NotFound(f"{f.state.urn} has no academy order {order_id!r} (orders: {known}).")
    return order


def _order_arg() -> Any:
    return arg("ORDER", "The academy order's ID, e.g. AO1.", example="AO1")


# -- the order ------------------------------------------------------------------------------


@command
class MakeAcademyOrder(Command):
    basis: OrderBasis = opt("--basis", "S4_A1: the s4(A1) duty (to 28 June 2026); S4_1_B: the "
                            "s4(1)(b) power.", placeholder="<S4_A1|S4_1_B>",
                            example=OrderBasis.S4_1_B)


def _s4_a1(f: Facts) -> Fail | None:
    if f.cmd.basis is not OrderBasis.S4_A1:
        return NOT_APPLICABLE
    if any(r.kind in ("S61", "S62") for r in active_routes(f.state, f.on)):
        return None
    return Fail("Academy order refused: an s4(A1) order is for a school eligible through an "
                "Ofsted category (s61/s62)",
                None)


def _s4_1_b(f: Facts) -> Fail | None:
    if f.cmd.basis is not OrderBasis.S4_1_B:
        return NOT_APPLICABLE
    routes = active_routes(f.state, f.on)
    after = f.on >= law.CWSA
    if any(after or r.kind not in ("S61", "S62") for r in routes):
        return None
    return Fail("Academy order refused: s4(1)(b) needs the school to be eligible for "
                "intervention" + ("" if after else " other than through an Ofsted category "
                                  "before 29 June 2026 (then the basis is s4(A1))"))


def _make(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    if f.state.live_orders:
        raise NotNow(f"{f.state.urn} already has academy order {f.state.live_orders[0].order_id} "
                     "in force.")
    made = sum(1 for e in f.history if isinstance(e, AcademyOrderMade))
    return [(AcademyOrderMade, {"order_id": f"AO{made + 1}", "from_state": "none",
                                "to_state": f.dest, "basis": f.cmd.basis.value,
                                "saved_pre_cwsa": f.cmd.basis is OrderBasis.S4_A1})]


def _order_expected(s: CaseState, policy: Any) -> list[Item]:
    items = []
    for o in [s.ofsted] if s.ofsted is not None else []:
        if not o.maintained or not law.EAA <= o.notified_on < law.CWSA or s.converted_on:
            continue
        made = [a.order_date for a in s.academy_orders
                if a.order_date >= o.notified_on and a.basis == "S4_A1"]
        followup = o.notified_on + dt.timedelta(weeks=policy.academy_order_followup_weeks)
        last_day = law.CWSA - dt.timedelta(days=1)
        items.append(Item("AO-01", "T-AO-DUTY-EXPECTED", "Academy order expected from the "
                          "Secretary of State (s4(A1) duty); follow up if none",
                          min(followup, last_day), min(made) if made else None,
                          "closes" if followup >= law.CWSA else "deadline", MakeAcademyOrder,
                          {"basis": "S4_A1"}))
    return items


ORDER = declare(Step(
    MakeAcademyOrder, ("sos", "academy-order"), "Record an academy order; prints its ID "
    "(AO-01 to AO-04).", "190114 --basis S4_1_B --on 2026-07-06", "AO-02", _make,
    (AcademyOrderMade,),
    guards=(not_academy("Academy order"),
            Guard("AO-02", _s4_a1, basis="Academies Act 2010 s4(A1)"),
            Guard("AO-02", _s4_1_b, basis="Academies Act 2010 s4(1)(b)"), always("AO-01")),
    lifecycle=ACADEMY_ORDER, trigger="make", moves=(Move(("none", "revoked"), "facilitating"),),
    current=lambda f: "none",
    in_force=lambda f: law.ORDER_S4_A1 if f.cmd.basis is OrderBasis.S4_A1 else law.ORDER_S4_1_B,
    expects=(Expectation("AO-01", "T-AO-DUTY-EXPECTED", _order_expected),),
    result_field="order_id",
    done=lambda c, d: f"academy order {d.result} ({c.basis.name}) for {c.urn}."))


def _saved_anchor(state: CaseState, cmd: Any, on: dt.date) -> dt.date:
    """AO-04: an s4(A1) order made before 29 June 2026 keeps the rules of its date."""
    order = state.order(str(cmd.order).strip().upper())
    return order.order_date if order is not None and order.saved_pre_cwsa else on


def _ao04(f: Facts) -> Any:
    order = order_of(f)
    return None if order.saved_pre_cwsa and f.on >= law.CWSA else NOT_APPLICABLE


@command
class ReceiveDirection(Command):
    order: str = _order_arg()
    direction_id: str = opt("--id", "A name for the direction, e.g. D1.", placeholder="<ID>",
                            example="D9")
    steps: tuple[str, ...] = opt("--step", "A step required; repeat.", placeholder="<STEP>",
                                 example=("Share land information",))
    deadline: dt.date = opt("--deadline", "The direction's deadline.", placeholder="<DATE>",
                            offset=30)


def _direct(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: ReceiveDirection = f.cmd
    order = order_of(f)
    if not [s for s in c.steps if s.strip()]:
        raise InvalidInput("Give the steps the direction requires with --step.")
    if c.direction_id in {d.id for d in order.directions}:
        raise NotNow(f"{order.order_id} already has a direction {c.direction_id!r}; give the "
                     "new one its own --id.")
    if c.deadline < f.on:
        raise InvalidInput("A direction's deadline cannot be before the direction.")
    return [(SoSDirectionReceived, {"order_id": order.order_id, "from_state": f.current,
                                    "to_state": f.current, "direction_id": c.direction_id,
                                    "steps": list(c.steps), "deadline": c.deadline})]


DIRECT = declare(Step(
    ReceiveDirection, ("sos", "direction"), "Record a direction on conversion steps with its "
    "deadline (s5C; AO-02).",
    "190114 AO1 --id D1 --step 'Share land information' --deadline 2026-09-30", "AO-02",
    _direct, (SoSDirectionReceived,),
    guards=(always("AO-02"), Guard("AO-04", _ao04, at=lambda f: f.on)),
    lifecycle=ACADEMY_ORDER, trigger="direct", moves=(Move(("facilitating",), "="),),
    current=lambda f: order_of(f).state, anchor=_saved_anchor,
    in_force=lambda f: law.FACILITATION,
    done=lambda c, d: f"direction {c.direction_id} under {c.order.upper()}, due "
                      f"{c.deadline.isoformat()} ({c.urn})."))


@command
class RevokeOrder(Command):
    order: str = _order_arg()


REVOKE = declare(Step(
    RevokeOrder, ("sos", "revoke-order"), "Record the revocation of an academy order (s5D).",
    "190114 AO1", "AO-02",
    lambda f, j: [(AcademyOrderRevoked, {"order_id": order_of(f).order_id,
                                         "from_state": f.current, "to_state": f.dest})],
    (AcademyOrderRevoked,), lifecycle=ACADEMY_ORDER, trigger="revoke",
    moves=(Move(("facilitating",), "revoked"),), current=lambda f: order_of(f).state,
    done=lambda c, d: f"{c.order.upper()} revoked ({c.urn})."))


# -- facilitating conversion ---------------------------------------------------------------------


@command
class RecordFacilitation(Command):
    order: str = _order_arg()
    step: str = opt("--step", "The step the LA took.", placeholder="<STEP>",
                    example="Information shared with the sponsor")
    direction_id: str = opt("--direction", "The direction it meets.", default="")


def _facilitate(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: RecordFacilitation = f.cmd
    order = order_of(f)
    if c.direction_id and c.direction_id not in {d.id for d in order.directions}:
        raise InvalidInput(f"{order.order_id} has no direction {c.direction_id!r}.")
    if not c.step.strip():
        raise InvalidInput("Describe the facilitation step with --step.")
    return [(ConversionFacilitationStepRecorded, {
        "order_id": order.order_id, "from_state": f.current, "to_state": f.current,
        "step": c.step.strip(), "direction_id": c.direction_id})]


def _facilitation_items(s: CaseState, policy: Any) -> list[Item]:
    items = []
    for o in s.live_orders:
        rule = "AO-04" if o.saved_pre_cwsa else "AO-02"  # an A1 order keeps its rules (s58(9))
        items.append(Item(rule, "T-AO-FACILITATE", f"{o.order_id}: facilitate conversion "
                          "(s5B)", None, step=RecordFacilitation, options={"order": o.order_id}))
        for d in o.directions:
            items.append(Item("AO-02", "T-AO-FACILITATE", f"{o.order_id} direction {d.id}: "
                              f"{'; '.join(d.steps)}", d.deadline, d.met_on,
                              step=RecordFacilitation,
                              options={"order": o.order_id, "direction_id": d.id}))
    return items


FACILITATE = declare(Step(
    RecordFacilitation, ("academy", "facilitate"), "Record a step the LA took to facilitate "
    "conversion (s5B; AO-02, AO-04).",
    "190114 AO1 --step 'Land information sent' --direction D1", "AO-02", _facilitate,
    (ConversionFacilitationStepRecorded,),
    guards=(always("AO-02"), Guard("AO-04", _ao04, at=lambda f: f.on)),
    lifecycle=ACADEMY_ORDER, trigger="facilitate", moves=(Move(("facilitating",), "="),),
    current=lambda f: order_of(f).state, anchor=_saved_anchor,
    expects=(Expectation("AO-02", "T-AO-FACILITATE", _facilitation_items),),
    hints=lambda s, t, p: [{"order": o.order_id} for o in s.live_orders], offered=True,
    done=lambda c, d: f"facilitation step under {c.order.upper()} ({c.urn})."))


# -- conversion ---------------------------------------------------------------------------------


@command
class ConvertToAcademy(Command):
    new_type: EstablishmentType = opt("--type", "The new establishment type.",
                                      placeholder="<TYPE>",
                                      example=EstablishmentType.ACADEMY_SPONSOR_LED,
                                      choices=tuple(t.name for t in ACADEMY_TYPES))
    academy_trust: str = opt("--trust", "The academy trust.", placeholder="<TRUST>",
                             example="South Bank Schools Trust")


def _convert(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: ConvertToAcademy = f.cmd
    if f.state.is_academy:
        raise NotNow(f"{f.state.urn} is already an academy.")
    if not c.academy_trust.strip():
        raise InvalidInput("Name the academy trust with --trust.")
    live = f.state.live_orders
    records: list[tuple[type, dict[str, Any]]] = [(SchoolConvertedToAcademy, {
        "new_type": c.new_type.value, "academy_trust": c.academy_trust.strip(),
        "order_id": live[0].order_id if live else ""})]
    return records + pathway_records(f.state, "convert", f.state.category, True)


CONVERT = declare(Step(
    ConvertToAcademy, ("academy", "convert"), "The school became an academy: the LA's case "
    "closes (notices, IEB, suspension, expectations) and it takes the academy route (AO-05).",
    "190114 --type ACADEMY_SPONSOR_LED --trust 'South Bank Schools Trust'", "AO-05", _convert,
    (SchoolConvertedToAcademy, PathwayAssigned), guards=(always("AO-05"),),
    lifecycle=ACADEMY_ORDER, trigger="convert",
    moves=(Move(("none", "facilitating"), "converted"),),
    current=lambda f: f.state.live_orders[0].state if f.state.live_orders else "none",
    in_force=lambda f: law.CONVERSION,
    done=lambda c, d: f"{c.urn} converted to an academy ({c.new_type.name}, "
                      f"{c.academy_trust.strip()})."))


# -- conversion under a new URN (as GIAS records it) ------------------------------------------


@command
class ConvertToNewUrn(Command):
    successor_urn: str = opt("--academy", "The academy's URN (GIAS gives a converting school a "
                             "new one).", placeholder="<URN>", example="149901",
                             metavar="URN")
    new_type: EstablishmentType = opt("--type", "The academy's establishment type.",
                                      placeholder="<TYPE>",
                                      example=EstablishmentType.ACADEMY_CONVERTER,
                                      choices=tuple(t.name for t in ACADEMY_TYPES))
    academy_trust: str = opt("--trust", "The academy trust.", placeholder="<TRUST>",
                             example="Southwark Learning Trust")

    def check(self) -> None:
        object.__setattr__(self, "successor_urn", check_urn(self.successor_urn))
        if self.successor_urn == self.urn:
            raise InvalidInput("The academy's URN is this school's own: record a conversion "
                               "on the same URN with `sela academy convert`.")


def _an_la_school(f: Facts) -> Fail | None:
    """AO-05 closes an LA case: an academy succeeded by another is re-brokered, not converted."""
    if not f.state.is_academy:
        return None
    return Fail(f"Conversion refused: {f.state.urn} is already an academy; a new URN for an "
                "academy (a new trust) is its closure and a link, not a conversion",
                None)


def _convert_new_urn(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: ConvertToNewUrn = f.cmd
    if not c.academy_trust.strip():
        raise InvalidInput("Name the academy trust with --trust.")
    live = f.state.live_orders
    return [(SchoolConvertedToNewUrn, {
        "successor_urn": c.successor_urn, "new_type": c.new_type.value,
        "academy_trust": c.academy_trust.strip(),
        "order_id": live[0].order_id if live else ""})]


NEW_URN = declare(Step(
    ConvertToNewUrn, ("academy", "new-urn"), "The school became an academy under a new URN "
    "(as GIAS records it): its LA case closes as a conversion (AO-05) and its record closes; "
    "the academy's record carries on, with a link back.",
    "100837 --academy 149901 --type ACADEMY_CONVERTER --trust 'Southwark Learning Trust' "
    "--on 2025-09-01", "AO-05", _convert_new_urn, (SchoolConvertedToNewUrn,),
    guards=(Guard("AO-05", _an_la_school, scope=True),),
    lifecycle=ACADEMY_ORDER, trigger="convert_new_urn",
    moves=(Move(("none", "facilitating"), "converted"),),
    current=lambda f: f.state.live_orders[0].state if f.state.live_orders else "none",
    in_force=lambda f: law.CONVERSION,
    done=lambda c, d: f"{c.urn} converted to the academy {c.successor_urn} "
                      f"({c.new_type.name}, {c.academy_trust.strip()}); its LA case is closed."))
