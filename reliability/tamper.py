"""Tamper classes: each a change to a copy of a real store made with raw SQL, as an intruder
with database access would, then `sela audit verify`, which must exit 3 with one line and
write nothing. Truncating the log and rewriting a history with fresh hashes are caught only
against a head anchored outside the database (`--anchor`), as designed (docs/audit.md).

A changed topic names a probe module on the path: decoding must never import it.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .stores import event_count, fresh_store, sela, sql_as_owner, tables

PROBE = "sela_reliability_probe"
EVENTS = "sela_workflow.aggregates.events"


_sql = sql_as_owner


def _rows(url: str) -> list[Any]:
    return _sql(url, "select id, originator_id, originator_version, topic, state "
                     "from sela_events order by id")


def _set_state(url: str, row_id: int, state: bytes) -> None:
    _sql(url, "update sela_events set state = :s where id = :i", s=state, i=row_id)


def _edit_json(url: str, row: Any, change: Callable[[dict[str, Any]], None]) -> None:
    content = json.loads(bytes(row.state))
    change(content)
    _set_state(url, row.id, json.dumps(content, separators=(",", ":"),
                                       ensure_ascii=False).encode())


# -- the classes: each takes (url, rng) and alters the store --------------------------------

def byte_flip(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    data = bytearray(bytes(row.state))
    at = rng.randrange(len(data))
    data[at] = (data[at] + rng.randrange(1, 256)) % 256
    _set_state(url, row.id, bytes(data))


def bit_flip(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    data = bytearray(bytes(row.state))
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(8)
    _set_state(url, row.id, bytes(data))


def field_edit(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)

    def change(content: dict[str, Any]) -> None:
        key = rng.choice(sorted(content))
        value = content[key]
        if isinstance(value, bool):
            content[key] = not value
        elif isinstance(value, int):
            content[key] = value + 1
        elif isinstance(value, str):
            content[key] = value + "x" if value else "x"
        elif isinstance(value, list):
            content[key] = [*value, "x"]
        elif isinstance(value, dict) and "_data_" in value:
            value["_data_"] = str(value["_data_"]).replace("1", "2", 1) + (
                "" if "1" in str(value["_data_"]) else "0")
        else:
            content[key] = "x"

    _edit_json(url, row, change)


def topic_module(url: str, rng: random.Random, first: bool = False) -> None:
    row = _rows(url)[0] if first else rng.choice(_rows(url))
    name = row.topic.rpartition(":")[2]
    _sql(url, "update sela_events set topic = :t where id = :i", t=f"{PROBE}:{name}",
         i=row.id)


def topic_class(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    others = sorted({r.topic for r in rows} - {row.topic})
    _sql(url, "update sela_events set topic = :t where id = :i", t=rng.choice(others),
         i=row.id)


def creator_topic(url: str, rng: random.Random, first: bool = False) -> None:
    firsts = [r for r in _rows(url) if r.originator_version == 1]
    row = firsts[0] if first else rng.choice(firsts)
    _edit_json(url, row, lambda c: c.update(originator_topic=f"{PROBE}:School"))


def delete(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    _sql(url, "delete from sela_events where id = :i", i=row.id)


def delete_newest(url: str, rng: random.Random, first: bool = False) -> None:
    newest: dict[Any, Any] = {}
    for r in _rows(url):
        newest[r.originator_id] = r
    row = rng.choice(sorted(newest.values(), key=lambda r: r.id))
    _sql(url, "delete from sela_events where id = :i", i=row.id)


def _swap(url: str, a: Any, b: Any) -> None:
    for row, other in ((a, b), (b, a)):
        _sql(url, "update sela_events set topic = :t, state = :s where id = :i",
             t=other.topic, s=bytes(other.state), i=row.id)


def swap_same_school(url: str, rng: random.Random, first: bool = False) -> None:
    by_school: dict[Any, list[Any]] = {}
    for r in _rows(url):
        by_school.setdefault(r.originator_id, []).append(r)
    rows = rng.choice([v for v in by_school.values() if len(v) > 1])
    a, b = rng.sample(rows, 2)
    _swap(url, a, b)


def swap_schools(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    a = rows[0] if first else rng.choice(rows)
    b = rng.choice([r for r in rows if r.originator_id != a.originator_id])
    _swap(url, a, b)


def _last_versions(url: str) -> dict[Any, int]:
    last: dict[Any, int] = {}
    for r in _rows(url):
        last[r.originator_id] = max(last.get(r.originator_id, 0), r.originator_version)
    return last


def _insert(url: str, school: Any, version: int, topic: str, state: bytes) -> None:
    _sql(url, "insert into sela_events (originator_id, originator_version, topic, state) "
              "values (:o, :v, :t, :s)", o=school, v=version, t=topic, s=state)


def duplicate(url: str, rng: random.Random, first: bool = False) -> None:
    """An existing event stored again as its school's next version."""
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    _insert(url, row.originator_id, _last_versions(url)[row.originator_id] + 1, row.topic,
            bytes(row.state))


