"""Usage errors as one line of at most 160 characters.

Click's messages can run to several lines ("Choose from" lists, a group's whole help when a
subcommand is missing) and a list of codes to hundreds of characters. `usage_line` makes the
message one line, ends it with where to look (``See: sela notice draft --help``) and, when
that is still too long, shortens the longest list in it ("A, B, C, … 14 more"), then cuts
long words (a path typed) in the middle, before, as a last resort, cutting the message. A
bad value the domain found (a malformed file's line, a policy file) only has its lists
shortened: its words are never cut, as the end of such a message is often what to fix.
Nothing here imports a sibling.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import click

#: The longest line a usage error may print, "Error: " included.
LIMIT = 160
PREFIX = "Error: "
#: A list of four or more codes or names; it starts only where a word starts, so a long word
#: costs one pass, not one per character (a fuzzed argument can be megabytes long).
_LIST = re.compile(r"(?<![\w<>|/-])[\w<>|/-]+(?:, [\w<>|/-]+){3,}")


def usage_line(e: click.UsageError, one_line: Callable[[str], str]) -> str:
    """The one line (without "Error: ") for a usage error, at most LIMIT long with it."""
    ctx = e.ctx
    if isinstance(e, click.exceptions.NoArgsIsHelpError) and ctx is not None:
        names = _subcommands(ctx)
        message = (f"Missing command: give one of {', '.join(names)}." if names else
                   "Missing command.")
    else:
        message = one_line(e.format_message().rstrip())
    hint = ""
    if ctx is not None:
        hint = f"{'' if message.endswith('.') else '.'} See: {ctx.command_path} --help"
    return fit(message, hint)


def _subcommands(ctx: click.Context) -> list[str]:
    command = ctx.command
    if isinstance(command, click.Group):
        return [n for n in command.list_commands(ctx)
                if not getattr(command.get_command(ctx, n), "hidden", False)]
    return []


def fit(message: str, hint: str = "", limit: int = LIMIT, cut: bool = True) -> str:
    """``message`` + ``hint`` in ``limit - len("Error: ")`` characters: the longest list of
    the message shortened first, then (unless ``cut`` is false) the message cut, the hint
    kept whole."""
    room = limit - len(PREFIX)
    if len(message) + len(hint) <= room:
        return message + hint
    found = max(_LIST.finditer(message), key=lambda m: len(m.group()), default=None)
    if found is not None:
        items = found.group().split(", ")
        # keep the most items whose shortened list saves enough: 1 at the least
        allowed = len(found.group()) - (len(message) + len(hint) - room)
        keep, length = 1, len(items[0])
        while keep < len(items) - 1 and (
                length + 2 + len(items[keep]) + len(f", … {len(items) - keep - 1} more")
                <= allowed):
            length += 2 + len(items[keep])
            keep += 1
        shown = ", ".join(items[:keep]) + f", … {len(items) - keep} more"
        message = message[:found.start()] + shown + message[found.end():]
    if cut and len(message) + len(hint) > room:
        message = _shorten_words(message, len(message) + len(hint) - room)
    if cut and len(message) + len(hint) > room:
        message = message[:max(room - len(hint) - 1, 0)].rstrip() + "…"
    return message + hint


def _shorten_words(message: str, excess: int, keep: int = 32) -> str:
    """Long words (paths, URLs, values typed) cut in the middle, the longest first, each to
    no fewer than ``keep`` characters, so both ends of a path survive."""
    words = message.split(" ")
    for i in sorted(range(len(words)), key=lambda i: -len(words[i])):
        if excess <= 0 or len(words[i]) <= keep:
            break
        word = words[i]
        target = max(keep, len(word) - excess)
        head = (target - 1) // 2
        words[i] = word[:head] + "…" + word[len(word) - (target - 1 - head):]
        excess -= len(word) - len(words[i])
    return " ".join(words)
