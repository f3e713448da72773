"""Which store to use: --db, else SELA_DATABASE_URL, else one SQLite file per user."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

ENV_URL = "SELA_DATABASE_URL"
ENV_ACTOR = "SELA_ACTOR"
ENV_ROLE = "SELA_ROLE"
ENV_POLICY = "SELA_POLICY"


def default_sqlite_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("sela-workflow", appauthor=False) / "sela.db"


def resolve_url(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_URL)
    if from_env:
        return from_env
    return f"sqlite:///{default_sqlite_path()}"


def default_actor() -> str:
    actor = os.environ.get(ENV_ACTOR)
    if actor:
        return actor
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return ""


def default_role() -> str | None:
    """The role named by $SELA_ROLE, if any (else the person's only casework role)."""
    return os.environ.get(ENV_ROLE) or None
