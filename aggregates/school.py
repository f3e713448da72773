"""The School aggregate: one per school, identified by its URN.

Command methods validate (vocabulary, envelope, rules via a Judgement, lifecycles via the
workflow machines) and then trigger events; only the events' ``apply`` code changes state.
The commands for each part of the statutory sequence live in their own mixin modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import Aggregate

from . import rules
from .chain import GENESIS, event_hash
from .envelope import Envelope
from .errors import InvalidInput, NotNow, Refused
from .events import (
    ActivityRecorded,
    CategorisationCommunicated,
    CategoryChanged,
    EntryWithdrawn,
    OfficerAssigned,
    PathwayAssigned,
    PolicyDeviationRecorded,
    RecordAnnotated,
    RiskAssessmentCompleted,
    RiskAssessmentCorrected,
    SchoolEvent,
    SchoolRegistered,
)
from .identity import check_urn, school_id
from .judgement import Context, Judgement
from .notices import NoticeCommands
from .ofsted import OfstedCommands
from .powers import PowerCommands
from .vocabulary import (
    CATEGORIES,
    CATEGORISATION_RECIPIENTS,
    CRITICAL_CRITERIA,
    DCP_FORMS,
    DCP_PURPOSES,
    DIRECTOR_ROLES,
    ESTABLISHMENT_TYPES,
    MEETING_KINDS,
    PHASES,
    RD_CONCERNS,
    RELIGIOUS_CHARACTERS,
    academic_year_bounds,
    academic_year_of,
    is_academic_year,
)
from .workflow import PATHWAY, StepNotAllowed

#: Pathway activities (SEED-002 App 2) an officer records with `sela activity ...`.
ACTIVITY_KINDS = ("DCP", "DIRECTOR_INFORMED", "ACTION_PLAN", "TEAM_AROUND_SCHOOL",
                  "PROGRESS_MEETING", "QOE_REVIEW", "JOINT_EVALUATION", "FEDERATION_MAT_BROKERED",
                  "CONCERN_RAISED_WITH_RD")


def _one_of(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"Unknown {what} {value!r}; use one of: {', '.join(allowed)}.")
    return value


class School(NoticeCommands, PowerCommands, OfstedCommands, Aggregate):
    urn: str
    name: str
    establishment_type: str
    phase: str
    religious_character: str
    diocese: str
    academy_trust: str
    registered_on: dt.date
    category: str | None
    pathway: str | None
    statutory_state: str
    assessments: list[dict[str, Any]]
    last_event: str
    last_effective_date: dt.date
    chain_hash: str

    def __init__(self) -> None:
        """State is set by SchoolRegistered.apply; nothing to do here."""

    def init_case_state(self) -> None:
        """The empty case record every school starts with (called by SchoolRegistered)."""
        self.uncommunicated_since: dt.date | None = None
        self.uncommunicated_change: dt.date | None = None
        self.communications: list[dict[str, Any]] = []
        self.activities: list[dict[str, Any]] = []
        self.withdrawn_versions: list[int] = []
        self.annotations: list[dict[str, Any]] = []
        self.deviations: list[dict[str, Any]] = []
        self.notices: dict[str, dict[str, Any]] = {}
        self.sos_notice: dict[str, Any] | None = None
        self.routes: dict[str, dict[str, Any]] = {}
        self.coasting: dt.date | None = None
        self.consultations: dict[str, dict[str, dt.date]] = {}
        self.ieb: dict[str, Any] = {"state": "none"}
        self.powers: list[dict[str, Any]] = []
        self.budget: dict[str, Any] = {"state": "none"}
        self.dfe_notified: dict[str, dt.date] = {}
        self.sos_interventions: dict[str, dt.date] = {}
        self.sos_governors_appointed = False
        self.inspections: list[dict[str, Any]] = []
        self.ofsted: dict[str, Any] | None = None
        self.academy_orders: dict[str, dict[str, Any]] = {}
        self.converted_on: dt.date | None = None
        self.officer: str | None = None

    # -- registration and risk assessment (rulebook §3) ---------------------------------------

    @classmethod
    def register(cls, *, urn: str, name: str, establishment_type: str, phase: str,
                 religious_character: str, diocese: str, academy_trust: str,
                 envelope: Envelope, today: dt.date) -> School:
        urn = check_urn(urn)
        envelope.check(today)
        if not name.strip():
            raise InvalidInput("The school's name is empty; give it with --name.")
        _one_of(establishment_type, tuple(ESTABLISHMENT_TYPES), "establishment type")
        _one_of(phase, tuple(PHASES), "phase")
        _one_of(religious_character, tuple(RELIGIOUS_CHARACTERS), "religious character")
        kind = ESTABLISHMENT_TYPES[establishment_type]
        if kind.academy and not academy_trust.strip():
            raise InvalidInput("An academy or free school needs its academy trust: "
                               "give it with --trust.")
        if not kind.academy and academy_trust.strip():
            raise InvalidInput(f"A {kind.gias_name.lower()} has no academy trust; "
                               "drop --trust or correct --type.")
        if religious_character in ("cofe", "rc") and not diocese.strip():
            raise InvalidInput("A Church of England or Roman Catholic school needs its diocese "
                               "(the appropriate diocesan authority): give it with --diocese.")
        fields = dict(
            urn=urn, name=name.strip(), establishment_type=establishment_type, phase=phase,
            religious_character=religious_character, diocese=diocese.strip(),
            academy_trust=academy_trust.strip(),
            **_envelope_fields(envelope, rule_ids=[], warnings=[]),
        )
        sid = school_id(urn)
        ts = SchoolRegistered.create_timestamp()
        fields["prev_hash"] = GENESIS
        fields["hash"] = event_hash(SchoolRegistered.__name__, {
            **fields, "originator_id": sid, "originator_version": cls.INITIAL_VERSION,
            "timestamp": ts})
        return cls._create(SchoolRegistered, id=sid, timestamp=ts, **fields)

    def assess(self, *, category: str, rationale: str, critical_criteria: Sequence[str],
               academic_year: str | None, review: bool, ctx: Context) -> list[str]:
        """Record a risk assessment (RA-01, RA-03) and the category and pathway it gives (RA-02)."""
        j = self._judge(ctx)
        category = category.strip().upper()
        _one_of(category, tuple(CATEGORIES), "category (SEED-002 §5 Table One)")
        unknown = sorted(set(critical_criteria) - set(CRITICAL_CRITERIA))
        if unknown:
            raise InvalidInput(f"Unknown critical criteria {', '.join(unknown)}; use: "
                               f"{', '.join(CRITICAL_CRITERIA)}.")
        if not rationale.strip():
            raise InvalidInput("A risk assessment needs its rationale: give it with --rationale.")
        year = academic_year or academic_year_of(ctx.on)
        if not is_academic_year(year):
            raise InvalidInput(f"{year!r} is not an academic year; write it as 2025/26.")
        first, last = academic_year_bounds(year)
        if not first <= ctx.on <= last:
            raise InvalidInput(f"The assessment date {ctx.on.isoformat()} is not in the "
                               f"academic year {year} ({first.isoformat()} to {last.isoformat()}).")
        formal = [a for a in self.assessments if a["academic_year"] == year and not a["review"]]
        if not review:
            j.check("RA-01", not formal,
                    f"A formal risk assessment for {year} was already recorded on "
                    f"{formal[0]['date'].isoformat() if formal else ''}; record in-year "
                    "reassessments as reviews (--review)")
            j.check("RA-03", self.uncommunicated_since is None,
                    "Assessment refused: the categorisation from the assessment of "
                    f"{_iso(self.uncommunicated_since)} has not been sent in writing to the "
                    "headteacher and chair",
                    f"Record the letter first: sela communicate {self.urn} --to HT --to CHAIR")
        if category != self.category:
            j.check("RA-04", self.uncommunicated_change is None,
                    f"The category change of {_iso(self.uncommunicated_change)} was not yet "
                    "communicated in writing (sela communicate)")
        self._record_deviations(j)
        self._record(RiskAssessmentCompleted, j, academic_year=year, category=category,
                     rationale=rationale.strip(), critical_criteria=sorted(set(critical_criteria)),
                     review=review)
        self._set_category(category, j)
        return j.warnings

    def correct_assessment(self, *, version: int, category: str, rationale: str,
                           ctx: Context) -> list[str]:
        """Correct the category of an assessment recorded in error; the original stays stored."""
        j = self._judge(ctx)
        category = _one_of(category.strip().upper(), tuple(CATEGORIES), "category")
        latest = max((a["version"] for a in self.assessments), default=None)
        if version != latest:
            raise InvalidInput(f"Version {version} is not this school's latest risk assessment "
                               f"(that is version {latest}); record a new assessment instead.")
        if not rationale.strip():
            raise InvalidInput("Say why the assessment is corrected with --rationale.")
        self._record(RiskAssessmentCorrected, j, corrects_version=version, category=category,
                     rationale=rationale.strip())
        self._set_category(category, j)
        return j.warnings

    def _set_category(self, category: str, j: Judgement) -> None:
        if category != self.category:
            self._record(CategoryChanged, j, from_category=self.category, to_category=category)
        self._move_pathway("assess", j, category)

    def _move_pathway(self, step: str, j: Judgement, category: str | None) -> None:
        try:
            to_state = PATHWAY.plan(self.statutory_state, step, category=category,
                                    establishment_type=self.establishment_type)
        except StepNotAllowed as e:
            raise Refused(f"Pathway refused: {e}", rule_id="RA-02",
                          basis=rules.get("RA-02").basis) from e
        pathway = None if to_state == "unassessed" else to_state.upper()
        if pathway != self.pathway:
            for rule_id in PATHWAY.rules_for(step, to_state):
                j.check(rule_id, True, "")
            self._record(PathwayAssigned, j, pathway=pathway, from_state=self.statutory_state,
                         to_state=to_state)

    def communicate(self, *, recipients: Sequence[str], ctx: Context) -> list[str]:
        """The written categorisation to the headteacher and chair (RA-03, RA-04)."""
        j = self._judge(ctx)
        for r in recipients:
            _one_of(r, CATEGORISATION_RECIPIENTS, "recipient")
        if self.category is None:
            raise NotNow(f"School {self.urn} has no category yet; record a risk "
                         f"assessment first: sela assess {self.urn} ...")
        missing = [r for r in ("HT", "CHAIR") if r not in recipients]
        j.check("RA-03", not missing,
                f"Categorisation letter refused: it must go to the headteacher and the chair "
                f"of governors (missing: {', '.join(missing)})",
                "Send it to both and record it with --to HT --to CHAIR.")
        if self.is_academy and "TRUST_CHAIR" not in recipients:
            j.warnings.append(rules.warning_text(
                "RA-03", "for an academy a copy goes to the chair of the trust board where "
                "appropriate (--to TRUST_CHAIR)"))
        j.check("RA-04", True, "")
        self._record_deviations(j)
        self._record(CategorisationCommunicated, j, recipients=sorted(set(recipients)),
                     channel="WRITTEN")
        return j.warnings

    def assign_officer(self, *, officer: str, ctx: Context) -> list[str]:
        """Name the adviser who owns this school's case."""
        j = self._judge(ctx)
        if not officer.strip():
            raise InvalidInput("Name the officer with --officer.")
        if officer.strip() == self.officer:
            raise InvalidInput(f"{officer.strip()} is already the named officer for {self.urn}.")
        self._record(OfficerAssigned, j, officer=officer.strip())
        return j.warnings

    # -- pathway activities (SEED-002 App 2, PW-01..04, AC-01) -----------------------------------

    def record_activity(self, *, kind: str, details: dict[str, Any], ctx: Context) -> list[str]:
        j = self._judge(ctx)
        _one_of(kind, ACTIVITY_KINDS, "activity")
        year = academic_year_of(ctx.on)
        details = dict(details)
        if kind == "DCP":
            _one_of(details.get("form", ""), DCP_FORMS, "contact point form")
            _one_of(details.get("purpose", ""), DCP_PURPOSES, "contact point purpose")
            details["formal"] = bool(details.get("formal"))
            held = [a for a in self.activities if a["kind"] == "DCP" and a["academic_year"] == year]
            where = "an academy" if self.is_academy else f"in {self.category}"
            j.check("PW-01", self.category in ("B", "C", "D") and not self.is_academy,
                    "Dedicated contact points are for maintained schools in categories B-D; "
                    f"{self.urn} is {where}")
            j.check("PW-01", len(held) < 3,
                    f"This is dedicated contact point {len(held) + 1} in {year}: the offer is "
                    "up to 3 a year")
        elif kind == "DIRECTOR_INFORMED":
            _one_of(details.get("director", ""), DIRECTOR_ROLES, "director")
        elif kind == "PROGRESS_MEETING":
            _one_of(details.get("meeting_kind", ""), MEETING_KINDS, "meeting kind")
            from .calendar import term_of

            details["term"] = term_of(ctx.on)
        elif kind == "FEDERATION_MAT_BROKERED":
            if not str(details.get("partner", "")).strip():
                raise InvalidInput("Name the federation or trust brokered with --partner.")
        elif kind == "CONCERN_RAISED_WITH_RD":
            concerns = list(details.get("concerns", []))
            for c in concerns:
                _one_of(c, RD_CONCERNS, "concern")
            if not concerns:
                raise InvalidInput("Say what the concerns are about with --about "
                                   "(standards, leadership, governance).")
            if not self.is_academy:
                raise Refused("Concern refused: concerns are raised with the Regional Director "
                              f"for academies; {self.urn} is LA-maintained", rule_id="AC-01",
                              basis=rules.get("AC-01").basis,
                              remedy="Use the LA's own pathway steps for a maintained school.")
            j.check("AC-01", True, "")
        for rule_id in {"DIRECTOR_INFORMED": ("PW-02", "PW-03"), "ACTION_PLAN": ("PW-02",),
                        "TEAM_AROUND_SCHOOL": ("PW-02",), "QOE_REVIEW": ("PW-02",),
                        "FEDERATION_MAT_BROKERED": ("PW-03",), "JOINT_EVALUATION": ("PW-04",),
                        "PROGRESS_MEETING": ("PW-02", "PW-04")}.get(kind, ()):
            j.check(rule_id, True, "")
        self._record(ActivityRecorded, j, kind=kind, academic_year=year, details=details)
        return j.warnings

    def withdraw_entry(self, *, version: int, ctx: Context) -> list[str]:
        """Withdraw an activity recorded in error; the entry stays in the history, marked."""
        j = self._judge(ctx)
        if not ctx.envelope.reason.strip():
            raise InvalidInput("Say why the entry is withdrawn with --reason.")
        if not any(a["version"] == version for a in self.activities):
            raise InvalidInput(f"Version {version} is not a live activity of {self.urn}; only "
                               "activities and contact points can be withdrawn. Correct other "
                               "steps with their own commands (sela notice withdraw, sela "
                               "record correct-assessment) or annotate them (sela record "
                               "annotate).")
        self._record(EntryWithdrawn, j, withdraws_version=version)
        return j.warnings

    def annotate(self, *, version: int, note: str, ctx: Context) -> list[str]:
        j = self._judge(ctx)
        if not 1 <= version <= self.version:
            raise InvalidInput(f"{self.urn} has no version {version} (latest is {self.version}).")
        if not note.strip():
            raise InvalidInput("The correction note is empty; give it with --note.")
        self._record(RecordAnnotated, j, annotates_version=version, note=note.strip())
        return j.warnings

    # -- reading ---------------------------------------------------------------------------

    @property
    def is_academy(self) -> bool:
        return ESTABLISHMENT_TYPES[self.establishment_type].academy

    @property
    def is_maintained(self) -> bool:
        """A maintained school for EIA 2006 Part 4 (s59(1))."""
        return ESTABLISHMENT_TYPES[self.establishment_type].maintained

    @property
    def stage(self) -> str:
        """Where the statutory process stands, most advanced first (the directors' "stage")."""
        if any(o["state"] == "facilitating" for o in self.academy_orders.values()):
            return "academy order"
        if self.ieb["state"] == "active":
            return "IEB in place"
        if self.budget["state"] == "suspended" or self.powers:
            return "LA powers in use"
        if self.routes:
            return "eligible for intervention"
        if any(n["state"] in ("issued", "not_complied") for n in self.notices.values()):
            return "warning notice"
        if self.ofsted is not None:
            return "Ofsted category"
        if any(n["state"] in ("drafted", "approved") for n in self.notices.values()):
            return "warning notice in preparation"
        return {"TRIP": "TRIP", "INTERVENTION": "intervention pathway",
                "SUPPORT_MONITORING": "support and monitoring", "PARTNERSHIP": "partnership",
                "ACADEMY_RD_ROUTE": "RD route (academy)",
                "ACADEMY_PARTNERSHIP": "partnership (academy)"}.get(self.pathway or "",
                                                                    "not assessed")

    def powers_in_force(self) -> list[str]:
        """LA powers currently in effect: IEB, budget suspension, s63 notices, s64 governors."""
        found = sorted({p["power"] for p in self.powers})
        if self.ieb["state"] == "active":
            found.append("S65")
        if self.budget["state"] == "suspended":
            found.append("S66" if self.budget.get("basis") == "EIA_S66" else "SCH15")
        return found

    def open_notices(self) -> list[str]:
        return [wn for wn, n in self.notices.items()
                if n["state"] in ("drafted", "approved", "issued", "not_complied",
                                  "intention_notified")]

    def status(self) -> dict[str, Any]:
        """The current status as the read model shows it; used to check projections by replay."""
        return {
            "urn": self.urn,
            "name": self.name,
            "establishment_type": self.establishment_type,
            "phase": self.phase,
            "category": self.category,
            "pathway": self.pathway,
            "statutory_state": self.statutory_state,
            "stage": self.stage,
            "eligibility": sorted(self.routes),
            "powers": self.powers_in_force(),
            "open_notices": self.open_notices(),
            "officer": self.officer,
            "last_event": self.last_event,
            "last_effective_date": self.last_effective_date.isoformat(),
            "version": self.version,
        }

    # -- internals -------------------------------------------------------------------------

    def _judge(self, ctx: Context, on: dt.date | None = None) -> Judgement:
        ctx.envelope.check(ctx.today)
        return Judgement(on=on or ctx.on, envelope=ctx.envelope, policy=ctx.policy,
                         override=ctx.override)

    def _record_deviations(self, j: Judgement) -> None:
        for rule_id, justification in j.deviations:
            self._record(PolicyDeviationRecorded, j, rule_id=rule_id,
                         justification=justification, authorised_by=j.envelope.role)
        j.deviations.clear()

    def _record(self, event_class: type[SchoolEvent], j: Judgement, **data: Any) -> None:
        fields = {**data, **_envelope_fields(j.envelope, rule_ids=list(j.applied),
                                             warnings=j.take_warnings())}
        ts = event_class.create_timestamp()
        fields["prev_hash"] = self.chain_hash
        fields["hash"] = event_hash(event_class.__name__, {
            **fields, "originator_id": self.id, "originator_version": self.version + 1,
            "timestamp": ts})
        self.trigger_event(event_class, timestamp=ts, **fields)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"


def _envelope_fields(envelope: Envelope, *, rule_ids: list[str],
                     warnings: list[str]) -> dict[str, Any]:
    return dict(actor=envelope.actor.strip(), role=envelope.role,
                effective_date=envelope.effective_date, reason=envelope.reason,
                documents=list(envelope.documents), rules=list(rule_ids),
                rules_version=rules.RULES_VERSION, warnings=list(warnings))
