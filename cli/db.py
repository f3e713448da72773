"""`sela db`: least privilege on a PostgreSQL store (docs/security.md)."""

from __future__ import annotations

import click

from sela_workflow.aggregates.vocabulary import Access

from .common import CodeType, Store, pass_store, say

db = click.Group("db", help="""Database logins on a PostgreSQL store: read, write or admin
    access through SELA's group roles; the event table append-only for everyone.

    \b
    Example:
      sela db grant auditor.jones --access read
    """)


@db.command("grant")
@click.argument("login")
@click.option("--access", type=CodeType(Access), required=True,
              help="READ: SELECT only (auditors, directors); WRITE: record steps and keep the "
                   "read models current (officers); ADMIN: own the tables (and run init).")
@pass_store
def grant(store: Store, login: str, access: Access) -> None:
    """Put a PostgreSQL login into SELA's group role for ``--access`` (sela_read, sela_write
    or sela_admin, created as needed), out of the other two. The login must exist and be
    authenticated by PostgreSQL (pg_hba.conf); SELA stores no passwords. Run it as the
    tables' owner.

    \b
    Example:
      sela db grant a.mensah --access write
    """
    from sela_workflow.grants import GrantError, is_postgres
    from sela_workflow.grants import grant as give

    app = store.app()
    engine = app.recorder.datastore.engine
    if not is_postgres(engine):
        raise click.UsageError("sela db grant is for PostgreSQL stores: the embedded store is "
                               "one user's file (docs/security.md).")
    try:
        group = give(engine, login, access.value)
    except GrantError as e:
        raise click.BadParameter(str(e), param_hint="LOGIN") from None
    say(f"Granted: {login} is in {group} ({access.value} access).")
