"""The rulebook as data (design.md §4): every rule has an ID, a strength, a legal basis and dates.

The rule set in force is chosen by the legal anchor date of the fact being recorded
(rulebook §12.4): a warning notice's rules by its issue date, an academy order's by its order
date, procedural rules by the command's effective date. So a 2015 case is judged under 2015
law. Strength decides what the engine does (rulebook §0.1): HARD-STAT refuses; HARD-LOCAL
refuses unless an authorised role overrides with a recorded justification; GUID accepts with a
warning and a recorded reason for departure; WARN-LOCAL accepts with a recorded warning; INFO is
tracked only (it shows in `sela next`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Recorded on every event, so an auditor knows which edition of this table judged it.
RULES_VERSION = "2026.12.1"

HARD_STAT = "HARD-STAT"
HARD_LOCAL = "HARD-LOCAL"
GUID = "GUID"
WARN_LOCAL = "WARN-LOCAL"
INFO = "INFO"
STRENGTHS = (HARD_STAT, HARD_LOCAL, GUID, WARN_LOCAL, INFO)


@dataclass(frozen=True)
class Rule:
    id: str
    strength: str
    summary: str
    basis: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on > self.valid_to)

    @property
    def refuses(self) -> bool:
        return self.strength in (HARD_STAT, HARD_LOCAL)


D = dt.date
PART4 = D(2007, 4, 1)  # EIA 2006 Part 4 in force
EAA = D(2016, 4, 18)  # Education and Adoption Act 2016 ss2-14 in force
CWSA = D(2026, 6, 29)  # Children's Wellbeing and Schools Act 2026 s58 in force
SEED = D(2023, 9, 1)  # Southwark universal provision offer (SEED-002)

RULES: dict[str, Rule] = {r.id: r for r in (
    # Risk assessment and pathways (rulebook §3, §12.3)
    Rule("RA-01", WARN_LOCAL, "one formal desktop risk assessment per school per academic year; "
         "further assessments in the year are reviews", "SEED-002 §4", SEED),
    Rule("RA-02", HARD_LOCAL, "the pathway is derived from the category and the school type",
         "SEED-002 §7 Table Two", SEED),
    Rule("RA-03", HARD_LOCAL, "an assessment is closed only once the categorisation is sent in "
         "writing to the headteacher and the chair (and trust chair where appropriate)",
         "SEED-002 §5.1", SEED),
    Rule("RA-04", WARN_LOCAL, "a category change is followed by written communication",
         "SEED-002 §5.2", SEED),
    Rule("PW-01", WARN_LOCAL, "dedicated contact points are for maintained schools in B-D, up to "
         "3 per academic year", "SEED-002 §7 Table Two", SEED),
    Rule("PW-02", WARN_LOCAL, "TRIP (C): Director of Education informed, action plan, team around "
         "the school, termly progress review with governors and AD, annual QoE review",
         "SEED-002 App 2 (C)", SEED),
    Rule("PW-03", WARN_LOCAL, "Intervention (D): Director of Children and Families informed, "
         "warning notice workflow started, federation or MAT brokered", "SEED-002 App 2 (D)",
         SEED),
    Rule("PW-04", WARN_LOCAL, "Support and monitoring (B): termly adviser progress meeting and a "
         "joint end-of-year evaluation", "SEED-002 App 2 (B)", SEED),
    Rule("AC-01", HARD_STAT, "academies are accountable to the Secretary of State: the LA raises "
         "concerns with the Regional Director and has no Part 4 powers over them",
         "EIA 2006 s59; SEED-002 §7.1"),
    # Warning notices (rulebook §6)
    Rule("WN-01", HARD_STAT, "warning notices are for maintained schools only (PRUs blocked)",
         "EIA 2006 s59(1)", PART4),
    Rule("WN-02", HARD_STAT, "s60 grounds: low standards (with a comparator), breakdown of "
         "management or governance, or safety", "EIA 2006 s60(2)-(3)", PART4),
    Rule("WN-03", HARD_STAT, "s60A grounds: pay and conditions; the LA only",
         "EIA 2006 s60A(2)", D(2010, 1, 12)),
    Rule("WN-04", HARD_STAT, "a notice sets out the matters, the action required, the compliance "
         "period and the action the authority is minded to take", "EIA 2006 s60(4), s60A(4)",
         PART4),
    Rule("WN-05", HARD_LOCAL, "the Director of Children and Families agrees a warning notice "
         "before the LA issues it", "SEED-002 §1.2", SEED),
    Rule("WN-06", HARD_STAT, "the LA may not give a warning notice while a Secretary of State "
         "notice is in place unless the Secretary of State permits", "EIA 2006 s60(4A)", EAA),
    Rule("WN-07", HARD_STAT, "a Secretary of State warning notice supersedes the LA's earlier "
         "notices", "EIA 2006 s60(4B)", EAA),
    Rule("WN-08", HARD_STAT, "copies at the same time as the notice: HMCI, the Secretary of State "
         "(LA notices), the diocese or foundation appointer", "EIA 2006 s60(6), (6A)", PART4),
    Rule("WN-09", WARN_LOCAL, "a copy to the headteacher (good practice)",
         "Good practice (cf. Wales 2013 Act s3)", PART4),
    Rule("WN-10", HARD_STAT, "the regime follows the issue date: before 18 April 2016 the legacy "
         "15-working-day initial period and representations apply",
         "SI 2016/466 reg 4; EIA 2006 s60 (2007)", PART4),
    Rule("WN-11", HARD_STAT, "no representations against notices issued from 18 April 2016",
         "EAA 2016 s2(2)(h)", EAA),
    Rule("WN-12", HARD_STAT, "compliance is assessed only after the compliance period ends",
         "EIA 2006 s60(1)(b)-(c)", PART4),
    Rule("WN-13", HARD_STAT, "notice of intention to use powers follows a finding of "
         "non-compliance and names powers under ss63-69 (s60A: ss64-66)",
         "EIA 2006 s60(1)(d); s60A(1)(e)", PART4),
    Rule("WN-14", HARD_STAT, "warning-notice eligibility starts only once the period has ended, "
         "non-compliance is found and intention notified, for a live notice",
         "EIA 2006 s60(1)", PART4),
    # Interventions (rulebook §7)
    Rule("IN-01", HARD_STAT, "an LA power needs an active eligibility route on the day, and on "
         "warning-notice routes not before the earliest exercise date",
         "EIA 2006 s60(1), s59(2)", PART4),
    Rule("IN-02", HARD_STAT, "s63 arrangements need a route other than s60A alone and the "
         "consultations done", "EIA 2006 s63", PART4),
    Rule("IN-03", HARD_STAT, "s64 governors: within 2 months of the compliance period's end on "
         "warning-notice routes; never during an IEB", "EIA 2006 s64(2); Sch 6 para 14", PART4),
    Rule("IN-04", HARD_STAT, "s64(4): at a VA school the appointing authority may add an equal "
         "number of foundation governors", "EIA 2006 s64(4)", PART4),
    Rule("IN-05", HARD_STAT, "an IEB needs the Secretary of State's consent and the governing "
         "body and diocese or foundation consulted", "EIA 2006 s65; EIA-EN 291", PART4),
    Rule("IN-06", HARD_STAT, "an IEB has at least two members appointed from the notice date; "
         "copies of the notice (failure does not invalidate)", "EIA 2006 Sch 6 paras 4-6",
         PART4),
    Rule("IN-07", HARD_STAT, "budget suspension: one month's notice unless an emergency, grounds "
         "with particulars, appeal rights, copies to the headteacher and the Secretary of State",
         "SSFA 1998 Sch 15 para 1", PART4),
    Rule("IN-08", HARD_STAT, "a suspension is reviewed before each funding period; "
         "representations invited; written decision; appeal rights if continued",
         "SSFA 1998 Sch 15 para 2", PART4),
    Rule("IN-09", WARN_LOCAL, "the DfE is told when the LA uses an intervention power "
         "(statutory basis unconfirmed: a warning until confirmed)", "DfE guidance 2019", PART4),
    Rule("IN-10", GUID, "Secretary of State intervention takes precedence: confirm and give a "
         "reason before the LA uses a power while it is open", "EAA 2016 (DPM para 3)", EAA),
    Rule("IN-11", HARD_STAT, "no LA budget suspension once the Secretary of State has appointed "
         "additional governors under s67", "EIA 2006 s67(6)", PART4),
    # Ofsted and academy orders (rulebook §4, §8, §9)
    Rule("OF-01", HARD_STAT, "an Ofsted category (special measures or significant improvement) "
         "makes a maintained school eligible and starts the statement-of-action duty",
         "EA 2005 ss13, 15; EIA 2006 ss61-62", D(2005, 9, 1)),
    Rule("OF-02", HARD_STAT, "removal of the category ends s61/s62 eligibility",
         "EIA 2006 ss61-62", D(2005, 9, 1)),
    Rule("AO-01", INFO, "the Secretary of State must make an academy order for a school in an "
         "Ofsted category", "Academies Act 2010 s4(A1); SI 2016/466; CWSA 2026 s58", EAA,
         D(2026, 6, 28)),
    Rule("AO-02", HARD_STAT, "after an academy order the LA facilitates conversion and meets the "
         "Secretary of State's directions", "Academies Act 2010 ss5B-5C", EAA),
    Rule("AO-03", HARD_STAT, "no s4(A1) academy order from 29 June 2026: the basis is s4(1)(b)",
         "CWSA 2026 s58(2)", CWSA),
    Rule("AO-04", HARD_STAT, "an s4(A1) order unconverted at 29 June 2026 keeps the earlier rules",
         "CWSA 2026 s58(9)", CWSA),
    Rule("AO-05", HARD_STAT, "conversion to an academy closes LA interventions and moves the "
         "school to the academy route", "EIA 2006 s59"),
    # Who acts: SELA's local procedure for identity and separation of duties (docs/security.md)
    Rule("ID-01", HARD_LOCAL, "a step is recorded by a person in the authority's register, in a "
         "role they hold on the step's effective date", "SELA procedure; SEED-002 §1.2"),
    Rule("ID-02", HARD_LOCAL, "people, their roles and the policy in force are recorded by an "
         "administrator (ADMIN)", "SELA procedure"),
    Rule("ID-03", HARD_LOCAL, "a read-only role (AUDITOR) records nothing", "SELA procedure"),
    Rule("SD-01", HARD_LOCAL, "the officer who drafted a warning notice does not approve it",
         "SELA procedure (separation of duties); SEED-002 §1.2"),
    Rule("SD-02", HARD_LOCAL, "an override of a local rule is authorised, in advance and on the "
         "record, by someone other than the officer recording the step",
         "SELA procedure (separation of duties)"),
)}

#: Rules no override can lift: an override would defeat the separation they enforce.
NOT_OVERRIDABLE = frozenset({"ID-01", "ID-02", "ID-03", "SD-01", "SD-02"})


def get(rule_id: str) -> Rule:
    return RULES[rule_id]


def warning_text(rule_id: str, message: str, strength: str | None = None) -> str:
    """The one-line form of a warning, as printed and as recorded on the event. ``strength``
    says so where a warning is given under a rule that otherwise refuses."""
    r = RULES[rule_id]
    return f"{r.id} ({strength or r.strength}, {r.basis}): {message}"
