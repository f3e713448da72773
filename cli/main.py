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

from .common import EXIT_INTEGRITY, EXIT_REFUSED, EXIT_USAGE, Store

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
    "people": ("people", "people", "Who records in SELA, in which roles over which dates."),
    "policy": ("people", "policy", "The policy in force: settings and who may override."),
    "db": ("db", "db", "PostgreSQL logins: read, write or admin access."),
}


class SelaGroup(click.Group):
    """Runs click in non-standalone mode so every failure becomes one line and an exit code:
    0 done, 1 refused / not found / conflict / store or file trouble, 2 usage or a bad value,
    3 integrity; 70 only for a bug (an exception nothing here expected). Command modules load
    on demand (click's lazy-group pattern), so `sela --help` imports click and nothing else."""

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
            _check_text(sys.argv[1:] if args is None else list(args))
            rv = super().main(args=args, prog_name=prog_name or "sela", **extra)
        except click.UsageError as e:
            from .errors import usage_line

            _fail(usage_line(e, one_line), EXIT_USAGE)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except click.Abort:
            _fail("Aborted.", EXIT_REFUSED, prefix="")
        except BrokenPipeError:  # the reader went away (`sela due | head`): stop quietly
            _quiet_stdout()
            sys.exit(EXIT_REFUSED)
        except Exception as e:
            code, message = _classify(e)
            if code == EXIT_BUG and os.environ.get("SELA_DEBUG"):
                raise
            if code == EXIT_USAGE:  # a bad value the domain found: one short line too
                from .errors import fit

                message = fit(one_line(message), cut=False)
            _fail(message, code)
        sys.exit(rv if isinstance(rv, int) else 0)


EXIT_BUG = 70


def _classify(e: Exception) -> tuple[int, str]:
    """The exit code and the one line for an exception that reached the root."""
    from sela_workflow.aggregates.errors import DomainError

    if isinstance(e, DomainError):
        return _exit_code(e), e.render(_renderer())
    name = type(e).__name__
    if name == "MapperDeserialisationError":  # a stored event was altered
        return EXIT_INTEGRITY, (f"Integrity check failed: {e}. Run `sela audit verify` to "
                                "check the whole record.")
    refused = _denied(e)
    if refused:
        return EXIT_REFUSED, refused
    if isinstance(e, OSError) and not _is_database_error(e):
        target = f" {e.filename}" if getattr(e, "filename", None) else ""
        reason = e.strerror or type(e).__name__
        return EXIT_REFUSED, f"Cannot use{target}: {reason}."
    if _is_database_error(e):
        return EXIT_REFUSED, (f"The store did not answer as expected ({_reason(e)}). Check "
                              "that the database is running, then try again; `sela history "
                              "URN` shows whether a step was recorded.")
    return EXIT_BUG, (f"unexpected failure ({name}: {e}). Nothing more was recorded; set "
                      "SELA_DEBUG=1 to see the traceback and report it.")


def _denied(e: BaseException) -> str | None:
    """The database refused the login what it asked (PostgreSQL's least privilege, the
    append-only triggers, a read-only SQLite file): one line, nothing recorded."""
    from sela_workflow.store import write_refused

    kind = write_refused(e)
    if kind == "login":
        return ("Refused by the database: this login may only read this store (or the record "
                "is append-only); nothing was recorded. An administrator grants write access "
                "with `sela db grant LOGIN --access write`.")
    if kind == "file":
        return ("Refused: the store file is read-only, so nothing can be recorded; nothing "
                "was. Use a copy you may write, or ask whoever owns the file.")
    return None


def _is_database_error(e: BaseException) -> bool:
    """The database's trouble (locked, gone, timed out), not a bug in SELA."""
    from eventsourcing.persistence import InterfaceError, OperationalError
    from sqlalchemy.exc import DisconnectionError
    from sqlalchemy.exc import InterfaceError as SAInterfaceError
    from sqlalchemy.exc import OperationalError as SAOperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    return isinstance(e, (OperationalError, InterfaceError, SAOperationalError,
                          SAInterfaceError, DisconnectionError, PoolTimeout))


def _reason(e: BaseException) -> str:
    orig = getattr(e, "orig", None) or e
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _check_text(args: list[str]) -> None:
    """Refuse arguments that are not text: bytes that are not UTF-8 (which Python keeps as
    lone surrogates and no database or terminal can store or print) and NUL characters."""
    for n, arg in enumerate(args, start=1):
        if not isinstance(arg, str):
            continue
        previous = args[n - 2] if n > 1 and isinstance(args[n - 2], str) else ""
        what = (f"the value of {previous}" if previous.startswith("-") and "=" not in previous
                else f"argument {n}")
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            raise click.UsageError(f"{what} is not valid UTF-8 text; type it again in a "
                                   "UTF-8 terminal (or fix the script's encoding).")
        if "\x00" in arg:
            raise click.UsageError(f"{what} contains a NUL character, which no record "
                                   "can hold; remove it.")
    for name, value in os.environ.items():
        if name.startswith("SELA_") and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise click.UsageError(f"the environment variable {name} is not valid UTF-8 "
                                   "text; set it again.")


def one_line(text: str) -> str:
    """The message on a single line, with control characters (escapes, line and paragraph
    separators) shown as escapes so they cannot rewrite the officer's terminal."""
    out = []
    for ch in " ".join(part.strip() for part in text.splitlines() if part.strip()):
        if ch == "\t":
            out.append(" ")
        elif ch < " " or "\x7f" <= ch <= "\x9f" or ch in "\u2028\u2029" or (
                "\ud800" <= ch <= "\udfff"):
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out).strip()


def _fail(message: str, code: int, prefix: str = "Error: ") -> None:
    click.echo(prefix + one_line(message), err=True)
    sys.exit(code)


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush does
    not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _exit_code(e: Exception) -> int:
    from sela_workflow.aggregates.errors import InvalidInput

    if getattr(e, "exit_code", None) == EXIT_INTEGRITY:
        return EXIT_INTEGRITY
    return EXIT_USAGE if isinstance(e, InvalidInput) else EXIT_REFUSED


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
    if os.environ.get("SELA_POLICY"):
        click.echo("warning: SELA_POLICY is not read: the policy in force is the store's "
                   "(sela policy show); an ADMIN loads a file with `sela policy load FILE`.",
                   err=True)
    ctx.call_on_close(store.close)


def main() -> None:
    cli.main(prog_name="sela")
