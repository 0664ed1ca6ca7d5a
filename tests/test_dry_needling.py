"""The dry-needling safety gate: screening, consent, clearance, chart badges."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.dry_needling import services as safety
from ptplan.dry_needling.models import DryNeedlingConsent, DryNeedlingScreening
from ptplan.exceptions import SignedRecordError
from ptplan.extensions import db
from ptplan.patients.models import PatientPrecaution
from tests.factories import plans as fp


@pytest.fixture()
def patient(make_patient, therapist):
    return make_patient(therapist=therapist)


def _form(csrf, path, **data):
    return {"csrf_token": csrf(path), **data}


def test_clearance_lists_what_is_missing(patient, therapist):
    ok, reasons = safety.dry_needling_clearance(patient)
    assert not ok and len(reasons) == 2
    fp.clear_for_dry_needling(patient, therapist)
    assert safety.dry_needling_clearance(patient) == (True, [])


def test_an_absolute_contraindication_blocks_with_its_reason(patient, therapist):
    fp.clear_for_dry_needling(patient, therapist, absolute=["needle_phobia"])
    ok, reasons = safety.dry_needling_clearance(patient.id)
    assert not ok and reasons == [
        "Dry needling is contraindicated: needle phobia (an absolute contraindication in the latest screening)."
    ]


def test_a_relative_contraindication_needs_a_documented_reason(patient, therapist):
    from ptplan.exceptions import DomainError

    with pytest.raises(DomainError, match="clinical reason"):
        safety.record_screening(
            patient, therapist, screened_on=date.today(), absolute=[], relative={"diabetes": " "}, notes=""
        )
    fp.clear_for_dry_needling(patient, therapist, relative={"diabetes": "Well controlled, HbA1c 6.1"})
    assert safety.dry_needling_clearance(patient)[0]


def test_withdrawn_consent_no_longer_clears(patient, therapist):
    fp.clear_for_dry_needling(patient, therapist)
    consent = safety.latest_consent(patient.id)
    consent.withdrawn_on = date.today()  # the only change a signed consent allows
    db.session.commit()
    ok, reasons = safety.dry_needling_clearance(patient)
    assert not ok and "consent" in reasons[0]


def test_screening_and_consent_are_locked_once_signed(patient, therapist):
    fp.clear_for_dry_needling(patient, therapist)
    screening = safety.latest_screening(patient.id)
    screening.absolute = ["unwilling"]
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    consent = safety.latest_consent(patient.id)
    consent.witness_name = "Someone else"
    with pytest.raises(SignedRecordError):
        db.session.flush()


def test_screening_form_preticks_precautions_and_needs_reasons(client, login, csrf, make_patient, therapist):
    patient = make_patient(
        therapist=therapist,
        precautions=[PatientPrecaution(code="anticoagulants"), PatientPrecaution(code="lymphedema_left")],
    )
    plan = fp.draft_plan(patient, therapist, with_dn=True)
    login(therapist)
    path = f"/patients/{patient.id}/dry-needling/screening/new?plan_id={plan.id}"
    html = client.get(path).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*id="rel_bleeding"', html)
    assert not re.search(r'<input checked[^>]*id="rel_diabetes"', html)
    assert re.search(r'<input checked[^>]*value="lymphedema"', html)
    # a relative contraindication without a reason is refused, nothing saved
    response = client.post(
        path, data=_form(csrf, path, screened_on=date.today().isoformat(), rel_bleeding="y")
    )
    assert response.status_code == 422
    assert "Give the clinical reason for going ahead despite abnormal bleeding" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count(DryNeedlingScreening.id))) == 0
    # future dates are refused too
    future = (date.today() + timedelta(days=3)).isoformat()
    assert client.post(path, data=_form(csrf, path, screened_on=future)).status_code == 422
    # with the reason and the absolute flag: saved, signed, audited, and back to the plan
    response = client.post(
        path,
        data=_form(
            csrf,
            path,
            screened_on=date.today().isoformat(),
            rel_bleeding="y",
            why_bleeding="INR in range",
            absolute="lymphedema",
        ),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/plans/{plan.id}#dry-needling"
    )
    screening = db.session.scalar(select(DryNeedlingScreening))
    assert (
        screening.is_signed
        and screening.relative == {"bleeding": "INR in range"}
        and screening.absolute == ["lymphedema"]
    )
    assert not screening.clears_dry_needling
    actions = set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "dn_screening"))
    )
    assert {"create", "sign"} <= actions
    sign_page = client.get(f"/plans/{plan.id}/sign").get_data(as_text=True)
    assert "needling over a lymphedematous limb" in sign_page


def test_consent_form_records_version_witness_and_copy(client, login, csrf, patient, therapist):
    login(therapist)
    path = f"/patients/{patient.id}/dry-needling/consent/new"
    assert "DN-CONSENT" in client.get(path).get_data(as_text=True)
    base = dict(
        consented_on=date.today().isoformat(),
        patient_signature_name=patient.full_name,
        witness_name="Front desk",
    )
    response = client.post(path, data=_form(csrf, path, **base))
    assert response.status_code == 422 and "Give the patient a copy" in response.get_data(as_text=True)
    assert (
        client.post(
            path,
            data=_form(
                csrf,
                path,
                witness_name="",
                copy_given="y",
                **{k: v for k, v in base.items() if k != "witness_name"},
            ),
        ).status_code
        == 422
    )
    assert client.post(path, data=_form(csrf, path, copy_given="y", **base)).status_code == 302
    consent = db.session.scalar(select(DryNeedlingConsent))
    assert consent.is_signed and consent.copy_given and consent.form_version.startswith("DN-CONSENT")
    assert consent.witness_name == "Front desk" and consent.verify_content_hash()


def test_other_clinic_plan_id_is_ignored_for_the_return_link(
    client, login, csrf, patient, therapist, make_user, make_patient
):
    stranger = make_user("therapist")
    foreign_plan = fp.draft_plan(make_patient(therapist=stranger), stranger)
    login(therapist)
    path = f"/patients/{patient.id}/dry-needling/consent/new?plan_id={foreign_plan.id}"
    data = dict(
        consented_on=date.today().isoformat(), patient_signature_name="P", witness_name="W", copy_given="y"
    )
    response = client.post(path, data=_form(csrf, path, **data))
    assert response.status_code == 302 and f"/plans/{foreign_plan.id}" not in response.headers["Location"]


def test_chart_badges_show_dn_status(client, login, patient, therapist):
    fp.draft_plan(patient, therapist, with_dn=True)
    login(therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "DN screening missing" in html and "DN consent missing" in html
    fp.clear_for_dry_needling(patient, therapist)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "DN consent &amp; screening on file" in html and "DN consent missing" not in html


def test_manager_cannot_record_screening(client, login, make_user, patient, therapist):
    login(make_user("manager", clinic=therapist.clinic))
    assert client.get(f"/patients/{patient.id}/dry-needling/screening/new").status_code == 403
    assert client.get(f"/patients/{patient.id}/dry-needling").status_code == 200
