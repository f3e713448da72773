"""The `sela` root command: global options, lazily loaded command modules, and the mapping
from errors to one line and an exit code.

Each top-level command lives in its own module (cli/<name>.py) and is imported only when it
runs (click's lazy-group pattern), so `sela --help` imports click and nothing else.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from .common import EXIT_BUG, EXIT_INTEGRITY, EXIT_REFUSED, EXIT_USAGE, Store

#: Top-level command -> (module, attribute, one-line help shown by `sela --help`).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("stores", "init", "Create the store (tables and read models)."),
    "info": ("stores", "info", "Which store is in use; how many schools and events."),
    "demo": ("stores", "demo", "Load a worked example of fourteen fictional schools."),
    "school": ("school", "school", "Register schools, list them, name the case officer."),
    "assess": ("cases", "assess", "Record a risk assessment and the category it gives."),
    "communicate": ("cases", "communicate", "Record the written categorisation letter."),
    "contact": ("activity", "contact", "Dedicated contact points (PW-01)."),
    "activity": ("activity", "activity", "Pathway activities (PW-02 to PW-04, AC-01)."),
    "record": ("record", "record", "Corrections: withdraw, annotate, correct an assessment."),
    "notice": ("notice", "notice", "Warning notices under EIA 2006 s60 and s60A."),
    "power": ("power", "power", "LA intervention powers: s63, s64, s65 IEB, s66."),
    "sos": ("sos", "sos", "The Secretary of State's steps, as the LA records them."),
    "gias": ("gias", "gias", "Import the register from GIAS: establishments and links."),
    "ofsted": ("ofsted", "ofsted", "Ofsted outcomes, categories, statement of action."),
    "academy": ("academy", "academy", "Facilitating conversion; conversion itself."),
    "next": ("next", "next_", "What the rulebook expects next for a school."),
    "status": ("status", "status", "Where one school, or every school, stands."),
    "history": ("status", "history", "A school's record, event by event."),
    "replay": ("status", "replay", "Replay a school's record up to a version."),
    "dashboard": ("director", "dashboard", "Where every intervention stands."),
    "due": ("director", "due", "What is due and overdue, across every school."),
    "audit": ("audit", "audit", "The audit trail and the record's integrity."),
    "export": ("transfer", "export", "Write the record as JSON lines, with its hashes."),
    "import": ("transfer", "import_", "Load an export into an empty store."),
    "projections": ("projections", "projections", "Keep the read models current."),
    "key": ("key", "key", "Encryption at rest: make a key."),
}


class SelaGroup(click.Group):
    """Loads command modules on demand and turns every failure into one line + exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module = importlib.import_module(f"{__package__}.{entry[0]}")
        command: click.Command = getattr(module, entry[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry[2]) for name, entry in COMMANDS.items()])

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        try:
            rv = super().main(args=args, prog_name=prog_name or "sela", **extra)
        except click.UsageError as e:
            hint = f" See: {e.ctx.command_path} --help" if e.ctx is not None else ""
            message = " ".join(e.format_message().split())
            click.echo(f"Error: {message}{hint}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as e:
            click.echo(f"Error: {' '.join(e.format_message().split())}", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(EXIT_REFUSED)
        except Exception as e:
            code, message = describe(e)
            if code == EXIT_BUG and os.environ.get("SELA_DEBUG"):
                raise
            click.echo(f"Error: {message}", err=True)
            sys.exit(code)
        sys.exit(rv if isinstance(rv, int) else 0)


def describe(e: Exception) -> tuple[int, str]:
    """An exception as (exit code, one line)."""
    from sela_workflow.aggregates.errors import DomainError, IntegrityFailure, InvalidInput

    if isinstance(e, DomainError):
        text = e.render(_renderer())
        code = (EXIT_INTEGRITY if isinstance(e, IntegrityFailure) or
                getattr(e, "exit_code", None) == EXIT_INTEGRITY else
                EXIT_USAGE if isinstance(e, InvalidInput) else EXIT_REFUSED)
        return code, " ".join(text.split())
    if type(e).__name__ == "MapperDeserialisationError":  # a stored event was altered
        return EXIT_INTEGRITY, (f"Integrity check failed: {e}. Run `sela audit verify` to check "
                                "the whole record.")
    return EXIT_BUG, (f"unexpected failure ({type(e).__name__}: {str(e)[:120]}). This is a "
                      "fault in SELA; set SELA_DEBUG=1 to see the traceback and report it.")


#: The store of the command running (errors are mapped after its context has closed).
CURRENT: dict[str, Store] = {}


def _renderer() -> Any:
    """Render a remedy's step as the command to type, for the school being worked on."""
    store = CURRENT.get("store")
    urn = (store.urn if store is not None else None) or "URN"

    def render(step: type, options: dict[str, Any]) -> str:
        from sela_workflow.hints import render as hint

        return hint(step, urn, options)

    return render


@click.group(cls=SelaGroup, context_settings={"help_option_names": ["-h", "--help"],
                                               "max_content_width": 100})
@click.option("--db", "db_url", metavar="URL", default=None,
              help="Store to use: sqlite:///path/sela.db or postgresql+psycopg://user@host/db. "
                   "Default: $SELA_DATABASE_URL, else a SQLite file in your user data folder. "
                   "Also accepted after the command.")
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
    CURRENT["store"] = store
    ctx.call_on_close(store.close)


def main() -> None:
    cli.main(prog_name="sela")
