"""`sela audit verify`: recompute every hash chain from the stored rows, writing nothing.

For every school: versions run 1, 2, 3... without a gap, each event's ``prev_hash`` is the
previous event's ``hash``, each ``hash`` is the SHA-256 of the event's canonical content, and
the row's topic is one of SELA's event classes — the class whose name the hash covers (see
topics.py), so a changed topic is caught and never imported. Then every hash is folded in log
order and compared with the chain head the store recorded, whose row must agree with the
chain projection's tracking row (a deleted or edited head row is caught), and, if given, with
a head anchored outside the database.

Speed (docs/performance.md): rows are read straight from the database driver, in pages. Each
event's canonical form is first computed from its stored JSON by a fast path — the stored
dates replaced by their ISO text, parsed and re-encoded with sorted keys by orjson — and
hashed. If that hash matches, the event is intact: equal SHA-256 means equal bytes, whatever
encoder produced them. Only when it does not match is the reference path of
``aggregates/chain.py`` run (decoding with the store's transcoder, re-encoding with the
standard library), and only its verdict counts. So the fast path can make verify quicker,
never more lenient.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import select

from .aggregates.chain import GENESIS, event_hash, fold
from .aggregates.errors import IntegrityFailure, InvalidInput
from .stored import stored_content, stored_head
from .topics import aggregate_topics, event_topics, written_by_sela

PAGE = 5000


@dataclass
class Report:
    events: int
    schools: int
    head: str
    position: int
    #: How many of the events the store's recorded chain head covers (None: one school).
    covered: int | None = None
    #: Each school verified: (URN, events, its last event's hash), in URN order.
    per_school: list[tuple[str, int, str]] = field(default_factory=list)
#: The library's stored dates and times ({"_type_": name, "_data_": "ISO text"}): their
#: canonical form is the ISO text itself (aggregates/chain.py). Where events keep them.
_ISO = frozenset({"datetime_iso", "date_iso"})
_DATED = ("timestamp", "effective_date")


def _pages(app: Any, urn: str | None) -> Iterator[list[Any]]:
    """Stored rows in log order, a page per statement, without the ORM's type processing."""
    from .aggregates.identity import school_id

    engine = app.recorder.datastore.engine
    table = app.recorder.events_record_cls.__table__.name
    qmark = engine.dialect.paramstyle == "qmark"
    p = (lambda name: "?") if qmark else (lambda name: f"%({name})s")
    where = f"id > {p('after')}"
    params: dict[str, Any] = {}
    if urn is not None:
        where += f" AND originator_id = {p('school')}"
        sid = school_id(urn)
        params["school"] = sid.bytes if qmark else sid
    sql = (f"SELECT id, originator_id, originator_version, topic, state FROM {table} "
           f"WHERE {where} ORDER BY id LIMIT {PAGE}")
    after = 0
    while True:
        values: Any = {"after": after, **params}
        if qmark:
            values = tuple(values[k] for k in ("after", "school") if k in values)
        conn = engine.raw_connection()  # plain tuples, no per-row result objects
        try:
            cursor = conn.cursor()
            cursor.execute(sql, values)
            rows = cursor.fetchall()
            cursor.close()
        finally:
            conn.close()
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        after = rows[-1][0]


class _Row:
    """A stored row as the reference path (audit.stored_content) reads it."""

    __slots__ = ("id", "originator_id", "originator_version", "state", "topic")

    def __init__(self, raw: Any, originator_id: uuid.UUID) -> None:
        self.id, _, self.originator_version, self.topic, self.state = raw
        self.originator_id = originator_id


