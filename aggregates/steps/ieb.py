"""The interim executive board (EIA 2006 s65, Sch 6): consultations, the Secretary of State's
consent, the notice, members, the interim period and its end (IN-01, IN-05, IN-06)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import commencement as law
from ..errors import InvalidInput, NotNow
from ..events import (
    ConsultationCompleted,
    IEBEnded,
    IEBInterimPeriodExtended,
    IEBNoticeIssued,
    IEMAppointed,
    IEMRemoved,
    SoSConsentRequested,
)
from ..school_types import needs_diocese
from ..state.case import CaseState
from ..state.views import powers_in_force
from ..vocabulary import LA_POWERS, Consultee, IEBCopy, Power
from .command import Command, command, opt
from .common import maintained, missing_consultations, not_academy
from .eligibility import eligible, reasonable_notice, routes_for, sos_precedence
from .lifecycles import IEB
from .registry import declare
from .spec import (
    ASK,
    NOT_APPLICABLE,
    Expectation,
    Facts,
    Fail,
    Guard,
    Item,
    Judgement,
    Move,
    Step,
    always,
)

# -- consultations --------------------------------------------------------------------------


@command
class RecordConsultation(Command):
    intervention: Power = opt("--for", "The power being consulted on (the rulebook requires "
                              "it for S63 and S65).", placeholder="<POWER>", example=Power.S65)
    consultee: Consultee = opt("--consultee", "The governing body, the diocese, the foundation "
                               "governors' appointer, or the LA.", placeholder="<CONSULTEE>",
                               example=Consultee.GB)
    response_ref: str = opt("--response", "Reference of the response.", default="")


def _for(power: str) -> Any:
    return lambda f: None if f.cmd.intervention.value == power else NOT_APPLICABLE


def _consult(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    if f.cmd.intervention not in LA_POWERS:
        raise InvalidInput(f"{f.cmd.intervention.name} is not an LA power; consult on "
                           f"{', '.join(p.name for p in LA_POWERS)}.")
    return [(ConsultationCompleted, {"intervention": f.cmd.intervention.value,
                                     "consultee": f.cmd.consultee.value,
                                     "response_ref": f.cmd.response_ref})]


def _consult_hints(s: CaseState, today: dt.date, policy: Any) -> list[dict[str, Any]]:
    out = []
    for power, gb in (("S65", policy.ieb_consult_governing_body),
                      ("S63", policy.s63_consultation_required)):
        if routes_for(s, power, today) and not (power == "S63" and not gb):
            out += [{"intervention": power, "consultee": c}
                    for c in missing_consultations(s, power, True if power == "S63" else gb)]
    return out


CONSULT = declare(Step(
    RecordConsultation, ("power", "consult"), "Record a consultation completed before a power "
    "(IN-02, IN-05).", "190106 --for S65 --consultee GB --response GB-2026-05", "IN-05",
    _consult, (ConsultationCompleted,),
    guards=(not_academy("Consultation"), Guard("IN-02", _for("S63")),
            Guard("IN-05", _for("S65")), Guard("IN-01", lambda f: NOT_APPLICABLE
                                               if f.cmd.intervention.value in ("S63", "S65")
                                               else None)),
    hints=_consult_hints, offered=True,
    done=lambda c, d: f"{c.consultee.name} consulted on {c.intervention.name} ({c.urn})."))


# -- the Secretary of State's consent ------------------------------------------------------------


@command
class RequestIEBConsent(Command):
    """The LA's application to the Secretary of State for consent to an IEB (IN-05)."""


