"""The GIAS "all establishment data" extract, ``edubasealldata<YYYYMMDD>.csv``, as typed rows.

The extract lists every establishment in England, open and closed (about 52,000 rows, ~135
columns). Only the rows of the chosen local authorities are typed; the others are counted and
passed over untyped, so a re-import of an unchanged file stays cheap. Each row's GIAS
names are mapped through the tables in ``aggregates/establishments.py``; a row that cannot be
mapped is skipped with its line number and the reason.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..aggregates.errors import InvalidInput
from ..aggregates.establishments import PHASES, RELIGIOUS_CHARACTERS, STATUSES, gias_type
from ..aggregates.identity import check_urn
from .plan import Skipped
from .provenance import SourceFile, gias_extract_date
from .reading import BadValue, ImportFileError, Problem, Table, decode_cp1252, gias_date, load

#: The columns the register needs, checked by exact name.
REQUIRED = ("URN", "LA (code)", "EstablishmentName", "TypeOfEstablishment (name)",
            "EstablishmentStatus (name)", "OpenDate", "CloseDate", "PhaseOfEducation (name)",
            "ReligiousCharacter (name)", "Diocese (name)", "Trusts (code)", "Trusts (name)")
#: Read when present; files of every era since 2021 have them.
OPTIONAL = ("LA (name)", "EstablishmentNumber", "EstablishmentTypeGroup (name)",
            "ReasonEstablishmentClosed (name)", "LastChangedDate")
#: Values GIAS writes in name columns for "none" (Diocese "0000" is "Not applicable").
NOT_APPLICABLE = frozenset({"Not applicable", "Does not apply", "None"})

_LA_CODE = re.compile(r"\d{3}")
SOUTHWARK = "210"


def check_la_codes(codes: Iterable[str]) -> frozenset[str]:
    """LA codes as GIAS writes them: three digits (Southwark is 210)."""
    found = frozenset(c.strip() for c in codes)
    bad = sorted(c for c in found if not _LA_CODE.fullmatch(c))
    if bad:
        raise ValueError(f"{', '.join(map(repr, bad))} is not an LA code: GIAS LA codes are "
                         "three digits, e.g. 210 for Southwark.")
    if not found:
        raise ValueError("Name at least one LA code, e.g. 210 for Southwark.")
    return found


class Establishment(NamedTuple):
    """One row of the extract, in SELA's vocabulary (GIAS's own names kept where useful).

    A named tuple rather than a frozen dataclass: an extract has 52,000 rows, and building
    these is most of the cost of a re-import after the CSV parsing itself.
    """

    line: int
    urn: str
    la_code: str
    la_name: str
    establishment_number: str
    name: str
    gias_type: str
    type_group: str
    establishment_type: str  # SELA slug (aggregates.establishments)
    maintained: bool
    academy: bool
    phase: str
    religious_character: str
    diocese: str
    trust_code: str
    trust_name: str
    status: str
    open_date: dt.date | None
    close_date: dt.date | None
    close_reason: str
    last_changed: dt.date | None

    @property
    def academy_trust(self) -> str:
        """The register's trust: an academy's trust; a maintained foundation school's
        charitable trust is not an academy trust and is not kept."""
        return self.trust_name if self.academy else ""

    @property
    def details(self) -> tuple[str, ...]:
        """The values the register keeps, in plan.DETAIL_FIELDS order."""
        return (self.name, self.establishment_type, self.phase, self.religious_character,
                self.diocese, self.academy_trust, self.status)


@dataclass(frozen=True)
class GiasExtract:
    source: SourceFile
    extract_date: dt.date
    la_codes: frozenset[str]
    establishments: tuple[Establishment, ...]  # rows of the chosen LAs that map
    skipped: tuple[Skipped, ...]  # rows of the chosen LAs that do not, with the reason
    outside: int  # rows of other LAs
    rows: int  # data rows in the file


def read_gias_extract(path: str | Path, *, la_codes: Iterable[str] = (SOUTHWARK,),
                      extract_date: dt.date | None = None, data: bytes | None = None,
                      encoding: str | None = None) -> GiasExtract:
    """Read an extract as GIAS publishes it; keep the rows of ``la_codes``.

    The extract date comes from the file name unless given. ``data`` gives the bytes when
    they are already in memory; ``encoding`` overrides cp1252 for a file known to be re-saved.
    """
    chosen = check_la_codes(la_codes)
    name, raw = load(path, data)
    on = extract_date or gias_extract_date(name)
    if on is None:
        raise ImportFileError(name, Problem(None, (
            "the extract date is not in the file name (GIAS names it "
            "edubasealldata<YYYYMMDD>.csv); give the date explicitly")))
    text, used = decode_cp1252(name, raw, encoding)
    table = Table(name, text)  # the header on line 1: GIAS files have no title row
    cols = table.require(REQUIRED)
    typer = _Typer(name, table, cols, table.optional(OPTIONAL))
    la_at = cols["LA (code)"]
    kept: list[Establishment] = []
    skipped: list[Skipped] = []
    outside = rows = 0
    for line, cells in table.rows():
        rows += 1
        if len(cells) > la_at and cells[la_at] not in chosen:
            outside += 1
            continue
        found = typer.establishment(line, cells)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            kept.append(found)
    return GiasExtract(SourceFile.of(name, raw, used), on, chosen, tuple(kept), tuple(skipped),
                       outside, rows)


#: The columns an Establishment is built from, in the order _Typer reads them.
_READ = (*REQUIRED, *OPTIONAL)


class _Typer:
    """Types one row at a time; column positions are looked up once, dates parsed once."""

    def __init__(self, source: str, table: Table, cols: dict[str, int],
                 opt: dict[str, int]) -> None:
        self.source = source
        self.table = table
        self.width = len(table.header)
        self.urn_at = cols["URN"]
        # a column the file lacks reads as the URN's position and is blanked below
        self.at = [cols.get(c, opt.get(c, -1)) for c in _READ]
        self.pick = operator.itemgetter(*self.at)  # the cells read, in _READ order
        self.absent = [i for i, c in enumerate(_READ) if c not in cols and c not in opt]
        self.dates: dict[str, dt.date | None] = {"": None}

    def _date(self, text: str, column: str) -> dt.date | None:
        try:
            return self.dates[text]
        except KeyError:
            day = self.dates[text] = gias_date(text, column)
            return day

    def _bad(self, line: int, urn: str, reason: str, detail: str) -> Skipped:
        return Skipped(line, urn, reason, self.source, detail, malformed=True)

    def establishment(self, line: int, cells: list[str]) -> Establishment | Skipped:
        if len(cells) != self.width:
            urn = cells[self.urn_at].strip() if len(cells) > self.urn_at else ""
            return self._bad(line, urn, "malformed row", self.table.width_problem(cells) or "")
        v = [x if x != "NULL" else "" for x in map(str.strip, self.pick(cells))]
        for i in self.absent:
            v[i] = ""
        (urn_text, la_code, name, type_name, status_name, opened, closed, phase_name,
         religion_name, diocese, trust_code, trust_name, la_name, number, group, close_reason,
         changed) = v
        try:
            urn = check_urn(urn_text)
        except InvalidInput:
            return self._bad(line, urn_text, "not a URN", f"URN {urn_text!r}: a URN is six "
                                                          "digits")
        kind = gias_type(type_name)
        if kind is None:
            return self._bad(line, urn, "unknown establishment type", f"{type_name!r} is not in "
                             "the GIAS types table (aggregates/establishments.py)")
        if kind.slug is None:
            return Skipped(line, urn, f"not held by the register: {type_name}", self.source,
                           kind.reason)
        phase = PHASES.get(phase_name)
        religion = RELIGIOUS_CHARACTERS.get(religion_name or "Does not apply")
        status = STATUSES.get(status_name)
        if phase is None or religion is None or status is None:
            for found, column, text in ((phase, "PhaseOfEducation (name)", phase_name),
                                        (religion, "ReligiousCharacter (name)", religion_name),
                                        (status, "EstablishmentStatus (name)", status_name)):
                if found is None:
                    what = column.split(" (")[0]
                    return self._bad(line, urn, f"unknown {what}", f"{column} {text!r} is not "
                                     "in the table (aggregates/establishments.py)")
        dates = self.dates
        try:  # dates repeat across rows: each distinct text is parsed once
            open_date = dates[opened] if opened in dates else self._date(opened, "OpenDate")
            close_date = dates[closed] if closed in dates else self._date(closed, "CloseDate")
            last_changed = (dates[changed] if changed in dates
                            else self._date(changed, "LastChangedDate"))
        except BadValue as e:
            return self._bad(line, urn, "bad date", str(e))
        return Establishment(
            line, urn, la_code, la_name, number, name, type_name, group or kind.group,
            kind.slug, kind.maintained, kind.academy, phase or "", religion or "",
            "" if diocese in NOT_APPLICABLE else diocese, trust_code, trust_name, status or "",
            open_date, close_date, _name(close_reason), last_changed)


def _name(text: str) -> str:
    return "" if text in NOT_APPLICABLE else text
