"""Visit notes: one row builder, and a run of consecutive visits.

Notes are written directly (not through the note screens), so tests of the caseload, the chart
and the alerts depend only on the note model's contract.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ptplan.extensions import db
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import NoteBillingLine, VisitNote


def make_note(
    plan: PlanOfCare,
    therapist,
    day: date,
    visit_number: int = 1,
    *,
    kind: str = "daily",
    signed: bool = True,
    created_at: datetime | None = None,
    signed_at: datetime | None = None,
    dry_needling: bool = False,
    adverse: bool = False,
    urgent: bool = False,
    billing: tuple[tuple[str, int, int], ...] = (),
    nprs_before: int | None = None,
    commit: bool = False,
) -> VisitNote:
    """A note of the plan's patient on ``day``, written at 15:00 UTC that day (``created_at``) and
    signed an hour later (``signed_at``) unless ``signed=False``; ``billing`` holds
    (CPT code, minutes, units) lines. Flushed, or committed with ``commit=True``."""
    created = created_at or datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    note = VisitNote(
        clinic_id=plan.clinic_id,
        patient_id=plan.patient_id,
        plan_id=plan.id,
        therapist_id=therapist.id,
        kind=kind,
        date_of_service=day,
        visit_number=visit_number,
        has_dry_needling=dry_needling,
        has_adverse_event=adverse,
        has_urgent_adverse_event=urgent,
        nprs_before=nprs_before,
        created_at=created,
        billing_lines=[NoteBillingLine(cpt_code=code, minutes=m, units=u) for code, m, u in billing],
    )
    if signed:
        note.signed_at = signed_at or created + timedelta(hours=1)
        note.signed_by_id = therapist.id
        note.content_hash = "0" * 64
    db.session.add(note)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return note


def visits(
    plan, therapist, first_day: date, count: int, *, start_number: int = 1, **note_options
) -> list[VisitNote]:
    """``count`` notes on consecutive days from ``first_day``, numbered from ``start_number``."""
    return [
        make_note(plan, therapist, first_day + timedelta(days=i), start_number + i, **note_options)
        for i in range(count)
    ]
