"""An import plan as the commands an officer would record: the same declared steps, judged by
the same rules, each with an envelope citing the file and line it comes from.

A plan step becomes a command (or a few): a new school is registered (its record begins when
GIAS says it opened), a school's changed details are one change, a closure is `school close`,
a conversion under a new URN is `academy new-urn` (which also records the successor link on
the old record), a link is `school link`, an inspection is `ofsted record` followed, where
the plan says so, by `ofsted notify` or `ofsted removed`. What cannot be recorded as
published (an inspection before the school's record begins) is skipped with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .aggregates import commencement as law
from .aggregates.envelope import Envelope
from .aggregates.school_types import EstablishmentType, type_info
from .aggregates.steps.academy import ConvertToAcademy, ConvertToNewUrn
from .aggregates.steps.details import ChangeSchoolDetails, CloseSchool, LinkSchool
from .aggregates.steps.ofsted import NotifyOfstedCategory, RecordInspection, RemoveOfstedCategory
from .aggregates.steps.school import RegisterSchool
from .aggregates.vocabulary import Code, Phase, ReligiousCharacter
from .imports.plan import (
    ConvertedToAcademy,
    DetailsChanged,
    ImportPlan,
    InspectionFound,
    Linked,
    NewSchool,
    RegisteredSchool,
    SchoolClosed,
    Skipped,
)

#: The earliest day an imported school's record can begin: EA 2005's inspections and
#: categories (s44) began on 1 September 2005, the earliest fact an Ofsted file can carry
#: that SELA's rules reach (rulebook §13; aggregates/commencement.py).
RECORD_FLOOR = law.EA_2005
IMPORT_ROLE = "SYSTEM"


@dataclass(frozen=True)
class Work:
    """One command to judge: built when judged, so a value the domain refuses is reported
    with the file line like any other refusal."""

    command: type
    values: Mapping[str, Any]
    on: dt.date
    urn: str
    source: str
    line: int | None
    what: str

    def build(self) -> Any:
        return self.command(urn=self.urn, **self.values)


@dataclass
class Commands:
    works: list[Work] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def record_begins(step: NewSchool) -> dt.date:
    """When a newly imported school's record begins: the day GIAS says it opened, floored at
    1 September 2005 (GIAS gives no date for many older schools), never after the extract."""
    opened = step.open_date or RECORD_FLOOR
    return min(max(opened, RECORD_FLOOR), step.on)


def gias_commands(plan: ImportPlan, register: Mapping[str, RegisteredSchool]) -> Commands:
    out = Commands()
    converted = {(c.predecessor, c.successor) for c in plan.of(ConvertedToAcademy)}
    changes: dict[str, list[DetailsChanged]] = {}
    for step in plan.of(DetailsChanged):
        changes.setdefault(step.urn, []).append(step)
    for step in plan.steps:
        if isinstance(step, NewSchool):
            _register(out, step)
        elif isinstance(step, DetailsChanged) and step.urn in changes:
            _change(out, changes.pop(step.urn), register[step.urn])
        elif isinstance(step, SchoolClosed):
            out.works.append(Work(CloseSchool, {"closure_reason": step.reason,
                                                "closed_on": step.closed_on},
                                  step.on, step.urn, step.source, step.line, "closure"))
        elif isinstance(step, ConvertedToAcademy):
            out.works.append(Work(ConvertToNewUrn, {
                "successor_urn": step.successor, "new_type": step.successor_type,
                "academy_trust": step.academy_trust}, step.on, step.predecessor, step.source,
                step.line, f"conversion to {step.successor}"))
        elif isinstance(step, Linked):
            if step.kind == "successor" and (step.urn, step.link_urn) in converted:
                continue  # the conversion records the successor link on the old record
            out.works.append(Work(LinkSchool, {
                "link_urn": step.link_urn, "kind": step.kind, "link_name": step.link_name,
                "established_on": step.date}, step.on, step.urn, step.source, step.line,
                f"link: {step.kind} {step.link_urn}"))
    return out


def _register(out: Commands, step: NewSchool) -> None:
    out.works.append(Work(RegisterSchool, {  # codes as members: built by value, not parsed
        "name": step.name, "establishment_type": _code(EstablishmentType, step.establishment_type),
        "phase": _code(Phase, step.phase),
        "religious_character": _code(ReligiousCharacter, step.religious_character),
        "diocese": step.diocese, "academy_trust": step.academy_trust, "la_code": step.la_code},
        record_begins(step), step.urn, step.source, step.line, "registration"))
    if step.status != "open":  # e.g. open but proposed to close, as at the extract's date
        out.works.append(Work(ChangeSchoolDetails, {"status": step.status}, step.on, step.urn,
                              step.source, step.line, f"status {step.status}"))


def _code(vocabulary: type[Code], value: str) -> Any:
    """The member stored as ``value`` (the command parses anything else, and says what)."""
    try:
        return vocabulary(value)
    except ValueError:
        return value


def _change(out: Commands, steps: Sequence[DetailsChanged], held: RegisteredSchool) -> None:
    """One school's changed details: one change; becoming an academy on the same URN is a
    conversion (AO-05), recorded as `academy convert`."""
    values = {s.field: s.new for s in steps}
    first = steps[0]
    new_type = values.get("establishment_type")
    converts = (new_type is not None and type_info(new_type).academy
                and not type_info(held.establishment_type).academy)
    if converts:
        trust = values.pop("academy_trust", held.academy_trust)
        values.pop("establishment_type")
    if values:
        out.works.append(Work(ChangeSchoolDetails, values, first.on, first.urn, first.source,
                              first.line, "change of " + ", ".join(values)))
    if converts:
        out.works.append(Work(ConvertToAcademy, {"new_type": new_type, "academy_trust": trust},
                              first.on, first.urn, first.source, first.line,
                              f"conversion to {new_type}"))


def ofsted_commands(plan: ImportPlan, begins: Mapping[str, dt.date]) -> Commands:
    out = Commands()
    for step in plan.of(InspectionFound):
        starts = begins.get(step.urn)
        floor = max(filter(None, (starts, RECORD_FLOOR)))
        if step.on < floor:
            why = (f"its record begins {starts.isoformat()}" if starts and starts > RECORD_FLOOR
                   else "before EA 2005's inspections (1 September 2005)")
            note = (f"; the school is in a category ({step.category_as_published}): record "
                    "the notification by hand if it still applies" if step.notify else "")
            out.skipped.append(Skipped(step.line, step.urn, "inspection published before the "
                                       "school's record begins", step.source,
                                       f"published {step.on.isoformat()}; {why}{note}"))
            continue
        out.works.append(Work(RecordInspection, {
            "inspection_date": step.start_date,
            "grades": tuple(f"{area}={grade}" for area, grade in step.grades),
            "safeguarding": step.safeguarding or "NOT_JUDGED", "category": step.category,
            "inspection_number": step.number or ""}, step.on, step.urn, step.source,
            step.line, f"inspection {step.number or step.start_date.isoformat()}"))
        if step.notify:
            out.works.append(Work(NotifyOfstedCategory, {"category": step.category}, step.on,
                                  step.urn, step.source, step.line,
                                  f"category {step.category}"))
        elif step.removes_category:
            out.works.append(Work(RemoveOfstedCategory, {}, step.on, step.urn, step.source,
                                  step.line, "category removed"))
    return out


def envelope_for(work: Work, actor: str, reference: str, label: str) -> Envelope:
    where = f"{work.source} line {work.line}" if work.line else work.source
    return Envelope(actor=actor, role=IMPORT_ROLE, effective_date=work.on,
                    reason=f"{label} import: {where}", documents=(reference,))


class Progress(Protocol):
    """Where an import reports how far it is (the CLI draws a bar on a terminal)."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...
