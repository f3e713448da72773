"""The CLI's vocabularies match the domain's, officers may type codes in any case (and '-' for
'_'), every help example parses, and `--help` never loads the domain or the database layer."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sela_workflow.aggregates import school as school_module
from sela_workflow.aggregates import vocabulary as v
from sela_workflow.cli import powers, steps
from sela_workflow.cli.common import Vocab
from sela_workflow.cli.main import cli

from .test_cli_steps import Sela, _env, all_commands  # noqa: F401


def test_cli_vocabularies_are_the_domains() -> None:
    assert steps.CATEGORISATION_RECIPIENTS == v.CATEGORISATION_RECIPIENTS
    assert steps.DCP_FORMS == v.DCP_FORMS and steps.DCP_PURPOSES == v.DCP_PURPOSES
    assert steps.DIRECTOR_ROLES == v.DIRECTOR_ROLES and steps.MEETING_KINDS == v.MEETING_KINDS
    assert steps.RD_CONCERNS == v.RD_CONCERNS
    assert tuple(v.CATEGORIES) == steps.CATEGORIES
    assert steps.NOTICE_TYPES == v.NOTICE_TYPES
    assert steps.S60_GROUNDS == v.S60_GROUNDS and steps.S60A_GROUNDS == v.S60A_GROUNDS
    assert steps.S60_COMPARATORS == v.S60_COMPARATORS
    assert steps.COPY_RECIPIENTS == v.COPY_RECIPIENTS
    assert steps.COMPLIANCE_OUTCOMES == v.COMPLIANCE_OUTCOMES
    assert steps.POWERS == v.POWERS
    assert powers.LA_POWERS == v.LA_POWERS and powers.CONSULTEES == v.CONSULTEES
    assert powers.IEB_COPY_RECIPIENTS == v.IEB_COPY_RECIPIENTS
    assert powers.S63_REQUIREMENTS == v.S63_REQUIREMENTS
    assert powers.BUDGET_BASES == v.BUDGET_BASES and powers.SOS_POWERS == v.SOS_POWERS
    assert powers.AO_BASES == v.AO_BASES
    assert powers.OFSTED_CATEGORIES == v.OFSTED_CATEGORIES
    assert powers.SAFEGUARDING == v.SAFEGUARDING
    assert tuple(t for t, kind in v.ESTABLISHMENT_TYPES.items()
                                         if kind.academy) == powers.ACADEMY_TYPES


def test_every_activity_kind_has_a_command() -> None:
    kinds = {"DCP": ("contact", "record"), "DIRECTOR_INFORMED": ("activity", "director-informed"),
             "ACTION_PLAN": ("activity", "action-plan"),
             "TEAM_AROUND_SCHOOL": ("activity", "team-meeting"),
             "PROGRESS_MEETING": ("activity", "progress-meeting"),
             "QOE_REVIEW": ("activity", "qoe-review"),
             "JOINT_EVALUATION": ("activity", "joint-evaluation"),
             "FEDERATION_MAT_BROKERED": ("activity", "brokered"),
             "CONCERN_RAISED_WITH_RD": ("activity", "rd-concern")}
    assert set(kinds) == set(school_module.ACTIVITY_KINDS)
    assert set(kinds.values()) <= set(all_commands(cli))


def test_vocab_accepts_any_case_and_hyphens_and_gives_the_code() -> None:
    vocab = Vocab("NOT_COMPLIED", "COMPLIED")
    assert vocab.convert("not-complied", None, None) == "NOT_COMPLIED"
    assert vocab.convert(" Complied ", None, None) == "COMPLIED"
    assert Vocab("S4_A1", "S4_1_B").convert("s4-1-b", None, None) == "S4_1_B"
    assert Vocab("standards").convert("STANDARDS", None, None) == "standards"
    with pytest.raises(click.BadParameter, match="'maybe' is not one of NOT_COMPLIED, COMPLIED"):
        vocab.convert("maybe", None, None)


def test_codes_typed_loosely_are_stored_as_the_domain_spells_them(sqlite_url: str) -> None:
    sela = Sela(sqlite_url)
    sela("init")
    sela("school", "register", "190111", "--name", "Elephant Park Academy", "--type",
         "academy-sponsor-led", "--phase", "primary", "--trust", "South Bank Schools Trust",
         "--on", "2024-09-02")
    sela("assess", "190111", "--category", "d", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", "190111", "--to", "ht", "--to", "Chair", "--to", "trust-chair",
         "--on", "2025-09-26")
    sela("activity", "rd-concern", "190111", "--about", "Standards", "--about", "GOVERNANCE",
         "--on", "2025-09-29")
    history = sela.history("190111")
    assert history[-2]["data"]["recipients"] == ["CHAIR", "HT", "TRUST_CHAIR"]
    assert history[-1]["data"]["details"] == {"concerns": ["standards", "governance"]}


def _examples(help_text: str) -> list[list[str]]:
    """The sela command lines of a help text's Example block (continuations joined, pipes,
    redirections and `&&` chains cut), without the leading `sela`."""
    text = help_text.split("Example:", 1)[1].replace("\\\n", " ")
    lines = re.findall(r"\$\((sela [^)]*)\)", text)
    lines += [line.strip() for line in text.splitlines() if line.strip().startswith("sela ")]
    commands = []
    for line in lines:
        for part in line.split("&&"):
            words = shlex.split(re.split(r"[|>]", part)[0])
            if words[:1] == ["sela"]:
                commands.append(words[1:])
    return commands


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_help_example_parses(path: tuple[str, ...]) -> None:
    """Each example names a real command, real options and values in the vocabulary."""
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    found = _examples(command.help or "")
    assert found, path
    for args in found:
        target: click.Command = cli
        while isinstance(target, click.Group) and args and args[0] in target.commands:
            target, args = target.commands[args[0]], args[1:]
        if isinstance(target, click.Group) and not args:
            continue  # an example naming a group, e.g. `sela status` via the root
        with target.make_context(target.name or "", list(args)) as ctx:
            assert ctx.params is not None, (path, args)


def test_help_loads_neither_the_domain_nor_the_database_layer() -> None:
    code = ("import sys\n"
            "from sela_workflow.cli.main import cli\n"
            "for args in (['--help'], ['notice', 'draft', '--help'], ['power', 'ieb', '--help'],"
            " ['sos', '--help'], ['activity', 'rd-concern', '--help']):\n"
            "    try:\n"
            "        cli.main(args, standalone_mode=False)\n"
            "    except SystemExit:\n"
            "        pass\n"
            "import json\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('eventsourcing', 'sqlalchemy', 'transitions', 'tabulate') or "
            "m.startswith('sela_workflow.aggregates'))), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_help_lists_the_codes_as_the_domain_spells_them() -> None:
    out = CliRunner().invoke(cli, ["notice", "issue", "--help"], terminal_width=200).output
    assert "[HMCI|SOS_RD|DIOCESE|FOUNDATION_APPOINTER|HEADTEACHER]" in out
    out = CliRunner().invoke(cli, ["power", "consult", "--help"], terminal_width=200).output
    assert "--override" not in out  # only where a HARD-LOCAL rule can refuse
    for path in (["assess"], ["communicate"], ["notice", "approve"], ["notice", "issue"]):
        out = CliRunner().invoke(cli, [*path, "--help"]).output
        assert "--override JUSTIFICATION" in out, path


DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    target: click.Command = cli
    while isinstance(target, click.Group) and words and words[0] in target.commands:
        target, words = target.commands[words[0]], words[1:]
    return target, words


def test_every_command_named_in_the_docs_exists() -> None:
    named = re.findall(r"`sela ([a-z][a-z-]*(?: [a-z][a-z-]*)?)", DOC.read_text())
    assert len(named) > 60
    for words in named:
        target, rest = _resolve(words.split())
        assert target is not cli, words
        assert not rest or not isinstance(target, click.Group), words


def test_every_example_in_the_docs_parses() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", DOC.read_text(), re.S)
    lines = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()
             if line.startswith("sela ")]
    assert lines
    for line in lines:
        target, args = _resolve(shlex.split(line)[1:])
        with target.make_context(target.name or "", args) as ctx:
            assert ctx.params is not None, line
