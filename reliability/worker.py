"""One officer for the concurrency scenarios: N `sela assess --review` commands, started at a
given moment, each citing its own document so the log shows exactly which were stored.

Usage: python -m reliability.worker URL TAG N URN[,URN...] START_AT [READ_EVERY]
Prints one JSON line per command: {"doc", "code", "stderr", "seconds"}.

Each command goes through the console entry point in this process (parsing, the store opened
and closed, the error mapping, the catch-up after the save), as `sela` itself would, without
paying a cold interpreter start per command.
"""

from __future__ import annotations

import json
import sys
import time

from reliability.stores import sela_direct


def main() -> None:
    url, tag, n, urns, start_at = sys.argv[1:6]
    read_every = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    schools = urns.split(",")
    time.sleep(max(0.0, float(start_at) - time.time()))
    for i in range(int(n)):
        urn = schools[i % len(schools)]
        doc = f"RL-{tag}-{i}"
        argv = ["--db", url, "assess", urn, "--category", "BC"[i % 2], "--review",
                "--rationale", f"review {i} by {tag}", "--on", "2025-10-01", "--doc", doc,
                "--actor", f"officer-{tag}"]
        started = time.perf_counter()
        result = sela_direct(argv)
        seconds = time.perf_counter() - started
        print(json.dumps({"doc": doc, "code": result.code, "stderr": result.stderr,
                          "seconds": seconds}), flush=True)
        if read_every and i % read_every == read_every - 1:
            read = sela_direct(["--db", url, "status", urn, "--json"])
            print(json.dumps({"doc": None, "code": read.code, "stderr": read.stderr,
                              "seconds": 0.0}), flush=True)


if __name__ == "__main__":
    main()
