"""Establishment types as SELA records them, and what EIA 2006 Part 4 makes of each.

The stored slugs follow GIAS type names (aggregates/establishments.py maps every published
GIAS name to one of these, or skips it with a reason). `maintained` is a "maintained school"
for Part 4 (s59(1)): LA statutory powers can apply. `academy` is accountable to the Secretary
of State (the academy route of Table Two, AC-01). A PRU is neither (rulebook §2 note a).
Slugs already stored never change spelling or meaning; new GIAS types add members.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import Code


class EstablishmentType(Code):
    COMMUNITY = "community"
    FOUNDATION = "foundation"
    VOLUNTARY_AIDED = "voluntary-aided"
    VOLUNTARY_CONTROLLED = "voluntary-controlled"
    COMMUNITY_SPECIAL = "community-special"
    FOUNDATION_SPECIAL = "foundation-special"
    LA_NURSERY = "la-nursery"
    PRU = "pru"
    ACADEMY_CONVERTER = "academy-converter"
    ACADEMY_SPONSOR_LED = "academy-sponsor-led"
    FREE_SCHOOL = "free-school"
    # GIAS's other academy and free school types (registered by the GIAS import)
    ACADEMY_SPECIAL_CONVERTER = "academy-special-converter"
    ACADEMY_SPECIAL_SPONSOR_LED = "academy-special-sponsor-led"
    ACADEMY_ALTERNATIVE_PROVISION_CONVERTER = "academy-alternative-provision-converter"
    ACADEMY_ALTERNATIVE_PROVISION_SPONSOR_LED = "academy-alternative-provision-sponsor-led"
    ACADEMY_16_19_CONVERTER = "academy-16-19-converter"
    ACADEMY_16_TO_19_SPONSOR_LED = "academy-16-to-19-sponsor-led"
    FREE_SCHOOL_SPECIAL = "free-school-special"
    FREE_SCHOOL_ALTERNATIVE_PROVISION = "free-school-alternative-provision"
    FREE_SCHOOL_16_TO_19 = "free-school-16-to-19"
    UNIVERSITY_TECHNICAL_COLLEGE = "university-technical-college"
    STUDIO_SCHOOL = "studio-school"

    @property
    def info(self) -> TypeInfo:
        return TYPES[self.value]

    @property
    def maintained(self) -> bool:
        return self.info.maintained

    @property
    def academy(self) -> bool:
        return self.info.academy

    @property
    def gias_name(self) -> str:
        return self.info.gias_name


@dataclass(frozen=True)
class TypeInfo:
    slug: str
    gias_name: str
    maintained: bool
    academy: bool
    #: Foundation and voluntary schools have foundation governors (and so an appointer).
    has_foundation: bool = False


def _academy(slug: str, gias_name: str) -> TypeInfo:
    return TypeInfo(slug, gias_name, False, True)


TYPES: dict[str, TypeInfo] = {t.slug: t for t in (
    TypeInfo("community", "Community school", True, False),
    TypeInfo("foundation", "Foundation school", True, False, True),
    TypeInfo("voluntary-aided", "Voluntary aided school", True, False, True),
    TypeInfo("voluntary-controlled", "Voluntary controlled school", True, False, True),
    TypeInfo("community-special", "Community special school", True, False),
    TypeInfo("foundation-special", "Foundation special school", True, False, True),
    TypeInfo("la-nursery", "Local authority nursery school", True, False),
    TypeInfo("pru", "Pupil referral unit", False, False),
    _academy("academy-converter", "Academy converter"),
    _academy("academy-sponsor-led", "Academy sponsor led"),
    _academy("free-school", "Free schools"),
    _academy("academy-special-converter", "Academy special converter"),
    _academy("academy-special-sponsor-led", "Academy special sponsor led"),
    _academy("academy-alternative-provision-converter",
             "Academy alternative provision converter"),
    _academy("academy-alternative-provision-sponsor-led",
             "Academy alternative provision sponsor led"),
    _academy("academy-16-19-converter", "Academy 16-19 converter"),
    _academy("academy-16-to-19-sponsor-led", "Academy 16 to 19 sponsor led"),
    _academy("free-school-special", "Free schools special"),
    _academy("free-school-alternative-provision", "Free schools alternative provision"),
    _academy("free-school-16-to-19", "Free schools 16 to 19"),
    _academy("university-technical-college", "University technical college"),
    _academy("studio-school", "Studio schools"),
)}

ACADEMY_TYPES = tuple(t for t in EstablishmentType if t.academy)


def type_info(slug: str) -> TypeInfo:
    return TYPES[slug]


def needs_diocese(religious_character: str) -> bool:
    """CofE and RC foundation or voluntary schools: the appropriate diocesan authority."""
    return religious_character in ("cofe", "rc")