REQUEST = declare(Step(
    RequestIEBConsent, ("power", "ieb-request-consent"), "Record the application to the "
    "Secretary of State for consent to an IEB (IN-05).", "190106 --on 2026-05-15", "IN-05",
    lambda f, j: [(SoSConsentRequested, {"from_state": f.current, "to_state": f.dest})],
    (SoSConsentRequested,),
    guards=(not_academy("IEB consent request"), maintained("IEB consent request"),
            eligible("S65", "IEB consent request")),
    lifecycle=IEB, trigger="request_consent",
    moves=(Move(("none", "ended", "lapsed"), "consent_requested"),),
    current=lambda f: f.state.ieb.state_on(f.on), in_force=lambda f: law.IEB,
    hints=lambda s, t, p: [{}], offered=True,
    done=lambda c, d: f"the Secretary of State's consent to an IEB requested for {c.urn}."))


# -- the notice: the IEB takes over ------------------------------------------------------------


@command
class IssueIEBNotice(Command):
    ieb_from: dt.date = opt("--from", "The day the IEB takes over from the governing body.",
                            placeholder="<DATE>")
    members: tuple[str, ...] = opt(
        "--member", "An interim executive member and the reference of the instrument "
        "appointing them; at least two (IN-06).", metavar="NAME=INSTRUMENT",
        placeholder="<NAME=INSTRUMENT>", example=lambda n: f"Member {n + 1}=INS-{n + 1}",
        at_least=2)
    interim_period_end: dt.date | None = opt("--interim-end", "End of the interim period.",
                                             default=None, offset=365)
    copied_to: tuple[IEBCopy, ...] = opt("--copied-to", "Who received copies of the notice; "
                                         "repeat.", default=())

    def check(self) -> None:
        parse_members(self.members)


def parse_members(values: tuple[str, ...]) -> list[list[str]]:
    members = []
    for value in values:
        name, _, ref = str(value).partition("=")
        if not name.strip() or not ref.strip():
            raise InvalidInput(f"{value!r} is not a member: write --member NAME=INSTRUMENT_REF.")
        members.append([name.strip(), ref.strip()])
    return members


def _consulted(f: Facts) -> Fail | None:
    missing = missing_consultations(f.state, "S65", f.policy.ieb_consult_governing_body)
    if not missing:
        return None
    from ..errors import Remedy

    return Fail(f"IEB refused: consultation not recorded with {', '.join(missing)}",
                Remedy(step=RecordConsultation, lead="Record it first",
                       options={"intervention": "S65", "consultee": missing[0]}))


def _two_members(f: Facts) -> Fail | None:
    names = {m[0] for m in parse_members(f.cmd.members)}
    if len(names) >= 2:
        return None
    from ..errors import Remedy

    return Fail("IEB refused: an interim executive board has at least two members appointed "
                "by written instrument (Sch 6)",
                Remedy("Name them with --member NAME=INSTRUMENT_REF."))


def _expected_copies(s: CaseState) -> list[str]:
    expected = ["IEMS", "GOVERNORS", "SOS"]
    if needs_diocese(s.details.religious_character):
        expected.append("DIOCESE")
    elif s.has_foundation:
        expected.append("FOUNDATION_APPOINTER")
    return expected


def _copies(f: Facts) -> Fail | None:
    sent = {c.value for c in f.cmd.copied_to}
    missing = [c for c in _expected_copies(f.state) if c not in sent]
    if not missing:
        return None
    return Fail(f"Copies of the IEB notice not recorded for {', '.join(missing)} (failure does "
                "not invalidate the notice)")


