"""Establishment types as SELA records them, and what EIA 2006 Part 4 makes of each.

The stored slugs follow GIAS type names. `maintained` is a "maintained school" for Part 4
(s59(1)): LA statutory powers can apply. `academy` is accountable to the Secretary of State
(the academy route of Table Two, AC-01). A PRU is neither (rulebook §2 note a).
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

    @property
    def info(self) -> TypeInfo:
        return TYPES[self.value]

    @property
    def maintained(self) -> bool:
        return self.info.maintained

    @property
    def academy(self) -> bool:
        return self.info.academy


@dataclass(frozen=True)
class TypeInfo:
    slug: str
    gias_name: str
    maintained: bool
    academy: bool
    #: Foundation and voluntary schools have foundation governors (and so an appointer).
    has_foundation: bool = False


TYPES: dict[str, TypeInfo] = {t.slug: t for t in (
    TypeInfo("community", "Community school", True, False),
    TypeInfo("foundation", "Foundation school", True, False, True),
    TypeInfo("voluntary-aided", "Voluntary aided school", True, False, True),
    TypeInfo("voluntary-controlled", "Voluntary controlled school", True, False, True),
    TypeInfo("community-special", "Community special school", True, False),
    TypeInfo("foundation-special", "Foundation special school", True, False, True),
    TypeInfo("la-nursery", "Local authority nursery school", True, False),
    TypeInfo("pru", "Pupil referral unit", False, False),
    TypeInfo("academy-converter", "Academy converter", False, True),
    TypeInfo("academy-sponsor-led", "Academy sponsor led", False, True),
    TypeInfo("free-school", "Free schools", False, True),
)}

ACADEMY_TYPES = tuple(t for t in EstablishmentType if t.academy)


def type_info(slug: str) -> TypeInfo:
    return TYPES[slug]


def needs_diocese(religious_character: str) -> bool:
    """CofE and RC foundation or voluntary schools: the appropriate diocesan authority."""
    return religious_character in ("cofe", "rc")
