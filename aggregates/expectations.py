"""What the rulebook expects next for one school, with due dates: the officer's to-do list.

A pure function of the school's state, the current period (which academic year and term count
as "now") and the policy: `sela next` shows it for one school and the deadlines projection keeps
it for all. Each item names the rule (and the timer of rulebook §11) that creates it. Items do
not depend on the day, only on the period, so they can be stored; their status is worked out
when read: `met`, `overdue` (due date passed), `due` (within the next 14 days), `upcoming`,
`expected` (no date in the rules), `lapsed` (a window closed), `open` (a window has opened).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from . import rules
from .calendar import add_working_days, next_funding_period_start, term_end, term_of
from .policy import Policy
from .rules import EAA
from .vocabulary import academic_year_bounds, academic_year_of
from .workflow import ACADEMY_ORDER, BUDGET, IEB, NOTICE

if TYPE_CHECKING:
    from .school import School

DUE_SOON = dt.timedelta(days=14)
CWSA = dt.date(2026, 6, 29)


#: Kinds of item: a deadline to meet, a window that opens (powers usable from) or closes.
DEADLINE, OPENS, CLOSES = "deadline", "opens", "closes"


@dataclass(frozen=True)
class Item:
    rule_id: str
    timer: str
    what: str
    due: dt.date | None
    command: str
    met_on: dt.date | None = None
    kind: str = DEADLINE

    def status(self, today: dt.date) -> str:
        return status_of(self.kind, self.due, self.met_on, today)

    def as_dict(self, today: dt.date) -> dict[str, Any]:
        d = asdict(self)
        d["due"] = self.due.isoformat() if self.due else None
        d["met_on"] = self.met_on.isoformat() if self.met_on else None
        d["status"] = self.status(today)
        d["strength"] = rules.get(self.rule_id).strength
        return d


def status_of(kind: str, due: dt.date | None, met_on: dt.date | None, today: dt.date) -> str:
    if met_on is not None:
        return "met"
    if due is None:
        return "expected"
    if kind == OPENS:
        return "open" if today >= due else "upcoming"
    if due < today:
        return "lapsed" if kind == CLOSES else "overdue"
    return "due" if due - today <= DUE_SOON else "upcoming"


def expectations(school: School, today: dt.date, policy: Policy) -> list[Item]:
    """Items for ``school``; ``today`` only picks the current academic year and term."""
    items: list[Item] = []
    urn = school.urn

    def add(rule_id: str, timer: str, what: str, due: dt.date | None, met_on: dt.date | None,
            command: str, kind: str = DEADLINE) -> None:
        items.append(Item(rule_id, timer, what, due, command.replace("URN", urn), met_on, kind))

    _risk_assessment(school, today, policy, add)
    if not school.is_academy:
        _pathway(school, today, add)
    elif school.category in ("B", "C", "D"):
        since = _category_since(school)
        raised = _activity(school, "CONCERN_RAISED_WITH_RD", since)
        add("AC-01", "-", "Concerns raised with the Regional Director (academy in B-D)", None,
            raised, "sela activity rd-concern URN --about standards")
    _notices(school, today, add)
    _powers(school, today, add)
    _ofsted(school, today, policy, add)
    return sorted(items, key=lambda i: (i.due or dt.date.max, i.rule_id, i.what))


def _risk_assessment(school: School, today: dt.date, policy: Policy, add: Any) -> None:
    year = academic_year_of(today)
    first, _ = academic_year_bounds(year)
    due = dt.date(first.year, policy.annual_assessment_due_month,
                  policy.annual_assessment_due_day)
    formal = [a for a in school.assessments if a["academic_year"] == year and not a["review"]]
    add("RA-01", "T-RA-ANNUAL", f"Formal desktop risk assessment for {year}", due,
        formal[0]["date"] if formal else None, "sela assess URN --category ... --rationale ...")
    pending = [d for d in (school.uncommunicated_since, school.uncommunicated_change) if d]
    if pending:
        since = min(pending)
        rule = "RA-03" if school.uncommunicated_since else "RA-04"
        add(rule, "T-RA-COMMS", "Categorisation sent in writing to the headteacher and chair",
            add_working_days(since, policy.categorisation_letter_working_days), None,
            "sela communicate URN --to HT --to CHAIR")


def _category_since(school: School) -> dt.date:
    """When the current category began (the latest assessment that set it)."""
    since = school.registered_on
    previous = None
    for a in school.assessments:
        if a["category"] != previous:
            since = a["date"]
        previous = a["category"]
    return since


def _activity(school: School, kind: str, since: dt.date, **match: Any) -> dt.date | None:
    done = [a["date"] for a in school.activities if a["kind"] == kind and a["date"] >= since
            and all(a.get(k) == v for k, v in match.items())]
    return min(done) if done else None


def _pathway(school: School, today: dt.date, add: Any) -> None:
    since = _category_since(school)
    year = academic_year_of(today)
    _, year_end = academic_year_bounds(year)
    term = term_of(today)
    if school.category in ("B", "C", "D"):
        n = len([a for a in school.activities if a["kind"] == "DCP" and a["academic_year"] == year])
        held = [a["date"] for a in school.activities
                if a["kind"] == "DCP" and a["academic_year"] == year]
        add("PW-01", "T-DCP-CAP", f"Dedicated contact points in {year}: {n} of up to 3", None,
            min(held) if held else None, "sela contact record URN --form VISIT --purpose REVIEW")
    if school.category == "B":
        add("PW-04", "T-TERMLY", f"Termly progress meeting with the adviser ({term})",
            term_end(today), _activity(school, "PROGRESS_MEETING", max(since, _term_start(today)),
                                       meeting_kind="ADVISOR_TERMLY"),
            "sela activity progress-meeting URN --kind ADVISOR_TERMLY")
        add("PW-04", "-", f"Joint end-of-year evaluation ({year})", year_end,
            _activity(school, "JOINT_EVALUATION", academic_year_bounds(year)[0]),
            "sela activity joint-evaluation URN")
    if school.category == "C":
        add("PW-02", "-", "Director of Education informed (TRIP)", None,
            _activity(school, "DIRECTOR_INFORMED", since, director="DIRECTOR_OF_EDUCATION"),
            "sela activity director-informed URN --director DIRECTOR_OF_EDUCATION")
        add("PW-02", "-", "Action plan for rapid improvement created", None,
            _activity(school, "ACTION_PLAN", since), "sela activity action-plan URN")
        add("PW-02", "-", "Team around the school meeting", None,
            _activity(school, "TEAM_AROUND_SCHOOL", since), "sela activity team-meeting URN")
        add("PW-02", "T-TERMLY", f"Progress review meeting with governors and the Assistant "
            f"Director ({term})", term_end(today),
            _activity(school, "PROGRESS_MEETING", max(since, _term_start(today)),
                      meeting_kind="PROGRESS_REVIEW_WITH_GOVERNORS_AD"),
            "sela activity progress-meeting URN --kind PROGRESS_REVIEW_WITH_GOVERNORS_AD")
        add("PW-02", "T-QOE-ANNUAL", f"Annual Quality of Education review ({year})", year_end,
            _activity(school, "QOE_REVIEW", max(since, academic_year_bounds(year)[0])),
            "sela activity qoe-review URN")
    if school.category == "D":
        add("PW-03", "-", "Director of Children and Families informed", None,
            _activity(school, "DIRECTOR_INFORMED", since, director="DIRECTOR_CHILDREN_FAMILIES"),
            "sela activity director-informed URN --director DIRECTOR_CHILDREN_FAMILIES")
        drafted = [n["drafted_on"] for n in school.notices.values() if n["drafted_on"] >= since]
        add("PW-03", "-", "Warning notice workflow started", None,
            min(drafted) if drafted else None, "sela notice draft URN --type S60 ...")
        add("PW-03", "-", "Federation or MAT brokered", None,
            _activity(school, "FEDERATION_MAT_BROKERED", since),
            "sela activity brokered URN --partner ...")


def _term_start(day: dt.date) -> dt.date:
    for month in (9, 1, 4):
        start = dt.date(day.year if month <= day.month else day.year - 1, month, 1)
        if term_of(start) == term_of(day):
            return start
    return day


def _notices(school: School, today: dt.date, add: Any) -> None:
    for wn_id, n in school.notices.items():
        state = n["state"]
        if state in ("drafted",) and n["approved_on"] is None and n["drafted_on"] >= dt.date(
                2023, 9, 1):
            add("WN-05", "-", f"{wn_id}: agreed by the Director of Children and Families", None,
                None, f"sela notice approve URN {wn_id} --role DIRECTOR_CHILDREN_FAMILIES")
        if state in ("drafted", "approved"):
            add("WN-08", "-", f"{wn_id}: issue with copies to HMCI and the Regional Director",
                None, None, f"sela notice issue URN {wn_id} --copied-to HMCI --copied-to SOS_RD")
        if n["issue_date"] is None:
            continue
        if n["regime"] == "PRE_2016_04_18":
            add("WN-10", "T-WN-LEGACY-INITIAL", f"{wn_id}: legacy initial period (15 working "
                "days) for representations", n["initial_period_end"], None, "-", CLOSES)
        end = n["compliance_period_end"]
        if state in ("superseded", "withdrawn") and n["assessed_on"] is None:
            continue
        add("WN-12", "T-WN-COMPLIANCE", f"{wn_id}: compliance assessed after the period ends "
            f"on {end.isoformat()}", end + dt.timedelta(days=1), n["assessed_on"],
            f"sela notice assess URN {wn_id} --outcome not-complied")
        if n["outcome"] == "NOT_COMPLIED":
            add("WN-13", "-", f"{wn_id}: written notice of the powers intended (eligibility)",
                None, n["intention_on"], f"sela notice intend URN {wn_id} --power S63")
        if n["intention_on"] is not None and state == "intention_notified":
            add("IN-01", "T-REASONABLE-NOTICE", f"{wn_id}: powers may be used from",
                n["earliest_exercise_date"], None, "sela power ...", OPENS)


def _powers(school: School, today: dt.date, add: Any) -> None:
    for route, info in school.routes.items():
        window = info.get("s64_window_end")
        if window and route in ("S60", "S60A"):
            add("IN-03", "T-S64-WINDOW", f"s64 additional governors on the {route} route "
                f"possible until {window.isoformat()}", window, None,
                "sela power governors URN --name ...", CLOSES)
    for power in sorted({p["power"] for p in school.powers if p["power"] in ("S63", "S64")} |
                        ({"S65"} if school.ieb.get("notice_on") else set()) |
                        ({"S66"} if school.budget.get("basis") == "EIA_S66" else set())):
        add("IN-09", "-", f"DfE told that the LA used its {power} power", None,
            school.dfe_notified.get(power), f"sela power notify-dfe URN --power {power}")
    ieb = school.ieb
    if ieb["state"] == "active" and ieb.get("interim_period_end"):
        add("IN-06", "T-IEB-END", "IEB interim period ends: governing body resumes",
            ieb["interim_period_end"], None, "sela power ieb-end URN --resumption DATE")
    budget = school.budget
    if budget["state"] == "suspended":
        last = max([budget["suspended_from"], *budget.get("reviews", [])])
        due = next_funding_period_start(last)
        if not budget.get("reviews") and (due - budget["suspended_from"]).days < 61:
            due = next_funding_period_start(due)
        add("IN-08", "T-BUDGET-REVIEW", "Budget suspension reviewed before the funding period "
            f"starting {due.isoformat()}", due - dt.timedelta(days=1), None,
            "sela power review-budget URN --type ANNUAL --representations-invited")


def _ofsted(school: School, today: dt.date, policy: Policy, add: Any) -> None:
    o = school.ofsted
    if o is not None and o.get("soa_due"):
        add("OF-01", "T-SOA", f"Statement of action sent ({o['category']})", o["soa_due"],
            o["soa_sent_on"], "sela ofsted soa URN --to HMCI --parents ...")
    if o is not None and school.is_maintained and EAA <= o["notified_on"] < CWSA:
        # The s4(A1) duty: follow up if no order arrives; the duty itself ends on 28 June 2026
        # (CWSA s58), after which an order can only be made under s4(1)(b).
        made = [v["order_date"] for v in school.academy_orders.values()
                if v["order_date"] >= o["notified_on"] and v["basis"] == "S4_A1"]
        followup = o["notified_on"] + dt.timedelta(weeks=policy.academy_order_followup_weeks)
        add("AO-01", "T-AO-DUTY-EXPECTED", "Academy order expected from the Secretary of "
            "State (s4(A1) duty); follow up if none", min(followup, CWSA - dt.timedelta(days=1)),
            min(made) if made else None, "sela sos academy-order URN --basis S4_A1",
            CLOSES if followup >= CWSA else DEADLINE)
    for order_id, order in school.academy_orders.items():
        if order["state"] != "facilitating":
            continue
        rule = "AO-04" if order["saved_pre_cwsa"] and today >= CWSA else "AO-02"
        add(rule, "T-AO-FACILITATE", f"{order_id}: facilitate conversion (s5B)", None, None,
            f"sela academy facilitate URN {order_id} --step ...")
        for d in order["directions"]:
            add("AO-02", "T-AO-FACILITATE", f"{order_id} direction {d['id']}: "
                f"{'; '.join(d['steps'])}", d["deadline"], d["met_on"],
                f"sela academy facilitate URN {order_id} --direction {d['id']} --step ...")
    for insp in school.inspections:
        if insp.get("safeguarding") == "INCOMPLETE":
            add("OF-01", "T-SAFEGUARDING-RETURN", "Ofsted returns within 3 months (INFO)",
                insp["published"] + dt.timedelta(days=92), None, "-")


#: Lifecycle triggers as the officer's commands (docs/cli.md).
NOTICE_VERBS = {"approve": "approve", "issue": "issue", "represent": "represent",
                "confirm": "confirm", "assess_complied": "assess --outcome complied",
                "assess_not_complied": "assess --outcome not-complied",
                "notify_intention": "intend", "copy": "copy", "withdraw": "withdraw"}
IEB_VERBS = {"request_consent": "ieb-request-consent", "issue_notice": "ieb",
             "appoint_member": "ieb-member --add", "remove_member": "ieb-member --remove",
             "end": "ieb-end"}
BUDGET_VERBS = {"suspend": "suspend-budget", "review": "review-budget",
                "revoke": "review-budget --revoke-from"}


def allowed_now(school: School) -> list[str]:
    """The lifecycle steps open now, as the commands an officer would type."""
    steps = ["sela assess URN ...", "sela communicate URN ...", "sela activity ... URN"]
    for wn_id, n in school.notices.items():
        for trigger in NOTICE.triggers_from(n["state"]):
            if trigger != "supersede":  # the Secretary of State's notice does that
                steps.append(f"sela notice {NOTICE_VERBS.get(trigger, trigger)} URN {wn_id}")
    if school.is_maintained and school.routes:
        for verbs, state, lifecycle in ((IEB_VERBS, school.ieb["state"], IEB),
                                        (BUDGET_VERBS, school.budget["state"], BUDGET)):
            for t in lifecycle.triggers_from(state):
                if t in verbs:
                    verb, _, flags = verbs[t].partition(" ")
                    steps.append(f"sela power {verb} URN {flags}".rstrip())
    for order_id, o in school.academy_orders.items():
        steps += [f"sela academy {t} URN {order_id}" for t in ACADEMY_ORDER.triggers_from(
            o["state"])]
    return [s.replace("URN", school.urn) for s in steps]
