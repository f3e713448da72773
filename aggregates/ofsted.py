"""Ofsted outcomes, the statement of action, academy orders and conversion (rulebook §4, §8, §9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .calendar import add_working_days, ofsted_framework
from .errors import InvalidInput, NotFound, NotNow
from .events import (
    AcademyOrderMade,
    AcademyOrderRevoked,
    BudgetSuspensionReviewed,
    ConversionFacilitationStepRecorded,
    EligibilityEnded,
    EligibilityStarted,
    IEBEnded,
    OfstedCategoryNotified,
    OfstedCategoryRemoved,
    OfstedInspectionReportReceived,
    SchoolConvertedToAcademy,
    SoSDirectionReceived,
    StatementOfActionSent,
    WarningNoticeWithdrawn,
)
from .judgement import Context
from .vocabulary import AO_BASES, ESTABLISHMENT_TYPES, OFSTED_CATEGORIES, SAFEGUARDING
from .workflow import ACADEMY_ORDER, NOTICE, OPEN_NOTICE_STATES

if TYPE_CHECKING:
    from .school import School

CWSA_COMMENCEMENT = dt.date(2026, 6, 29)
ROUTE_OF = {"RSI": "S61", "SM": "S62"}


class OfstedCommands:
    """Mixed into School."""

    def record_inspection(self: School, *, inspection_date: dt.date, grades: dict[str, str],
                          safeguarding: str, category: str, ctx: Context) -> list[str]:
        """Record an inspection report as Ofsted published it, under its framework period."""
        j = self._judge(ctx)
        if category not in OFSTED_CATEGORIES:
            raise InvalidInput(f"Unknown Ofsted category {category!r}; use NONE, RSI or SM.")
        if safeguarding not in SAFEGUARDING:
            raise InvalidInput(f"Unknown safeguarding outcome {safeguarding!r}; use one of "
                               f"{', '.join(SAFEGUARDING)}.")
        if inspection_date > ctx.on:
            raise InvalidInput("The inspection cannot be after the report's publication (--on).")
        framework = ofsted_framework(inspection_date)
        # Rulebook §4.2: the framework's own rules only produce validation warnings (INFO).
        if framework == "RENEWED_2025_11" and category == "NONE" and (
                safeguarding == "NOT_MET" or "urgent improvement" in grades.values()):
            j.warnings.append(
                "OF-01 (INFO, Ofsted 2025 toolkit): safeguarding not met or an area graded "
                "urgent improvement normally leads to a category of concern")
        self._record(OfstedInspectionReportReceived, j, inspection_date=inspection_date,
                     framework=framework, grades=dict(grades), safeguarding=safeguarding,
                     category=category)
        return j.warnings

    def notify_ofsted_category(self: School, *, category: str, ctx: Context) -> list[str]:
        """HMCI's s13(3) notice of special measures or significant improvement (OF-01)."""
        j = self._judge(ctx)
        if category not in ("RSI", "SM"):
            raise InvalidInput("An Ofsted category of concern is RSI (significant improvement) "
                               "or SM (special measures).")
        if self.ofsted is not None:
            raise NotNow(f"{self.urn} is already in {self.ofsted['category']} since "
                         f"{self.ofsted['notified_on'].isoformat()}; record its removal first.")
        soa_due = None
        j.check("OF-01", True, "")
        if self.is_maintained:
            soa_due = add_working_days(ctx.on, ctx.policy.statement_of_action_working_days)
        j.check("AO-01", True, "")
        self._record(OfstedCategoryNotified, j, category=category, soa_due=soa_due)
        if self.is_maintained:
            self._record(EligibilityStarted, j, route=ROUTE_OF[category], basis=category,
                         since=ctx.on, s64_window_end=None)
        return j.warnings

    def send_statement_of_action(self: School, *, recipients: Sequence[str],
                                 parent_arrangements: str, ctx: Context) -> list[str]:
        """EA 2005 s15: the LA's written statement of action, copied to HMCI (OF-01)."""
        j = self._judge(ctx)
        if self.ofsted is None or not self.is_maintained:
            raise NotNow(f"{self.urn} has no Ofsted category needing a statement of action.")
        needed = ["HMCI"] + (["FOUNDATION_APPOINTER"]
                             if self.establishment_type == "voluntary-aided" else [])
        missing = [r for r in needed if r not in recipients]
        j.check("OF-01", not missing,
                f"Statement of action refused: a copy must go to {', '.join(missing)}",
                "Record the copies with --to.")
        if not parent_arrangements.strip():
            raise InvalidInput("Describe the arrangements for informing parents with --parents.")
        self._record(StatementOfActionSent, j, recipients=sorted(set(recipients)),
                     parent_arrangements=parent_arrangements.strip())
        return j.warnings

    def remove_ofsted_category(self: School, *, ctx: Context) -> list[str]:
        """A later report removes the category: s61/s62 eligibility ends (OF-02)."""
        j = self._judge(ctx)
        if self.ofsted is None:
            raise NotNow(f"{self.urn} is not in an Ofsted category.")
        j.check("OF-01", not self.is_maintained or self.ofsted["soa_sent_on"] is not None,
                "Removal refused: the LA's statement of action for this category was never "
                "recorded", f"Record it first: sela ofsted soa {self.urn} --to HMCI")
        category = self.ofsted["category"]
        j.check("OF-02", True, "")
        self._record(OfstedCategoryRemoved, j, category=category)
        route = ROUTE_OF[category]
        if route in self.routes:
            self._record(EligibilityEnded, j, route=route)
        return j.warnings

    # -- academy orders (Academies Act 2010 s4, ss5B-5D) -----------------------------------------

    def _order(self: School, order_id: str) -> dict:
        if order_id not in self.academy_orders:
            raise NotFound(f"{self.urn} has no academy order {order_id!r} "
                           f"(orders: {', '.join(self.academy_orders) or 'none'}).")
        return self.academy_orders[order_id]

    def _order_step(self: School, order_id: str | None, step: str) -> tuple[str, str]:
        state = self.academy_orders[order_id]["state"] if order_id else "none"
        return ACADEMY_ORDER.advance(state, step, "Academy order")

    def record_academy_order(self: School, *, basis: str, ctx: Context) -> tuple[str, list[str]]:
        j = self._judge(ctx)  # anchor: the order date
        if basis not in AO_BASES:
            raise InvalidInput(f"Unknown basis {basis!r}; use S4_A1 or S4_1_B.")
        if self.is_academy:
            j.refuse("AC-01", f"Academy order refused: {self.urn} is already an academy")
        live = [o for o, v in self.academy_orders.items() if v["state"] == "facilitating"]
        if live:
            raise NotNow(f"{self.urn} already has academy order {live[0]} in force.")
        frm, to = self._order_step(None, "make")
        routes = self.active_routes(ctx.on)
        if basis == "S4_A1":
            j.check("AO-03", ctx.on < CWSA_COMMENCEMENT,
                    "Academy order refused: the s4(A1) duty was repealed from 29 June 2026",
                    "Record the order under s4(1)(b): --basis S4_1_B.")
            j.check("AO-02", any(r in routes for r in ("S61", "S62")),
                    "Academy order refused: an s4(A1) order is for a school eligible through "
                    "an Ofsted category (s61/s62)", "Record the Ofsted category first, or use "
                    "--basis S4_1_B.")
        else:
            others = [r for r in routes if ctx.on >= CWSA_COMMENCEMENT or r not in ("S61", "S62")]
            j.check("AO-02", bool(others) or (ctx.on >= CWSA_COMMENCEMENT and bool(routes)),
                    "Academy order refused: s4(1)(b) needs the school to be eligible for "
                    "intervention" + ("" if ctx.on >= CWSA_COMMENCEMENT else
                                      " other than through an Ofsted category before 29 June "
                                      "2026 (then the basis is s4(A1))"))
        j.check("AO-01", True, "")
        order_id = f"AO{len(self.academy_orders) + 1}"
        self._record(AcademyOrderMade, j, order_id=order_id, from_state=frm, to_state=to,
                     basis=basis, saved_pre_cwsa=basis == "S4_A1")
        return order_id, j.warnings

    def record_direction(self: School, *, order_id: str, direction_id: str, steps: Sequence[str],
                         deadline: dt.date, ctx: Context) -> list[str]:
        order = self._order(order_id)
        j = self._judge(ctx, on=order["order_date"] if order["saved_pre_cwsa"] else ctx.on)
        frm, to = self._order_step(order_id, "direct")
        if not steps:
            raise InvalidInput("Give the steps the direction requires with --step.")
        if direction_id in {d["id"] for d in order["directions"]}:
            raise NotNow(f"{order_id} already has a direction {direction_id!r}; give the new "
                         "one its own --id.")
        if deadline < ctx.on:
            raise InvalidInput("A direction's deadline cannot be before the direction.")
        j.check("AO-02", True, "")
        if order["saved_pre_cwsa"] and ctx.on >= CWSA_COMMENCEMENT:
            j.applied.append("AO-04")
        self._record(SoSDirectionReceived, j, order_id=order_id, from_state=frm, to_state=to,
                     direction_id=direction_id, steps=list(steps), deadline=deadline)
        return j.warnings

    def record_facilitation(self: School, *, order_id: str, step: str, direction_id: str,
                            ctx: Context) -> list[str]:
        order = self._order(order_id)
        j = self._judge(ctx)
        frm, to = self._order_step(order_id, "facilitate")
        if direction_id and direction_id not in {d["id"] for d in order["directions"]}:
            raise InvalidInput(f"{order_id} has no direction {direction_id!r}.")
        if not step.strip():
            raise InvalidInput("Describe the facilitation step with --step.")
        j.check("AO-02", True, "")
        if order["saved_pre_cwsa"] and ctx.on >= CWSA_COMMENCEMENT:
            j.applied.append("AO-04")
        self._record(ConversionFacilitationStepRecorded, j, order_id=order_id, from_state=frm,
                     to_state=to, step=step.strip(), direction_id=direction_id)
        return j.warnings

    def revoke_academy_order(self: School, *, order_id: str, ctx: Context) -> list[str]:
        self._order(order_id)
        j = self._judge(ctx)
        frm, to = self._order_step(order_id, "revoke")
        self._record(AcademyOrderRevoked, j, order_id=order_id, from_state=frm, to_state=to)
        return j.warnings

    def convert_to_academy(self: School, *, new_type: str, academy_trust: str,
                           ctx: Context) -> list[str]:
        """AO-05: the school becomes an academy; LA interventions close; academy route."""
        j = self._judge(ctx)
        if new_type not in ESTABLISHMENT_TYPES or not ESTABLISHMENT_TYPES[new_type].academy:
            raise InvalidInput("Convert to academy-converter, academy-sponsor-led or "
                               "free-school.")
        if self.is_academy:
            raise NotNow(f"{self.urn} is already an academy.")
        if not academy_trust.strip():
            raise InvalidInput("Name the academy trust with --trust.")
        live = [o for o, v in self.academy_orders.items() if v["state"] == "facilitating"]
        j.check("AO-05", True, "")
        # Close every LA intervention first, as of the conversion date.
        for wn_id, notice in self.notices.items():
            if notice["state"] in (*OPEN_NOTICE_STATES, "drafted", "approved"):
                to = NOTICE.plan(notice["state"], "withdraw")
                self._record(WarningNoticeWithdrawn, j, wn_id=wn_id, from_state=notice["state"],
                             to_state=to)
        for route in sorted(self.routes):
            self._record(EligibilityEnded, j, route=route)
        if self.ieb["state"] == "active":
            self._record(IEBEnded, j, from_state="active", to_state="ended",
                         resumption_date=ctx.on)
        if self.budget["state"] == "suspended":
            self._record(BudgetSuspensionReviewed, j, from_state="suspended", to_state="revoked",
                         review_type="AD_HOC", representations_invited=False,
                         decision="REVOKE", revoked_from=ctx.on)
        self._record(SchoolConvertedToAcademy, j, new_type=new_type,
                     academy_trust=academy_trust.strip(), order_id=live[0] if live else "")
        self._move_pathway("convert", j, self.category)
        return j.warnings
