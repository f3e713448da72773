"""The README's examples work as written: its officer, auditor and director commands run in
order on one fresh store, and the refusal it quotes is the one `sela` prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from sela_workflow.cli.main import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_lines(start: str, end: str) -> list[str]:
    """The `sela` lines of the bash blocks between two headings (continuations joined,
    comments and redirections dropped)."""
    text = README.read_text()
    part = text[text.index(start):text.index(end)]
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", part, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("#")[0].split(">")[0].strip()
            if line.startswith("sela ") and not line.startswith("sela init"):
                lines.append(line)
    return lines


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")
    monkeypatch.delenv("SELA_ROLE", raising=False)
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'sela.db'}"
    assert CliRunner().invoke(cli, ["--db", url, "init"]).exit_code == 0
    return url


@pytest.fixture
def staffed(db: str) -> str:
    from .staff import STAFF_CSV

    assert CliRunner().invoke(cli, ["--db", db, "people", "load", STAFF_CSV]).exit_code == 0
    return db


def test_the_readme_sequence_runs_in_order(db: str) -> None:
    lines = readme_lines("## Officers", "## Documentation")
    assert len(lines) >= 15, lines
    for line in lines:
        result = CliRunner().invoke(cli, ["--db", db, *shlex.split(line)[1:]])
        if "--as-of" in line:  # asks the recorded clock, which here is today: nothing yet
            assert result.exit_code == 1 and "had been recorded by the end of" in \
                result.stderr, result.output  # (tests/test_audit.py sets that clock)
            continue
        assert result.exit_code == 0, f"{line}\n{result.output}"


def test_the_refusal_the_readme_quotes_is_what_sela_prints(staffed: str) -> None:
    db = staffed
    quoted = re.search(r"^Error: IEB.*$", README.read_text(), re.M)
    assert quoted is not None
    for line in ("school register 100834 --name Bankside --type community --phase primary "
                 "--on 2024-09-02",
                 "assess 100834 --category D --rationale r --on 2025-09-19",
                 "communicate 100834 --to HT --to CHAIR --on 2025-09-26",
                 "ofsted notify 100834 --category SM --on 2025-10-06",
                 "power consult 100834 --for S65 --consultee GB --on 2025-10-10",
                 "power ieb-request-consent 100834 --on 2025-10-20"):
        assert CliRunner().invoke(cli, ["--db", db, *shlex.split(line)]).exit_code == 0, line
    refused = CliRunner().invoke(cli, ["--db", db, "power", "ieb", "100834", "--from",
                                       "2025-11-03", "--member", "A=I1", "--member", "B=I2",
                                       "--on", "2025-10-21"])
    assert refused.exit_code == 1
    assert refused.stderr.strip() == quoted.group(0)
