"""The values the CLI fuzz types in: good ones, nearly good ones, and hostile ones."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

DEMO_URNS = ("190101", "190106", "190114", "190140")
#: Where the digits 0-9 start in other scripts (what str.isdigit() also accepts).
FULLWIDTH, ARABIC, DEVANAGARI = 0xFF10, 0x0660, 0x0966


def foreign(text: str, zero: int) -> str:
    """The text with its ASCII digits written in another script."""
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


#: Text as an officer (or a script) might send it, hostile characters included. Lone
#: surrogates are what Python makes of bytes in argv that are not UTF-8.
hostile_chars = st.sampled_from(["\x1b[31m", "\x1b]0;x\x07", "\r", "\n", "\t", "\x08",
                                 "\u2028", "\u202e", "\ufeff", "\udcff", "\udc80", "\x00",
                                 "\x7f", "\x85", "'", '"', "\\", "{", "}", "%s", "{0}",
                                 "\U0001f600", "\u00e9", "\u0661\u0662\u0663", "\uff1b"])
text = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.text(max_size=8), hostile_chars), max_size=6).map("".join),
    st.sampled_from(["", " ", "x" * 100_000, "\u00e9" * 20_000, "a\nb", "line one\r\nline two"]),
)

dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2025-09-19", "2024-09-02", "2026-11-20", "2099-01-01", "2025-02-30",
                     "2025-9-1", "20250919", "19/09/2025", "2025-09-19T10:00", "", " ",
                     foreign("2025-09-19", FULLWIDTH), foreign("2025-09-19", ARABIC),
                     "0000-01-01", "9999-12-31",
                     "2025-13-01", "yesterday", "2025-09-19\n", "-2025-01-01"]),
    text,
)

urns = st.one_of(
    st.sampled_from((*DEMO_URNS, "100834", "999999", "000000", "10083", "1008345", "",
                     foreign("100834", ARABIC), foreign("100834", FULLWIDTH),
                     foreign("190106", DEVANAGARI), "1" + foreign("00834", ARABIC),
                     " 190106", "190106\n", "-19010", "1e5", "190106x")),
    st.integers(0, 10**7).map(str),
    text,
)

periods = st.one_of(
    st.sampled_from(["30d", "2w", "0", "0d", "30", "-1d", "1e3", "", "30x",
                     foreign("30d", FULLWIDTH),
                     "99999999999999999999d", "9" * 400 + "w", "2147483648d", "4000000d",
                     " 7 d ", "7dd"]),
    st.integers(-10, 10**12).map(lambda n: f"{n}d"),
    text,
)

numbers = st.one_of(st.integers(-5, 400).map(str),
                    st.sampled_from(["", "x", "1.5", "9" * 50, "\u0663", "0x10"]), text)

categories = st.one_of(st.sampled_from(["A", "b", "C", "d", "E", "", "AB", "\u00e7"]), text)


def vocab(*codes: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(codes), st.sampled_from(["", "?", "none"]), text)


db_urls = st.sampled_from([
    "not a url", "", "sqlite://", "sqlite:///", "mysql://u@h/db", "postgresql://",
    "postgresql+psycopg://postgres@127.0.0.1:1/x", "sqlite:////nonexistent/dir/x.db",
    "sqlite:////etc/hostname", "sqlite:///:memory:", "http://example.org/x",
    "postgresql+nosuchdriver://u@h/db", "sqlite:///\udcff.db", "sqlite:///" + "x" * 5000,
    "postgresql+psycopg://u:p@[::1/x", "sqlite:///%zz", "oracle://u@h/x",
])


class Files:
    """Fixed files and folders the fuzz may name (made once per run)."""

    def __init__(self, folder: Path, export: Path) -> None:
        self.folder = folder
        self.export = export
        self.missing = folder / "missing" / "x.jsonl"
        self.directory = folder
        self.unreadable = folder / "unreadable.jsonl"
        self.unreadable.write_text("{}\n")
        self.unreadable.chmod(0)
        self.not_utf8 = folder / "latin1.jsonl"
        self.not_utf8.write_bytes(b'{"format": "sela-export/1", "x": "\xe9"}\n')
        self.empty = folder / "empty.jsonl"
        self.empty.write_text("")
        self.long_name = folder / ("n" * 300 + ".jsonl")
        self.under_file = export / "below-a-file.jsonl"

    def paths(self) -> st.SearchStrategy[str]:
        fixed = [self.export, self.missing, self.directory, self.unreadable, self.not_utf8,
                 self.empty, self.long_name, self.under_file]
        return st.one_of(st.sampled_from([str(p) for p in fixed] + ["", "-", ".", "/"]),
                         text.map(lambda t: str(self.folder / t) if t else ""))

    def out_paths(self) -> st.SearchStrategy[str]:
        return st.one_of(self.paths(), st.integers(0, 10**6).map(
            lambda n: str(self.folder / "out" / f"o{n}.jsonl")), st.integers(0, 10**6).map(
            lambda n: str(self.folder / f"o{n}.jsonl")))


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def export_lines(valid: list[str]) -> st.SearchStrategy[list[str]]:
    """Import files: a real export, cut, altered and mixed with malformed lines."""
    header = valid[0]
    bad_line = st.one_of(
        st.sampled_from(["", "{", "null", "[]", "1", '"x"', "{}", '{"format": 1}',
                         _nested(100_000), '{"a":' * 5000 + "1" + "}" * 5000,
                         '{"fields": ' + _nested(3000) + "}", "1" * 5000,
                         '{"format":"sela-export/1","events":1e999}', "\ufeff{}",
                         json.dumps({"event_type": "Nope", "fields": {}})]),
        st.dictionaries(st.sampled_from(["format", "fields", "event_type", "version",
                                         "school_id", "hash", "prev_hash", "timestamp",
                                         "position", "urn", "events", "chain_head"]),
                        st.one_of(st.none(), st.integers(), text, st.lists(st.integers()),
                                  st.dictionaries(st.text(max_size=5), st.integers())),
                        max_size=8).map(json.dumps),
        text,
    )
    mutated = st.sampled_from(valid[1:]).flatmap(lambda line: st.integers(
        0, max(0, len(line) - 1)).map(lambda i: line[:i] + "x" + line[i + 1:]))
    body = st.lists(st.one_of(st.sampled_from(valid[1:]), bad_line, mutated), max_size=6)
    return st.one_of(
        st.just(valid), st.just(valid[:-1]), st.just([header]),
        body.map(lambda lines: [header, *lines]), body,
        st.lists(bad_line, min_size=1, max_size=3))
