"""Record, extend and decide patients' amendment requests; append disagreement and rebuttal.

Rules (HIPAA §164.526; SECURITY.md NOTE-04): the request names a signed record and is never
allowed to change it. Accepting appends an addendum through ``records.services`` (the only way a
signed record is corrected) and links it to the request. Denying appends the reason; the
patient's statement of disagreement and the clinic's rebuttal are appended after it. Each step
is written once, flushed and audited here; the request commits with the web request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ptplan.amendments import rules
from ptplan.amendments.models import AmendmentRequest
from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.db import Signable, utcnow
from ptplan.evaluations.models import EVALUATION_KINDS, Evaluation
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.records import services as records
from ptplan.sessions.models import NOTE_KINDS, VisitNote

CATEGORY = "amendment"
RECORD_MODELS = {"evaluation": Evaluation, "visit_note": VisitNote, "plan_of_care": PlanOfCare}


class AmendmentError(DomainError):
    """A step the request's state or the user's role does not allow; the message says why."""


@dataclass(frozen=True)
class RecordChoice:
    key: str  # "visit_note:12"
    label: str


def record_label(record_type: str, record: Signable) -> str:
    if record_type == "evaluation":
        return f"{EVALUATION_KINDS[record.kind]}, {record.date_of_service.isoformat()}"
    if record_type == "visit_note":
        return (
            f"{NOTE_KINDS[record.kind]} (visit {record.visit_number}), {record.date_of_service.isoformat()}"
        )
    return f"Plan of care v{record.version_number}, from {record.start_date.isoformat()}"


def signed_records(patient: Patient) -> list[RecordChoice]:
    """The patient's signed records a request can name, newest first (three small queries)."""
    choices: list[tuple[date, RecordChoice]] = []
    for record_type, model in RECORD_MODELS.items():
        on = model.start_date if model is PlanOfCare else model.date_of_service
        rows = db.session.scalars(
            select(model)
            .where(model.patient_id == patient.id, model.signed_at.is_not(None))
            .order_by(on.desc())
        )
        for row in rows:
            when = row.start_date if model is PlanOfCare else row.date_of_service
            choices.append((when, RecordChoice(f"{record_type}:{row.id}", record_label(record_type, row))))
    choices.sort(key=lambda item: item[0], reverse=True)
    return [choice for _, choice in choices]


def load_record(request: AmendmentRequest | None = None, *, record_type: str = "", record_id: int = 0):
    if request is not None:
        record_type, record_id = request.record_type, request.record_id
    model = RECORD_MODELS.get(record_type)
    return db.session.get(model, record_id) if model is not None else None


def assigned_therapist_id(request: AmendmentRequest) -> int | None:
    """The patient's primary therapist decides; without one, whoever signed the record."""
    patient = db.session.get(Patient, request.patient_id)
    if patient.primary_therapist_id:
        return patient.primary_therapist_id
    record = load_record(request)
    return record.signed_by_id if record is not None else None


def may_decide(request: AmendmentRequest, user: User) -> bool:
    return user.can("clinical.sign") and assigned_therapist_id(request) == user.id


def record_request(
    patient: Patient,
    *,
    record_key: str,
    requested_by: str,
    received_on: date,
    requested_change: str,
    reason: str,
    actor: User,
    today: date,
) -> AmendmentRequest:
    """Log a request received from the patient (or their representative); due = received + 60 days."""
    record_type, _, raw_id = (record_key or "").partition(":")
    record = load_record(record_type=record_type, record_id=int(raw_id)) if raw_id.isdigit() else None
    if record is None or record.patient_id != patient.id or not record.is_signed:
        raise AmendmentError("Choose one of this patient's signed records.")
    if received_on > today:
        raise AmendmentError("The date received cannot be in the future.")
    amendment = AmendmentRequest(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        record_type=record_type,
        record_id=record.id,
        requested_by=requested_by.strip(),
        received_on=received_on,
        requested_change=requested_change.strip(),
        request_reason=reason.strip(),
        due_on=rules.due_on(received_on),
        recorded_by_id=actor.id,
        status="open",
    )
    db.session.add(amendment)
    db.session.flush()
    _audit("amendment_request", amendment, "create")
    return amendment


def extend(amendment: AmendmentRequest, *, reason: str, actor: User, today: date) -> None:
    """The one 30-day extension, with its written reason, given within the first 60 days."""
    if not amendment.is_open:
        raise AmendmentError("This request is already decided; it cannot be extended.")
    if amendment.extended_due_on is not None:
        raise AmendmentError("This request was already extended once; only one extension is allowed.")
    if today > amendment.due_on:
        raise AmendmentError(
            f"The extension had to be given by {amendment.due_on.isoformat()} (within 60 days of receipt); "
            "decide on the request now."
        )
    if not reason.strip():
        raise AmendmentError("Give the reason for the extension; the patient is told it in writing.")
    amendment.extended_due_on = rules.extended_due_on(amendment.due_on)
    amendment.extension_reason = reason.strip()
    amendment.extended_by_id = actor.id
    amendment.extended_at = utcnow()
    db.session.flush()
    _audit("amendment_extend", amendment)


