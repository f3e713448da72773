"""The school's own record: registration and details, the risk assessment and the pathway it
gives (Table Two), the categorisation letter, the named officer (rulebook §3)."""

from __future__ import annotations

from ..calendar import add_working_days
from ..errors import AlreadyExists, InvalidInput, NotNow, Remedy
from ..events import (
    CategorisationCommunicated,
    CategoryChanged,
    OfficerAssigned,
    PathwayAssigned,
    RiskAssessmentCompleted,
    SchoolRegistered,
)
from ..lifecycle import Lifecycle
from ..school_types import EstablishmentType, type_info
from ..state.case import CaseState
from ..vocabulary import (
    Category,
    CriticalCriterion,
    LetterRecipient,
    Phase,
    ReligiousCharacter,
    academic_year_bounds,
    academic_year_of,
    is_academic_year,
)
from .command import Command, command, opt
from .common import fails
from .registry import declare
from .spec import (
    ASK,
    NOT_APPLICABLE,
    Expectation,
    Facts,
    Fail,
    Guard,
    Item,
    Judgement,
    Move,
    Records,
    Step,
    always,
)

# -- the pathway: Table Two of SEED-002 §7, RA-02, AC-01, AO-05 ----------------------------------

UNASSESSED = "unassessed"
PATHWAY_STATES = ["unassessed", "partnership", "support_monitoring", "trip", "intervention",
                  "academy_partnership", "academy_rd_route"]
#: Table Two: (category, academy?) -> pathway state.
TABLE_TWO = {("A", False): "partnership", ("B", False): "support_monitoring",
             ("C", False): "trip", ("D", False): "intervention",
             ("A", True): "academy_partnership", ("B", True): "academy_rd_route",
             ("C", True): "academy_rd_route", ("D", True): "academy_rd_route"}
PATHWAY = Lifecycle("pathway", PATHWAY_STATES, UNASSESSED)
TABLE_TWO_MOVES = tuple(Move(tuple(PATHWAY_STATES), dest,
                             (("category", cat), ("academy", str(academy))))
                        for (cat, academy), dest in TABLE_TWO.items())


def pathway_records(state: CaseState, trigger: str, category: str | None,
                    academy: bool) -> Records:
    """The PathwayAssigned outcome of Table Two, if the pathway changes (RA-02)."""
    to_state = PATHWAY.plan(state.statutory_state, trigger, category=category,
                            academy=str(academy))
    pathway = None if to_state == UNASSESSED else to_state.upper()
    if pathway == state.pathway:
        return []
    return [(PathwayAssigned, {"pathway": pathway, "from_state": state.statutory_state,
                               "to_state": to_state})]


# -- register ------------------------------------------------------------------------------------


@command
class RegisterSchool(Command):
    name: str = opt("--name", "The school's name as in GIAS.", placeholder="<NAME>",
                    example="Example Primary School")
    establishment_type: EstablishmentType = opt(
        "--type", "Establishment type (GIAS type names).", placeholder="<TYPE>",
        example=EstablishmentType.COMMUNITY)
    phase: Phase = opt("--phase", "Phase of education.", placeholder="<PHASE>",
                       example=Phase.PRIMARY)
    religious_character: ReligiousCharacter = opt(
        "--religious-character", "Religious character (drives diocese copies).",
        default=ReligiousCharacter.NONE)
    diocese: str = opt("--diocese", "Appropriate diocesan authority (CofE/RC schools).",
                       default="")
    academy_trust: str = opt("--trust", "Academy trust (academies only).", default="")
    la_code: str = opt("--la", "The school's GIAS LA code, e.g. 210 (Southwark).", default="",
                       metavar="CODE")

    def check(self) -> None:
        code = self.la_code.strip()
        if code and not (len(code) == 3 and code.isascii() and code.isdigit()):
            raise InvalidInput(f"{code!r} is not an LA code: GIAS LA codes are three digits, "
                               "e.g. 210 for Southwark.")


def check_details(name: str, establishment_type: str, religious_character: str,
                  diocese: str, academy_trust: str) -> None:
    """What a school's details must hold together (registration and every change)."""
    if not name.strip():
        raise InvalidInput("The school's name is empty; give it with --name.")
    kind = type_info(establishment_type)
    if kind.academy and not academy_trust.strip():
        raise InvalidInput("An academy or free school needs its academy trust: give it with "
                           "--trust.")
    if not kind.academy and academy_trust.strip():
        raise InvalidInput(f"A {kind.gias_name.lower()} has no academy trust; drop --trust or "
                           "correct --type.")
    if religious_character in ("cofe", "rc") and not diocese.strip():
        raise InvalidInput("A Church of England or Roman Catholic school needs its diocese "
                           "(the appropriate diocesan authority): give it with --diocese.")


