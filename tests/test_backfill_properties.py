"""Back-dated commands, property-tested (issue: judged on the effective date; docs/audit.md,
"Back-filling a case").

For random histories in which steps are often recorded with an effective date before steps
already recorded:

* each accepted command was judged against the case folded in effective-date order up to its
  own date — the same fold `--effective-on` shows — whatever path loaded it (a full fold, or
  the read model's stored state moved on);
* re-validating the whole stored history in effective-date order, each step rebuilt from its
  events and judged against the fold of everything effective before it, refuses nothing that
  was accepted: the back-fill policy (refuse a step that would make a later one refused)
  leaves no history the record, as it now stands, would refuse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_event
from hypothesis import strategies as st

from sela_workflow import cases
from sela_workflow.aggregates.backfill import command_class, rebuild
from sela_workflow.aggregates.errors import DomainError
from sela_workflow.aggregates.events import EntryWithdrawn, SchoolRegistered
from sela_workflow.aggregates.fold import fold, order_key
from sela_workflow.aggregates.groups import groups, withdrawn
from sela_workflow.aggregates.steps import judge

from .staff import staffed_app
from .test_properties import STEPS, TODAY, TYPES, popo, run_steps

#: How far back a step is dated: usually not at all, often by days or weeks.
BACKDATES = st.lists(st.sampled_from([0, 0, 0, 1, 3, 10, 30, 75]), min_size=40, max_size=40)


class Spy:
    """Records the state each command was judged against (wrapping the engine's judge)."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, Any]] = []

    def __call__(self, cmd: Any, state: Any, **kw: Any) -> Any:
        self.calls.append((cmd, state))
        return judge(cmd, state, **kw)


def judged_on_the_effective_fold(app: Any, spy: Spy, urn: str) -> int:
    """Each accepted command's judged state equals the fold of the events stored before it,
    up to its effective date. Returns how many commands were back-dated."""
    history = app.history(urn)
    by_version = {e.originator_version: e for e in history}
    backdated = 0
    accepted = [(cmd, state) for cmd, state in spy.calls if state is not None]
    starts = sorted({min(g.versions) for g in groups(history)
                     if not isinstance(g.primary, SchoolRegistered)})
    assert len(starts) == len(accepted)  # one judged call per stored step
    for first, (_cmd, state) in zip(starts, accepted, strict=True):
        before = [e for e in history if e.originator_version < first]
        on = by_version[first].effective_date
        expected = fold(before, until=on)
        assert state == expected, f"v{first} on {on}"
        if on < max(e.effective_date for e in before):
            backdated += 1
    return backdated


def revalidated_in_effective_order(app: Any, urn: str) -> None:
    history = app.history(urn)
    skip = withdrawn(history)
    for g in groups(history):
        primary = g.primary
        if isinstance(primary, (SchoolRegistered, EntryWithdrawn)):
            continue
        if primary.originator_version in skip or command_class(primary) is None:
            continue
        rebuilt = rebuild(g, urn)
        assert rebuilt is not None, type(primary).__name__
        cmd, envelope, override = rebuilt
        key = order_key(g.events[0])
        earlier = [e for e in history
                   if order_key(e) < key or isinstance(e, EntryWithdrawn)]
        state = fold(earlier, until=envelope.effective_date)
        try:
            judge(cmd, state, envelope=envelope, policy=app.policy, today=TODAY,
                  override=override, history=history, people=app.register())
        except DomainError as e:  # pragma: no cover - the failure message
            pytest.fail(f"v{primary.originator_version} {type(cmd).__name__} on "
                        f"{envelope.effective_date}, accepted when recorded, is refused in "
                        f"effective-date order: {e}")


def run(app: Any, monkeypatch: pytest.MonkeyPatch, type_: str, steps: list[Any],
        backdates: list[int], refresh_every: int = 0) -> int:
    spy = Spy()
    monkeypatch.setattr(cases, "judge", spy)
    done = run_steps(app, type_, steps, backdate=lambda n: backdates[n % len(backdates)],
                     refresh_every=refresh_every)
    registration, *calls = spy.calls  # one judgement per command handled
    assert registration[1] is None and len(calls) == len(done)
    spy.calls = [call for call, (_, _, accepted) in zip(calls, done, strict=True) if accepted]
    backdated = judged_on_the_effective_fold(app, spy, "100834")
    revalidated_in_effective_order(app, "100834")
    return backdated


@settings(max_examples=100, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(type_=st.sampled_from(TYPES), steps=STEPS, backdates=BACKDATES)
def test_backdated_steps_are_judged_on_the_fold_at_their_date(
        type_: str, steps: list[Any], backdates: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    if run(popo(), monkeypatch, type_, steps, backdates):
        note_event("back-dated steps accepted")


@pytest.mark.postgres
@settings(max_examples=8, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=STEPS, backdates=BACKDATES)
def test_backdated_steps_on_postgres_with_read_models(
        steps: list[Any], backdates: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """The same on PostgreSQL, the read models caught up every few steps, so commands load
    from the stored state and move it on (a fresh database for each history)."""

    from .conftest import _pg_admin_url, fresh_pg_database

    with fresh_pg_database(_pg_admin_url() or "") as url:
        app = staffed_app(url, today=lambda: TODAY)
        try:
            if run(app, monkeypatch, "community", steps, backdates, refresh_every=3):
                note_event("back-dated steps accepted")
        finally:
            app.close()


def test_a_backdated_step_is_judged_on_its_own_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """A direct case: a category D assessment back-dated before a category B one is judged
    on the case as it stood then (no category), not on today's."""
    from sela_workflow.aggregates.envelope import Envelope
    from sela_workflow.aggregates.steps.school import AssessRisk, Communicate

    from .test_properties import register

    app = popo()
    spy = Spy()
    monkeypatch.setattr(cases, "judge", spy)
    register(app, "community")
    app.handle(AssessRisk(urn="100834", category="B", rationale="r"),
               Envelope("p", "LA_ADVISER", dt.date(2023, 10, 2)))
    app.handle(Communicate(urn="100834", recipients=("HT", "CHAIR")),
               Envelope("p", "LA_ADVISER", dt.date(2023, 10, 3)))
    with pytest.raises(DomainError, match="RA-03"):  # B would follow an uncommunicated D
        app.handle(AssessRisk(urn="100834", category="D", rationale="r"),
                   Envelope("p", "LA_ADVISER", dt.date(2023, 9, 20)))
    (_, judged) = spy.calls[-1]
    assert judged.category is None and judged.version == 1
