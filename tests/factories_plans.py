"""Factories for plan-of-care tests (plain functions; the shared conftest stays untouched)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ptplan.dry_needling import services as safety
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans import kinds, services
from ptplan.plans.models import PlanGoal
from ptplan.plans.templates import seed_clinic
from ptplan.records.services import sign


def libraries(clinic) -> None:
    seed_clinic(clinic)
    db.session.commit()


def signed_evaluation(patient, therapist, scores: dict[str, float] | None = None, *, on: date | None = None):
    on = on or date.today() - timedelta(days=1)
    evaluation = Evaluation(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        therapist_id=therapist.id,
        kind="initial",
        date_of_service=on,
    )
    db.session.add(evaluation)
    db.session.flush()
    for code, value in (scores or {"odi": 42.0, "nprs": 7.0}).items():
        db.session.add(
            OutcomeScore(
                clinic_id=patient.clinic_id,
                patient_id=patient.id,
                code=code,
                value=value,
                taken_on=on,
                source="evaluation",
                evaluation_id=evaluation.id,
            )
        )
    db.session.flush()
    sign(evaluation, therapist, record_type="evaluation", category="evaluation", patient_id=patient.id)
    db.session.commit()
    return evaluation


def plan_data(start: date | None = None, duration: int = 6, **overrides) -> dict:
    start = start or date.today()
    cert_start, cert_end = services.default_dates(start, duration)
    data = {
        "title": "Plan of care",
        "diagnoses": [{"code": "M54.41", "text": "Lumbago with sciatica, right side"}],
        "frequency_per_week": 2,
        "duration_weeks": duration,
        "start_date": start,
        "cert_start_date": cert_start,
        "cert_end_date": cert_end,
    }
    data.update(overrides)
    return data


def by_slug(model, clinic_id: int, slug: str):
    return db.session.scalar(select(model).where(model.clinic_id == clinic_id, model.slug == slug))


def add_goal(
    plan, code: str = "odi", baseline: float = 42, target: float = 20, term: str = "long"
) -> PlanGoal:
    return services.add_goal(
        plan,
        {
            "term": term,
            "description": f"{code.upper()} to {target:g}",
            "patient_wording": "",
            "measure_code": code,
            "baseline_value": baseline,
            "target_value": target,
            "due_date": plan.start_date + timedelta(weeks=6),
        },
    )


def add_home_exercise(plan, goal, slug: str = "piriformis-stretch-supine", **dosage):
    exercise = by_slug(Exercise, plan.clinic_id, slug)
    params = {
        "exercise": exercise.name,
        "sets": exercise.default_sets,
        "reps": exercise.default_reps,
        "hold_seconds": exercise.default_hold_seconds,
        "times_per_day": exercise.default_times_per_day,
        "days_per_week": exercise.default_days_per_week,
        "side": exercise.default_side,
        "patient_notes": "",
    }
    params.update(dosage)
    built = kinds.Built(params=params, cpt_code="97110", exercise=exercise)
    return services.add_intervention(plan, "home_exercise", built, [goal.id])


def add_manual(plan, goal, slug: str = "lumbar-pa-mobilisation", grade: str = "III"):
    technique = by_slug(ManualTechnique, plan.clinic_id, slug)
    params = {"technique": technique.name, "region": "Lumbar spine", "grade": grade, "minutes": 8}
    return services.add_intervention(
        plan, "manual_therapy", kinds.Built(params, "97140", technique=technique), [goal.id]
    )


def add_dry_needling(plan, goal, slugs=("piriformis",), side: str = "right"):
    muscles = []
    for slug in slugs:
        muscle = by_slug(Muscle, plan.clinic_id, slug)
        muscles.append({"muscle_id": muscle.id, "slug": muscle.slug, "name": muscle.name, "side": side})
    params = {
        "muscles": muscles,
        "technique": "static",
        "frequency": "Once a week",
        "rationale": "Trigger points",
    }
    built = kinds.Built(params, kinds.get("dry_needling").cpt_code(params))
    return services.add_intervention(plan, "dry_needling", built, [goal.id])


def draft_plan(patient, therapist, *, with_dn: bool = False, start: date | None = None, duration: int = 6):
    libraries(therapist.clinic)
    plan = services.create_plan(patient, therapist, plan_data(start, duration))
    goal = add_goal(plan)
    add_manual(plan, goal)
    add_home_exercise(plan, goal)
    if with_dn:
        add_dry_needling(plan, goal)
    db.session.commit()
    return plan


def clear_for_dn(patient, therapist, *, absolute=(), relative=None) -> None:
    safety.record_screening(
        patient,
        therapist,
        screened_on=date.today(),
        absolute=list(absolute),
        relative=relative or {},
        notes="",
    )
    safety.record_consent(
        patient,
        therapist,
        consented_on=date.today(),
        signature_name=patient.full_name,
        witness_name="W",
        copy_given=True,
    )
    db.session.commit()


def active_plan(patient, therapist, *, with_dn: bool = False, start: date | None = None, duration: int = 6):
    plan = draft_plan(patient, therapist, with_dn=with_dn, start=start, duration=duration)
    if with_dn:
        clear_for_dn(patient, therapist)
    services.sign_plan(plan, therapist, today=date.today())
    db.session.commit()
    return plan
