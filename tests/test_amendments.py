"""Patient amendment requests (HIPAA §164.526, SECURITY.md NOTE-04): deadlines, decisions, append-only."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from ptplan.amendments import rules
from ptplan.amendments.models import AmendmentRequest
from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User
from ptplan.demo.clinic import seed_demo
from ptplan.exceptions import SignedRecordError
from ptplan.extensions import db
from ptplan.records.models import Addendum
from ptplan.sessions.models import VisitNote
from tests.conftest import csrf_token
from tests.factories.documents import check_pdf, demo_patient, flat, words

DEMO_PASSWORD = "amendment test passphrase"
TODAY = "2026-03-09 15:00:00"  # 11:00 in New York


# ---------------------------------------------------------------- the rule (pure)


@pytest.mark.parametrize(
    ("received", "due", "extended"),
    [
        (date(2026, 1, 1), date(2026, 3, 2), date(2026, 4, 1)),
        (date(2026, 3, 9), date(2026, 5, 8), date(2026, 6, 7)),
        (date(2024, 12, 31), date(2025, 3, 1), date(2025, 3, 31)),
    ],
)
def test_due_is_received_plus_60_days_and_the_extension_adds_30(received, due, extended):
    assert rules.due_on(received) == due
    assert rules.extended_due_on(due) == extended


@pytest.mark.parametrize(
    ("day", "expected"),
    [(0, "on_time"), (49, "on_time"), (50, "warning"), (60, "warning"), (61, "overdue")],
)
def test_warning_from_day_50_and_overdue_after_day_60(day, expected):
    received = date(2026, 1, 1)
    today = date.fromordinal(received.toordinal() + day)
    assert rules.urgency(rules.due_on(received), today) == expected


# ---------------------------------------------------------------- the workflow


@pytest.fixture()
def demo(app):
    with freeze_time(TODAY):
        return seed_demo(DEMO_PASSWORD)


def newest_request() -> AmendmentRequest:
    return db.session.scalar(select(AmendmentRequest).order_by(AmendmentRequest.id.desc()))


def test_the_demo_clinic_has_one_open_request_and_seeding_twice_adds_none(demo):
    seed_demo(DEMO_PASSWORD)
    (request,) = db.session.scalars(select(AmendmentRequest)).all()
    assert request.patient_id == demo_patient(demo, "DEMO-0002").id and request.is_open
    assert request.record_type == "evaluation"


def user(email):
    return db.session.scalar(select(User).where(User.email == email))


def sign_in(client, email):
    page = client.get("/account/sessions", follow_redirects=True).get_data(as_text=True)
    if "Log out" in page:
        client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
    client.post("/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": csrf_token(client)})


def signed_note(patient) -> VisitNote:
    return db.session.scalar(
        select(VisitNote)
        .where(VisitNote.patient_id == patient.id, VisitNote.signed_at.is_not(None))
        .order_by(VisitNote.id)
    )


def record(client, patient, note, **changes):
    data = {
        "csrf_token": csrf_token(client, f"/patients/{patient.id}/amendments/new"),
        "record": f"visit_note:{note.id}",
        "requested_by": "Maria Gonzalez (patient)",
        "received_on": "2026-03-02",
        "requested_change": "The note says I stopped my walks; I walked 20 minutes every day.",
        "reason": "My insurer reads this note.",
    }
    data.update(changes)
    return client.post(f"/patients/{patient.id}/amendments/new", data=data)


def act(client, amendment_id, step, **data):
    token = csrf_token(client, f"/amendments/{amendment_id}")
    return client.post(f"/amendments/{amendment_id}/{step}", data={"csrf_token": token, **data})


def test_staff_record_a_request_from_the_chart_with_its_due_date(client, demo):
    patient, note = demo_patient(demo), None
    note = signed_note(patient)
    with freeze_time(TODAY):
        sign_in(client, "manager@demo.ptplan.test")
        chart = client.get(f"/patients/{patient.id}").get_data(as_text=True)
        assert "Record an amendment request" in chart
        response = record(client, patient, note)
        assert response.status_code == 302
        amendment = newest_request()
        assert amendment.due_on == date(2026, 5, 1) and amendment.status == "open"
        assert amendment.recorded_by_id == user("manager@demo.ptplan.test").id
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "2026-05-01" in page and "Maria Gonzalez (patient)" in page
        assert "Amendment request open" in client.get(f"/patients/{patient.id}").get_data(as_text=True)
    logged = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == patient.id)))
    assert {"amendment_request", "read"} <= logged


def test_bad_input_is_refused_beside_the_field_and_saves_nothing(client, demo):
    patient = demo_patient(demo)
    other = demo_patient(demo, "DEMO-0002")
    with freeze_time(TODAY):
        sign_in(client, "therapist@demo.ptplan.test")
        future = record(client, patient, signed_note(patient), received_on="2026-03-10")
        assert future.status_code == 422 and "cannot be in the future" in future.get_data(as_text=True)
        empty = record(client, patient, signed_note(patient), requested_change="")
        assert empty.status_code == 422
        foreign = record(client, patient, signed_note(patient), record=f"visit_note:{signed_note(other).id}")
        assert foreign.status_code == 422 and "signed records" in foreign.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AmendmentRequest.id))) == 1, (
        "only the demo clinic's own request"
    )


def open_request(client, demo):
    patient = demo_patient(demo)
    note = signed_note(patient)
    sign_in(client, "manager@demo.ptplan.test")
    record(client, patient, note)
    return patient, note, newest_request()


def test_only_the_assigned_therapist_decides_and_accepting_appends_an_addendum(client, demo):
    with freeze_time(TODAY):
        patient, note, amendment = open_request(client, demo)
        original = (note.subjective, note.content_hash)
        assert act(client, amendment.id, "accept", amendment_text="x").status_code == 403, "manager cannot"
        sign_in(client, "therapist2@demo.ptplan.test")
        assert act(client, amendment.id, "accept", amendment_text="x").status_code == 403, "not assigned"
        sign_in(client, "therapist@demo.ptplan.test")
        done = act(client, amendment.id, "accept", amendment_text="Patient walked 20 minutes daily.")
        assert done.status_code == 302
        shown = client.get(f"/notes/{note.id}").get_data(as_text=True)
        again = act(client, amendment.id, "deny", reason="changed my mind")
    amendment = db.session.get(AmendmentRequest, amendment.id)
    note = db.session.get(VisitNote, note.id)
    assert amendment.status == "accepted" and amendment.addendum is not None
    assert amendment.addendum.record_type == "visit_note" and amendment.addendum.record_id == note.id
    assert f"request #{amendment.id}" in amendment.addendum.reason
    assert (note.subjective, note.content_hash) == original and note.verify_content_hash()
    assert "Patient walked 20 minutes daily." in shown
    assert ("amendment_accept",) in db.session.execute(select(AuditEvent.action)).all()
    assert again.status_code == 422 and db.session.get(AmendmentRequest, amendment.id).status == "accepted"


def test_denial_disagreement_and_rebuttal_are_appended_once(client, demo):
    with freeze_time(TODAY):
        patient, note, amendment = open_request(client, demo)
        sign_in(client, "therapist@demo.ptplan.test")
        assert act(client, amendment.id, "rebuttal", rebuttal="too early").status_code == 422
        assert act(client, amendment.id, "deny", reason="").status_code == 422
        assert (
            act(client, amendment.id, "deny", reason="The note is accurate and complete.").status_code == 302
        )
        statement = {"statement": "I disagree: I did walk.", "received_on": "2026-03-09"}
        assert act(client, amendment.id, "disagreement", **statement).status_code == 302
        second = act(client, amendment.id, "disagreement", statement="Replaced", received_on="2026-03-09")
        assert second.status_code == 422 and "cannot be replaced" in second.get_data(as_text=True)
        assert (
            act(client, amendment.id, "rebuttal", rebuttal="Walks were reported as stopped.").status_code
            == 302
        )
        page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    amendment = db.session.get(AmendmentRequest, amendment.id)
    assert amendment.disagreement == "I disagree: I did walk."
    for text in (
        "The note is accurate and complete.",
        "I disagree: I did walk.",
        "Walks were reported as stopped.",
    ):
        assert text in page
    assert db.session.scalar(select(func.count(Addendum.id)).where(Addendum.record_id == note.id)) == 0
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"amendment_deny", "amendment_disagree", "amendment_rebuttal"} <= actions


def test_one_extension_of_30_days_with_a_reason(client, demo):
    with freeze_time(TODAY):
        _, _, amendment = open_request(client, demo)
        assert act(client, amendment.id, "extend", reason="").status_code == 422
        assert act(client, amendment.id, "extend", reason="Records are held off site.").status_code == 302
        again = act(client, amendment.id, "extend", reason="More time")
        assert again.status_code == 422 and "only one extension" in again.get_data(as_text=True)
    amendment = db.session.get(AmendmentRequest, amendment.id)
    assert (
        amendment.extended_due_on == date(2026, 5, 31)
        and amendment.extension_reason == "Records are held off site."
    )


def test_crafted_posts_cannot_change_the_original_or_what_was_appended(client, demo):
    with freeze_time(TODAY):
        patient, note, amendment = open_request(client, demo)
        before = (note.subjective, note.assessment, note.content_hash)
        sign_in(client, "therapist@demo.ptplan.test")
        act(
            client,
            amendment.id,
            "accept",
            amendment_text="Walked daily.",
            subjective="REWRITTEN",
            record_id="1",
            record_type="evaluation",
            status="denied",
            body="REWRITTEN",
        )
        act(client, amendment.id, "extend", reason="x", due_on="2030-01-01", requested_change="REWRITTEN")
    note = db.session.get(VisitNote, note.id)
    amendment = db.session.get(AmendmentRequest, amendment.id)
    assert (note.subjective, note.assessment, note.content_hash) == before
    assert amendment.record_id == note.id and amendment.record_type == "visit_note"
    assert amendment.status == "accepted" and "REWRITTEN" not in amendment.requested_change
    assert amendment.extended_due_on is None, "a decided request is not extended"


def test_the_data_layer_refuses_edits_and_deletes_of_a_request(client, demo):
    with freeze_time(TODAY):
        _, _, amendment = open_request(client, demo)
    amendment.requested_change = "edited behind the form's back"
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    amendment = db.session.get(AmendmentRequest, amendment.id)
    db.session.delete(amendment)
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()


def test_another_clinic_cannot_see_or_act_on_a_request(client, demo, make_user):
    with freeze_time(TODAY):
        _, _, amendment = open_request(client, demo)
        outsider = make_user("therapist", password="outsider clinic passphrase")
        client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
        client.post(
            "/login",
            data={
                "email": outsider.email,
                "password": "outsider clinic passphrase",
                "csrf_token": csrf_token(client),
            },
        )
        assert client.get(f"/amendments/{amendment.id}").status_code == 404
        token = csrf_token(client, "/patients/")
        response = client.post(f"/amendments/{amendment.id}/deny", data={"csrf_token": token, "reason": "x"})
        assert response.status_code == 404
    assert db.session.get(AmendmentRequest, amendment.id).status == "open"


def test_manager_dashboard_shows_open_warning_and_overdue(client, demo):
    patient = demo_patient(demo)
    note = signed_note(patient)
    with freeze_time(TODAY):
        sign_in(client, "manager@demo.ptplan.test")
        record(client, patient, note, received_on="2026-03-01")  # day 8: on time
        record(client, patient, note, received_on="2026-01-18")  # day 50: warning
        record(client, patient, note, received_on="2026-01-07")  # day 61: overdue
        board = client.get("/caseload/").get_data(as_text=True)
        # the demo clinic's own request (received 3 days ago) is the fourth, on time
        assert "4 open" in board and "1 overdue" in board and "1 due within 10 days" in board
        listing = client.get("/amendments/").get_data(as_text=True)
    table = listing[listing.index("<tbody>") :]
    assert table.index("Overdue") < table.index("Due soon") < table.index("On time")


def test_signed_note_pdf_prints_the_amendment_and_its_status(client, demo, tmp_path):
    with freeze_time(TODAY):
        patient, note, amendment = open_request(client, demo)
        sign_in(client, "therapist@demo.ptplan.test")
        open_pdf = flat(words(check_pdf(client.get(f"/notes/{note.id}.pdf").data, tmp_path)))
        assert "Amendment requests" in open_pdf and "Open, decision due 2026-05-01" in open_pdf
        act(client, amendment.id, "deny", reason="The note is accurate.")
        act(client, amendment.id, "disagreement", statement="I did walk every day.", received_on="2026-03-09")
        denied_pdf = flat(words(check_pdf(client.get(f"/notes/{note.id}.pdf").data, tmp_path)))
    assert "Denied by Dana Reyes" in denied_pdf
    assert "The note is accurate." in denied_pdf and "I did walk every day." in denied_pdf


def test_signed_plan_of_care_pdf_prints_the_amendment_its_status_and_the_addendum(client, demo, tmp_path):
    from ptplan.plans.models import PlanOfCare

    with freeze_time(TODAY):
        patient = demo_patient(demo)
        plan = db.session.scalar(
            select(PlanOfCare)
            .where(PlanOfCare.patient_id == patient.id, PlanOfCare.signed_at.is_not(None))
            .order_by(PlanOfCare.id)
        )
        sign_in(client, "manager@demo.ptplan.test")
        asked = record(
            client,
            patient,
            signed_note(patient),
            record=f"plan_of_care:{plan.id}",
            requested_change="The plan says three visits a week; I agreed to two.",
        )
        assert asked.status_code == 302
        amendment = newest_request()
        assert amendment.record_type == "plan_of_care" and amendment.record_id == plan.id
        sign_in(client, "therapist@demo.ptplan.test")
        url = f"/plans/{plan.id}/plan-of-care.pdf"
        open_pdf = flat(words(check_pdf(client.get(url).data, tmp_path)))
        assert "Amendment requests" in open_pdf and "Open, decision due 2026-05-01" in open_pdf
        assert "I agreed to two." in open_pdf and "The signed plan above is unchanged." in open_pdf
        assert (
            act(client, amendment.id, "accept", amendment_text="Two visits a week, as agreed.").status_code
            == 302
        )
        accepted_pdf = flat(words(check_pdf(client.get(url).data, tmp_path)))
    assert "Accepted: appended as an addendum above by Dana Reyes" in accepted_pdf
    assert "Addenda" in accepted_pdf and "Two visits a week, as agreed." in accepted_pdf
    assert accepted_pdf.index("Addenda") < accepted_pdf.index("Amendment requests")
