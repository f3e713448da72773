"""One output layer for every read command: tables that fit the terminal, machine formats,
and text that cannot rewrite the terminal or a spreadsheet.

`table_options` puts the same options on every command that prints rows:

- by default a table of the command's chosen columns, fitted to the terminal's width (the
  ``COLUMNS`` variable, else the terminal, else 100 when stdout is not a terminal), long text
  cut with an ellipsis;
- ``--wide`` every column, nothing cut; ``--columns a,b,c`` the columns named;
- ``--fmt NAME`` any tabulate format (``github``, ``grid``, ``plain``...);
- ``--json``, ``--csv`` and ``--tsv``: every column (or those named), nothing cut.

Text bound for the terminal has its control characters (ESC and the rest) shown as escapes,
so a stored name or reason cannot inject terminal escape sequences; CSV and TSV cells that a
spreadsheet would take for a formula (``= + - @``, tab, CR first) are prefixed with ``'``
(OWASP, CSV injection). This module imports click, and of its siblings only text.py and
tables.py (which load tabulate only to draw), so `--help` stays fast and any command module
may use it.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import click

from .tables import render_table
from .text import cell_text, clean, cut, neutralise

#: The width used when stdout is not a terminal and ``COLUMNS`` is not set.
DEFAULT_WIDTH = 100
#: Table formats shown in --fmt's help; any of tabulate's is accepted.
FORMATS = ("simple", "plain", "github", "grid", "simple_grid", "rounded_grid", "pipe",
           "orgtbl", "rst", "psql", "pretty", "jira", "mediawiki", "html", "latex", "tsv")
META = "sela.output"

Columns = Sequence[tuple[str, str]]


@dataclass
class Output:
    """How the running command was asked to print (set by `table_options`)."""

    tsv: bool = False
    wide: bool = False
    columns: tuple[str, ...] | None = None
    fmt: str = "simple"


def current() -> Output:
    ctx = click.get_current_context(silent=True)
    found = ctx.meta.get(META) if ctx is not None else None
    return found if isinstance(found, Output) else Output()


def terminal_width() -> int:
    """``COLUMNS`` if set, else the terminal's width, else 100 (stdout is not a terminal)."""
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return max(int(env), 40)
    try:
        if sys.stdout.isatty():
            return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, 40)
    except (AttributeError, ValueError, OSError):
        pass
    return DEFAULT_WIDTH


def echo_line(text: str, *, indent: str = "", wrap: bool = False) -> None:
    """One line of prose for the terminal, cleaned; wrapped (or cut) to the width unless
    --wide."""
    text = clean(text)
    if current().wide:
        click.echo(indent + text)
        return
    width = terminal_width()
    if wrap:
        lines = textwrap.wrap(" ".join(text.split()), width, initial_indent=indent,
                              subsequent_indent=indent + "  ", break_long_words=True,
                              break_on_hyphens=False) or [indent]
        click.echo("\n".join(lines))
    else:
        click.echo(cut(indent + text, width))


def wrap_command(command: str, *, indent: str = "  ") -> str:
    """A shell command wrapped to the width at its options, each break a backslash
    continuation, so what is printed can still be pasted whole."""
    command = clean(command)
    width = terminal_width()
    if current().wide or len(indent) + len(command) <= width:
        return indent + command
    parts, lines, line = _words(command), [], indent
    for part in parts:
        tail = " \\"
        candidate = part if line.strip() == "" else f"{line} {part}"
        if len(candidate) + len(tail) > width and line.strip():
            lines.append(line + tail)
            line = indent + "    " + part
        else:
            line = candidate if line.strip() else indent + part
    lines.append(line)
    return "\n".join(lines)


def _words(command: str) -> list[str]:
    """The command split at spaces outside quotes, an option kept with its value."""
    words, word, quote = [], "", ""
    for ch in command:
        if quote:
            word += ch
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            word += ch
            quote = ch
        elif ch == " ":
            if word:
                words.append(word)
            word = ""
        else:
            word += ch
    if word:
        words.append(word)
    joined: list[str] = []
    for w in words:  # "--to HMCI" stays together
        if joined and joined[-1].startswith("-") and " " not in joined[-1] and \
                not w.startswith("-"):
            joined[-1] += " " + w
        else:
            joined.append(w)
    return joined


# -- the options and the printing -----------------------------------------------------------

class FormatType(click.ParamType):
    name = "FORMAT"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        from tabulate import tabulate_formats

        text = str(value).strip().lower()
        if text not in tabulate_formats:
            self.fail(f"{str(value)[:30]!r} is not a table format: e.g. simple, plain, github, "
                      "grid, pipe, rst, html (--help lists all).", param, ctx)
        return text


