"""The GIAS links file, ``links_edubasealldata<YYYYMMDD>.csv``: a school's lineage across URNs.

An academy conversion, an amalgamation or a re-brokering starts a new URN; the links file is
the only record joining the old URN to the new one. Each row says that ``LinkURN`` is the
``LinkType`` of ``URN`` (so ``URN``'s "Successor" is ``LinkURN``). A conversion is a
``Successor`` row on the old URN dated its last day, usually with the reciprocal
``Predecessor`` row on the new URN dated its first day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..aggregates.errors import InvalidInput
from ..aggregates.identity import check_urn
from .plan import Skipped
from .provenance import SourceFile, links_extract_date
from .reading import BadValue, Table, decode_cp1252, gias_date, load
from .reading import value as cell

REQUIRED = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")


@dataclass(frozen=True)
class LinkType:
    gias_name: str  # as GIAS writes it
    kind: str  # SELA's slug for the link, stored on the school's record
    family: str  # succession, merger, amalgamation, split, sixth-form-centre, other
    inverse: str | None  # the kind the other school's record carries, when GIAS pairs them


def _t(gias_name: str, kind: str, family: str, inverse: str | None = None) -> LinkType:
    return LinkType(gias_name, kind, family, inverse)


#: Every LinkType in the 2025-04-22 links file (17), matched without regard to case (GIAS has
#: written "Split School" and "split school").
LINK_TYPES: dict[str, LinkType] = {t.gias_name.lower(): t for t in (
    _t("Successor", "successor", "succession", "predecessor"),
    _t("Predecessor", "predecessor", "succession", "successor"),
    _t("Successor - merged", "successor-merged", "merger", "predecessor-merged"),
    _t("Predecessor - merged", "predecessor-merged", "merger", "successor-merged"),
    _t("Successor - amalgamated", "successor-amalgamated", "amalgamation",
       "predecessor-amalgamated"),
    _t("Predecessor - amalgamated", "predecessor-amalgamated", "amalgamation",
       "successor-amalgamated"),
    _t("Result of Amalgamation", "result-of-amalgamation", "amalgamation"),
    _t("Successor - Split School", "successor-split-school", "split", "predecessor-split-school"),
    _t("Predecessor - Split School", "predecessor-split-school", "split",
       "successor-split-school"),
    _t("Sixth Form Centre Link", "sixth-form-centre-link", "sixth-form-centre",
       "sixth-form-centre-school"),
    _t("Sixth Form Centre School", "sixth-form-centre-school", "sixth-form-centre",
       "sixth-form-centre-link"),
    _t("Merged - expansion in school capacity and changer in age range",
       "merged-expansion-and-age-range", "merger"),
    _t("Merged - change in age range", "merged-age-range", "merger"),
    _t("Merged - expansion of school capacity", "merged-expansion", "merger"),
    _t("Expansion", "expansion", "other"),
    _t("Closure", "closure", "other"),
    _t("Other", "other", "other"),
)}
KINDS: dict[str, LinkType] = {t.kind: t for t in LINK_TYPES.values()}


class Link(NamedTuple):  # a named tuple: the links file has about 34,000 rows
    line: int
    urn: str
    link_urn: str
    link_name: str
    link_type: str  # as published
    kind: str
    date: dt.date | None


@dataclass(frozen=True)
class LinksFile:
    source: SourceFile
    extract_date: dt.date | None  # from the file name, or given
    links: tuple[Link, ...]
    skipped: tuple[Skipped, ...]  # rows that cannot be read, each with the URN it concerns
    rows: int


def read_links(path: str | Path, *, extract_date: dt.date | None = None,
               data: bytes | None = None, encoding: str | None = None) -> LinksFile:
    """Read every row of a links file (it covers all of England; the planner picks)."""
    name, raw = load(path, data)
    text, used = decode_cp1252(name, raw, encoding)
    table = Table(name, text)
    cols = table.require(REQUIRED)
    links: list[Link] = []
    skipped: list[Skipped] = []
    rows = 0
    for line, cells in table.rows():
        rows += 1
        urn_text = cell(cells, cols["URN"]) if len(cells) > cols["URN"] else ""
        width = table.width_problem(cells)
        if width:
            skipped.append(Skipped(line, urn_text, "malformed row", name, width, True))
            continue
        try:
            urn, link_urn = check_urn(urn_text), check_urn(cell(cells, cols["LinkURN"]))
        except InvalidInput:
            skipped.append(Skipped(line, urn_text, "not a URN", name,
                                   f"URN {urn_text!r}, LinkURN "
                                   f"{cell(cells, cols['LinkURN'])!r}", True))
            continue
        link_type = cell(cells, cols["LinkType"])
        known = LINK_TYPES.get(link_type.lower())
        if known is None:
            skipped.append(Skipped(line, urn, "unknown link type", name,
                                   f"LinkType {link_type!r} is not in the links table", True))
            continue
        try:
            date = gias_date(cell(cells, cols["LinkEstablishedDate"]), "LinkEstablishedDate")
        except BadValue as e:
            skipped.append(Skipped(line, urn, "bad date", name, str(e), True))
            continue
        links.append(Link(line, urn, link_urn, cell(cells, cols["LinkName"]), link_type,
                          known.kind, date))
    return LinksFile(SourceFile.of(name, raw, used), extract_date or links_extract_date(name),
                     tuple(links), tuple(skipped), rows)


@dataclass(frozen=True)
class Succession:
    """``successor`` took over from ``predecessor`` (a plain Successor/Predecessor pair)."""

    predecessor: str
    successor: str
    last_day: dt.date | None  # the predecessor's Successor row date
    first_day: dt.date | None  # the successor's Predecessor row date
    lines: tuple[int, ...]

    @property
    def reciprocal(self) -> bool:
        return len(self.lines) == 2

    @property
    def date(self) -> dt.date | None:
        """The successor's first day, as the rows give it."""
        if self.first_day is not None:
            return self.first_day
        return self.last_day + dt.timedelta(days=1) if self.last_day else None


def successions(links: Iterable[Link]) -> list[Succession]:
    """Successor/Predecessor pairs, each once, with whichever of the two rows the file has."""
    pairs: dict[tuple[str, str], dict[str, Link]] = {}
    for link in links:
        if link.kind == "successor":
            pairs.setdefault((link.urn, link.link_urn), {})["successor"] = link
        elif link.kind == "predecessor":
            pairs.setdefault((link.link_urn, link.urn), {})["predecessor"] = link
    found = []
    for (old, new), rows in sorted(pairs.items()):
        on_old, on_new = rows.get("successor"), rows.get("predecessor")
        found.append(Succession(
            old, new, on_old.date if on_old else None, on_new.date if on_new else None,
            tuple(sorted(r.line for r in rows.values()))))
    return found
