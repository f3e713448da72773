"""Points the rulebook marks UNCONFIRMED, held as settings with the documented defaults, and
the authority's own settings (whose schools the register holds).

Each rule setting names the rule it tunes; docs/rulebook.md lists the choice made. A council
changes a setting with a TOML file named by SELA_POLICY (see sela_workflow.config), never by
editing code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Policy:
    #: WN-01: block s60/s60A for PRUs until Part 4's application to PRUs is verified (§2 note a).
    block_pru_warning_notices: bool = True
    #: WN-08: diocese / foundation-appointer copies treated as statutory (s60(6)(b)/(c)).
    diocese_copy_required: bool = True
    #: IN-05: consult the governing body before an IEB (confirmed in rulebook §15).
    ieb_consult_governing_body: bool = True
    #: IN-02: consult the governing body (and diocese/appointer) before s63 arrangements.
    s63_consultation_required: bool = True
    #: IN-01 / T-REASONABLE-NOTICE: working days from intention-to-use notice to the earliest power.
    reasonable_notice_working_days: int = 10
    #: T-SOA: working days from the Ofsted category notice to the statement of action (EA05 s15).
    statement_of_action_working_days: int = 10
    #: T-RA-COMMS: working days to send the written categorisation after an assessment.
    categorisation_letter_working_days: int = 10
    #: T-RA-ANNUAL: month and day by which each year's formal risk assessment is expected.
    annual_assessment_due_month: int = 9
    annual_assessment_due_day: int = 30
    #: T-AO-DUTY-EXPECTED: weeks after a category notice before chasing an expected academy order.
    academy_order_followup_weeks: int = 4
    #: IN-07: apply SSFA Sch 15 para 1's one-month notice to s66 suspensions too.
    s66_uses_schedule_15_notice: bool = True
    #: Roles that may override a HARD-LOCAL rule, recording their justification.
    override_roles: tuple[str, ...] = ("DIRECTOR_CHILDREN_FAMILIES", "DIRECTOR_OF_EDUCATION")
    #: The authority's GIAS LA codes: whose schools `sela gias import` and `sela ofsted
    #: import` take by default (Southwark is 210; `--la` chooses others).
    la_codes: tuple[str, ...] = ("210",)

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> Policy:
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown policy settings: {', '.join(unknown)}; "
                             f"known: {', '.join(known)}")
        converted: dict[str, object] = {}
        for name, value in values.items():
            default = getattr(cls(), name)
            if isinstance(default, tuple):
                if not isinstance(value, (list, tuple)):
                    raise ValueError(f"policy {name} must be a list")
                converted[name] = tuple(str(v) for v in value)
            elif not isinstance(value, type(default)):
                raise ValueError(f"policy {name} must be {type(default).__name__}")
            else:
                converted[name] = value
        return cls(**converted)  # type: ignore[arg-type]


    @classmethod
    def parse_setting(cls, name: str, text: str) -> object:
        """A setting typed from its text (``true``, ``10``, ``A,B``), as its default is."""
        known = {f.name for f in fields(cls)}
        if name not in known:
            raise ValueError(f"unknown policy setting {name!r}; known: {', '.join(sorted(known))}")
        default = getattr(cls(), name)
        text = text.strip()
        if isinstance(default, bool):
            if text.lower() not in ("true", "false", "yes", "no"):
                raise ValueError(f"policy {name} is true or false, not {text!r}")
            return text.lower() in ("true", "yes")
        if isinstance(default, int):
            if not text.isascii() or not text.isdigit():
                raise ValueError(f"policy {name} is a whole number, not {text!r}")
            return int(text)
        if isinstance(default, tuple):
            return [part.strip() for part in text.split(",") if part.strip()]
        return text

    def settings(self) -> dict[str, object]:
        """Every setting, as stored in a policy version (lists for tuples)."""
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
                for f in fields(self)}


DEFAULT = Policy()
