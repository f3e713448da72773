"""docs/cli.md's command reference is every command's --help as it is now: regenerate it with
`python -m sela_workflow.cli.reference --write` when a command changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sela_workflow.cli import reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_the_reference_in_docs_cli_md_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert reference.render(text) == text, (
        "docs/cli.md is stale: python -m sela_workflow.cli.reference --write")


def test_the_reference_covers_every_command_and_keeps_the_hand_written_parts() -> None:
    from click.testing import CliRunner

    from sela_workflow.cli.main import COMMANDS, cli

    text = DOC.read_text(encoding="utf-8")
    head, block = text.split(reference.START)
    assert "## Exit codes" in head and "| 70 |" in head  # written by hand, kept
    for name in COMMANDS:
        assert f"### `sela {name}`" in block
    status_help = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["status", "--help"]).stdout
    assert "--columns" in status_help and "--columns" in block


def test_the_check_fails_on_a_stale_copy(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text(DOC.read_text(encoding="utf-8").replace("Usage: sela status", "Usage: x"),
                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sela_workflow.cli.reference", str(stale)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "out of date" in done.stderr
    subprocess.run([sys.executable, "-m", "sela_workflow.cli.reference", "--write", str(stale)],
                   check=True)
    assert stale.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
