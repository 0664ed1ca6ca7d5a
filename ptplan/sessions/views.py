"""Session notes: new (copy-forward), draft edit, save-and-sign in one POST, view, addenda."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404, deny, requires
from ptplan.billing import CPT, PAYER_RULE_LABELS, BillingError
from ptplan.billing import visit as billing_visit
from ptplan.db import utcnow
from ptplan.dry_needling.services import dry_needling_clearance
from ptplan.exceptions import ConflictError, DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.library import services as library
from ptplan.patients.models import Patient
from ptplan.plans import services as plan_services
from ptplan.plans.models import PlanOfCare
from ptplan.records.services import addenda_for
from ptplan.sessions import prefill, progress, rules, services
from ptplan.sessions.forms import AddendumForm, NoteForm
from ptplan.sessions.models import DN_TECHNIQUES, NOTE_KINDS, TOLERANCES, TWITCH_GRADES, VisitNote

bp = Blueprint("sessions", __name__)


def _refuse(status: int, detail: str, *, patient_id=None, entity_id=None, category=services.CATEGORY):
    """Refusals are audited even though the request rolls back (the audit row commits first)."""
    deny(
        status,
        category,
        detail,
        patient_id=patient_id,
        entity_type="visit_note" if entity_id else "",
        entity_id=entity_id,
    )


def _load_note(note_id: int) -> VisitNote:
    note = clinic_object_or_404(VisitNote, note_id, category=services.CATEGORY)
    return services.load_note(note.id)


def _form_context(form: NoteForm, patient: Patient, plan: PlanOfCare, kind: str, note: VisitNote | None):
    today = current_user.clinic.today()
    muscles = library.muscles(patient.clinic_id, by_region=False)
    form.configure(plan_start=plan.start_date, today=today, muscles=muscles)
    dn_cleared, dn_reasons = dry_needling_clearance(patient) if plan.has_dry_needling else (False, [])
    exercise_names = {str(i.id): prefill.exercise_name(i) for i in plan.interventions_of("home_exercise")}
    goals = progress.goal_progress(plan, patient.id, today) if kind in ("progress", "discharge") else []
    comparison = (
        progress.outcome_comparison(patient.id, plan.start_date, today) if kind == "discharge" else []
    )
    return {
        "patient": patient,
        "plan": plan,
        "kind": kind,
        "kind_label": NOTE_KINDS[kind],
        "note": note,
        "dn_available": plan.has_dry_needling,
        "dn_cleared": dn_cleared,
        "dn_reasons": dn_reasons,
        "can_document_dn": current_user.can("clinical.sign"),
        "exercise_names": exercise_names,
        "goal_progress": {str(g.goal_id): g for g in goals},
        "comparison": comparison,
        "payer_rule": patient.payer_rule,
        "payer_rule_label": PAYER_RULE_LABELS[patient.payer_rule],
        "timed_codes": [code for code, entry in CPT.items() if entry.timed],
        "visit_number": note.visit_number if note else services.next_visit_number(plan),
        "visits_since_progress": services.visits_since_progress(plan),
        "preview": _billing_preview(form, patient.payer_rule),
    }


def _billing_preview(form: NoteForm, rule: str) -> billing_visit.VisitBilling:
    """The units table as first shown; sessions.js recomputes it live with the same rules."""
    minutes: dict[str, int] = {}
    for row in form.interventions:
        value = row.form.minutes.data
        if isinstance(value, int) and 0 < value <= 240 and row.form.cpt_code.data in CPT:
            minutes[row.form.cpt_code.data] = minutes.get(row.form.cpt_code.data, 0) + value
    dn = form.dn.form
    sides = [r.form.side.data for r in dn.muscles if r.form.muscle_id.data]
    dn_code = billing_visit.dry_needling_code_for(sides) if dn.delivered.data and sides else None
    dn_minutes = dn.minutes.data if isinstance(dn.minutes.data, int) and dn.minutes.data >= 0 else 0
    try:
        return billing_visit.visit_billing(minutes, dn_code=dn_code, dn_minutes=dn_minutes, rule=rule)
    except BillingError:
        return billing_visit.visit_billing({}, rule=rule)


def _check_posted_plan(form: NoteForm, plan: PlanOfCare, patient: Patient) -> None:
    """The plan id in the body must be this patient's active plan (AC-02: ids in bodies too)."""
    posted = services._int_or_none(form.plan_id.data)
    if posted == plan.id:
        return
    other = db.session.get(PlanOfCare, posted) if posted else None
    if other is not None and other.clinic_id != current_user.clinic_id:
        _refuse(404, "plan from another clinic", patient_id=patient.id)
    if other is not None and other.patient_id != patient.id:
        _refuse(404, "plan of another patient", patient_id=patient.id)
    raise ConflictError("The plan of care changed while you were writing. Check the note and save again.")


