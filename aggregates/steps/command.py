"""Commands: the typed use cases officers record, one frozen dataclass per statutory step.

A command's fields are what a complete step needs. Each field's metadata (`arg`, `opt`) says
how people give it — the CLI builds its options from them, `sela next` its hints (with a
visible placeholder for what only the officer knows) and the property tests their examples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from dataclasses import MISSING, dataclass, field
from functools import cache, cached_property
from typing import Any

from ..vocabulary import Code


def command(cls: type) -> type:
    """Declare a command: a frozen, keyword-only dataclass."""
    return dataclass(frozen=True, kw_only=True)(cls)


@dataclass(frozen=True, kw_only=True)
class Command:
    """Which school; the step's own data follows in each subclass.

    Codes may be given as their enum members or as text in any case (``"not-complied"``);
    they are held as members, so a command that exists has a valid vocabulary.
    """

    urn: str = field(metadata={"cli": None})

    def __post_init__(self) -> None:
        from ..identity import check_urn

        object.__setattr__(self, "urn", check_urn(self.urn))
        for info in fields_of(type(self)):
            value = getattr(self, info.name)
            t = info.item_type
            if info.multiple and value is not None and not isinstance(value, tuple):
                value = tuple(value)
                object.__setattr__(self, info.name, value)
            if not (isinstance(t, type) and issubclass(t, Code)) or value is None:
                continue
            if info.multiple:
                object.__setattr__(self, info.name, tuple(t.parse(v) for v in value))
            else:
                object.__setattr__(self, info.name, t.parse(value))
            allowed = info.param.choices
            if not allowed:
                continue
            members = value if info.multiple else (getattr(self, info.name),)
            for member in (t.parse(v) for v in members):
                if member.name not in allowed:
                    from ..errors import InvalidInput

                    raise InvalidInput(f"{member.name!r} is not one of {', '.join(allowed)}.")
        self.check()

    def check(self) -> None:
        """Checks of the command's own values that need no record (usage errors, exit 2)."""


@dataclass(frozen=True)
class Param:
    """How a command field is given on the command line and shown in hints."""

    flags: tuple[str, ...]  # empty for a positional argument
    help: str
    metavar: str | None = None
    #: Shown in a hint where the officer must supply the value, e.g. "<NAME>".
    placeholder: str | None = None
    #: A valid value for the placeholder: used to check hints and in the property tests.
    example: Any = None
    #: For a boolean pair such as --granted/--refused: the flag for False.
    off_flag: str | None = None
    #: A repeated option that needs at least this many values (e.g. two IEB members).
    at_least: int = 0
    hidden: bool = False
    #: For a date the officer supplies: an example this many days after today.
    offset: int = 0
    #: For a code: the members allowed here, where only some of the vocabulary are.
    choices: tuple[str, ...] = ()

    @property
    def argument(self) -> bool:
        return not self.flags


def arg(metavar: str, help: str, *, example: Any = None, placeholder: str | None = None,
        default: Any = MISSING) -> Any:
    return field(default=default, metadata={"cli": Param((), help, metavar,
                                                        placeholder or f"<{metavar}>", example)})


def opt(flag: str, help: str, *, default: Any = MISSING, metavar: str | None = None,
        placeholder: str | None = None, example: Any = None, off_flag: str | None = None,
        at_least: int = 0, hidden: bool = False, offset: int = 0,
        choices: tuple[str, ...] = ()) -> Any:
    kwargs: dict[str, Any] = {}
    if default is not MISSING:
        if isinstance(default, (list, dict, set)):
            kwargs["default_factory"] = lambda d=default: type(d)(d)
        else:
            kwargs["default"] = default
    return field(metadata={"cli": Param((flag,), help, metavar, placeholder, example, off_flag,
                                        at_least, hidden, offset, choices)}, **kwargs)


@dataclass(frozen=True)
class FieldInfo:
    name: str
    param: Param
    hint: Any  # the resolved annotation
    required: bool
    default: Any

    # Read for every field of every command built: worked out once per field.
    @cached_property
    def multiple(self) -> bool:
        return typing.get_origin(self.hint) is tuple

    @cached_property
    def item_type(self) -> Any:
        """The type of one value (of each repeat, for a repeated option)."""
        hint = self.hint
        if typing.get_origin(hint) is tuple:
            hint = typing.get_args(hint)[0]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if typing.get_origin(hint) in (typing.Union, __import__("types").UnionType):
            return args[0]
        return hint

    @cached_property
    def optional(self) -> bool:
        return type(None) in typing.get_args(self.hint)


@cache
def fields_of(command: type[Command]) -> tuple[FieldInfo, ...]:
    """The command's fields as people give them (the URN first), in declaration order."""
    hints = typing.get_type_hints(command)
    out = []
    for f in dataclasses.fields(command):
        param = f.metadata.get("cli")
        if param is None:
            continue
        required = f.default is MISSING and f.default_factory is MISSING
        default = (f.default if f.default is not MISSING else
                   f.default_factory() if f.default_factory is not MISSING else None)
        out.append(FieldInfo(f.name, param, hints[f.name], required, default))
    return tuple(out)


def example_value(info: FieldInfo, today: dt.date, n: int = 0) -> Any:
    """A valid value for a field the officer would fill in (the n-th, for repeats)."""
    ex = info.param.example
    t = info.item_type
    if t is dt.date and not isinstance(ex, dt.date):
        return today + dt.timedelta(days=info.param.offset)
    if ex is not None:
        if callable(ex):
            return ex(n)
        return ex
    if t is str:
        return f"Example {info.name.replace('_', ' ')} {n + 1}"
    if t is int:
        return 1
    if t is bool:
        return False
    members = list(t) if isinstance(t, type) and hasattr(t, "__members__") else []
    return members[0] if members else None
