"""Generates the rule table and the lifecycle diagrams of docs/rulebook.md from the code.

`python -m sela_workflow.rulebook_doc --write` refreshes the generated blocks in place;
tests/test_rule_coverage.py fails when the file is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .aggregates.rules import RULES
from .aggregates.workflow import LIFECYCLES, mermaid

#: Which command and event enforce each rule (the commands are documented in docs/cli.md).
ENFORCED_BY: dict[str, tuple[str, str]] = {
    "RA-01": ("sela assess", "RiskAssessmentCompleted (warning); `sela next` T-RA-ANNUAL"),
    "RA-02": ("sela assess", "PathwayAssigned"),
    "RA-03": ("sela assess, sela communicate", "CategorisationCommunicated; refusal"),
    "RA-04": ("sela assess --review, sela communicate", "warning; `sela next` T-RA-COMMS"),
    "PW-01": ("sela contact record", "ActivityRecorded{DCP} (warning); T-DCP-CAP"),
    "PW-02": ("sela activity ...", "ActivityRecorded; `sela next` expectations, T-TERMLY"),
    "PW-03": ("sela activity ..., sela notice draft", "ActivityRecorded; `sela next`"),
    "PW-04": ("sela activity progress-meeting, joint-evaluation", "ActivityRecorded; T-TERMLY"),
    "AC-01": ("sela assess; every LA power command (refused)", "PathwayAssigned{ACADEMY_RD_ROUTE}"),
    "WN-01": ("sela notice draft/issue", "refusal"),
    "WN-02": ("sela notice draft", "WarningNoticeDrafted"),
    "WN-03": ("sela notice draft --type S60A", "WarningNoticeDrafted"),
    "WN-04": ("sela notice draft, sela notice issue", "WarningNoticeDrafted/Issued"),
    "WN-05": ("sela notice approve, sela notice issue", "WarningNoticeApproved"),
    "WN-06": ("sela notice issue; sela sos notice/permit", "SoSWarningNoticeNotified"),
    "WN-07": ("sela sos notice", "WarningNoticeSuperseded, EligibilityEnded"),
    "WN-08": ("sela notice issue --copied-to, sela notice copy", "WarningNoticeCopySent"),
    "WN-09": ("sela notice issue/copy", "warning"),
    "WN-10": ("sela notice issue/represent/confirm/assess", "WarningNoticeIssued{regime}"),
    "WN-11": ("sela notice represent", "refusal"),
    "WN-12": ("sela notice assess", "ComplianceAssessed; T-WN-COMPLIANCE"),
    "WN-13": ("sela notice intend", "IntentionToUsePowersNotified"),
    "WN-14": ("sela notice intend", "EligibilityStarted{S60|S60A}"),
    "IN-01": ("every sela power command", "refusal; T-REASONABLE-NOTICE"),
    "IN-02": ("sela power arrangements, sela power consult", "ArrangementsNoticeIssued"),
    "IN-03": ("sela power governors", "AdditionalGovernorsAppointed; T-S64-WINDOW"),
    "IN-04": ("sela power foundation-governors", "AdditionalFoundationGovernorsAppointed"),
    "IN-05": ("sela power ieb; sela sos consent; sela power consult", "IEBNoticeIssued"),
    "IN-06": ("sela power ieb, ieb-member", "IEBNoticeIssued, IEMAppointed; T-IEB-END"),
    "IN-07": ("sela power suspend-budget", "BudgetSuspensionNoticeIssued"),
    "IN-08": ("sela power review-budget", "BudgetSuspensionReviewed; T-BUDGET-REVIEW"),
    "IN-09": ("sela power notify-dfe", "DfENotifiedOfIntervention; `sela next`"),
    "IN-10": ("every sela power command; sela sos intervene", "warning with reason"),
    "IN-11": ("sela power suspend-budget; sela sos intervene --power S67", "refusal"),
    "OF-01": ("sela ofsted notify, sela ofsted soa, sela ofsted removed",
              "OfstedCategoryNotified, EligibilityStarted{S61|S62}; T-SOA"),
    "OF-02": ("sela ofsted removed", "OfstedCategoryRemoved, EligibilityEnded"),
    "AO-01": ("sela ofsted notify", "`sela next` T-AO-DUTY-EXPECTED"),
    "AO-02": ("sela sos academy-order/direction, sela academy facilitate",
              "AcademyOrderMade, SoSDirectionReceived; T-AO-FACILITATE"),
    "AO-03": ("sela sos academy-order", "refusal"),
    "AO-04": ("sela sos direction, sela academy facilitate", "rules recorded on the event"),
    "AO-05": ("sela academy convert", "SchoolConvertedToAcademy, EligibilityEnded, ..."),
}


def rule_table() -> str:
    lines = ["| ID | strength | rule | source | in force | command | event / timer |",
             "|---|---|---|---|---|---|---|"]
    for r in RULES.values():
        dates = (f"{r.valid_from.isoformat() if r.valid_from else '—'} to "
                 f"{r.valid_to.isoformat() if r.valid_to else 'now'}")
        command, event = ENFORCED_BY[r.id]
        lines.append(f"| {r.id} | {r.strength} | {r.summary} | {r.basis} | {dates} | "
                     f"{command} | {event} |")
    return "\n".join(lines)


def diagrams() -> str:
    parts = []
    for lc in LIFECYCLES:
        parts.append(f"### {lc.name[0].upper()}{lc.name[1:]}\n\n```mermaid\n{mermaid(lc)}\n```")
    return "\n\n".join(parts)


BLOCKS = {"rules": rule_table, "diagrams": diagrams}


def render(text: str) -> str:
    for name, make in BLOCKS.items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        pattern = re.compile(rf"({start}\n)(?:.*?\n)?({end})", re.S)
        text = pattern.sub(lambda m, f=make: m.group(1) + f() + "\n" + m.group(2), text)
    return text


def main() -> None:
    path = Path(sys.argv[-1]) if len(sys.argv) > 2 else Path("docs/rulebook.md")
    text = path.read_text()
    if "--write" in sys.argv:
        path.write_text(render(text))
    elif render(text) != text:
        sys.exit(f"{path} is out of date: python -m sela_workflow.rulebook_doc --write")


if __name__ == "__main__":
    main()
