"""Goal reviews for progress notes and the outcome comparison of the discharge summary.

Progress toward a goal is judged against the measure's MCID (DOMAIN.md, ptplan.measures.change).
Each function uses a fixed number of queries, whatever the number of goals or scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ptplan import measures
from ptplan.extensions import db
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


def latest_scores(patient_id: int, codes: set[str], on_or_before: date) -> dict[str, OutcomeScore]:
    """The most recent score of each measure up to a date (one query)."""
    if not codes:
        return {}
    rows = db.session.scalars(
        select(OutcomeScore)
        .where(
            OutcomeScore.patient_id == patient_id,
            OutcomeScore.code.in_(sorted(codes)),
            OutcomeScore.taken_on <= on_or_before,
        )
        .order_by(OutcomeScore.taken_on.desc(), OutcomeScore.id.desc())
    )
    latest: dict[str, OutcomeScore] = {}
    for row in rows:
        latest.setdefault(row.code, row)
    return latest


def goal_progress(plan: PlanOfCare, patient_id: int, on_or_before: date) -> list[GoalProgress]:
    """Each plan goal with its baseline, latest measure and change against the MCID."""
    codes = {g.measure_code for g in plan.goals if g.measure_code}
    latest = latest_scores(patient_id, codes, on_or_before)
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
    rows = db.session.scalars(
        select(OutcomeScore)
        .where(
            OutcomeScore.patient_id == patient_id,
            OutcomeScore.taken_on >= since,
            OutcomeScore.taken_on <= until,
        )
        .order_by(OutcomeScore.code, OutcomeScore.taken_on, OutcomeScore.id)
    ).all()
    by_code: dict[str, list[OutcomeScore]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    comparisons = []
    for code, scores in by_code.items():
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
