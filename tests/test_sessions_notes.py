"""Daily notes: copy-forward, save-and-sign in one POST, billing lines, locks, addenda, bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.records.models import Addendum
from ptplan.sessions.models import NoteBillingLine, VisitNote
from tests.factories.forms import open_form, submit, switch_user


@pytest.fixture()
def world(login, clinic_with_plan):
    w = clinic_with_plan()
    login(w.therapist)
    w.new_url = f"/patients/{w.patient.id}/notes/new"
    return w


def note_count() -> int:
    return db.session.scalar(select(func.count(VisitNote.id)))


def test_new_note_is_prefilled_from_the_plan(client, world):
    fields = open_form(client, world.new_url)
    assert fields["date_of_service"] == date.today().isoformat() or fields["date_of_service"]
    assert fields["interventions-0-description"].startswith("Lumbar mobilisation")
    assert (fields["interventions-0-cpt_code"], fields["interventions-0-minutes"]) == ("97140", "12")
    assert fields["interventions-1-description"] == "Therapeutic exercise: Stretch 1, Stretch 2"
    assert (fields["interventions-1-cpt_code"], fields["interventions-1-minutes"]) == ("97110", "15")
    assert fields["adherence-0-status"] == "done" and fields["adherence-1-status"] == "done"
    assert fields["nprs_before"] == "" and fields["nprs_after"] == ""


def test_first_visit_on_the_day_the_plan_is_signed_asks_no_adherence(
    client, make_clinic, make_user, make_patient, login, make_plan
):
    """Issue #13 bug 3: adherence only for exercises prescribed before the visit."""
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    make_plan(patient, therapist, start=clinic.today())  # signed today, where the clinic is
    login(therapist)
    url = f"/patients/{patient.id}/notes/new"
    fields = open_form(client, url)
    assert not any(name.startswith("adherence-") for name in fields)
    assert "Home program adherence" not in client.get(url).get_data(as_text=True)
    response = submit(client, url, fields, nprs_before="6", nprs_after="3", action="sign")
    assert response.status_code == 302
    assert db.session.scalar(select(VisitNote)).adherence == []


def test_sign_in_one_post_stores_billing_lines_and_pain_score(client, world):
    fields = open_form(client, world.new_url)
    response = submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="sign")
    assert response.status_code == 302
    note = db.session.scalar(select(VisitNote))
    assert note.is_signed and note.verify_content_hash()
    assert note.visit_number == 1 and note.payer_rule == "cms" and note.therapist_id == world.therapist.id
    lines = {(b.cpt_code, b.minutes, b.units, b.is_timed) for b in note.billing_lines}
    # 27 timed minutes -> 2 units (CMS): one full 15 for 97110, the leftover unit to 97140 (12 min)
    assert lines == {("97110", 15, 1, True), ("97140", 12, 1, True)}
    assert (note.total_timed_minutes, note.total_treatment_minutes) == (27, 27)
    score = db.session.scalar(select(OutcomeScore).where(OutcomeScore.visit_note_id == note.id))
    assert (score.code, score.value, score.source) == ("nprs", 6, "visit_note")  # pain on arrival
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == note.id)))
    assert {"create", "sign"} <= actions
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Signed" in page and "97140" in page and "Content hash verified" in page


def test_ama_payer_rule_is_used_and_recorded(client, world):
    world.patient.payer_rule = "ama"
    db.session.commit()
    fields = open_form(client, world.new_url)
    submit(
        client,
        world.new_url,
        fields,
        nprs_before="5",
        nprs_after="4",
        interventions__0__minutes="7",
        interventions__1__minutes="7",
        action="sign",
    )
    note = db.session.scalar(select(VisitNote))
    assert note.payer_rule == "ama"
    assert sum(b.units for b in note.billing_lines) == 0  # each code under 8 minutes on its own


def test_copy_forward_from_the_previous_note(client, world):
    fields = open_form(client, world.new_url)
    submit(
        client,
        world.new_url,
        fields,
        nprs_before="6",
        nprs_after="4",
        interventions__0__minutes="20",
        adherence__1__status="partly",
        adherence__1__reason="Pain at night",
        action="sign",
    )
    again = open_form(client, world.new_url)
    assert again["interventions-0-minutes"] == "20"
    assert (again["adherence-1-status"], again["adherence-1-reason"]) == ("partly", "Pain at night")
    response = submit(client, world.new_url, again, nprs_before="5", nprs_after="3", action="sign")
    assert response.status_code == 302
    numbers = sorted(db.session.scalars(select(VisitNote.visit_number)))
    assert numbers == [1, 2]


