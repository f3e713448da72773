"""The authority's own record: the published files it imported, one event per file.

An import record is a fact about the authority, not about one school, so it is kept in a
record of its own (one per store, `identity.AUTHORITY_ID`) in the same event store as the
schools': it is hash-chained like them, covered by the store's chain head and `sela audit
verify`, exported and imported with them, and written in the same transaction as the school
events it accounts for, so a file's import is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt

from .base import RecordedEvent


class AuthorityEvent(RecordedEvent):
    """An event of the authority's record (never folded into a school's case)."""


class FileImported(AuthorityEvent):
    """One published file imported: what it was (name, date, SHA-256 of its bytes, size,
    encoding), what it held and what importing it recorded."""

    kind: str  # gias-establishments | gias-links | ofsted-inspections
    file_name: str
    extract_date: dt.date | None
    sha256: str
    size: int
    encoding: str
    rows: int
    la_codes: list[str]
    #: new, changed, unchanged, skipped, outside (other LAs), as the summary printed them
    counts: dict[str, int]
    #: skip reasons with how many rows each
    skipped: dict[str, int]
    #: how many school events cite this file (its `reference` is each one's document)
    events: int
    reference: str

    def summary(self) -> str:
        c = self.counts
        return (f"{self.file_name} ({self.kind}, sha256 {self.sha256[:16]}): new "
                f"{c.get('new', 0)}, changed {c.get('changed', 0)}, unchanged "
                f"{c.get('unchanged', 0)}, skipped {c.get('skipped', 0)}; {self.events} events")
