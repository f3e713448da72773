"""`sela notice`: warning notices under EIA 2006 s60 and s60A (WN-01 to WN-14)."""

from __future__ import annotations

from typing import Any

import click

from .common import Store, emit_json, pass_store
from .output import current, emit_rows, table_options
from .steps import group

notice = group("notice", """Warning notices under EIA 2006 s60 and s60A (WN-01 to WN-14).

    \b
    Example:
      sela notice list 190106
    """)

NOTICE_FIELDS = (
    "notice", "type", "state", "regime", "grounds", "comparators", "matters", "required_actions",
    "minded_actions", "drafted", "approved", "issued", "initial_period_end", "representations",
    "confirmed", "compliance_end", "outcome", "assessed", "copies", "copies_sent",
    "intention_notified", "powers_proposed", "earliest_exercise", "ended")
#: Every column (--csv, --tsv, --wide, --columns); the table shows where each notice stands.
NOTICE_COLUMNS = tuple((k, {"notice": "Notice", "type": "Type", "state": "State",
                            "issued": "Issued", "compliance_end": "Complies by",
                            "outcome": "Outcome", "copies": "Copies",
                            "powers_proposed": "Powers",
                            "earliest_exercise": "Powers from"}.get(k, k))
                       for k in NOTICE_FIELDS if k != "copies_sent")
NOTICE_DEFAULT = ("notice", "type", "state", "issued", "compliance_end", "outcome",
                  "powers_proposed", "earliest_exercise")


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_iso(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@notice.command("list")
@click.argument("urn")
@table_options(NOTICE_COLUMNS)
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
    state = store.app().case(urn)
    rows = []
    for n in state.notices:
        copies = dict(sorted(n.copies))
        rows.append({
            "notice": n.wn_id, "type": n.type, "state": n.state, "regime": n.regime,
            "grounds": list(n.grounds), "comparators": list(n.comparators),
            "matters": n.matters, "required_actions": list(n.required_actions),
            "minded_actions": list(n.minded_actions), "drafted": n.drafted_on,
            "approved": n.approved_on, "issued": n.issue_date,
            "initial_period_end": n.initial_period_end,
            "representations": n.representation_on, "confirmed": n.confirmed_on,
            "compliance_end": n.compliance_period_end, "outcome": n.outcome,
            "assessed": n.assessed_on, "copies": sorted(copies), "copies_sent": copies,
            "intention_notified": n.intention_on, "powers_proposed": list(n.powers_proposed),
            "earliest_exercise": n.earliest_exercise_date, "ended": n.ended_on})
    rows = [{k: _iso(v) for k, v in r.items()} for r in rows]
    if as_json and not current().columns:
        emit_json(rows)
        return
    emit_rows(rows, NOTICE_COLUMNS, as_json=as_json, as_csv=as_csv, default=NOTICE_DEFAULT,
              empty=f"No warning notices for {state.urn}.")
