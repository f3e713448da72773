"""Ofsted's "state-funded schools inspections and outcomes" MI: the latest inspections file.

One row per open school with its latest full inspection, in the layout of its era: the EIF
files (to August 2024 with an overall effectiveness grade; September 2024 to 9 November 2025
with "Not judged") and the report-card files (from 10 November 2025: areas graded on a
five-point scale, safeguarding Met / Not met, then the school's last old-framework result as
"Latest OEIF ..." columns). Grades are kept exactly as published; the category of concern is
mapped to SELA's NONE / RSI / SM (older files write SWK for serious weaknesses); the framework
period comes from the inspection's start date (rulebook §4.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..aggregates.calendar import ofsted_framework
from ..aggregates.errors import InvalidInput
from ..aggregates.identity import check_urn
from .plan import Skipped
from .provenance import SourceFile, ofsted_as_at_date
from .reading import (
    BadValue,
    ImportFileError,
    Problem,
    Table,
    decode_utf8_or_cp1252,
    load,
    ofsted_date,
)
from .reading import value as cell

FULL = "latest full inspection"
OEIF = "latest OEIF graded inspection"
RELATES = "Does the latest full inspection relate to the URN of the current school?"
REQUIRED = ("URN", "Inspection number of latest full inspection", "Inspection type",
            "Inspection start date", "Publication date", "Category of concern", RELATES,
            "URN at time of latest full inspection")
OPTIONAL = ("LAESTAB", "School name", "Most recent category of concern")

#: The latest full inspection's graded areas and safeguarding column, by era.
EIF_GRADES = ("Overall effectiveness", "Quality of education", "Behaviour and attitudes",
              "Personal development", "Effectiveness of leadership and management",
              "Early years provision (where applicable)",
              "Sixth form provision (where applicable)")
EIF_SAFEGUARDING = "Safeguarding is effective?"
REPORT_CARD_GRADES = ("Inclusion", "Curriculum and teaching", "Achievement",
                      "Attendance and behaviour", "Personal development and wellbeing",
                      "Early years (where applicable)", "Post-16 provision (where applicable)",
                      "Leadership and governance")
REPORT_CARD_SAFEGUARDING = "Safeguarding standards"

#: The report-card files' "Latest OEIF ..." columns: the school's last old-framework
#: inspection, its grades named as the EIF files name them.
OEIF_COLUMNS = {
    "number": "Inspection number of latest OEIF graded inspection",
    "type": "Inspection type of latest OEIF graded inspection",
    "start": "Inspection start date of latest OEIF graded inspection",
    "published": "Publication date of latest OEIF graded inspection",
    "relates": "Does the latest OEIF graded inspection relate to the URN of the current school?",
    "urn_then": "URN at time of latest OEIF graded inspection",
    "category": "Latest OEIF category of concern",
}
OEIF_GRADES = {f"Latest OEIF {g[0].lower()}{g[1:]}": g for g in EIF_GRADES}
#: Two spaces, as Ofsted writes it; the one-space spelling is accepted too.
OEIF_SAFEGUARDING = "Latest OEIF  safeguarding is effective?"
ALIASES = {OEIF_SAFEGUARDING: ("Latest OEIF safeguarding is effective?",)}

#: "Category of concern" as published, to SELA's category (aggregates.vocabulary).
CATEGORIES = {"sm": "SM", "special measures": "SM", "swk": "RSI", "sw": "RSI", "rsi": "RSI",
              "serious weaknesses": "RSI", "requires significant improvement": "RSI",
              "nti": "RSI", "notice to improve": "RSI", "": "NONE", "none": "NONE",
              "not applicable": "NONE"}
SAFEGUARDING = {"yes": "EFFECTIVE", "no": "INEFFECTIVE", "met": "MET", "not met": "NOT_MET",
                "incomplete": "INCOMPLETE", "": None, "9": None, "not judged": None,
                "not applicable": None}
_YES_NO = {"yes": True, "no": False, "": None}


@dataclass(frozen=True)
class Inspection:
    which: str  # FULL or OEIF
    number: str | None
    inspection_type: str
    start_date: dt.date
    publication_date: dt.date | None
    framework: str
    grades: tuple[tuple[str, str], ...]
    safeguarding: str | None
    category: str  # NONE, RSI or SM
    category_as_published: str
    relates_to_current_urn: bool | None
    urn_at_inspection: str  # "" when the file leaves it out


@dataclass(frozen=True)
class OfstedRow:
    line: int
    urn: str
    la_code: str | None  # the first three digits of LAESTAB
    school_name: str
    inspections: tuple[Inspection, ...]  # oldest first; empty if never inspected
    most_recent_category: str  # as published, "" when none


@dataclass(frozen=True)
class OfstedFile:
    source: SourceFile
    layout: str  # "eif" or "report-card"
    as_at: dt.date | None  # from the file name, or given
    rows: tuple[OfstedRow, ...]
    skipped: tuple[Skipped, ...]
    title_rows: int  # rows above the header


def read_ofsted_mi(path: str | Path, *, as_at: dt.date | None = None, data: bytes | None = None,
                   encoding: str | None = None) -> OfstedFile:
    """Read a "latest inspections" MI file of any era (UTF-8 with or without BOM, or cp1252)."""
    name, raw = load(path, data)
    text, used = decode_utf8_or_cp1252(name, raw, encoding)
    table = Table(name, text, title_rows=True)
    if "Inspection number of latest full inspection" not in table.index and \
            "Inspection number" in table.index:
        raise ImportFileError(name, Problem(table.header_line, (
            "this is Ofsted's in-year inspections file; import the latest inspections file "
            "(one row per school)")))
    cols = table.require(REQUIRED)
    layout = "report-card" if REPORT_CARD_SAFEGUARDING in table.index else "eif"
    grade_names = REPORT_CARD_GRADES if layout == "report-card" else EIF_GRADES
    safeguarding = REPORT_CARD_SAFEGUARDING if layout == "report-card" else EIF_SAFEGUARDING
    opt = table.optional((*OPTIONAL, *grade_names, safeguarding, *OEIF_COLUMNS.values(),
                          *OEIF_GRADES, OEIF_SAFEGUARDING), ALIASES)
    full = _Columns(FULL, cols["Inspection number of latest full inspection"],
                    cols["Inspection type"], cols["Inspection start date"],
                    cols["Publication date"], cols[RELATES],
                    cols["URN at time of latest full inspection"], cols["Category of concern"],
                    tuple((g, opt[g]) for g in grade_names if g in opt), opt.get(safeguarding))
    parts = [full]
    if OEIF_COLUMNS["number"] in opt and OEIF_COLUMNS["start"] in opt:
        c = {k: opt.get(v) for k, v in OEIF_COLUMNS.items()}
        parts.insert(0, _Columns(OEIF, c["number"], c["type"], c["start"], c["published"],
                                 c["relates"], c["urn_then"], c["category"],
                                 tuple((area, opt[col]) for col, area in OEIF_GRADES.items()
                                       if col in opt), opt.get(OEIF_SAFEGUARDING)))
    rows: list[OfstedRow] = []
    skipped: list[Skipped] = []
    for line, cells in table.rows():
        found = _row(name, line, cells, table, cols, opt, parts)
        (skipped if isinstance(found, Skipped) else rows).append(found)
    return OfstedFile(SourceFile.of(name, raw, used), layout, as_at or ofsted_as_at_date(name),
                      tuple(rows), tuple(skipped), table.title_rows)


@dataclass(frozen=True)
class _Columns:
    which: str
    number: int | None
    type: int | None
    start: int | None
    published: int | None
    relates: int | None
    urn_then: int | None
    category: int | None
    grades: tuple[tuple[str, int], ...]
    safeguarding: int | None


def _row(source: str, line: int, cells: list[str], table: Table, cols: dict[str, int],
         opt: dict[str, int], parts: list[_Columns]) -> OfstedRow | Skipped:
    urn_text = cell(cells, cols["URN"]) if len(cells) > cols["URN"] else ""
    width = table.width_problem(cells)
    if width:
        return Skipped(line, urn_text, "malformed row", source, width, malformed=True)
    try:
        urn = check_urn(urn_text)
    except InvalidInput:
        return Skipped(line, urn_text, "not a URN", source, f"URN {urn_text!r}", malformed=True)
    inspections: list[Inspection] = []
    try:
        for part in parts:
            found = _inspection(cells, part)
            if found and not (found.number and found.number in {i.number for i in inspections}):
                inspections.append(found)  # an OEIF result repeated as the latest is kept once
    except BadValue as e:
        return Skipped(line, urn, "bad value", source, str(e), malformed=True)
    laestab = cell(cells, opt.get("LAESTAB"))
    return OfstedRow(line, urn, laestab[:3] if len(laestab) == 7 and laestab.isdigit() else None,
                     cell(cells, opt.get("School name")),
                     tuple(sorted(inspections, key=lambda i: i.start_date)),
                     cell(cells, opt.get("Most recent category of concern")))


def _inspection(cells: list[str], c: _Columns) -> Inspection | None:
    number = cell(cells, c.number) or None
    start_text = cell(cells, c.start)
    if number is None and not start_text:
        return None  # never inspected (or not under this framework)
    start = ofsted_date(start_text, f"Inspection start date of the {c.which}")
    if start is None:
        raise BadValue(f"the {c.which} {number} has no start date")
    published = ofsted_date(cell(cells, c.published), f"Publication date of the {c.which}")
    category_text = cell(cells, c.category)
    category = CATEGORIES.get(category_text.lower())
    if category is None:
        raise BadValue(f"category of concern {category_text!r} of the {c.which} is not one "
                       "Ofsted publishes (SM, SWK, RSI or none)")
    safeguarding_text = cell(cells, c.safeguarding)
    if safeguarding_text.lower() not in SAFEGUARDING:
        raise BadValue(f"safeguarding outcome {safeguarding_text!r} of the {c.which} is not "
                       "Yes/No or Met/Not met")
    relates_text = cell(cells, c.relates)
    if relates_text.lower() not in _YES_NO:
        raise BadValue(f"{relates_text!r} is not Yes or No (does the {c.which} relate to this "
                       "URN?)")
    grades = tuple((area, cell(cells, i)) for area, i in c.grades if cell(cells, i))
    return Inspection(c.which, number, cell(cells, c.type), start, published,
                      ofsted_framework(start), grades, SAFEGUARDING[safeguarding_text.lower()],
                      category, category_text, _YES_NO[relates_text.lower()],
                      cell(cells, c.urn_then))
