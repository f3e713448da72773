"""The school's details as GIAS keeps them: a change of details, the school's closure, a link
to another URN (lineage). The GIAS import records these steps; officers can record them by
hand the same way.

A change of details never makes a maintained school an academy or the reverse: that is a
conversion, which closes the LA's case (AO-05), so it is refused here and recorded with
`sela academy convert` (same URN) or `sela academy new-urn` (the usual GIAS way).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import InvalidInput, NotNow
from ..events import SchoolClosed, SchoolDetailsChanged, SchoolLinked
from ..identity import check_urn
from ..school_types import EstablishmentType, type_info
from ..vocabulary import LinkKind, Phase, ReligiousCharacter, SchoolStatus
from .command import Command, arg, command, opt
from .registry import declare
from .school import check_details
from .spec import NOT_APPLICABLE, Facts, Fail, Guard, Judgement, Records, Step

# -- a change of details -------------------------------------------------------------------


@command
class ChangeSchoolDetails(Command):
    """Each field left out (None) stays as it is."""

    name: str | None = opt("--name", "The new name, as in GIAS.", default=None)
    establishment_type: EstablishmentType | None = opt(
        "--type", "The new establishment type (within the maintained or academy types).",
        default=None)
    phase: Phase | None = opt("--phase", "The new phase of education.", default=None)
    religious_character: ReligiousCharacter | None = opt(
        "--religious-character", "The new religious character.", default=None)
    diocese: str | None = opt("--diocese", "The appropriate diocesan authority ('' for none).",
                              default=None)
    academy_trust: str | None = opt("--trust", "The academy trust ('' for none).",
                                    default=None)
    status: SchoolStatus | None = opt("--status", "OPEN, or OPEN_PROPOSED_TO_CLOSE (a closure "
                                      "is `sela school close`).", default=None)


#: Command field -> the SchoolDetails field it changes.
DETAILS = ("name", "establishment_type", "phase", "religious_character", "diocese",
           "academy_trust", "status")


def _given(c: ChangeSchoolDetails) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in DETAILS:
        value = getattr(c, name)
        if value is not None:
            out[name] = value.value if hasattr(value, "value") else str(value).strip()
    return out


def _not_a_conversion(f: Facts) -> Fail | None:
    """AO-05: becoming an academy (or ceasing to be one) is a conversion, not a change."""
    new = f.cmd.establishment_type
    if new is None:
        return NOT_APPLICABLE
    was = type_info(f.state.establishment_type).academy
    if new.academy == was:
        return None
    if new.academy:
        return Fail(f"Change refused: {f.state.urn} becoming a {new.gias_name.lower()} is a "
                    "conversion, which closes the LA's case; record it with `sela academy "
                    "convert` (same URN) or `sela academy new-urn` (a new URN)")
    return Fail(f"Change refused: {f.state.urn} is an academy; an academy does not become a "
                f"{new.gias_name.lower()} by a change of details")


def _change(f: Facts, j: Judgement) -> Records:
    d = f.state.details
    given = _given(f.cmd)
    changes = {k: v for k, v in given.items() if getattr(d, k) != v}
    if not changes:
        shown = ", ".join(f"{k}={v!r}" for k, v in given.items()) or "nothing"
        raise InvalidInput(f"Nothing to change: {f.state.urn}'s record already says {shown}; "
                           "give a detail that differs (e.g. --name).")
    after = {k: changes.get(k, getattr(d, k)) for k in DETAILS}
    check_details(after["name"], after["establishment_type"], after["religious_character"],
                  after["diocese"], after["academy_trust"])
    previous = {k: getattr(d, k) for k in changes}
    return [(SchoolDetailsChanged, {"changes": changes, "previous": previous})]


CHANGE = declare(Step(
    ChangeSchoolDetails, ("school", "change"), "Record a change of the school's details "
    "(name, type, phase, religious character, diocese, trust, status), as GIAS shows it.",
    "100834 --name 'Bankside Community Primary School' --on 2025-05-20", "", _change,
    (SchoolDetailsChanged,), guards=(Guard("AO-05", _not_a_conversion),),
    done=lambda c, d: f"{c.urn}: " + "; ".join(
        f"{k.replace('_', ' ')} {v}" for k, v in d.records[0][1]["changes"].items()) + "."))


# -- closure -------------------------------------------------------------------------------


@command
class CloseSchool(Command):
    closure_reason: str = opt("--closure-reason", "Why it closed, as GIAS gives it (e.g. "
                              "'Closure', 'Result of Amalgamation').", default="")
    closed_on: dt.date | None = opt("--closed-on", "The close date GIAS gives (default: the "
                                    "effective date).", default=None)


def _close(f: Facts, j: Judgement) -> Records:
    c: CloseSchool = f.cmd
    if c.closed_on is not None and c.closed_on > f.on:
        raise InvalidInput("The close date cannot be after the step's effective date (--on).")
    if c.closed_on is not None and c.closed_on < f.state.details.registered_on:
        raise InvalidInput(f"The close date {c.closed_on.isoformat()} is before {f.state.urn}'s "
                           "record begins.")
    return [(SchoolClosed, {"closure_reason": c.closure_reason.strip(),
                            "closed_on": c.closed_on})]


CLOSE = declare(Step(
    CloseSchool, ("school", "close"), "Record that the school closed (GIAS status Closed): its "
    "LA case ends with it and its record takes no new steps.",
    "100842 --closure-reason Closure --closed-on 2025-07-31 --on 2025-09-02", "", _close,
    (SchoolClosed,),
    done=lambda c, d: f"{c.urn} closed" + (f" on {c.closed_on.isoformat()}" if c.closed_on
                                           else "") + "; its LA case has ended."))


# -- a link to another URN (lineage) ------------------------------------------------------


@command
class LinkSchool(Command):
    link_urn: str = arg("LINK_URN", "The other school's URN.", example="149901")
    kind: LinkKind = opt("--kind", "What the other school is to this one (GIAS LinkType), e.g. "
                         "SUCCESSOR or PREDECESSOR.", placeholder="<KIND>",
                         example=LinkKind.SUCCESSOR)
    link_name: str = opt("--name", "The other school's name, as GIAS gives it.", default="")
    established_on: dt.date | None = opt("--established", "The date GIAS gives the link.",
                                         default=None)

    def check(self) -> None:
        other = check_urn(self.link_urn)
        object.__setattr__(self, "link_urn", other)
        if other == self.urn:
            raise InvalidInput(f"A school cannot be linked to itself ({other}).")


def _link(f: Facts, j: Judgement) -> Records:
    c: LinkSchool = f.cmd
    if any(k.urn == c.link_urn and k.kind == c.kind.value for k in f.state.links):
        raise NotNow(f"{f.state.urn} already records {c.link_urn} as its "
                     f"{c.kind.name.lower().replace('_', ' ')}.")
    return [(SchoolLinked, {"link_urn": c.link_urn, "link_type": c.kind.value,
                            "link_name": c.link_name.strip(),
                            "established_on": c.established_on})]


def _linked(c: Any, d: Any) -> str:
    return f"{c.link_urn} is now the {c.kind.name.lower().replace('_', ' ')} of {c.urn}."


LINK = declare(Step(
    LinkSchool, ("school", "link"), "Record a GIAS link between two URNs (successor, "
    "predecessor, merger...): the lineage `sela status --lineage` follows.",
    "100837 149901 --kind SUCCESSOR --established 2025-08-31", "", _link, (SchoolLinked,),
    on_closed=True, done=_linked))


__all__ = ["CHANGE", "CLOSE", "DETAILS", "LINK", "ChangeSchoolDetails", "CloseSchool",
           "LinkSchool"]
