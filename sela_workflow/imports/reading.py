"""Reading the published CSV files exactly as published: bytes, encoding, header, rows.

GIAS publishes cp1252; Ofsted publishes cp1252 or UTF-8 with a byte-order mark, some files with
a title row above the header. Every value is read as text (codes keep their leading zeros);
the literal ``NULL`` and the empty string are missing. Headers are checked by exact name,
because the published names carry traps (two spaces, a changed capital) and a near miss must
not silently read the wrong column. Every problem names the file's line, so an officer can
open the file at that line; a file that cannot be read at all raises ``ImportFileError``,
never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MISSING = frozenset({"", "NULL"})
#: How far down a file the header may be (Ofsted's older files have a title row above it).
HEADER_SEARCH_LINES = 10


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportFileError(Exception):
    """The file cannot be read at all (encoding, header, CSV structure): nothing is imported."""

    def __init__(self, file_name: str, problem: Problem) -> None:
        super().__init__(f"{file_name}: {problem}")
        self.file_name = file_name
        self.problem = problem


def load(path: str | Path, data: bytes | None = None) -> tuple[str, bytes]:
    """The file's name (no folders) and its bytes, read once: the hash and the text share them."""
    name = Path(path).name
    if data is not None:
        return name, data
    try:
        return name, Path(path).read_bytes()
    except OSError as e:
        raise ImportFileError(name, Problem(None, f"cannot read the file ({e.strerror})")) from None


_NON_ASCII = re.compile(rb"[\x80-\xff]")
_C1 = re.compile("[\x80-\x9f]")


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _not_text(name: str, data: bytes) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise ImportFileError(name, Problem(1, "the file is UTF-16 or binary, not a CSV as "
                                               "published; download it again"))
    if not data or data.isspace():
        raise ImportFileError(name, Problem(None, "the file is empty"))


