"""Controlled vocabularies shared by commands, events, projections and the CLI.

Values stored in events are plain strings (slugs), never Enum members, so stored histories
stay readable without this module (libraries.md §1.9: str-enums come back as str anyway).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class EstablishmentType:
    slug: str
    gias_name: str
    #: A "maintained school" for EIA 2006 Part 4 (s59(1)): LA statutory powers can apply.
    maintained: bool
    #: Accountable to the Secretary of State (academy route of Table Two, AC-01).
    academy: bool


ESTABLISHMENT_TYPES: dict[str, EstablishmentType] = {
    t.slug: t
    for t in (
        EstablishmentType("community", "Community school", True, False),
        EstablishmentType("foundation", "Foundation school", True, False),
        EstablishmentType("voluntary-aided", "Voluntary aided school", True, False),
        EstablishmentType("voluntary-controlled", "Voluntary controlled school", True, False),
        EstablishmentType("community-special", "Community special school", True, False),
        EstablishmentType("foundation-special", "Foundation special school", True, False),
        EstablishmentType("la-nursery", "Local authority nursery school", True, False),
        EstablishmentType("pru", "Pupil referral unit", False, False),
        EstablishmentType("academy-converter", "Academy converter", False, True),
        EstablishmentType("academy-sponsor-led", "Academy sponsor led", False, True),
        EstablishmentType("free-school", "Free schools", False, True),
    )
}

PHASES: dict[str, str] = {
    "nursery": "Nursery",
    "primary": "Primary",
    "middle-deemed-primary": "Middle deemed primary",
    "secondary": "Secondary",
    "middle-deemed-secondary": "Middle deemed secondary",
    "16-plus": "16 plus",
    "all-through": "All-through",
    "not-applicable": "Not applicable",
}

#: rulebook §2 note: none / CofE / RC / other drive consultation and copy recipients.
RELIGIOUS_CHARACTERS: dict[str, str] = {
    "none": "Does not apply",
    "cofe": "Church of England",
    "rc": "Roman Catholic",
    "other": "Other faith",
}

#: Southwark risk-assessment categories (SEED-002 §5 Table One).
CATEGORIES: dict[str, str] = {
    "A": "At least good; no current significant concerns",
    "B": "Additional support and monitoring required",
    "C": "Was or is likely to be judged as requiring improvement",
    "D": "Judged inadequate / at risk of being in a category",
}

#: Critical criteria that influence the best-fit judgement (SEED-002 App 1 footnote).
CRITICAL_CRITERIA: tuple[str, ...] = (
    "safeguarding",
    "leadership",
    "governance",
    "quality-of-education",
)

#: Pathways of Table Two (SEED-002 §7) as rulebook §12.2 names them.
PATHWAYS: dict[str, str] = {
    "PARTNERSHIP": "Partnership Pathway",
    "SUPPORT_MONITORING": "Support and Monitoring Pathway",
    "TRIP": "Targeted Rapid Improvement Pathway",
    "INTERVENTION": "Intervention Pathway",
    "ACADEMY_PARTNERSHIP": "Partnership working (academy)",
    "ACADEMY_RD_ROUTE": "Concerns raised with the Regional Director (academy)",
}

#: Engine role codes (rulebook §1).
ROLES: dict[str, str] = {
    "LA_ADVISER": "School Improvement Adviser",
    "LA_ASSISTANT_DIRECTOR": "Assistant Director",
    "DIRECTOR_OF_EDUCATION": "Director of Education",
    "DIRECTOR_CHILDREN_FAMILIES": "Director of Children and Families",
    "LA": "Local authority (corporate)",
    "SOS": "Secretary of State / Regional Director",
    "OFSTED": "His Majesty's Chief Inspector",
    "AUDITOR": "Auditor",
    "SYSTEM": "SELA Workflow (import, demo)",
}


def academic_year_of(day: dt.date) -> str:
    """The academic year (1 September to 31 August, design.md §7) holding ``day``, as '2025/26'."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def academic_year_bounds(label: str) -> tuple[dt.date, dt.date]:
    """First and last day of an academic year label such as '2025/26'."""
    start = int(label.split("/")[0])
    return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


