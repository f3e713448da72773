"""The seam between planning and recording (docs/imports.md, "The contract"): the register read
back from the store after an import is exactly what the plan said it would be, so importing
the same files again plans nothing — for the committed fixtures and for random extracts (an
academy that GIAS shows as a maintained school under the same URN is refused, AO-05)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.gias_files import extract_bytes
from sela_workflow.aggregates.establishments import SELA_TYPES
from sela_workflow.imports import (
    DetailsChanged,
    apply_plan,
    plan_gias,
    plan_ofsted,
    read_gias_extract,
    read_links,
    read_ofsted_mi,
)
from sela_workflow.published import ImportRefused, import_gias, import_ofsted
from sela_workflow.register import snapshot

from .conftest import TODAY
from .import_fixtures import EIF_NAME, FIXTURES, REPORT_CARD_NAME
from .staff import staffed_app
from .test_import_plans import extract_rows

GIAS, OFSTED = FIXTURES / "gias", FIXTURES / "ofsted"


def app_at(path: Path) -> Any:
    return staffed_app(f"sqlite:///{path}", today=lambda: TODAY)


def test_the_register_read_back_is_what_each_plan_said(tmp_path: Path) -> None:
    app = app_at(tmp_path / "sela.db")
    try:
        for extract, links in (("20250422", "20250422"), ("20250520", None),
                               ("20250902", "20250902")):
            before = snapshot(app).schools
            ex = read_gias_extract(GIAS / f"edubasealldata{extract}.csv")
            lf = read_links(GIAS / f"links_edubasealldata{links}.csv") if links else None
            plan = plan_gias(ex, before, links=lf)
            outcome = import_gias(app, GIAS / f"edubasealldata{extract}.csv",
                                  GIAS / f"links_edubasealldata{links}.csv" if links else None,
                                  la_codes=["210"], actor="a.mensah")
            assert outcome.written and outcome.plan.steps == plan.steps
            after = snapshot(app).schools
            assert after == apply_plan(before, plan)
            assert plan_gias(ex, after, links=lf).steps == ()
        for name in (EIF_NAME, REPORT_CARD_NAME):
            before = snapshot(app).schools
            plan = plan_ofsted(read_ofsted_mi(OFSTED / name), before, la_codes=["210"])
            import_ofsted(app, OFSTED / name, la_codes=["210"], actor="a.mensah")
            after = snapshot(app).schools
            assert after == apply_plan(before, plan)
            assert plan_ofsted(read_ofsted_mi(OFSTED / name), after).steps == ()
    finally:
        app.close()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=extract_rows(), second=extract_rows())
def test_any_extract_recorded_reads_back_as_planned(tmp_path: Path, first: list[dict[str, str]],
                                                     second: list[dict[str, str]]) -> None:
    store = tmp_path / f"sela-{dt.datetime.now().timestamp()}.db"
    app = app_at(store)
    try:
        for day, rows in (("20250101", first), ("20250201", second)):
            path = tmp_path / f"edubasealldata{day}.csv"
            path.write_bytes(extract_bytes(rows))
            before = snapshot(app).schools
            plan = plan_gias(read_gias_extract(path, la_codes=["210"]), before)
            if any(s.field == "establishment_type" and SELA_TYPES[s.old].academy
                   and not SELA_TYPES[s.new].academy for s in plan.of(DetailsChanged)):
                with pytest.raises(ImportRefused) as refused:  # not by a change
                    import_gias(app, path, la_codes=["210"], actor="a.mensah")
                assert all("(AO-05, " in p for p in refused.value.problems)
                assert snapshot(app).schools == before
                return
            import_gias(app, path, la_codes=["210"], actor="a.mensah")
            assert snapshot(app).schools == apply_plan(before, plan)
            again = import_gias(app, path, la_codes=["210"], actor="a.mensah")
            assert not again.written and again.events == 0
    finally:
        app.close()
