"""Every `sela next` hint on every demo school is a command an officer can paste: with its
visible placeholders filled, each one parses and the rules accept it (issue 14: hints you
can paste). Each hint runs on its own copy of the demo store."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sela_workflow import clock
from sela_workflow.cli.main import cli

from .test_hints_property import filled


def sela(url: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args])


def hints(url: str, urn: str) -> list[str]:
    shown = sela(url, "next", urn, "--all", "--json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    found: list[str] = []
    for key in ("overdue", "expected", "possible"):
        for item in data.get(key, []):
            command = item.get("command") if isinstance(item, dict) else item
            if command and command not in found:
                found.append(command)
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    done = sela(f"sqlite:///{path}", "demo", "--actor", "admin")
    assert done.exit_code == 0, done.output
    return path


def test_every_next_hint_on_every_demo_school_is_accepted(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")  # the demo's adviser (sela_workflow/demo.py)
    url = f"sqlite:///{demo}"
    schools = [r["urn"] for r in json.loads(sela(url, "status", "--json").stdout)]
    assert len(schools) == 14
    tried = 0
    for urn in schools:
        for line in hints(url, urn):
            words = filled(shlex.split(line), clock.today())
            copy = tmp_path / f"try-{tried}.db"
            shutil.copyfile(demo, copy)
            result = sela(f"sqlite:///{copy}", *words[1:])
            assert result.exit_code == 0, f"{urn}: {line}\n  ran: {shlex.join(words)}\n" \
                                          f"  -> {result.output}"
            copy.unlink()
            tried += 1
    assert tried >= 30  # the demo schools offer several steps each