def _save(form: NoteForm, note: VisitNote | None, patient: Patient, plan: PlanOfCare, kind: str):
    """Validate, save (and sign when asked). Returns a redirect or None when the form must show again."""
    if request.method == "POST" and form.dn.form.delivered.data and not plan.has_dry_needling:
        form.problem = "The plan of care does not include dry needling; update the plan first."
        return None
    if not form.validate_on_submit():
        return None
    signing = request.form.get("action") == "sign"
    if signing and not current_user.can("clinical.sign"):
        _refuse(403, "sign without clinical.sign", patient_id=patient.id)
    if signing and not form.require_for_signing():
        return None
    try:
        _check_posted_plan(form, plan, patient)
        note = services.save_note(
            note, patient=patient, plan=plan, user=current_user, kind=kind, data=form.data, sign=signing
        )
    except services.NotePermissionError as problem:
        _refuse(403, str(problem)[:120], patient_id=patient.id, entity_id=note.id if note else None)
    except DomainError as problem:
        db.session.rollback()
        form.problem = str(problem)
        return None
    if signing:
        message = f"{NOTE_KINDS[kind]} signed and locked."
        if kind == "discharge":
            message += " The plan of care is completed and the patient is discharged."
        flash(message, "success")
    else:
        flash("Draft saved. It is not part of the record until you sign it.", "info")
    if note.has_urgent_adverse_event:
        flash("Suspected pneumothorax recorded: follow the urgent actions shown on the note.", "danger")
    return redirect(url_for("sessions.view", note_id=note.id))


@bp.route("/patients/<int:patient_id>/notes/new", methods=["GET", "POST"])
@requires("clinical.write")
def create(patient_id: int):
    patient = clinic_object_or_404(Patient, patient_id, category="demographics")
    kind = request.args.get("kind", "daily")
    if kind not in NOTE_KINDS:
        abort(404)
    plan = plan_services.active_plan(patient.id)
    if plan is None:
        flash("There is no active plan of care. Sign a plan of care before writing session notes.", "warning")
        return redirect(url_for("patients.chart", patient_id=patient.id))
    if request.method == "GET":
        last = services.last_note(plan)
        signed = current_user.clinic.local(plan.signed_at)
        form = NoteForm(
            data=prefill.new_note_data(
                plan, kind, current_user.clinic.today(), last, prescribed_on=signed.date() if signed else None
            )
        )
        audit.record("read", services.CATEGORY, patient_id=patient.id, detail=f"new {kind} note form")
    else:
        form = NoteForm()
    context = _form_context(form, patient, plan, kind, None)
    if request.method == "POST":
        response = _save(form, None, patient, plan, kind)
        if response is not None:
            return response
    return render_template("sessions/form.html", form=form, **context), (
        422 if request.method == "POST" else 200
    )


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@requires("clinical.write")
def edit(note_id: int):
    note = _load_note(note_id)
    if note.is_signed:
        if request.method == "POST":
            _refuse(409, "edit of a signed note", patient_id=note.patient_id, entity_id=note.id)
        flash("This note is signed and locked. Add an addendum to correct it.", "warning")
        return redirect(url_for("sessions.view", note_id=note.id))
    if note.therapist_id != current_user.id:
        _refuse(403, "edit of another therapist's note", patient_id=note.patient_id, entity_id=note.id)
    patient = db.session.get(Patient, note.patient_id)
    plan = db.session.get(PlanOfCare, note.plan_id)
    if request.method == "GET":
        signed = current_user.clinic.local(plan.signed_at)
        form = NoteForm(data=prefill.draft_data(note, plan, prescribed_on=signed.date() if signed else None))
        audit.record(
            "read", services.CATEGORY, patient_id=patient.id, entity_type="visit_note", entity_id=note.id
        )
    else:
        form = NoteForm()
    context = _form_context(form, patient, plan, note.kind, note)
    if request.method == "POST":
        if form.expected_version() not in (None, note.version):
            form.problem = "Someone saved this note since you opened it. Reload it and try again."
            return render_template("sessions/form.html", form=form, **context), 409
        response = _save(form, note, patient, plan, note.kind)
        if response is not None:
            return response
    return render_template("sessions/form.html", form=form, **context), (
        422 if request.method == "POST" else 200
    )


