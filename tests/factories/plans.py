"""Plans of care: built through the plan services (as the builder screens do) or as rows.

``draft_plan`` and ``active_plan`` go through ``ptplan.plans.services`` with the clinic's real
library; ``make_plan`` writes one plan row directly, with as much content as a test needs, so
tests of other packages depend only on the plan models' contract.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from ptplan.db import utcnow
from ptplan.dry_needling import services as safety
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.plans import kinds, services
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare
from tests.factories.clinics import new_clinic, new_user
from tests.factories.library import by_slug, libraries
from tests.factories.patients import new_patient


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


def clear_for_dry_needling(patient, therapist, *, days_ago: int = 0, absolute=(), relative=None) -> None:
    """A signed screening (no contraindication unless given) and a signed consent with a copy
    given, both dated ``days_ago`` days before today, recorded through the safety services."""
    on = date.today() - timedelta(days=days_ago)
    safety.record_screening(
        patient,
        therapist,
        screened_on=on,
        absolute=list(absolute),
        relative=relative or {},
        notes="",
    )
    safety.record_consent(
        patient,
        therapist,
        consented_on=on,
        signature_name=patient.full_name,
        witness_name="Front desk",
        copy_given=True,
    )
    db.session.commit()


def active_plan(patient, therapist, *, with_dn: bool = False, start: date | None = None, duration: int = 6):
    plan = draft_plan(patient, therapist, with_dn=with_dn, start=start, duration=duration)
    if with_dn:
        clear_for_dry_needling(patient, therapist)
    services.sign_plan(plan, therapist, today=date.today())
    db.session.commit()
    return plan


def make_plan(
    patient,
    author,
    start: date | None = None,
    *,
    status: str = "active",
    cert_end: date | None = None,
    physician_signed_on: date | None = None,
    duration_weeks: int = 6,
    exercises: int = 2,
    manual: bool = True,
    dry_needling: bool = False,
    dn_muscles: list | None = None,
    goals: list[dict] | None = None,
    signed: bool = True,
    commit: bool = True,
) -> PlanOfCare:
    """A plan row written directly: by default an active plan signed on its start day (two weeks
    ago), with ``exercises`` home exercises, manual therapy and optionally dry needling of
    ``dn_muscles``. The certification runs to ``cert_end`` (the duration, at most 90 days).
    ``exercises=0, manual=False, signed=False, commit=False`` gives a bare flushed row."""
    start = start or (date.today() - timedelta(days=14))
    plan = PlanOfCare(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        author_id=author.id,
        status=status,
        start_date=start,
        cert_start_date=start,
        cert_end_date=cert_end or start + timedelta(days=min(duration_weeks * 7, 90) - 1),
        duration_weeks=duration_weeks,
        physician_signed_on=physician_signed_on,
    )
    position = 0
    for n in range(exercises):
        exercise = Exercise(
            clinic_id=patient.clinic_id,
            slug=f"exercise-{patient.id}-{n}",
            name=f"Stretch {n + 1}",
            region="hip",
            steps=["Lie down.", "Stretch."],
            cautions=[],
        )
        params = {
            "exercise": f"Stretch {n + 1}",
            "sets": 2,
            "reps": 10,
            "hold_seconds": 30,
            "times_per_day": 2,
            "days_per_week": 7,
            "side": "both",
            "patient_notes": "",
        }
        plan.interventions.append(
            PlanIntervention(
                kind="home_exercise", params=params, cpt_code="97110", exercise=exercise, position=position
            )
        )
        position += 1
    if manual:
        technique = ManualTechnique(
            clinic_id=patient.clinic_id,
            slug=f"mob-{patient.id}",
            name="Lumbar mobilisation",
            default_minutes=12,
        )
        params = {"technique": "Lumbar mobilisation", "region": "lumbar", "grade": "III", "minutes": 12}
        plan.interventions.append(
            PlanIntervention(
                kind="manual_therapy", params=params, cpt_code="97140", technique=technique, position=position
            )
        )
        position += 1
    if dry_needling:
        params = {
            "muscles": [
                {"muscle_id": m.id, "slug": m.slug, "name": m.name, "side": "right"} for m in dn_muscles or []
            ],
            "technique": "static",
            "frequency": "Weekly",
            "rationale": "Trigger points reproduce the leg pain.",
        }
        plan.interventions.append(
            PlanIntervention(kind="dry_needling", params=params, cpt_code="20560", position=position)
        )
    for i, goal in enumerate(goals or []):
        plan.goals.append(PlanGoal(position=i, **goal))
    db.session.add(plan)
    db.session.flush()
    plan.lineage_id = plan.id
    if signed:
        # Signed on its start day (at most now), so its exercises were prescribed before later visits.
        plan.signed_at = min(utcnow(), datetime.combine(start, time(12), tzinfo=UTC))
        plan.signed_by_id = author.id
        with db.session.no_autoflush:
            plan.content_hash = plan.compute_content_hash()
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return plan


def clinic_with_plan(**plan_options) -> SimpleNamespace:
    """A new clinic with a therapist and a patient on a ``make_plan`` plan (its options as given)."""
    clinic = new_clinic()
    therapist = new_user("therapist", clinic=clinic)
    patient = new_patient(clinic=clinic, therapist=therapist)
    plan = make_plan(patient, therapist, **plan_options)
    return SimpleNamespace(clinic=clinic, therapist=therapist, patient=patient, plan=plan)


#: ``make_plan(..., **BARE_PLAN)``: a flushed row with no content and no signature, as the
#: caseload tests need (they count plans, certifications and visits, not plan content).
BARE_PLAN = {"exercises": 0, "manual": False, "signed": False, "commit": False}
