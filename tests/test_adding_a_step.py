"""Adding a statutory step takes one event, one declaration and one test (docs/architecture.md,
"Adding a statutory step"). A throw-away step — a reading review the local offer might add —
is declared here and must appear, with nothing else edited, in its lifecycle's transitions
machine, in the CLI, in `sela next` (as an expected item and as a possible step), in the
rulebook's enforcement table and diagrams, and in a stored, verified record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sela_workflow.aggregates.events import REGISTRY, SchoolEvent
from sela_workflow.aggregates.lifecycle import Lifecycle
from sela_workflow.aggregates.state.case import Activity, CaseState
from sela_workflow.aggregates.steps import STEPS
from sela_workflow.aggregates.steps.command import Command, command, opt
from sela_workflow.aggregates.steps.registry import declare, withdraw
from sela_workflow.aggregates.steps.spec import Expectation, Facts, Fail, Guard, Item, Move, Step
from sela_workflow.aggregates.vocabulary import academic_year_of
from sela_workflow.cli.main import cli
from sela_workflow.rulebook_doc import render

from .staff import STAFF_CSV

RULEBOOK = Path(__file__).resolve().parent.parent / "docs" / "rulebook.md"
VERB = ("activity", "reading-review")
LINE = "sela activity reading-review 100834 --focus <FOCUS>"


@pytest.fixture
def reading_review() -> Iterator[type]:
    # 1. The event: what is recorded, and how it changes the case.
    class ReadingReviewHeld(SchoolEvent):
        focus: str

        def evolve(self, s: CaseState) -> CaseState:
            a = Activity(version=self.originator_version, kind="READING_REVIEW",
                         date=self.effective_date, academic_year=academic_year_of(
                             self.effective_date), details={"focus": self.focus})
            return s.but(activities=(*s.activities, a))

    # 2. The declaration: command, lifecycle move, guard with its rule, expectation, verb.
    @command
    class HoldReadingReview(Command):
        focus: str = opt("--focus", "What the review looked at.", placeholder="<FOCUS>",
                         example="Phonics in Year 1")

    reviews = Lifecycle("reading review", ["not_reviewed", "reviewed"], "not_reviewed")

    def reviewed(s: CaseState) -> bool:
        return any(a.kind == "READING_REVIEW" for a in s.activities)

    def in_intervention(f: Facts) -> Fail | None:
        if f.state.category in ("C", "D") and not f.state.is_academy:
            return None
        return Fail(f"Reading review refused: {f.state.urn} is not on the Intervention pathway")

    def expected(s: CaseState, policy: Any) -> list[Item]:
        if s.category not in ("C", "D") or s.is_academy:
            return []
        done = [a.date for a in s.activities if a.kind == "READING_REVIEW"]
        return [Item("PW-03", "T-READING", "Reading review held", None,
                     met_on=done[0] if done else None, kind="expected",
                     step=HoldReadingReview)]

    declare(Step(
        HoldReadingReview, VERB, "Record a review of early reading (PW-03).",
        "100834 --focus 'Phonics in Year 1'", "PW-03",
        lambda f, j: [(ReadingReviewHeld, {"focus": f.cmd.focus})], (ReadingReviewHeld,),
        guards=(Guard("PW-03", in_intervention),), lifecycle=reviews, trigger="review_reading",
        moves=(Move(("not_reviewed",), "reviewed"),),
        current=lambda f: "reviewed" if reviewed(f.state) else "not_reviewed",
        expects=(Expectation("PW-03", "T-READING", expected),),
        hints=lambda s, today, policy: [{}] if not reviewed(s) else [], offered=True,
        done=lambda c, d: f"reading review for {c.urn}."))
    try:
        yield HoldReadingReview
    finally:
        withdraw(HoldReadingReview)
        REGISTRY.pop("ReadingReviewHeld", None)


def sela(db: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", db, *args], env={"SELA_ACTOR": "a.mensah"})


def intervention_school(db: str) -> None:
    for line in (["init", "--actor", "a.mensah"],
                 ["people", "load", STAFF_CSV, "--actor", "a.mensah"],
                 ["school", "register", "100834", "--name", "Bankside", "--type", "COMMUNITY",
                  "--phase", "PRIMARY", "--on", "2025-09-01"],
                 ["assess", "100834", "--category", "C", "--rationale", "r", "--on",
                  "2025-09-19"],
                 ["communicate", "100834", "--to", "HT", "--to", "CHAIR", "--on",
                  "2025-09-22"]):
        done = sela(db, *line)
        assert done.exit_code == 0, done.output


def test_a_declared_step_is_everywhere(reading_review: type, sqlite_url: str) -> None:
    step = STEPS[reading_review]
    # the transitions machine
    assert step.lifecycle.plan("not_reviewed", "review_reading") == "reviewed"
    assert step.lifecycle.triggers_from("reviewed") == []
    # the generated rulebook: the enforcement table and a diagram of its lifecycle
    doc = render(RULEBOOK.read_text())
    assert "sela activity reading-review" in next(ln for ln in doc.splitlines()
                                                  if ln.startswith("| PW-03 |"))
    assert "### Reading review" in doc and "review_reading [PW-03]" in doc
    # the CLI: help, and `sela next` offers it as a complete command
    assert "reading-review" in sela(sqlite_url, "activity", "--help").output
    intervention_school(sqlite_url)
    shown = json.loads(sela(sqlite_url, "next", "100834", "--json").stdout)
    assert LINE in shown["possible"]
    item = next(i for i in shown["expected"] if i["what"] == "Reading review held")
    assert item["rule_id"] == "PW-03" and item["command"] == LINE
    # recorded through the CLI, stored, replayed and verified
    done = sela(sqlite_url, "activity", "reading-review", "100834", "--focus", "Phonics",
                "--on", "2025-10-01")
    assert done.exit_code == 0, done.output
    assert "Recorded: reading review for 100834." in done.output
    history = sela(sqlite_url, "history", "100834").output
    assert "ReadingReviewHeld" in history
    assert sela(sqlite_url, "audit", "verify").exit_code == 0
    shown = json.loads(sela(sqlite_url, "next", "100834", "--json").stdout)
    assert LINE not in shown["possible"]
    assert any(i["what"] == "Reading review held" for i in shown["met"])
    # its own rule refuses it, by ID, through the lifecycle
    again = sela(sqlite_url, "activity", "reading-review", "100834", "--focus", "Phonics")
    assert again.exit_code == 1 and "PW-03" in again.output


def test_a_withdrawn_declaration_leaves_nothing_behind(reading_review: type) -> None:
    withdraw(reading_review)
    try:
        doc = render(RULEBOOK.read_text())
        assert "reading-review" not in doc
        assert "reading-review" not in sela("sqlite://", "activity", "--help").output
    finally:  # the fixture withdraws it again
        declare(Step(reading_review, VERB, "x", "x", "PW-03", lambda f, j: [], ()))


def test_every_declared_group_has_a_cli_command() -> None:
    """A step in a new group needs that group's one line in cli/main.py's COMMANDS."""
    from sela_workflow.cli.main import COMMANDS

    assert {s.verb[0] for s in STEPS.values()} <= set(COMMANDS)
