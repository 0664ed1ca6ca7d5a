"""Demo evaluations: DEMO-0001 improves from an initial evaluation to a re-evaluation.

Idempotent: a patient who already has an evaluation is left alone. Runs before the plans
seeder, so it seeds the clinic's muscle catalogue itself (idempotent by slug, either order).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from ptplan.audit import services as audit
from ptplan.catalogue import MUSCLES
from ptplan.demo import evaluation_regions
from ptplan.evaluations import services
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.library.models import Muscle

THERAPIST = "therapist@demo.ptplan.test"


def seed(demo) -> None:
    muscles = _ensure_muscles(demo.clinic)
    today = demo.clinic.today()
    have = set(
        db.session.scalars(select(Evaluation.patient_id).where(Evaluation.clinic_id == demo.clinic.id))
    )
    regional = [p for p in demo.patients if p.mrn in evaluation_regions.REGIONAL]
    first, *others = [p for p in demo.patients if p not in regional]
    therapist = demo.users[THERAPIST]
    if first.id not in have:
        initial = _evaluation(first, therapist, "initial", today - timedelta(weeks=8), _initial(muscles))
        _demo_sign(initial, therapist)
        later = services.rules.carry_forward(services.evaluation_data(initial))
        later.update(_reevaluation())
        reevaluation = _evaluation(first, therapist, "reevaluation", today - timedelta(days=7), later)
        _demo_sign(reevaluation, therapist)
    for index, patient in enumerate(others[:3]):
        if patient.id in have:
            continue
        owner = next((u for u in demo.therapists if u.id == patient.primary_therapist_id), therapist)
        data = _initial(muscles)
        data.update(_variant(index))
        evaluation = _evaluation(patient, owner, "initial", today - timedelta(days=10 + 5 * index), data)
        if index < 2:  # the third stays a draft, so "unsigned notes" has something to show
            _demo_sign(evaluation, owner)
    evaluation_regions.seed(demo, _evaluation, _demo_sign, have)


def _ensure_muscles(clinic) -> dict[str, int]:
    try:
        from ptplan.library.services import seed_libraries
    except ImportError:
        seed_libraries = None
    if seed_libraries is not None:
        seed_libraries(clinic)
    else:
        have = set(db.session.scalars(select(Muscle.slug).where(Muscle.clinic_id == clinic.id)))
        for muscle in MUSCLES:
            if muscle.slug not in have:
                db.session.add(
                    Muscle(clinic_id=clinic.id, slug=muscle.slug, name=muscle.name, region=muscle.region)
                )
        db.session.flush()
    return dict(db.session.execute(select(Muscle.slug, Muscle.id).where(Muscle.clinic_id == clinic.id)).all())


def _evaluation(patient, therapist, kind, day, data) -> Evaluation:
    data = dict(data, date_of_service=day)
    data.setdefault("diagnoses", [{"code": d.icd10_code, "text": d.description} for d in patient.diagnoses])
    return services.create_evaluation(patient, therapist, kind, data)


def _demo_sign(evaluation: Evaluation, therapist) -> None:
    """Sign as on the day of service (demo history), the same way records.sign does."""
    db.session.flush()
    evaluation.signed_by_id = therapist.id
    evaluation.signed_at = datetime.combine(evaluation.date_of_service, time(17, 30), tzinfo=UTC)
    evaluation.content_hash = evaluation.compute_content_hash()
    db.session.flush()
    audit.record(
        "sign",
        services.CATEGORY,
        patient_id=evaluation.patient_id,
        entity_type=services.RECORD_TYPE,
        entity_id=evaluation.id,
        user=therapist,
        detail="demo data",
    )


def _initial(muscles: dict[str, int]) -> dict:
    return {
        "chief_complaint": "Right low back and buttock pain spreading down the back of the right leg",
        "onset_date": None,
        "onset_mechanism": "Gradual after a weekend of gardening; worse over two weeks",
        "aggravating_factors": "Sitting over 20 minutes, bending, driving",
        "easing_factors": "Walking short distances, lying on the left side",
        "patient_goals": "Sit through a full workday; play with grandchildren",
        "pain_regions": ["low_back_right", "buttock_right", "posterior_thigh_right", "calf_right"],
        "nprs_current": 7,
        "nprs_best": 4,
        "nprs_worst": 9,
        "slr_right_angle": 45,
        "slr_right_below_knee": True,
        "slr_right_differentiation": "positive",
        "slr_left_angle": 80,
        "rom_flexion": 50,
        "rom_extension": 70,
        "rom_side_bend_left": 80,
        "rom_side_bend_right": 60,
        "rom_rotation_left": 90,
        "rom_rotation_right": 80,
        "neuro_screen": {
            "myotomes": {level: {"left": 5, "right": 5} for level in ("L2", "L3", "L4", "L5", "S1")},
            "reflexes": {"patellar": {"left": 2, "right": 2}, "achilles": {"left": 2, "right": 1}},
            "dermatomes": {"S1": {"left": "intact", "right": "diminished"}},
        },
        # 24 of 50 = 48%: severe disability (Fairbank & Pynsent 2000)
        "odi_answers": [3, 2, 3, 2, 3, 2, 2, 2, 2, 3],
        "psfs_activities": [
            {"activity": "Sitting at work", "rating": 3},
            {"activity": "Driving 30 minutes", "rating": 4},
            {"activity": "Lifting a grandchild", "rating": 2},
        ],
        "trigger_points": [
            {"muscle_id": muscles["piriformis"], "side": "right", "reproduces_symptoms": True},
            {"muscle_id": muscles["gluteus-medius"], "side": "right", "reproduces_symptoms": False},
        ],
        "impression": "Signs consistent with right L5/S1 radicular pain with myofascial involvement of the "
        "right piriformis and gluteus medius. No red flags.",
        "prognosis": "good",
        "prognosis_text": "Short duration, motivated, no red flags",
        "problem_list": "Sitting tolerance under 20 minutes\nPain with bending\nDisturbed sleep",
    }


def _reevaluation() -> dict:
    return {
        "nprs_current": 3,
        "nprs_best": 1,
        "nprs_worst": 5,
        "slr_right_angle": 70,
        "slr_right_differentiation": "negative",
        "rom_flexion": 80,
        # 11 of 50 = 22%: moderate disability, 26 points better (MCID 10)
        "odi_answers": [1, 1, 1, 1, 2, 1, 1, 1, 1, 1],
        "psfs_activities": [
            {"activity": "Sitting at work", "rating": 7},
            {"activity": "Driving 30 minutes", "rating": 8},
            {"activity": "Lifting a grandchild", "rating": 6},
        ],
        "impression": "Improving: pain, disability and SLR better. Continue the plan; progress loading.",
    }


def _variant(index: int) -> dict:
    return [
        {
            "nprs_current": 6,
            "odi_answers": [3, 3, 2, 3, 3, 2, 3, 2, 2, 3],
            "chief_complaint": "Low back pain into both legs when walking",
        },
        {
            "nprs_current": 5,
            "odi_answers": [2, 1, 2, 1, 3, 2, 1, None, 2, 2],
            "chief_complaint": "Left buttock pain after a fall on ice",
        },
        {
            "nprs_current": 4,
            "odi_answers": [2, 2, 2, 2, 2, 1, 1, 1, 2, 1],
            "chief_complaint": "Leg pain and numbness when standing",
        },
    ][index]
