"""Evaluations: one row builder (signed or not, with scores) and a complete form POST."""

from __future__ import annotations

from datetime import date, timedelta

from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.records.services import sign

#: Baseline scores of a signed evaluation unless a test gives others.
BASELINE_SCORES = {"odi": 42.0, "nprs": 7.0}
#: Muscles the evaluation tests offer as trigger points (tests.factories.library.make_muscles).
EVALUATION_MUSCLES = ("Piriformis", "Gluteus medius")


def make_evaluation(
    patient,
    therapist,
    scores: dict[str, float] | None = None,
    *,
    on: date | None = None,
    kind: str = "initial",
    signed: bool = True,
    commit: bool = True,
) -> Evaluation:
    """An evaluation dated ``on`` (yesterday), with its outcome scores, signed through the
    records service unless ``signed=False``. ``scores`` defaults to BASELINE_SCORES when signed
    and to none otherwise (a bare row, e.g. for the caseload's evaluation counts)."""
    on = on or date.today() - timedelta(days=1)
    evaluation = Evaluation(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        therapist_id=therapist.id,
        kind=kind,
        date_of_service=on,
    )
    db.session.add(evaluation)
    db.session.flush()
    if scores is None:
        scores = BASELINE_SCORES if signed else {}
    for code, value in scores.items():
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
    if signed:
        sign(evaluation, therapist, record_type="evaluation", category="evaluation", patient_id=patient.id)
    if commit:
        db.session.commit()
    return evaluation


def form_data(
    *,
    odi=(3, 2, 3, 2, 3, 2, 2, None, 3, 4),
    nprs=(7, 4, 9),
    day: date | None = None,
    muscle_id: int | None = None,
    **overrides,
) -> dict:
    """A complete evaluation as the browser would post it (ODI 24/45 = 53.3%)."""
    data = {
        "date_of_service": (day or date.today() - timedelta(days=1)).isoformat(),
        "chief_complaint": "Right buttock pain radiating to the calf",
        "onset_date": "2026-01-05",
        "onset_mechanism": "Lifting a box",
        "aggravating_factors": "Sitting over 20 minutes",
        "easing_factors": "Walking",
        "patient_goals": "Sit through a work meeting",
        "pain_regions": ["buttock_right", "posterior_thigh_right", "calf_right"],
        "nprs_current": str(nprs[0]),
        "nprs_best": str(nprs[1]),
        "nprs_worst": str(nprs[2]),
        "slr_right_angle": "45",
        "slr_right_below_knee": "y",
        "slr_right_differentiation": "positive",
        "slr_left_angle": "80",
        "rom_flexion": "50",
        "myotome_L5_right": "4",
        "reflex_achilles_right": "1",
        "dermatome_S1_right": "diminished",
        "impression": "Right lumbar radiculopathy",
        "diagnoses-0-icd10_code": "M54.41",
        "diagnoses-0-description": "Lumbago with sciatica, right side",
        "prognosis": "good",
        "prognosis_text": "Young, motivated",
        "problem_list": "Sitting tolerance\nSleep",
        "psfs-0-activity": "Sitting",
        "psfs-0-rating": "3",
        "psfs-1-activity": "Lifting",
        "psfs-1-rating": "2",
        "psfs-2-activity": "Driving",
        "psfs-2-rating": "4",
        "action": "draft",
    }
    for n, answer in enumerate(odi, start=1):
        data[f"odi_{n}"] = "" if answer is None else str(answer)
    if muscle_id:
        data.update(
            {
                "trigger_points-0-muscle_id": str(muscle_id),
                "trigger_points-0-side": "right",
                "trigger_points-0-reproduces_symptoms": "y",
            }
        )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
