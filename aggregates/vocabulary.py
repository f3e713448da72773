"""Controlled vocabularies, one enum each, shared by commands, events, projections and the CLI.

A member's *name* is the code people type and see (always upper case; any case and ``-`` for
``_`` are accepted); its *value* is what events store. Stored values are plain strings and
never change spelling, so histories stay readable without this module (libraries.md §1.9).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Self


class Code(Enum):
    """A vocabulary whose members are shown by name and stored by value."""

    @classmethod
    def parse(cls, text: object) -> Self:
        """The member named or valued ``text``, in any case, ``-`` and ``_`` alike."""
        if isinstance(text, cls):
            return text
        key = str(text).strip().casefold().replace("-", "_")
        for member in cls:
            if key in (member.name.casefold(), str(member.value).casefold().replace("-", "_")):
                return member
        from .errors import InvalidInput

        raise InvalidInput(f"{str(text)!r} is not one of {', '.join(cls.codes())}.")

    @classmethod
    def codes(cls) -> list[str]:
        return [m.name for m in cls]

    @property
    def code(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name


class Phase(Code):
    NURSERY = "nursery"
    PRIMARY = "primary"
    MIDDLE_DEEMED_PRIMARY = "middle-deemed-primary"
    SECONDARY = "secondary"
    MIDDLE_DEEMED_SECONDARY = "middle-deemed-secondary"
    SIXTEEN_PLUS = "16-plus"
    ALL_THROUGH = "all-through"
    NOT_APPLICABLE = "not-applicable"


class ReligiousCharacter(Code):
    """Rulebook §2 note: CofE and RC schools consult and copy the diocese."""

    NONE = "none"
    COFE = "cofe"
    RC = "rc"
    OTHER = "other"


class SchoolStatus(Code):
    """GIAS's statuses of a school that is on the register (a closure is its own step)."""

    OPEN = "open"
    OPEN_PROPOSED_TO_CLOSE = "open-proposed-to-close"


class LinkKind(Code):
    """GIAS links between URNs, as a school's record keeps them: ``X`` is the ``kind`` of the
    school, e.g. its successor (the 17 GIAS link types; sela_workflow.imports.links)."""

    SUCCESSOR = "successor"
    PREDECESSOR = "predecessor"
    SUCCESSOR_MERGED = "successor-merged"
    PREDECESSOR_MERGED = "predecessor-merged"
    SUCCESSOR_AMALGAMATED = "successor-amalgamated"
    PREDECESSOR_AMALGAMATED = "predecessor-amalgamated"
    RESULT_OF_AMALGAMATION = "result-of-amalgamation"
    SUCCESSOR_SPLIT_SCHOOL = "successor-split-school"
    PREDECESSOR_SPLIT_SCHOOL = "predecessor-split-school"
    SIXTH_FORM_CENTRE_LINK = "sixth-form-centre-link"
    SIXTH_FORM_CENTRE_SCHOOL = "sixth-form-centre-school"
    MERGED_EXPANSION_AND_AGE_RANGE = "merged-expansion-and-age-range"
    MERGED_AGE_RANGE = "merged-age-range"
    MERGED_EXPANSION = "merged-expansion"
    EXPANSION = "expansion"
    CLOSURE = "closure"
    OTHER = "other"


