"""Store commands: init, info, demo."""

from __future__ import annotations

import click

from .common import Store, emit_json, pass_store, say
from .output import echo_line, progress, table_options


@click.command()
@pass_store
def init(store: Store) -> None:
    """Create the store (tables and read models) and say where it is.

    Safe to run again: an existing store is left as it is.

    \b
    Example:
      sela init
      sela --db postgresql+psycopg://sela@dbhost/sela init
    """
    from sela_workflow.store import display_url, is_initialised, open_app

    url = store.url
    if is_initialised(url):
        say(f"A SELA store already exists at {display_url(url)}; nothing changed.")
        return
    open_app(url, create=True).close()
    say(f"Created a SELA store at {display_url(url)}.")


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
@pass_store
def demo(store: Store) -> None:
    """Load a worked example: fourteen fictional Southwark schools over three academic years.

    Creates the store if needed. Schools already present are left alone, so running it twice
    changes nothing.

    \b
    Example:
      sela demo && sela status
    """
    from sela_workflow.demo import SCHOOLS, load_demo
    from sela_workflow.store import display_url, is_initialised, open_app

    url = store.url
    if not is_initialised(url):
        open_app(url, create=True).close()
        say(f"Created a SELA store at {display_url(url)}.")
    with progress("Loading the demo", len(SCHOOLS)) as advance:
        added, events = load_demo(store.app(), progress=advance)
    store.wrote()  # like every recording command: read models and the chain head now cover it
    if added:
        say(f"Loaded the demo: {added} schools, {events} events. Try: sela status")
    else:
        say("The demo schools are already in this store; nothing changed.")
