"""``export-fhir`` (one patient's Bundle, or a clinic as Bulk Data NDJSON) and
``create-api-token``: thin commands over the fhir services."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.db import utcnow
from ptplan.documents.cli import find_patient
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.fhir import bulk, tokens
from ptplan.fhir.record import bundle, load_record, unresolved_references


def base_url() -> str:
    return current_app.config.get("FHIR_BASE_URL", "http://localhost:5000/fhir/r4").rstrip("/")


@click.command("export-fhir")
@with_appcontext
@click.option("--mrn", default=None, help="One patient's record as a FHIR Bundle.")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Bundle file to write (with --mrn)."
)
@click.option("--clinic", "clinic_name", default=None, help="The clinic (whole clinic with --output-dir).")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for NDJSON files (with --clinic).",
)
@click.option("--without-pdfs", is_flag=True, help="Leave the PDF data out of DocumentReference (bulk only).")
def export_fhir(mrn, output, clinic_name, output_dir, without_pdfs):
    """Write FHIR R4 JSON: a patient's Bundle (--mrn --output) or a clinic's NDJSON (--clinic --output-dir)."""
    if mrn:
        if output is None or output_dir is not None:
            raise click.UsageError("With --mrn, give --output FILE (and no --output-dir).")
        patient = find_patient(mrn, clinic_name)
        result = bundle(load_record(patient), base_url=base_url(), timestamp=utcnow())
        dangling = unresolved_references(result)
        if dangling:  # never hand out a Bundle that points outside itself
            raise click.ClickException(f"Internal error: unresolved references {dangling[:5]}")
        audit.record(
            "export",
            "fhir_export",
            patient_id=patient.id,
            clinic_id=patient.clinic_id,
            detail="FHIR Bundle (CLI)",
        )
        output.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        db.session.commit()
        click.echo(f"Wrote {len(result['entry'])} resources for {mrn} to {output}")
        return
    if not clinic_name or output_dir is None or output is not None:
        raise click.UsageError("Give either --mrn MRN --output FILE, or --clinic NAME --output-dir DIR.")
    clinic = db.session.scalar(select(Clinic).where(Clinic.name == clinic_name))
    if clinic is None:
        raise click.ClickException(f"No clinic is called {clinic_name!r}.")
    clinic_id = clinic.id
    total = bulk.patient_count(clinic_id)
    with click.progressbar(length=total, label="Patients", file=sys.stderr) as bar:
        counts = bulk.export_clinic(clinic, output_dir, with_pdfs=not without_pdfs, progress=bar.update)
    audit.record(
        "export",
        "fhir_export",
        clinic_id=clinic_id,
        detail=f"bulk NDJSON, {total} patients, {sum(counts.values())} resources",
    )
    db.session.commit()
    for name, count in sorted(counts.items()):
        click.echo(f"{name}.ndjson: {count}")


@click.command("create-api-token")
@with_appcontext
@click.option("--email", required=True)
@click.option(
    "--days", default=tokens.DEFAULT_DAYS, show_default=True, type=int, help="Days until it expires."
)
@click.option("--name", "label", default="Command-line token", help="What the token is for.")
def create_api_token(email, days, label):
    """Create a FHIR API token for a user and print it once."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user has the email {email!r}.")
    try:
        token, plain = tokens.create_token(user, days=days, label=label)
    except DomainError as problem:
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    click.echo(plain)
    click.echo(
        f"Expires {token.expires_at:%Y-%m-%d %H:%M} UTC. It is shown only now: store it safely.", err=True
    )
    if not user.can("clinical.read"):
        click.echo("Note: this user's role reads no clinical data, so the token reads none either.", err=True)


COMMANDS = (export_fhir, create_api_token)
