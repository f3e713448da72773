"""Dependencies point inwards (cli -> application -> read side -> domain), checked by
import-linter against the contracts in pyproject.toml; the CLI holds no rules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def installed_layout(target: Path) -> Path:
    """The package as it installs (pyproject's package-dir mapping), copied under ``target``:
    import-linter walks one directory tree, and the source tree maps three folders into it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    for package, folder in sorted(config["package-dir"].items()):
        shutil.copytree(ROOT / folder, target / package.replace(".", "/"),
                        ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    return target


def test_the_import_contracts_hold(tmp_path: Path) -> None:
    """The layers, the domain's and the read side's forbidden imports, and no cycles between
    sibling modules, as pyproject's [tool.importlinter] contracts declare them."""
    site = installed_layout(tmp_path / "site")
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_a_forbidden_import_breaks_the_contracts(tmp_path: Path) -> None:
    """The contracts can fail: the domain importing the application is caught."""
    site = installed_layout(tmp_path / "site")
    fold = site / "sela_workflow/aggregates/fold.py"
    fold.write_text(fold.read_text() + "\nfrom sela_workflow import application  # noqa\n")
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "The domain imports no infrastructure and no outer layer BROKEN" in done.stdout


def test_cli_holds_no_rules() -> None:
    for path in (ROOT / "cli").rglob("*.py"):
        text = path.read_text()
        assert "RULES[" not in text and "Refused(" not in text, path.name


def test_modules_stay_small() -> None:
    """Every module of the four packages holds at most 400 lines: one thing each, named for
    it (docs/architecture.md)."""
    long = {str(p.relative_to(ROOT)): n for folder in ("aggregates", "sela_workflow",
                                                          "projections", "cli")
            for p in (ROOT / folder).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