def _fast(state: bytes, event_type: str, school: str, version: int) -> tuple[Any, ...] | None:
    """By the fast path: the hash of the stored content, and the stored hash, previous hash,
    URN, aggregate class and class version; None if it cannot be computed that way (e.g. a
    value of a type other than date and time)."""
    try:
        content = orjson.loads(state)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(content, dict):
        return None
    typed = state.count(b'"_type_"')
    for key in _DATED:  # where the stored dates are; anything else takes the walk below
        value = content.get(key)
        if (type(value) is dict and len(value) == 2 and value.get("_type_") in _ISO
                and "_data_" in value):
            content[key] = value["_data_"]
            typed -= 1
    if typed and _as_text(content) != typed:
        return None
    stored_hash = content.pop("hash", None)
    creator = content.pop("originator_topic", None)
    class_version = content.pop("class_version", 1)
    content["originator_id"] = school
    content["originator_version"] = version
    content["event_type"] = event_type
    try:
        digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    except (orjson.JSONEncodeError, TypeError):
        return None
    return (digest, stored_hash, content.get("prev_hash"), content.get("urn"), creator,
            class_version)


def _as_text(value: Any) -> int:
    """Replace stored dates and times nested anywhere by their ISO text, in place; return how
    many were replaced (-1 if a value of another stored type is found)."""
    done = 0
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in list(items):
        if isinstance(item, dict) and "_type_" in item and len(item) == 2 and "_data_" in item:
            if item["_type_"] not in _ISO or not isinstance(item["_data_"], str):
                return -1
            value[key] = item["_data_"]
            done += 1
        elif isinstance(item, (dict, list)):
            inner = _as_text(item)
            if inner < 0:
                return -1
            done += inner
    return done


def verify(app: Any, urn: str | None = None, anchor: str | None = None,
           progress: Callable[[int], None] | None = None) -> Report:
    """Recompute every chain; raise IntegrityFailure naming the first broken event."""
    if anchor is not None:
        anchor = anchor.strip().lower()
        if urn:
            raise InvalidInput("--anchor checks the whole store's chain head; drop the URN.")
        if not re.fullmatch(r"[0-9a-f]{16,64}", anchor):
            raise InvalidInput(f"--anchor {anchor!r} is not a chain head: give the 64 hex "
                               "characters `sela audit head` printed (at least the first 16).")
    recorded = None if urn else recorded_head(app)
    mapper = app.mapper
    plain = mapper.cipher is None and mapper.compressor is None
    types = event_topics()
    classes = {topic: cls.__name__ for topic, cls in types.items()}
    creators = aggregate_topics()
    last: dict[Any, tuple[int, str]] = {}
    urns: dict[Any, str] = {}
    ids: dict[Any, tuple[uuid.UUID, str]] = {}
    head, count, position, anchored = GENESIS, 0, 0, anchor is None
    pending = recorded is not None and recorded["position"] > 0

    def broken(raw: Any, what: str) -> IntegrityFailure:
        school = urns.get(raw[1], ids.get(raw[1], (raw[1], ""))[1])
        return IntegrityFailure(f"Integrity check failed at school {school} version "
                                f"{raw[2]} (position {raw[0]}): {what}.")

    for page in _pages(app, urn):
        for raw in page:
            if pending and raw[0] > recorded["position"]:  # type: ignore[index]
                _check_head(recorded, head, count, position)
                pending = False
            known = ids.get(raw[1])
            if known is None:
                oid = raw[1] if isinstance(raw[1], uuid.UUID) else uuid.UUID(bytes=bytes(raw[1]))
                known = ids[raw[1]] = (oid, str(oid))
            event_type = classes.get(raw[3])
            if event_type is None:
                raise broken(raw, f"its topic {str(raw[3])[:80]!r} is not one of SELA's event "
                                  "classes: it was altered outside SELA")
            version = raw[2]
            state = bytes(raw[4])
            fast = _fast(state, event_type, known[1], version) if plain else None
            if fast is None or fast[0] != fast[1]:  # the reference path decides
                try:
                    content = stored_content(app, _Row(raw, known[0]))
                    fast = (event_hash(event_type, content), content["hash"],
                            content.get("prev_hash"), content.get("urn"),
                            content.get("originator_topic"), content.get("class_version", 1))
                except Exception as e:  # altered bytes: the row no longer decodes
                    raise broken(raw, f"it cannot be decoded ({type(e).__name__}): it was "
                                      "altered outside SELA") from None
            digest, stored_hash, prev_hash, school_urn, creator, class_version = fast
            if not written_by_sela(class_version, types[raw[3]]):
                raise broken(raw, f"it claims class version {str(class_version)[:20]} of "
                                  f"{event_type}, which SELA never wrote: it was altered "
                                  "outside SELA")
            if version == 1:
                urns[raw[1]] = str(school_urn or known[1])
            if creator is not None and creator not in creators:
                raise broken(raw, "it names an aggregate class that is not SELA's: it was "
                                  "altered outside SELA")
            done, prev = last.get(raw[1], (0, GENESIS))
            if version != done + 1:
                raise broken(raw, f"it follows version {done}: an event is missing, or was "
                                  "inserted or reordered outside SELA")
            if prev_hash != prev:
                raise broken(raw, "it does not chain to the event before it: an event was "
                                  "removed, inserted or reordered outside SELA")
            if digest != stored_hash:
                raise broken(raw, "its content does not match its hash: it was altered "
                                  "outside SELA")
            last[raw[1]] = (version, stored_hash)
            if urn is None:
                head = fold(head, stored_hash)
                if anchor and head.startswith(anchor):
                    anchored = True
            count += 1
            position = raw[0]
        if progress:
            progress(len(page))
    if pending:
        _check_head(recorded, head, count, position)
    if not anchored:
        raise IntegrityFailure(f"Integrity check failed: the anchored head {anchor} was never "
                               "reached: the record differs from the one anchored.")
    covered = None if urn else (recorded["events"] if recorded else 0)
    schools = sum(1 for u in urns.values() if len(u) == 6)  # not the authority's record
    per_school = sorted((urns.get(k, ids[k][1]), v, h) for k, (v, h) in last.items()
                        if len(urns.get(k, "")) == 6)
    return Report(count, schools, head, position, covered, per_school)


