"""Store commands: init, info, demo."""

from __future__ import annotations

import click

from .common import Store, emit_json, pass_store, say
from .output import echo_line, progress, table_options

_actor = click.option("--actor", default=None, help="Who you are, on an embedded store "
                      "(default: $SELA_ACTOR or your login). On PostgreSQL: your login.")


@click.command()
@_actor
@pass_store
def init(store: Store, actor: str | None) -> None:
    """Create the store (tables and read models) and say where it is; whoever initialises it
    becomes its first administrator (ADMIN), who adds the people who record.

    Safe to run again: an existing store is left as it is.

    \b
    Example:
      sela init
      sela --db postgresql+psycopg://sela@dbhost/sela init
    """
    from sela_workflow.grants import make_append_only_if_shared
    from sela_workflow.people import open_register
    from sela_workflow.store import display_url, is_initialised, open_app

    url = store.url
    if is_initialised(url):
        admin = open_register(store.app(), actor)
        if admin:
            say(f"{admin} is now this store's first administrator (ADMIN).")
        else:
            say(f"A SELA store already exists at {display_url(url)}; nothing changed.")
        return
    app = open_app(url, create=True)
    try:
        admin = open_register(app, actor)
        make_append_only_if_shared(app)
    finally:
        app.close()
    say(f"Created a SELA store at {display_url(url)}; {admin} is its first administrator "
        "(ADMIN): add people with `sela people add`.")


@click.command()
@table_options(rows=False)
@pass_store
def info(store: Store, as_json: bool) -> None:
    """Show which store is in use and how many schools and events it holds.

    \b
    Example:
      sela info
      sela --db sqlite:///team.db info --json
    """
    from sela_workflow.aggregates.rules import RULES_VERSION
    from sela_workflow.application import count_events
    from sela_workflow.projections.runner import positions
    from sela_workflow.queries import status
    from sela_workflow.store import display_url

    app = store.app()
    rows = status(app)
    engine = app.recorder.datastore.engine
    data = {
        "store": display_url(store.url),
        "database": "PostgreSQL" if engine.dialect.name == "postgresql" else "SQLite",
        "schools": len(rows),
        "events": count_events(app),
        "rules_version": RULES_VERSION,
        "projections": positions(engine),
    }
    if as_json:
        emit_json(data)
        return
    width = max(len(k) for k in data) + 1
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} at {v}" for k, v in value.items())
        echo_line(f"{(key.replace('_', ' ') + ':').ljust(width + 1)} {value}", wrap=True)


@click.command()
@_actor
@pass_store
def demo(store: Store, actor: str | None) -> None:
    """Load a worked example: fourteen fictional Southwark schools over three academic years.

    Creates the store if needed. Schools already present are left alone, so running it twice
    changes nothing.

    \b
    Example:
      sela demo && sela status
    """
    from sela_workflow.demo import SCHOOLS, load_demo
    from sela_workflow.grants import make_append_only_if_shared
    from sela_workflow.people import acting_login, open_register
    from sela_workflow.store import display_url, is_initialised, open_app

    url = store.url
    if not is_initialised(url):
        created = open_app(url, create=True)
        make_append_only_if_shared(created)
        created.close()
        say(f"Created a SELA store at {display_url(url)}.")
    app = store.app()
    if app.session_login() is not None and not app.acts_for_others():
        raise click.UsageError("sela demo records as its fictional officers: on PostgreSQL "
                               "only a superuser may; or export a demo store and import it.")
    admin = open_register(app, actor) or acting_login(app, actor)
    with progress("Loading the demo", len(SCHOOLS)) as advance:
        added, events = load_demo(app, admin, progress=advance)
    store.wrote()  # like every recording command: read models and the chain head now cover it
    if added:
        say(f"Loaded the demo: {added} schools, {events} events. Try: sela status")
    else:
        say("The demo schools are already in this store; nothing changed.")