def _looks_like_utf8(data: bytes) -> bool:
    """Valid UTF-8 holding no C1 control characters: cp1252 text almost never is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _C1.search(text)


def decode_cp1252(name: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """GIAS's encoding. A file re-saved as UTF-8 is refused, not read as mojibake."""
    _not_text(name, data)
    if encoding:
        return _decode_as(name, data, encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        raise ImportFileError(name, Problem(1, "the file starts with a UTF-8 byte-order mark: "
                                               "GIAS publishes cp1252, so it was re-saved (by a "
                                               "spreadsheet?); download it again from GIAS, or "
                                               "read it as UTF-8 with --encoding utf-8-sig"))
    if not data.isascii() and _looks_like_utf8(data):
        first = _NON_ASCII.search(data)
        raise ImportFileError(name, Problem(_line_at(data, first.start() if first else 0), (
            "the file is UTF-8, not cp1252 as GIAS publishes it, so it was re-saved (by a "
            "spreadsheet?); download it again from GIAS, or read it as UTF-8 with "
            "--encoding utf-8")))
    return _decode_as(name, data, "cp1252"), "cp1252"


def decode_utf8_or_cp1252(name: str, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Ofsted's encodings: UTF-8 (with or without a byte-order mark), else cp1252."""
    _not_text(name, data)
    if encoding:
        return _decode_as(name, data, encoding), encoding
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode_as(name, data, "cp1252"), "cp1252"
    return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def _decode_as(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise ImportFileError(name, Problem(None, f"unknown encoding {encoding!r}")) from None
    except UnicodeDecodeError as e:
        byte = data[e.start]
        raise ImportFileError(name, Problem(_line_at(data, e.start), (
            f"byte 0x{byte:02X} is not {encoding} text: the file is not in the encoding it "
            "is published in; download it again, or name its encoding with --encoding"))
        ) from None


_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class Table:
    """A decoded CSV file: its header (found by an anchor column) and its rows, each with the
    file line it starts on."""

    def __init__(self, name: str, text: str, *, anchor: str = "URN",
                 title_rows: bool = False) -> None:
        self.name = name
        text = text.removeprefix("\ufeff")  # a byte-order mark left by an explicit encoding
        # splitlines is faster than a StringIO; it also splits at a few control characters
        # a CSV field could hold, so a text holding any is read through a StringIO instead
        other_breaks = any(c in text for c in _OTHER_BREAKS)
        lines = io.StringIO(text, newline="") if other_breaks else text.splitlines(True)
        self._reader = csv.reader(lines, strict=True)
        self.title_rows = 0
        for line, cells in self._records():
            if cells and anchor in cells:
                self.header = tuple(cells)
                self.header_line = line
                self.index = {c: i for i, c in reversed(list(enumerate(cells)))}
                return
            if not title_rows or line >= HEADER_SEARCH_LINES:
                break
            self.title_rows += 1
        where = "line 1" if not title_rows else f"the first {HEADER_SEARCH_LINES} lines"
        raise ImportFileError(name, Problem(1, f"no header row: no column named {anchor!r} "
                                               f"in {where}; is this the right file?"))

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        reader = self._reader
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise ImportFileError(self.name, Problem(
                    start, f"not valid CSV ({e}); download the file again")) from None
            yield start, cells

    def _position(self, column: str, aliases: Mapping[str, Sequence[str]] | None) -> int | None:
        for candidate in (column, *(aliases or {}).get(column, ())):
            if candidate in self.index:
                return self.index[candidate]
        return None

    def require(self, columns: Sequence[str],
                aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, int]:
        """Positions of the required columns by exact name (or a listed alias), else the error
        naming each missing column and the nearest header in the file."""
        found = self.optional(columns, aliases)
        missing = [f"{c!r}" + (f" (the file has {near!r})" if (near := self.nearest(c)) else "")
                   for c in columns if c not in found]
        if missing:
            raise ImportFileError(self.name, Problem(self.header_line, (
                f"missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}; column names are checked exactly as published")))
        return found

    def nearest(self, column: str) -> str | None:
        """The header most like ``column``: the same name but for case, spacing or a dropped
        " (name)", else the closest spelling."""
        def loose(text: str) -> str:
            return " ".join(text.lower().removesuffix(" (name)").split())

        same = [h for h in self.header if loose(h) == loose(column)]
        if same:
            return same[0]
        near = difflib.get_close_matches(column, self.header, n=1, cutoff=0.6)
        return near[0] if near else None

    def optional(self, columns: Sequence[str],
                 aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, int]:
        """Positions of whichever of these columns the file has (older files lack some)."""
        return {c: i for c in columns if (i := self._position(c, aliases)) is not None}

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for every data row; blank lines are passed over."""
        reader = self._reader
        start = reader.line_num + 1
        try:
            for cells in reader:
                if cells:
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as e:
            raise ImportFileError(self.name, Problem(
                start, f"not valid CSV ({e}); download the file again")) from None

    def width_problem(self, cells: Sequence[str]) -> str | None:
        if len(cells) < len(self.header):
            return (f"the row has {len(cells)} fields but the header has {len(self.header)} "
                    "(a broken or cut-off line)")
        if len(cells) > len(self.header):
            return (f"the row has {len(cells)} fields but the header has {len(self.header)} "
                    "(an unquoted comma?)")
        return None


def value(cells: Sequence[str], index: int | None) -> str:
    """The cell's text with surrounding spaces removed; "" for missing (``NULL`` or empty)."""
    if index is None:
        return ""
    text = cells[index].strip()
    return "" if text in MISSING else text


_DMY_DASH = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_DMY_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class BadValue(ValueError):
    """A value that is not what the column holds; the reader skips the row and says why."""


def _date(text: str, pattern: re.Pattern[str], written: str, column: str) -> dt.date | None:
    if not text:
        return None
    m = pattern.fullmatch(text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise BadValue(f"{column} {text!r} is not a date written {written}")


def gias_date(text: str, column: str) -> dt.date | None:
    """GIAS writes dates dd-mm-yyyy; empty is missing."""
    return _date(text, _DMY_DASH, "dd-mm-yyyy as GIAS does", column)


def ofsted_date(text: str, column: str) -> dt.date | None:
    """Ofsted writes dates dd/mm/yyyy; ``NULL`` or empty is missing."""
    return _date(text, _DMY_SLASH, "dd/mm/yyyy as Ofsted does", column)
