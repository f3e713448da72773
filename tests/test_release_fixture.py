"""The store release 0.1.0 wrote (tests/fixtures/release_0_1) still reads as it did.

Histories are forever: every event that release stored must replay to the same state under
this one. The only differences allowed are the corrections of docs/rulebook.md ("What release
0.1 read wrongly"), each checked here for the schools it touches: conversion closes the LA's
case (AO-05), and one warning notice's withdrawal no longer ends another's route (rulebook §5).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sela_workflow import clock
from sela_workflow.aggregates.fold import fold
from sela_workflow.cli.main import cli
from sela_workflow.store import open_app

FIXTURE = Path(__file__).parent / "fixtures" / "release_0_1"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text())
TODAY = dt.date.fromisoformat(EXPECTED["today"])


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shutil.copy(FIXTURE / "store.db", tmp_path / "store.db")
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    for var in ("SELA_DATABASE_URL", "SELA_CIPHER_KEY", "SELA_POLICY"):
        monkeypatch.delenv(var, raising=False)
    return f"sqlite:///{tmp_path / 'store.db'}"


def sela(store: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", store, *args])


def corrections(urn: str, state: Any) -> set[str]:
    """The fields of a school's status this release reads differently, by design."""
    allowed: set[str] = set()
    if state.converted_on is not None:  # AO-05: the LA's case, Ofsted episode, SoA end
        allowed |= {"stage", "next_due", "next_step", "next_rule"}
    live = [n for n in state.notices if n.state == "intention_notified"]
    if len(live) < len([n for n in state.notices if n.intention_on]) and live:
        allowed |= {"stage", "eligibility"}  # one route per notice (rulebook §5, §12.4)
    return allowed


def test_status_json_is_what_release_0_1_showed_but_for_the_documented_corrections(
        store: str) -> None:
    result = sela(store, "status", "--json")
    assert result.exit_code == 0, result.output
    shown = {r["urn"]: r for r in json.loads(result.stdout)}
    assert set(shown) == {r["urn"] for r in EXPECTED["status"]}
    app = open_app(store, today=lambda: TODAY)
    try:
        changed = {}
        for old in EXPECTED["status"]:
            new = shown[old["urn"]]
            differs = {k for k in old if old[k] != new.get(k)}
            allowed = corrections(old["urn"], fold(app.history(old["urn"])))
            assert differs <= allowed, (old["urn"], {k: (old[k], new.get(k)) for k in differs})
            if differs:
                changed[old["urn"]] = differs
    finally:
        app.close()
    assert len(changed) <= 25 and len(shown) - len(changed) >= 40  # most read exactly as before
    assert shown["290206"]["eligibility"] == ["S60"]  # WN1 still gives its route
    assert shown["190114"]["stage"] == "RD route (academy)"


def test_the_stored_state_of_every_school_is_unchanged(store: str) -> None:
    app = open_app(store, today=lambda: TODAY)
    try:
        for urn, old in EXPECTED["state"].items():
            state = fold(app.history(urn))
            new = {"urn": state.urn, "name": state.name,
                   "establishment_type": state.establishment_type,
                   "phase": state.details.phase, "category": state.category,
                   "pathway": state.pathway, "statutory_state": state.statutory_state,
                   "open_notices": [n.wn_id for n in state.notices if n.is_live],
                   "officer": state.officer, "last_event": state.last_event,
                   "last_effective_date": state.last_effective_date.isoformat(),
                   "version": state.version}
            assert new == {k: old[k] for k in new}, urn
    finally:
        app.close()


def test_the_release_0_1_store_verifies(store: str) -> None:
    result = sela(store, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert "every hash and chain intact" in result.stdout


def test_it_exports_byte_for_byte_as_release_0_1_did(store: str, tmp_path: Path) -> None:
    out = tmp_path / "again.jsonl"
    result = sela(store, "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    old = (FIXTURE / "export.jsonl").read_text().splitlines()
    new = out.read_text().splitlines()
    assert new[1:] == old[1:]
    header = json.loads(new[0])
    assert {k: v for k, v in header.items() if k != "exported_at"} == \
        {k: v for k, v in json.loads(old[0]).items() if k != "exported_at"}
