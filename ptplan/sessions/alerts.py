"""Chart and "My day" alerts: progress note due, recertification, physician certification,
unsigned notes. Thresholds come from ptplan.sessions.rules.

Each entry point runs three queries whatever the number of patients, plans or notes:
active plans (with their patients), visit counts per plan lineage, and unsigned notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from ptplan.auth.models import User
from ptplan.charting import memo
from ptplan.db import built_once, utcnow
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.plans import certification
from ptplan.plans.models import PlanOfCare
from ptplan.sessions import rules
from ptplan.sessions.models import VisitNote

SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}


@dataclass
class Alert:
    kind: str  # progress_note, recert, physician_cert, unsigned_note
    patient_id: int
    patient_name: str
    label: str
    message: str
    severity: str  # bootstrap colour: danger / warning / info
    url: str
    sort_key: tuple = ()


def _visit_stats(keys: list[int]) -> dict[int, tuple[int, int, date | None]]:
    """Per lineage: highest visit number, visit number of the last progress note, first visit date."""
    if not keys:
        return {}
    lineage = PlanOfCare.lineage_id
    rows = db.session.execute(
        select(
            lineage,
            func.max(VisitNote.visit_number),
            func.max(case((VisitNote.kind == "progress", VisitNote.visit_number), else_=0)),
            func.min(VisitNote.date_of_service),
        )
        .join(PlanOfCare, PlanOfCare.id == VisitNote.plan_id)
        .where(lineage.in_(keys))
        .group_by(lineage)
    ).all()
    return {key: (highest or 0, last_progress or 0, first) for key, highest, last_progress, first in rows}


def lineage_key_of(plan: PlanOfCare) -> int:
    """The key of the plan's lineage (a first version's is its own id)."""
    return plan.lineage_id


def lineage_visit_stats(key: int) -> tuple[int, int, date | None]:
    """``_visit_stats`` for one lineage, loaded once per request (the chart's session section
    reads it with the notes; its badges and the alerts reuse it)."""
    return memo(("lineage_visits", key), lambda: lineage_stats(key))


@built_once
def _lineage_member():
    """Built once, on first use (an alias costs about a millisecond, but building it at import
    configures every mapper at start); lets the figures correlate to an outer plan row."""
    return aliased(PlanOfCare)


def lineage_stats_columns(key) -> tuple:
    """The three lineage figures as scalar subqueries, for a statement that reads other things
    too (the chart folds them into its plan statement); index seeks on plan and note. ``key``
    is a lineage id, or a column expression of an enclosing statement (they correlate)."""
    member = _lineage_member()
    members = select(member.id).where(member.lineage_id == key)
    notes = VisitNote.plan_id.in_(members)
    return (
        select(func.max(VisitNote.visit_number)).where(notes).scalar_subquery(),
        select(func.max(case((VisitNote.kind == "progress", VisitNote.visit_number), else_=0)))
        .where(notes)
        .scalar_subquery(),
        select(func.min(VisitNote.date_of_service)).where(notes).scalar_subquery(),
    )


def share_lineage_stats(key: int, figures) -> None:
    """Hand figures read by ``lineage_stats_columns`` (folded into another statement) to
    ``lineage_visit_stats`` for the rest of this request."""
    highest, last_progress, first = figures
    memo(("lineage_visits", key), lambda: (highest or 0, last_progress or 0, first))


def lineage_stats(key: int) -> tuple[int, int, date | None]:
    """``_visit_stats([key])[key]`` by index seeks: the lineage's plans, then their notes.

    Not memoised: the note services read it again after a save in the same request."""
    highest, last_progress, first = db.session.execute(select(*lineage_stats_columns(key))).one()
    return highest or 0, last_progress or 0, first


def _plan_alerts(
    pairs: list[tuple[PlanOfCare, Patient]], today: date, *, shared: bool = False
) -> list[Alert]:
    keys = sorted({p.lineage_id for p, _ in pairs})
    stats = {key: lineage_visit_stats(key) for key in keys} if shared else _visit_stats(keys)
    alerts: list[Alert] = []
    for plan, patient in pairs:
        chart = url_for("patients.chart", patient_id=patient.id)
        highest, last_progress, first_visit = stats.get(plan.lineage_id, (0, 0, None))
        since = highest - last_progress
        status = rules.progress_note_status(since)
        if status:
            alerts.append(
                Alert(
                    "progress_note",
                    patient.id,
                    patient.full_name,
                    "Progress note overdue" if status == "overdue" else "Progress note due",
                    f"{since} treatment days since the last progress report; one is required at least every "
                    f"{rules.PROGRESS_NOTE_EVERY_VISITS}.",
                    "danger" if status == "overdue" else "warning",
                    url_for("sessions.create", patient_id=patient.id, kind="progress"),
                )
            )
        recert = certification.recert_status(plan.cert_end_date, today)
        if recert:
            days = (plan.cert_end_date - today).days
            alerts.append(
                Alert(
                    "recert",
                    patient.id,
                    patient.full_name,
                    "Recertification overdue" if recert == "overdue" else "Recertification due",
                    f"The certification period ended on {plan.cert_end_date.isoformat()}."
                    if recert == "overdue"
                    else f"The certification period ends in {days} day{'s' if days != 1 else ''} "
                    f"({plan.cert_end_date.isoformat()}).",
                    "danger" if recert == "overdue" else "warning",
                    chart,
                )
            )
        first_treatment = first_visit or plan.start_date
        if certification.physician_cert_missing(first_treatment, plan.physician_signed_on, today):
            alerts.append(
                Alert(
                    "physician_cert",
                    patient.id,
                    patient.full_name,
                    "Physician certification missing",
                    f"The physician has not certified the plan, more than {certification.PHYSICIAN_CERT_DAYS} days "
                    f"after the first treatment ({first_treatment.isoformat()}).",
                    "danger",
                    chart,
                )
            )
    return alerts


def _note_alerts(rows: list[tuple[VisitNote, Patient]], now: datetime) -> list[Alert]:
    alerts = []
    for note, patient in rows:
        late = rules.note_unsigned_too_long(note.created_at, note.signed_at, now)
        alerts.append(
            Alert(
                "unsigned_note",
                patient.id,
                patient.full_name,
                "Unsigned over 24 h" if late else "Unsigned draft",
                f"{note.kind_label} of {note.date_of_service.isoformat()} is not signed"
                + (f"; notes must be signed within {rules.UNSIGNED_NOTE_HOURS} hours." if late else "."),
                "danger" if late else "info",
                url_for("sessions.edit", note_id=note.id),
                sort_key=(note.created_at,),
            )
        )
    return alerts


def _sorted(alerts: list[Alert]) -> list[Alert]:
    # unsigned notes first (oldest first), then the rest by severity
    def key(alert: Alert):
        return (0 if alert.kind == "unsigned_note" else 1, SEVERITY_ORDER[alert.severity], alert.sort_key)

    return sorted(alerts, key=key)


def _active_plans(*conditions) -> list[tuple[PlanOfCare, Patient]]:
    rows = db.session.execute(
        select(PlanOfCare, Patient)
        .join(Patient, Patient.id == PlanOfCare.patient_id)
        .where(PlanOfCare.status == "active", Patient.status == "active", *conditions)
        .order_by(Patient.id, PlanOfCare.version_number.desc())
    ).all()
    seen: set[int] = set()
    pairs = []
    for plan, patient in rows:
        if patient.id not in seen:  # one active plan per patient: the newest version
            seen.add(patient.id)
            pairs.append((plan, patient))
    return pairs


def _unsigned(*conditions) -> list[tuple[VisitNote, Patient]]:
    return list(
        db.session.execute(
            select(VisitNote, Patient)
            .join(Patient, Patient.id == VisitNote.patient_id)
            .where(VisitNote.signed_at.is_(None), *conditions)
            .order_by(VisitNote.created_at)
        ).all()
    )


_LOAD = object()


def active_plan_of(patient: Patient) -> PlanOfCare | None:
    """The patient's active plan (newest version): ``PlanOfCare.active_for``, one statement."""
    return db.session.scalar(
        PlanOfCare.active_for(patient.id).where(PlanOfCare.clinic_id == patient.clinic_id)
    )


