"""Goal reviews for progress notes and the outcome comparison of the discharge summary.

Progress toward a goal is judged against the measure's MCID (DOMAIN.md, ptplan.measures.change).
Each function uses a fixed number of queries, whatever the number of goals or scores; the
scores are read through ``ptplan.outcomes.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ptplan import measures
from ptplan.outcomes import services as outcomes
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans.models import PlanOfCare


@dataclass
class GoalProgress:
    goal_id: int
    description: str
    measure_code: str | None
    baseline: float | None
    target: float | None
    latest: float | None
    latest_on: date | None
    change: str  # "improved", "no change", "worse" or "" when it cannot be judged

    @property
    def measure_label(self) -> str:
        return measures.get(self.measure_code).abbreviation if self.measure_code else "—"


@dataclass
class OutcomeComparison:
    code: str
    label: str
    initial: float
    initial_on: date
    final: float
    final_on: date
    change: str

    @property
    def mcid_met(self) -> bool:
        return self.change == measures.IMPROVED

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "initial": self.initial,
            "initial_on": self.initial_on.isoformat(),
            "final": self.final,
            "final_on": self.final_on.isoformat(),
            "change": self.change,
        }


def judge(code: str | None, before: float | None, after: float | None) -> str:
    """Change against the MCID, or "" when a number is missing or the measure has no MCID."""
    if not code or before is None or after is None:
        return ""
    try:
        return measures.change(code, before, after)
    except measures.MeasureError:
        return ""


def goal_progress(plan: PlanOfCare, patient_id: int, on_or_before: date) -> list[GoalProgress]:
    """Each plan goal with its baseline, latest measure and change against the MCID."""
    codes = {g.measure_code for g in plan.goals if g.measure_code}
    latest = outcomes.latest_scores(patient_id, codes, on_or_before=on_or_before)
    result = []
    for goal in plan.goals:
        score = latest.get(goal.measure_code) if goal.measure_code else None
        value = score.value if score else None
        result.append(
            GoalProgress(
                goal_id=goal.id,
                description=goal.description,
                measure_code=goal.measure_code,
                baseline=goal.baseline_value,
                target=goal.target_value,
                latest=value,
                latest_on=score.taken_on if score else None,
                change=judge(goal.measure_code, goal.baseline_value, value),
            )
        )
    return result


def outcome_comparison(patient_id: int, since: date, until: date) -> list[OutcomeComparison]:
    """Each measure taken during the episode: first against last score (one query)."""
    by_code: dict[str, list[OutcomeScore]] = {}
    for row in outcomes.patient_scores(patient_id, since=since, until=until):  # by date, then entry
        by_code.setdefault(row.code, []).append(row)
    comparisons = []
    for code, scores in sorted(by_code.items()):
        first, last = scores[0], scores[-1]
        comparisons.append(
            OutcomeComparison(
                code=code,
                label=measures.get(code).abbreviation,
                initial=first.value,
                initial_on=first.taken_on,
                final=last.value,
                final_on=last.taken_on,
                change=judge(code, first.value, last.value) if len(scores) > 1 else "",
            )
        )
    return comparisons


def comparison_from_json(rows: list[dict]) -> list[OutcomeComparison]:
    return [
        OutcomeComparison(
            code=row["code"],
            label=measures.get(row["code"]).abbreviation,
            initial=row["initial"],
            initial_on=date.fromisoformat(row["initial_on"]),
            final=row["final"],
            final_on=date.fromisoformat(row["final_on"]),
            change=row["change"],
        )
        for row in rows
    ]
