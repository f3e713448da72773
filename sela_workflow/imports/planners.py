"""Planning an import: compare what a file says with what the register holds.

Pure functions of the rows read and a snapshot of the register, so a dry run and a real run
plan the same steps, and the plan is tested without a store. Importing a file against the
register it produced plans no step (``apply_plan`` gives that register); a newer extract plans
only what changed, dated by the extract.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from ..aggregates.establishments import OPEN_STATUSES, SELA_TYPES
from .gias import Establishment, GiasExtract, check_la_codes
from .links import KINDS, Link, LinksFile, successions
from .ofsted import OfstedFile
from .plan import (
    DETAIL_FIELDS,
    ConvertedToAcademy,
    DetailsChanged,
    ImportPlan,
    InspectionFound,
    Linked,
    NewSchool,
    RegisteredSchool,
    SchoolClosed,
    Skipped,
    Step,
)
from .provenance import (
    GIAS_ESTABLISHMENTS,
    GIAS_LINKS,
    OFSTED_INSPECTIONS,
    Counts,
    ImportRecord,
    SourceFile,
)

Register = Mapping[str, RegisteredSchool]


def _record(kind: str, source: SourceFile, on: dt.date | None, rows: int,
            counts: Counts) -> ImportRecord:
    return ImportRecord(kind, source.name, on, source.sha256, source.size, rows, counts,
                        source.encoding)


def _skip_check(row: Establishment, source: str) -> Skipped | None:
    """What the register's own rules would refuse about registering this row as it is."""
    if row.religious_character in ("cofe", "rc") and not row.diocese:
        return Skipped(row.line, row.urn, "church school without a diocese in GIAS", source,
                       f"{row.name}: register it by hand with its diocese")
    if row.academy and not row.trust_name:
        return Skipped(row.line, row.urn, "academy without a trust in GIAS", source,
                       f"{row.name}: register it by hand with its trust")
    return None


def plan_gias(extract: GiasExtract, register: Register, *,
              links: LinksFile | None = None) -> ImportPlan:
    """The steps that bring the register in line with an extract (and its links file).

    Order: new schools, detail changes, closures, conversions, links, so a conversion or a
    link never names a school registered later in the plan.
    """
    src, on = extract.source.name, extract.extract_date
    rows = {e.urn: e for e in extract.establishments}
    skipped = list(extract.skipped)
    new: list[NewSchool] = []
    for row in extract.establishments:
        if row.urn in register:
            continue
        problem = _skip_check(row, src)
        if row.status not in OPEN_STATUSES:
            reason = ("closed before it was registered" if row.status == "closed"
                      else "proposed to open: registered once GIAS shows it open")
            skipped.append(Skipped(row.line, row.urn, reason, src, _closed_detail(row)))
        elif problem:
            skipped.append(problem)
        else:
            new.append(NewSchool(
                row.urn, row.name, row.establishment_type, row.phase, row.religious_character,
                row.diocese, row.academy_trust, row.status, row.la_code, row.open_date,
                row.gias_type, on, src, row.line))
    conversions: list[ConvertedToAcademy] = []
    linked: list[Linked] = []
    if links is not None:
        conversions, linked, link_skips, link_counts = _plan_links(
            links, register, rows, {n.urn: n for n in new}, on)
        skipped.extend(link_skips)
    converted = {c.predecessor for c in conversions}
    changes: list[DetailsChanged] = []
    closures: list[SchoolClosed] = []
    unchanged = 0
    for row in extract.establishments:
        held = register.get(row.urn)
        if held is None or row.urn in converted:
            continue
        if held.closed:
            if row.status in OPEN_STATUSES:
                skipped.append(Skipped(row.line, row.urn, "closed in the register but open "
                                       "in GIAS", src, "check the record: an import never "
                                       "reopens a case"))
            else:
                unchanged += 1
        elif row.status == "closed":
            closures.append(SchoolClosed(row.urn, row.close_date, row.close_reason, on, src,
                                         row.line))
        elif (problem := _skip_check(row, src)) is not None:
            skipped.append(problem)
        elif (now := row.details) == held.details:
            unchanged += 1
        else:
            changes.extend(DetailsChanged(row.urn, f, old, new, on, src, row.line)
                           for f, old, new in zip(DETAIL_FIELDS, held.details, now, strict=True)
                           if old != new)
    unread = {s.urn for s in extract.skipped}
    for urn, held in sorted(register.items()):
        if (urn not in rows and urn not in unread and not held.closed
                and (held.la_code is None or held.la_code in extract.la_codes)):
            skipped.append(Skipped(None, urn, "registered but not in this extract", src,
                                   f"{held.name}; LA {', '.join(sorted(extract.la_codes))}"))
    steps: list[Step] = [*new, *changes, *closures, *conversions, *linked]
    changed = len({s.urn for s in (*changes, *closures)} | converted)
    main = Counts(new=len(new), changed=changed, unchanged=unchanged,
                  skipped=sum(1 for s in skipped if s.source == src), outside=extract.outside)
    records = [_record(GIAS_ESTABLISHMENTS, extract.source, on, extract.rows, main)]
    warnings: list[str] = []
    if links is not None:
        records.append(_record(GIAS_LINKS, links.source, links.extract_date or on, links.rows,
                               link_counts))
        if links.extract_date and links.extract_date != on:
            warnings.append(f"{links.source.name} is dated {links.extract_date.isoformat()} "
                            f"but the extract {on.isoformat()}: use the same day's links file")
    return ImportPlan(tuple(steps), _in_file_order(skipped), tuple(records), tuple(warnings))


