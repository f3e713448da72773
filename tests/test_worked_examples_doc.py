"""Runs every command of docs/worked-examples.md, each example on its own fresh store."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from sela_workflow.cli.main import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "worked-examples.md"


def setup() -> list[str]:
    """The people every example's store starts with (the block above the first example)."""
    intro = re.split(r"^## ", DOC.read_text(), flags=re.M)[0]
    block = re.search(r"```bash\n(.*?)```", intro, re.S)
    assert block
    return [line for line in block.group(1).splitlines()
            if line.startswith("sela ") and not line.startswith("sela init")]


def examples() -> list[tuple[str, list[str]]]:
    found = []
    for section in re.split(r"^## ", DOC.read_text(), flags=re.M)[1:]:
        title = section.splitlines()[0]
        block = re.search(r"```bash\n(.*?)```", section, re.S)
        assert block, title
        found.append((title.split(":")[0], [line for line in block.group(1).splitlines()
                                            if line.startswith("sela ")]))
    return found


@pytest.mark.parametrize("title, lines", examples(), ids=[t for t, _ in examples()])
def test_worked_example(title: str, lines: list[str], tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")
    monkeypatch.delenv("SELA_ROLE", raising=False)
    url = f"sqlite:///{tmp_path / 'sela.db'}"
    assert CliRunner().invoke(cli, ["--db", url, "init"]).exit_code == 0
    for line in setup():
        done = CliRunner().invoke(cli, ["--db", url, *shlex.split(line)[1:]])
        assert done.exit_code == 0, f"{line}\n{done.output}"
    for line in lines:
        command, _, note = line.partition("#")
        args = shlex.split(command)[1:]
        result = CliRunner().invoke(cli, ["--db", url, *args])
        refused = re.match(r"\s*refused: (\S+)", note)
        if refused:
            assert result.exit_code == 1, f"{line}\n{result.output}"
            assert f"({refused.group(1)}, " in result.stderr, f"{line}\n{result.stderr}"
        else:
            assert result.exit_code == 0, f"{line}\n{result.output}"
    if title == "Example 6":
        assert "2026-04-14" in CliRunner().invoke(
            cli, ["--db", url, "next", "190130", "--all"]).stdout
    if title == "Example 7":  # the back-fill refusal names the later step and the remedy
        again = CliRunner().invoke(cli, ["--db", url, "ofsted", "removed", "190140", "--on",
                                         "2025-12-01"])
        assert "version 8 (AdditionalGovernorsAppointed, 2026-01-12) would then be refused" \
            in again.stderr
        assert "sela record withdraw 190140 --version 8" in again.stderr
        on_30_nov = CliRunner().invoke(cli, ["--db", url, "status", "190140", "--effective-on",
                                             "2025-11-30", "--json"])
        assert '"S62"' in on_30_nov.stdout

