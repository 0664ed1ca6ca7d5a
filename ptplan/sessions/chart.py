"""The patient chart's "Session notes" section, the visit badges and the "New session note"
action (registered with ``ptplan.charting``).

Fixed statement count: ONE reads the note list (units summed in SQL), every unsigned note (for
the alerts) and the active plan lineage's visit figures (highest visit, last progress report,
first visit). The active plan comes from the plan section through ``ptplan.charting.memo``
(loaded here only when that section is absent). The visit figures feed the alerts and the
physician-certification badge, so no other provider needs to read the visits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import bindparam, func, or_, select

from ptplan import charting
from ptplan.auth.models import User
from ptplan.charting import Action, Badge, ChartSection, memo
from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.plans import certification
from ptplan.sessions import alerts, rules
from ptplan.sessions.models import NOTE_KINDS, NoteBillingLine, VisitNote

NOTE_LIMIT = 50


@dataclass(frozen=True)
class NoteRow:
    """What the chart shows of a note (and what its alerts read): plain values, no ORM object."""

    id: int
    kind: str
    date_of_service: date
    visit_number: int
    has_dry_needling: bool
    has_adverse_event: bool
    has_urgent_adverse_event: bool
    created_at: datetime
    signed_at: datetime | None
    therapist_name: str

    @property
    def kind_label(self) -> str:
        return NOTE_KINDS[self.kind]

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


_NOTE_COLUMNS = (
    VisitNote.id,
    VisitNote.kind,
    VisitNote.date_of_service,
    VisitNote.visit_number,
    VisitNote.has_dry_needling,
    VisitNote.has_adverse_event,
    VisitNote.has_urgent_adverse_event,
    VisitNote.created_at,
    VisitNote.signed_at,
    User.full_name,
)


@functools.cache
def _notes_statement(with_figures: bool):
    """Built once per process (bind parameters ``patient_id``, ``clinic_id`` and, with the
    figures, ``lineage_key``): building it costs more than running it."""
    units = (
        select(func.coalesce(func.sum(NoteBillingLine.units), 0))
        .where(NoteBillingLine.note_id == VisitNote.id)
        .scalar_subquery()
    )
    mine = (VisitNote.patient_id == bindparam("patient_id"), VisitNote.clinic_id == bindparam("clinic_id"))
    latest = (
        select(VisitNote.id)
        .where(*mine)
        .order_by(VisitNote.date_of_service.desc(), VisitNote.id.desc())
        .limit(NOTE_LIMIT)
    )
    figures = alerts.lineage_stats_columns(bindparam("lineage_key")) if with_figures else ()
    return (
        select(*_NOTE_COLUMNS, units, VisitNote.id.in_(latest), *figures)
        .join(User, User.id == VisitNote.therapist_id)
        .where(*mine, or_(VisitNote.id.in_(latest), VisitNote.signed_at.is_(None)))
        .order_by(VisitNote.date_of_service.desc(), VisitNote.id.desc())
    )


def _load_notes(patient) -> tuple[list[tuple[NoteRow, int]], list[NoteRow]]:
    """The latest ``NOTE_LIMIT`` notes with their units, and every unsigned note (for the
    alerts), in ONE statement: the unsigned ones older than the limit ride along.

    When there is an active plan, every row also carries its lineage's visit figures (three
    uncorrelated scalar subqueries: the database evaluates them once), handed to
    ``alerts.lineage_visit_stats`` for the rest of the request. A lineage's notes are the
    patient's notes, so a patient without notes has a lineage without visits.
    """
    plan = _active_plan(patient)
    params = {"patient_id": patient.id, "clinic_id": patient.clinic_id}
    if plan is not None:
        params["lineage_key"] = alerts.lineage_key_of(plan)
    rows = db.session.execute(_notes_statement(plan is not None), params).all()
    width = len(_NOTE_COLUMNS)
    if plan is not None:
        alerts.share_lineage_stats(params["lineage_key"], rows[0][width + 2 :] if rows else (0, 0, None))
    notes = [(NoteRow(*row[:width]), row[width], row[width + 1]) for row in rows]
    shown = [(note, units) for note, units, is_latest in notes if is_latest]
    return shown, [note for note, _units, _latest in notes if note.signed_at is None]


def _notes(patient):
    return memo(("session_notes", patient.id), lambda: _load_notes(patient))


def _active_plan(patient):
    return memo(("active_plan", patient.id), lambda: alerts.active_plan_of(patient))


def sections(patient, user) -> list[ChartSection]:
    if not user.can("clinical.read"):
        return []
    rows, unsigned = _notes(patient)
    now = utcnow()
    for note in unsigned:  # the chart's "unsigned over 24 h" flags turn on by the clock alone
        if not rules.note_unsigned_too_long(note.created_at, None, now):
            charting.valid_until(rules.unsigned_deadline(note.created_at))
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
    of its lineage (or after its start, before any visit): rule in ``certification.physician_cert_missing``.

    Shown whatever the patient's status (the visit alerts cover active patients only)."""
    plan = _active_plan(patient)
    if plan is None or plan.status != "active":
        return []
    _notes(patient)  # the figures come with the notes
    _highest, _last_progress, first = alerts.lineage_visit_stats(alerts.lineage_key_of(plan))
    if not certification.physician_cert_missing(
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