def _register(f: Facts, j: Judgement) -> Records:
    c: RegisterSchool = f.cmd
    if f.state is not None:
        raise AlreadyExists(f"URN {c.urn} is already registered.")
    check_details(c.name, c.establishment_type.value, c.religious_character.value, c.diocese,
                  c.academy_trust)
    from ..events import SCHOOL_TOPIC

    return [(SchoolRegistered, {
        "originator_topic": SCHOOL_TOPIC, "urn": c.urn, "name": c.name.strip(),
        "establishment_type": c.establishment_type.value, "phase": c.phase.value,
        "religious_character": c.religious_character.value, "diocese": c.diocese.strip(),
        "academy_trust": c.academy_trust.strip(), "la_code": c.la_code.strip()})]


REGISTER = declare(Step(
    RegisterSchool, ("school", "register"), "Register a school by its URN so its record can "
    "start (--on: the day its record begins, e.g. its opening date).",
    "100834 --name 'Bankside Primary School' --type COMMUNITY --phase PRIMARY --on 2024-09-02",
    "", _register, (SchoolRegistered,),
    done=lambda c, d: f"registered {c.urn} {c.name.strip()}."))


# -- the risk assessment ------------------------------------------------------------------------


@command
class AssessRisk(Command):
    category: Category = opt("--category", "Category A-D (SEED-002 §5 Table One).",
                             placeholder="<A|B|C|D>", example=Category.B)
    rationale: str = opt("--rationale", "Why this category: the best-fit judgement.",
                         placeholder="<RATIONALE>", example="Best fit on the indicators")
    critical_criteria: tuple[CriticalCriterion, ...] = opt(
        "--critical", "Critical criteria that weighed on the judgement; repeat.", default=())
    academic_year: str | None = opt("--year", "Academic year, e.g. 2025/26. Default: the "
                                    "year holding --on.", default=None, metavar="YYYY/YY")
    review: bool = opt("--review", "An in-year review rather than the formal annual "
                       "assessment (RA-01).", default=False)


def _year_of(f: Facts) -> str:
    year = f.cmd.academic_year or academic_year_of(f.on)
    if not is_academic_year(year):
        raise InvalidInput(f"{year!r} is not an academic year; write it as 2025/26.")
    first, last = academic_year_bounds(year)
    if not first <= f.on <= last:
        raise InvalidInput(f"The assessment date {f.on.isoformat()} is not in the academic "
                           f"year {year} ({first.isoformat()} to {last.isoformat()}).")
    return year


def _ra01(f: Facts) -> Fail | None:
    if f.cmd.review:
        return NOT_APPLICABLE
    year = _year_of(f)
    formal = [a for a in f.state.assessments if a.academic_year == year and not a.review]
    if not formal:
        return None
    return Fail(f"A formal risk assessment for {year} was already recorded on "
                f"{formal[0].date.isoformat()}; record in-year reassessments as reviews "
                "(--review)")


def _ra03(f: Facts) -> Fail | None:
    pending = f.state.uncommunicated_since
    if f.cmd.review:
        return NOT_APPLICABLE
    if pending is None:
        return None
    return Fail("Assessment refused: the categorisation from the assessment of "
                f"{pending.isoformat()} has not been sent in writing to the headteacher and "
                "chair", Remedy(step=Communicate, lead="Record the letter first",
                                options={"recipients": ("HT", "CHAIR")}))


def _ra04(f: Facts) -> Fail | None:
    change = f.state.uncommunicated_change
    if f.cmd.category.value == f.state.category:
        return NOT_APPLICABLE
    return fails(change is not None,
                 f"The category change of {change.isoformat() if change else '-'} was not yet "
                 "communicated in writing")


def _assess(f: Facts, j: Judgement) -> Records:
    c: AssessRisk = f.cmd
    if not c.rationale.strip():
        raise InvalidInput("A risk assessment needs its rationale: give it with --rationale.")
    records: Records = [(RiskAssessmentCompleted, {
        "academic_year": _year_of(f), "category": c.category.value,
        "rationale": c.rationale.strip(),
        "critical_criteria": sorted({x.value for x in c.critical_criteria}),
        "review": c.review})]
    state = f.state
    if c.category.value != state.category:
        records.append((CategoryChanged, {"from_category": state.category,
                                          "to_category": c.category.value}))
    records += pathway_records(state, "assess", c.category.value, state.is_academy)
    return records


def _annual(state: CaseState, policy: object) -> list[Item]:
    formal = [a.date for a in state.assessments if not a.review]
    return [Item("RA-01", "T-RA-ANNUAL", "Formal desktop risk assessment for {year}", None,
                 step=AssessRisk, recurs="year", anchor="assessment",
                 last=max(formal) if formal else None)]


