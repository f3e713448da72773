"""Domain errors. Each says what was refused, why (rule ID and legal basis) and what to do next.

What to do next is a structured `Remedy`: advice in words and, where a recorded step would
help, that step (its command class) with the options to give it. The CLI renders the step as
the command an officer types; the domain never builds `sela ...` text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Remedy:
    """What must happen first: ``advice``, then optionally ``lead`` + a step to record."""

    advice: str = ""
    #: The command class of the step that would help, e.g. ``DecideIEBConsent``.
    step: type | None = None
    #: Options to show with it (field name → value); fields left out show placeholders.
    options: Mapping[str, Any] = field(default_factory=dict)
    lead: str = "Record it first"

    def text(self, render: Any = None) -> str:
        """The remedy in words; ``render(step, options)`` turns the step into a command."""
        parts = [self.advice.strip()] if self.advice.strip() else []
        if self.step is not None:
            shown = render(self.step, self.options) if render else _plain(self.step,
                                                                          self.options)
            parts.append(f"{self.lead}: {shown}")
        return " ".join(parts)


def _plain(step: type, options: Mapping[str, Any]) -> str:
    name = getattr(step, "__name__", str(step))
    opts = ", ".join(f"{k}={v}" for k, v in options.items())
    return f"{name}({opts})"


class DomainError(Exception):
    """Base for every error a user can cause; the CLI turns these into one line and an exit code."""

    remedy: Remedy | None = None

    def render(self, render: Any = None) -> str:
        return str(self)


class InvalidInput(DomainError):
    """A value outside the vocabulary or malformed (not a rule refusal)."""


class Refused(DomainError):
    """A command the rulebook (or the record's own integrity) does not allow."""

    def __init__(self, what: str, *, rule_id: str | None = None, basis: str | None = None,
                 remedy: Remedy | str | None = None) -> None:
        self.what, self.rule_id, self.basis = what, rule_id, basis
        self.remedy = Remedy(remedy) if isinstance(remedy, str) else remedy
        super().__init__(self.render())

    def render(self, render: Any = None) -> str:
        cite = ""
        if self.rule_id:
            cite = f" ({self.rule_id}, {self.basis})" if self.basis else f" ({self.rule_id})"
        text = f"{self.what}{cite}."
        remedy = self.remedy.text(render) if self.remedy else ""
        return f"{text} {remedy}" if remedy else text


class NotFound(DomainError):
    """No such school (or other record)."""

    def __init__(self, message: str, remedy: Remedy | None = None) -> None:
        self.message, self.remedy = message, remedy
        super().__init__(self.render())

    def render(self, render: Any = None) -> str:
        remedy = self.remedy.text(render) if self.remedy else ""
        return f"{self.message} {remedy}".strip()


class NotNow(NotFound):
    """The record's present state does not allow this step (exit 1, not a usage error)."""


class Conflict(DomainError):
    """Someone else recorded against the same school at the same moment and retries ran out."""


class AlreadyExists(DomainError):
    """The record being created exists already (e.g. a URN registered twice)."""


class IntegrityFailure(DomainError):
    """The stored record does not verify (altered outside SELA): the CLI exits with code 3."""

    exit_code = 3


@dataclass(frozen=True)
class LaterStep:
    """A step already recorded, effective later, that a back-dated step would change."""

    version: int
    effective_date: Any
    what: str
    why: str
    rule_id: str | None = None
    basis: str | None = None


class BackfillConflict(Refused):
    """A back-dated step that would change the judgement of later steps (docs/audit.md):
    cited by the first later step's rule, so the refusal names the rule it would break."""

    def __init__(self, on: Any, later: list[LaterStep], remedy: Remedy) -> None:
        self.later = later
        shown = "; ".join(f"version {s.version} ({s.what}, {s.effective_date.isoformat()}) "
                          f"would then be refused: {s.why}" for s in later[:3])
        more = f" and {len(later) - 3} more" if len(later) > 3 else ""
        first = later[0]
        super().__init__(f"Refused: back-dated to {on.isoformat()}, this step would change "
                         f"steps already recorded after it: {shown}{more}",
                         rule_id=first.rule_id, basis=first.basis, remedy=remedy)
