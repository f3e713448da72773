"""What an import records about the file it read: name, extract date, SHA-256, counts.

An auditor must be able to say which published file every imported fact came from, and to
check it against a copy of that file, so the hash is over the bytes exactly as read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath

GIAS_ESTABLISHMENTS = "gias-establishments"
GIAS_LINKS = "gias-links"
OFSTED_INSPECTIONS = "ofsted-inspections"


@dataclass(frozen=True)
class SourceFile:
    """One file as read: its name (never its folder), size, SHA-256 and the encoding used."""

    name: str
    size: int
    sha256: str
    encoding: str

    @classmethod
    def of(cls, name: str, data: bytes, encoding: str) -> SourceFile:
        return cls(PurePath(name).name, len(data), hashlib.sha256(data).hexdigest(), encoding)


@dataclass(frozen=True)
class Counts:
    """The summary of one file: schools (or inspections) new, changed, unchanged, skipped.

    ``outside`` counts rows about schools outside the chosen local authorities, which are not
    reported one by one (a GIAS extract holds every establishment in England).
    """

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    outside: int = 0


@dataclass(frozen=True)
class ImportRecord:
    """The provenance of one imported file, to store with the events it writes."""

    kind: str  # GIAS_ESTABLISHMENTS, GIAS_LINKS or OFSTED_INSPECTIONS
    file_name: str
    extract_date: dt.date | None
    sha256: str
    size: int
    rows: int  # data rows read (the header and any title rows excluded)
    counts: Counts
    encoding: str = ""  # the encoding the file was read in

    @property
    def reference(self) -> str:
        """The document reference each event written from this file cites."""
        return f"{self.file_name} sha256:{self.sha256[:16]}"


_GIAS_NAME = re.compile(r"(?<![a-z_])edubasealldata(\d{8})", re.IGNORECASE)
_LINKS_NAME = re.compile(r"links_edubasealldata(\d{8})", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_AS_AT = re.compile(r"(\d{1,2})[ _-]?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                    r"[ _-]?(\d{4})", re.IGNORECASE)


def _yyyymmdd(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def gias_extract_date(file_name: str) -> dt.date | None:
    """The date in ``edubasealldata<YYYYMMDD>.csv`` (a browser's " (1)" suffix is fine)."""
    m = _GIAS_NAME.search(PurePath(file_name).name)
    return _yyyymmdd(m.group(1)) if m else None


def links_extract_date(file_name: str) -> dt.date | None:
    """The date in ``links_edubasealldata<YYYYMMDD>.csv``."""
    m = _LINKS_NAME.search(PurePath(file_name).name)
    return _yyyymmdd(m.group(1)) if m else None


def ofsted_as_at_date(file_name: str) -> dt.date | None:
    """The "as at" date Ofsted puts in its file names, e.g. ``..._as_at_31_Aug_2024.csv``."""
    found = None
    for m in _AS_AT.finditer(PurePath(file_name).name):
        try:
            found = dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            continue
    return found
