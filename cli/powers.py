"""Interventions (EIA 2006 ss63-66), the Secretary of State's steps, Ofsted and academy orders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import click

from .common import DATE, Store, Vocab, envelope_options, pass_store, record

# The domain's vocabularies (sela_workflow.aggregates.vocabulary), repeated as plain tuples so
# `--help` does not import the domain; tests/test_cli_vocabulary.py checks they match.
LA_POWERS = ("S63", "S64", "S65", "S66")
CONSULTEES = ("GB", "DIOCESE", "FOUNDATION_APPOINTER", "LA")
IEB_COPY_RECIPIENTS = ("IEMS", "GOVERNORS", "SOS", "DIOCESE", "FOUNDATION_APPOINTER")
S63_REQUIREMENTS = ("ADVISORY_CONTRACT", "COLLABORATION", "FE_COLLABORATION", "FEDERATION")
BUDGET_BASES = ("EIA_S66", "SSFA_SCH15_P1")
BUDGET_COPIES = ("HT", "SOS")
REVIEW_TYPES = ("ANNUAL", "AD_HOC")
SOS_POWERS = ("S67", "S68", "S69", "DIRECTION", "ARRANGEMENTS")
AO_BASES = ("S4_A1", "S4_1_B")
OFSTED_CATEGORIES = ("NONE", "RSI", "SM")
SAFEGUARDING = ("EFFECTIVE", "INEFFECTIVE", "INCOMPLETE", "MET", "NOT_MET")
ACADEMY_TYPES = ("academy-converter", "academy-sponsor-led", "free-school")


@click.group()
def power() -> None:
    """LA intervention powers: s63 arrangements, s64 governors, s65 IEB, s66 budget.

    \b
    Example:
      sela power consult 190106 --for S65 --consultee GB
    """


@power.command("consult")
@click.argument("urn")
@click.option("--for", "intervention", type=Vocab(*LA_POWERS), required=True,
              help="The power being consulted on (the rulebook requires it for S63 and S65).")
@click.option("--consultee", required=True, type=Vocab(*CONSULTEES),
              help="The governing body, the diocese, the foundation governors' appointer, "
                   "or the LA.")
@click.option("--response", "response_ref", default="", help="Reference of the response.")
@envelope_options
@pass_store
def consult(store: Store, urn: str, intervention: str, consultee: str, response_ref: str,
            envelope: Any) -> None:
    """Record a consultation completed before a power (IN-02, IN-05).

    \b
    Example:
      sela power consult 190106 --for S65 --consultee GB --response GB-2026-05
    """
    record(store, urn, envelope, "record_consultation",
           "{consultee} consulted on {intervention} ({urn}).", intervention=intervention,
           consultee=consultee, response_ref=response_ref)


@power.command("ieb-request-consent")
@click.argument("urn")
@envelope_options
@pass_store
def ieb_request(store: Store, urn: str, envelope: Any) -> None:
    """Record the application to the Secretary of State for consent to an IEB (IN-05).

    \b
    Example:
      sela power ieb-request-consent 190106 --on 2026-05-15
    """
    record(store, urn, envelope, "request_ieb_consent",
           "the Secretary of State's consent to an IEB requested for {urn}.")


def _members(values: Sequence[str]) -> list[tuple[str, str]]:
    members = []
    for value in values:
        name, _, ref = value.partition("=")
        if not name.strip() or not ref.strip():
            raise click.BadParameter(f"{value!r}: write NAME=INSTRUMENT_REF",
                                     param_hint="--member")
        members.append((name.strip(), ref.strip()))
    return members


@power.command("ieb")
@click.argument("urn")
@click.option("--from", "ieb_from", type=DATE, required=True,
              help="The day the IEB takes over from the governing body.")
@click.option("--member", "members", multiple=True, metavar="NAME=INSTRUMENT",
              help="An interim executive member and the reference of the instrument "
                   "appointing them; at least two (IN-06).")
@click.option("--interim-end", type=DATE, default=None, help="End of the interim period.")
@click.option("--copied-to", "copied_to", multiple=True,
              type=Vocab(*IEB_COPY_RECIPIENTS),
              help="Who received copies of the notice; repeat.")
@envelope_options
@pass_store
def ieb(store: Store, urn: str, ieb_from: dt.date, members: Sequence[str],
        interim_end: dt.date | None, copied_to: Sequence[str], envelope: Any) -> None:
    """Give notice that an interim executive board takes over (s65; IN-01, IN-05, IN-06).

    \b
    Example:
      sela power ieb 190106 --from 2026-07-01 --member "Dr A. Owusu=INS-1" \\
          --member "Mr T. Hale=INS-2" --copied-to IEMS --copied-to GOVERNORS --copied-to SOS
    """
    parsed = _members(members)
    record(store, urn, envelope, "issue_ieb_notice",
           "IEB notice for {urn}: the IEB takes over on {ieb_from} with "
           f"{len(parsed)} members.", ieb_from=ieb_from, members=parsed,
           interim_period_end=interim_end, copied_to=list(copied_to))


@power.command("ieb-member")
@click.argument("urn")
@click.option("--add", default=None, metavar="NAME", help="Appoint this member.")
@click.option("--instrument", default="", metavar="REF",
              help="Reference of the written instrument appointing them (with --add).")
@click.option("--remove", default=None, metavar="NAME", help="Remove this member.")
@envelope_options
@pass_store
def ieb_member(store: Store, urn: str, add: str | None, instrument: str, remove: str | None,
               envelope: Any) -> None:
    """Appoint or remove an interim executive member (IN-06: never below two).

    \b
    Example:
      sela power ieb-member 190106 --add "Ms R. Lee" --instrument INS-3
    """
    if bool(add) == bool(remove):
        raise click.UsageError("Give --add NAME --instrument REF, or --remove NAME.")
    if add and not instrument.strip():
        raise click.UsageError("An interim executive member is appointed by written "
                               "instrument: give its reference with --instrument REF.")
    if remove and instrument:
        raise click.UsageError("--instrument goes with --add, not --remove.")
    record(store, urn, envelope, "change_ieb_member",
           "{add} appointed to the IEB ({urn})." if add else
           "{remove} removed from the IEB ({urn}).",
           add=add, remove=remove, instrument_ref=instrument.strip())


@power.command("ieb-end")
@click.argument("urn")
@click.option("--resumption", type=DATE, required=True,
              help="The day the governing body is normally constituted again.")
@envelope_options
@pass_store
def ieb_end(store: Store, urn: str, resumption: dt.date, envelope: Any) -> None:
    """End the interim period: the governing body resumes.

    \b
    Example:
      sela power ieb-end 190106 --resumption 2027-09-01
    """
    record(store, urn, envelope, "end_ieb",
           "IEB ended at {urn}; the governing body resumes on {resumption_date}.",
           resumption_date=resumption)


@power.command("arrangements")
@click.argument("urn")
@click.option("--requirement", required=True, type=Vocab(*S63_REQUIREMENTS),
              help="What the governing body must enter into (s63(2)).")
@click.option("--party", required=True, help="The specified person, school or body.")
@envelope_options
@pass_store
def arrangements(store: Store, urn: str, requirement: str, party: str, envelope: Any) -> None:
    """Require the governing body to enter into arrangements (s63; IN-01, IN-02).

    \b
    Example:
      sela power arrangements 190106 --requirement FEDERATION --party "Peckham Federation"
    """
    record(store, urn, envelope, "issue_arrangements_notice",
           "s63 notice for {urn}: {requirement} with {specified_party}.",
           requirement=requirement, specified_party=party)


@power.command("governors")
@click.argument("urn")
@click.option("--name", "names", multiple=True, required=True, help="A governor; repeat.")
@envelope_options
@pass_store
def governors(store: Store, urn: str, names: Sequence[str], envelope: Any) -> None:
    """Appoint additional governors (s64; IN-01, IN-03: within 2 months, not during an IEB).

    \b
    Example:
      sela power governors 190106 --name "Ms P. Grant" --name "Mr D. Osei"
    """
    record(store, urn, envelope, "appoint_additional_governors",
           "additional governors at {urn}: {names}.", names=list(names))


@power.command("foundation-governors")
@click.argument("urn")
@click.option("--count", type=int, required=True, help="How many foundation governors.")
@envelope_options
@pass_store
def foundation_governors(store: Store, urn: str, count: int, envelope: Any) -> None:
    """Record the appointing authority's matching foundation governors (s64(4); IN-04).

    \b
    Example:
      sela power foundation-governors 190105 --count 2
    """
    record(store, urn, envelope, "appoint_foundation_governors",
           "{count} additional foundation governors at {urn}.", count=count)


@power.command("suspend-budget")
@click.argument("urn")
@click.option("--basis", type=Vocab(*BUDGET_BASES), default="EIA_S66", show_default=True,
              help="EIA 2006 s66 (eligible school), or SSFA 1998 Sch 15 para 1.")
@click.option("--grounds", required=True, help="The grounds, with particulars.")
@click.option("--from", "suspension_from", type=DATE, required=True,
              help="The day the suspension takes effect (a month after notice, IN-07).")
@click.option("--emergency", default="", help="Why less than a month's notice is justified.")
@click.option("--appeal-info", is_flag=True, help="The notice states the right of appeal.")
@click.option("--copied-to", "copied_to", multiple=True, type=Vocab(*BUDGET_COPIES),
              help="Copies sent at the same time (headteacher, Secretary of State); repeat.")
@envelope_options
@pass_store
def suspend_budget(store: Store, urn: str, basis: str, grounds: str,
                   suspension_from: dt.date, emergency: str, appeal_info: bool,
                   copied_to: Sequence[str], envelope: Any) -> None:
    """Give notice suspending the delegated budget (s66, SSFA Sch 15; IN-01, IN-07, IN-11).

    \b
    Example:
      sela power suspend-budget 190106 --grounds "Deficit £400k, no recovery plan" \\
          --from 2026-08-01 --appeal-info --copied-to HT --copied-to SOS
    """
    record(store, urn, envelope, "suspend_budget",
           "budget suspension notice for {urn} ({basis}), from {suspension_from}.",
           basis=basis, grounds_particulars=grounds, suspension_from=suspension_from,
           emergency_justification=emergency, appeal_info_included=appeal_info,
           copied_to=list(copied_to))


@power.command("review-budget")
@click.argument("urn")
@click.option("--type", "review_type", type=Vocab(*REVIEW_TYPES), default="ANNUAL",
              show_default=True, help="Before the funding period, or at any time.")
@click.option("--representations-invited", is_flag=True,
              help="The governing body and headteacher were invited to make representations.")
@click.option("--revoke-from", type=DATE, default=None, help="Revoke the suspension from.")
@envelope_options
@pass_store
def review_budget(store: Store, urn: str, review_type: str, representations_invited: bool,
                  revoke_from: dt.date | None, envelope: Any) -> None:
    """Review a budget suspension before each funding period (IN-08).

    \b
    Example:
      sela power review-budget 190106 --representations-invited --on 2027-03-01
    """
    record(store, urn, envelope, "review_budget",
           "budget suspension reviewed ({urn}): "
           + (f"revoked from {revoke_from.isoformat()}." if revoke_from else "continues."),
           review_type=review_type, representations_invited=representations_invited,
           revoke_from=revoke_from)


@power.command("notify-dfe")
@click.argument("urn")
@click.option("--power", "power_", type=Vocab(*LA_POWERS), required=True,
              help="The power used.")
@envelope_options
@pass_store
def notify_dfe(store: Store, urn: str, power_: str, envelope: Any) -> None:
    """Record that the DfE was told the LA used an intervention power (IN-09).

    \b
    Example:
      sela power notify-dfe 190106 --power S65
    """
    record(store, urn, envelope, "notify_dfe", "the DfE told of {power} at {urn}.",
           power=power_)


# -- the Secretary of State, recorded by the LA ---------------------------------------------

@click.group()
def sos() -> None:
    """Steps the Secretary of State (Regional Director) takes, as the LA records them.

    \b
    Example:
      sela sos consent 190106 --granted
    """


@sos.command("notice")
@click.argument("urn")
@click.option("--ref", required=True, help="The Secretary of State's notice reference.")
@envelope_options
@pass_store
def sos_notice(store: Store, urn: str, ref: str, envelope: Any) -> None:
    """The SoS gave a warning notice: the LA's notices cease (WN-06, WN-07).

    \b
    Example:
      sela sos notice 190106 --ref RD-2026-17 --role SOS
    """
    record(store, urn, envelope, "record_sos_notice",
           "Secretary of State warning notice {ref} for {urn}.", ref=ref)


@sos.command("permit")
@click.argument("urn")
@click.option("--ref", default="", help="Reference of the SoS's letter.")
@envelope_options
@pass_store
def sos_permit(store: Store, urn: str, ref: str, envelope: Any) -> None:
    """The SoS said the LA may give a warning notice after all (WN-06).

    \b
    Example:
      sela sos permit 190106 --ref RD-2026-17
    """
    record(store, urn, envelope, "record_sos_permission",
           "Secretary of State's permission for the LA to give a warning notice ({urn}).",
           ref=ref)


@sos.command("consent")
@click.argument("urn")
@click.option("--granted/--refused", default=None, help="The SoS's decision on the IEB.")
@envelope_options
@pass_store
def sos_consent(store: Store, urn: str, granted: bool | None, envelope: Any) -> None:
    """The SoS's decision on consent to an IEB (IN-05).

    \b
    Example:
      sela sos consent 190106 --granted --doc DFE-CONSENT-2026-06
    """
    if granted is None:
        raise click.UsageError("Give the decision: --granted or --refused.")
    record(store, urn, envelope, "decide_ieb_consent",
           f"IEB consent {'granted' if granted else 'refused'} for {{urn}}.", granted=granted)


@sos.command("intervene")
@click.argument("urn")
@click.option("--power", "power_", required=True,
              type=Vocab(*SOS_POWERS), help="The Secretary of State's power.")
@click.option("--ended", is_flag=True, help="The SoS's intervention has ended.")
@envelope_options
@pass_store
def sos_intervene(store: Store, urn: str, power_: str, ended: bool, envelope: Any) -> None:
    """Record a Secretary of State intervention (IN-10, IN-11).

    \b
    Example:
      sela sos intervene 190106 --power S67
    """
    record(store, urn, envelope, "record_sos_intervention",
           f"Secretary of State intervention ({{power}}) at {{urn}}"
           f"{' ended' if ended else ''}.", power=power_, ended=ended)


@sos.command("coasting")
@click.argument("urn")
@click.option("--ref", required=True, help="The SoS's notice reference.")
@click.option("--ended", is_flag=True, help="The school is no longer coasting.")
@envelope_options
@pass_store
def sos_coasting(store: Store, urn: str, ref: str, ended: bool, envelope: Any) -> None:
    """The SoS notified the governing body that the school is coasting (s60B).

    \b
    Example:
      sela sos coasting 190104 --ref COAST-2026-3
    """
    record(store, urn, envelope, "record_coasting",
           "coasting notice {notice_ref} for {urn}"
           + (": no longer coasting." if ended else ": eligible for intervention (s60B)."),
           notice_ref=ref, ended=ended)


@sos.command("academy-order")
@click.argument("urn")
@click.option("--basis", required=True, type=Vocab(*AO_BASES),
              help="S4_A1: the s4(A1) duty (to 28 June 2026); S4_1_B: the s4(1)(b) power.")
@envelope_options
@pass_store
def sos_order(store: Store, urn: str, basis: str, envelope: Any) -> None:
    """Record an academy order; prints its ID (AO-01 to AO-04).

    \b
    Example:
      sela sos academy-order 190114 --basis S4_1_B --on 2026-07-06
    """
    outcome = record(store, urn, envelope, "record_academy_order",
                     "academy order {result} ({basis}) for {urn}.", basis=basis)
    click.echo(outcome.result)


@sos.command("direction")
@click.argument("urn")
@click.argument("order_id", metavar="ORDER")
@click.option("--id", "direction_id", required=True, help="A name for the direction, e.g. D1.")
@click.option("--step", "steps", multiple=True, required=True, help="A step required; repeat.")
@click.option("--deadline", type=DATE, required=True, help="The direction's deadline.")
@envelope_options
@pass_store
def sos_direction(store: Store, urn: str, order_id: str, direction_id: str,
                  steps: Sequence[str], deadline: dt.date, envelope: Any) -> None:
    """Record a direction on conversion steps with its deadline (s5C; AO-02).

    \b
    Example:
      sela sos direction 190114 AO1 --id D1 --step "Share land information" \\
          --deadline 2026-09-30
    """
    record(store, urn, envelope, "record_direction",
           "direction {direction_id} under {order_id}, due {deadline} ({urn}).",
           order_id=order_id.strip().upper(), direction_id=direction_id, steps=list(steps),
           deadline=deadline)


@sos.command("revoke-order")
@click.argument("urn")
@click.argument("order_id", metavar="ORDER")
@envelope_options
@pass_store
def sos_revoke(store: Store, urn: str, order_id: str, envelope: Any) -> None:
    """Record the revocation of an academy order (s5D).

    \b
    Example:
      sela sos revoke-order 190114 AO1
    """
    record(store, urn, envelope, "revoke_academy_order", "{order_id} revoked ({urn}).",
           order_id=order_id.strip().upper())


# -- Ofsted -----------------------------------------------------------------------------------

@click.group()
def ofsted() -> None:
    """Ofsted outcomes, categories of concern and the statement of action (OF-01, OF-02).

    \b
    Example:
      sela ofsted notify 190106 --category SM
    """


@ofsted.command("record")
@click.argument("urn")
@click.option("--inspected", type=DATE, required=True, help="The inspection date.")
@click.option("--grade", "grades", multiple=True, metavar="AREA=GRADE",
              help="A graded area as Ofsted wrote it; repeat.")
@click.option("--safeguarding", default="EFFECTIVE", show_default=True,
              type=Vocab(*SAFEGUARDING),
              help="The safeguarding outcome (MET/NOT_MET under the 2025 framework).")
@click.option("--category", default="NONE", show_default=True, type=Vocab(*OFSTED_CATEGORIES),
              help="Category of concern in the report: requires significant improvement (RSI) "
                   "or special measures (SM).")
@envelope_options
@pass_store
def ofsted_record(store: Store, urn: str, inspected: dt.date, grades: Sequence[str],
                  safeguarding: str, category: str, envelope: Any) -> None:
    """Record an inspection report as published (--on), under its framework period.

    \b
    Example:
      sela ofsted record 190106 --inspected 2026-09-30 --grade "leadership=urgent improvement" \\
          --safeguarding NOT_MET --category SM --on 2026-10-19
    """
    parsed = {}
    for g in grades:
        area, _, grade = g.partition("=")
        if not area.strip() or not grade.strip():
            raise click.BadParameter(f"{g!r}: write AREA=GRADE", param_hint="--grade")
        parsed[area.strip()] = grade.strip()
    record(store, urn, envelope, "record_inspection",
           "inspection report for {urn} (inspected {inspection_date}, category {category}).",
           inspection_date=inspected, grades=parsed, safeguarding=safeguarding,
           category=category)


@ofsted.command("notify")
@click.argument("urn")
@click.option("--category", required=True, type=Vocab("RSI", "SM"),
              help="Requires significant improvement (RSI) or special measures (SM).")
@envelope_options
@pass_store
def ofsted_notify(store: Store, urn: str, category: str, envelope: Any) -> None:
    """HMCI's notice of a category of concern: eligibility and the statement-of-action clock.

    \b
    Example:
      sela ofsted notify 190106 --category SM --on 2026-10-19
    """
    record(store, urn, envelope, "notify_ofsted_category",
           "Ofsted category {category} for {urn}; it is eligible for intervention.",
           category=category)


@ofsted.command("soa")
@click.argument("urn")
@click.option("--to", "recipients", multiple=True, required=True, metavar="RECIPIENT",
              help="Who the statement went to: HMCI, and FOUNDATION_APPOINTER for a voluntary "
                   "aided school, or others; repeat.")
@click.option("--parents", required=True, help="The arrangements for informing parents.")
@envelope_options
@pass_store
def ofsted_soa(store: Store, urn: str, recipients: Sequence[str], parents: str,
               envelope: Any) -> None:
    """Record the LA's statement of action sent (EA 2005 s15; OF-01).

    \b
    Example:
      sela ofsted soa 190106 --to HMCI --parents "Parents' meeting 4 November"
    """
    record(store, urn, envelope, "send_statement_of_action",
           "statement of action for {urn} sent to {recipients}.",
           recipients=[r.strip().upper().replace("-", "_") for r in recipients],
           parent_arrangements=parents)


@ofsted.command("removed")
@click.argument("urn")
@envelope_options
@pass_store
def ofsted_removed(store: Store, urn: str, envelope: Any) -> None:
    """A later report removes the category: s61/s62 eligibility ends (OF-02).

    \b
    Example:
      sela ofsted removed 190106 --on 2027-06-10
    """
    record(store, urn, envelope, "remove_ofsted_category",
           "Ofsted category removed for {urn}.")


# -- academy conversion ----------------------------------------------------------------------

@click.group()
def academy() -> None:
    """Facilitating conversion under an academy order, and conversion itself (AO-02, AO-05).

    \b
    Example:
      sela academy facilitate 190114 AO1 --step "Land information sent" --direction D1
    """


@academy.command("facilitate")
@click.argument("urn")
@click.argument("order_id", metavar="ORDER")
@click.option("--step", required=True, help="The step the LA took.")
@click.option("--direction", "direction_id", default="", help="The direction it meets.")
@envelope_options
@pass_store
def facilitate(store: Store, urn: str, order_id: str, step: str, direction_id: str,
               envelope: Any) -> None:
    """Record a step the LA took to facilitate conversion (s5B; AO-02, AO-04).

    \b
    Example:
      sela academy facilitate 190114 AO1 --step "Land information sent" --direction D1
    """
    record(store, urn, envelope, "record_facilitation",
           "facilitation step under {order_id} ({urn}).", order_id=order_id.strip().upper(),
           step=step, direction_id=direction_id)


@academy.command("convert")
@click.argument("urn")
@click.option("--type", "new_type", required=True, type=Vocab(*ACADEMY_TYPES),
              help="The new establishment type.")
@click.option("--trust", required=True, help="The academy trust.")
@envelope_options
@pass_store
def convert(store: Store, urn: str, new_type: str, trust: str, envelope: Any) -> None:
    """The school became an academy: LA interventions close; academy route (AO-05).

    \b
    Example:
      sela academy convert 190114 --type academy-sponsor-led --trust "South Bank Schools Trust"
    """
    record(store, urn, envelope, "convert_to_academy",
           "{urn} converted to an academy ({new_type}, {academy_trust}).",
           new_type=new_type, academy_trust=trust)


def register(group: click.Group) -> None:
    for command in (power, sos, ofsted, academy):
        group.add_command(command)
