"""Patient list, create, edit, archive and the chart."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.changes import field_changes
from ptplan.db import built_once
from ptplan.exceptions import ConflictError, DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.patients import chart_cache, services
from ptplan.patients.chart import build_chart
from ptplan.patients.forms import PatientForm
from ptplan.patients.icd10 import COMMON_CODES
from ptplan.patients.models import PRECAUTIONS, Patient

bp = Blueprint("patients", __name__, url_prefix="/patients")


def load_patient(patient_id: int) -> Patient:
    """Load, then check the clinic boundary (404 across clinics, audited)."""
    return clinic_object_or_404(Patient, patient_id, category="demographics")


def _page_arg() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


@bp.get("/")
@requires("patient.read")
def index():
    term = request.args.get("q", "")[:100]
    status = request.args.get("status", "current")
    sort = request.args.get("sort", "name")
    if sort not in services.SORTS:
        sort = "name"
    mine = request.args.get("mine") == "1"
    statement = services.search_statement(
        current_user.clinic_id,
        term,
        status=status,
        sort=sort,
        therapist_id=current_user.id if mine else None,
    )
    page = db.paginate(statement, page=_page_arg(), per_page=25, error_out=False, count=False)
    # The count repeats the search; a first page that is not full already knows the total.
    if page.page == 1 and len(page.items) < page.per_page:
        page.total = len(page.items)
    else:
        page.total = db.session.scalar(services.count_statement(statement))
    audit.record("query", "demographics", detail=f"patient search, {page.total} results")
    return render_template("patients/index.html", page=page, term=term, status=status, sort=sort, mine=mine)


def _form_data(form: PatientForm) -> dict:
    return {name: getattr(form, name).data for name in services.EDITABLE_FIELDS}


@bp.route("/new", methods=["GET", "POST"])
@requires("patient.write")
def create():
    form = PatientForm()
    form.primary_therapist_id.choices = services.therapist_choices(current_user.clinic_id)
    if request.method == "GET" and current_user.is_therapist:
        form.primary_therapist_id.data = current_user.id
        form.payer_rule.data = current_user.clinic.default_payer_rule
    if form.validate_on_submit():
        try:
            patient = services.create_patient(
                current_user.clinic_id,
                _form_data(form),
                form.diagnosis_rows(),
                form.precautions.data or [],
                actor=current_user,
            )
        except services.DuplicateMRN as problem:
            form.mrn.errors.append(str(problem))
        else:
            flash(f"{patient.full_name} added. Next: the initial evaluation.", "success")
            return redirect(url_for("patients.chart", patient_id=patient.id))
    return render_template("patients/form.html", form=form, patient=None, common_codes=COMMON_CODES), (
        422 if form.errors or form.form_errors else 200
    )


@bp.route("/<int:patient_id>/edit", methods=["GET", "POST"])
@requires("patient.write")
def edit(patient_id: int):
    patient = load_patient(patient_id)
    form = PatientForm(obj=patient if request.method == "GET" else None)
    form.primary_therapist_id.choices = services.therapist_choices(current_user.clinic_id)
    if request.method == "GET":
        form.version.data = patient.version
        form.precautions.data = sorted(patient.precaution_codes)
        form.primary_therapist_id.data = patient.primary_therapist_id or 0
        for entry, diagnosis in zip(form.diagnoses.entries, patient.diagnoses, strict=False):
            entry.form.icd10_code.data = diagnosis.icd10_code
            entry.form.description.data = diagnosis.description
        audit.record(
            "read", "demographics", patient_id=patient.id, entity_type="patient", entity_id=patient.id
        )
    conflict, changes = None, []
    if form.validate_on_submit():
        try:
            services.update_patient(
                patient,
                _form_data(form),
                form.diagnosis_rows(),
                form.precautions.data or [],
                expected_version=form.expected_version(),
                actor=current_user,
            )
        except services.DuplicateMRN as problem:
            db.session.rollback()
            form.mrn.errors.append(str(problem))
        except ConflictError as problem:
            db.session.rollback()
            conflict = str(problem)
            patient = load_patient(patient_id)
            changes = field_changes(
                {name: getattr(patient, name) for name in services.EDITABLE_FIELDS},
                _form_data(form),
                {name: getattr(form, name).label.text for name in services.EDITABLE_FIELDS},
            )
        else:
            flash("Patient details saved.", "success")
            return redirect(url_for("patients.chart", patient_id=patient.id))
    status = 409 if conflict else (422 if form.errors or form.form_errors else 200)
    return render_template(
        "patients/form.html",
        form=form,
        patient=patient,
        conflict=conflict,
        changes=changes,
        common_codes=COMMON_CODES,
    ), status


@bp.get("/<int:patient_id>")
@requires("patient.read")
def chart(patient_id: int):
    # Diagnoses, precautions and amendment requests come with the patient in one statement;
    # load_patient then finds it in the identity map (held here: the map is weak) and still
    # checks the clinic boundary.
    preloaded = (
        db.session.scalars(_chart_patient_statement(), {"patient_id": patient_id}).unique().one_or_none()
    )
    patient = load_patient(patient_id)
    del preloaded  # the same object as ``patient`` when found
    audit.record("read", "chart", patient_id=patient.id, entity_type="patient", entity_id=patient.id)
    today = current_user.clinic.today()
    body = chart_cache.kept_body(patient, current_user, today, lambda: _chart_body(patient, today))
    # The body is this app's own rendered (escaped) template output.
    return render_template("patients/chart.html", patient=patient, body=Markup(body))  # noqa: S704


@built_once
def _chart_patient_statement():
    """The patient with the lists the chart shows; built once per process (bind parameter
    ``patient_id``): building it costs more than running it."""
    return (
        select(Patient)
        .where(Patient.id == bindparam("patient_id"))
        .options(
            joinedload(Patient.diagnoses),
            joinedload(Patient.precautions),
            joinedload(Patient.amendment_requests),
        )
    )


def _chart_body(patient: Patient, today) -> str:
    """The chart under the page frame."""
    return render_template(
        "patients/_chart_body.html",
        patient=patient,
        chart=build_chart(patient, current_user),
        precaution_labels=PRECAUTIONS,
        today=today,
        confirm=ConfirmForm(),
    )


@bp.post("/<int:patient_id>/status")
@requires("patient.write")
def set_status(patient_id: int):
    patient = load_patient(patient_id)
    form = ConfirmForm()
    status = request.form.get("status", "")
    if not form.validate_on_submit() or status not in ("active", "archived"):
        abort(400)
    try:
        services.set_status(patient, status, actor=current_user)
    except DomainError as problem:
        flash(str(problem), "danger")
    else:
        flash(
            "Patient archived. The record is kept and can be restored."
            if status == "archived"
            else "Patient restored.",
            "success",
        )
    return redirect(url_for("patients.chart", patient_id=patient.id))
