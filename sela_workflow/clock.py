"""Business dates are English dates: "today" is today in London, not in UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today() -> dt.date:
    return dt.datetime.now(LONDON).date()
