"""Pages: the manager's patient import (with a preview) and the patient's copy from the chart."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.csvexport import attachment_name
from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.interop import importer, services
from ptplan.patients.models import Patient

bp = Blueprint("interop", __name__)
SHOWN_ERRORS = 1000


class ImportForm(FlaskForm):
    file = FileField(
        "Patient file",
        validators=[FileRequired(message="Choose a CSV or NDJSON file.")],
        description="CSV with a header row (columns listed below), or FHIR Patient resources as NDJSON. Up to 10 MB here; use the command line for larger files.",
    )
    preview = SubmitField("Check and preview")
    submit = SubmitField("Import")


@bp.route("/patients/import", methods=["GET", "POST"])
@requires("patient.write", "caseload.all")
def import_patients():
    """Managers onboard a clinic: check the file (preview) and import it when every row is clean."""
    form = ImportForm()
    result = None
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        dry_run = not form.submit.data
        try:
            result = services.import_patients(
                upload.stream,
                upload.filename or "upload.csv",
                current_user.clinic,
                actor=current_user,
                dry_run=dry_run,
                keep_errors=SHOWN_ERRORS,
            )
        except importer.FileProblem as problem:
            form.file.errors.append(str(problem))
            db.session.rollback()
            status = 422
        else:
            if result.report.error_count or result.report.rows == 0:
                # The refusal's audit row is kept; nothing else was written.
                db.session.commit()
                status = 422
    elif form.is_submitted():
        status = 422
    return render_template(
        "interop/import.html",
        form=form,
        result=result,
        columns=importer.COLUMNS,
        required=importer.REQUIRED,
        shown_errors=SHOWN_ERRORS,
    ), status


@bp.get("/patients/<int:patient_id>/record-copy.zip")
@requires("clinical.print")
def patient_copy(patient_id: int):
    """The patient's copy (HIPAA §164.524), audited as a disclosure."""
    from ptplan.interop import copy  # with the FHIR record mapping: imported when a copy is made

    patient = clinic_object_or_404(Patient, patient_id, category="patient")
    base = url_for("fhir.metadata", _external=True).removesuffix("/metadata")
    result = copy.build_copy(patient, base_url=base, now=utcnow())
    audit.record(
        "export",
        "disclosure",
        patient_id=patient.id,
        entity_type="patient",
        entity_id=patient.id,
        detail=f"patient's copy: FHIR Bundle and {result.document_count} PDFs (HIPAA 164.524)",
    )
    response = Response(result.data, mimetype="application/zip")
    response.headers["Content-Disposition"] = attachment_name(result.filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