def _in_file_order(skipped: list[Skipped]) -> tuple[Skipped, ...]:
    return tuple(sorted(skipped, key=lambda s: (s.source, s.line or 0, s.urn)))


def _closed_detail(row: Establishment) -> str:
    if row.close_date:
        return f"{row.name}, closed {row.close_date.isoformat()}"
    return row.name


def _plan_links(links: LinksFile, register: Register, rows: Mapping[str, Establishment],
                new: Mapping[str, NewSchool], on: dt.date
                ) -> tuple[list[ConvertedToAcademy], list[Linked], list[Skipped], Counts]:
    src = links.source.name
    known = set(register) | set(new)
    relevant = [link for link in links.links if link.urn in known or link.link_urn in known]
    skipped = [s for s in links.skipped if s.urn in known]
    wanted: dict[tuple[str, str, str], Linked] = {}
    for link in relevant:
        if link.urn in known:
            wanted.setdefault((link.urn, link.link_urn, link.kind), _linked(link, on, src))
    for link in relevant:  # reciprocals the file lacks, on the other school's record
        inverse = KINDS[link.kind].inverse
        if inverse and link.link_urn in known:
            key = (link.link_urn, link.urn, inverse)
            if key not in wanted:
                name = rows[link.urn].name if link.urn in rows else (
                    register[link.urn].name if link.urn in register else "")
                wanted[key] = Linked(link.link_urn, link.urn, name, inverse, link.date, on, src,
                                     link.line, inferred=True)
    linked = [v for (urn, other, kind), v in sorted(wanted.items())
              if urn in new or (other, kind) not in register[urn].links]
    conversions = []
    for s in successions(relevant):
        old = register.get(s.predecessor)
        if old is None or old.closed or SELA_TYPES[old.establishment_type].academy:
            continue
        succ_row = rows.get(s.successor)
        succ = new.get(s.successor) or register.get(s.successor)
        if succ is None or not SELA_TYPES[succ.establishment_type].academy:
            continue
        when = s.date or (succ_row.open_date if succ_row else None)
        old_row = rows.get(s.predecessor)
        if not ((old_row and old_row.status == "closed") or (when and when <= on)):
            continue  # a conversion GIAS has approved but that has not happened yet
        conversions.append(ConvertedToAcademy(
            s.predecessor, s.successor, succ.establishment_type, succ.academy_trust,
            when or on, src, s.lines[0], s.reciprocal))
    counts = Counts(new=len(linked), changed=len(conversions),
                    unchanged=len(wanted) - len(linked), skipped=len(skipped),
                    outside=links.rows - len(relevant) - len(skipped))
    return conversions, linked, skipped, counts


def _linked(link: Link, on: dt.date, src: str) -> Linked:
    return Linked(link.urn, link.link_urn, link.link_name, link.kind, link.date, on, src,
                  link.line)


