"""The chart's evaluation sections: progress chart from every source, list, fixed query budget; demo data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ptplan.evaluations import services
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from tests.factories.outcomes import make_score
from tests.factories.plans import BARE_PLAN, make_plan
from tests.factories.sessions import make_note


def _evaluation(patient, therapist, days_ago: int, odi: int, nprs: int, *, kind="initial", sign=True):
    data = {
        "date_of_service": date.today() - timedelta(days=days_ago),
        "chief_complaint": "Sciatica",
        "nprs_current": nprs,
        "odi_answers": [odi] * 10,
    }
    evaluation = services.create_evaluation(patient, therapist, kind, data, sign=sign)
    db.session.commit()
    return evaluation


def _daily_note_nprs(patient, therapist, days_ago: int, nprs: int) -> None:
    """An unsigned daily note (on a draft plan of that day) whose NPRS is a visit-note score."""
    day = date.today() - timedelta(days=days_ago)
    plan = make_plan(patient, therapist, day, status="draft", cert_end=day + timedelta(days=60), **BARE_PLAN)
    note = make_note(plan, therapist, day, signed=False, nprs_before=nprs)
    make_score(patient, "nprs", nprs, day, visit_note=note)


def test_chart_shows_progress_from_evaluations_and_daily_notes(client, login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    first = _evaluation(patient, therapist, 56, odi=3, nprs=7)  # ODI 60%
    _daily_note_nprs(patient, therapist, 30, nprs=5)
    _evaluation(patient, therapist, 7, odi=1, nprs=3, kind="reevaluation")  # ODI 20%
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert 'role="img"' in html and "Outcome measures over time" in html
    assert "NPRS: from 7 on" in html and "(improved since baseline)" in html
    assert "Daily note" in html  # the visit-note score is in the chart and the table
    assert html.count("<polygon") >= 3  # legend + NPRS and ODI improved points
    assert f'href="/evaluations/{first.id}"' in html
    assert "New re-evaluation" in html and "ODI 60%" in html and "Signed" in html


def test_chart_for_a_new_patient_says_how_to_start(client, login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "No evaluations yet." in html and "New initial evaluation" in html
    assert "No scores yet." in html


def test_start_plan_of_care_link_only_for_a_signed_evaluation(app, client, login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    signed = _evaluation(patient, therapist, 10, odi=2, nprs=5)
    draft = _evaluation(patient, therapist, 1, odi=2, nprs=5, kind="reevaluation", sign=False)
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    if "plans.new_plan" in app.view_functions:
        assert f"evaluation_id={signed.id}" in html and f"evaluation_id={draft.id}" not in html
    else:
        assert "Start plan of care" not in html


def test_chart_query_count_does_not_grow_with_evaluations(
    client, login, therapist, make_patient, count_queries
):
    """The chart page makes the same number of statements for 2 and for 12 evaluations."""
    small, large = make_patient(therapist=therapist), make_patient(therapist=therapist)
    for patient, evaluations in ((small, 2), (large, 12)):
        for n in range(evaluations):
            _evaluation(patient, therapist, 60 - n, odi=n % 5, nprs=n % 10, sign=n % 2 == 0)
        _daily_note_nprs(patient, therapist, 20, nprs=4)
    login(therapist)
    client.get(f"/patients/{small.id}")  # warm up
    counts = []
    for patient in (small, large):
        with count_queries() as queries:
            response = client.get(f"/patients/{patient.id}")
        assert response.status_code == 200
        counts.append(queries.count)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 40, counts


def test_evaluations_provider_makes_exactly_two_queries(app, therapist, make_patient, count_queries):
    from ptplan.evaluations.chart import sections
    from ptplan.plans import chart as plan_chart

    patient = make_patient(therapist=therapist)
    for n in range(12):
        _evaluation(patient, therapist, 60 - n, odi=n % 5, nprs=n % 10)
    _ = patient.id, therapist.role  # loaded before counting, as the chart page has them
    with app.test_request_context():
        # The plan step on the newest signed evaluation reuses the plan section's facts,
        # which the chart page loads anyway: load them first, outside the count.
        plan_chart.sections(patient, therapist)
        with count_queries() as queries:
            found = sections(patient, therapist)
            for section in found:  # rendering reads only what was loaded
                app.jinja_env.get_template(section.template).render(ctx=section.context)
    assert queries.count == 2
    assert len(found[1].context["rows"]) == 12


def test_demo_seed_is_idempotent_and_tells_a_story(app):
    from ptplan.demo.clinic import seed_demo

    seed_demo(password="demo-password-long-enough-x")
    seed_demo(password="demo-password-long-enough-x")
    evaluations = db.session.scalars(select(Evaluation).order_by(Evaluation.date_of_service)).all()
    # 5 for the sciatica story, plus the neck, shoulder and knee patients' initial evaluations
    assert db.session.scalar(select(func.count(Evaluation.id))) == 8
    from ptplan.patients.models import Patient

    maria = db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001"))
    hers = [e for e in evaluations if e.patient_id == maria.id]
    assert [e.kind for e in hers] == ["initial", "reevaluation"]
    assert all(e.is_signed and e.verify_content_hash() for e in hers)
    initial, later = hers
    assert initial.therapist.email == "therapist@demo.ptplan.test"
    assert initial.score_for("odi").value == 48 and initial.score_for("nprs").value == 7
    assert later.score_for("odi").value == 22 and later.score_for("nprs").value == 3
    assert initial.slr_right_angle == 45 and services.rules.slr_reading(45, True) == "positive"
    assert {tp.muscle.slug for tp in initial.trigger_points} == {"piriformis", "gluteus-medius"}
    assert 50 <= (date.today() - initial.date_of_service).days <= 60
