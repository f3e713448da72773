"""An import plan: what recording a file would do to the register, as plain frozen values.

The readers and planners never touch the store: they compare a file with a snapshot of the
register (``RegisteredSchool`` values) and say, step by step, what to record. The application
records the steps through its own commands, in the plan's order, in one transaction per
import, citing the file's ``ImportRecord``; a dry run prints the plan and records nothing.
Every step names the file and line it comes from, and the date it takes effect (``on``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from .provenance import Counts, ImportRecord

#: How the register knows an inspection is already recorded: Ofsted's inspection number, or
#: (start date, publication date) for an inspection recorded without its number.
InspectionKey = str | tuple[dt.date, dt.date]


@dataclass(frozen=True)
class RegisteredSchool:
    """What the register holds about one school, as plain values (the planners' snapshot)."""

    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str = "none"
    diocese: str = ""
    academy_trust: str = ""
    status: str = "open"  # aggregates.establishments.STATUSES slugs
    la_code: str | None = None  # None: not known, treated as one of the chosen LAs
    #: (link_urn, kind) for every link already recorded on this school's record
    links: frozenset[tuple[str, str]] = frozenset()
    converted_to: str | None = None  # the academy's URN once a conversion is recorded
    inspections: frozenset[InspectionKey] = frozenset()
    latest_inspection: dt.date | None = None  # start date of the latest recorded inspection
    ofsted_category: str | None = None  # "RSI" or "SM" while the school is in a category

    @property
    def closed(self) -> bool:
        return self.status == "closed" or self.converted_to is not None

    @property
    def details(self) -> tuple[str, ...]:
        """The DETAIL_FIELDS values, in that order (compared with an extract row's)."""
        return (self.name, self.establishment_type, self.phase, self.religious_character,
                self.diocese, self.academy_trust, self.status)

    @classmethod
    def of(cls, values: tuple[Any, ...]) -> RegisteredSchool:
        """One from all its field values in order, without the frozen dataclass's per-field
        set in ``__init__``: a snapshot builds one per registered school (tens of thousands)."""
        school = object.__new__(cls)
        school.__dict__.update(zip(_FIELDS, values, strict=True))
        return school

    def has_inspection(self, number: str | None, start: dt.date,
                       published: dt.date | None) -> bool:
        return (number is not None and number in self.inspections) or (
            published is not None and (start, published) in self.inspections)


_FIELDS = tuple(f.name for f in fields(RegisteredSchool))

#: The details an extract can change, named as RegisteredSchool (and the School aggregate) name
#: them; ``status`` changes to "closed" are planned as SchoolClosed, never as DetailsChanged.
DETAIL_FIELDS = ("name", "establishment_type", "phase", "religious_character", "diocese",
                 "academy_trust", "status")


@dataclass(frozen=True)
class NewSchool:
    """Register a school the register does not hold (open in GIAS, of a mapped type)."""

    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str
    status: str
    la_code: str
    open_date: dt.date | None
    gias_type: str  # the GIAS type name as published
    on: dt.date  # the extract date
    source: str
    line: int


@dataclass(frozen=True)
class DetailsChanged:
    """One detail of a registered school differs in the extract: record the new value."""

    urn: str
    field: str  # one of DETAIL_FIELDS
    old: str
    new: str
    on: dt.date  # the extract date
    source: str
    line: int


@dataclass(frozen=True)
class SchoolClosed:
    """GIAS shows a registered school closed (not by conversion): its case closes."""

    urn: str
    closed_on: dt.date | None  # GIAS CloseDate, when given
    reason: str  # GIAS "ReasonEstablishmentClosed (name)", when given
    on: dt.date  # the extract date
    source: str
    line: int


@dataclass(frozen=True)
class ConvertedToAcademy:
    """A registered LA school's URN was succeeded by an academy's: the conversion.

    The predecessor's case closes as a conversion; the successor (registered, or a NewSchool
    earlier in the same plan) starts on the academy route with a reference back (its Linked
    step). ``on`` is the academy's first day: the links file's Predecessor date, else the day
    after the Successor date, else the academy's open date, else the extract date.
    """

    predecessor: str
    successor: str
    successor_type: str
    academy_trust: str
    on: dt.date
    source: str
    line: int  # the first of the links file's rows for the pair
    reciprocal: bool  # both the Successor and the Predecessor rows are in the file


@dataclass(frozen=True)
class Linked:
    """Record a GIAS link on ``urn``'s record: ``link_urn`` is its ``kind`` (e.g. successor)."""

    urn: str
    link_urn: str
    link_name: str
    kind: str  # sela_workflow.imports.links.LINK_TYPES kinds
    date: dt.date | None  # LinkEstablishedDate
    on: dt.date  # the extract date
    source: str
    line: int
    inferred: bool = False  # the reciprocal of a row whose own row the file lacks


@dataclass(frozen=True)
class InspectionFound:
    """An Ofsted inspection of a registered school that the register does not yet hold.

    ``notify`` is set on the school's newest inspection when it places the school in a
    category the register does not show (none, or the other one: a re-categorisation): the
    application then notifies the category exactly as ``sela ofsted notify`` would.
    ``removes_category`` is set when the newest inspection finds no category while the
    register shows one.
    """

    urn: str
    number: str | None
    inspection_type: str
    start_date: dt.date
    publication_date: dt.date
    framework: str  # aggregates.calendar.ofsted_framework periods
    grades: tuple[tuple[str, str], ...]  # (area, grade) exactly as Ofsted published them
    safeguarding: str | None  # aggregates.vocabulary.SAFEGUARDING, None when not judged
    category: str  # NONE, RSI or SM
    category_as_published: str  # e.g. "SWK"
    which: str  # "latest full inspection" or "latest OEIF graded inspection"
    on: dt.date  # the publication date
    source: str
    line: int
    notify: bool = False
    removes_category: bool = False

    @property
    def grades_by_area(self) -> dict[str, str]:
        return dict(self.grades)


@dataclass(frozen=True)
class Skipped:
    """A row (or a registered school) the import leaves alone, and why.

    ``malformed`` rows are wrong in the file (a bad date, an unknown type): the application
    should refuse the whole file while any are listed. Other skips are deliberate (an
    independent school, a school closed before it was ever registered).
    """

    line: int | None
    urn: str
    reason: str  # short and stable, so the summary can count rows by reason
    source: str
    detail: str = ""  # what exactly, e.g. the value that is wrong
    malformed: bool = False

    def __str__(self) -> str:
        where = f"{self.source} line {self.line}" if self.line else self.source
        urn = f" URN {self.urn}" if self.urn else ""
        return f"{where}{urn}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


Step = NewSchool | DetailsChanged | SchoolClosed | ConvertedToAcademy | Linked | InspectionFound
S = TypeVar("S", NewSchool, DetailsChanged, SchoolClosed, ConvertedToAcademy, Linked,
            InspectionFound)


@dataclass(frozen=True)
class ImportPlan:
    """Steps to record, in order; what was skipped; one provenance record per file read."""

    steps: tuple[Step, ...]
    skipped: tuple[Skipped, ...]
    records: tuple[ImportRecord, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def counts(self) -> Counts:
        """The first file's counts (the extract or the Ofsted file)."""
        return self.records[0].counts

    @property
    def malformed(self) -> tuple[Skipped, ...]:
        return tuple(s for s in self.skipped if s.malformed)

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        """Skip reasons with how many rows each, most frequent first, for the summary."""
        return Counter(s.reason for s in self.skipped).most_common()

    def of(self, kind: type[S]) -> list[S]:
        """The steps of one kind, e.g. ``plan.of(NewSchool)``."""
        return [s for s in self.steps if isinstance(s, kind)]
