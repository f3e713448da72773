"""Tamper evidence: each event's hash covers its canonical content and the previous event's hash.

The canonical form is independent of the storage encoding (JSON with sorted keys, ISO dates),
so `sela audit verify` can recompute it from any store, an export file or an import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from uuid import UUID

GENESIS = "0" * 64

#: Stored fields that are not part of the hashed content: the hash itself; the aggregate's
#: class topic, which names a Python module and may move without the record changing; and the
#: library's class-version marker, which says how the fields were stored, not what they say.
_EXCLUDED = {"hash", "originator_topic", "class_version"}


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot canonicalise {type(value).__name__}")


def canonical(event_type: str, fields: dict[str, Any]) -> bytes:
    content = {k: v for k, v in fields.items() if k not in _EXCLUDED}
    content["event_type"] = event_type
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_default).encode("utf-8")


def event_hash(event_type: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the canonical content; ``fields`` must include ``prev_hash``."""
    return hashlib.sha256(canonical(event_type, fields)).hexdigest()


def hash_of_event(event: Any) -> str:
    """Recompute the hash of a stored domain event from its own attributes."""
    return event_hash(type(event).__name__, dict(vars(event)))


def fold(head: str, event_hash_hex: str) -> str:
    """The store-wide chain: the previous head and the next event's hash, in log order."""
    return hashlib.sha256((head + event_hash_hex).encode("ascii")).hexdigest()
