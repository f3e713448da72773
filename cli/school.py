"""`sela school`: register schools, list them, name the officer who owns each case."""

from __future__ import annotations

from .common import Store, emit_rows, output_options, pass_store
from .steps import group

school = group("school", """Register schools, list them, and name the officer who owns each
    case.

    \b
    Example:
      sela school register 100834 --name "Bankside Primary School" --type COMMUNITY \\
          --phase PRIMARY --on 2014-09-01
    """)


@school.command("list")
@output_options()
@pass_store
def list_schools(store: Store, as_json: bool, as_csv: bool) -> None:
    """List every registered school.

    \b
    Example:
      sela school list --csv > schools.csv
    """
    from sela_workflow.queries import status

    rows = status(store.app())
    cols = (("urn", "URN"), ("name", "School"), ("establishment_type", "Type"), ("phase", "Phase"))
    emit_rows([{k: r[k] for k, _ in cols} for r in rows], cols, as_json=as_json, as_csv=as_csv,
              empty="No schools registered yet: sela school register URN --name ...")
