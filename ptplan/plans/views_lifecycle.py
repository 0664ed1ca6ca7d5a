"""Plan lifecycle pages: review and sign, revise, version history, end, physician certification."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import requires
from ptplan.exceptions import ConflictError, DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.patients.models import Patient
from ptplan.plans import forms, kinds, rules, services
from ptplan.plans.blueprint import bp, clinic_today, form_status, load_plan
from ptplan.plans.progress import version_history

# ------------------------------------------------------------------ sign, revise, history, end


@bp.route("/plans/<int:plan_id>/sign", methods=["GET", "POST"])
@requires("clinical.sign")
def sign(plan_id: int):
    plan = load_plan(plan_id)
    if not plan.is_draft:
        if request.method == "POST":  # a second signer, or a second click: one signature only
            raise ConflictError("This plan is already signed. It was signed once; nothing was changed.")
        flash("This plan is already signed.", "info")
        return redirect(url_for("plans.view", plan_id=plan.id))
    form = ConfirmForm()
    blockers = services.sign_blockers(plan)
    if form.validate_on_submit() and not blockers:
        services.sign_plan(plan, current_user, today=clinic_today())
        flash("Plan signed and active. Print the home plan?", "success")
        return redirect(url_for("plans.view", plan_id=plan.id, signed=1, _anchor="print"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "plans/sign.html",
        plan=plan,
        form=form,
        blockers=blockers,
        kinds=kinds.REGISTRY,
        home_warning=rules.home_program_warning(services.home_exercise_count(plan)),
    ), status


@bp.post("/plans/<int:plan_id>/revise")
@requires("clinical.write")
def revise(plan_id: int):
    plan = load_plan(plan_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    new = services.revise(plan, current_user)
    flash(
        f"Version {new.version_number} is a draft copy of the active plan. Make your changes, then sign it.",
        "success",
    )
    return redirect(url_for("plans.view", plan_id=new.id))


@bp.get("/plans/<int:plan_id>/history")
@requires("clinical.read")
def history(plan_id: int):
    plan = load_plan(plan_id, detail="history")
    return render_template(
        "plans/history.html",
        plan=plan,
        versions=version_history(plan),
        patient=db.session.get(Patient, plan.patient_id),
    )


@bp.route("/plans/<int:plan_id>/end", methods=["GET", "POST"])
@requires("clinical.write")
def end(plan_id: int):
    plan = load_plan(plan_id)
    form = forms.EndPlanForm()
    if request.method == "GET" and request.args.get("outcome") in services.END_OUTCOMES:
        form.outcome.data = request.args["outcome"]
    if form.validate_on_submit():
        services.end_plan(plan, form.outcome.data, form.reason.data, today=clinic_today())
        flash(f"Plan {services.END_OUTCOMES[form.outcome.data].lower()}.", "success")
        return redirect(url_for("patients.chart", patient_id=plan.patient_id))
    return render_template("plans/end.html", form=form, plan=plan), form_status(form)


@bp.route("/plans/<int:plan_id>/certification", methods=["GET", "POST"])
@requires("clinical.write")
def certification(plan_id: int):
    plan = load_plan(plan_id)
    patient = db.session.get(Patient, plan.patient_id)
    form = forms.CertificationForm(obj=plan if request.method == "GET" else None)
    if request.method == "GET" and not plan.physician_name:
        form.physician_name.data = patient.referring_physician_name
        form.physician_npi.data = patient.referring_physician_npi
    if form.validate_on_submit():
        try:
            services.record_certification(
                plan,
                name=form.physician_name.data,
                npi=form.physician_npi.data,
                signed_on=form.physician_signed_on.data,
                today=clinic_today(),
            )
        except DomainError as error:
            form.physician_signed_on.errors = [str(error)]
        else:
            flash("Physician's certification recorded.", "success")
            return redirect(url_for("plans.view", plan_id=plan.id))
    return render_template("plans/certification.html", form=form, plan=plan), form_status(form)


@bp.post("/plans/<int:plan_id>/save-template")
@requires("clinical.write")
def save_template(plan_id: int):
    plan = load_plan(plan_id)
    form = forms.TemplateForm()
    if not form.validate_on_submit():
        flash("Give the template a name (up to 120 characters).", "danger")
        return redirect(url_for("plans.view", plan_id=plan.id, _anchor="save-template"))
    from ptplan.plans.templates import save_template as save

    try:
        save(plan, form.name.data, current_user)
    except DomainError as error:
        flash(str(error), "danger")
    else:
        flash(
            f"Saved as the template “{form.name.data}”. Start a plan from it with “New plan of care”.",
            "success",
        )
    return redirect(url_for("plans.view", plan_id=plan.id))
