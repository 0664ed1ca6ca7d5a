"""The caseload read model: per active plan and per patient, what the dashboard aggregates.

Live aggregation over every active plan's lineage and every patient's first and latest
scores costs two index seeks per patient on each dashboard view, so it grows with the clinic.
These two tables keep the per-plan and per-patient figures, computed with the SAME
definitions as the live statements (``metrics.plan_status_select``, ``metrics.outcome_changes``),
so the dashboard only adds them up, and its date-dependent rules (recert due, physician
certification late, discharged in the range) are still applied at read time.

They also keep what the drill-down lists sort and show per row without a second read: the
patient's name (the lists' default order, so a page of 25 is picked from the read model alone
instead of walking every patient of the clinic in name order) and the first and latest NPRS
and ODI scores behind the stored changes.

They are kept current in the same transaction as the write: an ``after_flush`` listener
recomputes the rows of every patient whose plans, notes, scores or primary therapist changed
in that flush (no other package calls anything). Bulk writers that bypass the ORM (the data
generator) call ``refresh()`` for each batch's patients and ``daily.add_new_notes()`` for its
notes; ``rebuild()`` (``flask rebuild-caseload-summary``) recomputes everything by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    and_,
    case,
    delete,
    event,
    exists,
    func,
    insert,
    inspect,
    literal,
    select,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from ptplan.caseload import daily, metrics
from ptplan.caseload.probes import in_probed
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote


class CaseloadPlanStatus(db.Model):
    """One row per active plan of care: ``metrics.plan_status_select`` stored."""

    __tablename__ = "caseload_plan_status"
    __table_args__ = (
        # Index-only dashboard read: everything the plan aggregate needs, by clinic and therapist.
        Index(
            "ix_caseload_plan_status_clinic",
            "clinic_id",
            "therapist_id",
            "patient_id",
            "cert_end_date",
            "physician_signed_on",
            "first_visit",
            "visits_since_progress",
            "patient_count",
        ),
        Index("ix_caseload_plan_status_patient_id", "patient_id"),
        # "Active patients" in name order: a page is the next 25 entries of this index.
        Index(
            "ix_caseload_plan_status_names",
            "clinic_id",
            "patient_count",
            "last_name",
            "first_name",
            "patient_id",
        ),
    )

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plan_of_care.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    therapist_id: Mapped[int]  # the patient's primary therapist, or metrics.UNASSIGNED
    cert_end_date: Mapped[date]
    physician_signed_on: Mapped[date | None]
    first_visit: Mapped[date | None]
    visits_since_progress: Mapped[int]
    # 1 on the patient's first active plan, 0 on any other: active patients are a plain sum
    # (a patient's plans all count for the same therapist), not a COUNT(DISTINCT) per view.
    patient_count: Mapped[int]
    last_name: Mapped[str] = mapped_column(String(80))  # the patient's, for the lists' order
    first_name: Mapped[str] = mapped_column(String(80))


class CaseloadPatientOutcome(db.Model):
    """One row per patient with at least two scores of one outcome measure (NPRS, ODI, NDI or
    QuickDASH; ``metrics.OUTCOME_CODES``): first-to-latest change and "reached the MCID"."""

    __tablename__ = "caseload_patient_outcome"
    __table_args__ = (
        Index(
            "ix_caseload_patient_outcome_clinic",
            "clinic_id",
            "is_active",
            "therapist_id",
            "nprs_change",
            "odi_change",
            "reached_mcid",
        ),
    )

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"))
    therapist_id: Mapped[int]
    is_active: Mapped[bool]  # the patient has an active plan (in the outcome cohort every day)
    nprs_change: Mapped[float | None]
    odi_change: Mapped[float | None]
    reached_mcid: Mapped[bool]
    last_name: Mapped[str] = mapped_column(String(80))  # the patient's, for the lists' order
    first_name: Mapped[str] = mapped_column(String(80))
    # The scores behind the changes (None without two scores of the measure), for the list.
    nprs_first: Mapped[float | None]
    nprs_latest: Mapped[float | None]
    odi_first: Mapped[float | None]
    odi_latest: Mapped[float | None]


_PLAN_COLUMNS = (
    "patient_count",
    "plan_id",
    "clinic_id",
    "patient_id",
    "therapist_id",
    "cert_end_date",
    "physician_signed_on",
    "first_visit",
    "visits_since_progress",
    "last_name",
    "first_name",
)
_OUTCOME_COLUMNS = (
    "patient_id",
    "clinic_id",
    "therapist_id",
    "is_active",
    "nprs_change",
    "odi_change",
    "reached_mcid",
    "last_name",
    "first_name",
    "nprs_first",
    "nprs_latest",
    "odi_first",
    "odi_latest",
)


def _plan_rows(*conditions):
    rows = metrics.plan_status_select(*conditions).subquery("plan_status")
    first = func.row_number().over(partition_by=rows.c.patient_id, order_by=rows.c.plan_id) == 1
    return select(
        case((first, 1), else_=0).label("patient_count"),
        *[rows.c[name] for name in _PLAN_COLUMNS[1:-2]],
        Patient.last_name,
        Patient.first_name,
    ).join(Patient, Patient.id == rows.c.patient_id)


def _outcome_rows(*conditions):
    cohort = (
        select(Patient.id.label("patient_id"), literal(0).label("discharged"))
        .where(*conditions)
        .subquery("cohort")
    )
    per_patient = metrics.outcome_changes(cohort)
    active = exists().where(PlanOfCare.patient_id == Patient.id, PlanOfCare.status == "active")
    reached = metrics.reached_mcid(per_patient)
    return select(
        per_patient.c.patient_id,
        Patient.clinic_id,
        func.coalesce(Patient.primary_therapist_id, metrics.UNASSIGNED).label("therapist_id"),
        active.label("is_active"),
        per_patient.c.nprs_change,
        per_patient.c.odi_change,
        reached.label("reached_mcid"),
        Patient.last_name,
        Patient.first_name,
        *[per_patient.c[name] for name in _OUTCOME_COLUMNS[-4:]],
    ).join(Patient, Patient.id == per_patient.c.patient_id)


def refresh(connection: Connection, patient_ids: Iterable[int]) -> None:
    """Recompute the read model of these patients (four statements, whatever their history)."""
    ids = sorted(set(patient_ids))
    if not ids:
        return
    plans, outcomes = CaseloadPlanStatus.__table__, CaseloadPatientOutcome.__table__
    connection.execute(delete(plans).where(plans.c.patient_id.in_(ids)))
    connection.execute(insert(plans).from_select(_PLAN_COLUMNS, _plan_rows(PlanOfCare.patient_id.in_(ids))))
    connection.execute(delete(outcomes).where(outcomes.c.patient_id.in_(ids)))
    rows = [dict(row) for row in connection.execute(_outcome_rows(Patient.id.in_(ids))).mappings()]
    if rows:
        connection.execute(insert(outcomes), rows)


def rebuild(clinic_id: int | None = None) -> dict[str, int]:
    """Recompute the read model from scratch (all clinics, or one). Returns the row counts."""
    connection = db.session.connection()
    plans, outcomes = CaseloadPlanStatus.__table__, CaseloadPatientOutcome.__table__
    plan_scope = [] if clinic_id is None else [PlanOfCare.clinic_id == clinic_id]
    patient_scope = [] if clinic_id is None else [Patient.clinic_id == clinic_id]
    connection.execute(delete(plans).where(*[plans.c.clinic_id == clinic_id] if clinic_id else []))
    connection.execute(insert(plans).from_select(_PLAN_COLUMNS, _plan_rows(*plan_scope)))
    connection.execute(delete(outcomes).where(*[outcomes.c.clinic_id == clinic_id] if clinic_id else []))
    # Only patients with a score can have a change; batches keep the parameter lists short.
    scored = select(OutcomeScore.patient_id).distinct()
    if clinic_id is not None:
        scored = scored.where(OutcomeScore.clinic_id == clinic_id)
    patient_ids = sorted(connection.execute(scored).scalars())
    for start in range(0, len(patient_ids), 5000):
        batch = patient_ids[start : start + 5000]
        rows = [
            dict(row)
            for row in connection.execute(_outcome_rows(Patient.id.in_(batch), *patient_scope)).mappings()
        ]
        if rows:
            connection.execute(insert(outcomes), rows)
    return {
        "plans": connection.execute(select(func.count()).select_from(plans)).scalar_one(),
        "patients": connection.execute(select(func.count()).select_from(outcomes)).scalar_one(),
        "note_days": daily.rebuild(connection, clinic_id),
    }


# ------------------------------------------------------------------ keeping it current

# What a change must touch to move a caseload figure (other edits, e.g. a note's text, don't).
_WATCHED = {
    PlanOfCare: ("patient_id", "status", "lineage_id", "cert_end_date", "physician_signed_on", "clinic_id"),
    VisitNote: ("patient_id", "plan_id", "kind", "visit_number", "date_of_service"),
    OutcomeScore: ("patient_id", "code", "value", "taken_on"),
    Patient: ("primary_therapist_id", "last_name", "first_name"),
}
# What moves a note's day counts (ptplan.caseload.daily), and which of those name the row.
_NOTE_COUNTED = (
    "clinic_id",
    "therapist_id",
    "date_of_service",
    "kind",
    "visit_number",
    "has_dry_needling",
    "has_adverse_event",
    "has_urgent_adverse_event",
)
_NOTE_DAY_KEY = ("clinic_id", "therapist_id", "date_of_service")


def _keep_old_value(target, value, oldvalue, initiator):
    return value


# A row moved to another patient, therapist, clinic or day must also be recounted where it
# was. ``active_history`` makes SQLAlchemy load the old value when one of these is assigned on
# an expired object (otherwise the flush would only know the new one).
for _attribute in (
    VisitNote.patient_id,
    VisitNote.clinic_id,
    VisitNote.therapist_id,
    VisitNote.date_of_service,
    PlanOfCare.patient_id,
    OutcomeScore.patient_id,
):
    event.listen(_attribute, "set", _keep_old_value, active_history=True, retval=True)


def _changed(state, names) -> bool:
    return any(state.attrs[name].history.has_changes() for name in names)


def _patient_ids_of(instance, state, *, changed_only: bool) -> set[int]:
    model = type(instance)
    key = "id" if model is Patient else "patient_id"
    if changed_only and not _changed(state, _WATCHED[model]):
        return set()
    ids = {getattr(instance, key)}
    ids.update(state.attrs[key].history.deleted or ())  # moved to another patient: both change
    return {i for i in ids if i is not None}


def _note_days_of(note: VisitNote, state, *, changed_only: bool) -> set[daily.Key]:
    if changed_only and not _changed(state, _NOTE_COUNTED):
        return set()
    now = tuple(getattr(note, name) for name in _NOTE_DAY_KEY)
    before = tuple((state.attrs[name].history.deleted or [getattr(note, name)])[0] for name in _NOTE_DAY_KEY)
    return {now, before}


@event.listens_for(Session, "after_flush")
def _refresh_after_flush(session: Session, _flush_context) -> None:
    patients: set[int] = set()
    days: set[daily.Key] = set()
    for collection, changed_only in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for instance in collection:
            if type(instance) not in _WATCHED:
                continue
            state = inspect(instance)
            patients |= _patient_ids_of(instance, state, changed_only=changed_only)
            if type(instance) is VisitNote:
                days |= _note_days_of(instance, state, changed_only=changed_only)
    if patients:
        refresh(session.connection(), patients)
    if days:
        daily.refresh(session.connection(), days)


def differences(clinic_id: int) -> dict[str, list]:
    """Rows where the stored read model differs from a from-scratch computation (tests, checks)."""
    plans, outcomes = CaseloadPlanStatus.__table__, CaseloadPatientOutcome.__table__
    connection = db.session.connection()

    def stored(table, columns):
        return {
            tuple(r)
            for r in connection.execute(
                select(*[table.c[c] for c in columns]).where(table.c.clinic_id == clinic_id)
            )
        }

    fresh_plans = {tuple(r) for r in connection.execute(_plan_rows(PlanOfCare.clinic_id == clinic_id))}
    fresh_outcomes = {
        tuple(r) for r in connection.execute(_outcome_rows(and_(Patient.clinic_id == clinic_id)))
    }
    stored_plans, stored_outcomes = stored(plans, _PLAN_COLUMNS), stored(outcomes, _OUTCOME_COLUMNS)
    stored_days, fresh_days = daily.stored_and_fresh(connection, clinic_id)
    return {
        "plans": sorted(stored_plans ^ fresh_plans, key=repr),
        "outcomes": sorted(stored_outcomes ^ fresh_outcomes, key=repr),
        "note_days": sorted(stored_days ^ fresh_days, key=repr),
    }


# ------------------------------------------------------------------ the dashboard's reads


def plan_statement(scope: metrics.Scope):
    """``metrics.plan_statement`` over the read model: one index range per clinic."""
    plans = CaseloadPlanStatus.__table__
    predicates = metrics.plan_predicates(plans, scope)
    statement = select(
        plans.c.therapist_id,
        func.coalesce(func.sum(plans.c.patient_count), 0).label("active_patients"),
        *[metrics.sum_if(condition, name) for name, condition in predicates.items()],
    ).where(plans.c.clinic_id == scope.clinic_id)
    if scope.therapist_id is not None:
        statement = statement.where(plans.c.therapist_id == scope.therapist_id)
    return statement.group_by(plans.c.therapist_id)


def outcome_statement(scope: metrics.Scope):
    """``metrics.outcome_statement`` over the read model.

    The cohort is the patients with an active plan plus those discharged in the range (read
    live: a few index entries); a patient in both counts once, as discharged.
    """
    outcomes = CaseloadPatientOutcome.__table__
    discharged = select(VisitNote.patient_id).where(
        VisitNote.clinic_id == scope.clinic_id, metrics.note_predicates(scope)["discharges"]
    )
    conditions = [outcomes.c.clinic_id == scope.clinic_id]
    if scope.therapist_id is not None:
        conditions.append(outcomes.c.therapist_id == scope.therapist_id)
    columns = (
        outcomes.c.therapist_id,
        outcomes.c.nprs_change,
        outcomes.c.odi_change,
        outcomes.c.reached_mcid,
    )
    cohort = union_all(
        select(*columns, literal(0).label("discharged")).where(
            *conditions, outcomes.c.is_active.is_(True), outcomes.c.patient_id.not_in(discharged)
        ),
        # The range's discharged patients by primary-key probes (``probes.in_probed``).
        select(*columns, literal(1).label("discharged")).where(
            *conditions, in_probed(outcomes.c.patient_id, discharged)
        ),
    ).subquery("cohort")
    return select(
        cohort.c.therapist_id,
        func.coalesce(func.sum(cohort.c.nprs_change), 0).label("nprs_change_sum"),
        func.count(cohort.c.nprs_change).label("nprs_change_count"),
        func.coalesce(func.sum(cohort.c.odi_change), 0).label("odi_change_sum"),
        func.count(cohort.c.odi_change).label("odi_change_count"),
        func.coalesce(func.sum(cohort.c.discharged), 0).label("discharged_measured"),
        metrics.sum_if(and_(cohort.c.discharged == 1, cohort.c.reached_mcid.is_(True)), "reached_mcid"),
    ).group_by(cohort.c.therapist_id)
