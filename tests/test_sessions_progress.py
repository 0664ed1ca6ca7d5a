"""Visit counting, progress notes with goal reviews, and the discharge summary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.billing import visit as billing_visit
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanGoal, PlanOfCare
from ptplan.sessions import rules, services
from ptplan.sessions.models import NoteGoalReview, VisitNote
from tests.factories.forms import open_form, submit

GOALS = [
    {"description": "Pain 2/10 or less", "measure_code": "nprs", "baseline_value": 7.0, "target_value": 2.0},
    {"description": "ODI under 20%", "measure_code": "odi", "baseline_value": 44.0, "target_value": 20.0},
]


@pytest.fixture()
def world(login, clinic_with_plan, make_score):
    w = clinic_with_plan(goals=GOALS)
    make_score(w.patient, "odi", 44, w.plan.start_date)
    make_score(w.patient, "nprs", 7, w.plan.start_date)
    login(w.therapist)
    return w


def sign_daily(client, patient_id: int, before="6", after="3"):
    url = f"/patients/{patient_id}/notes/new"
    response = submit(
        client, url, open_form(client, url), nprs_before=before, nprs_after=after, action="sign"
    )
    assert response.status_code == 302
    return response


def test_visits_are_counted_per_plan_lineage(client, world, make_user):
    for _ in range(3):
        sign_daily(client, world.patient.id)
    # a new version of the plan continues the count
    old = world.plan
    new = PlanOfCare(
        clinic_id=old.clinic_id,
        patient_id=old.patient_id,
        author_id=old.author_id,
        lineage_id=old.lineage_id,
        version_number=2,
        status="active",
        start_date=old.start_date,
        cert_start_date=old.cert_start_date,
        cert_end_date=old.cert_end_date,
    )
    old.status = "superseded"
    db.session.add(new)
    db.session.commit()
    assert services.next_visit_number(new) == 4
    assert services.visits_since_progress(new) == 3


@pytest.mark.parametrize(("since", "status"), [(8, None), (9, "due"), (10, "overdue"), (14, "overdue")])
def test_progress_note_rule(since, status):
    assert rules.progress_note_status(since) == status


def test_progress_note_reviews_goals_without_touching_the_plan(client, world):
    sign_daily(client, world.patient.id, before="4", after="2")
    url = f"/patients/{world.patient.id}/notes/new?kind=progress"
    page = client.get(url).get_data(as_text=True)
    assert "Pain 2/10 or less" in page and "Improved" in page  # NPRS 7 -> 4 reaches the MCID of 2
    fields = open_form(client, url)
    goal_ids = [g.id for g in world.plan.goals]
    assert fields["goal_reviews-0-goal_id"] == str(goal_ids[0])
    response = submit(
        client,
        url,
        fields,
        nprs_before="3",
        nprs_after="2",
        goal_reviews__0__status="met",
        goal_reviews__1__status="not_met",
        action="sign",
    )
    assert response.status_code == 302
    note = db.session.scalar(select(VisitNote).where(VisitNote.kind == "progress"))
    reviews = db.session.scalars(select(NoteGoalReview).where(NoteGoalReview.note_id == note.id)).all()
    by_goal = {r.goal_id: r for r in reviews}
    nprs_review = by_goal[goal_ids[0]]
    assert (nprs_review.status, nprs_review.baseline_value, nprs_review.latest_value) == ("met", 7, 3)
    assert nprs_review.change == "improved"
    assert by_goal[goal_ids[1]].status == "not_met" and by_goal[goal_ids[1]].change == "no change"
    # signed plan goals are not edited
    assert {g.status for g in db.session.scalars(select(PlanGoal))} == {"active"}
    assert services.visits_since_progress(world.plan) == 0


def test_discharge_closes_the_plan_and_the_episode(client, world, make_score):
    sign_daily(client, world.patient.id, before="5", after="3")
    make_score(world.patient, "odi", 18, date.today())
    url = f"/patients/{world.patient.id}/notes/new?kind=discharge"
    page = client.get(url).get_data(as_text=True)
    assert "Outcomes, initial and final" in page
    fields = open_form(client, url)
    response = submit(
        client,
        url,
        fields,
        nprs_before="2",
        nprs_after="1",
        discharge_reason="Goals met",
        goal_reviews__0__status="met",
        goal_reviews__1__status="met",
        action="sign",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    db.session.expire_all()
    plan = db.session.get(PlanOfCare, world.plan.id)
    assert plan.status == "completed" and plan.ended_on == date.today() and plan.verify_content_hash()
    assert db.session.get(Patient, world.patient.id).status == "discharged"
    # the status is set by patients.services.set_status: one audit row, as for any status change
    status_rows = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "patient", AuditEvent.entity_id == world.patient.id
        )
    ).all()
    assert [(e.action, e.category, e.detail) for e in status_rows] == [
        ("update", "demographics", "status=discharged")
    ]
    note = db.session.scalar(select(VisitNote).where(VisitNote.kind == "discharge"))
    summary = {row["code"]: row for row in note.outcome_summary}
    assert (summary["odi"]["initial"], summary["odi"]["final"], summary["odi"]["change"]) == (
        44,
        18,
        "improved",
    )
    assert (summary["nprs"]["initial"], summary["nprs"]["final"]) == (7, 2)
    view = client.get(f"/notes/{note.id}").get_data(as_text=True)
    assert "MCID met?" in view and "Goals met" in view


def test_unsigned_rule_threshold():
    from ptplan.db import utcnow

    now = utcnow()
    assert rules.note_unsigned_too_long(now - timedelta(hours=25), None, now)
    assert not rules.note_unsigned_too_long(now - timedelta(hours=23), None, now)
    assert not rules.note_unsigned_too_long(now - timedelta(hours=30), now, now)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}),
        ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}),
        ({"97110": 7, "97140": 7}, {"97140": 0, "97110": 1}),
    ],
)
def test_visit_billing_follows_the_cms_examples(minutes, expected):
    billing = billing_visit.visit_billing(minutes, dn_code="20561", dn_minutes=12)
    units = {line.cpt_code: line.units for line in billing.lines if line.is_timed}
    assert units == expected
    assert billing.total_treatment_minutes == sum(minutes.values()) + 12
    assert [line.cpt_code for line in billing.lines if not line.is_timed] == ["20561"]


def test_needled_muscle_count_counts_both_sides_twice():
    assert billing_visit.dry_needling_code_for(["left"]) == "20560"
    assert billing_visit.dry_needling_code_for(["both"]) == "20560"
    assert billing_visit.dry_needling_code_for(["both", "left"]) == "20561"


def test_visit_note_scores_are_written_as_their_measure_writes_them(app):
    """DOMAIN.md: 16 over 9 ODI sections is 35.6%, stored unrounded; NPRS stays a whole number."""
    template = app.jinja_env.from_string(
        '{% from "sessions/_macros.html" import score %}'
        '{{ score(odi, "odi") }}|{{ score(7.0, "nprs") }}|{{ score(none, "odi") }}|{{ score(2.5) }}'
    )
    with app.test_request_context():
        assert template.render(odi=16 / 45 * 100) == "35.6%|7|—|2.5"