def alerts_for_patient(
    patient: Patient,
    *,
    today: date | None = None,
    now: datetime | None = None,
    plan=_LOAD,
    unsigned: list[VisitNote] | None = None,
) -> list[Alert]:
    """Alerts of one patient. The chart passes the active ``plan`` it already holds (or None)
    and the patient's ``unsigned`` notes it already read; the lineage figures are then shared
    with the plan section, once per request."""
    today = today or patient_today(patient)
    if plan is _LOAD:
        pairs = _active_plans(PlanOfCare.patient_id == patient.id, PlanOfCare.clinic_id == patient.clinic_id)
    else:
        pairs = [(plan, patient)] if plan is not None and patient.status == "active" else []
    if unsigned is None:
        notes = _unsigned(VisitNote.patient_id == patient.id, VisitNote.clinic_id == patient.clinic_id)
    else:
        notes = [(note, patient) for note in sorted(unsigned, key=lambda n: (n.created_at, n.id))]
    return _sorted(
        _plan_alerts(pairs, today, shared=plan is not _LOAD) + _note_alerts(notes, now or utcnow())
    )


def alerts_for_therapist(
    user: User, *, today: date | None = None, now: datetime | None = None
) -> list[Alert]:
    """The therapist's caseload (primary therapist) and the notes they left unsigned."""
    today = today or user.clinic.today()
    pairs = _active_plans(Patient.primary_therapist_id == user.id, PlanOfCare.clinic_id == user.clinic_id)
    notes = _unsigned(VisitNote.therapist_id == user.id, VisitNote.clinic_id == user.clinic_id)
    return _sorted(_plan_alerts(pairs, today) + _note_alerts(notes, now or utcnow()))


def patient_today(patient: Patient) -> date:
    from ptplan.clinics.models import Clinic

    clinic = db.session.get(Clinic, patient.clinic_id)
    return clinic.today()