@bp.get("/notes/<int:note_id>")
@requires("clinical.read")
def view(note_id: int):
    note = _load_note(note_id)
    patient = db.session.get(Patient, note.patient_id)
    audit.record(
        "read", services.CATEGORY, patient_id=patient.id, entity_type="visit_note", entity_id=note.id
    )
    return render_template(
        "sessions/view.html",
        note=note,
        patient=patient,
        addenda=addenda_for("visit_note", [note.id])[note.id],
        comparison=progress.comparison_from_json(note.outcome_summary or []),
        overdue=rules.note_unsigned_too_long(note.created_at, note.signed_at, utcnow()),
        addendum_form=AddendumForm(),
        confirm=ConfirmForm(),
        can_edit=not note.is_signed and note.therapist_id == current_user.id,
        verified=note.verify_content_hash() if note.is_signed else None,
        dn_techniques=DN_TECHNIQUES,
        twitch_grades=TWITCH_GRADES,
        tolerances=TOLERANCES,
    )


@bp.post("/notes/<int:note_id>/sign")
@requires("clinical.sign")
def sign(note_id: int):
    note = _load_note(note_id)
    if note.is_signed:
        _refuse(409, "sign of a signed note", patient_id=note.patient_id, entity_id=note.id)
    if note.therapist_id != current_user.id:
        _refuse(403, "sign of another therapist's note", patient_id=note.patient_id, entity_id=note.id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    patient = db.session.get(Patient, note.patient_id)
    plan = db.session.get(PlanOfCare, note.plan_id)
    try:
        services.sign_note(note, current_user, patient=patient, plan=plan)
    except ConflictError:
        raise  # signed a moment ago by a concurrent request: 409, not "fix the draft"
    except DomainError as problem:
        db.session.rollback()
        flash(f"Not signed: {problem} Open the draft to fix it.", "danger")
        return redirect(url_for("sessions.edit", note_id=note_id))
    flash(f"{note.kind_label} signed and locked.", "success")
    return redirect(url_for("sessions.view", note_id=note.id))


@bp.post("/notes/<int:note_id>/addenda")
@requires("clinical.write")
def add_addendum(note_id: int):
    note = _load_note(note_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        flash("Addendum not saved: give both a reason and the text.", "danger")
        return redirect(url_for("sessions.view", note_id=note.id) + "#addenda")
    try:
        services.add_addendum(note, current_user, reason=form.reason.data, body=form.body.data)
    except DomainError as problem:
        db.session.rollback()
        flash(str(problem), "danger")
    else:
        flash("Addendum added beneath the signed note. The original is unchanged.", "success")
    return redirect(url_for("sessions.view", note_id=note.id) + "#addenda")
