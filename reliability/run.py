"""The reliability suite: `python -m reliability.run [--short] [--backend sqlite|postgres|both]`.

Runs, on each backend: concurrent writers (shared and distinct schools, and with a rebuild and
the follower beside them), crash injection (kill -9 in catch-up, rebuild, import and
recording), every tamper class, and the CLI fuzz. Exits 1 if anything was lost, duplicated,
falsely failed, left half-written, undetected, or printed a traceback. The long run (without
--short) writes its figures into docs/reliability.md; CI runs --short on both backends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from typing import Any

from . import concurrency, crash, fuzz, tamper
from .report import write_doc
from .stores import ROOT, scratch

RESULTS = ROOT / "reliability" / "results" / "results.json"

#: How much of each part the two runs do.
PLANS = {
    "short": {"commands": 12, "rebuild_commands": 12, "crash_trials": 1, "crash_schools": 120,
              "tamper_random": 10, "fuzz": {"sqlite": 1600, "postgres": 400}},
    "long": {"commands": 100, "rebuild_commands": 40, "crash_trials": 20, "crash_schools": 300,
             "tamper_random": 300, "fuzz": {"sqlite": 7000, "postgres": 3000}},
}


def run_backend(backend: str, plan: dict[str, Any], log: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with scratch() as folder:
        log(f"{backend}: concurrent writers")
        found["concurrency"] = {
            "8 processes, one shared school": concurrency.writers(
                backend, folder, commands=plan["commands"], shared=True),
            "8 processes, a school each": concurrency.writers(
                backend, folder, commands=plan["commands"], shared=False),
            "8 processes, shared school, rebuilds and the follower beside them":
                concurrency.writers(backend, folder, commands=plan["rebuild_commands"],
                                    shared=True, rebuild_during=True, follower=True),
        }
        log(f"{backend}: crash injection")
        found["crash"] = crash.run(backend, folder, trials=plan["crash_trials"],
                                   schools=plan["crash_schools"], log=log)
        log(f"{backend}: tamper classes")
        found["tamper"] = tamper.run(backend, folder, random_trials=plan["tamper_random"])
        log(f"{backend}: CLI fuzz")
        found["fuzz"] = fuzz.run(backend, folder, examples=plan["fuzz"][backend], log=log)
    return found


def problems(results: dict[str, Any]) -> list[str]:
    found = []
    for backend, parts in results["backends"].items():
        for name, result in parts["concurrency"].items():
            found += [f"{backend}, {name}: {p}" for p in result["problems"]]
        for part in ("crash", "tamper", "fuzz"):
            found += [f"{backend}, {part}: {p}" for p in parts[part]["problems"]]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="the quick run CI does")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--no-docs", action="store_true",
                        help="do not rewrite docs/reliability.md (the long run does)")
    args = parser.parse_args()
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    plan = PLANS["short" if args.short else "long"]
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    results: dict[str, Any] = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "run": "short" if args.short else "long",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "backends": {b: run_backend(b, plan, log) for b in backends},
    }
    results["seconds"] = round(time.perf_counter() - started, 1)
    found = problems(results)
    results["problems"] = found
    if not args.short:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2, default=str))
        if not args.no_docs:
            write_doc(results)
    for problem in found:
        print(f"FAIL {problem}", file=sys.stderr)
    log(f"done: {len(found)} problems" + ("" if found else "; every check passed"))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
