"""The patient chart's "Session notes" section, alert badges and the "New session note" action.

Fixed query count: one for the note list (units summed in SQL) and, for the alerts, one for
the unsigned notes; the active plan and the lineage's visit figures are shared with the plan
section through ``ptplan.patients.chart.memo`` (loaded here only when that section is absent).
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, or_, select

from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.patients.chart import Action, Badge, ChartSection, memo
from ptplan.sessions import alerts, rules
from ptplan.sessions.models import NoteBillingLine, VisitNote

NOTE_LIMIT = 50


def _load_notes(patient) -> tuple[list, list[VisitNote]]:
    """The latest ``NOTE_LIMIT`` notes with their units, and every unsigned note (for the
    alerts), in ONE statement: the unsigned ones older than the limit ride along."""
    units = (
        select(func.coalesce(func.sum(NoteBillingLine.units), 0))
        .where(NoteBillingLine.note_id == VisitNote.id)
        .scalar_subquery()
    )
    mine = (VisitNote.patient_id == patient.id, VisitNote.clinic_id == patient.clinic_id)
    latest = (
        select(VisitNote.id)
        .where(*mine)
        .order_by(VisitNote.date_of_service.desc(), VisitNote.id.desc())
        .limit(NOTE_LIMIT)
    )
    rows = db.session.execute(
        select(VisitNote, units, VisitNote.id.in_(latest))
        .where(*mine, or_(VisitNote.id.in_(latest), VisitNote.signed_at.is_(None)))
        .order_by(VisitNote.date_of_service.desc(), VisitNote.id.desc())
    ).all()
    shown = [(note, total) for note, total, is_latest in rows if is_latest]
    return shown, [note for note, _total, _latest in rows if note.signed_at is None]


def _notes(patient):
    return memo(("session_notes", patient.id), lambda: _load_notes(patient))


def sections(patient, user) -> list[ChartSection]:
    if not user.can("clinical.read"):
        return []
    rows, _unsigned = _notes(patient)
    now = utcnow()
    notes = [
        {
            "note": note,
            "units": total_units,
            "overdue": rules.note_unsigned_too_long(note.created_at, note.signed_at, now),
        }
        for note, total_units in rows
    ]
    return [
        ChartSection(
            key="session-notes",
            title="Session notes",
            template="sessions/_chart_section.html",
            order=40,
            context={"notes": notes, "limit": NOTE_LIMIT, "can_write": user.can("clinical.write")},
        )
    ]


def badges(patient, user) -> list[Badge]:
    if not user.can("clinical.read"):
        return []
    found = alerts.alerts_for_patient(patient, plan=_active_plan(patient), unsigned=_notes(patient)[1])
    return [Badge(label=a.label, tone=a.severity, title=a.message) for a in found]


def _active_plan(patient):
    return memo(("active_plan", patient.id), lambda: alerts.active_plan_of(patient))


def actions(patient, user) -> list[Action]:
    if not user.can("clinical.write") or patient.status == "archived":
        return []
    if _active_plan(patient) is None:
        return []
    new = url_for("sessions.create", patient_id=patient.id)
    return [
        Action("New session note", new, primary=True),
        Action("Progress note", url_for("sessions.create", patient_id=patient.id, kind="progress")),
        Action("Discharge summary", url_for("sessions.create", patient_id=patient.id, kind="discharge")),
    ]
