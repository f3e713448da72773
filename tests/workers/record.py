"""A writer process for the concurrency tests: N in-year reviews of one school, started together.

Usage: python record.py URL URN N START_AT TAG  — prints "ok K conflicts C".
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.errors import Conflict
from sela_workflow.aggregates.steps.school import AssessRisk
from sela_workflow.store import open_app


def main() -> None:
    url, urn, n, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    tag = sys.argv[5]
    app = open_app(url)
    ok = conflicts = 0
    time.sleep(max(0.0, start_at - time.time()))
    for i in range(n):
        envelope = Envelope(actor="a.mensah" if tag == "0" else "r.clarke", role="LA_ADVISER",
                            effective_date=dt.date(2025, 10, 1), reason=f"writer-{tag}-{i}")
        try:
            app.handle(AssessRisk(urn=urn, category="BC"[i % 2], rationale=f"review {i}",
                                  review=True), envelope)
            ok += 1
        except Conflict:
            conflicts += 1
    app.close()
    print(f"ok {ok} conflicts {conflicts}")


if __name__ == "__main__":
    main()
