"""Demo plans: libraries, two templates, and active plans for three demo patients. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ptplan.catalogue import EXERCISES_BY_SLUG, TECHNIQUES_BY_SLUG
from ptplan.dry_needling import services as safety
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.i18n.translator import N_
from ptplan.plans import services
from ptplan.plans.models import PlanOfCare, PlanTemplate
from ptplan.plans.templates import seed_clinic

DEFAULT_BASELINES = {"odi": 42.0, "nprs": 7.0, "ndi": 48.0, "quickdash": 45.0, "lefs": 38.0}


def _exercise(slug: str, goals: list[int]) -> dict:
    item = EXERCISES_BY_SLUG[slug]
    d = item.dosage
    params = {
        "exercise": item.name,
        "sets": d.sets,
        "reps": d.reps,
        "hold_seconds": d.hold_seconds,
        "times_per_day": d.times_per_day,
        "days_per_week": d.days_per_week,
        "side": d.side,
        "patient_notes": "",
    }
    return {"kind": "home_exercise", "params": params, "exercise_slug": slug, "goals": goals}


def _manual(slug: str, region: str, grade: str, goals: list[int]) -> dict:
    technique = TECHNIQUES_BY_SLUG[slug]
    params = {
        "technique": technique.name,
        "region": region,
        "grade": grade,
        "minutes": technique.default_minutes,
    }
    return {"kind": "manual_therapy", "params": params, "technique_slug": slug, "goals": goals}


ODI_GOAL = {
    "term": "long",
    "description": "Reduce disability to ODI 20% or less",
    "patient_wording": N_("Do your daily tasks with little or no back pain"),
    "measure_code": "odi",
    "target_value": 20.0,
    "due_weeks": 10,
}
NPRS_GOAL = {
    "term": "long",
    "description": "Reduce worst pain to NPRS 2 or less",
    "patient_wording": N_("Have only mild pain on your worst day"),
    "measure_code": "nprs",
    "target_value": 2.0,
    "due_weeks": 10,
}
SIT_GOAL = {
    "term": "short",
    "description": "Sit 30 minutes without leg pain",
    "patient_wording": N_("Sit through a meal or a short drive without leg pain"),
    "measure_code": None,
    "target_value": None,
    "due_weeks": 3,
}

TEMPLATES = {
    "Sciatica: acute": {
        "title": "Plan of care: sciatica",
        "frequency_per_week": 2,
        "duration_weeks": 12,
        "goals": [ODI_GOAL, NPRS_GOAL, SIT_GOAL],
        "interventions": [
            {
                "kind": "dry_needling",
                "params": {
                    "muscles": [
                        {"slug": "piriformis", "side": "right"},
                        {"slug": "gluteus-medius", "side": "right"},
                    ],
                    "technique": "static",
                    "frequency": "Once a week for 4 weeks",
                    "rationale": "Active trigger points in the right piriformis and gluteus medius reproduce the buttock and leg pain.",
                },
                "goals": [0, 1],
            },
            _manual("lumbar-pa-mobilisation", "Lumbar spine L4-S1", "III", [0, 1]),
            _manual("sciatic-nerve-slider", "Right lower limb", "", [1, 2]),
            _exercise("piriformis-stretch-supine", [1, 2]),
            _exercise("hamstring-stretch-strap", [0]),
            _exercise("sciatic-nerve-glide-seated", [1, 2]),
            _exercise("prone-press-up", [0, 1]),
        ],
    },
    "Low back pain: subacute, no needling": {
        "title": "Plan of care: low back pain",
        "frequency_per_week": 2,
        "duration_weeks": 8,
        "goals": [ODI_GOAL, NPRS_GOAL],
        "interventions": [
            _manual("soft-tissue-mobilisation", "Lumbar paraspinals", "", [0, 1]),
            _exercise("knee-to-chest-single", [1]),
            _exercise("cat-camel", [0]),
            _exercise("pelvic-tilt", [0, 1]),
        ],
    },
}


def _templates(demo) -> dict[str, PlanTemplate]:
    out = {}
    for name, payload in TEMPLATES.items():
        template = db.session.scalar(
            select(PlanTemplate).where(PlanTemplate.clinic_id == demo.clinic.id, PlanTemplate.name == name)
        )
        if template is None:
            template = PlanTemplate(clinic_id=demo.clinic.id, name=name, payload=payload)
            db.session.add(template)
            db.session.flush()
        out[name] = template
    return out


def _plan_for(demo, patient, therapist, template, *, weeks_ago: int, physician_days: int | None):
    if db.session.scalar(select(PlanOfCare.id).where(PlanOfCare.patient_id == patient.id).limit(1)):
        return None
    today = demo.clinic.today()
    start = today - timedelta(weeks=weeks_ago)
    evaluation = db.session.scalar(
        select(Evaluation)
        .where(Evaluation.patient_id == patient.id, Evaluation.signed_at.is_not(None))
        .order_by(Evaluation.date_of_service)
        .limit(1)
    )
    if evaluation is not None and evaluation.date_of_service <= today:
        start = max(start, evaluation.date_of_service)
    duration = template.payload["duration_weeks"]
    cert_start, cert_end = services.default_dates(start, duration)
    data = {
        "title": template.payload["title"],
        "diagnoses": [{"code": d.icd10_code, "text": d.description} for d in patient.diagnoses],
        "frequency_per_week": template.payload["frequency_per_week"],
        "duration_weeks": duration,
        "start_date": start,
        "cert_start_date": cert_start,
        "cert_end_date": cert_end,
    }
    plan = services.create_plan(patient, therapist, data, evaluation=evaluation, template=template)
    for goal in plan.goals:
        if goal.measure_code and goal.baseline_value is None:
            goal.baseline_value = DEFAULT_BASELINES.get(goal.measure_code)
    db.session.flush()
    if plan.has_dry_needling:
        safety.record_screening(
            patient,
            therapist,
            screened_on=start,
            absolute=[],
            relative={},
            notes="No contraindications found.",
        )
        safety.record_consent(
            patient,
            therapist,
            consented_on=start,
            signature_name=patient.full_name,
            witness_name="Jordan Ellis (front desk)",
            copy_given=True,
        )
    if physician_days is not None:
        plan.physician_name = patient.referring_physician_name or "Dr. Priya Raman"
        plan.physician_npi = patient.referring_physician_npi or "1234567893"
        plan.physician_signed_on = start + timedelta(days=physician_days)
    services.sign_plan(plan, therapist, today=today)
    return plan


def seed(demo) -> None:
    seed_clinic(demo.clinic)
    templates = _templates(demo)
    patients = {p.mrn: p for p in demo.patients}
    therapists = demo.therapists
    acute, subacute = templates["Sciatica: acute"], templates["Low back pain: subacute, no needling"]
    # DEMO-0001: the showcase: dry needling, manual therapy and 4 stretches, physician certified.
    _plan_for(demo, patients["DEMO-0001"], therapists[0], acute, weeks_ago=8, physician_days=10)
    # DEMO-0002 (anticoagulants): no needling; the physician's certification is still missing.
    _plan_for(demo, patients["DEMO-0002"], therapists[0], subacute, weeks_ago=6, physician_days=None)
    # DEMO-0010 (reads Spanish): the same showcase plan, so her home plan prints in Spanish.
    if "DEMO-0010" in patients:
        _plan_for(demo, patients["DEMO-0010"], therapists[1], acute, weeks_ago=3, physician_days=4)
    # DEMO-0005: a recent plan, certified.
    _plan_for(demo, patients["DEMO-0005"], therapists[0], subacute, weeks_ago=2, physician_days=5)
    # Beyond the lower back: guideline templates (seeded by seed_clinic) for the neck,
    # shoulder (with dry needling of the rotator cuff) and knee patients.
    for mrn, template_name in REGIONAL_TEMPLATES.items():
        patient = patients.get(mrn)
        if patient is None:
            continue
        template = db.session.scalar(
            select(PlanTemplate).where(
                PlanTemplate.clinic_id == demo.clinic.id, PlanTemplate.name == template_name
            )
        )
        owner = next((t for t in therapists if t.id == patient.primary_therapist_id), therapists[0])
        if template is not None:
            _plan_for(demo, patient, owner, template, weeks_ago=3, physician_days=6)
    db.session.flush()


REGIONAL_TEMPLATES = {
    "DEMO-0007": "Neck pain with arm pain (cervical radiculopathy)",
    "DEMO-0008": "Shoulder pain, subacromial",
    "DEMO-0009": "Knee osteoarthritis or meniscal lesion",
}