def _issue(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: IssueIEBNotice = f.cmd
    if c.ieb_from < f.on:
        raise InvalidInput("The IEB cannot take over before the notice is given; --from must be "
                           "on or after --on.")
    if c.interim_period_end is not None and c.interim_period_end <= c.ieb_from:
        raise InvalidInput("The interim period must end after the IEB takes over.")
    return [(IEBNoticeIssued, {"from_state": f.current, "to_state": f.dest,
                               "ieb_from": c.ieb_from, "interim_period_end": c.interim_period_end,
                               "copied_to": sorted({x.value for x in c.copied_to}),
                               "members": parse_members(c.members)})]


def _ieb_end_items(s: CaseState, policy: Any) -> list[Item]:
    """The interim period's end (T-IEB-END): it can be extended until then; the governing
    body's resumption is recorded when it ends. Both end with the case (conversion)."""
    ieb = s.ieb
    end = ieb.interim_period_end
    if ieb.state not in ("active", "ended") or not end or s.converted_on:
        return []
    if ieb.state == "ended":
        return [Item("IN-06", "T-IEB-END", "IEB ended: the governing body resumes", end,
                     met_on=ieb.ended_on)]
    return [Item("IN-06", "T-IEB-END", "Extend the IEB's interim period, if needed, before it "
                 "ends", end, kind="closes", step=ExtendIEB,
                 options={"interim_period_end": ASK}),
            Item("IN-06", "T-IEB-END", "IEB interim period ends: record the governing body's "
                 "resumption", end + dt.timedelta(days=1), step=EndIEB,
                 options={"resumption_date": end + dt.timedelta(days=1)})]


IEB_NOTICE = declare(Step(
    IssueIEBNotice, ("power", "ieb"), "Give notice that an interim executive board takes over "
    "(s65; IN-01, IN-05, IN-06).",
    "190106 --from 2026-07-01 --member 'Dr A. Owusu=INS-1' --member 'Mr T. Hale=INS-2' "
    "--copied-to IEMS --copied-to GOVERNORS --copied-to SOS", "IN-05", _issue,
    (IEBNoticeIssued,),
    guards=(not_academy("IEB"), maintained("IEB"), eligible("S65", "IEB"),
            reasonable_notice("S65", "IEB"), sos_precedence(), always("IN-05"),
            Guard("IN-05", _consulted), Guard("IN-06", _two_members),
            Guard("IN-06", _copies, strength="WARN"), always("IN-09")),
    lifecycle=IEB, trigger="issue_notice", moves=(Move(("consent_granted",), "active"),),
    current=lambda f: f.state.ieb.state_on(f.on), in_force=lambda f: law.IEB,
    expects=(Expectation("IN-06", "T-IEB-END", _ieb_end_items),),
    hints=lambda s, t, p: [{"ieb_from": ASK, "members": ASK,
                            "copied_to": tuple(_expected_copies(s))}], offered=True,
    done=lambda c, d: f"IEB notice for {c.urn}: the IEB takes over on {c.ieb_from.isoformat()} "
                      f"with {len(c.members)} members."))


# -- members, the interim period, the end ------------------------------------------------------


@command
class ChangeIEBMember(Command):
    add: str | None = opt("--add", "Appoint this member.", default=None, metavar="NAME",
                          placeholder="<NAME>", example="New Member")
    instrument: str = opt("--instrument", "Reference of the written instrument appointing them "
                          "(with --add).", default="", metavar="REF", placeholder="<REF>",
                          example="INS-9")
    remove: str | None = opt("--remove", "Remove this member.", default=None, metavar="NAME")

    def check(self) -> None:
        if bool(self.add) == bool(self.remove):
            raise InvalidInput("Give --add NAME --instrument REF, or --remove NAME.")
        if self.add and not self.instrument.strip():
            raise InvalidInput("An interim executive member is appointed by written "
                               "instrument: give its reference with --instrument REF.")
        if self.remove and self.instrument:
            raise InvalidInput("--instrument goes with --add, not --remove.")


def _member_change(f: Facts) -> Fail | None:
    c: ChangeIEBMember = f.cmd
    if not c.remove:
        return None
    members = f.state.ieb.members
    if c.remove in members and len(members) > 2:
        return None
    from ..errors import Remedy

    return Fail(f"Removal refused: {c.remove!r} is not a member, or the board would fall below "
                "two members", Remedy("Appoint a replacement first."))


def _change(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    c: ChangeIEBMember = f.cmd
    if c.add:
        if c.add in f.state.ieb.members:
            raise NotNow(f"{c.add!r} is already a member of the IEB.")
        return [(IEMAppointed, {"from_state": f.current, "to_state": f.current,
                                "member": c.add, "instrument_ref": c.instrument.strip()})]
    return [(IEMRemoved, {"from_state": f.current, "to_state": f.current, "member": c.remove})]


MEMBER = declare(Step(
    ChangeIEBMember, ("power", "ieb-member"), "Appoint or remove an interim executive member "
    "(IN-06: never below two).", "190106 --add 'Ms R. Lee' --instrument INS-3", "IN-06",
    _change, (IEMAppointed, IEMRemoved),
    guards=(not_academy("IEB membership change"), Guard("IN-06", _member_change)),
    lifecycle=IEB, trigger="change_members", moves=(Move(("active",), "="),),
    current=lambda f: f.state.ieb.state_on(f.on),
    hints=lambda s, t, p: [{"add": ASK, "instrument": ASK}], offered=True,
    done=lambda c, d: f"{c.add} appointed to the IEB ({c.urn})." if c.add
    else f"{c.remove} removed from the IEB ({c.urn})."))


@command
class ExtendIEB(Command):
    interim_period_end: dt.date = opt("--to", "The new end of the interim period.",
                                      placeholder="<DATE>", offset=800)


def _extend(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    ieb = f.state.ieb
    end = f.cmd.interim_period_end
    if (ieb.ieb_from and end <= ieb.ieb_from) or end <= f.on:
        raise InvalidInput("The interim period must end after the IEB took over and after the "
                           "further notice.")
    if ieb.interim_period_end and end <= ieb.interim_period_end:
        raise InvalidInput(f"The interim period already runs to "
                           f"{ieb.interim_period_end.isoformat()}; give a later --to.")
    return [(IEBInterimPeriodExtended, {"from_state": f.current, "to_state": f.current,
                                        "interim_period_end": end})]


EXTEND = declare(Step(
    ExtendIEB, ("power", "ieb-extend"), "Give further notice extending the IEB's interim period "
    "(Sch 6; IN-06).", "190106 --to 2028-08-31", "IN-06", _extend, (IEBInterimPeriodExtended,),
    guards=(not_academy("IEB extension"), always("IN-06")),
    lifecycle=IEB, trigger="extend", moves=(Move(("active",), "="),),
    current=lambda f: f.state.ieb.state_on(f.on),
    done=lambda c, d: f"the IEB's interim period at {c.urn} now ends on "
                      f"{c.interim_period_end.isoformat()}."))


@command
class EndIEB(Command):
    resumption_date: dt.date = opt("--resumption", "The day the governing body is normally "
                                   "constituted again.", placeholder="<DATE>", offset=1)


def _end(f: Facts, j: Judgement) -> list[tuple[type, dict[str, Any]]]:
    ieb = f.state.ieb
    if ieb.ieb_from and f.cmd.resumption_date <= ieb.ieb_from:
        raise InvalidInput(f"The governing body cannot resume on {f.cmd.resumption_date} before "
                           f"the IEB took over on {ieb.ieb_from}.")
    return [(IEBEnded, {"from_state": f.current, "to_state": f.dest,
                        "resumption_date": f.cmd.resumption_date})]


END = declare(Step(
    EndIEB, ("power", "ieb-end"), "End the interim period: the governing body resumes.",
    "190106 --resumption 2027-09-01", "IN-06", _end, (IEBEnded,),
    guards=(not_academy("IEB end"), always("IN-06")),
    lifecycle=IEB, trigger="end", moves=(Move(("active", "lapsed"), "ended"),),
    current=lambda f: f.state.ieb.state_on(f.on),
    hints=lambda s, t, p: [{"resumption_date": ASK}], offered=True,
    done=lambda c, d: f"IEB ended at {c.urn}; the governing body resumes on "
                      f"{c.resumption_date.isoformat()}."))


def ieb_in_force(state: CaseState, day: dt.date) -> bool:
    return "S65" in powers_in_force(state, day)
