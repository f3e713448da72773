"""Every rule ID of rulebook §12.3 is in the rule table, documented, and exercised by a test."""

from __future__ import annotations

import re
from pathlib import Path

from sela_workflow.aggregates.rules import RULES, STRENGTHS
from sela_workflow.rulebook_doc import _commencement_rules, _uses, lifecycles, render

ROOT = Path(__file__).resolve().parent.parent
SHARED_RULEBOOK = ROOT.parent / "shared" / "reference" / "rulebook.md"
ID = re.compile(r"\b(?:RA|PW|AC|WN|IN|OF|AO)-\d\d\b")


def section_12_3_ids() -> set[str]:
    text = SHARED_RULEBOOK.read_text()
    start = text.index("### 12.3")
    end = text.index("### 12.4")
    ids = {line.split("|")[0].strip("- ").strip() for line in text[start:end].splitlines()
           if ID.match(line.strip("- ").strip())}
    # §15 adds IN-11 ("Treat as HARD-STAT with rule ID IN-11").
    if "rule ID **IN-11**" in text:
        ids.add("IN-11")
    return ids


def _tested_ids() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        found.update(re.findall(r'rule\("([A-Z]{2}-\d\d)"\)', path.read_text()))
    return found


#: The rule IDs of rulebook §12.3 (and IN-11 from §15), as the rulebook gives them.
RULEBOOK_IDS = {
    "AC-01", "AO-01", "AO-02", "AO-03", "AO-04", "AO-05", "IN-01", "IN-02", "IN-03", "IN-04",
    "IN-05", "IN-06", "IN-07", "IN-08", "IN-09", "IN-10", "IN-11", "OF-01", "OF-02", "PW-01",
    "PW-02", "PW-03", "PW-04", "RA-01", "RA-02", "RA-03", "RA-04", "WN-01", "WN-02", "WN-03",
    "WN-04", "WN-05", "WN-06", "WN-07", "WN-08", "WN-09", "WN-10", "WN-11", "WN-12", "WN-13",
    "WN-14",
}
#: SELA's own local rules: who acts, and separation of duties (docs/rulebook.md).
LOCAL_IDS = {"ID-01", "ID-02", "ID-03", "SD-01", "SD-02"}


def test_every_section_12_3_rule_is_in_the_rule_table() -> None:
    assert set(RULES) == RULEBOOK_IDS | LOCAL_IDS
    if SHARED_RULEBOOK.exists():  # the team's copy of the rulebook, when it is beside us
        assert section_12_3_ids() == RULEBOOK_IDS


def test_every_rule_is_exercised_by_a_test() -> None:
    assert set(RULES) - _tested_ids() == set()


def test_every_rule_has_strength_basis_and_a_step_that_applies_it() -> None:
    """Enforcement is derived from the step declarations: every rule is applied by a step's
    guard, or sets a step's expectation (its `sela next` timer)."""
    uses, commencement = _uses(), _commencement_rules()
    for r in RULES.values():
        assert r.strength in STRENGTHS and r.basis and r.summary, r.id
        commands, _, timers = uses[r.id]
        assert commands or timers or r.id in commencement, r.id


def test_docs_rulebook_is_generated_from_the_code() -> None:
    text = (ROOT / "docs" / "rulebook.md").read_text()
    assert "<!-- generated:rules -->" in text and "<!-- generated:diagrams -->" in text
    assert render(text) == text, "run: python -m sela_workflow.rulebook_doc --write"
    for rule_id in RULES:
        assert f"| {rule_id} |" in text
    assert text.count("stateDiagram-v2") == len(lifecycles()) == 6
