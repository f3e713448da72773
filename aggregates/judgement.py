"""Applying rules to one command: refuse, warn, or record an authorised override.

A command builds a Judgement for its legal anchor date, checks each rule, and records on its
events the rule IDs applied and the warnings given. HARD-LOCAL refusals can be overridden by a
role in Policy.override_roles with a justification; the override becomes a
PolicyDeviationRecorded event in the same save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import rules
from .envelope import Envelope
from .errors import Refused
from .policy import Policy


@dataclass(frozen=True)
class Context:
    """What every command needs besides its own data: who and when, today, the policy in force,
    and an override justification if an authorised role is departing from a HARD-LOCAL rule."""

    envelope: Envelope
    today: dt.date
    policy: Policy
    override: str | None = None

    @property
    def on(self) -> dt.date:
        return self.envelope.effective_date


@dataclass
class Judgement:
    on: dt.date  # the legal anchor date: which rules are in force
    envelope: Envelope
    policy: Policy
    override: str | None = None
    applied: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    deviations: list[tuple[str, str]] = field(default_factory=list)
    #: How many warnings are already on a recorded event (each warning is recorded once).
    warned: int = 0

    def take_warnings(self) -> list[str]:
        new = self.warnings[self.warned:]
        self.warned = len(self.warnings)
        return new

    def in_force(self, rule_id: str) -> bool:
        return rules.get(rule_id).in_force(self.on)

    def check(self, rule_id: str, ok: bool, what: str, remedy: str = "") -> bool:
        """Apply one rule. Returns whether it held; a refusing rule that fails raises."""
        rule = rules.get(rule_id)
        if not rule.in_force(self.on):
            return True
        if rule_id not in self.applied:
            self.applied.append(rule_id)
        if ok:
            return True
        if rule.strength == rules.HARD_STAT:
            raise Refused(what, rule_id=rule_id, basis=rule.basis, remedy=remedy)
        if rule.strength == rules.HARD_LOCAL:
            if self.override and self.envelope.role in self.policy.override_roles:
                self.deviations.append((rule_id, self.override))
                self.warnings.append(rules.warning_text(
                    rule_id, f"overridden by {self.envelope.role}: {what[:1].lower()}{what[1:]}"))
                return False
            who = " or ".join(self.policy.override_roles)
            note = (f" Your role {self.envelope.role} may not override; {who} may."
                    if self.override else f" ({who} may override with --override "
                    "JUSTIFICATION.)")
            raise Refused(what, rule_id=rule_id, basis=rule.basis,
                          remedy=f"{remedy}{note}".strip())
        if rule.strength == rules.GUID and not self.envelope.reason.strip():
            raise Refused(what, rule_id=rule_id, basis=rule.basis,
                          remedy="This departs from statutory guidance: record your reason "
                                 "with --reason to proceed.")
        if rule.strength in (rules.GUID, rules.WARN_LOCAL):
            self.warnings.append(rules.warning_text(rule_id, what[0].lower() + what[1:]))
        return False

    def refuse(self, rule_id: str, what: str, remedy: str = "") -> None:
        self.check(rule_id, False, what, remedy)
