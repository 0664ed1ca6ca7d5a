"""Dry-needling screening and consent pages (signed on save, never edited)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import requires
from ptplan.catalogue import texts
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.plans import forms, safety
from ptplan.plans.inline_safety import inline_forms
from ptplan.plans.models import PlanOfCare
from ptplan.plans.views import bp, load_patient, load_plan, render_plan


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
    return redirect(url_for("plans.dry_needling", patient_id=patient.id))


@bp.get("/patients/<int:patient_id>/dry-needling")
@requires("clinical.read")
def dry_needling(patient_id: int):
    patient = load_patient(patient_id, category="dry_needling")
    screenings, consents = safety.history(patient.id)
    ok, reasons = safety.dry_needling_clearance(patient)
    return render_template(
        "plans/dry_needling.html",
        patient=patient,
        screenings=screenings,
        consents=consents,
        ok=ok,
        reasons=reasons,
        absolute=safety.ABSOLUTE,
        relative=safety.RELATIVE,
    )


@bp.route("/patients/<int:patient_id>/dry-needling/screening/new", methods=["GET", "POST"])
@requires("clinical.write", "clinical.sign")
def new_screening(patient_id: int):
    patient = load_patient(patient_id)
    plan = _return_plan(patient.id)
    form = forms.ScreeningForm()
    today = current_user.clinic.today()
    if request.method == "GET":
        absolute, relative = safety.pretick(patient, today)
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
    return render_template("plans/screening.html", form=form, patient=patient, plan=plan), status


@bp.route("/patients/<int:patient_id>/dry-needling/consent/new", methods=["GET", "POST"])
@requires("clinical.write", "clinical.sign")
def new_consent(patient_id: int):
    patient = load_patient(patient_id)
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
        "plans/consent.html",
        form=form,
        patient=patient,
        plan=plan,
        texts=texts,
        version=texts.CONSENT_FORM_VERSION,
    ), status


@bp.post("/plans/<int:plan_id>/dry-needling-safety")
@requires("clinical.write", "clinical.sign")
def plan_safety(plan_id: int):
    """Screening and consent signed in place, in the plan builder's dry-needling section."""
    plan = load_plan(plan_id)
    patient = load_patient(plan.patient_id)
    today = current_user.clinic.today()
    inline = inline_forms(patient, today, is_post=True, record_now=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not inline.needed:
        flash("Screening and consent are already on file.", "info")
    elif inline.validate(today):
        recorded = inline.record(patient, current_user)
        flash(f"The {' and '.join(recorded)} {'are' if len(recorded) > 1 else 'is'} signed.", "success")
    else:
        return render_plan(plan, inline=inline, status=422)
    return redirect(url_for("plans.view", plan_id=plan.id, _anchor="dry-needling"))
