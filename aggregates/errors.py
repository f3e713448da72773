"""Domain errors. Each says what was refused, why (rule ID and legal basis) and what to do next."""

from __future__ import annotations


class DomainError(Exception):
    """Base for every error a user can cause; the CLI turns these into one line and an exit code."""


class InvalidInput(DomainError):
    """A value outside the vocabulary or malformed (not a rule refusal)."""


class Refused(DomainError):
    """A command the rulebook (or the record's own integrity) does not allow."""

    def __init__(self, what: str, *, rule_id: str | None = None, basis: str | None = None,
                 remedy: str | None = None) -> None:
        self.what, self.rule_id, self.basis, self.remedy = what, rule_id, basis, remedy
        cite = ""
        if rule_id:
            cite = f" ({rule_id}, {basis})" if basis else f" ({rule_id})"
        text = f"{what}{cite}."
        if remedy:
            text += f" {remedy}"
        super().__init__(text)


class NotFound(DomainError):
    """No such school (or other record)."""


class Conflict(DomainError):
    """Someone else recorded against the same school at the same moment and retries ran out."""


class AlreadyExists(DomainError):
    """The record being created exists already (e.g. a URN registered twice)."""


class NotNow(DomainError):
    """The record's present state does not allow this step (exit 1, not a usage error)."""


class IntegrityFailure(DomainError):
    """The stored record does not verify (altered outside SELA): the CLI exits with code 3."""

    exit_code = 3
