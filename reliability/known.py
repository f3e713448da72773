"""Expected-known fuzz findings: failures in `cli/` modules (other than main.py) that the
reliability work may not change, reported to the lead in reliability/FINDINGS.md. A fuzz case
matching one is counted under the finding's ID instead of failing the run; each ID here has a
section of the same name in FINDINGS.md. Remove an entry when its finding is fixed: the fuzz
then holds the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: (finding ID, predicate on (argv, result, problem))
KNOWN: list[tuple[str, Callable[[list[str], Any, str], bool]]] = []


def match(argv: list[str], result: Any, problem: str) -> str | None:
    for finding, applies in KNOWN:
        if applies(argv, result, problem):
            return finding
    return None
