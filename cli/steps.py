"""The statutory steps officers record, one command each (rulebook §12.2-12.3).

Every command takes the envelope options (--actor, --role, --on, --reason, --doc) and runs one
School command; refusals come back as one line naming the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import click

from .common import (
    DATE,
    Store,
    Vocab,
    emit_json,
    emit_rows,
    envelope_options,
    output_options,
    override_option,
    pass_store,
    record,
)

# The domain's vocabularies (sela_workflow.aggregates.vocabulary), repeated as plain tuples so
# `--help` does not import the domain; tests/test_cli_vocabulary.py checks they match.
CATEGORISATION_RECIPIENTS = ("HT", "CHAIR", "TRUST_CHAIR")
DCP_FORMS = ("MEETING", "REVIEW", "VISIT")
DCP_PURPOSES = ("SUPPORT", "REVIEW")
DIRECTOR_ROLES = ("DIRECTOR_OF_EDUCATION", "DIRECTOR_CHILDREN_FAMILIES")
MEETING_KINDS = ("ADVISOR_TERMLY", "PROGRESS_REVIEW_WITH_GOVERNORS_AD")
RD_CONCERNS = ("standards", "leadership", "governance")
CATEGORIES = ("A", "B", "C", "D")
NOTICE_TYPES = ("S60", "S60A")
S60_GROUNDS = ("LOW_STANDARDS", "MGMT_GOVERNANCE_BREAKDOWN", "SAFETY")
S60A_GROUNDS = ("GB_FAILED_STPCD", "GB_FAILED_SECURE_HT_STPCD")
S60_COMPARATORS = ("expected", "previous", "comparable")
COPY_RECIPIENTS = ("HMCI", "SOS_RD", "DIOCESE", "FOUNDATION_APPOINTER", "HEADTEACHER")
COMPLIANCE_OUTCOMES = ("COMPLIED", "NOT_COMPLIED")
POWERS = ("S63", "S64", "S65", "S66", "S67", "S68", "S69")


# -- letters, contact points, activities, corrections --------------------------------------------

@click.command()
@click.argument("urn")
@click.option("--to", "recipients", multiple=True, required=True,
              type=Vocab(*CATEGORISATION_RECIPIENTS),
              help="Headteacher, chair of governors, chair of the trust board (academies); "
                   "repeat for each (RA-03).")
@override_option
@envelope_options
@pass_store
def communicate(store: Store, urn: str, recipients: Sequence[str], override: str | None,
                envelope: Any) -> None:
    """Record the written categorisation sent to the headteacher and chair (RA-03, RA-04).

    \b
    Example:
      sela communicate 190104 --to HT --to CHAIR --on 2025-09-26 --doc LETTER-190104
    """
    record(store, urn, envelope, "communicate",
           "written categorisation of {urn} sent to {recipients}.", override,
           recipients=list(recipients))


@click.group()
def contact() -> None:
    """Dedicated contact points: up to 3 a year for maintained schools in B-D (PW-01).

    \b
    Example:
      sela contact record 190104 --form VISIT --purpose REVIEW --formal
    """


@contact.command("record")
@click.argument("urn")
@click.option("--form", type=Vocab(*DCP_FORMS), required=True,
              help="Meeting, review or visit (Table Two note B).")
@click.option("--purpose", type=Vocab(*DCP_PURPOSES), required=True,
              help="To support, or to review progress.")
@click.option("--formal", is_flag=True, help="A formal review of progress.")
@envelope_options
@pass_store
def contact_record(store: Store, urn: str, form: str, purpose: str, formal: bool,
                   envelope: Any) -> None:
    """Record a dedicated contact point (PW-01: warns past 3 a year or outside B-D).

    \b
    Example:
      sela contact record 190104 --form VISIT --purpose REVIEW --formal --on 2025-11-12
    """
    record(store, urn, envelope, "record_activity",
           f"dedicated contact point ({form.lower()}, {purpose.lower()}) at {{urn}}.",
           kind="DCP", details={"form": form, "purpose": purpose, "formal": formal})


@click.group()
def activity() -> None:
    """Pathway activities of SEED-002 Appendix 2 (PW-02, PW-03, PW-04, AC-01).

    \b
    Example:
      sela activity action-plan 190104 --doc PLAN-2025
    """


def _activity(name: str, kind: str, help_text: str, example: str,
              extra: list[Any] | None = None, details: Any = None) -> None:
    done = name.replace("-", " ") + " for {urn}."

    def command(store: Store, urn: str, envelope: Any, **options: Any) -> None:
        record(store, urn, envelope, "record_activity", done, kind=kind,
               details=details(options) if details else {})

    command.__doc__ = f"{help_text}\n\n    \b\n    Example:\n      {example}\n    "
    decorated: Any = pass_store(envelope_options(command))
    for option in reversed(extra or []):
        decorated = option(decorated)
    decorated = click.argument("urn")(decorated)
    activity.command(name)(decorated)


_activity("director-informed", "DIRECTOR_INFORMED",
          "Record that a director was informed (C: Director of Education, PW-02; D: Director "
          "of Children and Families, PW-03).",
          "sela activity director-informed 190104 --director DIRECTOR_OF_EDUCATION",
          [click.option("--director", required=True, type=Vocab(*DIRECTOR_ROLES),
                        help="Which director.")],
          lambda o: {"director": o["director"]})
_activity("action-plan", "ACTION_PLAN", "Record the action plan for rapid improvement (PW-02).",
          "sela activity action-plan 190104 --doc PLAN-190104")
_activity("team-meeting", "TEAM_AROUND_SCHOOL",
          "Record the team-around-the-school meeting that plans support (PW-02).",
          "sela activity team-meeting 190104")
_activity("progress-meeting", "PROGRESS_MEETING",
          "Record a termly progress meeting (B: with the adviser, PW-04; C: review with "
          "governors and the Assistant Director, PW-02).",
          "sela activity progress-meeting 190104 --kind PROGRESS_REVIEW_WITH_GOVERNORS_AD",
          [click.option("--kind", "meeting_kind", required=True, type=Vocab(*MEETING_KINDS),
                        help="Which termly meeting.")],
          lambda o: {"meeting_kind": o["meeting_kind"]})
_activity("qoe-review", "QOE_REVIEW", "Record the annual Quality of Education review (PW-02).",
          "sela activity qoe-review 190104")
_activity("joint-evaluation", "JOINT_EVALUATION",
          "Record the joint end-of-year evaluation (PW-04).",
          "sela activity joint-evaluation 190105")
_activity("brokered", "FEDERATION_MAT_BROKERED",
          "Record a federation or multi-academy trust brokered (PW-03).",
          "sela activity brokered 190106 --partner 'Peckham Schools Federation'",
          [click.option("--partner", required=True, help="The federation or trust.")],
          lambda o: {"partner": o["partner"]})
_activity("rd-concern", "CONCERN_RAISED_WITH_RD",
          "Record concerns about an academy raised with the Regional Director (AC-01).",
          "sela activity rd-concern 190111 --about standards --about governance",
          [click.option("--about", "concerns", multiple=True, required=True,
                        type=Vocab(*RD_CONCERNS),
                        help="What the concerns are about; repeat for several.")],
          lambda o: {"concerns": list(o["concerns"])})


@click.group("record")
def record_group() -> None:
    """Corrections: new events that reference what they correct; nothing is edited.

    \b
    Example:
      sela record annotate 190104 --version 7 --note "Letter reference should be L-2025-31"
    """


@record_group.command("withdraw")
@click.argument("urn")
@click.option("--version", type=int, required=True, help="The activity's version number.")
@envelope_options
@pass_store
def record_withdraw(store: Store, urn: str, version: int, envelope: Any) -> None:
    """Withdraw an activity or contact point recorded in error (give --reason).

    \b
    Example:
      sela record withdraw 190104 --version 12 --reason "Logged against the wrong school"
    """
    record(store, urn, envelope, "withdraw_entry", "version {version} of {urn} withdrawn.",
           version=version)


@record_group.command("annotate")
@click.argument("urn")
@click.option("--version", type=int, required=True, help="The event's version number.")
@click.option("--note", required=True, help="The correction.")
@envelope_options
@pass_store
def record_annotate(store: Store, urn: str, version: int, note: str, envelope: Any) -> None:
    """Attach a correction note to an earlier event (wrong reference, spelling).

    \b
    Example:
      sela record annotate 190104 --version 7 --note "Document is L-2025-31"
    """
    record(store, urn, envelope, "annotate", "note on version {version} of {urn}.",
           version=version, note=note)


@record_group.command("correct-assessment")
@click.argument("urn")
@click.option("--version", type=int, required=True, help="The assessment's version number.")
@click.option("--category", required=True, type=Vocab(*CATEGORIES),
              help="The category it should have recorded.")
@click.option("--rationale", required=True, help="Why it is corrected.")
@envelope_options
@pass_store
def record_correct(store: Store, urn: str, version: int, category: str, rationale: str,
                   envelope: Any) -> None:
    """Correct the category of the latest risk assessment recorded in error.

    \b
    Example:
      sela record correct-assessment 190104 --version 3 --category B --rationale "Keyed C"
    """
    record(store, urn, envelope, "correct_assessment",
           "assessment (version {version}) of {urn} corrected to category {category}.",
           version=version, category=category, rationale=rationale)


# -- warning notices ---------------------------------------------------------------------------

@click.group()
def notice() -> None:
    """Warning notices under EIA 2006 s60 and s60A (WN-01 to WN-14).

    \b
    Example:
      sela notice list 190106
    """


@notice.command("draft")
@click.argument("urn")
@click.option("--type", "notice_type", type=Vocab(*NOTICE_TYPES), default="S60",
              show_default=True, help="s60 performance/safety or s60A pay and conditions.")
@click.option("--ground", "grounds", multiple=True, required=True, metavar="GROUND",
              type=Vocab(*S60_GROUNDS, *S60A_GROUNDS),
              help="LOW_STANDARDS, MGMT_GOVERNANCE_BREAKDOWN, SAFETY (s60) or "
                   "GB_FAILED_STPCD, GB_FAILED_SECURE_HT_STPCD (s60A); repeat.")
@click.option("--comparator", "comparators", multiple=True, type=Vocab(*S60_COMPARATORS),
              help="For low standards, judged against: expected, previous or comparable "
                   "schools' standards (s60(3)); repeat.")
@click.option("--matters", required=True, help="The matters the notice is based on.")
@click.option("--action", "required_actions", multiple=True, required=True,
              help="Action the governing body must take; repeat.")
@click.option("--compliance-end", type=DATE, required=True,
              help="Last day of the compliance period.")
@click.option("--minded", "minded_actions", multiple=True, required=True,
              help="Action the authority is minded to take; repeat.")
@envelope_options
@pass_store
def notice_draft(store: Store, urn: str, notice_type: str, grounds: Sequence[str],
                 comparators: Sequence[str], matters: str, required_actions: Sequence[str],
                 compliance_end: dt.date, minded_actions: Sequence[str], envelope: Any) -> None:
    """Draft a warning notice; prints its ID (WN-01 to WN-04).

    \b
    Example:
      sela notice draft 190106 --ground LOW_STANDARDS --comparator expected \\
          --matters "Attainment far below comparable schools" \\
          --action "Implement the rapid improvement plan" \\
          --compliance-end 2026-04-24 --minded "Appoint an IEB (s65)"
    """
    outcome = record(store, urn, envelope, "draft_notice",
                     "{result} ({notice_type}) drafted for {urn}; next: sela notice approve "
                     "{urn} {result}.", notice_type=notice_type, grounds=list(grounds),
                     comparators=list(comparators), matters=matters,
                     required_actions=list(required_actions),
                     compliance_period_end=compliance_end, minded_actions=list(minded_actions))
    click.echo(outcome.result)


def _notice_command(name: str, method: str, help_text: str, example: str, done: str,
                    options: list[Any] | None = None, convert: Any = None,
                    overridable: bool = False) -> None:
    def command(store: Store, urn: str, wn_id: str, envelope: Any,
                override: str | None = None, **kw: Any) -> None:
        record(store, urn, envelope, method, done, override, wn_id=wn_id.strip().upper(),
               **(convert(kw) if convert else kw))

    command.__doc__ = f"{help_text}\n\n    \b\n    Example:\n      {example}\n    "
    decorated: Any = pass_store(envelope_options(command))
    if overridable:
        decorated = override_option(decorated)
    for option in reversed(options or []):
        decorated = option(decorated)
    decorated = click.argument("wn_id", metavar="NOTICE")(decorated)
    decorated = click.argument("urn")(decorated)
    notice.command(name)(decorated)


_notice_command("approve", "approve_notice",
                "Record the Director of Children and Families' agreement (WN-05).",
                "sela notice approve 190106 WN1 --role DIRECTOR_CHILDREN_FAMILIES",
                "{wn_id} approved for {urn}.", overridable=True)
_notice_command("issue", "issue_notice",
                "Issue the notice to the governing body with its same-day copies (WN-04 to "
                "WN-10).", "sela notice issue 190106 WN1 --copied-to HMCI --copied-to SOS_RD "
                "--copied-to HEADTEACHER",
                "{wn_id} issued to the governing body of {urn} (copies: {copied_to}).",
                [click.option("--copied-to", "copied_to", multiple=True,
                              type=Vocab(*COPY_RECIPIENTS),
                              help="A copy sent with the notice; repeat for each.")],
                lambda kw: {"copied_to": list(kw["copied_to"])}, overridable=True)
_notice_command("copy", "copy_notice", "Record a copy sent after the issue date (WN-08, WN-09).",
                "sela notice copy 190106 WN1 --to HEADTEACHER",
                "copy of {wn_id} sent to {recipient} ({urn}).",
                [click.option("--to", "recipient", required=True, type=Vocab(*COPY_RECIPIENTS),
                              help="Who the copy went to.")])
_notice_command("represent", "represent_notice",
                "Pre-2016 notices: the governing body's representations (WN-10, WN-11).",
                "sela notice represent 190120 WN1 --to HMCI",
                "representations on {wn_id} to {body} ({urn}).",
                [click.option("--to", "body", required=True, type=Vocab("HMCI", "LA"),
                              help="HMCI for s60, the LA for s60A.")])
_notice_command("confirm", "confirm_notice",
                "Pre-2016 notices: HMCI confirmed the notice after representations (WN-10).",
                "sela notice confirm 190120 WN1", "{wn_id} confirmed ({urn}).")
_notice_command("assess", "assess_compliance",
                "Record whether the governing body complied, after the period ends (WN-12).",
                "sela notice assess 190106 WN1 --outcome not-complied --on 2026-04-28",
                "compliance with {wn_id} assessed: {outcome} ({urn}).",
                [click.option("--outcome", required=True, type=Vocab(*COMPLIANCE_OUTCOMES),
                              help="The authority's finding (not-complied also accepted).")])
_notice_command("intend", "notify_intention",
                "Give written notice of the powers intended; eligibility starts (WN-13, WN-14).",
                "sela notice intend 190106 WN1 --power S64 --power S65",
                "notice of intention under {wn_id} ({powers}); {urn} is eligible for "
                "intervention.",
                [click.option("--power", "powers", multiple=True, required=True,
                              type=Vocab(*POWERS), metavar="POWER",
                              help="S63 to S69 (s60A notices: S64 to S66); repeat."),
                 click.option("--earliest", "earliest_exercise_date", type=DATE, default=None,
                              help="First day powers may be used (default: after the "
                                   "reasonable-notice period).")],
                lambda kw: {"powers": list(kw["powers"]),
                            "earliest_exercise_date": kw["earliest_exercise_date"]})
_notice_command("withdraw", "withdraw_notice", "Withdraw a notice (give --reason).",
                "sela notice withdraw 190106 WN2 --reason 'Issued in error'",
                "{wn_id} withdrawn ({urn}).")


NOTICE_FIELDS = (
    "notice", "type", "state", "regime", "grounds", "comparators", "matters", "required_actions",
    "minded_actions", "drafted", "approved", "issued", "initial_period_end", "representations",
    "confirmed", "compliance_end", "outcome", "assessed", "copies", "copies_sent",
    "intention_notified", "powers_proposed", "earliest_exercise", "ended")


@notice.command("list")
@click.argument("urn")
@output_options()
@pass_store
def notice_list(store: Store, urn: str, as_json: bool, as_csv: bool) -> None:
    """List a school's warning notices: state, dates, copies and the powers intended.

    The table shows where each notice stands; --json and --csv give every field, including
    the notice's content (matters, actions, action minded to take) and each step's date.

    \b
    Example:
      sela notice list 190106
      sela notice list 190106 --json
    """
    school = store.app().school(urn)
    rows = []
    for wn_id, n in school.notices.items():
        rows.append({
            "notice": wn_id, "type": n["type"], "state": n["state"], "regime": n["regime"],
            "grounds": n["grounds"], "comparators": n["comparators"], "matters": n["matters"],
            "required_actions": n["required_actions"], "minded_actions": n["minded_actions"],
            "drafted": n["drafted_on"], "approved": n["approved_on"], "issued": n["issue_date"],
            "initial_period_end": n["initial_period_end"],
            "representations": n["representation_on"], "confirmed": n["confirmed_on"],
            "compliance_end": n["compliance_period_end"], "outcome": n["outcome"],
            "assessed": n["assessed_on"], "copies": sorted(n["copies"]),
            "copies_sent": dict(sorted(n["copies"].items())),
            "intention_notified": n["intention_on"], "powers_proposed": n["powers_proposed"],
            "earliest_exercise": n["earliest_exercise_date"], "ended": n["ended_on"]})
    rows = [{k: _iso(v) for k, v in r.items()} for r in rows]
    if as_json:
        emit_json(rows)
        return
    if as_csv:
        emit_rows(rows, [(k, k) for k in NOTICE_FIELDS if k != "copies_sent"], as_csv=True)
        return
    emit_rows(rows, [("notice", "Notice"), ("type", "Type"), ("state", "State"),
                     ("issued", "Issued"), ("compliance_end", "Compliance ends"),
                     ("outcome", "Outcome"), ("copies", "Copies"),
                     ("powers_proposed", "Powers intended"),
                     ("earliest_exercise", "Powers from")],
              empty=f"No warning notices for {school.urn}.")


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value.isoformat() if hasattr(value, "isoformat") else value


def register(group: click.Group) -> None:
    for command in (communicate, contact, activity, record_group, notice):
        group.add_command(command)
