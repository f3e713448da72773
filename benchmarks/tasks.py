"""Measurements that need a process of their own: `python -m benchmarks.tasks TASK URL`.

- ``anchor``: the library's read + decode of the whole log (the rebuild's anchor);
- ``rebuild``: our rebuild of every read model, with its peak memory;
- ``due``: a cold process doing what `sela due` does up to printing (the same imports, the
  store opened, every row of the due list fetched), for the query side of its cold cost.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def read_log(app: Any) -> float:
    """The anchor: the library reading and decoding the whole log, in pages of 1,000, with
    its own mapper (SELA's resolves topics from an allow-list and decodes with orjson)."""
    from eventsourcing.persistence import Mapper

    mapper = Mapper(transcoder=app.mapper.transcoder, cipher=app.mapper.cipher,
                    compressor=app.mapper.compressor)
    started = time.perf_counter()
    start, n = 1, 0
    while True:
        page = app.recorder.select_notifications(start=start, limit=1000)
        for notification in page:
            mapper.to_domain_event(notification)
        n += len(page)
        if len(page) < 1000:
            break
        start = page[-1].id + 1
    return n / (time.perf_counter() - started)


def anchor(url: str) -> dict[str, float]:
    from sela_workflow.store import open_app

    app = open_app(url)
    try:
        return {"anchor_read_events_per_s": read_log(app)}
    finally:
        app.close()


def rebuild(url: str) -> dict[str, float]:
    """Our rebuild alone in its process, so its peak memory is its own."""
    from sela_workflow.follower import rebuild_all
    from sela_workflow.store import open_app

    app = open_app(url)
    events = app.recorder.max_notification_id() or 0
    base = peak_rss_mb()
    started = time.perf_counter()
    rebuild_all(app)
    seconds = time.perf_counter() - started
    app.close()
    peak = peak_rss_mb()
    return {"events": events, "seconds": seconds, "events_per_s": events / seconds,
            "peak_rss_mb": peak, "rss_growth_mb": peak - base}


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec, so a child
    of a large benchmark process would report its parent's size; /proc's high-water mark
    belongs to this process alone."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def due(url: str) -> dict[str, float]:
    from sela_workflow.cli.common import Store
    from sela_workflow.cli.main import cli  # noqa: F401  (the same imports as `sela due`)
    from sela_workflow.queries import iter_due

    store = Store(url)
    try:
        return {"rows": sum(1 for _ in iter_due(store.app()))}
    finally:
        store.close()


if __name__ == "__main__":
    task, url = sys.argv[1], sys.argv[2]
    print(json.dumps({"anchor": anchor, "rebuild": rebuild, "due": due}[task](url)))
