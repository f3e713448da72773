"""The projections and their schema versions, importable without the domain (CLI start-up).

Bump a version when a projection's tables or fold change: it is then rebuilt from the log.
"""

from __future__ import annotations

VERSIONS: dict[str, int] = {
    "casework": 3,
    "audit": 2,  # 2: refilled once, so the indexes release 0.1's killed rebuilds lost come back
    "chain": 1,
    "imports": 1,
}