def test_save_draft_then_edit_then_sign(client, world):
    fields = open_form(client, world.new_url)
    response = submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="save")
    note = db.session.scalar(select(VisitNote))
    assert response.status_code == 302 and not note.is_signed
    edit_url = f"/notes/{note.id}/edit"
    draft = open_form(client, edit_url)
    assert draft["nprs_before"] == "6"
    response = submit(client, edit_url, draft, nprs_after="2", interventions__1__minutes="30", action="sign")
    assert response.status_code == 302
    db.session.expire_all()
    note = db.session.get(VisitNote, note.id)
    assert note.is_signed and note.nprs_after == 2 and note.total_timed_minutes == 42
    assert db.session.scalar(select(func.count(NoteBillingLine.id))) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"interventions__0__minutes": "-5"}, "cannot be negative"),
        ({"interventions__0__minutes": "ten"}, "Enter whole minutes"),
        ({"interventions__0__minutes": "12.5"}, "Enter whole minutes"),
        ({"nprs_before": "11"}, "Pain scores run from 0"),
        ({"nprs_after": "abc"}, "pain score from 0 to 10"),
        ({"nprs_before": ""}, "Enter the pain score"),
        ({"date_of_service": (date.today() + timedelta(days=2)).isoformat()}, "cannot be in the future"),
        (
            {"date_of_service": (date.today() - timedelta(days=60)).isoformat()},
            "before the plan of care starts",
        ),
        ({"adherence__0__status": "not", "adherence__0__reason": ""}, "Say why"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, world, changes, message):
    fields = open_form(client, world.new_url)
    data = {"nprs_before": "6", "nprs_after": "3", "action": "sign", **changes}
    response = submit(client, world.new_url, fields, **data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert note_count() == 0
    assert db.session.scalar(select(func.count(OutcomeScore.id))) == 0


def test_signed_note_refuses_a_crafted_edit_and_audits_it(client, world):
    fields = open_form(client, world.new_url)
    submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="sign")
    note = db.session.scalar(select(VisitNote))
    before = note.content_hash
    response = submit(
        client, f"/notes/{note.id}/edit", fields, nprs_before="1", nprs_after="0", action="save"
    )
    assert response.status_code == 409
    assert client.post(f"/notes/{note.id}/sign", data={"csrf_token": fields["csrf_token"]}).status_code == 409
    db.session.expire_all()
    assert db.session.get(VisitNote, note.id).nprs_before == 6
    assert db.session.get(VisitNote, note.id).content_hash == before
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "denied", AuditEvent.entity_id == note.id)
    ).all()
    assert len(denied) == 2


def test_orm_change_to_a_signed_billing_line_is_refused(client, world):
    from ptplan.exceptions import SignedRecordError

    fields = open_form(client, world.new_url)
    submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="sign")
    line = db.session.scalar(select(NoteBillingLine))
    line.units = 9
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()


def test_hash_covers_billing_lines(client, world):
    fields = open_form(client, world.new_url)
    submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="sign")
    note = db.session.scalar(select(VisitNote))
    db.session.execute(NoteBillingLine.__table__.update().values(units=7))
    db.session.expire_all()
    assert not db.session.get(VisitNote, note.id).verify_content_hash()
    db.session.rollback()


def test_addendum_on_a_signed_note(client, world):
    fields = open_form(client, world.new_url)
    submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="sign")
    note = db.session.scalar(select(VisitNote))
    view = open_form(client, f"/notes/{note.id}")
    response = client.post(
        f"/notes/{note.id}/addenda",
        data={"csrf_token": view["csrf_token"], "reason": "Wrong side", "body": "Left, not right."},
    )
    assert response.status_code == 302
    addendum = db.session.scalar(select(Addendum))
    assert (addendum.record_type, addendum.record_id) == ("visit_note", note.id)
    page = client.get(f"/notes/{note.id}").get_data(as_text=True)
    assert "Left, not right." in page and "Wrong side" in page


def test_another_clinics_plan_in_the_body_is_refused_and_audited(
    client, world, make_clinic, make_user, make_patient, make_plan
):
    other_clinic = make_clinic()
    other_therapist = make_user("therapist", clinic=other_clinic)
    other_plan = make_plan(make_patient(clinic=other_clinic, therapist=other_therapist), other_therapist)
    fields = open_form(client, world.new_url)
    response = submit(
        client,
        world.new_url,
        fields,
        plan_id=str(other_plan.id),
        nprs_before="6",
        nprs_after="3",
        action="sign",
    )
    assert response.status_code == 404
    assert note_count() == 0
    assert db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "denied", AuditEvent.detail.contains("plan")
        )
    )


def test_another_clinics_patient_and_note_are_404(
    client, world, make_clinic, make_user, make_patient, make_plan, make_note
):
    other_clinic = make_clinic()
    other_therapist = make_user("therapist", clinic=other_clinic)
    other_patient = make_patient(clinic=other_clinic, therapist=other_therapist)
    other_plan = make_plan(other_patient, other_therapist)
    assert client.get(f"/patients/{other_patient.id}/notes/new").status_code == 404
    other_note = make_note(other_plan, other_therapist, date.today(), signed=False, commit=True)
    assert client.get(f"/notes/{other_note.id}").status_code == 404
    assert client.get(f"/notes/{other_note.id}/edit").status_code == 404


def test_only_the_author_edits_a_draft(client, world, make_user, login):
    fields = open_form(client, world.new_url)
    submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="save")
    note = db.session.scalar(select(VisitNote))
    colleague = make_user("therapist", clinic=world.clinic)
    switch_user(client, login, colleague)
    assert client.get(f"/notes/{note.id}/edit").status_code == 403
    assert client.get(f"/notes/{note.id}").status_code == 200  # colleagues may read


def test_manager_cannot_write_notes(client, world, make_user, login):
    manager = make_user("manager", clinic=world.clinic)
    fields = open_form(client, world.new_url)
    switch_user(client, login, manager)
    fields["csrf_token"] = open_form(client, f"/patients/{world.patient.id}")["csrf_token"]
    assert client.get(world.new_url).status_code == 403
    response = submit(client, world.new_url, fields, nprs_before="6", nprs_after="3", action="sign")
    assert response.status_code == 403
    assert note_count() == 0


def test_no_active_plan_redirects_to_the_chart(client, world, make_patient):
    patient = make_patient(clinic=world.clinic, therapist=world.therapist)
    response = client.get(f"/patients/{patient.id}/notes/new")
    assert response.status_code == 302 and f"/patients/{patient.id}" in response.headers["Location"]