def _check_head(recorded: Any, head: str, count: int, position: int) -> None:
    """The log up to the recorded position must fold to the recorded head, count and all."""
    if position != recorded["position"]:
        raise IntegrityFailure(
            f"Integrity check failed at position {recorded['position']}: the event there, "
            "covered by the chain head the store recorded, is missing: it was removed "
            "outside SELA.")
    if head != recorded["head"] or count != recorded["events"]:
        raise IntegrityFailure(
            f"Integrity check failed at position {recorded['position']}: the "
            f"{count} events up to there do not give the chain head the store recorded "
            f"({recorded['events']} events, head {recorded['head'][:16]}...): events were "
            "removed, inserted or reordered outside SELA.")


def recorded_head(app: Any) -> dict[str, Any] | None:
    """The chain head the store recorded, checked against the chain projection's own
    tracking row, which moves in the same transaction: a head row deleted, added or moved
    outside SELA no longer agrees with it. None when nothing has been folded yet."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from .projections.tables import projection_state

    c = projection_state.c
    try:
        head = stored_head(app)
        with app.recorder.datastore.engine.connect() as conn:
            tracked = conn.execute(select(c.position).where(c.name == "chain")).first()
    except (OperationalError, ProgrammingError):
        head, tracked = None, None
    folded = tracked.position if tracked is not None else None
    if head is None and not folded:
        if tracked is None and _has_events(app):
            raise IntegrityFailure("Integrity check failed: the store's record of its chain "
                                   "head is missing (its tracking row was removed outside "
                                   "SELA). Compare with an anchored head: sela audit verify "
                                   "--anchor HEAD")
        return None
    if head is None or folded != head["position"] or head["position"] <= 0:
        raise IntegrityFailure(
            "Integrity check failed: the chain head the store recorded "
            + ("is missing" if head is None else f"(position {head['position']}) does not "
               f"agree with the chain's own position ({folded})")
            + ": it was removed or edited outside SELA. Compare with an anchored head: "
              "sela audit verify --anchor HEAD")
    return head


def _has_events(app: Any) -> bool:
    table = app.recorder.events_record_cls.__table__
    with app.recorder.datastore.engine.connect() as conn:
        return conn.execute(select(table.c.id).limit(1)).first() is not None
