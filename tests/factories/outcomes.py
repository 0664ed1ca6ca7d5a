"""Outcome scores: one builder, with the evaluation row the score's source constraint needs."""

from __future__ import annotations

from datetime import date

from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.sessions.models import VisitNote


def make_score(
    patient,
    code: str,
    value: float,
    taken_on: date,
    *,
    evaluation: Evaluation | None = None,
    visit_note: VisitNote | None = None,
    kind: str = "initial",
    therapist_id: int | None = None,
    commit: bool = True,
) -> OutcomeScore:
    """A score recorded at ``visit_note`` or ``evaluation``, or else at a new unsigned evaluation
    of ``kind`` on ``taken_on`` by ``therapist_id`` (the patient's therapist). A re-evaluation
    (``kind="reevaluation"``) never counts as a new evaluation on the caseload."""
    if evaluation is None and visit_note is None:
        evaluation = Evaluation(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            therapist_id=therapist_id or patient.primary_therapist_id,
            kind=kind,
            date_of_service=taken_on,
        )
        db.session.add(evaluation)
        db.session.flush()
    score = OutcomeScore(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        code=code,
        value=value,
        taken_on=taken_on,
        source="visit_note" if visit_note is not None else "evaluation",
        evaluation_id=evaluation.id if evaluation is not None else None,
        visit_note_id=visit_note.id if visit_note is not None else None,
    )
    db.session.add(score)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return score


#: ``make_score(..., **AT_REEVALUATION)``: a flushed score at a re-evaluation, which the caseload
#: never counts as a new evaluation.
AT_REEVALUATION = {"kind": "reevaluation", "commit": False}
