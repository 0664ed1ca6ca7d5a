"""Plan drafts: the author edits and signs; another therapist takes over explicitly, audited."""

from __future__ import annotations

from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.extensions import db
from ptplan.plans.models import PlanOfCare
from tests.factories import plans as fp


def _draft(make_patient, make_user):
    author = make_user("therapist")
    colleague = make_user("therapist", clinic=author.clinic)
    patient = make_patient(clinic=author.clinic, therapist=author)
    return author, colleague, fp.draft_plan(patient, author)


def test_another_therapist_cannot_edit_or_sign_a_draft(client, login, csrf, make_patient, make_user):
    _author, colleague, plan = _draft(make_patient, make_user)
    login(colleague)
    for path in (f"/plans/{plan.id}/edit", f"/plans/{plan.id}/sign", f"/plans/{plan.id}/goals/new"):
        assert client.get(path).status_code == 403
    token = csrf(f"/plans/{plan.id}")
    signed = client.post(f"/plans/{plan.id}/sign", data={"csrf_token": token})
    assert signed.status_code == 403 and "take the draft over" in signed.get_data(as_text=True)
    db.session.expire_all()
    plan = db.session.get(PlanOfCare, plan.id)
    assert plan.status == "draft" and plan.signed_at is None
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "denied", AuditEvent.entity_id == plan.id)
    ).all()
    assert denied and all(e.user_id == colleague.id for e in denied)


def test_the_author_edits_and_signs(client, login, csrf, make_patient, make_user):
    author, _colleague, plan = _draft(make_patient, make_user)
    login(author)
    assert client.get(f"/plans/{plan.id}/edit").status_code == 200
    response = client.post(f"/plans/{plan.id}/sign", data={"csrf_token": csrf(f"/plans/{plan.id}/sign")})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanOfCare, plan.id).signed_by_id == author.id


def test_taking_over_a_draft_is_explicit_and_audited(client, login, csrf, make_patient, make_user):
    author, colleague, plan = _draft(make_patient, make_user)
    login(colleague)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Take over this draft" in page and "Edit details" not in page
    token = csrf(f"/plans/{plan.id}")
    assert client.post(f"/plans/{plan.id}/take-over", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanOfCare, plan.id).author_id == colleague.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "take_over"))
    assert event.user_id == colleague.id and event.entity_id == plan.id
    assert event.detail == f"draft taken over from user {author.id}"
    signed = client.post(f"/plans/{plan.id}/sign", data={"csrf_token": csrf(f"/plans/{plan.id}/sign")})
    assert signed.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanOfCare, plan.id).signed_by_id == colleague.id


def test_a_signed_plan_cannot_be_taken_over(client, login, csrf, make_patient, make_user):
    author = make_user("therapist")
    colleague = make_user("therapist", clinic=author.clinic)
    plan = fp.active_plan(make_patient(clinic=author.clinic, therapist=author), author)
    login(colleague)
    response = client.post(f"/plans/{plan.id}/take-over", data={"csrf_token": csrf(f"/plans/{plan.id}")})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(PlanOfCare, plan.id).author_id == author.id
