"""`sela ofsted`: inspection reports, categories of concern, the statement of action, and the
import of Ofsted's monthly inspection outcomes."""

from __future__ import annotations

from typing import Any

import click

from .common import Store, pass_store
from .import_view import import_options
from .steps import group

ofsted = group("ofsted", """Ofsted outcomes, categories of concern and the statement of action
    (OF-01, OF-02).

    \b
    Example:
      sela ofsted notify 190106 --category SM
    """)


@ofsted.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@import_options("Rows of other LAs are counted, not listed (default: la_codes in the "
                "policy in force, else 210); repeat for several.")
@pass_store
def import_(store: Store, file: str, las: tuple[str, ...], dry_run: bool,
            encoding: str | None, as_json: bool) -> None:
    """Import Ofsted's "latest inspections" management information (any era, as published):
    each inspection of a registered school not yet recorded, under its framework period; a
    category of concern is notified exactly as `sela ofsted notify` would (eligibility and
    the statement-of-action deadline start), a later inspection finding none removes it.
    Unknown URNs are reported, never created. Importing the file again records nothing.

    \b
    Example:
      sela ofsted import latest_inspections_as_at_31_Aug_2025.csv
      sela ofsted import latest_inspections_as_at_30_Sep_2025.csv --dry-run
    """
    from sela_workflow.people import acting_login
    from sela_workflow.published import import_ofsted

    from .gias import la_codes
    from .import_view import run

    def use_case(app: Any, **kw: Any) -> Any:
        return import_ofsted(app, file, la_codes=la_codes(las, app),
                             actor=acting_login(app, None),
                             encoding=encoding, **kw)

    run(store, "Importing", use_case, dry_run, as_json)
