"""Many officers at once: separate processes recording against shared and distinct schools,
optionally with a rebuild and the follower running beside them.

Every command cites its own document, so the stored log says which commands got through.
Afterwards: every command reported as done is stored exactly once (0 lost, 0 duplicated),
every command reported as failed stored nothing (0 false failures), no command printed a
traceback or exited outside 0-3, a refusal was one clean line (a conflict after the retries),
the views equal a rebuild, and `sela audit verify` passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .stores import ROOT, documents, fresh_store, sela, views_equal_rebuild

SETUP_ON = "2024-09-02"


def register(url: str, urns: list[str]) -> None:
    for urn in urns:
        result = sela(url, "school", "register", urn, "--name", f"School {urn}", "--type",
                      "community", "--phase", "primary", "--on", SETUP_ON, "--actor", "setup")
        assert result.code == 0, result.stderr


def _spawn(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def writers(backend: str, folder: Path, *, procs: int = 8, commands: int = 100,
            shared: bool = True, rebuild_during: bool = False,
            follower: bool = False) -> dict[str, Any]:
    """Run the scenario; return its figures and the problems found (empty if none)."""
    with fresh_store(backend, folder) as url:
        urns = ["100000"] if shared else [str(100001 + k) for k in range(procs)]
        register(url, urns)
        start_at = time.time() + 3.0
        workers = [_spawn(["-m", "reliability.worker", url, f"w{k}", str(commands),
                           urns[0] if shared else urns[k], str(start_at), "10"])
                   for k in range(procs)]
        side: list[tuple[str, subprocess.Popen[str]]] = []
        if follower:
            side.append(("follower", _spawn(["-m", "sela_workflow.cli", "--db", url,
                                             "projections", "run", "--interval", "0.2"])))
        rebuilds: list[subprocess.CompletedProcess[str]] = []
        if rebuild_during:
            time.sleep(max(0.0, start_at - time.time()) + 0.5)
            while any(w.poll() is None for w in workers):
                rebuilds.append(subprocess.run(
                    [sys.executable, "-m", "sela_workflow.cli", "--db", url,
                     "projections", "rebuild"], cwd=ROOT, capture_output=True, text=True))
        outputs = [w.communicate() for w in workers]
        finished = time.time()
        for _, proc in side:
            proc.terminate()
        side_out = [(name, proc, proc.communicate(timeout=60)) for name, proc in side]
        return _judge(url, outputs, [w.returncode for w in workers], rebuilds, side_out,
                      finished - start_at, procs * commands)


def _judge(url: str, outputs: list[tuple[str, str]], codes: list[int],
           rebuilds: list[Any], side: list[Any], seconds: float, expected: int
           ) -> dict[str, Any]:
    problems: list[str] = []
    results = []
    for (out, err), code in zip(outputs, codes, strict=True):
        if code != 0 or err.strip():
            problems.append(f"a worker process failed ({code}): {err.strip()[-300:]}")
        results += [json.loads(line) for line in out.splitlines() if line.strip()]
    stored = documents(url)
    recorded = [r for r in results if r["doc"]]
    ok = [r for r in recorded if r["code"] == 0]
    conflicts = [r for r in recorded if r["code"] == 1 and "Conflict" in r["stderr"]]
    lost = [r["doc"] for r in ok if stored.get(r["doc"], 0) == 0]
    duplicated = [d for d, n in stored.items() if n > 1 and d.startswith("RL-")]
    false_failures = [r for r in recorded if r["code"] != 0 and stored.get(r["doc"], 0)]
    bad = [r for r in results if r["code"] not in (0, 1, 2, 3) or "Traceback" in r["stderr"]
           or (r["code"] != 0 and r not in conflicts)]
    multi = [r for r in results if r["code"] != 0 and len(r["stderr"].strip().splitlines()) != 1]
    notes = sum(r["stderr"].count("Note:") for r in results if r["code"] == 0)
    if len(recorded) != expected:
        problems.append(f"{expected - len(recorded)} commands gave no result")
    for what, items in (("lost", lost), ("duplicated", duplicated),
                        ("false failures", false_failures), ("unexpected failures", bad),
                        ("errors over several lines", multi)):
        if items:
            problems.append(f"{len(items)} {what}, e.g. {str(items[0])[:300]}")
    for done in rebuilds:
        if done.returncode != 0:
            problems.append(f"a rebuild beside the writers failed ({done.returncode}): "
                            f"{done.stderr.strip()[-300:]}")
    for name, proc, (_out, err) in side:
        survived = proc.returncode in (0, -15) and "Projections current" in err
        if not survived or "Traceback" in err:
            problems.append(f"the {name} did not survive ({proc.returncode}): {err[-300:]}")
    differs = views_equal_rebuild(url)
    if differs:
        problems.append(differs)
    verified = sela(url, "audit", "verify")
    if verified.code != 0:
        problems.append(f"verify failed: {verified.stderr.strip()}")
    return {"commands": len(recorded), "ok": len(ok), "conflicts": len(conflicts),
            "lost": len(lost), "duplicated": len(duplicated),
            "false_failures": len(false_failures), "unexpected": len(bad),
            "multi_line_errors": len(multi), "notes": notes, "rebuilds": len(rebuilds),
            "seconds": round(seconds, 1),
            "commands_per_s": round(len(ok) / seconds, 1) if seconds > 0 else None,
            "problems": problems}
