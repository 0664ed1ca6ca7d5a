"""The plan of care on the patient chart, and the demo data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ptplan.dry_needling import services as safety
from ptplan.extensions import db
from ptplan.plans import chart, services
from ptplan.plans.models import PlanOfCare
from tests.factories import plans as fp


def test_chart_shows_the_active_plan_with_goals_and_kinds(client, login, make_patient, therapist):
    patient = make_patient(therapist=therapist)
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "No active plan of care" in html and "New plan of care" in html
    plan = fp.active_plan(patient, therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert f"/plans/{plan.id}" in html and "ODI to 20" in html
    assert "Manual therapy:" in html and "Stretch or home exercise:" in html
    assert "New plan of care" not in html


def test_physician_certification_missing_badge_after_30_days(client, login, make_patient, therapist):
    patient = make_patient(therapist=therapist)
    plan = fp.active_plan(
        patient, therapist, start=date.today() - timedelta(days=32)
    )  # > 30 days in any time zone
    login(therapist)
    assert "Physician certification missing" in client.get(f"/patients/{patient.id}").get_data(as_text=True)
    services.record_certification(
        plan, name="Dr A", npi="1234567893", signed_on=date.today(), today=date.today()
    )
    db.session.commit()
    assert "Physician certification missing" not in client.get(f"/patients/{patient.id}").get_data(
        as_text=True
    )


def test_chart_provider_queries_do_not_grow_with_the_plan(app, make_patient, therapist, count_queries):
    small_patient = make_patient(therapist=therapist)
    big_patient = make_patient(therapist=therapist)
    fp.active_plan(small_patient, therapist)
    big = fp.draft_plan(big_patient, therapist, with_dn=True)
    for code in ("nprs", "psfs"):
        goal = fp.add_goal(big, code, baseline=5, target=2 if code == "nprs" else 8)
        for slug in ("cat-camel", "bird-dog", "glute-bridge"):
            fp.add_home_exercise(big, goal, slug)
    fp.clear_for_dry_needling(big_patient, therapist)
    services.sign_plan(big, therapist, today=date.today())
    db.session.commit()
    counts = []
    for patient in (small_patient, big_patient):
        db.session.expire_all()
        with app.test_request_context(), count_queries() as q:
            chart.sections(patient, therapist)
            chart.badges(patient, therapist)
            chart.actions(patient, therapist)
        counts.append(q.count)
    print("chart provider queries", counts)
    assert counts[0] == counts[1] <= 12


def test_demo_seed_is_idempotent_and_complete(app):
    from ptplan.demo.clinic import seed_demo

    demo = seed_demo()
    first = db.session.scalar(select(func.count(PlanOfCare.id)))
    seed_demo()
    assert db.session.scalar(select(func.count(PlanOfCare.id))) == first >= 3
    maria = demo.patients[0]
    plan = services.active_plan(maria.id)
    assert plan is not None and plan.has_dry_needling and plan.physician_signed_on is not None
    assert len(plan.interventions_of("home_exercise")) in (3, 4)
    assert {g.measure_code for g in plan.goals} >= {"odi", "nprs"}
    assert all(i.goals for i in plan.interventions)
    assert (plan.cert_end_date - plan.cert_start_date).days < 90
    assert safety.dry_needling_clearance(maria)[0]
    actives = list(db.session.scalars(select(PlanOfCare).where(PlanOfCare.status == "active")))
    assert any(p.physician_signed_on is None for p in actives)
