"""Progress over time (pure), the SVG chart, and OutcomeScore locked with its note."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from ptplan.evaluations import services
from ptplan.evaluations.models import Evaluation
from ptplan.exceptions import SignedRecordError
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.outcomes.progress import Point, build_series
from ptplan.outcomes.svgchart import render

D0 = date(2026, 8, 1)


def pt(days: int, value: float, source: str = "evaluation", label: str = "Initial evaluation") -> Point:
    return Point(taken_on=D0 + timedelta(days=days), value=value, source=source, label=label)


def test_series_judges_each_point_against_the_first_evaluation():
    series = build_series(
        {
            "odi": [pt(49, 22, label="Re-evaluation"), pt(0, 48), pt(20, 40)],
            "nprs": [
                pt(-3, 9, "visit_note", "Daily note"),
                pt(0, 7),
                pt(10, 6, "visit_note"),
                pt(40, 4, "visit_note"),
            ],
        }
    )
    nprs, odi = series  # clinical order: NPRS first
    assert nprs.code == "nprs" and odi.code == "odi"
    assert nprs.baseline.value == 7  # the evaluation, not the earlier daily note
    assert [p.change for p in nprs.points] == ["worse", None, "no change", "improved"]
    assert odi.baseline.value == 48
    assert [p.change for p in odi.points] == [None, "no change", "improved"]
    assert odi.points[-1].mcid_reached and not odi.points[1].mcid_reached
    assert odi.latest.display == "22%"


def test_fabq_has_no_mcid_so_only_the_difference_is_given():
    (fabq,) = build_series({"fabq": [pt(0, 30), pt(30, 20)]})
    assert fabq.points[1].change is None and fabq.points[1].delta == -10


def test_svg_is_accessible_escaped_and_flags_mcid():
    series = build_series({"odi": [pt(0, 48), pt(49, 22)], "nprs": [pt(0, 7), pt(49, 3)]})
    svg = render(series, chart_id="c1", title='<script>alert("x")</script>')
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "ODI: from 48% on 2026-08-01 to 22% on 2026-09-19 (improved since baseline)." in svg
    assert svg.count("<polygon") == 1 + 2  # legend diamond + two improved points
    assert "Improved by at least the MCID" in svg
    assert render([]) == ""


def test_single_point_series_draws_without_a_line():
    svg = render(build_series({"nprs": [pt(0, 5)]}))
    assert "<polyline" not in svg and "<circle" in svg


@pytest.fixture()
def signed_evaluation(therapist, make_patient):
    from tests.factories.evaluations import EVALUATION_MUSCLES
    from tests.factories.library import make_muscles

    patient = make_patient(therapist=therapist)
    muscle = make_muscles(therapist.clinic_id, EVALUATION_MUSCLES)[0]
    data = {
        "date_of_service": date.today(),
        "chief_complaint": "Sciatica",
        "nprs_current": 6,
        "odi_answers": [2] * 10,
        "trigger_points": [{"muscle_id": muscle.id, "side": "right", "reproduces_symptoms": True}],
        "psfs_activities": [{"activity": a, "rating": 4} for a in ("Sit", "Walk", "Lift")],
    }
    evaluation = services.create_evaluation(patient, therapist, "initial", data, sign=True)
    db.session.commit()
    return evaluation


def test_scores_and_children_of_a_signed_evaluation_are_locked_at_the_data_layer(signed_evaluation):
    score = signed_evaluation.score_for("odi")
    score.value = 10
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(signed_evaluation.trigger_points[0])
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    signed_evaluation.psfs_activities[0].rating = 9
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    signed_evaluation.scores.append(
        OutcomeScore(
            clinic_id=signed_evaluation.clinic_id,
            patient_id=signed_evaluation.patient_id,
            code="lefs",
            value=40,
            taken_on=date.today(),
            source="evaluation",
        )
    )
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    signed_evaluation.nprs_current = 2
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()


def test_service_refuses_first_with_a_clear_message(signed_evaluation, therapist):
    with pytest.raises(SignedRecordError, match="Add an addendum"):
        services.update_evaluation(
            signed_evaluation, therapist, {"date_of_service": date.today()}, expected_version=None
        )


def test_the_hash_covers_scores_and_children(signed_evaluation):
    assert signed_evaluation.verify_content_hash()
    # A change that bypasses the ORM (e.g. a raw UPDATE) no longer matches the signature.
    db.session.execute(update(OutcomeScore).where(OutcomeScore.code == "odi").values(value=12))
    db.session.expire_all()
    assert not db.session.scalar(select(Evaluation)).verify_content_hash()


def test_the_hash_covers_trigger_points(signed_evaluation):
    from ptplan.evaluations.models import EvaluationTriggerPoint

    db.session.execute(update(EvaluationTriggerPoint).values(side="left"))
    db.session.expire_all()
    assert not db.session.scalar(select(Evaluation)).verify_content_hash()


def test_database_refuses_impossible_values(therapist, make_patient):
    from sqlalchemy.exc import IntegrityError

    patient = make_patient(therapist=therapist)
    for values in (
        {"nprs_current": 11},
        {"slr_left_angle": 121},
        {"rom_flexion": -1},
        {"prognosis": "meh"},
    ):
        db.session.add(
            Evaluation(
                clinic_id=patient.clinic_id,
                patient_id=patient.id,
                therapist_id=therapist.id,
                date_of_service=date.today(),
                **values,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