def accept(amendment: AmendmentRequest, *, amendment_text: str, actor: User) -> None:
    """Accepted: an addendum with the amendment, linked to the request; the original stays as signed."""
    _check_decider(amendment, actor)
    record = load_record(amendment)
    addendum = records.add_addendum(
        record,
        actor,
        record_type=amendment.record_type,
        category=CATEGORY,
        patient_id=amendment.patient_id,
        reason=f"Patient amendment request #{amendment.id} accepted",
        body=amendment_text,
    )
    amendment.addendum_id = addendum.id
    amendment.status = "accepted"
    amendment.decided_by_id = actor.id
    amendment.decided_at = utcnow()
    db.session.flush()
    _audit("amendment_accept", amendment)


def deny(amendment: AmendmentRequest, *, reason: str, actor: User) -> None:
    """Denied: the reason is appended (§164.526(d)(1)); the record is not touched."""
    _check_decider(amendment, actor)
    if not reason.strip():
        raise AmendmentError("Give the reason for the denial; the patient receives it in writing.")
    amendment.status = "denied"
    amendment.decision_reason = reason.strip()
    amendment.decided_by_id = actor.id
    amendment.decided_at = utcnow()
    db.session.flush()
    _audit("amendment_deny", amendment)


def add_disagreement(
    amendment: AmendmentRequest, *, statement: str, received_on: date, actor: User, today: date
):
    """The patient's statement of disagreement with a denial (§164.526(d)(1)(iii)), once."""
    if amendment.status != "denied":
        raise AmendmentError("A statement of disagreement follows a denial.")
    if amendment.disagreement is not None:
        raise AmendmentError("The statement of disagreement is already on file; it cannot be replaced.")
    if not statement.strip():
        raise AmendmentError("Enter the patient's statement.")
    if received_on > today or received_on < amendment.received_on:
        raise AmendmentError("The date received must be between the request's date and today.")
    amendment.disagreement = statement.strip()
    amendment.disagreement_received_on = received_on
    amendment.disagreement_recorded_by_id = actor.id
    db.session.flush()
    _audit("amendment_disagree", amendment)


def add_rebuttal(amendment: AmendmentRequest, *, rebuttal: str, actor: User) -> None:
    """The clinic's rebuttal to the statement of disagreement (§164.526(d)(2)), once."""
    _check_decider(amendment, actor, decided=True)
    if amendment.disagreement is None:
        raise AmendmentError("A rebuttal answers the patient's statement of disagreement; there is none yet.")
    if amendment.rebuttal is not None:
        raise AmendmentError("The rebuttal is already on file; it cannot be replaced.")
    if not rebuttal.strip():
        raise AmendmentError("Enter the rebuttal.")
    amendment.rebuttal = rebuttal.strip()
    amendment.rebuttal_by_id = actor.id
    amendment.rebuttal_at = utcnow()
    db.session.flush()
    _audit("amendment_rebuttal", amendment)


def _check_decider(amendment: AmendmentRequest, actor: User, *, decided: bool = False) -> None:
    if not may_decide(amendment, actor):
        raise AmendmentError("Only the patient's assigned therapist decides on this request.")
    if decided and amendment.status != "denied":
        raise AmendmentError("A rebuttal follows a denial.")
    if not decided and not amendment.is_open:
        raise AmendmentError("This request is already decided.")


def _audit(action: str, amendment: AmendmentRequest, detail: str = "") -> None:
    audit.record(
        action,
        CATEGORY,
        patient_id=amendment.patient_id,
        entity_type="amendment_request",
        entity_id=amendment.id,
        detail=detail or f"{amendment.record_type} {amendment.record_id}",
    )


def for_patient(patient_id: int) -> list[AmendmentRequest]:
    return list(
        db.session.scalars(
            select(AmendmentRequest)
            .where(AmendmentRequest.patient_id == patient_id)
            .order_by(AmendmentRequest.received_on.desc(), AmendmentRequest.id.desc())
        )
    )


def for_record(record_type: str, record_id: int) -> list[AmendmentRequest]:
    """Requests naming one record, oldest first (for its PDF)."""
    return list(
        db.session.scalars(
            select(AmendmentRequest)
            .where(AmendmentRequest.record_type == record_type, AmendmentRequest.record_id == record_id)
            .order_by(AmendmentRequest.received_on, AmendmentRequest.id)
        )
    )


@dataclass(frozen=True)
class OpenCounts:
    open: int
    warning: int
    overdue: int


def open_counts(clinic_id: int, today: date) -> OpenCounts:
    """Open requests of the clinic, and how many are in the warning window or overdue (one query)."""
    effective = func.coalesce(AmendmentRequest.extended_due_on, AmendmentRequest.due_on)
    warn_from = today.toordinal() + rules.WARNING_DAYS_LEFT
    rows = db.session.execute(
        select(effective).where(AmendmentRequest.clinic_id == clinic_id, AmendmentRequest.status == "open")
    ).scalars()
    total = warning = overdue = 0
    for due in rows:
        total += 1
        if due < today:
            overdue += 1
        elif due.toordinal() <= warn_from:
            warning += 1
    return OpenCounts(total, warning, overdue)


def open_requests(clinic_id: int) -> list[tuple[AmendmentRequest, Patient]]:
    """Every open request of the clinic with its patient, most urgent first."""
    effective = func.coalesce(AmendmentRequest.extended_due_on, AmendmentRequest.due_on)
    return list(
        db.session.execute(
            select(AmendmentRequest, Patient)
            .join(Patient, Patient.id == AmendmentRequest.patient_id)
            .where(AmendmentRequest.clinic_id == clinic_id, AmendmentRequest.status == "open")
            .order_by(effective, AmendmentRequest.id)
        ).all()
    )
