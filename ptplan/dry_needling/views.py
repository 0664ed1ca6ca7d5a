"""Dry-needling screening and consent pages (signed on save, never edited).

The same forms appear inline in the plan builder (``ptplan.dry_needling.inline``, posted to
``plans.plan_safety``). A page opened from a plan (``?plan_id=``) returns to that plan: the one
import of ``ptplan.plans`` here, named in the import-linter contracts.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import requires
from ptplan.catalogue import texts
from ptplan.dry_needling import forms
from ptplan.dry_needling import rules as dn_rules
from ptplan.dry_needling import services as safety
from ptplan.extensions import db
from ptplan.patients.loading import load_patient
from ptplan.plans.models import PlanOfCare

bp = Blueprint("dry_needling", __name__)


def _return_plan(patient_id: int) -> PlanOfCare | None:
    """The plan to go back to (?plan_id=), only if it is this patient's, in this clinic."""
    try:
        plan_id = int(request.args.get("plan_id", ""))
    except ValueError:
        return None
    plan = db.session.get(PlanOfCare, plan_id)
    if plan is None or plan.clinic_id != current_user.clinic_id or plan.patient_id != patient_id:
        return None
    return plan


def _dated_in_future(field, today, what: str) -> bool:
    """Put the error next to a date field set after today; True when it was."""
    if field.data > today:
        field.errors = [f"The {what} date cannot be in the future."]
        return True
    return False


def _after_save(patient, plan: PlanOfCare | None):
    if plan is not None:
        return redirect(url_for("plans.view", plan_id=plan.id, _anchor="dry-needling"))
    return redirect(url_for("dry_needling.index", patient_id=patient.id))


@bp.get("/patients/<int:patient_id>/dry-needling")
@requires("clinical.read")
def index(patient_id: int):
    patient = load_patient(patient_id, category="dry_needling")
    screenings, consents = safety.history(patient.id)
    ok, reasons = safety.dry_needling_clearance(patient)
    return render_template(
        "dry_needling/index.html",
        patient=patient,
        screenings=screenings,
        consents=consents,
        ok=ok,
        reasons=reasons,
        absolute=dn_rules.ABSOLUTE,
        relative=dn_rules.RELATIVE,
    )


@bp.route("/patients/<int:patient_id>/dry-needling/screening/new", methods=["GET", "POST"])
@requires("clinical.write", "clinical.sign")
def new_screening(patient_id: int):
    patient = load_patient(patient_id, category="dry_needling")
    plan = _return_plan(patient.id)
    form = forms.ScreeningForm()
    today = current_user.clinic.today()
    if request.method == "GET":
        absolute, relative = dn_rules.pretick(patient, today)
        form.screened_on.data = today
        form.absolute.data = sorted(absolute)
        for code in relative:
            form[f"rel_{code}"].data = True
    if form.validate_on_submit() and not _dated_in_future(form.screened_on, today, "screening"):
        screening = safety.record_screening(
            patient,
            current_user,
            screened_on=form.screened_on.data,
            absolute=form.absolute.data or [],
            relative=form.relative_data(),
            notes=form.notes.data or "",
        )
        if screening.absolute:
            flash(
                "Screening signed. It records an absolute contraindication: dry needling is blocked.",
                "warning",
            )
        else:
            flash("Screening signed.", "success")
        return _after_save(patient, plan)
    status = 422 if form.errors else 200
    return render_template("dry_needling/screening.html", form=form, patient=patient, plan=plan), status


@bp.route("/patients/<int:patient_id>/dry-needling/consent/new", methods=["GET", "POST"])
@requires("clinical.write", "clinical.sign")
def new_consent(patient_id: int):
    patient = load_patient(patient_id, category="dry_needling")
    plan = _return_plan(patient.id)
    form = forms.ConsentForm()
    today = current_user.clinic.today()
    if request.method == "GET":
        form.consented_on.data = today
        form.patient_signature_name.data = patient.full_name
    if form.validate_on_submit() and not _dated_in_future(form.consented_on, today, "consent"):
        safety.record_consent(
            patient,
            current_user,
            consented_on=form.consented_on.data,
            signature_name=form.patient_signature_name.data,
            witness_name=form.witness_name.data,
            copy_given=form.copy_given.data,
        )
        flash("Consent recorded and signed.", "success")
        return _after_save(patient, plan)
    status = 422 if form.errors else 200
    return render_template(
        "dry_needling/consent.html",
        form=form,
        patient=patient,
        plan=plan,
        texts=texts,
        version=texts.CONSENT_FORM_VERSION,
    ), status
