"""The `sela` root command: global options and the mapping from errors to one line + exit code."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from .common import EXIT_INTEGRITY, EXIT_REFUSED, EXIT_USAGE, Store


class SelaGroup(click.Group):
    """Runs click in non-standalone mode so every failure becomes one line and an exit code."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        try:
            rv = super().main(args=args, prog_name=prog_name or "sela", **extra)
        except click.UsageError as e:
            hint = ""
            if e.ctx is not None:
                hint = f" See: {e.ctx.command_path} --help"
            click.echo(f"Error: {e.format_message()}{hint}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(EXIT_REFUSED)
        except Exception as e:
            from sela_workflow.aggregates.errors import DomainError

            if isinstance(e, DomainError):
                click.echo(f"Error: {e}", err=True)
                sys.exit(_exit_code(e))
            if type(e).__name__ == "MapperDeserialisationError":  # a stored event was altered
                click.echo(f"Error: Integrity check failed: {e}. Run `sela audit verify` to "
                           "check the whole record.", err=True)
                sys.exit(EXIT_INTEGRITY)
            if os.environ.get("SELA_DEBUG"):
                raise
            click.echo(f"Error: unexpected failure ({type(e).__name__}: {e}). Nothing more was "
                       "recorded; set SELA_DEBUG=1 to see the traceback and report it.", err=True)
            sys.exit(70)
        sys.exit(rv if isinstance(rv, int) else 0)


def _exit_code(e: Exception) -> int:
    from sela_workflow.aggregates.errors import InvalidInput

    if getattr(e, "exit_code", None) == EXIT_INTEGRITY:
        return EXIT_INTEGRITY
    return EXIT_USAGE if isinstance(e, InvalidInput) else EXIT_REFUSED


@click.group(cls=SelaGroup, context_settings={"help_option_names": ["-h", "--help"],
                                               "max_content_width": 100})
@click.option("--db", "db_url", metavar="URL", default=None,
              help="Store to use: sqlite:///path/sela.db or postgresql+psycopg://user@host/db. "
                   "Default: $SELA_DATABASE_URL, else a SQLite file in your user data folder.")
@click.version_option(package_name="sela-workflow", prog_name="sela")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """SELA Workflow: record, enforce and audit the statutory steps for schools causing concern.

    \b
    Officers record what happened and ask what must happen next;
    auditors replay a school's history; directors see where every school stands.

    \b
    Example:
      sela init && sela demo && sela status
    """
    store = Store(db_url)
    ctx.obj = store
    ctx.call_on_close(store.close)


from . import (  # noqa: E402  (registers the commands)
    audit,
    powers,
    read,
    schools,
    steps,
    stores,
)
from .next import next_ as _next  # noqa: E402

stores.register(cli)
schools.register(cli)
cli.add_command(_next)
read.register(cli)
audit.register(cli)
steps.register(cli)
powers.register(cli)


def main() -> None:
    cli.main(prog_name="sela")
