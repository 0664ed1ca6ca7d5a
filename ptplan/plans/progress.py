"""Reading a plan: each goal's latest score against its target, and what changed between versions.

The scores are read by ``ptplan.outcomes.services`` (``latest_scores``); whether a target
is met is the measure's rule (``Measure.target_met``).
"""

from __future__ import annotations

from ptplan import measures
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans import kinds, rules
from ptplan.plans.models import PlanGoal, PlanOfCare
from ptplan.plans.services import lineage


def progress_to_target(goal: PlanGoal, latest: dict[str, OutcomeScore]) -> dict | None:
    """The goal's latest score against its target; 'met' per ``Measure.target_met`` (DOMAIN.md).

    ``latest`` is ``ptplan.outcomes.services.latest_scores`` (or the chart's copy of it).
    None when the goal has no measure or the measure has no score yet.
    """
    if not goal.measure_code or goal.measure_code not in latest:
        return None
    measure = measures.get(goal.measure_code)
    value = latest[goal.measure_code].value
    met = measure.target_met(value, goal.target_value) if goal.target_value is not None else None
    return {
        "value": value,
        "display": measure.display(value),
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
    versions = lineage(plan)
    by_id = {v.id: v for v in versions}
    out = []
    for version in versions:
        previous = by_id.get(version.previous_version_id)
        changes = rules.diff_versions(snapshot(previous), snapshot(version)) if previous else []
        out.append((version, changes))
    return list(reversed(out))
