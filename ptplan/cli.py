"""Command-line tools (``flask --app wsgi ...``): thin wrappers over services.

Every command is registered at start-up, but a domain's command module is imported only when one
of its commands is looked up: when it runs, when its ``--help`` is asked for, or when
``flask --help`` lists every command with its summary. Start-up, which every command and every
web worker pays, then skips the command modules and what only they import (tqdm, the FHIR bulk
writer, the backup code). This is click's "lazily loading subcommands" pattern.
"""

from __future__ import annotations

import importlib
import sys

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, inspect, select

from ptplan.extensions import db

# The commands of each domain's ``cli`` module (its ``COMMANDS``), by name, so that they can be
# listed without importing the module. tests/test_cli_registry.py checks that each module's
# COMMANDS match these names, so a command added to a module and not here fails a test.
LAZY_COMMANDS: dict[str, tuple[str, ...]] = {
    "ptplan.backups.cli": ("backup", "restore", "backup-key"),
    "ptplan.caseload.cli": ("rebuild-caseload-summary",),
    "ptplan.demo.cli": ("generate-data",),
    "ptplan.documents.cli": ("export-plan",),
    "ptplan.fhir.cli": ("export-fhir", "create-api-token"),
    "ptplan.interop.cli": ("import-patients",),
    "ptplan.patients.cli": ("mrn-conflicts",),
    "ptplan.plans.cli": ("library-report", "library-sheet", "update-library"),
}


class LazyCommandGroup(AppGroup):
    """``app.cli``: Flask's command group, plus commands whose module is imported on first lookup."""

    def __init__(self, name: str, modules: dict[str, tuple[str, ...]]) -> None:
        super().__init__(name=name)
        self.lazy_modules = {command: module for module, names in modules.items() for command in names}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_modules})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_modules:
            self._load(self.lazy_modules[cmd_name])
        return super().get_command(ctx, cmd_name)

    def _load(self, module_name: str) -> None:
        """Import a command module and add all of its commands (each module is imported once)."""
        commands = {command.name: command for command in importlib.import_module(module_name).COMMANDS}
        expected = {name for name, module in self.lazy_modules.items() if module == module_name}
        if set(commands) != expected:
            raise click.ClickException(
                f"{module_name} defines the commands {sorted(commands)}, but ptplan.cli.LAZY_COMMANDS "
                f"lists {sorted(expected)} for it: update LAZY_COMMANDS."
            )
        for command in commands.values():
            self.add_command(command)


def register_commands(app: Flask) -> None:
    """Replace ``app.cli`` by the lazy group, keeping what extensions and blueprints added to it."""
    group = LazyCommandGroup(name=app.cli.name, modules=LAZY_COMMANDS)
    for command in app.cli.commands.values():  # the ``db`` group of ptplan.migrating
        group.add_command(command)
    for command in (create_user, seed_demo, audit_verify, ensure_demo):
        group.add_command(command)
    app.cli = group


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice(["therapist", "manager", "admin"]), required=True)
@click.option("--clinic", "clinic_name", required=True, help="Clinic name; created if new.")
@click.option("--credentials", default="")
@click.option("--timezone", default="UTC", help="Time zone for a new clinic.")
@click.password_option()
def create_user(email, full_name, role, clinic_name, credentials, timezone, password):
    """Create a user (and the clinic if it does not exist)."""
    from ptplan.auth.services import create_user as create
    from ptplan.clinics.models import Clinic
    from ptplan.exceptions import DomainError

    clinic = db.session.scalar(select(Clinic).where(Clinic.name == clinic_name))
    if clinic is None:
        clinic = Clinic(name=clinic_name, timezone=timezone)
        db.session.add(clinic)
        db.session.flush()
    try:
        user = create(
            clinic_id=clinic.id,
            email=email,
            full_name=full_name,
            role=role,
            password=password,
            credentials=credentials,
        )
    except DomainError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in {clinic.name}.")


def _print_logins(password: str) -> None:
    from ptplan.demo.clinic import DEMO_USERS

    click.echo(f"Demo log-ins (password for all: {password}):")
    for email, name, _, role in DEMO_USERS:
        click.echo(f"  {role:<10} {email:<32} {name}")


@click.command("seed-demo")
@with_appcontext
@click.option("--password", default=None, help="Password for the demo users (15+ characters).")
def seed_demo(password):
    """Load the demo clinic, users and patients. Safe to run twice."""
    from ptplan.demo.clinic import DEMO_PASSWORD
    from ptplan.demo.clinic import seed_demo as seed
    from ptplan.exceptions import DomainError

    password = password or DEMO_PASSWORD
    try:
        demo = seed(password)
    except DomainError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    click.echo(f"Demo clinic ready: {demo.clinic.name}, {len(demo.patients)} patients.")
    _print_logins(password)


@click.command("ensure-demo", hidden=True)
@with_appcontext
def ensure_demo():
    """Used by `make run`: load the demo clinic only when the database has no users."""
    from ptplan.auth.models import User
    from ptplan.demo.clinic import DEMO_PASSWORD
    from ptplan.demo.clinic import seed_demo as seed

    if db.session.scalar(select(func.count(User.id))):
        click.echo("Database already has users; demo data not loaded.")
        _print_logins(DEMO_PASSWORD)
        return
    seed(DEMO_PASSWORD)
    click.echo("First run: demo clinic loaded.")
    _print_logins(DEMO_PASSWORD)


@click.command("audit-verify")
@click.option("--batch-size", default=5000, show_default=True, help="rows read per query")
@with_appcontext
def audit_verify(batch_size):
    """Check every clinic's audit chain and the legacy trail; list every break (AUD-05).

    Exits 1 if there is any break. Legacy forks (rows written before per-clinic chains) are
    listed but are not breaks: the anchor commits to the legacy trail as it stands.
    """
    from ptplan.audit.services import verify_chain

    if not inspect(db.engine).has_table("audit_event"):
        raise click.ClickException("No audit table: run the migrations first.")
    report = verify_chain(batch_size=batch_size)
    for fork in report.legacy_forks:
        click.echo(f"legacy fork: {fork.describe()}")
    for problem in report.breaks:
        click.echo(f"BREAK {problem.describe()}", err=True)
    if report.ok:
        click.echo(
            f"Audit chain intact: {report.checked} rows verified in {report.chains} chains"
            + (f"; {len(report.legacy_forks)} legacy forks listed above." if report.legacy_forks else ".")
        )
        return
    click.echo(
        f"Audit chain BROKEN: {len(report.breaks)} breaks in {report.checked} rows (listed above).", err=True
    )
    sys.exit(1)
