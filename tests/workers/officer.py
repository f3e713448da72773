"""An officer's process for the concurrency tests: N `sela assess --review` commands through
the console entry point, each citing its own document, started together with the others.

Usage: python officer.py URL URN N START_AT TAG — prints one JSON line per command.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time

from sela_workflow.cli.main import cli

#: The advisers of tests/staff.py: each officer process records as one of them (ID-01).
ADVISERS = ("a.mensah", "r.clarke", "p", "bench")


def main() -> None:
    url, urn, n, start_at, tag = sys.argv[1:6]
    time.sleep(max(0.0, float(start_at) - time.time()))
    for i in range(int(n)):
        err = io.StringIO()
        code = 0
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                cli.main(["--db", url, "assess", urn, "--category", "BC"[i % 2], "--review",
                          "--rationale", f"review {i}", "--on", "2025-10-01",
                          "--doc", f"T-{tag}-{i}", "--actor", ADVISERS[sum(map(ord, tag)) % 4]],
                         prog_name="sela")
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 0
        print(json.dumps({"doc": f"T-{tag}-{i}", "code": code, "stderr": err.getvalue()}),
              flush=True)


if __name__ == "__main__":
    main()
