"""Evaluation pages: write, score, sign, lock, correct, and every refusal."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.records.models import Addendum
from tests.factories.evaluations import EVALUATION_MUSCLES, form_data

NEW = "/patients/{}/evaluations/new?kind={}"


@pytest.fixture()
def setup(therapist, make_patient, login, make_muscles):
    patient = make_patient(therapist=therapist)
    muscles = make_muscles(therapist.clinic_id, EVALUATION_MUSCLES)
    login(therapist)
    return patient, muscles


def post_new(client, csrf, patient, kind="initial", **fields):
    url = NEW.format(patient.id, kind)
    return client.post(url, data=form_data(csrf_token=csrf(url), **fields))


def switch_to(client, csrf, login, user) -> None:
    """Log the current user out, then log ``user`` in."""
    client.post("/logout", data={"csrf_token": csrf("/patients/")})
    login(user)


def tag(html: str, field_id: str) -> str:
    """The rendered <input>/<select> tag of a field."""
    match = re.search(rf'<(?:input|select)[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert match, f"no field {field_id}"
    return match.group(0)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_save_draft_scores_on_the_server_and_audits(client, csrf, setup):
    patient, muscles = setup
    response = post_new(client, csrf, patient, muscle_id=muscles[0].id)
    assert response.status_code == 302
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.signed_at is None and evaluation.chief_complaint.startswith("Right buttock")
    scores = {s.code: s for s in evaluation.scores}
    assert scores["odi"].value == pytest.approx(24 * 100 / 45)  # 9 sections answered
    assert scores["odi"].band == "severe disability"
    assert scores["nprs"].value == 7 and scores["nprs"].subscores == {"best": 4.0, "worst": 9.0}
    assert scores["psfs"].value == pytest.approx(3.0)
    assert all(s.source == "evaluation" and s.evaluation_id == evaluation.id for s in scores.values())
    assert evaluation.trigger_points[0].muscle_id == muscles[0].id
    assert evaluation.neuro_screen["myotomes"]["L5"]["right"] == 4
    assert evaluation.neuro_screen["dermatomes"]["S1"]["right"] == "diminished"
    assert evaluation.pain_regions == ["buttock_right", "posterior_thigh_right", "calf_right"]
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.category == "evaluation")))
    assert "create" in actions
    page = client.get(response.location).get_data(as_text=True)
    assert "53.3%" in page and "severe disability" in page and "Positive" in page  # SLR right 45° below knee


def test_save_and_sign_locks_with_a_verifying_hash(client, csrf, setup):
    patient, muscles = setup
    response = post_new(client, csrf, patient, action="sign", muscle_id=muscles[1].id)
    assert response.status_code == 302
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.is_signed and evaluation.signed_by_id == evaluation.therapist_id
    assert evaluation.verify_content_hash()
    content = evaluation.signing_content()
    assert {s["code"] for s in content["scores"]} == {"nprs", "odi", "psfs"}
    assert content["trigger_points"][0]["muscle_id"] == muscles[1].id
    assert content["odi_answers"][0] == 3 and content["chief_complaint"]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign")) is not None


def test_signing_requires_completeness_but_a_draft_does_not(client, csrf, setup):
    patient, _ = setup
    response = post_new(client, csrf, patient, action="sign", chief_complaint="", nprs_current="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the chief complaint before signing." in html
    assert "Enter the current pain rating" in html
    assert count(Evaluation) == 0
    assert 'value="Right buttock' not in html and 'value="45"' in html  # typed work kept
    response = post_new(client, csrf, patient, action="draft", chief_complaint="", nprs_current="")
    assert response.status_code == 302 and count(Evaluation) == 1


def test_signing_needs_odi_or_psfs(client, csrf, setup):
    patient, _ = setup
    blank_psfs = {f"psfs-{i}-{part}": "" for i in range(3) for part in ("activity", "rating")}
    response = post_new(client, csrf, patient, action="sign", odi=[None] * 10, **blank_psfs)
    assert response.status_code == 422
    assert "Complete the ODI or the PSFS" in response.get_data(as_text=True)
    assert count(Evaluation) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("odi_1", "6", "Enter a whole number from 0 to 5."),
        ("odi_2", "-1", "Enter a whole number from 0 to 5."),
        ("nprs_current", "11", "Enter a whole number from 0 to 10."),
        ("nprs_worst", "-2", "Enter a whole number from 0 to 10."),
        ("nprs_best", "seven", "Enter a whole number from 0 to 10, digits only."),
        ("slr_right_angle", "121", "Enter a whole number from 0 to 120°."),
        ("slr_left_angle", "45.5", "digits only"),
        ("rom_flexion", "-5", "Enter a whole number from 0 to 100%."),
        ("myotome_L4_left", "6", "Enter a whole number from 0 to 5."),
        ("reflex_patellar_right", "5", "Enter a whole number from 0 to 4."),
        ("fabq_3", "7", "Enter a whole number from 0 to 6."),
        ("lefs_20", "5", "Enter a whole number from 0 to 4."),
        ("psfs-0-rating", "ten", "Enter a whole number from 0 to 10, digits only."),
        ("dermatome_L5_left", "numb", "Not a valid choice"),
    ],
)
def test_bad_numbers_get_a_field_message_and_save_nothing(client, csrf, setup, field, value, message):
    patient, _ = setup
    response = post_new(client, csrf, patient, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in tag(html, field)
    assert f'value="{value}"' in html or field.startswith("dermatome")  # the typed value is shown back
    assert count(Evaluation) == 0 and count(OutcomeScore) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"odi": (3, 2, 1, None, None, None, None, None, None, None)}, "ODI needs at least 6 of 10 sections"),
        ({"psfs-2-activity": "", "psfs-2-rating": ""}, "PSFS needs 3 to 5 activities; got 2."),
        ({"psfs-2-rating": ""}, "PSFS activity 3 has no rating"),
        ({"fabq_1": "3"}, "FABQ item 2 was skipped"),
        ({"lefs_1": "3"}, "LEFS item 2 was skipped"),
    ],
)
def test_wrong_answer_counts_refuse_signing_and_save_nothing(client, csrf, setup, fields, message):
    patient, _ = setup
    response = post_new(client, csrf, patient, action="sign", **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Evaluation) == 0 and count(OutcomeScore) == 0


def test_a_draft_keeps_a_half_answered_questionnaire_unscored(client, csrf, setup):
    patient, _ = setup
    response = post_new(client, csrf, patient, odi=(3, 2, 1, None, None, None, None, None, None, None))
    assert response.status_code == 302
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.odi_answers[:3] == [3, 2, 1] and evaluation.score_for("odi") is None
    page = client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "Not scored yet: ODI needs at least 6" in page


def test_rating_without_activity_is_refused_even_for_a_draft(client, csrf, setup):
    patient, _ = setup
    response = post_new(client, csrf, patient, **{"psfs-4-rating": "5"})
    assert response.status_code == 422
    assert "Name the activity this rating is for." in response.get_data(as_text=True)
    assert count(Evaluation) == 0


def _signed(client, csrf, patient, **fields) -> Evaluation:
    assert post_new(client, csrf, patient, action="sign", **fields).status_code == 302
    return db.session.scalars(select(Evaluation).order_by(Evaluation.id.desc())).first()


def test_crafted_post_to_a_signed_evaluation_is_refused_409_and_audited(client, csrf, setup):
    patient, _ = setup
    evaluation = _signed(client, csrf, patient)
    before = evaluation.content_hash
    token = csrf(f"/evaluations/{evaluation.id}")
    response = client.post(
        f"/evaluations/{evaluation.id}/edit",
        data=form_data(csrf_token=token, chief_complaint="Tampered", version=str(evaluation.version)),
    )
    assert response.status_code == 409
    assert "signed and locked" in response.get_data(as_text=True)
    db.session.expire_all()
    fresh = db.session.get(Evaluation, evaluation.id)
    assert (
        fresh.chief_complaint != "Tampered" and fresh.content_hash == before and fresh.verify_content_hash()
    )
    denied = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "update", AuditEvent.outcome == "denied")
    )
    assert denied is not None and denied.entity_id == evaluation.id
    # the edit page of a signed note sends the reader to the addendum instead
    response = client.get(f"/evaluations/{evaluation.id}/edit")
    assert response.status_code == 302 and response.location.endswith(f"/evaluations/{evaluation.id}")
    # signing twice is refused too
    response = client.post(f"/evaluations/{evaluation.id}/sign", data={"csrf_token": token})
    assert response.status_code == 409


def test_edit_and_sign_a_saved_draft(client, csrf, setup):
    patient, _ = setup
    post_new(client, csrf, patient, chief_complaint="")
    evaluation = db.session.scalar(select(Evaluation))
    edit = f"/evaluations/{evaluation.id}/edit"
    token = csrf(edit)
    # signing an incomplete draft sends the therapist back to complete it
    response = client.post(f"/evaluations/{evaluation.id}/sign", data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(edit)
    assert db.session.get(Evaluation, evaluation.id).signed_at is None
    response = client.post(
        edit, data=form_data(csrf_token=token, chief_complaint="Sciatica", version=str(evaluation.version))
    )
    assert response.status_code == 302
    response = client.post(f"/evaluations/{evaluation.id}/sign", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    signed = db.session.get(Evaluation, evaluation.id)
    assert signed.is_signed and signed.chief_complaint == "Sciatica" and signed.verify_content_hash()


def test_a_stale_draft_save_is_a_conflict(client, csrf, setup):
    patient, _ = setup
    post_new(client, csrf, patient)
    evaluation = db.session.scalar(select(Evaluation))
    edit = f"/evaluations/{evaluation.id}/edit"
    token = csrf(edit)
    first = client.post(edit, data=form_data(csrf_token=token, chief_complaint="A", version="1"))
    assert first.status_code == 302
    stale = client.post(edit, data=form_data(csrf_token=token, chief_complaint="B", version="1"))
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(Evaluation, evaluation.id).chief_complaint == "A"


def test_addendum_beneath_the_signed_original(client, csrf, setup):
    patient, _ = setup
    evaluation = _signed(client, csrf, patient)
    original = evaluation.content_hash
    url = f"/evaluations/{evaluation.id}"
    response = client.post(
        f"{url}/addenda",
        data={"csrf_token": csrf(url), "reason": "Left SLR re-measured", "body": "Left SLR 75 degrees"},
    )
    assert response.status_code == 302
    addendum = db.session.scalar(select(Addendum))
    assert addendum.record_type == "evaluation" and addendum.record_id == evaluation.id
    page = client.get(url).get_data(as_text=True)
    assert page.index("Left SLR 75 degrees") > page.index("Chief complaint")
    db.session.expire_all()
    assert db.session.get(Evaluation, evaluation.id).content_hash == original
    empty = client.post(f"{url}/addenda", data={"csrf_token": csrf(url), "reason": "", "body": ""})
    assert empty.status_code == 422 and count(Addendum) == 1


def test_addendum_on_a_draft_is_refused(client, csrf, setup):
    patient, _ = setup
    post_new(client, csrf, patient)
    evaluation = db.session.scalar(select(Evaluation))
    url = f"/evaluations/{evaluation.id}"
    response = client.post(f"{url}/addenda", data={"csrf_token": csrf(url), "reason": "x", "body": "y"})
    assert response.status_code == 422
    assert "Drafts are edited directly" in response.get_data(as_text=True)
    assert count(Addendum) == 0


def test_another_clinics_evaluation_is_404_and_audited(client, csrf, setup, make_user, make_patient, login):
    patient, _ = setup
    evaluation = _signed(client, csrf, patient)
    outsider = make_user("therapist")
    switch_to(client, csrf, login, outsider)
    for url in (f"/evaluations/{evaluation.id}", f"/evaluations/{evaluation.id}/edit"):
        assert client.get(url).status_code == 404
    assert client.get(NEW.format(patient.id, "initial")).status_code == 404
    own = make_patient(therapist=outsider)
    token = csrf(NEW.format(own.id, "initial"))
    assert client.post(f"/evaluations/{evaluation.id}/sign", data={"csrf_token": token}).status_code == 404
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "denied", AuditEvent.user_id == outsider.id)
    ).all()
    assert len(denied) >= 3 and {d.entity_id for d in denied} >= {evaluation.id}


def test_roles_manager_reads_but_cannot_write_or_sign_admin_sees_nothing(
    client, csrf, setup, make_user, login, therapist
):
    patient, _ = setup
    evaluation = _signed(client, csrf, patient)
    post_new(client, csrf, patient)
    draft = db.session.scalars(select(Evaluation).order_by(Evaluation.id.desc())).first()
    manager = make_user("manager", clinic=therapist.clinic)
    switch_to(client, csrf, login, manager)
    assert client.get(f"/evaluations/{evaluation.id}").status_code == 200
    assert client.get(NEW.format(patient.id, "initial")).status_code == 403
    token = csrf(f"/evaluations/{evaluation.id}")
    assert client.post(NEW.format(patient.id, "initial"), data=form_data(csrf_token=token)).status_code == 403
    assert client.post(f"/evaluations/{draft.id}/sign", data={"csrf_token": token}).status_code == 403
    assert client.get(f"/evaluations/{draft.id}/edit").status_code == 403
    assert "Edit draft" not in client.get(f"/evaluations/{draft.id}").get_data(as_text=True)
    admin = make_user("admin", clinic=therapist.clinic)
    switch_to(client, csrf, login, admin)
    assert client.get(f"/evaluations/{evaluation.id}").status_code == 403
    db.session.expire_all()
    assert db.session.get(Evaluation, draft.id).signed_at is None


def test_only_the_author_edits_or_signs_a_draft(client, csrf, setup, make_user, login, therapist):
    patient, _ = setup
    post_new(client, csrf, patient)
    draft = db.session.scalar(select(Evaluation))
    colleague = make_user("therapist", clinic=therapist.clinic)
    switch_to(client, csrf, login, colleague)
    assert client.get(f"/evaluations/{draft.id}/edit").status_code == 403
    token = csrf(f"/evaluations/{draft.id}")
    assert client.post(f"/evaluations/{draft.id}/sign", data={"csrf_token": token}).status_code == 403
    response = client.post(
        f"/evaluations/{draft.id}/edit",
        data=form_data(csrf_token=token, chief_complaint="Mine now", version="1"),
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Evaluation, draft.id).chief_complaint != "Mine now"


def test_foreign_muscle_id_is_refused(client, csrf, setup, make_clinic, make_muscles):
    patient, _ = setup
    foreign = make_muscles(make_clinic().id, EVALUATION_MUSCLES)[0]
    response = post_new(client, csrf, patient, muscle_id=foreign.id)
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert count(Evaluation) == 0


def test_reevaluation_starts_from_the_last_note_with_measures_blank(client, csrf, setup):
    patient, muscles = setup
    day = date.today() - timedelta(days=30)
    _signed(client, csrf, patient, day=day, muscle_id=muscles[0].id)
    html = client.get(NEW.format(patient.id, "reevaluation")).get_data(as_text=True)
    assert 'value="Right buttock pain radiating to the calf"' in html  # subjective carried forward
    assert 'value="45"' in tag(html, "slr_right_angle")  # objective carried forward
    assert 'value=""' in tag(html, "odi_1")  # measures blank
    assert 'value=""' in tag(html, "nprs_current")
    assert f"last: 7 on {day.isoformat()}" in html and f"last: 3 on {day.isoformat()}" in html
    assert 'value="Sitting"' in html  # PSFS activities kept to be re-rated
    assert f'<option selected value="{muscles[0].id}">' in html


def test_reevaluation_shows_change_since_baseline(client, csrf, setup):
    patient, _ = setup
    _signed(client, csrf, patient, day=date.today() - timedelta(days=40))
    later = _signed(
        client, csrf, patient, kind="reevaluation", odi=(1, 1, 1, 1, 1, 1, 1, None, 1, 1), nprs=(3, 1, 5)
    )
    assert later.kind == "reevaluation"
    html = client.get(f"/evaluations/{later.id}").get_data(as_text=True)
    assert "20%" in html and "improved" in html and "53.3% on" in html