def plan_ofsted(mi: OfstedFile, register: Register, *,
                la_codes: Iterable[str] | None = None) -> ImportPlan:
    """The inspections of registered schools the register does not hold yet.

    Rows of schools not in the register are reported, never created; with ``la_codes``, rows
    of other LAs are only counted. An inspection that Ofsted says was of another URN (the
    school before it became an academy) belongs to that URN's record, if registered.
    """
    src = mi.source.name
    chosen = check_la_codes(la_codes) if la_codes is not None else None
    skipped = list(mi.skipped)
    found: list[InspectionFound] = []
    seen: set[tuple[str, str | tuple[dt.date, dt.date | None]]] = set()
    unchanged = outside = 0
    for row in mi.rows:
        if row.urn not in register:
            if chosen is not None and row.la_code not in chosen:
                outside += 1
            else:
                skipped.append(Skipped(row.line, row.urn, "not in the register", src,
                                       f"{row.school_name}: not created by an Ofsted import"))
            continue
        mine: list[InspectionFound] = []
        for insp in row.inspections:
            target = row.urn
            if insp.relates_to_current_urn is False:
                target = insp.urn_at_inspection
                if target not in register:
                    skipped.append(Skipped(row.line, row.urn, "inspection of an earlier URN "
                                           "not in the register", src,
                                           f"the {insp.which} {insp.number or ''} was of URN "
                                           f"{target or 'unknown'}".replace("  ", " ")))
                    continue
            key = (target, insp.number or (insp.start_date, insp.publication_date))
            if key in seen or register[target].has_inspection(
                    insp.number, insp.start_date, insp.publication_date):
                continue
            seen.add(key)
            if insp.publication_date is None:
                skipped.append(Skipped(row.line, row.urn, "inspection not yet published", src,
                                       f"the {insp.which} {insp.number or ''}".strip()))
                continue
            mine.append(InspectionFound(
                target, insp.number, insp.inspection_type, insp.start_date,
                insp.publication_date, insp.framework, insp.grades, insp.safeguarding,
                insp.category, insp.category_as_published, insp.which, insp.publication_date,
                src, row.line))
        own = [f for f in mine if f.urn == row.urn]
        held = register[row.urn]
        if own and not held.closed and (held.latest_inspection is None or
                                        own[-1].start_date > held.latest_inspection):
            newest = own[-1]
            if newest.category not in ("NONE", held.ofsted_category):  # new, or the other
                mine[mine.index(newest)] = dataclasses.replace(newest, notify=True)
            elif newest.category == "NONE" and held.ofsted_category is not None:
                mine[mine.index(newest)] = dataclasses.replace(newest, removes_category=True)
        found.extend(mine)
        unchanged += not mine
    counts = Counts(new=len(found), changed=sum(f.notify or f.removes_category for f in found),
                    unchanged=unchanged, skipped=len(skipped), outside=outside)
    record = _record(OFSTED_INSPECTIONS, mi.source, mi.as_at, len(mi.rows) + len(mi.skipped),
                     counts)
    return ImportPlan(tuple(found), _in_file_order(skipped), (record,))


def apply_plan(register: Register, plan: ImportPlan) -> dict[str, RegisteredSchool]:
    """The register once every step of ``plan`` is recorded: the contract the wiring keeps
    (a snapshot read back from the store after recording must equal it)."""
    out = dict(register)
    for step in plan.steps:
        if isinstance(step, NewSchool):
            out[step.urn] = RegisteredSchool(
                step.urn, step.name, step.establishment_type, step.phase,
                step.religious_character, step.diocese, step.academy_trust, step.status,
                step.la_code)
        elif isinstance(step, DetailsChanged):
            out[step.urn] = dataclasses.replace(out[step.urn], **{step.field: step.new})
        elif isinstance(step, SchoolClosed):
            out[step.urn] = dataclasses.replace(out[step.urn], status="closed")
        elif isinstance(step, ConvertedToAcademy):
            out[step.predecessor] = dataclasses.replace(
                out[step.predecessor], status="closed", converted_to=step.successor)
        elif isinstance(step, Linked):
            held = out[step.urn]
            out[step.urn] = dataclasses.replace(
                held, links=held.links | {(step.link_urn, step.kind)})
        elif isinstance(step, InspectionFound):
            held = out[step.urn]
            keys = {(step.start_date, step.publication_date)} | (
                {step.number} if step.number else set())
            category = held.ofsted_category
            if step.notify:
                category = step.category
            elif step.removes_category:
                category = None
            latest = max(filter(None, (held.latest_inspection, step.start_date)))
            out[step.urn] = dataclasses.replace(
                held, inspections=held.inspections | keys, latest_inspection=latest,
                ofsted_category=category)
    return out