def table_options(columns: Columns | None = None, *, rows: bool = True
                  ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--json, and for a command printing rows --csv, --tsv, --wide, --columns and --fmt.

    The command still receives ``as_json`` (and ``as_csv``, true for --tsv too); the rest is
    kept for `emit_rows` and `echo_line`. ``columns`` (the main table's) are listed in
    --columns' help and checked before the command runs."""
    names = ", ".join(k for k, _ in columns) if columns else ""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            out = Output()
            if rows:
                out = Output(tsv=kwargs.pop("as_tsv"), wide=kwargs.pop("wide"),
                             columns=_chosen(kwargs.pop("columns"), columns),
                             fmt=kwargs.pop("fmt"))
                formats = [kwargs["as_json"], kwargs["as_csv"], out.tsv]
                if sum(formats) > 1:
                    raise click.UsageError("Give one of --json, --csv and --tsv.")
                kwargs["as_csv"] = kwargs["as_csv"] or out.tsv
            click.get_current_context().meta[META] = out
            return func(*args, **kwargs)

        options = [click.option("--json", "as_json", is_flag=True,
                                help="Print JSON (every field).")]
        if rows:
            options += [
                click.option("--csv", "as_csv", is_flag=True,
                             help="Print CSV (every column, or those of --columns)."),
                click.option("--tsv", "as_tsv", is_flag=True,
                             help="Print tab-separated values, like --csv."),
                click.option("--wide", is_flag=True,
                             help="Show every column, text in full (not fitted to the "
                                  "terminal)."),
                click.option("--columns", default=None, metavar="A,B,...",
                             help="Show these columns, in this order"
                                  + (f": {names}." if names else ".")),
                click.option("--fmt", type=FormatType(), default="simple", metavar="FORMAT",
                             help="Table format: " + ", ".join(FORMATS) + " or any other "
                                  "of tabulate's."),
            ]
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate


def _chosen(text: str | None, columns: Columns | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    if not keys:
        raise click.UsageError("--columns needs column names, e.g. --columns urn,name.")
    if columns is not None:
        _check(keys, columns)
    return keys


def _check(keys: Sequence[str], columns: Columns) -> None:
    valid = [k for k, _ in columns]
    unknown = [k for k in keys if k not in valid]
    if unknown:
        raise click.UsageError(f"--columns: no column {unknown[0]!r}; the columns are "
                               f"{', '.join(valid)}.")


def selected(columns: Columns, default: Sequence[str] | None = None, *,
             select: bool = True, machine: bool = False) -> list[tuple[str, str]]:
    """The columns to show: --columns if given, every column for --wide (and for machine
    formats), else the command's default set."""
    out = current()
    if select and out.columns:
        _check(out.columns, columns)
        by_key = dict(columns)
        return [(k, by_key[k]) for k in out.columns]
    if machine or out.wide or default is None:
        return list(columns)
    return [c for c in columns if c[0] in default]


def emit_rows(rows: Iterable[dict[str, Any]], columns: Columns, *, as_json: bool = False,
              as_csv: bool = False, empty: str = "Nothing to show.",
              default: Sequence[str] | None = None, select: bool = True) -> None:
    """Print rows as a table fitted to the terminal (default), JSON, CSV or TSV (stdout).

    ``default`` is the set of columns the table shows unless --wide or --columns; ``select``
    False keeps a secondary table of the command out of --columns."""
    if as_json:
        data = list(rows)
        if select and current().columns:
            keys = [k for k, _ in selected(columns)]
            data = [{k: r.get(k) for k in keys} for r in data]
        click.echo(json.dumps(data, indent=2, default=str))
        return
    if as_csv:
        emit_csv(rows, selected(columns, select=select, machine=True))
        return
    rows = list(rows)
    if not rows:
        click.echo(clean(empty), err=True)
        return
    out = current()
    click.echo(render_table(rows, selected(columns, default, select=select),
                            width=None if out.wide else terminal_width(), fmt=out.fmt))


def emit_csv(rows: Iterable[dict[str, Any]], columns: Columns) -> None:
    """CSV (or TSV for --tsv) with a header of column keys; every cell neutralised."""
    writer = csv.writer(sys.stdout, delimiter="\t" if current().tsv else ",",
                        lineterminator="\n")
    writer.writerow([k for k, _ in columns])
    for r in rows:
        writer.writerow([neutralise(cell_text(r.get(k), "; ")) for k, _ in columns])


def emit_detailed(rows: Sequence[dict[str, Any]], columns: Columns, default: Sequence[str],
                  details: Callable[[dict[str, Any], int], list[str]], *,
                  select: bool = True, empty: str = "Nothing to show.") -> None:
    """A fitted table of the ``default`` columns, each row followed by the lines
    ``details(row, width)`` gives (long text in full, wrapped). With --wide, --columns or
    another --fmt: a plain table of the columns asked for."""
    out = current()
    if not rows or (select and out.columns) or out.wide or out.fmt != "simple":
        emit_rows(rows, columns, default=default, select=select, empty=empty)
        return
    width = terminal_width()
    lines = render_table(rows, selected(columns, default, select=False),
                         width=width).splitlines()
    shown = lines[:2]
    for row, rendered in zip(rows, lines[2:], strict=True):
        shown.append(rendered)
        shown.extend(details(row, width))
    click.echo("\n".join(shown))


def wrapped(text: str, width: int, indent: str = "    ", label: str = "") -> list[str]:
    """``text`` cleaned and wrapped under a table row, after ``label``."""
    return textwrap.wrap(" ".join(clean(text).split()), width, initial_indent=indent + label,
                         subsequent_indent=indent + " " * len(label), break_long_words=True,
                         break_on_hyphens=False)


# -- progress -------------------------------------------------------------------------------

def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while it is a terminal (else nothing): yields ``advance(n)``."""
    if not total or not stderr_is_terminal():
        yield lambda n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update