def insert_forged(url: str, rng: random.Random, first: bool = False) -> None:
    """Another school's newest event, chained onto this school (prev_hash set to fit)."""
    rows = _rows(url)
    last = _last_versions(url)
    newest = {r.originator_id: r for r in rows}
    target, donor = rng.sample(sorted(newest, key=str), 2)
    content = json.loads(bytes(newest[donor].state))
    content["prev_hash"] = json.loads(bytes(newest[target].state))["hash"]
    _insert(url, target, last[target] + 1, newest[donor].topic,
            json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode())


def version_change(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    _sql(url, "update sela_events set originator_version = :v where id = :i",
         v=row.originator_version + rng.choice((1000, 2000)), i=row.id)


def move_school(url: str, rng: random.Random, first: bool = False) -> None:
    rows = _rows(url)
    row = rows[0] if first else rng.choice(rows)
    last = _last_versions(url)
    other = rng.choice(sorted(set(last) - {row.originator_id}, key=str))
    _sql(url, "update sela_events set originator_id = :o, originator_version = :v "
              "where id = :i", o=other, v=last[other] + 1, i=row.id)


def head_edit(url: str, rng: random.Random, first: bool = False) -> None:
    row = _sql(url, "select head, events, position from sela_chain_head")[0]
    column = rng.choice(("head", "events", "position", "position0", "positionneg"))
    if column == "head":
        flipped = "0" if row.head[0] != "0" else "1"
        _sql(url, "update sela_chain_head set head = :h", h=flipped + row.head[1:])
    elif column == "events":
        _sql(url, "update sela_chain_head set events = :e", e=row.events + rng.choice((-1, 1)))
    elif column == "position0":
        _sql(url, "update sela_chain_head set position = 0")
    elif column == "positionneg":
        _sql(url, "update sela_chain_head set position = -1")
    else:
        _sql(url, "update sela_chain_head set position = :p",
             p=row.position + rng.choice((-1, 1, 1000)))


def head_delete(url: str, rng: random.Random, first: bool = False) -> None:
    _sql(url, "delete from sela_chain_head")


def head_tracking_delete(url: str, rng: random.Random, first: bool = False) -> None:
    _sql(url, "delete from sela_projections where name = 'chain'")


def truncate(url: str, rng: random.Random, first: bool = False) -> None:
    """The log's newest events removed, and the recorded head rebuilt to match."""
    rows = _rows(url)
    keep = rows[-rng.randint(1, min(5, len(rows) - 1)) - 1].id
    _sql(url, "delete from sela_events where id > :k", k=keep)
    assert sela(url, "projections", "rebuild").code == 0


def rewrite(url: str, rng: random.Random, first: bool = False) -> None:
    """A school's history rewritten with every hash recomputed, and the head rebuilt."""
    from sela_workflow.aggregates.chain import GENESIS, event_hash
    from sela_workflow.topics import event_topics

    rows = _rows(url)
    school = rng.choice(sorted({r.originator_id for r in rows if r.originator_version == 2},
                               key=str))
    prev = GENESIS
    for r in [r for r in rows if r.originator_id == school]:
        content = json.loads(bytes(r.state))
        if r.originator_version == 2:
            content["reason"] = content.get("reason", "") + " (rewritten)"
        content["prev_hash"] = prev
        hashed = {k: (v["_data_"] if isinstance(v, dict) and "_data_" in v else v)
                  for k, v in content.items()}
        hashed.update(originator_id=str(r.originator_id),
                      originator_version=r.originator_version)
        content["hash"] = prev = event_hash(event_topics()[r.topic].__name__, hashed)
        _set_state(url, r.id, json.dumps(content, separators=(",", ":"),
                                         ensure_ascii=False).encode())
    assert sela(url, "projections", "rebuild").code == 0


#: (name, mutation, caught only with --anchor)
CLASSES: list[tuple[str, Callable[..., None], bool]] = [
    ("byte flip", byte_flip, False), ("bit flip", bit_flip, False),
    ("field edit", field_edit, False), ("topic: module", topic_module, False),
    ("topic: class", topic_class, False), ("aggregate topic", creator_topic, False),
    ("delete", delete, False), ("delete a school's newest", delete_newest, False),
    ("swap within a school", swap_same_school, False),
    ("swap between schools", swap_schools, False), ("duplicate", duplicate, False),
    ("insert", insert_forged, False), ("version change", version_change, False),
    ("move to another school", move_school, False), ("chain head edit", head_edit, False),
    ("chain head delete", head_delete, False),
    ("chain head tracking delete", head_tracking_delete, False),
    ("truncation (--anchor)", truncate, True), ("rewrite (--anchor)", rewrite, True),
]
#: The classes that also make sense on the very first stored row.
FIRST_ROW = {"byte flip", "bit flip", "field edit", "topic: module", "topic: class",
             "aggregate topic", "delete", "swap between schools", "duplicate",
             "version change", "move to another school"}


def _probe(folder: Path) -> Path:
    """A module that leaves a mark if anything imports it."""
    marker = folder / "probe-imported"
    (folder / f"{PROBE}.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return marker


def trial(base: str, backend: str, folder: Path, name: str, mutate: Callable[..., None],
          anchored: bool, rng: random.Random, first: bool, anchor: str) -> str | None:
    """One mutation on a copy of ``base``; None if verify caught it as it should."""
    marker = _probe(folder)
    with fresh_store(backend, folder, template=base) as url:
        mutate(url, rng, first)
        before = (tables(url), event_count(url))
        args = ["audit", "verify"] + (["--anchor", anchor] if anchored else [])
        result = sela(url, *args)
        after = (tables(url), event_count(url))
    where = f"{name}{' (first row)' if first else ''}"
    lines = result.stderr.strip().splitlines()
    if marker.exists() or PROBE in sys.modules:
        return f"{where}: decoding imported the module a stored topic named"
    if result.code != 3:
        return f"{where}: verify exited {result.code}: {result.stderr.strip()[:200]}"
    if len(lines) != 1 or not lines[0].startswith("Error: Integrity check failed"):
        return f"{where}: not one integrity line: {result.stderr.strip()[:200]}"
    if before != after:
        return f"{where}: verify changed the store"
    return None


def run(backend: str, folder: Path, *, random_trials: int, seed: int = 11) -> dict[str, Any]:
    """Every class once (and on the first row where it applies), then random ones."""
    from .concurrency import register

    rng = random.Random(seed)
    problems: list[str] = []
    caught: dict[str, int] = {}
    with fresh_store(backend, folder) as base:
        assert sela(base, "demo", "--actor", "rel-admin").code == 0
        register(base, ["100001", "100002"])
        head = json.loads(sela(base, "audit", "head", "--json").stdout)["head"]
        untouched = sela(base, "audit", "verify")
        if untouched.code != 0:
            problems.append(f"the untouched store does not verify: {untouched.stderr}")
        plan = [(n, m, a, False) for n, m, a in CLASSES]
        plan += [(n, m, a, True) for n, m, a in CLASSES if n in FIRST_ROW]
        plan += [(*rng.choice(CLASSES), rng.random() < 0.1) for _ in range(random_trials)]
        for name, mutate, anchored, first in plan:
            problem = trial(base, backend, folder, name, mutate, anchored, rng, first, head)
            if problem:
                problems.append(problem)
            else:
                caught[name] = caught.get(name, 0) + 1
    return {"trials": len(plan), "caught": sum(caught.values()), "by_class": caught,
            "problems": problems}
