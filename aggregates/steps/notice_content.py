"""What a warning notice must say when it is drafted (rulebook §6): its grounds, by notice
type (WN-02 for s60, WN-03 for s60A), and its content (WN-04)."""

from __future__ import annotations

from ..errors import Remedy
from ..vocabulary import S60_GROUNDS, S60A_GROUNDS, Ground, NoticeType
from .spec import NOT_APPLICABLE, Facts, Fail


def wn02(f: Facts) -> Fail | None:
    if f.cmd.notice_type is not NoticeType.S60:
        return NOT_APPLICABLE
    grounds = set(f.cmd.grounds)
    bad = sorted(g.name for g in grounds - set(S60_GROUNDS))
    if not grounds or bad:
        return Fail("Warning notice refused: s60 grounds must be one or more of "
                    f"{', '.join(g.name for g in S60_GROUNDS)}"
                    + (f" (not {', '.join(bad)})" if bad else ""),
                    Remedy("Give the grounds with --ground."))
    if Ground.LOW_STANDARDS in grounds and not f.cmd.comparators:
        return Fail("Warning notice refused: low standards must be judged against expected, "
                    "previous or comparable schools' standards (s60(3))",
                    Remedy("Give the comparator with --comparator."))
    return None


def wn03(f: Facts) -> Fail | None:
    if f.cmd.notice_type is not NoticeType.S60A:
        return NOT_APPLICABLE
    grounds = set(f.cmd.grounds)
    if grounds and grounds <= set(S60A_GROUNDS):
        return None
    return Fail("Warning notice refused: s60A grounds must be one or more of "
                f"{', '.join(g.name for g in S60A_GROUNDS)}",
                Remedy("Give the grounds with --ground."))


def wn04_content(f: Facts) -> Fail | None:
    c = f.cmd
    missing = [name for name, value in (("matters", c.matters.strip()),
                                        ("required action", c.required_actions),
                                        ("action minded to take", c.minded_actions))
               if not value]
    if missing:
        return Fail(f"Warning notice refused: it must set out the {', '.join(missing)}",
                    Remedy("Give them with --matters, --action and --minded."))
    if c.compliance_period_end <= f.on:
        return Fail("Warning notice refused: the compliance period must end after the notice "
                    "date", Remedy("Give a later --compliance-end."))
    return None
