"""The one table from GIAS's establishment codes to SELA's vocabulary.

Every GIAS "TypeOfEstablishment (name)" is either mapped to a SELA type slug, with whether it is a
"maintained school" for EIA 2006 Part 4 (s59(1)) and whether it is accountable to the Secretary
of State (an academy, Table Two's academy route), or deliberately skipped with the reason a
local authority's schools-causing-concern register cannot hold it. The register holds what the
Southwark offer covers, "all LA maintained schools and academies" (SEED-002 §4; rulebook §2),
plus pupil referral units, which the LA maintains although Part 4 treats them apart.

Map by this table, never by string similarity: GIAS writes "Academy sponsor led" without a
hyphen and "Free schools" in the plural, and a type GIAS adds must be decided here, not
guessed. The same goes for phases, religious characters and establishment statuses below.
Slugs already stored in events never change spelling or meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from .school_types import TYPES, EstablishmentType


@dataclass(frozen=True)
class GiasType:
    """One GIAS establishment type and what SELA does with it (a mapped type's flags are its
    SELA type's, aggregates/school_types.py)."""

    code: str  # "TypeOfEstablishment (code)"; "" for types not in the 2025-04-22 file
    name: str  # "TypeOfEstablishment (name)", exactly as GIAS spells it
    group: str  # "EstablishmentTypeGroup (name)"
    slug: str | None  # SELA's establishment type; None when skipped
    maintained: bool
    academy: bool
    reason: str  # why it is mapped so, or why the register cannot hold it

    @property
    def skipped(self) -> bool:
        return self.slug is None


_LA = "Local authority maintained schools"
_SPECIAL = "Special schools"
_ACADEMIES = "Academies"
_FREE = "Free Schools"
_S59 = "a maintained school (EIA 2006 s59(1))"
_ACADEMY = "an academy (Academies Act 2010 s1), accountable to the Secretary of State"
_NOT_OFFER = "outside the offer's 'all LA maintained schools and academies' (SEED-002 §4)"


def _map(code: str, name: str, group: str, slug: str, reason: str) -> GiasType:
    info = TYPES[slug]
    return GiasType(code, name, group, slug, info.maintained, info.academy, reason)


def _skip(code: str, name: str, group: str, reason: str) -> GiasType:
    return GiasType(code, name, group, None, False, False, reason)


GIAS_TYPES: dict[str, GiasType] = {t.name: t for t in (
    # -- local authority maintained schools (EIA 2006 s59(1); rulebook §2) ----------------------
    _map("1", "Community school", _LA, "community", _S59),
    _map("2", "Voluntary aided school", _LA, "voluntary-aided",
         _S59 + "; a voluntary school with foundation governors"),
    _map("3", "Voluntary controlled school", _LA, "voluntary-controlled",
         _S59 + "; a voluntary school with foundation governors"),
    _map("5", "Foundation school", _LA, "foundation", _S59),
    _map("14", "Pupil referral unit", _LA, "pru",
         "maintained by the LA but not a maintained school for Part 4, which reaches PRUs only "
         "through the PRU regulations (rulebook §2 note a); Southwark assesses them"),
    _map("15", "Local authority nursery school", _LA, "la-nursery",
         _S59 + " (a maintained nursery school)"),
    _map("7", "Community special school", _SPECIAL, "community-special", _S59),
    _map("12", "Foundation special school", _SPECIAL, "foundation-special", _S59),
    # -- academies and free schools: the academy route of Table Two (SEED-002 §7.1, AC-01) ------
    _map("34", "Academy converter", _ACADEMIES, "academy-converter", _ACADEMY),
    _map("28", "Academy sponsor led", _ACADEMIES, "academy-sponsor-led", _ACADEMY),
    _map("44", "Academy special converter", _ACADEMIES, "academy-special-converter",
         _ACADEMY + " (special)"),
    _map("33", "Academy special sponsor led", _ACADEMIES, "academy-special-sponsor-led",
         _ACADEMY + " (special)"),
    _map("42", "Academy alternative provision converter", _ACADEMIES,
         "academy-alternative-provision-converter",
         _ACADEMY + " (alternative provision, often a former PRU)"),
    _map("43", "Academy alternative provision sponsor led", _ACADEMIES,
         "academy-alternative-provision-sponsor-led",
         _ACADEMY + " (alternative provision)"),
    _map("45", "Academy 16-19 converter", _ACADEMIES, "academy-16-19-converter",
         "a 16 to 19 academy (Academies Act 2010 s1B), accountable to the Secretary of State; "
         "the offer covers all academies, though Ofsted inspects these under the further "
         "education and skills framework"),
    _map("46", "Academy 16 to 19 sponsor led", _ACADEMIES, "academy-16-to-19-sponsor-led",
         "a 16 to 19 academy (Academies Act 2010 s1B), accountable to the Secretary of State; "
         "as for Academy 16-19 converter"),
    _map("35", "Free schools", _FREE, "free-school",
         _ACADEMY + "; free schools are academies in law"),
    _map("36", "Free schools special", _FREE, "free-school-special",
         _ACADEMY + " (special free school)"),
    _map("38", "Free schools alternative provision", _FREE,
         "free-school-alternative-provision",
         _ACADEMY + " (alternative provision free school)"),
    _map("39", "Free schools 16 to 19", _FREE, "free-school-16-to-19",
         "a 16 to 19 free school, an academy in law (Academies Act 2010 s1B); as for Academy "
         "16-19 converter"),
    _map("40", "University technical college", _FREE, "university-technical-college",
         _ACADEMY + "; UTCs are 14-19 academies under a funding agreement"),
    _map("41", "Studio schools", _FREE, "studio-school",
         _ACADEMY + "; studio schools are 14-19 academies under a funding agreement"),
    # -- what the register cannot hold ----------------------------------------------------------
    _skip("57", "Academy secure 16 to 19", _ACADEMIES,
          "a secure school: youth detention accommodation run as an academy (Academies Act "
          "2010 s1C), placed by the Youth Custody Service; like secure units, no LA's schools-"
          "causing-concern register holds it"),
    _skip("18", "Further education", "Colleges",
          "a further education or sixth form college corporation (FHE Act 1992), not a school: "
          "no EIA Part 4 powers; " + _NOT_OFFER),
    _skip("31", "Sixth form centres", "Colleges",
          "a sixth form shared by several schools, with no governing body of its own; GIAS "
          "links it to the member schools (Sixth Form Centre Link), which are registered"),
    _skip("29", "Higher education institutions", "Universities",
          "a higher education institution, not a school; " + _NOT_OFFER),
    _skip("6", "City technology college", "Independent schools",
          "an independent school funded under an Education Reform Act 1988 s105 agreement: "
          "neither a maintained school (s59(1)) nor an Academies Act academy; " + _NOT_OFFER),
    _skip("11", "Other independent school", "Independent schools",
          "an independent school, registered and regulated by the DfE (Education and Skills "
          "Act 2008 Part 4): no LA powers; " + _NOT_OFFER),
    _skip("8", "Non-maintained special school", _SPECIAL,
          "a special school run by a charity and approved by the Secretary of State (Education "
          "Act 1996 s342): neither maintained nor an academy; " + _NOT_OFFER),
    _skip("10", "Other independent special school", _SPECIAL,
          "an independent special school: no LA powers; " + _NOT_OFFER),
    _skip("30", "Welsh establishment", "Welsh schools",
          "a school in Wales, under Welsh law (School Standards and Organisation (Wales) Act "
          "2013), not EIA 2006 Part 4 as it applies in England"),
    _skip("24", "Secure units", "Other types",
          "a secure children's home or training centre: education is part of the secure "
          "placement, not a maintained school or academy"),
    _skip("25", "Offshore schools", "Other types", "a school outside England"),
    _skip("26", "Service children's education", "Other types",
          "a Ministry of Defence school for service children, not an LA's school"),
    _skip("27", "Miscellaneous", "Other types",
          "not a school type: GIAS's holding type for other establishments"),
    _skip("32", "Special post 16 institution", "Other types",
          "a specialist post-16 institution (Children and Families Act 2014 s41), in the "
          "further education sector, not a school"),
    _skip("37", "British schools overseas", "Other types",
          "a school abroad, inspected under the DfE's voluntary overseas scheme"),
    _skip("56", "Institution funded by other government department", "Other types",
          "funded and overseen by another department, not by the LA or as an academy"),
    _skip("49", "Online provider", "Online provider",
          "an online education provider under the DfE's accreditation scheme, not a school"),
    # Not in the 2025-04-22 types list (GIAS publishes children's centres in their own
    # download); listed so a file that carries them skips them with a reason.
    _skip("", "Children's centre", "Children's centres",
          "an early years children's centre, not a school"),
    _skip("", "Children's centre linked site", "Children's centres",
          "a site of an early years children's centre, not a school"),
)}


def gias_type(name: str) -> GiasType | None:
    """The table's entry for a GIAS type name, or None when GIAS has a type we never decided."""
    return GIAS_TYPES.get(name)


#: SELA's establishment types, one per slug, as the register stores them (the eleven slugs
#: of release 0.1 keep their names, GIAS names and flags; tests/test_establishments.py).
SELA_TYPES: dict[str, EstablishmentType] = {
    t.slug: EstablishmentType(t.slug) for t in GIAS_TYPES.values() if t.slug is not None
}

#: GIAS "PhaseOfEducation (name)" to SELA's phase slugs (aggregates/vocabulary.py Phase).
PHASES: dict[str, str] = {
    "Not applicable": "not-applicable",
    "Nursery": "nursery",
    "Primary": "primary",
    "Middle deemed primary": "middle-deemed-primary",
    "Secondary": "secondary",
    "Middle deemed secondary": "middle-deemed-secondary",
    "16 plus": "16-plus",
    "All-through": "all-through",
}

_COFE = ("Church of England", "Anglican", "Anglican/Church of England",
         "Anglican/Christian", "Anglican/Evangelical", "Church of England/Christian",
         "Church of England/Evangelical", "Church of England/Free Church",
         "Church of England/Methodist", "Church of England/United Reformed Church",
         "Church of England/Methodist/United Reform Church/Baptist",
         "Methodist/Church of England", "Church of England/Roman Catholic")
_RC = ("Roman Catholic", "Catholic", "Roman Catholic/Church of England",
       "Roman Catholic/Anglican")
_OTHER = ("Christian", "Christian Science", "Christian/Evangelical", "Christian/Methodist",
          "Christian/non-denominational", "Congregational Church", "Free Church",
          "Greek Orthodox", "Methodist", "Moravian", "Plymouth Brethren Christian Church",
          "Protestant", "Protestant/Evangelical", "Quaker", "Reformed Baptist",
          "Seventh Day Adventist", "United Reformed Church", "Inter- / non- denominational",
          "Multi-faith", "Jewish", "Orthodox Jewish", "Charadi Jewish", "Islam", "Muslim",
          "Sunni Deobandi", "Sikh", "Hindu", "Buddhist")

#: GIAS "ReligiousCharacter (name)" to none / cofe / rc / other (rulebook §2 note): CofE and
#: RC schools have an appropriate diocesan authority to consult and copy. A joint school is
#: filed under the church GIAS names first (its Diocese (name) is that church's diocese);
#: Methodist/CofE schools are CofE, as the Methodist Church has no diocesan authority.
RELIGIOUS_CHARACTERS: dict[str, str] = {
    "Does not apply": "none",
    "None": "none",
    **dict.fromkeys(_COFE, "cofe"),
    **dict.fromkeys(_RC, "rc"),
    **dict.fromkeys(_OTHER, "other"),
}

#: GIAS "EstablishmentStatus (name)" to SELA's status slugs. GIAS writes "Open, but proposed
#: to close"; the form without the comma is accepted too.
STATUSES: dict[str, str] = {
    "Open": "open",
    "Open, but proposed to close": "open-proposed-to-close",
    "Open but proposed to close": "open-proposed-to-close",
    "Closed": "closed",
    "Proposed to open": "proposed-to-open",
}

#: Statuses of a school that exists and can be registered and assessed.
OPEN_STATUSES = frozenset({"open", "open-proposed-to-close"})
