"""Demo amendment request: the second demo patient asks to correct a date in the initial evaluation.

Runs after the evaluations seeder. Idempotent: nothing is added once the clinic has a request.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ptplan.amendments import services
from ptplan.amendments.models import AmendmentRequest
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db

MANAGER = "manager@demo.ptplan.test"


def seed(demo) -> None:
    clinic = demo.clinic
    if db.session.scalar(
        select(func.count(AmendmentRequest.id)).where(AmendmentRequest.clinic_id == clinic.id)
    ):
        return
    if len(demo.patients) < 2 or MANAGER not in demo.users:
        return
    patient = demo.patients[1]
    evaluation = db.session.scalar(
        select(Evaluation)
        .where(Evaluation.patient_id == patient.id, Evaluation.signed_at.is_not(None))
        .order_by(Evaluation.date_of_service)
    )
    if evaluation is None:
        return
    today = clinic.today()
    services.record_request(
        patient,
        record_key=f"evaluation:{evaluation.id}",
        requested_by=f"{patient.first_name} {patient.last_name} (patient), by letter",
        received_on=max(evaluation.date_of_service, today - timedelta(days=3)),
        requested_change="The history says the pain began after gardening; it began after a long drive.",
        reason="The cause matters for my claim with my car insurer.",
        actor=demo.users[MANAGER],
        today=today,
    )
