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

from sela_workflow.cli.main import cli

from .staff import STAFF_CSV
from .test_cli_steps import Sela, _env, all_commands, subcommand  # noqa: F401


def _names(group: click.Group) -> list[str]:
    with click.Context(group) as ctx:
        return group.list_commands(ctx)


def test_every_code_option_takes_its_vocabulary_from_the_domain() -> None:
    """No vocabulary is copied into the CLI: every code option's choices are a domain enum's."""
    from sela_workflow.aggregates import school_types, vocabulary
    from sela_workflow.cli.common import CodeType

    domain = [v for m in (vocabulary, school_types) for v in vars(m).values()
              if isinstance(v, type)]
    seen = 0
    for path in all_commands(cli):
        command: click.Command = cli
        for name in path:
            command = subcommand(command, name)  # type: ignore[arg-type]
        for param in command.params:
            if isinstance(param.type, CodeType):
                assert param.type.enum in domain, (path, param.name)
                assert set(param.type.codes) <= set(param.type.enum.codes()), (path, param.name)
                seen += 1
            elif isinstance(param.type, click.Choice):
                raise AssertionError(f"{path} {param.name}: a copied vocabulary")
    assert seen > 30


def test_every_activity_has_a_command() -> None:
    from sela_workflow.aggregates.steps.activities import KIND_STEPS
    from sela_workflow.aggregates.steps.registry import step_of

    paths = set(all_commands(cli))
    for command in KIND_STEPS.values():
        assert step_of(command).verb in paths


def test_codes_accept_any_case_and_hyphens_and_show_upper_case() -> None:
    from sela_workflow.aggregates.vocabulary import Comparator, OrderBasis, Outcome
    from sela_workflow.cli.common import CodeType

    outcome = CodeType(Outcome)
    assert outcome.convert("not-complied", None, None) is Outcome.NOT_COMPLIED
    assert outcome.convert(" Complied ", None, None) is Outcome.COMPLIED
    assert CodeType(OrderBasis).convert("s4-1-b", None, None) is OrderBasis.S4_1_B
    assert CodeType(Comparator).convert("Expected", None, None) is Comparator.EXPECTED
    assert CodeType(Comparator).get_metavar(None) == "[EXPECTED|PREVIOUS|COMPARABLE]"  # type: ignore[arg-type]
    with pytest.raises(click.BadParameter, match="'maybe' is not one of COMPLIED, NOT_COMPLIED"):
        outcome.convert("maybe", None, None)


def test_codes_typed_loosely_are_stored_as_the_domain_spells_them(sqlite_url: str) -> None:
    sela = Sela(sqlite_url)
    sela("init")
    sela("people", "load", STAFF_CSV)
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
        command = subcommand(command, name)
    found = _examples(command.help or "")
    assert found, path
    for args in found:
        target: click.Command = cli
        while isinstance(target, click.Group) and args and args[0] in _names(target):
            target, args = subcommand(target, args[0]), args[1:]
        if isinstance(target, click.Group) and not args:
            continue  # an example naming a group, e.g. `sela status` via the root
        with target.make_context(target.name or "", list(args)) as ctx:
            assert ctx.params is not None, (path, args)


def test_help_loads_neither_the_domain_nor_the_database_layer() -> None:
    """`sela --help` imports click alone; a command's help loads its step declarations (the
    domain) but never the database layer, the state machines or the table printer."""
    code = ("import sys, json\n"
            "from sela_workflow.cli.main import cli\n"
            "def run(args):\n"
            "    try:\n"
            "        cli.main(args, standalone_mode=False)\n"
            "    except SystemExit:\n"
            "        pass\n"
            "def loaded(tops):\n"
            "    return sorted(m for m in sys.modules if m.split('.')[0] in tops)\n"
            "run(['--help'])\n"
            "root = loaded(('eventsourcing', 'sqlalchemy', 'transitions', 'tabulate')) + sorted("
            "m for m in sys.modules if m.startswith('sela_workflow.aggregates'))\n"
            "for args in (['notice', 'draft', '--help'], ['power', 'ieb', '--help'],"
            " ['sos', '--help'], ['activity', 'rd-concern', '--help']):\n"
            "    run(args)\n"
            "sub = loaded(('sqlalchemy', 'transitions', 'tabulate', 'eventsourcing_sqlalchemy'))\n"
            "print(json.dumps([root, sub]), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == [[], []]


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
    while isinstance(target, click.Group) and words and words[0] in _names(target):
        target, words = subcommand(target, words[0]), words[1:]
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