ASSESS = declare(Step(
    AssessRisk, ("assess",), "Record a risk assessment and the category it gives; the pathway "
    "follows (RA-01 to RA-04).",
    "100834 --category C --rationale 'Outcomes well below national' --critical LEADERSHIP "
    "--on 2025-09-19", "RA-02", _assess,
    (RiskAssessmentCompleted, CategoryChanged, PathwayAssigned),
    guards=(Guard("RA-01", _ra01), Guard("RA-03", _ra03), Guard("RA-04", _ra04),
            always("RA-02"),
            Guard("AC-01", lambda f: None if f.state.is_academy and f.cmd.category.value != "A"
                  else NOT_APPLICABLE)),
    lifecycle=PATHWAY, trigger="assess", moves=TABLE_TWO_MOVES,
    current=lambda f: f.state.statutory_state,
    plan_args=lambda f: {"category": f.cmd.category.value,
                         "academy": str(f.state.is_academy)},
    expects=(Expectation("RA-01", "T-RA-ANNUAL", _annual),),
    hints=lambda s, t, p: [{"category": ASK, "rationale": ASK}], offered=True,
    done=lambda c, d: f"{c.urn} is category {c.category.value}" + (
        f", pathway {next(r[1]['pathway'] for r in d.records if r[0] is PathwayAssigned)}"
        if any(r[0] is PathwayAssigned for r in d.records) else "") + "."))


# -- the categorisation letter --------------------------------------------------------------


@command
class Communicate(Command):
    recipients: tuple[LetterRecipient, ...] = opt(
        "--to", "Headteacher, chair of governors, chair of the trust board (academies); "
        "repeat for each (RA-03).", placeholder=None)


def _communicate_ra03(f: Facts) -> Fail | None:
    sent = {r.value for r in f.cmd.recipients}
    missing = [r for r in ("HT", "CHAIR") if r not in sent]
    return fails(bool(missing), "Categorisation letter refused: it must go to the headteacher "
                 f"and the chair of governors (missing: {', '.join(missing)})",
                 Remedy("Send it to both and record it with --to HT --to CHAIR."))


def _communicate(f: Facts, j: Judgement) -> Records:
    if f.state.category is None:
        raise NotNow(f"School {f.state.urn} has no category yet on {f.on.isoformat()}; record "
                     "a risk assessment first.", Remedy(step=AssessRisk, lead="Record it"))
    sent = sorted({r.value for r in f.cmd.recipients})
    if f.state.is_academy and "TRUST_CHAIR" not in sent:
        j.warn("RA-03", "for an academy a copy goes to the chair of the trust board where "
               "appropriate (--to TRUST_CHAIR)", "WARN")
    return [(CategorisationCommunicated, {"recipients": sent, "channel": "WRITTEN"})]


def _letter_due(state: CaseState, policy: object) -> list[Item]:
    pending = [d for d in (state.uncommunicated_since, state.uncommunicated_change) if d]
    if not pending:
        return []
    rule = "RA-03" if state.uncommunicated_since else "RA-04"
    days = getattr(policy, "categorisation_letter_working_days", 10)
    recipients = ("HT", "CHAIR", "TRUST_CHAIR") if state.is_academy else ("HT", "CHAIR")
    return [Item(rule, "T-RA-COMMS", "Categorisation sent in writing to the headteacher and "
                 "chair", add_working_days(min(pending), days), step=Communicate,
                 options={"recipients": recipients})]


COMMUNICATE = declare(Step(
    Communicate, ("communicate",), "Record the written categorisation sent to the headteacher "
    "and chair (RA-03, RA-04).", "190104 --to HT --to CHAIR --on 2025-09-26 --doc LETTER-1",
    "RA-03", _communicate, (CategorisationCommunicated,),
    guards=(Guard("RA-03", _communicate_ra03), always("RA-04")),
    expects=(Expectation("RA-03", "T-RA-COMMS", _letter_due),),
    hints=lambda s, t, p: [{"recipients": ("HT", "CHAIR", "TRUST_CHAIR") if s.is_academy
                            else ("HT", "CHAIR")}]
    if s.uncommunicated_since or s.uncommunicated_change else [], offered=True,
    done=lambda c, d: f"written categorisation of {c.urn} sent to "
                      f"{', '.join(d.records[0][1]['recipients'])}."))


# -- the named officer ------------------------------------------------------------------------


@command
class AssignOfficer(Command):
    officer: str = opt("--officer", "The named adviser who owns the case.",
                       placeholder="<LOGIN>", example="a.mensah")


def _assign(f: Facts, j: Judgement) -> Records:
    officer = f.cmd.officer.strip()
    if not officer:
        raise InvalidInput("Name the officer with --officer.")
    if officer == f.state.officer:
        raise InvalidInput(f"{officer} is already the named officer for {f.state.urn}.")
    return [(OfficerAssigned, {"officer": officer})]


ASSIGN = declare(Step(
    AssignOfficer, ("school", "assign"), "Name the officer (adviser) who owns a school's case.",
    "190106 --officer s.byrne", "", _assign, (OfficerAssigned,),
    done=lambda c, d: f"{c.officer.strip()} owns the case of {c.urn}."))


__all__ = ["ASSESS", "ASSIGN", "COMMUNICATE", "PATHWAY", "REGISTER", "TABLE_TWO",
           "TABLE_TWO_MOVES", "AssessRisk", "AssignOfficer", "Communicate", "RegisterSchool",
           "check_details", "pathway_records"]