class Category(Code):
    """Southwark risk-assessment categories (SEED-002 §5 Table One)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class CriticalCriterion(Code):
    """Critical criteria that influence the best-fit judgement (SEED-002 App 1 footnote)."""

    SAFEGUARDING = "safeguarding"
    LEADERSHIP = "leadership"
    GOVERNANCE = "governance"
    QUALITY_OF_EDUCATION = "quality-of-education"


class Pathway(Code):
    """Pathways of Table Two (SEED-002 §7) as rulebook §12.2 names them."""

    PARTNERSHIP = "PARTNERSHIP"
    SUPPORT_MONITORING = "SUPPORT_MONITORING"
    TRIP = "TRIP"
    INTERVENTION = "INTERVENTION"
    ACADEMY_PARTNERSHIP = "ACADEMY_PARTNERSHIP"
    ACADEMY_RD_ROUTE = "ACADEMY_RD_ROUTE"


class Role(Code):
    """Engine role codes (rulebook §1)."""

    LA_ADVISER = "LA_ADVISER"
    LA_ASSISTANT_DIRECTOR = "LA_ASSISTANT_DIRECTOR"
    DIRECTOR_OF_EDUCATION = "DIRECTOR_OF_EDUCATION"
    DIRECTOR_CHILDREN_FAMILIES = "DIRECTOR_CHILDREN_FAMILIES"
    LA = "LA"
    SOS = "SOS"
    OFSTED = "OFSTED"
    AUDITOR = "AUDITOR"
    ADMIN = "ADMIN"
    SYSTEM = "SYSTEM"


class Access(Code):
    """What a PostgreSQL login may do in a store (`sela db grant`; docs/security.md)."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.LA_ADVISER: "School Improvement Adviser", Role.LA_ASSISTANT_DIRECTOR: "Assistant Director",
    Role.DIRECTOR_OF_EDUCATION: "Director of Education",
    Role.DIRECTOR_CHILDREN_FAMILIES: "Director of Children and Families",
    Role.LA: "Local authority (corporate)", Role.SOS: "Secretary of State / Regional Director",
    Role.OFSTED: "His Majesty's Chief Inspector", Role.AUDITOR: "Auditor",
    Role.ADMIN: "SELA administrator (people, roles, policy)",
    Role.SYSTEM: "SELA Workflow (import, demo)",
}
#: Roles a person holds in the authority's register (rulebook §1; ID-01). The others name
#: bodies whose decisions officers record (SOS, OFSTED, the LA itself) or SELA (SYSTEM).
PERSON_ROLES = (Role.LA_ADVISER, Role.LA_ASSISTANT_DIRECTOR, Role.DIRECTOR_OF_EDUCATION,
                Role.DIRECTOR_CHILDREN_FAMILIES, Role.AUDITOR, Role.ADMIN)
#: Roles that record nothing about a school (ID-03): auditors read; administrators keep the
#: register and the policy.
READ_ONLY_ROLES = (Role.AUDITOR,)
CASEWORK_ROLES = (Role.LA_ADVISER, Role.LA_ASSISTANT_DIRECTOR, Role.DIRECTOR_OF_EDUCATION,
                  Role.DIRECTOR_CHILDREN_FAMILIES)

# -- pathway activities (SEED-002 Table Two, Appendix 2) --------------------------------------


class DCPForm(Code):
    """Forms a dedicated contact point can take (Table Two note B)."""

    MEETING = "MEETING"
    REVIEW = "REVIEW"
    VISIT = "VISIT"


class DCPPurpose(Code):
    SUPPORT = "SUPPORT"
    REVIEW = "REVIEW"


class Director(Code):
    DIRECTOR_OF_EDUCATION = "DIRECTOR_OF_EDUCATION"
    DIRECTOR_CHILDREN_FAMILIES = "DIRECTOR_CHILDREN_FAMILIES"


class MeetingKind(Code):
    ADVISOR_TERMLY = "ADVISOR_TERMLY"
    PROGRESS_REVIEW_WITH_GOVERNORS_AD = "PROGRESS_REVIEW_WITH_GOVERNORS_AD"


class LetterRecipient(Code):
    """Recipients of the written categorisation (SEED-002 §5.1, RA-03)."""

    HT = "HT"
    CHAIR = "CHAIR"
    TRUST_CHAIR = "TRUST_CHAIR"


class RDConcern(Code):
    STANDARDS = "standards"
    LEADERSHIP = "leadership"
    GOVERNANCE = "governance"


# -- warning notices (EIA 2006 ss60, 60A) ------------------------------------------------------


class NoticeType(Code):
    S60 = "S60"
    S60A = "S60A"


class Ground(Code):
    """s60(2)(a)-(c) and s60A(2)(a)-(b)."""

    LOW_STANDARDS = "LOW_STANDARDS"
    MGMT_GOVERNANCE_BREAKDOWN = "MGMT_GOVERNANCE_BREAKDOWN"
    SAFETY = "SAFETY"
    GB_FAILED_STPCD = "GB_FAILED_STPCD"
    GB_FAILED_SECURE_HT_STPCD = "GB_FAILED_SECURE_HT_STPCD"


S60_GROUNDS = (Ground.LOW_STANDARDS, Ground.MGMT_GOVERNANCE_BREAKDOWN, Ground.SAFETY)
S60A_GROUNDS = (Ground.GB_FAILED_STPCD, Ground.GB_FAILED_SECURE_HT_STPCD)


