"""The people tests record as: the authority's register for a test store (ID-01).

Every recording is checked against the register, so each test store starts with these
officers and directors, holding their roles since 2000 (long before any test's dates).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

SINCE = dt.date(2000, 1, 1)
#: login, name, role
STAFF = (
    ("a.mensah", "Abena Mensah", "LA_ADVISER"),
    ("r.clarke", "Ruth Clarke", "LA_ADVISER"),
    ("p", "Pat Officer", "LA_ADVISER"),
    ("bench", "Benchmark Officer", "LA_ADVISER"),
    ("d.okafor", "Dr David Okafor", "DIRECTOR_CHILDREN_FAMILIES"),
    ("j.whyte", "Jo Whyte", "DIRECTOR_OF_EDUCATION"),
    ("l.ade", "Lola Ade", "LA_ASSISTANT_DIRECTOR"),
)
#: Who records in each role, where a test names only the role.
ACTOR_FOR = {role: login for login, _, role in reversed(STAFF)}
ADMIN = "admin"
#: Events in the register of a store set up with these staff (the first ADMIN, then a name
#: and a role for each): subtract them where a test counts a store's events.
REGISTER_EVENTS = 2 + 2 * len(STAFF)


def add_staff(app: Any, admin: str = ADMIN) -> None:
    """Open the register with ``admin`` as its administrator and add the staff."""
    from sela_workflow.people import seed_register

    seed_register(app, admin, [(login, name, [role], SINCE) for login, name, role in STAFF])


#: The same staff as a file for `sela people load` (after `sela init` made the test's actor
#: the ADMIN).
STAFF_CSV = str(Path(__file__).parent / "fixtures" / "staff.csv")


def staffed_app(url: str, **kw: Any) -> Any:
    """A new store at ``url`` with the staff in its register."""
    from sela_workflow.store import open_app

    app = open_app(url, create=True, **kw)
    add_staff(app)
    return app
