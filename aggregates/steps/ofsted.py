"""Ofsted outcomes: inspection reports as published, categories of concern and the LA's
statement of action (EA 2005 ss13, 15; OF-01, OF-02; rulebook §4, §9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import commencement as law
from ..calendar import add_working_days, ofsted_framework
from ..errors import InvalidInput, NotNow, Remedy
from ..events import (
    OfstedCategoryNotified,
    OfstedCategoryRemoved,
    OfstedInspectionReportReceived,
    StatementOfActionSent,
)
from ..state.case import CaseState
from ..vocabulary import ConcernCategory, OfstedCategory, Safeguarding, SoARecipient
from .command import Command, command, opt
from .registry import declare
from .spec import NOT_APPLICABLE, Expectation, Facts, Fail, Guard, Item, Judgement, Step, always


@command
class RecordInspection(Command):
    inspection_date: dt.date = opt("--inspected", "The inspection date.", placeholder="<DATE>")
    grades: tuple[str, ...] = opt("--grade", "A graded area as Ofsted wrote it; repeat.",
                                  metavar="AREA=GRADE", default=())
    safeguarding: Safeguarding = opt("--safeguarding", "The safeguarding outcome (MET/NOT_MET "
                                     "under the 2025 framework).",
                                     default=Safeguarding.EFFECTIVE)
    category: OfstedCategory = opt("--category", "Category of concern in the report: requires "
                                   "significant improvement (RSI) or special measures (SM).",
                                   default=OfstedCategory.NONE)
    inspection_number: str = opt("--number", "Ofsted's inspection number.", default="")

    def check(self) -> None:
        parse_grades(self.grades)


def parse_grades(values: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for g in values:
        area, _, grade = str(g).partition("=")
        if not area.strip() or not grade.strip():
            raise InvalidInput(f"{g!r} is not a grade: write AREA=GRADE.")
        parsed[area.strip()] = grade.strip()
    return parsed


def _record_inspection(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: RecordInspection = f.cmd
    if c.inspection_date > f.on:
        raise InvalidInput("The inspection cannot be after the report's publication (--on).")
    grades = parse_grades(c.grades)
    framework = ofsted_framework(c.inspection_date)
    number = c.inspection_number.strip()
    if number and any(i.inspection_number == number for i in f.state.inspections):
        raise NotNow(f"Inspection {number} is already recorded for {f.state.urn}.")
    return [(OfstedInspectionReportReceived, {
        "inspection_date": c.inspection_date, "framework": framework, "grades": grades,
        "safeguarding": c.safeguarding.value, "category": c.category.value,
        "inspection_number": number})]


def _p3_mapping(f: Facts) -> Fail | None:
    """Rulebook §4.2 P3: the framework's own rules only produce validation warnings."""
    c: RecordInspection = f.cmd
    if ofsted_framework(c.inspection_date) != "RENEWED_2025_11" or c.category is not \
            OfstedCategory.NONE:
        return NOT_APPLICABLE
    grades = {v.lower() for v in parse_grades(c.grades).values()}
    if c.safeguarding is Safeguarding.NOT_MET or "urgent improvement" in grades:
        return Fail("Safeguarding not met or an area graded urgent improvement normally leads "
                    "to a category of concern (Ofsted 2025 toolkit)")
    return None


def _return_items(s: CaseState, policy: Any) -> list[Item]:
    return [Item("OF-01", "T-SAFEGUARDING-RETURN", "Ofsted returns within 3 months (INFO)",
                 i.published + dt.timedelta(days=92), kind="closes")
            for i in s.inspections if i.safeguarding == "INCOMPLETE"]


INSPECTION = declare(Step(
    RecordInspection, ("ofsted", "record"), "Record an inspection report as published (--on), "
    "under its framework period.",
    "190106 --inspected 2026-09-30 --grade 'leadership=urgent improvement' --safeguarding "
    "NOT_MET --category SM --on 2026-10-19", "OF-01", _record_inspection,
    (OfstedInspectionReportReceived,), guards=(Guard("OF-01", _p3_mapping, strength="WARN"),),
    in_force=lambda f: law.OFSTED_CATEGORY, on_closed=True,
    expects=(Expectation("OF-01", "T-SAFEGUARDING-RETURN", _return_items),),
    done=lambda c, d: f"inspection report for {c.urn} (inspected "
                      f"{c.inspection_date.isoformat()}, category {c.category.name})."))


# -- a category of concern ----------------------------------------------------------------------


@command
class NotifyOfstedCategory(Command):
    category: ConcernCategory = opt("--category", "Requires significant improvement (RSI) or "
                                    "special measures (SM).", placeholder="<RSI|SM>",
                                    example=ConcernCategory.SM)