class Comparator(Code):
    """s60(3)(a)-(c): what low standards are judged against."""

    EXPECTED = "expected"
    PREVIOUS = "previous"
    COMPARABLE = "comparable"


class CopyRecipient(Code):
    HMCI = "HMCI"
    SOS_RD = "SOS_RD"
    DIOCESE = "DIOCESE"
    FOUNDATION_APPOINTER = "FOUNDATION_APPOINTER"
    HEADTEACHER = "HEADTEACHER"


class Power(Code):
    """Powers a notice of intention may name (s60(1)(d): ss63-69)."""

    S63 = "S63"
    S64 = "S64"
    S65 = "S65"
    S66 = "S66"
    S67 = "S67"
    S68 = "S68"
    S69 = "S69"


LA_POWERS = (Power.S63, Power.S64, Power.S65, Power.S66)
S60A_POWERS = (Power.S64, Power.S65, Power.S66)  # s60A(1)(e); s63 excluded by s63(1)


class Outcome(Code):
    COMPLIED = "COMPLIED"
    NOT_COMPLIED = "NOT_COMPLIED"


class RouteKind(Code):
    """Eligibility for intervention, EIA 2006 s59(2)."""

    S60 = "S60"
    S60A = "S60A"
    S60B = "S60B"
    S61 = "S61"
    S62 = "S62"


class RepresentationBody(Code):
    HMCI = "HMCI"
    LA = "LA"


# -- interventions ------------------------------------------------------------------------------


class Consultee(Code):
    GB = "GB"
    DIOCESE = "DIOCESE"
    FOUNDATION_APPOINTER = "FOUNDATION_APPOINTER"
    LA = "LA"


class Requirement(Code):
    """What an s63 notice requires the governing body to enter into (s63(2))."""

    ADVISORY_CONTRACT = "ADVISORY_CONTRACT"
    COLLABORATION = "COLLABORATION"
    FE_COLLABORATION = "FE_COLLABORATION"
    FEDERATION = "FEDERATION"


class BudgetBasis(Code):
    EIA_S66 = "EIA_S66"
    SSFA_SCH15_P1 = "SSFA_SCH15_P1"


class BudgetCopy(Code):
    HT = "HT"
    SOS = "SOS"


class ReviewType(Code):
    ANNUAL = "ANNUAL"
    AD_HOC = "AD_HOC"


class SoSPower(Code):
    S67 = "S67"
    S68 = "S68"
    S69 = "S69"
    DIRECTION = "DIRECTION"
    ARRANGEMENTS = "ARRANGEMENTS"


class IEBCopy(Code):
    IEMS = "IEMS"
    GOVERNORS = "GOVERNORS"
    SOS = "SOS"
    DIOCESE = "DIOCESE"
    FOUNDATION_APPOINTER = "FOUNDATION_APPOINTER"


# -- Ofsted and academy orders ---------------------------------------------------------------


class OfstedCategory(Code):
    NONE = "NONE"
    RSI = "RSI"  # requires significant improvement (s61); "serious weaknesses" until 2025
    SM = "SM"  # special measures (s62)


class ConcernCategory(Code):
    RSI = "RSI"
    SM = "SM"


class Safeguarding(Code):
    EFFECTIVE = "EFFECTIVE"
    INEFFECTIVE = "INEFFECTIVE"
    INCOMPLETE = "INCOMPLETE"
    MET = "MET"
    NOT_MET = "NOT_MET"
    #: Ofsted published no safeguarding judgement (a blank or NULL in its MI).
    NOT_JUDGED = "NOT_JUDGED"


class SoARecipient(Code):
    """EA 2005 s15: HMCI; for VA schools the foundation appointer and appointing authority."""

    HMCI = "HMCI"
    FOUNDATION_APPOINTER = "FOUNDATION_APPOINTER"
    APPOINTING_AUTHORITY = "APPOINTING_AUTHORITY"
    SOS = "SOS"


class OrderBasis(Code):
    S4_A1 = "S4_A1"
    S4_1_B = "S4_1_B"


# -- academic years ----------------------------------------------------------------------------


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
    if len(parts) != 2 or not (parts[0].isascii() and parts[0].isdigit()
                               and parts[1].isascii() and parts[1].isdigit()):
        return False
    if len(parts[0]) != 4 or len(parts[1]) != 2:
        return False
    return (int(parts[0]) + 1) % 100 == int(parts[1])
