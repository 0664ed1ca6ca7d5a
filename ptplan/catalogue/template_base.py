"""What a guideline plan template is: goals with targets, interventions by kind, its payload.

The templates themselves are in ``templates.py``; ``payload()`` gives the shape that
ptplan.plans.templates stores and applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ptplan.catalogue.exercises import EXERCISES_BY_SLUG
from ptplan.catalogue.muscles import MUSCLES_BY_SLUG
from ptplan.catalogue.techniques import TECHNIQUES_BY_SLUG

MAX_HOME_EXERCISES = 4


@dataclass(frozen=True)
class Goal:
    description: str
    patient_wording: str
    measure_code: str | None
    target_value: float | None
    due_weeks: int
    term: str = "long"


@dataclass(frozen=True)
class GuidelineTemplate:
    slug: str
    name: str
    guideline: str
    region: str  # BODY_REGIONS code
    measures: tuple[str, ...]
    goals: tuple[Goal, ...]
    exercises: tuple[str, ...]  # exercise slugs, at most 4
    techniques: tuple[tuple[str, str, str], ...]  # (technique slug, region text, grade or "")
    needling: tuple[tuple[str, str], ...] = ()  # (muscle slug, side)
    frequency_per_week: int = 2
    duration_weeks: int = 6
    needling_rationale: str = ""
    extras: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.exercises) > MAX_HOME_EXERCISES:
            raise ValueError(f"{self.slug}: at most {MAX_HOME_EXERCISES} home exercises")
        missing = (
            [e for e in self.exercises if e not in EXERCISES_BY_SLUG]
            + [t for t, _, _ in self.techniques if t not in TECHNIQUES_BY_SLUG]
            + [m for m, _ in self.needling if m not in MUSCLES_BY_SLUG]
        )
        if missing:
            raise ValueError(f"{self.slug}: unknown library entries {missing}")
        for slug, _, grade in self.techniques:
            if TECHNIQUES_BY_SLUG[slug].grade_applies != bool(grade):
                raise ValueError(
                    f"{self.slug}: {slug} grade must be given exactly when the technique is graded"
                )
        if self.needling and not self.needling_rationale:
            raise ValueError(f"{self.slug}: dry needling needs a rationale")

    def payload(self) -> dict:
        """The plan-template payload (the shape of ptplan.plans.templates.payload_from_plan)."""
        goals = [
            {
                "term": g.term,
                "description": g.description,
                "patient_wording": g.patient_wording,
                "measure_code": g.measure_code,
                "target_value": g.target_value,
                "due_weeks": g.due_weeks,
            }
            for g in self.goals
        ]
        every_goal = list(range(len(goals)))
        interventions: list[dict] = []
        if self.needling:
            interventions.append(
                {
                    "kind": "dry_needling",
                    "params": {
                        "muscles": [{"slug": slug, "side": side} for slug, side in self.needling],
                        "technique": "static",
                        "frequency": "Once a week",
                        "rationale": self.needling_rationale,
                    },
                    "exercise_slug": None,
                    "technique_slug": None,
                    "goals": every_goal,
                }
            )
        for slug, region, grade in self.techniques:
            technique = TECHNIQUES_BY_SLUG[slug]
            interventions.append(
                {
                    "kind": "manual_therapy",
                    "params": {
                        "technique": technique.name,
                        "region": region,
                        "grade": grade,
                        "minutes": technique.default_minutes,
                    },
                    "exercise_slug": None,
                    "technique_slug": slug,
                    "goals": every_goal,
                }
            )
        for slug in self.exercises:
            exercise = EXERCISES_BY_SLUG[slug]
            d = exercise.dosage
            interventions.append(
                {
                    "kind": "home_exercise",
                    "params": {
                        "exercise": exercise.name,
                        "sets": d.sets,
                        "reps": d.reps,
                        "hold_seconds": d.hold_seconds,
                        "times_per_day": d.times_per_day,
                        "days_per_week": d.days_per_week,
                        "side": d.side,
                        "patient_notes": "",
                    },
                    "exercise_slug": slug,
                    "technique_slug": None,
                    "goals": every_goal,
                }
            )
        return {
            "title": self.name,
            "guideline": self.guideline,
            "region": self.region,
            "measures": list(self.measures),
            "frequency_per_week": self.frequency_per_week,
            "duration_weeks": self.duration_weeks,
            "goals": goals,
            "interventions": interventions,
        }