def _notify(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    category = f.cmd.category.value
    current = f.state.ofsted
    if current is not None and current.category == category:
        raise NotNow(f"{f.state.urn} is already in {category} since "
                     f"{current.notified_on.isoformat()}.")
    soa_due = (add_working_days(f.on, f.policy.statement_of_action_working_days)
               if f.state.is_maintained else None)
    return [(OfstedCategoryNotified, {"category": category, "soa_due": soa_due})]


def _soa_items(s: CaseState, policy: Any) -> list[Item]:
    o = s.ofsted
    if o is None or not o.soa_due or not s.is_maintained:
        return []
    return [Item("OF-01", "T-SOA", f"Statement of action sent ({o.category})", o.soa_due,
                 o.soa_sent_on, step=SendStatementOfAction,
                 options={"recipients": _soa_recipients(s)})]


NOTIFY = declare(Step(
    NotifyOfstedCategory, ("ofsted", "notify"), "HMCI's notice of a category of concern: "
    "eligibility and the statement-of-action clock (a school in the other category is "
    "re-categorised).", "190106 --category SM --on 2026-10-19", "OF-01", _notify,
    (OfstedCategoryNotified,), guards=(always("OF-01"), always("AO-01")),
    in_force=lambda f: law.OFSTED_CATEGORY,
    expects=(Expectation("OF-01", "T-SOA", _soa_items),),
    done=lambda c, d: f"Ofsted category {c.category.name} for {c.urn}."))


# -- the statement of action (EA 2005 s15) ------------------------------------------------------


def _soa_recipients(s: CaseState) -> tuple[str, ...]:
    return ("HMCI", "FOUNDATION_APPOINTER") if s.establishment_type == "voluntary-aided" \
        else ("HMCI",)


@command
class SendStatementOfAction(Command):
    recipients: tuple[SoARecipient, ...] = opt(
        "--to", "Who the statement went to: HMCI, and FOUNDATION_APPOINTER for a voluntary "
        "aided school, or others; repeat.", metavar="RECIPIENT", placeholder="<RECIPIENT>",
        example=(SoARecipient.HMCI,))
    parent_arrangements: str = opt("--parents", "The arrangements for informing parents.",
                                   placeholder="<ARRANGEMENTS>", example="Parents' meeting")


def _soa_copies(f: Facts) -> Fail | None:
    sent = {r.value for r in f.cmd.recipients}
    missing = [r for r in _soa_recipients(f.state) if r not in sent]
    if not missing:
        return None
    return Fail(f"Statement of action refused: a copy must go to {', '.join(missing)}",
                Remedy("Record the copies with --to."))


def _soa(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    if f.state.ofsted is None or not f.state.is_maintained:
        raise NotNow(f"{f.state.urn} has no Ofsted category needing a statement of action on "
                     f"{f.on.isoformat()}.")
    if not f.cmd.parent_arrangements.strip():
        raise InvalidInput("Describe the arrangements for informing parents with --parents.")
    return [(StatementOfActionSent, {"recipients": sorted({r.value for r in f.cmd.recipients}),
                                     "parent_arrangements": f.cmd.parent_arrangements.strip()})]


SOA = declare(Step(
    SendStatementOfAction, ("ofsted", "soa"), "Record the LA's statement of action sent "
    "(EA 2005 s15; OF-01).", "190106 --to HMCI --parents \"Parents' meeting 4 November\"",
    "OF-01", _soa, (StatementOfActionSent,), guards=(Guard("OF-01", _soa_copies),),
    in_force=lambda f: law.OFSTED_CATEGORY,
    done=lambda c, d: f"statement of action for {c.urn} sent to "
                      f"{', '.join(d.records[0][1]['recipients'])}."))


# -- removal ---------------------------------------------------------------------------------


@command
class RemoveOfstedCategory(Command):
    """A later report removes the category (OF-02)."""


def _soa_first(f: Facts) -> Fail | None:
    o = f.state.ofsted
    if o is None or not f.state.is_maintained or o.soa_sent_on is not None:
        return None
    return Fail("Removal refused: the LA's statement of action for this category was never "
                "recorded", Remedy(step=SendStatementOfAction, lead="Record it first",
                                   options={"recipients": _soa_recipients(f.state)}))


def _remove(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    o = f.state.ofsted
    if o is None:
        raise NotNow(f"{f.state.urn} is not in an Ofsted category on {f.on.isoformat()}.")
    return [(OfstedCategoryRemoved, {"category": o.category})]


REMOVE = declare(Step(
    RemoveOfstedCategory, ("ofsted", "removed"), "A later report removes the category: s61/s62 "
    "eligibility ends (OF-02).", "190106 --on 2027-06-10", "OF-02", _remove,
    (OfstedCategoryRemoved,), guards=(Guard("OF-01", _soa_first), always("OF-02")),
    done=lambda c, d: f"Ofsted category removed for {c.urn}."))
