"""Keeping projections current: a one-off catch-up, a rebuild, or following the log.

`sela projections run` is the long-running follower for a PostgreSQL store: it catches every
projection up, then polls for new events. Polling rather than LISTEN/NOTIFY because a lost
notification can leave a listener waiting forever (libraries.md §7.1) and because the same
loop then works on SQLite. Queries catch up for themselves too, so the follower only makes
them cheaper; both take the read models' write lock, so nothing is applied twice.

The follower outlives the database's bad moments: a busy or restarted server, a lost
connection or a rebuild running beside it costs one line on stderr and a retry after a pause
that grows to a minute. Only an event that no longer decodes (exit 3) stops it.
"""

from __future__ import annotations

import datetime as dt
import signal
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import PersistenceError
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .projections.runner import all_projections, catch_up_all, positions, rebuild


def follow(app: Any, *, interval: float = 1.0, once: bool = False,
           report: Callable[[str], None] | None = None) -> int:
    """Catch up, then keep catching up every ``interval`` seconds until SIGINT/SIGTERM."""
    stop = {"now": False}

    def _stop(*_: Any) -> None:
        stop["now"] = True

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    total = 0
    failures = 0
    try:
        while not stop["now"]:
            pause = interval
            try:
                applied = catch_up_all(app, all_projections(app))
                failures = 0
            except (DBAPIError, PersistenceError) as e:  # transient: the database, not the log
                if once:
                    raise
                failures += 1
                pause = min(60.0, interval * 2 ** min(failures, 6))
                if report:
                    reason = " ".join(str(getattr(e, "orig", None) or e).split())[:160]
                    report(f"{_now()} catch-up failed ({type(e).__name__}: {reason}); "
                           f"retrying in {pause:.0f} s")
                applied = 0
            total += applied
            if applied and report:
                report(f"{_now()} applied {applied}")
            if once:
                break
            slept = 0.0
            while slept < pause and not stop["now"]:
                time.sleep(min(0.1, pause))
                slept += 0.1
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return total


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def rebuild_all(app: Any, progress: Callable[[int], None] | None = None) -> int:
    return rebuild(app, all_projections(app), progress=progress)


def projection_status(app: Any) -> list[dict[str, Any]]:
    """Each projection's position against the head of the log."""
    engine = app.recorder.datastore.engine
    head = app.recorder.max_notification_id() or 0
    at = positions(engine)
    rows = []
    with Session(engine) as session:
        for p in all_projections(app):
            position = at.get(p.name, 0)
            events_table = app.recorder.events_record_cls.__table__
            behind = session.execute(select(func.count()).select_from(events_table).where(
                events_table.c.id > position)).scalar_one()
            rows.append({"projection": p.name, "version": p.version, "position": position,
                         "head": head, "behind": behind,
                         "tables": ", ".join(t.name for t in p.tables)})
    return rows
