"""A school's identity: its URN and the aggregate ID derived from it (cheap to import); and
the authority's own record (the files it imported)."""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from .errors import InvalidInput

_URN = re.compile(r"^[1-9][0-9]{5}$")  # ASCII digits only: lookalike digits are refused


def check_urn(urn: str) -> str:
    urn = str(urn).strip()
    if not _URN.fullmatch(urn):
        shown = urn if urn.isprintable() and len(urn) <= 20 else ascii(urn[:20])
        raise InvalidInput(f"{shown!r} is not a URN: a URN is the school's 6-digit GIAS "
                           "unique reference number, e.g. 100834.")
    return urn


def school_id(urn: str) -> UUID:
    """The aggregate ID is derived from the URN, so the URN is the natural key (libraries §1.3)."""
    return uuid5(NAMESPACE_URL, f"urn:sela:school:{urn}")


#: The authority's own record in the store: the files it imported (events.authority).
AUTHORITY_ID = uuid5(NAMESPACE_URL, "urn:sela:authority")
