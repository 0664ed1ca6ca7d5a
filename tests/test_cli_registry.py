"""The command registry: every command is still registered now that command modules load lazily.

Commands stay listed, runnable and documented (``--help``) whether their module was imported at
start-up or on first lookup; a command module and ``ptplan.cli.LAZY_COMMANDS`` cannot drift apart
silently.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ptplan.cli import LAZY_COMMANDS, LazyCommandGroup

ROOT = Path(__file__).resolve().parent.parent

# The full set, written out: a command that disappears from the registry fails here.
APP_COMMANDS = {
    "audit-verify",
    "backup",
    "backup-key",
    "create-api-token",
    "create-user",
    "db",
    "ensure-demo",
    "export-fhir",
    "export-plan",
    "generate-data",
    "import-patients",
    "library-report",
    "library-sheet",
    "mrn-conflicts",
    "rebuild-caseload-summary",
    "restore",
    "seed-demo",
    "update-library",
}
FLASK_COMMANDS = {"routes", "run", "shell"}  # Flask's own, always there
HIDDEN = {"ensure-demo"}  # used by `make run`, not listed in --help
DB_COMMANDS = {"upgrade", "downgrade", "current", "history", "heads", "migrate", "revision", "stamp"}


def test_the_app_registers_every_command(app):
    with click.Context(app.cli) as ctx:
        assert set(app.cli.list_commands(ctx)) == APP_COMMANDS
        assert all(app.cli.get_command(ctx, name) is not None for name in APP_COMMANDS)
        assert app.cli.get_command(ctx, "no-such-command") is None


@pytest.mark.parametrize("name", sorted(APP_COMMANDS))
def test_every_command_answers_help(runner, name):
    result = runner.invoke(args=[name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: {runner.app.cli.name} {name} [OPTIONS]" in result.output
    assert "Show this message and exit." in result.output


def test_the_db_group_keeps_flask_migrates_commands(runner):
    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()}
    assert listed >= DB_COMMANDS


@pytest.mark.parametrize("module_name", sorted(LAZY_COMMANDS))
def test_each_command_module_defines_exactly_the_commands_listed_for_it(module_name):
    module = importlib.import_module(module_name)
    assert {command.name for command in module.COMMANDS} == set(LAZY_COMMANDS[module_name])


def test_no_command_name_is_listed_twice():
    names = [name for module_names in LAZY_COMMANDS.values() for name in module_names]
    assert len(names) == len(set(names))
    assert not set(names) & {"create-user", "seed-demo", "audit-verify", "ensure-demo", "db"}


def test_a_listing_that_disagrees_with_its_module_names_the_fix():
    group = LazyCommandGroup(
        name="ptplan", modules={"ptplan.patients.cli": ("mrn-conflicts", "ghost-command")}
    )
    with click.Context(group) as ctx:
        assert "ghost-command" in group.list_commands(ctx)
        with pytest.raises(click.ClickException, match="update LAZY_COMMANDS"):
            group.get_command(ctx, "ghost-command")


def test_a_command_module_is_imported_on_first_lookup_only(app):
    """A fresh group has imported nothing; looking one command up loads its module's commands."""
    group = LazyCommandGroup(name="ptplan", modules=LAZY_COMMANDS)
    with click.Context(group) as ctx:
        assert group.commands == {}
        command = group.get_command(ctx, "restore")
        assert command is importlib.import_module("ptplan.backups.cli").restore
        assert set(group.commands) == {"backup", "restore", "backup-key"}


def _flask(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_flask_help_lists_every_command_from_a_real_process(tmp_path):
    result = _flask(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == (APP_COMMANDS | FLASK_COMMANDS) - HIDDEN
    assert "Error" not in result.stderr


def test_a_lazily_loaded_command_answers_help_from_a_real_process(tmp_path):
    result = _flask(tmp_path, "export-plan", "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: python -m flask export-plan" in result.stdout and "--mrn" in result.stdout
