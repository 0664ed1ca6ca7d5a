"""``flask --app wsgi export-plan --mrn MRN --output FILE [--language CODE]``: the home plan, from
the command line, in the patient's preferred language unless ``--language`` names another."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.i18n import LANGUAGES, LanguageError, resolve
from ptplan.patients.models import Patient


def find_patient(mrn: str, clinic_name: str | None) -> Patient:
    """The one patient with this MRN (in this clinic); ClickException says why not."""
    query = select(Patient).where(Patient.mrn == mrn)
    if clinic_name:
        clinic = db.session.scalar(select(Clinic).where(Clinic.name == clinic_name))
        if clinic is None:
            raise click.ClickException(f"No clinic is called {clinic_name!r}.")
        query = query.where(Patient.clinic_id == clinic.id)
    patients = list(db.session.scalars(query.limit(2)))
    if not patients:
        where = f" in {clinic_name!r}" if clinic_name else ""
        raise click.ClickException(f"No patient has MRN {mrn!r}{where}.")
    if len(patients) > 1:
        raise click.ClickException(f"MRN {mrn!r} exists in more than one clinic: add --clinic NAME.")
    return patients[0]


@click.command("export-plan")
@with_appcontext
@click.option("--mrn", required=True, help="The patient's medical record number.")
@click.option(
    "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PDF file to write."
)
@click.option("--large-print", is_flag=True, help="Large print (16 pt body text and up).")
@click.option(
    "--clinic", "clinic_name", default=None, help="Clinic name, when the MRN is in several clinics."
)
@click.option(
    "--language",
    "language_code",
    default=None,
    help=f"Print in this language ({', '.join(LANGUAGES)}); default: the patient's preferred language.",
)
def export_plan(
    mrn: str, output: Path, large_print: bool, clinic_name: str | None, language_code: str | None
):
    """Write a patient's current home plan (from the active plan of care) to a PDF file."""
    # Document-only modules (reportlab): imported where used, not by every command at start.
    from ptplan.documents import home_plan, language, services
    from ptplan.documents.common import DocumentUnavailable

    patient = find_patient(mrn, clinic_name)
    clinic = db.session.get(Clinic, patient.clinic_id)
    try:
        # A code typed on the command line must be one we print; the patient's own
        # preference without a catalogue falls back to English with a warning.
        resolve(language_code, strict=True) if language_code else None
        plan = home_plan.active_plan(patient, clinic)
        choice = language.print_language(patient, clinic.id, language_code, plan=plan)
        if choice.refused:
            raise click.ClickException(choice.refused)
        for warning in choice.warnings:
            click.echo(f"Warning: {warning}", err=True)
        pdf = services.home_plan_pdf(patient, clinic, large_print=large_print, language=choice)
    except LanguageError as problem:
        raise click.ClickException(str(problem)) from None
    except DocumentUnavailable as problem:
        raise click.ClickException(str(problem)) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf.data)
    services.audit_print(
        pdf, action="export", user=None, detail="cli export-plan", clinic_id=patient.clinic_id
    )
    db.session.commit()
    click.echo(f"Home plan written to {output} ({len(pdf.data) // 1024} KB, {choice.name}).")


COMMANDS = [export_plan]
