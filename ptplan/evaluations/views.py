"""Evaluation pages: write (draft or sign), view, sign a draft, add an addendum.

Load (404 across clinics, audited), then authorise (403), then act; one commit per request.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.audit import services as audit
from ptplan.auth.access import audit_denial, clinic_object_or_404, requires
from ptplan.errors import render_error
from ptplan.evaluations import services
from ptplan.evaluations.forms import AddendumForm, EvaluationForm, SignForm
from ptplan.evaluations.models import EVALUATION_KINDS, Evaluation
from ptplan.evaluations.page import form_context, view_context
from ptplan.exceptions import ConflictError, SignedRecordError
from ptplan.extensions import db
from ptplan.library import services as library
from ptplan.patients.models import Patient

bp = Blueprint("evaluations", __name__)


def _load(evaluation_id: int) -> Evaluation:
    return clinic_object_or_404(Evaluation, evaluation_id, category=services.CATEGORY)


def _refuse(evaluation: Evaluation, problem: Exception, *, action: str = "update"):
    """Refused change: roll back, audit the denial (committed), answer 409 or 403."""
    status = 409 if isinstance(problem, SignedRecordError | ConflictError) else 403
    audit_denial(
        services.CATEGORY,
        type(problem).__name__,
        action=action,
        patient_id=evaluation.patient_id,
        entity_type=services.RECORD_TYPE,
        entity_id=evaluation.id,
    )
    return render_error(status, str(problem))


def _new_form(data: dict | None, muscles) -> EvaluationForm:
    form = EvaluationForm(data=EvaluationForm.form_data(data)) if data is not None else EvaluationForm()
    form.set_muscles(muscles)
    return form


def _wants_sign() -> bool:
    return request.form.get("action") == "sign"


def _apply_problems(form: EvaluationForm, problems: dict[str, str]) -> dict[str, str]:
    """Field problems go next to their field; measure problems to their section."""
    measure_problems = {}
    for key, message in problems.items():
        if key in ("chief_complaint", "nprs_current"):
            form[key].errors = [*form[key].errors, message]
        else:
            measure_problems[key] = message
    return measure_problems


@bp.route("/patients/<int:patient_id>/evaluations/new", methods=["GET", "POST"])
@requires("clinical.write")
def create(patient_id: int):
    patient = clinic_object_or_404(Patient, patient_id, category=services.CATEGORY)
    kind = request.args.get("kind", "initial")
    if kind not in EVALUATION_KINDS:
        abort(404)
    muscles = library.muscles(current_user.clinic_id, by_region=False)
    previous = services.previous_evaluation(patient.id) if kind != "initial" else None
    if request.method == "GET":
        if previous is not None:
            data = services.rules.carry_forward(services.evaluation_data(previous))
            data["date_of_service"] = current_user.clinic.today()
        else:
            data = services.initial_data(patient, current_user.clinic.today())
        form = _new_form(data, muscles)
        audit.record(
            "read",
            services.CATEGORY,
            patient_id=patient.id,
            entity_type="patient",
            entity_id=patient.id,
            detail=f"new {kind} evaluation form",
        )
    else:
        form = _new_form(None, muscles)
    measure_problems: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            evaluation = services.create_evaluation(
                patient, current_user, kind, form.to_data(), sign=_wants_sign()
            )
        except services.IncompleteEvaluation as problem:
            db.session.rollback()
            measure_problems = _apply_problems(form, problem.problems)
        else:
            return _saved(evaluation, form.to_data())
    status = 422 if request.method == "POST" else 200
    return render_template(
        "evaluations/form.html",
        **form_context(form, patient, kind, previous, evaluation=None, measure_problems=measure_problems),
    ), status


def _saved(evaluation: Evaluation, data: dict):
    if evaluation.is_signed:
        flash(f"{evaluation.kind_label} signed and locked. Next: the plan of care (button below).", "success")
    else:
        scoring = services.rules.score_measures(data)
        unscored = "; ".join(scoring.problems.values())
        flash(
            "Draft saved. Sign it when it is complete."
            + (f" Not scored yet: {unscored}" if unscored else ""),
            "success",
        )
    return redirect(url_for("evaluations.view", evaluation_id=evaluation.id))


@bp.get("/evaluations/<int:evaluation_id>")
@requires("clinical.read")
def view(evaluation_id: int):
    evaluation = _load(evaluation_id)
    audit.record(
        "read",
        services.CATEGORY,
        patient_id=evaluation.patient_id,
        entity_type=services.RECORD_TYPE,
        entity_id=evaluation.id,
    )
    return render_template(
        "evaluations/view.html",
        **view_context(evaluation, AddendumForm(), SignForm()),
    )


@bp.route("/evaluations/<int:evaluation_id>/edit", methods=["GET", "POST"])
@requires("clinical.write")
def edit(evaluation_id: int):
    evaluation = _load(evaluation_id)
    try:
        services.ensure_editable(evaluation, current_user)
    except (SignedRecordError, services.NotYourEvaluation) as problem:
        if request.method == "GET" and evaluation.is_signed:
            flash("This evaluation is signed and locked. Add an addendum to correct it.", "warning")
            return redirect(url_for("evaluations.view", evaluation_id=evaluation.id))
        return _refuse(evaluation, problem)
    patient = db.session.get(Patient, evaluation.patient_id)
    muscles = library.muscles(current_user.clinic_id, by_region=False)
    previous = services.previous_evaluation(evaluation.patient_id, before=evaluation)
    if request.method == "GET":
        form = _new_form(services.evaluation_data(evaluation), muscles)
        form.version.data = evaluation.version
    else:
        form = _new_form(None, muscles)
    measure_problems: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            services.update_evaluation(
                evaluation,
                current_user,
                form.to_data(),
                expected_version=form.expected_version(),
                sign=_wants_sign(),
            )
        except services.IncompleteEvaluation as problem:
            db.session.rollback()
            evaluation = _load(evaluation_id)
            measure_problems = _apply_problems(form, problem.problems)
        except (SignedRecordError, ConflictError) as problem:
            return _refuse(evaluation, problem)
        else:
            return _saved(evaluation, form.to_data())
    status = 422 if request.method == "POST" else 200
    return render_template(
        "evaluations/form.html",
        **form_context(
            form, patient, evaluation.kind, previous, evaluation=evaluation, measure_problems=measure_problems
        ),
    ), status


@bp.post("/evaluations/<int:evaluation_id>/sign")
@requires("clinical.sign")
def sign(evaluation_id: int):
    evaluation = _load(evaluation_id)
    if not SignForm().validate_on_submit():
        abort(400)
    try:
        services.sign_evaluation(evaluation, current_user)
    except services.IncompleteEvaluation as problem:
        db.session.rollback()
        flash(
            "Not signed: " + " ".join(problem.problems.values()) + " Complete the draft, then sign.", "danger"
        )
        return redirect(url_for("evaluations.edit", evaluation_id=evaluation_id))
    except (SignedRecordError, services.NotYourEvaluation) as problem:
        return _refuse(evaluation, problem, action="sign")
    flash(f"{evaluation.kind_label} signed and locked. Next: the plan of care (button below).", "success")
    return redirect(url_for("evaluations.view", evaluation_id=evaluation.id))


@bp.post("/evaluations/<int:evaluation_id>/addenda")
@requires("clinical.write")
def add_addendum(evaluation_id: int):
    evaluation = _load(evaluation_id)
    form = AddendumForm()
    if form.validate_on_submit():
        try:
            services.add_evaluation_addendum(
                evaluation, current_user, reason=form.reason.data, body=form.body.data
            )
        except services.DomainError as problem:
            db.session.rollback()
            form.body.errors = [*form.body.errors, str(problem)]
        else:
            flash("Addendum added beneath the signed evaluation. The original is unchanged.", "success")
            return redirect(url_for("evaluations.view", evaluation_id=evaluation.id) + "#addenda")
    return render_template("evaluations/view.html", **view_context(evaluation, form, SignForm())), 422
