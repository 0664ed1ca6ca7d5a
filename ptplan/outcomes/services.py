"""Reading outcome scores for a patient: every source, one query."""

from __future__ import annotations

from sqlalchemy import select

from ptplan.evaluations.models import EVALUATION_KINDS, Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.outcomes.progress import Point, Series, build_series


def patient_points(patient_id: int) -> list[tuple[OutcomeScore, Point]]:
    """Every OutcomeScore of the patient (evaluations and daily notes) with what it came from."""
    rows = db.session.execute(
        select(OutcomeScore, Evaluation.kind, Evaluation.signed_at)
        .outerjoin(Evaluation, OutcomeScore.evaluation_id == Evaluation.id)
        .where(OutcomeScore.patient_id == patient_id)
        .order_by(OutcomeScore.taken_on, OutcomeScore.id)
    ).all()
    result = []
    for score, kind, signed_at in rows:
        if score.source == "evaluation":
            label = EVALUATION_KINDS.get(kind, "Evaluation") + ("" if signed_at else " (draft)")
        else:
            label = "Daily note"
        point = Point(
            taken_on=score.taken_on,
            value=score.value,
            source=score.source,
            label=label,
            evaluation_id=score.evaluation_id,
        )
        result.append((score, point))
    return result


def series_from(points: list[tuple[OutcomeScore, Point]]) -> list[Series]:
    grouped: dict[str, list[Point]] = {}
    for score, point in points:
        grouped.setdefault(score.code, []).append(point)
    return build_series(grouped)


def patient_series(patient_id: int) -> list[Series]:
    return series_from(patient_points(patient_id))
