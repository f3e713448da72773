"""Every step `sela next` offers is a complete command: click parses it as printed, and run as
printed (with example values where it shows a placeholder for what only the officer knows)
it is recorded, not refused. Checked over random walks through reachable states, with the
clock moving between steps so that timers (compliance periods, reasonable notice, reviews)
open and close."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import tempfile
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sela_workflow import clock
from sela_workflow.aggregates.steps import by_verb, fields_of
from sela_workflow.aggregates.steps.command import FieldInfo, example_value
from sela_workflow.cli.main import cli
from sela_workflow.hints import placeholder

from .staff import STAFF_CSV

START = dt.date(2024, 9, 2)
SCHOOLS = [
    ("community", "primary", None),
    ("voluntary-aided", "secondary", "rc"),
    ("foundation", "primary", None),
    ("pru", "not-applicable", None),
    ("academy-converter", "secondary", None),
]
# Reachable starting points deeper in the statutory process, as an officer records them; the
# walk continues from a prefix of one (community schools, where every step applies).
CASES = {
    "warning notice": [
        "assess 100834 --category D --rationale r --on 2024-09-02",
        "communicate 100834 --to HT --to CHAIR --on 2024-09-03",
        "notice draft 100834 --ground LOW_STANDARDS --comparator expected --matters m "
        "--action a --compliance-end 2024-10-31 --minded IEB --on 2024-09-04",
        "notice approve 100834 WN1 --approved-by d.okafor --on 2024-09-04",
        "notice issue 100834 WN1 --copied-to HMCI --copied-to SOS_RD --copied-to HEADTEACHER "
        "--on 2024-09-05",
        "notice assess 100834 WN1 --outcome not-complied --on 2024-11-01",
        "notice intend 100834 WN1 --power S64 --power S65 --power S66 --on 2024-11-04",
    ],
    "ofsted category": [
        "assess 100834 --category D --rationale r --on 2024-09-02",
        "communicate 100834 --to HT --to CHAIR --on 2024-09-03",
        "ofsted record 100834 --inspected 2024-09-10 --category SM --on 2024-09-20",
        "ofsted notify 100834 --category SM --on 2024-09-23",
    ],
}


def command_path(words: list[str]) -> tuple[click.Command, list[str], list[str]]:
    """The click command a line names, the verb words and the rest, as click resolves them."""
    group: click.Command = cli
    verb: list[str] = []
    rest = words[1:]  # after "sela"
    while isinstance(group, click.Group):
        ctx = click.Context(group, info_name=" ".join(["sela", *verb]))
        name, sub, rest = group.resolve_command(ctx, rest)
        assert sub is not None and name is not None, words
        verb.append(name)
        group = sub
    return group, verb, rest


def parses(words: list[str]) -> None:
    """click accepts the line: every option known, every value of the right type."""
    command, verb, rest = command_path(words)
    ctx = command.make_context(" ".join(["sela", *verb]), list(rest))
    ctx.close()


def complete(words: list[str]) -> None:
    """The line as printed names a known command, only its options, and every required one
    (a placeholder stands where the officer fills in a value)."""
    command, _, rest = command_path(words)
    known = {flag for p in command.params for flag in (*p.opts, *p.secondary_opts)}
    flags = {w.split("=")[0] for w in rest if w.startswith("--")}
    assert flags <= known, (words, flags - known)
    for p in command.params:
        if p.required and isinstance(p, click.Option):
            assert set(p.opts) & flags, (words, p.opts)


def filled(words: list[str], today: dt.date, choose: Any = None) -> list[str]:
    """The line with each placeholder replaced by an example value of its field (or, for a
    code, by ``choose(members)`` when given: the officer's choice, to explore further)."""
    _, verb, rest = command_path(words)
    step = by_verb(*verb)
    assert step is not None, verb
    infos = fields_of(step.command)
    by_flag = {f: i for i in infos for f in i.param.flags}
    positional = [i for i in infos if i.param.argument]
    out = ["sela", *verb]
    seen: dict[str, int] = {}
    for n, word in enumerate(rest):
        if not (word.startswith("<") and word.endswith(">")):
            out.append(word)
            continue
        flag = rest[n - 1] if n else None
        if flag == "--reason":
            out.append("example reason")
            continue
        info: FieldInfo | None = by_flag.get(flag or "")
        if info is None:  # a positional placeholder, or a boolean shown as <--a|--b>
            info = next((i for i in positional if placeholder(i) == word), None)
        if info is None and "|" in word:
            out.append(word.strip("<>").split("|")[0])
            continue
        assert info is not None, (words, word)
        count = seen.get(info.name, 0)
        seen[info.name] = count + 1
        value = example_value(info, today, count)
        members = list(info.item_type.__members__.values()) if hasattr(
            info.item_type, "__members__") else []
        if choose is not None and members and word == placeholder(info):
            value = choose(members)
        if isinstance(value, tuple):
            value = value[0]
        out.append(value.name if hasattr(value, "name") else
                   value.isoformat() if isinstance(value, dt.date) else str(value))
    return out


def verb_of(line: str) -> tuple[str, ...]:
    return tuple(command_path(shlex.split(line))[1])


def events(db: str) -> int:
    from sela_workflow.application import count_events
    from sela_workflow.store import open_app

    app = open_app(db)
    try:
        return count_events(app)
    finally:
        app.close()


def offered(db: str, urn: str) -> list[str]:
    shown = CliRunner().invoke(cli, ["--db", db, "next", urn, "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    items = data["overdue"] + data["expected"]
    return sorted({*data["possible"], *(i["command"] for i in items if i["command"])})


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_offered_step_parses_and_is_accepted(data: st.DataObject,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    today = START
    monkeypatch.setattr(clock, "today", lambda: today)
    monkeypatch.setenv("SELA_ACTOR", "a.mensah")
    monkeypatch.setenv("SELA_ROLE", "LA_ADVISER")
    kind, phase, religion = data.draw(st.sampled_from(SCHOOLS), label="school")
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'walk.db'}"
        runner = CliRunner()
        assert runner.invoke(cli, ["--db", db, "init"]).exit_code == 0
        assert runner.invoke(cli, ["--db", db, "people", "load", STAFF_CSV]).exit_code == 0
        register = ["school", "register", "100834", "--name", "Walk School", "--type", kind,
                    "--phase", phase, "--on", START.isoformat()]
        if religion:
            register += ["--religious-character", religion, "--diocese", "Southwark"]
        if kind.startswith("academy"):
            register += ["--trust", "Walk Trust"]
        done = runner.invoke(cli, ["--db", db, *register])
        assert done.exit_code == 0, done.output
        case = data.draw(st.sampled_from(["", *CASES]), label="case") if kind == "community" \
            else ""
        prefix = CASES.get(case, [])
        for line in prefix[:data.draw(st.integers(0, len(prefix)), label="prefix")]:
            today = max(today, dt.date.fromisoformat(line.split("--on ")[1]))
            done = runner.invoke(cli, ["--db", db, *shlex.split(line)])
            assert done.exit_code == 0, f"{line}\n-> {done.output}"
        taken: set[tuple[str, ...]] = set()
        for _ in range(data.draw(st.integers(6, 30), label="steps")):
            lines = offered(db, "100834")
            for line in lines:
                complete(shlex.split(line))
                parses(filled(shlex.split(line), today))
            if not lines:
                break
            novel = [ln for ln in lines if verb_of(ln) not in taken]  # reach deeper states
            pool = novel if novel and data.draw(st.integers(0, 3), label="novel") else lines
            line = data.draw(st.sampled_from(pool), label="step")
            taken.add(verb_of(line))
            if data.draw(st.booleans(), label="as the example shows"):
                words = filled(shlex.split(line), today)
                result = runner.invoke(cli, ["--db", db, *words[1:]])
                assert result.exit_code == 0, f"{line}\n-> {result.output}"
            else:  # the officer's own choice of codes: may be refused, never half-written
                words = filled(shlex.split(line), today, lambda m: data.draw(st.sampled_from(m)))
                before = events(db)
                result = runner.invoke(cli, ["--db", db, *words[1:]])
                assert result.exit_code in (0, 1, 2), f"{line}\n-> {result.output}"
                if result.exit_code:
                    assert len(result.output.strip().splitlines()) <= 2, result.output
                    assert events(db) == before
            gap = data.draw(st.sampled_from([0, 1, 7, 21, 45]), label="days")
            today = today + dt.timedelta(days=gap)
