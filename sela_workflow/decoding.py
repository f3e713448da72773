"""Decoding stored JSON fast: orjson, then the library's typed values revived by its own
transcodings — the same objects the library's transcoder gives, several times quicker.

The library's ``JSONTranscoder`` parses with the standard library and calls a Python hook
for every JSON object, to turn ``{"_type_": name, "_data_": value}`` back into a date, a
time, a UUID... Here orjson parses (it keeps the last of duplicate keys, as the standard
library does), and only the typed objects are revived, with the transcoder's own
``Transcoding`` for each name, innermost first as the hook would. Where the stored dates of an
event live (its timestamp and effective date) they are looked up directly; the rest of the
document is walked only if it holds more typed objects. Anything orjson will not parse
(``NaN``, integers beyond 64 bits) or an unknown type name goes to the library's transcoder,
which decodes it — or raises — exactly as before.
"""

from __future__ import annotations

from typing import Any

import orjson

#: Where an event's stored dates and times are.
DATED = ("timestamp", "effective_date")
_MARK = b'"_type_"'


def decode(data: bytes, transcoder: Any) -> dict[str, Any]:
    """The stored state as the library's transcoder would decode it."""
    try:
        state = orjson.loads(data)
        if type(state) is not dict:
            raise ValueError
        names = transcoder.names
        typed = data.count(_MARK)
        for key in DATED:
            value = state.get(key)
            if type(value) is dict and len(value) == 2 and "_data_" in value:
                name = value.get("_type_")
                if name in names and type(value["_data_"]) is str:
                    state[key] = names[name].decode(value["_data_"])
                    typed -= 1
        if typed:
            state = _revive(state, names)
        return state
    except (orjson.JSONDecodeError, ValueError, KeyError, TypeError, AssertionError):
        return transcoder.decode(data)  # the reference: decodes, or raises, as it always did


def _revive(value: Any, names: dict[str, Any]) -> Any:
    """Typed objects anywhere in ``value`` revived, innermost first (KeyError: unknown)."""
    if type(value) is dict:
        for key, item in value.items():
            if type(item) is dict or type(item) is list:
                value[key] = _revive(item, names)
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            return names[value["_type_"]].decode(value["_data_"])
        return value
    for i, item in enumerate(value):
        if type(item) is dict or type(item) is list:
            value[i] = _revive(item, names)
    return value