def is_academic_year(label: str) -> bool:
    parts = label.split("/")
    if len(parts) != 2 or not (parts[0].isdigit() and parts[1].isdigit()):
        return False
    if len(parts[0]) != 4 or len(parts[1]) != 2:
        return False
    return (int(parts[0]) + 1) % 100 == int(parts[1])


# -- pathway activities (SEED-002 Table Two, Appendix 2) --------------------------------------

#: Forms a dedicated contact point can take (Table Two note B).
DCP_FORMS = ("MEETING", "REVIEW", "VISIT")
DCP_PURPOSES = ("SUPPORT", "REVIEW")
DIRECTOR_ROLES = ("DIRECTOR_OF_EDUCATION", "DIRECTOR_CHILDREN_FAMILIES")
MEETING_KINDS = ("ADVISOR_TERMLY", "PROGRESS_REVIEW_WITH_GOVERNORS_AD")
#: Recipients of the written categorisation (SEED-002 §5.1, RA-03).
CATEGORISATION_RECIPIENTS = ("HT", "CHAIR", "TRUST_CHAIR")
RD_CONCERNS = ("standards", "leadership", "governance")

# -- warning notices (EIA 2006 ss60, 60A) ------------------------------------------------------

NOTICE_TYPES = ("S60", "S60A")
S60_GROUNDS = ("LOW_STANDARDS", "MGMT_GOVERNANCE_BREAKDOWN", "SAFETY")  # s60(2)(a)-(c)
S60_COMPARATORS = ("expected", "previous", "comparable")  # s60(3)(a)-(c)
S60A_GROUNDS = ("GB_FAILED_STPCD", "GB_FAILED_SECURE_HT_STPCD")  # s60A(2)
COPY_RECIPIENTS = ("HMCI", "SOS_RD", "DIOCESE", "FOUNDATION_APPOINTER", "HEADTEACHER")
#: Powers an intention-to-use notice may name (s60(1)(d): ss63-69).
POWERS = ("S63", "S64", "S65", "S66", "S67", "S68", "S69")
LA_POWERS = ("S63", "S64", "S65", "S66")
S60A_POWERS = ("S64", "S65", "S66")  # s60A(1)(e); s63 excluded by s63(1)
COMPLIANCE_OUTCOMES = ("COMPLIED", "NOT_COMPLIED")
ROUTES = ("S60", "S60A", "S60B", "S61", "S62")

# -- interventions --------------------------------------------------------------------------

CONSULTEES = ("GB", "DIOCESE", "FOUNDATION_APPOINTER", "LA")
S63_REQUIREMENTS = ("ADVISORY_CONTRACT", "COLLABORATION", "FE_COLLABORATION", "FEDERATION")
BUDGET_BASES = ("EIA_S66", "SSFA_SCH15_P1")
SOS_POWERS = ("S67", "S68", "S69", "DIRECTION", "ARRANGEMENTS")
IEB_COPY_RECIPIENTS = ("IEMS", "GOVERNORS", "SOS", "DIOCESE", "FOUNDATION_APPOINTER")

# -- Ofsted and academy orders ---------------------------------------------------------------

OFSTED_CATEGORIES = ("NONE", "RSI", "SM")  # RSI: requires significant improvement (s61)
SAFEGUARDING = ("EFFECTIVE", "INEFFECTIVE", "INCOMPLETE", "MET", "NOT_MET")
AO_BASES = ("S4_A1", "S4_1_B")


def needs_diocese(religious_character: str) -> bool:
    """CofE and RC foundation or voluntary schools: the appropriate diocesan authority."""
    return religious_character in ("cofe", "rc")


def has_foundation(establishment_type: str) -> bool:
    """Foundation and voluntary schools have foundation governors (and so an appointer)."""
    return establishment_type in ("foundation", "foundation-special", "voluntary-aided",
                                  "voluntary-controlled")
