"""``flask --app wsgi mrn-conflicts``: patients whose MRN collides with another's in the same clinic."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.patients.models import Patient, mrn_key


def mrn_conflicts() -> list[tuple[str, Patient, Patient]]:
    """(clinic name, kept patient, conflicting patient) for every MRN the migration kept apart."""
    found = []
    marked = db.session.scalars(
        select(Patient).where(Patient.mrn_key.contains("~duplicate-")).order_by(Patient.clinic_id, Patient.id)
    )
    for patient in marked:
        kept = db.session.scalar(
            select(Patient).where(
                Patient.clinic_id == patient.clinic_id, Patient.mrn_key == mrn_key(patient.mrn)
            )
        )
        clinic = db.session.get(Clinic, patient.clinic_id)
        found.append((clinic.name if clinic else str(patient.clinic_id), kept, patient))
    return found


@click.command("mrn-conflicts")
@with_appcontext
def list_mrn_conflicts():
    """List MRNs that differ only by case or spaces within a clinic; exits 1 while any remain.

    Resolve each by giving one of the patients its correct MRN on the patient's edit page.
    """
    conflicts = mrn_conflicts()
    for clinic, kept, other in conflicts:
        first = f"patient id {kept.id} ({kept.mrn!r})" if kept else "no other patient"
        click.echo(f"{clinic}: patient id {other.id} has MRN {other.mrn!r}, which is also {first}.")
    if conflicts:
        click.echo(f"{len(conflicts)} MRN conflicts to resolve: edit one patient of each pair.", err=True)
        raise SystemExit(1)
    click.echo("No MRN conflicts.")


COMMANDS = (list_mrn_conflicts,)
