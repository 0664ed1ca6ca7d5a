"""Amendment requests: record from the chart, view, extend, decide, append; the manager's list."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.amendments import rules, services
from ptplan.amendments.forms import (
    AcceptForm,
    AmendmentRequestForm,
    DenyForm,
    DisagreementForm,
    ExtendForm,
    RebuttalForm,
)
from ptplan.amendments.models import STATUSES, AmendmentRequest
from ptplan.audit import services as audit
from ptplan.auth import access
from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.auth.models import User
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.records.services import addenda_for

bp = Blueprint("amendments", __name__)


def _load(request_id: int) -> AmendmentRequest:
    return clinic_object_or_404(AmendmentRequest, request_id, category=services.CATEGORY)


@bp.route("/patients/<int:patient_id>/amendments/new", methods=["GET", "POST"])
@requires("patient.write")
def new(patient_id: int):
    patient = clinic_object_or_404(Patient, patient_id, category=services.CATEGORY)
    today = current_user.clinic.today()
    form = AmendmentRequestForm()
    records = services.signed_records(patient)
    form.record.choices = [("", "Choose a signed record")] + [(c.key, c.label) for c in records]
    if request.method == "GET":
        form.received_on.data = today
        audit.record(
            "read", services.CATEGORY, patient_id=patient.id, entity_type="patient", entity_id=patient.id
        )
    if form.validate_on_submit():
        try:
            amendment = services.record_request(
                patient,
                record_key=form.record.data,
                requested_by=form.requested_by.data,
                received_on=form.received_on.data,
                requested_change=form.requested_change.data,
                reason=form.reason.data,
                actor=current_user,
                today=today,
            )
        except services.AmendmentError as problem:
            target = form.received_on if "date" in str(problem) else form.record
            target.errors.append(str(problem))
        else:
            flash(
                f"Amendment request recorded. The decision is due by {amendment.due_on.isoformat()} "
                "(60 days after it was received).",
                "success",
            )
            return redirect(url_for("amendments.view", request_id=amendment.id))
    return render_template("amendments/new.html", form=form, patient=patient, has_records=bool(records)), (
        422 if form.errors else 200
    )


@bp.get("/amendments/<int:request_id>")
@requires("patient.read")
def view(request_id: int):
    amendment = _load(request_id)
    audit.record(
        "read",
        services.CATEGORY,
        patient_id=amendment.patient_id,
        entity_type="amendment_request",
        entity_id=amendment.id,
    )
    return _page(amendment)


def _page(amendment: AmendmentRequest, status: int = 200, step_error: str | None = None, **forms):
    patient = db.session.get(Patient, amendment.patient_id)
    record = services.load_record(amendment)
    today = current_user.clinic.today()
    decider_id = services.assigned_therapist_id(amendment)
    return render_template(
        "amendments/view.html",
        amendment=amendment,
        patient=patient,
        record=record,
        record_label=services.record_label(amendment.record_type, record),
        record_url=_record_url(amendment),
        record_addenda=addenda_for(amendment.record_type, [record.id])[record.id],
        urgency=rules.urgency(amendment.effective_due_on, today) if amendment.is_open else None,
        statuses=STATUSES,
        step_error=step_error,
        decider=db.session.get(User, decider_id) if decider_id else None,
        may_decide=services.may_decide(amendment, current_user),
        may_write=current_user.can("patient.write"),
        extend_form=forms.get("extend_form") or ExtendForm(),
        accept_form=forms.get("accept_form") or AcceptForm(amendment_text=amendment.requested_change),
        deny_form=forms.get("deny_form") or DenyForm(),
        disagreement_form=forms.get("disagreement_form") or DisagreementForm(received_on=today),
        rebuttal_form=forms.get("rebuttal_form") or RebuttalForm(),
    ), status


def _record_url(amendment: AmendmentRequest) -> str:
    if amendment.record_type == "evaluation":
        return url_for("evaluations.view", evaluation_id=amendment.record_id)
    if amendment.record_type == "visit_note":
        return url_for("sessions.view", note_id=amendment.record_id)
    return url_for("plans.view", plan_id=amendment.record_id)


def _step(request_id: int, form_name: str, form_class, permission_check, act):
    """Shared POST handling: load (404), check (403), validate (422 beside the field), act, redirect."""
    amendment = _load(request_id)
    form = form_class()
    if not permission_check(amendment):
        access.deny(
            403,
            services.CATEGORY,
            form_name,
            patient_id=amendment.patient_id,
            entity_type="amendment_request",
            entity_id=amendment.id,
        )
    if form.validate_on_submit():
        try:
            message = act(amendment, form)
        except DomainError as problem:
            db.session.rollback()
            amendment = _load(request_id)
            first_field = next(iter(f for f in form if f.type not in ("CSRFTokenField", "SubmitField")))
            first_field.errors.append(str(problem))
            return _page(amendment, 422, step_error=str(problem), **{form_name: form})
        flash(message, "success")
        return redirect(url_for("amendments.view", request_id=amendment.id))
    return _page(amendment, 422, **{form_name: form})


@bp.post("/amendments/<int:request_id>/extend")
@requires("patient.write")
def extend(request_id: int):
    def act(amendment, form):
        services.extend(
            amendment, reason=form.reason.data, actor=current_user, today=current_user.clinic.today()
        )
        return f"Extended once, to {amendment.extended_due_on.isoformat()}. Tell the patient the reason in writing."

    return _step(request_id, "extend_form", ExtendForm, lambda a: True, act)


@bp.post("/amendments/<int:request_id>/accept")
@requires("clinical.sign")
def accept(request_id: int):
    def act(amendment, form):
        services.accept(amendment, amendment_text=form.amendment_text.data, actor=current_user)
        return "Accepted. The amendment is appended to the record as an addendum; tell the patient."

    return _step(request_id, "accept_form", AcceptForm, lambda a: services.may_decide(a, current_user), act)


@bp.post("/amendments/<int:request_id>/deny")
@requires("clinical.sign")
def deny(request_id: int):
    def act(amendment, form):
        services.deny(amendment, reason=form.reason.data, actor=current_user)
        return "Denied. Send the patient the written denial; they may file a statement of disagreement."

    return _step(request_id, "deny_form", DenyForm, lambda a: services.may_decide(a, current_user), act)


@bp.post("/amendments/<int:request_id>/disagreement")
@requires("patient.write")
def disagreement(request_id: int):
    def act(amendment, form):
        services.add_disagreement(
            amendment,
            statement=form.statement.data,
            received_on=form.received_on.data,
            actor=current_user,
            today=current_user.clinic.today(),
        )
        return "Statement of disagreement appended to the record."

    return _step(request_id, "disagreement_form", DisagreementForm, lambda a: True, act)


@bp.post("/amendments/<int:request_id>/rebuttal")
@requires("clinical.sign")
def rebuttal(request_id: int):
    def act(amendment, form):
        services.add_rebuttal(amendment, rebuttal=form.rebuttal.data, actor=current_user)
        return "Rebuttal appended. Send the patient a copy."

    return _step(
        request_id, "rebuttal_form", RebuttalForm, lambda a: services.may_decide(a, current_user), act
    )


@bp.get("/amendments/")
@requires("caseload.all")
def open_list():
    today = current_user.clinic.today()
    rows = [
        (amendment, patient, rules.urgency(amendment.effective_due_on, today))
        for amendment, patient in services.open_requests(current_user.clinic_id)
    ]
    audit.record("query", services.CATEGORY, detail=f"open amendment requests ({len(rows)})")
    return render_template("amendments/list.html", rows=rows, today=today)
