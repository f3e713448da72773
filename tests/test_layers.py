"""Dependencies point inwards: the domain imports no infrastructure, the CLI holds no rules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path.name] = names
    return found


def test_aggregates_import_no_infrastructure() -> None:
    for module, names in imported_modules("aggregates").items():
        tops = {n.split(".")[0] for n in names}
        assert not tops & {"sqlalchemy", "click", "eventsourcing_sqlalchemy", "tabulate"}, module
        assert not any(n.startswith("sela_workflow") for n in names), module


def test_projections_do_not_import_the_cli() -> None:
    for module, names in imported_modules("projections").items():
        assert not any(n.startswith("sela_workflow.cli") for n in names), module
        assert "click" not in {n.split(".")[0] for n in names}, module


def test_cli_holds_no_rules() -> None:
    for path in (ROOT / "cli").rglob("*.py"):
        text = path.read_text()
        assert "RULES[" not in text and "Refused(" not in text, path.name
