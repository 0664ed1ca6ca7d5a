"""The patient chart's "Session notes" section, the visit badges and the "New session note"
action (registered with ``ptplan.charting``).

Fixed statement count: ONE reads the note list (units summed in SQL), every unsigned note (for
the alerts) and the active plan lineage's visit figures (highest visit, last progress report,
first visit). The active plan comes from the plan section through ``ptplan.charting.memo``
(loaded here only when that section is absent). The visit figures feed the alerts and the
physician-certification badge, so no other provider needs to read the visits.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, or_, select

from ptplan import charting
from ptplan.charting import Action, Badge, ChartSection, memo
from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.sessions import alerts, rules
from ptplan.sessions.models import NoteBillingLine, VisitNote

NOTE_LIMIT = 50


def _load_notes(patient) -> tuple[list, list[VisitNote]]:
    """The latest ``NOTE_LIMIT`` notes with their units, and every unsigned note (for the
    alerts), in ONE statement: the unsigned ones older than the limit ride along.

    When there is an active plan, every row also carries its lineage's visit figures (three
    uncorrelated scalar subqueries: the database evaluates them once), handed to
    ``alerts.lineage_visit_stats`` for the rest of the request. A lineage's notes are the
    patient's notes, so a patient without notes has a lineage without visits.
    """
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
    plan = _active_plan(patient)
    figures = alerts.lineage_stats_columns(alerts.lineage_key_of(plan)) if plan is not None else ()
    rows = db.session.execute(
        select(VisitNote, units, VisitNote.id.in_(latest), *figures)
        .where(*mine, or_(VisitNote.id.in_(latest), VisitNote.signed_at.is_(None)))
        .order_by(VisitNote.date_of_service.desc(), VisitNote.id.desc())
    ).all()
    if plan is not None:
        alerts.share_lineage_stats(alerts.lineage_key_of(plan), rows[0][3:] if rows else (0, 0, None))
    shown = [(row[0], row[1]) for row in rows if row[2]]
    return shown, [row[0] for row in rows if row[0].signed_at is None]


def _notes(patient):
    return memo(("session_notes", patient.id), lambda: _load_notes(patient))


def _active_plan(patient):
    return memo(("active_plan", patient.id), lambda: alerts.active_plan_of(patient))


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


def _certification_badge(patient, user) -> list[Badge]:
    """The active plan still lacks the physician's certification 30 days after the first visit
    of its lineage (or after its start, before any visit): rule in ``rules.physician_cert_missing``.

    Shown whatever the patient's status (the visit alerts cover active patients only)."""
    plan = _active_plan(patient)
    if plan is None or plan.status != "active":
        return []
    _notes(patient)  # the figures come with the notes
    _highest, _last_progress, first = alerts.lineage_visit_stats(alerts.lineage_key_of(plan))
    if not rules.physician_cert_missing(
        first or plan.start_date, plan.physician_signed_on, user.clinic.today()
    ):
        return []
    return [
        Badge("Physician certification missing", "danger", title="More than 30 days after the first visit")
    ]


def badges(patient, user) -> list[Badge]:
    if not user.can("clinical.read"):
        return []
    certification = _certification_badge(patient, user)
    found = alerts.alerts_for_patient(patient, plan=_active_plan(patient), unsigned=_notes(patient)[1])
    return certification + [Badge(label=a.label, tone=a.severity, title=a.message) for a in found]


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


charting.register("sessions", order=30, sections=sections, badges=badges, actions=actions)
