"""Chart and My-day alerts, the chart's session-note section, and their fixed query budgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.sessions.alerts import alerts_for_patient, alerts_for_therapist
from ptplan.sessions.models import VisitNote
from tests.factories.sessions import visits


def add_notes(
    patient, plan, therapist, count: int, *, signed: bool = True, kind: str = "daily", start: int = 1
):
    """``count`` billed notes on consecutive days from the plan's start, written and signed now."""
    assert plan.patient_id == patient.id
    now = utcnow()
    billed = (("97110", 30, 2),)
    visits(
        plan,
        therapist,
        plan.start_date,
        count,
        start_number=start,
        signed=signed,
        kind=kind,
        created_at=now,
        signed_at=now,
        billing=billed,
    )
    db.session.commit()


@pytest.fixture()
def therapist_with(make_clinic, make_user, make_patient, make_plan):
    def build(patients: int):
        clinic = make_clinic()
        therapist = make_user("therapist", clinic=clinic)
        for _ in range(patients):
            patient = make_patient(clinic=clinic, therapist=therapist)
            plan = make_plan(patient, therapist, exercises=1, manual=False)
            add_notes(patient, plan, therapist, 9)
            add_notes(patient, plan, therapist, 1, signed=False, start=10)
        return therapist

    return build


def kinds(alerts) -> list[str]:
    return sorted(a.kind for a in alerts)


def test_progress_recert_physician_and_unsigned_alerts(app, make_clinic, make_user, make_patient, make_plan):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    start = date.today() - timedelta(days=40)
    plan = make_plan(patient, therapist, start=start, duration_weeks=7)  # cert ends in 8 days
    add_notes(patient, plan, therapist, 9)
    with app.test_request_context():
        alerts = alerts_for_patient(patient)
    by_kind = {a.kind: a for a in alerts}
    assert (
        by_kind["progress_note"].label == "Progress note due"
        and by_kind["progress_note"].severity == "warning"
    )
    assert by_kind["recert"].label == "Recertification due"
    assert by_kind["physician_cert"].severity == "danger"
    assert "unsigned_note" not in by_kind
    # the tenth treatment day without a progress report, left unsigned for two days
    add_notes(patient, plan, therapist, 1, signed=False, start=10)
    note = db.session.query(VisitNote).filter(VisitNote.signed_at.is_(None)).one()
    note.created_at = utcnow() - timedelta(hours=48)
    db.session.commit()
    with app.test_request_context():
        alerts = alerts_for_patient(patient)
    by_kind = {a.kind: a for a in alerts}
    assert by_kind["progress_note"].label == "Progress note overdue"
    assert (
        by_kind["unsigned_note"].label == "Unsigned over 24 h"
        and by_kind["unsigned_note"].severity == "danger"
    )
    assert alerts[0].kind == "unsigned_note"  # unsigned notes first
    # a progress note resets the count; a physician signature clears the certification alert
    add_notes(patient, plan, therapist, 1, kind="progress", start=11)
    plan.physician_signed_on = date.today()
    db.session.commit()
    with app.test_request_context():
        assert "progress_note" not in kinds(alerts_for_patient(patient))
        assert "physician_cert" not in kinds(alerts_for_patient(patient))


def test_recert_overdue(app, make_clinic, make_user, make_patient, make_plan):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    make_plan(
        patient,
        therapist,
        start=date.today() - timedelta(days=50),
        duration_weeks=4,
        physician_signed_on=date.today(),
    )
    with app.test_request_context():
        (alert,) = alerts_for_patient(patient)
    assert (alert.kind, alert.label, alert.severity) == ("recert", "Recertification overdue", "danger")


def test_alerts_for_therapist_use_a_fixed_number_of_queries(app, therapist_with, count_queries):
    small, large = therapist_with(2), therapist_with(20)
    with app.test_request_context():
        with count_queries() as q_small:
            alerts_small = alerts_for_therapist(small, today=date.today())
        with count_queries() as q_large:
            alerts_large = alerts_for_therapist(large, today=date.today())
    assert len(alerts_small) == 4 and len(alerts_large) == 40  # progress overdue + unsigned, per patient
    # three statements (plans, visit counts per lineage, unsigned notes) plus, at most, the user refresh
    assert q_small.count == q_large.count <= 4


def test_my_day_lists_the_alerts(client, login, therapist_with):
    therapist = therapist_with(2)
    login(therapist)
    page = client.get("/my-day").get_data(as_text=True)
    assert "Progress note overdue" in page and "Unsigned draft" in page


def test_chart_section_and_badges_with_fixed_queries(
    client, login, make_clinic, make_user, make_patient, count_queries, make_plan
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    few, many = (
        make_patient(clinic=clinic, therapist=therapist),
        make_patient(clinic=clinic, therapist=therapist),
    )
    add_notes(few, make_plan(few, therapist), therapist, 2)
    add_notes(many, make_plan(many, therapist), therapist, 20)
    login(therapist)
    client.get(f"/patients/{few.id}")  # warm-up
    with count_queries() as q_few:
        page_few = client.get(f"/patients/{few.id}")
    with count_queries() as q_many:
        page_many = client.get(f"/patients/{many.id}")
    assert page_few.status_code == page_many.status_code == 200
    html = page_many.get_data(as_text=True)
    assert "Session notes" in html and "New session note" in html and "Progress note overdue" in html
    assert html.count("/notes/") >= 20
    assert q_few.count == q_many.count


def test_chart_without_plan_shows_empty_state_and_no_action(client, login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "No session notes yet" in html and ">New session note</a>" not in html
