"""The plan builder: a new draft, the plan page, its goals and interventions, and the
dry-needling screening and consent signed inline in it.

Signing, revising, ending and certifying are in ``views_lifecycle``; ``routes`` gathers every
plans page for the app factory.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import requires
from ptplan.changes import field_changes
from ptplan.dry_needling import services as safety
from ptplan.dry_needling.inline import inline_forms
from ptplan.evaluations.models import Evaluation
from ptplan.exceptions import ConflictError, DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm, choices
from ptplan.library import services as library
from ptplan.library.poses import exercise_svg
from ptplan.outcomes import services as outcomes
from ptplan.patients.models import Patient
from ptplan.plans import forms, kinds, rules, services
from ptplan.plans.blueprint import bp, clinic_today, form_status, load_patient, load_plan
from ptplan.plans.certification import cert_end_for
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare
from ptplan.plans.progress import progress_to_target
from ptplan.plans.templates import clinic_templates, ensure_clinic_content

# ------------------------------------------------------------------ new plan


def _signed_evaluations(patient_id: int) -> list[Evaluation]:
    return list(
        db.session.scalars(
            db.select(Evaluation)
            .where(Evaluation.patient_id == patient_id, Evaluation.signed_at.is_not(None))
            .order_by(Evaluation.date_of_service.desc())
        )
    )


@bp.route("/patients/<int:patient_id>/plans/new", methods=["GET", "POST"])
@requires("clinical.write")
def new_plan(patient_id: int):
    patient = load_patient(patient_id)
    current = services.current_plan(patient.id)
    if current is not None:
        # Never a hidden second draft: a draft is continued, an active plan is revised.
        if current.is_draft:
            flash("This patient already has a draft plan of care. Continue it here.", "info")
        else:
            flash(
                "This patient has an active plan of care. Use “Revise the plan” to start its next version.",
                "info",
            )
        return redirect(url_for("plans.view", plan_id=current.id))
    ensure_clinic_content(current_user.clinic)
    evaluations = _signed_evaluations(patient.id)
    templates = clinic_templates(current_user.clinic_id)
    form = forms.NewPlanForm()
    form.evaluation_id.choices = choices(
        [("", "(none)")]
        + [(str(e.id), f"{e.kind_label}, {e.date_of_service.isoformat()}") for e in evaluations]
    )
    form.template_id.choices = choices([("", "(blank plan)")] + [(str(t.id), t.name) for t in templates])
    if request.method == "GET":
        template = next((t for t in templates if str(t.id) == request.args.get("template_id")), None)
        form.title.data = template.payload.get("title", "Plan of care") if template else "Plan of care"
        chosen = request.args.get("evaluation_id") or (str(evaluations[0].id) if evaluations else "")
        evaluation = next((e for e in evaluations if str(e.id) == chosen), None)
        form.diagnoses.data = forms.format_diagnoses(services.starting_diagnoses(patient, evaluation))
        form.frequency_per_week.data = template.payload.get("frequency_per_week", 2) if template else 2
        form.duration_weeks.data = template.payload.get("duration_weeks", 6) if template else 6
        form.start_date.data = clinic_today()
        form.evaluation_id.data = str(evaluation.id) if evaluation else ""
        form.template_id.data = str(template.id) if template else ""
    if form.validate_on_submit():
        evaluation = next((e for e in evaluations if str(e.id) == form.evaluation_id.data), None)
        template = next((t for t in templates if str(t.id) == form.template_id.data), None)
        data = _plan_data(form)
        plan = services.create_plan(patient, current_user, data, evaluation=evaluation, template=template)
        flash("Draft plan created. Check the goals, add interventions, then sign.", "success")
        return redirect(url_for("plans.view", plan_id=plan.id))
    return render_template("plans/new.html", form=form, patient=patient), form_status(form)


def _plan_data(form) -> dict:
    start = form.start_date.data
    cert_start = form.cert_start_date.data or start
    cert_end = form.cert_end_date.data or cert_end_for(cert_start, form.duration_weeks.data)
    return {
        "title": form.title.data,
        "diagnoses": getattr(form, "diagnosis_rows", []),
        "frequency_per_week": form.frequency_per_week.data,
        "duration_weeks": form.duration_weeks.data,
        "start_date": start,
        "cert_start_date": cert_start,
        "cert_end_date": cert_end,
    }


# ------------------------------------------------------------------ view (the builder for drafts)


@bp.get("/plans/<int:plan_id>")
@requires("clinical.read")
def view(plan_id: int):
    return render_plan(load_plan(plan_id))


def render_plan(plan: PlanOfCare, *, inline=None, status: int = 200):
    """The plan page (the builder for drafts); ``inline`` carries submitted safety forms back."""
    patient = db.session.get(Patient, plan.patient_id)
    latest = outcomes.latest_scores(plan.patient_id, {g.measure_code for g in plan.goals if g.measure_code})
    progress = {g.id: progress_to_target(g, latest) for g in plan.goals}
    clearance = safety.dry_needling_clearance(plan.patient_id) if plan.has_dry_needling else (True, [])
    figures = {
        i.id: exercise_svg(i.exercise, element_id=f"plan-ex-{i.id}")
        for i in plan.interventions
        if i.exercise is not None and i.exercise.pose
    }
    if inline is None and not clearance[0] and plan.is_draft and current_user.can("clinical.sign"):
        inline = inline_forms(patient, clinic_today(), is_post=False, record_now=True)
    return render_template(
        "plans/view.html",
        plan=plan,
        patient=patient,
        kinds=kinds.REGISTRY,
        progress=progress,
        clearance=clearance,
        figures=figures,
        home_warning=rules.home_program_warning(services.home_exercise_count(plan)),
        cert_missing=services.physician_cert_is_missing(plan, clinic_today()),
        confirm=ConfirmForm(),
        template_form=forms.TemplateForm(),
        just_signed=plan.is_active and request.args.get("signed") == "1",
        inline=inline,
    ), status


# ------------------------------------------------------------------ edit details (optimistic lock)

PLAN_LABELS = {
    "title": "Title",
    "diagnoses": "Diagnoses",
    "frequency_per_week": "Visits a week",
    "duration_weeks": "Duration (weeks)",
    "start_date": "Start date",
    "cert_start_date": "Certification starts",
    "cert_end_date": "Certification ends",
}


def _plan_values(plan: PlanOfCare) -> dict:
    values = {k: getattr(plan, k) for k in PLAN_LABELS}
    values["diagnoses"] = forms.format_diagnoses(plan.diagnoses)
    return values


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@requires("clinical.write")
def edit(plan_id: int):
    plan = load_plan(plan_id)
    if not plan.is_draft:
        flash("This plan is signed. Start a new version to change it.", "warning")
        return redirect(url_for("plans.view", plan_id=plan.id))
    form = forms.PlanForm(obj=plan if request.method == "GET" else None)
    if request.method == "GET":
        form.diagnoses.data = forms.format_diagnoses(plan.diagnoses)
        form.version.data = plan.version
    conflict = None
    if form.validate_on_submit():
        data = _plan_data(form)
        try:
            services.update_plan(plan, data, expected_version=form.expected_version())
        except ConflictError:
            db.session.rollback()
            plan = load_plan(plan_id)
            submitted = dict(data, diagnoses=form.diagnoses.data)
            conflict = field_changes(_plan_values(plan), submitted, PLAN_LABELS)
            form.version.data = plan.version
        else:
            flash("Plan details saved.", "success")
            return redirect(url_for("plans.view", plan_id=plan.id))
    status = 409 if conflict is not None else form_status(form)
    return render_template("plans/edit.html", form=form, plan=plan, conflict=conflict), status


# ------------------------------------------------------------------ goals

GOAL_LABELS = {
    "term": "Term",
    "description": "Goal",
    "patient_wording": "In the patient's words",
    "measure_code": "Measure",
    "baseline_value": "Baseline",
    "target_value": "Target",
    "due_date": "Due date",
    "status": "Status",
}


def _load_goal(plan: PlanOfCare, goal_id: int) -> PlanGoal:
    goal = next((g for g in plan.goals if g.id == goal_id), None)
    if goal is None:
        abort(404)
    return goal


@bp.route("/plans/<int:plan_id>/goals/new", methods=["GET", "POST"])
@requires("clinical.write")
def new_goal(plan_id: int):
    plan = load_plan(plan_id)
    form = forms.GoalForm()
    if request.method == "GET":
        form.due_date.data = plan.start_date + timedelta(weeks=plan.duration_weeks)
    if form.validate_on_submit():
        services.add_goal(plan, form.data_dict())
        flash("Goal added.", "success")
        return redirect(url_for("plans.view", plan_id=plan.id, _anchor="goals"))
    return render_template("plans/goal.html", form=form, plan=plan, goal=None, conflict=None), form_status(
        form
    )


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@requires("clinical.write")
def edit_goal(plan_id: int, goal_id: int):
    plan = load_plan(plan_id)
    goal = _load_goal(plan, goal_id)
    form = forms.GoalForm(obj=goal if request.method == "GET" else None)
    if request.method == "GET":
        form.measure_code.data = goal.measure_code or ""
        form.version.data = plan.version
    conflict = None
    if form.validate_on_submit():
        try:
            services.update_goal(goal, form.data_dict(), expected_version=form.expected_version())
        except ConflictError:
            db.session.rollback()
            plan = load_plan(plan_id)
            goal = _load_goal(plan, goal_id)
            saved = {k: getattr(goal, k) for k in GOAL_LABELS}
            conflict = field_changes(saved, form.data_dict(), GOAL_LABELS)
            form.version.data = plan.version
        else:
            flash("Goal saved.", "success")
            return redirect(url_for("plans.view", plan_id=plan.id, _anchor="goals"))
    status = 409 if conflict is not None else form_status(form)
    return render_template("plans/goal.html", form=form, plan=plan, goal=goal, conflict=conflict), status


@bp.post("/plans/<int:plan_id>/goals/<int:goal_id>/delete")
@requires("clinical.write")
def delete_goal(plan_id: int, goal_id: int):
    plan = load_plan(plan_id)
    goal = _load_goal(plan, goal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_goal(goal)
    flash("Goal removed.", "success")
    return redirect(url_for("plans.view", plan_id=plan.id, _anchor="goals"))


# ------------------------------------------------------------------ interventions


@bp.route("/plans/<int:plan_id>/interventions/new", methods=["GET", "POST"])
@requires("clinical.write")
def new_intervention(plan_id: int):
    plan = load_plan(plan_id)
    kind = kinds.get(request.args.get("kind", ""))
    if not plan.is_draft:
        raise ConflictError("This plan is signed and locked. Start a new version to change it.")
    ensure_clinic_content(current_user.clinic)
    form = kind.Form()
    form.goal_ids.choices = choices([(g.id, g.description) for g in plan.goals])
    kind.prepare(form, current_user.clinic_id)
    if request.method == "GET":
        form.goal_ids.data = [g.id for g in plan.goals if g.term == "long"]
    inline = None
    if kind.key == "dry_needling" and current_user.can("clinical.sign"):
        patient = db.session.get(Patient, plan.patient_id)
        record_now = request.method == "GET" or request.form.get("record_safety") == "y"
        inline = inline_forms(
            patient, clinic_today(), is_post=request.method == "POST", record_now=record_now
        )
    problem = None
    main_ok = form.validate_on_submit()
    inline_ok = (
        inline is None or not inline.needed or not inline.record_now or inline.validate(clinic_today())
    )
    if main_ok and inline_ok:
        try:
            built = kind.build(form, current_user.clinic_id)
        except DomainError as error:
            problem = str(error)
        else:
            for name, message in built.errors.items():
                getattr(form, name).errors = list(getattr(form, name).errors) + [message]
            if not built.errors:
                recorded = inline.record(patient, current_user) if inline and inline.record_now else []
                services.add_intervention(plan, kind.key, built, form.goal_ids.data)
                flash(
                    f"{kind.label} added to the plan."
                    + (
                        f" The {' and '.join(recorded)} {'are' if len(recorded) > 1 else 'is'} signed."
                        if recorded
                        else ""
                    ),
                    "success",
                )
                warning = rules.home_program_warning(services.home_exercise_count(plan))
                if warning and kind.key == "home_exercise":
                    flash(warning, "warning")
                return redirect(url_for("plans.view", plan_id=plan.id, _anchor=f"kind-{kind.key}"))
    previews = {}
    if kind.key == "home_exercise":
        previews = {
            str(e.id): (e, exercise_svg(e, element_id=f"preview-ex-{e.id}") if e.pose else None)
            for e in library.exercises(current_user.clinic_id)
        }
    clearance = safety.dry_needling_clearance(plan.patient_id) if kind.key == "dry_needling" else (True, [])
    status = 422 if (problem or form.errors or not inline_ok) else 200
    return render_template(
        "plans/intervention.html",
        form=form,
        plan=plan,
        kind=kind,
        problem=problem,
        previews=previews,
        clearance=clearance,
        inline=inline,
    ), status


@bp.post("/plans/<int:plan_id>/interventions/<int:intervention_id>/delete")
@requires("clinical.write")
def delete_intervention(plan_id: int, intervention_id: int):
    plan = load_plan(plan_id)
    intervention: PlanIntervention | None = next(
        (i for i in plan.interventions if i.id == intervention_id), None
    )
    if intervention is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_intervention(intervention)
    flash("Intervention removed.", "success")
    return redirect(url_for("plans.view", plan_id=plan.id))


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
