"""Command-line tools (``flask --app wsgi ...``): thin wrappers over services."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from ptplan.extensions import db


def register_commands(app: Flask) -> None:
    from ptplan.caseload import cli as caseload_cli
    from ptplan.documents import cli as documents_cli
    from ptplan.plans import cli as plans_cli

    own = (create_user, seed_demo, backup, audit_verify, ensure_demo)
    for command in (*own, *documents_cli.COMMANDS, *caseload_cli.COMMANDS, *plans_cli.COMMANDS):
        app.cli.add_command(command)


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
    from ptplan.db import DomainError

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
    from ptplan.demo import DEMO_USERS

    click.echo(f"Demo log-ins (password for all: {password}):")
    for email, name, _, role in DEMO_USERS:
        click.echo(f"  {role:<10} {email:<32} {name}")


@click.command("seed-demo")
@with_appcontext
@click.option("--password", default=None, help="Password for the demo users (15+ characters).")
def seed_demo(password):
    """Load the demo clinic, users and patients. Safe to run twice."""
    from ptplan.db import DomainError
    from ptplan.demo import DEMO_PASSWORD
    from ptplan.demo import seed_demo as seed

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
    from ptplan.demo import DEMO_PASSWORD
    from ptplan.demo import seed_demo as seed

    if db.session.scalar(select(func.count(User.id))):
        click.echo("Database already has users; demo data not loaded.")
        _print_logins(DEMO_PASSWORD)
        return
    seed(DEMO_PASSWORD)
    click.echo("First run: demo clinic loaded.")
    _print_logins(DEMO_PASSWORD)


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path):
    """Online backup while the app runs: SQLite backup API, or pg_dump -Fc (REL-01)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    path.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source_path = url.database
        if not source_path or source_path == ":memory:":
            raise click.ClickException("An in-memory database cannot be backed up.")
        source = sqlite3.connect(source_path)
        target = sqlite3.connect(str(path))
        try:
            with click.progressbar(length=100, label="Backing up", file=sys.stderr) as bar:

                def progress(status, remaining, total):
                    done = 100 if not total else int(100 * (total - remaining) / total)
                    bar.update(done - bar.pos)

                source.backup(target, pages=256, progress=progress)
            check = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
            source.close()
        if check != "ok":
            raise click.ClickException(f"The backup failed its integrity check: {check}")
        click.echo(f"Backup written to {path} (integrity ok).")
        return
    env = {"PGPASSWORD": url.password or ""}
    command = [
        "pg_dump",
        "-Fc",
        "-f",
        str(path),
        "-h",
        url.host or "localhost",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        url.database or "",
    ]
    click.echo("Running pg_dump -Fc (a consistent snapshot; the app keeps running)...", err=True)
    result = subprocess.run(command, env={**__import__("os").environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        raise click.ClickException("pg_dump failed: " + result.stderr.strip()[:500])
    click.echo(f"Backup written to {path}.")


@click.command("audit-verify")
@with_appcontext
def audit_verify():
    """Check the audit hash chain; report the first altered, removed or inserted row (AUD-05)."""
    from ptplan.audit.services import verify_chain

    if not inspect(db.engine).has_table("audit_event"):
        raise click.ClickException("No audit table: run the migrations first.")
    checked, problem = verify_chain()
    if problem is None:
        click.echo(f"Audit chain intact: {checked} rows verified.")
        return
    click.echo(
        f"Audit chain BROKEN at row id {problem.row_id}: {problem.problem}. {checked} rows before it verified.",
        err=True,
    )
    sys.exit(1)
