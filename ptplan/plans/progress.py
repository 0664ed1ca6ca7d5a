"""Reading a plan: goal progress from outcome scores, and what changed between versions."""

from __future__ import annotations

from sqlalchemy import select

from ptplan import measures
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans import kinds, rules
from ptplan.plans.models import PlanGoal, PlanOfCare


def latest_scores(patient_id: int, codes: set[str]) -> dict[str, OutcomeScore]:
    """The most recent score for each measure code, in one query."""
    if not codes:
        return {}
    rows = db.session.scalars(
        select(OutcomeScore)
        .where(OutcomeScore.patient_id == patient_id, OutcomeScore.code.in_(sorted(codes)))
        .order_by(OutcomeScore.taken_on.desc(), OutcomeScore.id.desc())
    )
    latest: dict[str, OutcomeScore] = {}
    for row in rows:
        latest.setdefault(row.code, row)
    return latest


def goal_progress(goal: PlanGoal, latest: dict[str, OutcomeScore]) -> dict | None:
    """Latest score against the target: 'met' when at or past the target in the good direction."""
    if not goal.measure_code or goal.measure_code not in latest:
        return None
    measure = measures.get(goal.measure_code)
    value = latest[goal.measure_code].value
    met = None
    if goal.target_value is not None:
        if measure.direction == measures.HIGHER_IS_BETTER:
            met = value >= goal.target_value
        else:
            met = value <= goal.target_value
    return {
        "value": value,
        "taken_on": latest[goal.measure_code].taken_on,
        "met": met,
        "abbr": measure.abbreviation,
    }


def snapshot(plan: PlanOfCare) -> dict:
    """Plain data for ``rules.diff_versions``."""
    return {
        "frequency_per_week": plan.frequency_per_week,
        "duration_weeks": plan.duration_weeks,
        "start_date": plan.start_date.isoformat(),
        "cert_end_date": plan.cert_end_date.isoformat(),
        "diagnoses": [d.get("code", "") for d in plan.diagnoses],
        "goals": [
            {
                "id": g.id,
                "origin_id": g.origin_id,
                "label": g.description,
                "description": g.description,
                "term": g.term,
                "measure": g.measure_code,
                "baseline": g.baseline_value,
                "target": g.target_value,
                "due": g.due_date.isoformat() if g.due_date else None,
            }
            for g in plan.goals
        ],
        "interventions": [
            {
                "id": i.id,
                "origin_id": i.origin_id,
                "label": f"{kinds.get(i.kind).label}: {kinds.get(i.kind).summary(i)}",
                "summary": kinds.get(i.kind).summary(i),
            }
            for i in plan.interventions
        ],
    }


def version_history(plan: PlanOfCare) -> list[tuple[PlanOfCare, list[rules.Change]]]:
    from ptplan.plans.services import lineage

    versions = lineage(plan)
    by_id = {v.id: v for v in versions}
    out = []
    for version in versions:
        previous = by_id.get(version.previous_version_id)
        changes = rules.diff_versions(snapshot(previous), snapshot(version)) if previous else []
        out.append((version, changes))
    return list(reversed(out))
