"""docs/cli.md's command reference, generated from each command's ``--help``.

`python -m sela_workflow.cli.reference --write` rewrites the block between
``<!-- generated:reference -->`` and ``<!-- /generated:reference -->`` in docs/cli.md; without
``--write`` it exits non-zero if the block is stale (tests/test_cli_reference.py runs it).
The help is rendered at 100 columns whatever the terminal, so the block is the same
everywhere. The rest of docs/cli.md is written by hand.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

START, END = "<!-- generated:reference -->", "<!-- /generated:reference -->"
WIDTH = 100


def commands(group: click.Command, ctx: click.Context) -> Iterator[click.Context]:
    """Every command's context under ``ctx`` (the root first), depth first, hidden ones
    left out."""
    yield ctx
    if isinstance(group, click.Group):
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            yield from commands(command, click.Context(command, info_name=name, parent=ctx))


def reference() -> str:
    """The generated block: the root's help, then each command's, under its own heading."""
    from .main import cli

    settings = {**cli.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    root = click.Context(cli, info_name="sela", **settings)
    parts = []
    for ctx in commands(cli, root):
        help_text = "\n".join(line.rstrip() for line in ctx.command.get_help(ctx).splitlines())
        parts.append(f"### `{ctx.command_path}`\n\n```text\n{help_text}\n```")
    return "\n\n".join(parts)


def render(text: str) -> str:
    """``text`` (docs/cli.md) with its generated block brought up to date."""
    pattern = re.compile(rf"({re.escape(START)}\n)(?:.*?\n)?({re.escape(END)})", re.S)
    if not pattern.search(text):
        raise SystemExit(f"docs/cli.md has no {START} ... {END} block")
    return pattern.sub(lambda m: m.group(1) + reference() + "\n" + m.group(2), text)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("-")]
    path = Path(paths[0]) if paths else Path("docs/cli.md")
    text = path.read_text(encoding="utf-8")
    fresh = render(text)
    if "--write" in args:
        path.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != text:
        print(f"{path} is out of date: python -m sela_workflow.cli.reference --write",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
