"""`sela projections`: keep the read models current — status, rebuild, follow the log."""

from __future__ import annotations

import click

from .common import Store, pass_store, say
from .output import emit_rows, progress, table_options

STATUS_COLUMNS = (("projection", "Projection"), ("version", "Version"),
                  ("position", "Position"), ("head", "Head"), ("behind", "Behind"),
                  ("tables", "Tables"))


@click.group()
def projections() -> None:
    """Keep the read models current: status, rebuild, or follow the log.

    \b
    Example:
      sela projections status
    """


@projections.command("status")
@table_options(STATUS_COLUMNS)
@pass_store
def projections_status(store: Store, as_json: bool, as_csv: bool) -> None:
    """Each projection's position against the head of the log.

    \b
    Example:
      sela projections status
      sela projections status --csv
    """
    from sela_workflow.follower import projection_status

    rows = projection_status(store.app())
    emit_rows(rows, STATUS_COLUMNS, as_json=as_json, as_csv=as_csv)


@projections.command("rebuild")
@pass_store
def projections_rebuild(store: Store) -> None:
    """Drop the read models and refill them from the whole log.

    \b
    Example:
      sela projections rebuild
    """
    from sela_workflow.follower import rebuild_all
    from sela_workflow.projections.runner import all_projections

    app = store.app()
    # each event is applied once per projection; the bar advances by batch
    total = (app.recorder.max_notification_id() or 0) * len(all_projections(app))
    with progress("Rebuilding", total) as advance:
        applied = rebuild_all(app, progress=advance)
    say(f"Rebuilt the read models: {applied} event applications.")


@projections.command("run")
@click.option("--interval", type=float, default=1.0, show_default=True,
              help="Seconds between polls of the log.")
@click.option("--once", is_flag=True, help="Catch up once and stop.")
@pass_store
def projections_run(store: Store, interval: float, once: bool) -> None:
    """Follow the log and keep the read models current (for a PostgreSQL store).

    Stops on Ctrl-C or SIGTERM. Queries work without it; it only makes them cheaper.

    \b
    Example:
      sela --db postgresql+psycopg://sela@dbhost/sela projections run
    """
    from sela_workflow.follower import follow

    applied = follow(store.app(), interval=interval, once=once,
                     report=None if once else say)
    say(f"Projections current; {applied} event applications.")
