"""``flask --app wsgi import-patients FILE --clinic NAME [--dry-run]``: onboarding from a file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.interop.importer import FileProblem
from ptplan.interop.services import import_patients as run_import


@click.command("import-patients")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--clinic", "clinic_name", required=True, help="The clinic the patients join.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; import nothing.")
def import_patients(file: Path, clinic_name: str, dry_run: bool):
    """Import patients from a CSV file (see the README for the columns) or FHIR Patient NDJSON.

    All or nothing: every bad row is listed with its line number, and nothing is imported
    unless the whole file is clean.
    """
    clinic = db.session.scalar(select(Clinic).where(Clinic.name == clinic_name))
    if clinic is None:
        raise click.ClickException(f"No clinic is called {clinic_name!r}.")
    with file.open("rb") as stream:
        try:
            result = run_import(stream, file.name, clinic, actor=None, dry_run=dry_run)
        except FileProblem as problem:
            db.session.rollback()
            raise click.ClickException(str(problem)) from None
    report = result.report
    for error in report.errors:
        click.echo(f"line {error.line}: {error.reason}", err=True)
    encoding = "Latin-1" if report.encoding == "latin-1" else "UTF-8"
    if report.error_count or report.rows == 0:
        db.session.commit()  # the refusal's audit row
        reason = f"{report.error_count} problems" if report.rows else "no patient rows"
        raise click.ClickException(f"Nothing imported: {reason} in {report.rows} rows (read as {encoding}).")
    db.session.commit()
    if dry_run:
        click.echo(f"Dry run: all {report.rows} rows are clean (read as {encoding}); nothing imported.")
    else:
        click.echo(f"Imported {result.imported} patients into {clinic_name} (read as {encoding}).")


COMMANDS = (import_patients,)
