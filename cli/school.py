"""`sela school`: register schools, list them, name the officer who owns each case."""

from __future__ import annotations

from .common import Store, pass_store
from .output import emit_rows, table_options
from .steps import group

LIST_COLUMNS = (("urn", "URN"), ("name", "School"), ("establishment_type", "Type"),
                ("phase", "Phase"), ("category", "Cat"), ("officer", "Officer"))
LIST_DEFAULT = ("urn", "name", "establishment_type", "phase")

school = group("school", """Register schools, list them, and name the officer who owns each
    case.

    \b
    Example:
      sela school register 100834 --name "Bankside Primary School" --type COMMUNITY \\
          --phase PRIMARY --on 2014-09-01
    """)


@school.command("list")
@table_options(LIST_COLUMNS)
@pass_store
def list_schools(store: Store, as_json: bool, as_csv: bool) -> None:
    """List every registered school.

    \b
    Example:
      sela school list --csv > schools.csv
    """
    from sela_workflow.queries import status

    rows = status(store.app())
    emit_rows([{k: r.get(k) for k, _ in LIST_COLUMNS} for r in rows], LIST_COLUMNS,
              as_json=as_json, as_csv=as_csv, default=LIST_DEFAULT,
              empty="No schools registered yet: sela school register URN --name ...")
