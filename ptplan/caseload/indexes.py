"""Indexes the caseload aggregates need on tables owned by other packages.

They are declared here, attached to the existing tables' metadata, so ``db.create_all()`` and
Alembic autogenerate see them; ``ptplan/models.py`` imports this module after every model.
Each one is a covering index for one aggregate statement in ``ptplan.caseload.metrics``, so
the dashboard reads index pages only and its cost follows the activity in the date range,
not the size of the history.
"""

from __future__ import annotations

from sqlalchemy import Index

from ptplan.evaluations.models import Evaluation
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote

_note = VisitNote.__table__.c
_evaluation = Evaluation.__table__.c
_score = OutcomeScore.__table__.c
_plan = PlanOfCare.__table__.c

INDEXES = (
    # Range and recent-window note counts (visits, discharges, dry needling, adverse events),
    # and the note lists' default order (newest first, then the note id): a page of note ids
    # is the next entries of this index, read backwards, with the flags filtered in the index.
    Index(
        "ix_caseload_visit_note_clinic_date",
        _note.clinic_id,
        _note.date_of_service,
        _note.id,
        _note.therapist_id,
        _note.kind,
        _note.has_dry_needling,
        _note.has_adverse_event,
        _note.has_urgent_adverse_event,
        _note.visit_number,
    ),
    # The patients discharged in a range (outcome cohort): only discharge summaries are read.
    Index(
        "ix_caseload_visit_note_discharge",
        _note.clinic_id,
        _note.kind,
        _note.date_of_service,
        _note.patient_id,
    ),
    # The unsigned-notes list, newest first: only unsigned notes are in it, so it stays small;
    # the 24-hour deadline is checked on its entries (created_at) without reading the notes.
    Index(
        "ix_caseload_visit_note_unsigned_date",
        _note.clinic_id,
        _note.date_of_service,
        _note.id,
        _note.created_at,
        postgresql_where=_note.signed_at.is_(None),
        sqlite_where=_note.signed_at.is_(None),
    ),
    # Unsigned notes past the deadline, counted per therapist from the index alone.
    Index(
        "ix_caseload_visit_note_unsigned",
        _note.clinic_id,
        _note.signed_at,
        _note.created_at,
        _note.therapist_id,
    ),
    # Per plan lineage: highest visit number, last progress note, first visit date.
    Index(
        "ix_caseload_visit_note_plan_kind",
        _note.plan_id,
        _note.kind,
        _note.visit_number,
        _note.date_of_service,
    ),
    # New evaluations in the range, by kind.
    Index(
        "ix_caseload_evaluation_clinic_kind_date",
        _evaluation.clinic_id,
        _evaluation.kind,
        _evaluation.date_of_service,
        _evaluation.therapist_id,
    ),
    # First and latest score per patient and measure, value included (index-only).
    Index(
        "ix_caseload_outcome_score_patient_code",
        _score.patient_id,
        _score.code,
        _score.taken_on,
        _score.id,
        _score.value,
    ),
    # Active plans with their patient, lineage and certification dates.
    Index(
        "ix_caseload_plan_of_care_clinic_status",
        _plan.clinic_id,
        _plan.status,
        _plan.patient_id,
        _plan.lineage_id,
        _plan.cert_end_date,
    ),
)
