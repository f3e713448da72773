"""`sela gias`: the register from Get Information about Schools, one command a month."""

from __future__ import annotations

from typing import Any

import click

from .common import Store, pass_store
from .import_view import import_options


@click.group()
def gias() -> None:
    """The register from GIAS: the establishment extract and its links file.

    \b
    Example:
      sela gias import edubasealldata20250422.csv --links links_edubasealldata20250422.csv
    """


def la_codes(given: tuple[str, ...], app: Any) -> list[str]:
    """``--la`` as given, else the authority's LA codes from the policy in force."""
    return list(given) or list(app.policy.la_codes)


@gias.command("import")
@click.argument("extract", type=click.Path(dir_okay=False))
@click.option("--links", type=click.Path(dir_okay=False), default=None,
              metavar="LINKS.csv", help="The same day's links file (lineage, conversions).")
@import_options("Keep this LA's schools (GIAS LA code, e.g. 210); repeat for several. "
                "Default: la_codes in the policy in force (sela policy show), else 210.")
@pass_store
def import_(store: Store, extract: str, links: str | None, las: tuple[str, ...],
            dry_run: bool, encoding: str | None, as_json: bool) -> None:
    """Import a GIAS extract as published: register new schools, record what changed (name,
    type, phase, religious character, diocese, trust, status) dated by the extract, closures,
    conversions and links. Importing the same file again records nothing; every event cites
    the file, and the file's import is recorded (sela audit imports). All or nothing: a
    malformed row or a refused step stops the file and nothing is written.

    \b
    Example:
      sela gias import edubasealldata20250422.csv --links links_edubasealldata20250422.csv
      sela gias import edubasealldata20250902.csv --la 210 --la 208 --dry-run
    """
    from sela_workflow.people import acting_login
    from sela_workflow.published import import_gias

    from .import_view import run

    def use_case(app: Any, **kw: Any) -> Any:
        return import_gias(app, extract, links, la_codes=la_codes(las, app),
                           actor=acting_login(app, None),
                           encoding=encoding, **kw)

    run(store, "Importing", use_case, dry_run, as_json)
