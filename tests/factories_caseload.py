"""Row builders for the caseload tests: clinical rows made directly with the ORM, no UI."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ptplan.db import utcnow
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote


def evaluation(patient, therapist, day: date, kind: str = "initial") -> Evaluation:
    row = Evaluation(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        therapist_id=therapist.id,
        kind=kind,
        date_of_service=day,
    )
    db.session.add(row)
    db.session.flush()
    return row


def plan(
    patient,
    author,
    start: date,
    *,
    status: str = "active",
    cert_end: date | None = None,
    physician_signed_on: date | None = None,
) -> PlanOfCare:
    row = PlanOfCare(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        author_id=author.id,
        status=status,
        start_date=start,
        cert_start_date=start,
        cert_end_date=cert_end or start + timedelta(days=41),
        physician_signed_on=physician_signed_on,
    )
    db.session.add(row)
    db.session.flush()
    row.lineage_id = row.id
    db.session.flush()
    return row


def note(
    plan_row: PlanOfCare,
    therapist,
    day: date,
    visit_number: int,
    *,
    kind: str = "daily",
    signed: bool = True,
    created_at: datetime | None = None,
    dry_needling: bool = False,
    adverse: bool = False,
    urgent: bool = False,
) -> VisitNote:
    created = created_at or datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    row = VisitNote(
        clinic_id=plan_row.clinic_id,
        patient_id=plan_row.patient_id,
        plan_id=plan_row.id,
        therapist_id=therapist.id,
        kind=kind,
        date_of_service=day,
        visit_number=visit_number,
        has_dry_needling=dry_needling,
        has_adverse_event=adverse,
        has_urgent_adverse_event=urgent,
        created_at=created,
    )
    if signed:
        row.signed_at = created + timedelta(hours=1)
        row.signed_by_id = therapist.id
        row.content_hash = "0" * 64
    db.session.add(row)
    db.session.flush()
    return row


def visits(
    plan_row, therapist, first_day: date, count: int, *, start_number: int = 1, **kwargs
) -> list[VisitNote]:
    """``count`` daily notes on consecutive days, numbered from ``start_number``."""
    return [
        note(plan_row, therapist, first_day + timedelta(days=i), start_number + i, **kwargs)
        for i in range(count)
    ]


def score(patient, code: str, value: float, day: date, therapist_id: int | None = None) -> OutcomeScore:
    """A score recorded at a re-evaluation (which never counts as a new evaluation)."""
    source = Evaluation(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        therapist_id=therapist_id or patient.primary_therapist_id,
        kind="reevaluation",
        date_of_service=day,
    )
    db.session.add(source)
    db.session.flush()
    row = OutcomeScore(
        evaluation_id=source.id,
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        code=code,
        value=value,
        taken_on=day,
        source="evaluation",
        created_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    return row
