"""Changing a store behind SELA's back, as an intruder with the table owner's SQL access
would: on PostgreSQL they must first lift the append-only triggers (docs/security.md). The
reliability suite's tamper classes do the same (reliability/stores.py)."""

from __future__ import annotations

from reliability.stores import sql_as_owner as raw

__all__ = ["raw"]
