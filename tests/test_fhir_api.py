"""The read-only FHIR REST API: bearer tokens, the clinic boundary, OperationOutcome errors,
search parameters, audit of every read (SECURITY.md AC-01/02/03, AUD-01)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.demo.clinic import seed_demo
from ptplan.extensions import db
from ptplan.fhir import tokens
from ptplan.patients.models import Patient
from tests.conftest import csrf_token
from tests.fhir_helpers import validate_round_trip

API = "/fhir/r4"


def _token(user, days: int = 30) -> str:
    _, plain = tokens.create_token(user, days=days)
    db.session.commit()
    return plain


def _get(client, path: str, token: str | None = None, **headers):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.get(f"{API}{path}", headers=headers)


def _is_outcome(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type.startswith("application/fhir+json")
    body = response.get_json()
    assert body["resourceType"] == "OperationOutcome"
    validate_round_trip(body)
    return body


@pytest.fixture()
def demo(app):
    return seed_demo("fhir api test passphrase")


@pytest.fixture()
def showcase(demo):
    return db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001"))


def test_metadata_needs_no_token(client, app):
    response = _get(client, "/metadata")
    assert response.status_code == 200
    statement = response.get_json()
    validate_round_trip(statement)
    assert statement["fhirVersion"] == "4.0.1"
    types = {r["type"] for r in statement["rest"][0]["resource"]}
    assert {"Patient", "Observation", "CarePlan", "DocumentReference"} <= types


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ptp_" + "A" * 43, "bearer  ptp_short"],
)
def test_missing_or_malformed_token_gets_401(client, showcase, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(f"{API}/Patient/{showcase.id}", headers=headers)
    _is_outcome(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_is_not_a_token(client, login, demo, showcase):
    from ptplan.auth.models import User

    therapist = db.session.scalar(select(User).where(User.email == "therapist@demo.ptplan.test"))
    client.get("/login")
    client.post(
        "/login",
        data={
            "email": therapist.email,
            "password": "fhir api test passphrase",
            "csrf_token": csrf_token(client),
        },
    )
    assert client.get(f"/patients/{showcase.id}").status_code == 200
    _is_outcome(_get(client, f"/Patient/{showcase.id}"), 401)


def test_expired_revoked_and_role_changed_tokens_get_401(client, make_user, make_patient):
    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    with freeze_time("2026-06-01 12:00:00"):
        expiring = _token(therapist, days=1)
    assert _get(client, f"/Patient/{patient.id}", expiring).status_code == 401  # long past its day

    revoked_plain = _token(therapist)
    assert _get(client, f"/Patient/{patient.id}", revoked_plain).status_code == 200
    token = db.session.scalar(select(tokens.ApiToken).where(tokens.ApiToken.hint == revoked_plain[:10]))
    tokens.revoke(token, actor=therapist)
    db.session.commit()
    _is_outcome(_get(client, f"/Patient/{patient.id}", revoked_plain), 401)

    changed = _token(therapist)
    therapist.role = "manager"
    db.session.commit()
    _is_outcome(_get(client, f"/Patient/{patient.id}", changed), 401)


def test_token_expires_at_its_time(client, make_user, make_patient):
    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    with freeze_time("2026-06-01 12:00:00") as frozen:
        plain = _token(therapist, days=1)
        assert _get(client, f"/Patient/{patient.id}", plain).status_code == 200
        frozen.tick(timedelta(days=1, seconds=1))
        _is_outcome(_get(client, f"/Patient/{patient.id}", plain), 401)


def test_disabled_user_token_gets_401(client, make_user, make_patient):
    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    plain = _token(therapist)
    therapist.is_active_user = False
    db.session.commit()
    _is_outcome(_get(client, f"/Patient/{patient.id}", plain), 401)


def test_admin_token_reads_no_clinical_data(client, make_user, make_patient, make_clinic):
    clinic = make_clinic()
    admin = make_user("admin", clinic=clinic)
    patient = make_patient(clinic=clinic)
    plain = _token(admin)
    _is_outcome(_get(client, f"/Patient/{patient.id}", plain), 403)
    _is_outcome(_get(client, f"/Patient?identifier={patient.mrn}", plain), 403)


def test_another_clinics_ids_answer_404_never_403(client, make_user, make_patient, make_clinic):
    mine, theirs = make_clinic(), make_clinic()
    reader = make_user("therapist", clinic=mine)
    stranger = make_patient(clinic=theirs)
    plain = _token(reader)
    _is_outcome(_get(client, f"/Patient/{stranger.id}", plain), 404)
    _is_outcome(_get(client, f"/Patient/{stranger.id}/$everything", plain), 404)
    _is_outcome(_get(client, f"/Condition/{stranger.diagnoses[0].id}", plain), 404)
    _is_outcome(_get(client, f"/Organization/{theirs.id}", plain), 404)
    empty = _get(client, f"/Observation?patient={stranger.id}", plain).get_json()
    assert empty["total"] == 0 and empty["entry"] == []
    assert _get(client, f"/Patient?identifier={stranger.mrn}", plain).get_json()["total"] == 0
    denied = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.category == "fhir_api", AuditEvent.outcome == "denied"
        )
    )
    assert denied == 4


def test_patient_read_identifier_search_and_everything(client, demo, showcase):
    from ptplan.auth.models import User

    therapist = db.session.scalar(select(User).where(User.email == "therapist@demo.ptplan.test"))
    plain = _token(therapist)
    patient = _get(client, f"/Patient/{showcase.id}", plain).get_json()
    validate_round_trip(patient)
    assert patient["identifier"][0]["value"] == "DEMO-0001"

    found = _get(client, "/Patient?identifier=demo-0001", plain).get_json()  # MRNs match in any case
    assert found["type"] == "searchset" and found["total"] == 1
    system = patient["identifier"][0]["system"]
    assert _get(client, f"/Patient?identifier={system}|DEMO-0001", plain).get_json()["total"] == 1
    assert _get(client, "/Patient?identifier=other-system|DEMO-0001", plain).get_json()["total"] == 0

    everything = _get(client, f"/Patient/{showcase.id}/$everything", plain).get_json()
    validate_round_trip(everything)
    assert everything["type"] == "searchset"
    # Every resource of $everything can be read on its own, and says the same thing.
    for entry in everything["entry"]:
        resource = entry["resource"]
        response = _get(client, f"/{resource['resourceType']}/{resource['id']}", plain)
        assert response.status_code == 200, (resource["resourceType"], resource["id"])
        read = response.get_json()
        if resource["resourceType"] == "DocumentReference":
            for part in (read, resource):
                part["content"][0]["attachment"].pop("data")
                part["content"][0]["attachment"].pop("hash")
                part["content"][0]["attachment"].pop("size")
        assert read == resource


def test_observation_search_by_patient_and_code(client, demo, showcase):
    from ptplan.auth.models import User

    manager = db.session.scalar(select(User).where(User.email == "manager@demo.ptplan.test"))
    plain = _token(manager)
    everything = _get(client, f"/Observation?patient={showcase.id}", plain).get_json()
    nprs = _get(client, f"/Observation?patient=Patient/{showcase.id}&code=72514-3", plain).get_json()
    assert 0 < nprs["total"] < everything["total"]
    assert all(e["resource"]["code"]["coding"][0]["code"] == "72514-3" for e in nprs["entry"])
    loinc = _get(
        client, f"/Observation?patient={showcase.id}&code=http://loinc.org|72514-3", plain
    ).get_json()
    assert loinc["total"] == nprs["total"]
    both = _get(client, f"/Observation?patient={showcase.id}&code=72514-3,97909-6", plain).get_json()
    assert both["total"] > nprs["total"]
    assert (
        _get(
            client, f"/Observation?patient={showcase.id}&code=http://snomed.info/sct|72514-3", plain
        ).get_json()["total"]
        == 0
    )
    plans = _get(client, f"/CarePlan?patient={showcase.id}", plain).get_json()
    assert plans["total"] >= 1


@pytest.mark.parametrize(
    "path",
    [
        "/Observation?patient=1&colour=blue",
        "/Observation?code=72514-3",
        "/Observation?patient=abc",
        "/Observation?patient=1&patient=2",
        "/Patient?name=Gonzalez",
        "/Patient",
        "/Practitioner?name=x",
        "/Observation?patient=1&_format=xml",
    ],
)
def test_bad_or_unknown_search_parameters_get_400(client, make_user, path):
    plain = _token(make_user("therapist"))
    body = _is_outcome(_get(client, path, plain), 400)
    assert body["issue"][0]["code"] == "invalid"
    assert body["issue"][0]["diagnostics"]


def test_unknown_types_and_ids_get_404_outcomes(client, make_user, make_patient):
    therapist = make_user("therapist")
    plain = _token(therapist)
    patient = make_patient(therapist=therapist)
    for path in (
        "/Medication/1",
        "/Patient/999999",
        "/Observation/score-999",
        "/Observation/slr-1-up",
        "/Foo",
        "/a/b/c/d",
    ):
        _is_outcome(_get(client, path, plain), 404)
    # Practitioner and Organization of the own clinic are readable.
    assert _get(client, f"/Practitioner/{therapist.id}", plain).status_code == 200
    assert _get(client, f"/Organization/{patient.clinic_id}", plain).status_code == 200


def test_every_read_and_search_is_audited(client, make_user, make_patient):
    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    plain = _token(therapist)

    def count(action):
        return db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.category == "fhir_api",
                AuditEvent.action == action,
                AuditEvent.patient_id == patient.id,
            )
        )

    _get(client, f"/Patient/{patient.id}", plain)
    _get(client, f"/Condition?patient={patient.id}", plain)
    _get(client, f"/Patient/{patient.id}/$everything", plain)
    assert count("read") == 2 and count("query") == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "query"))
    assert patient.mrn not in event.detail and plain not in event.detail


def test_the_api_is_read_only(client, make_user, make_patient):
    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    plain = _token(therapist)
    response = client.put(
        f"{API}/Patient/{patient.id}", headers={"Authorization": f"Bearer {plain}"}, json={}
    )
    assert response.status_code == 405


def test_tokens_are_stored_hashed(make_user):
    therapist = make_user("therapist")
    token, plain = tokens.create_token(therapist, days=5)
    assert plain.startswith("ptp_") and plain not in token.token_hash and token.hint == plain[:10]
    assert token.role == "therapist" and token.clinic_id == therapist.clinic_id
    with pytest.raises(Exception, match="1 to 365"):
        tokens.create_token(therapist, days=400)


def test_only_the_token_api_is_exempt_from_csrf(app):
    from ptplan.extensions import csrf

    assert {getattr(b, "name", b) for b in csrf._exempt_blueprints} == {"fhir"}
    assert not csrf._exempt_views


def test_no_resource_of_another_clinic_is_readable(client, demo, showcase, make_user):
    """Every resource of clinic B's record, read with a clinic A token: 404 each time."""
    from ptplan.auth.models import User

    insider = db.session.scalar(select(User).where(User.email == "therapist@demo.ptplan.test"))
    outsider = make_user("manager")
    everything = _get(client, f"/Patient/{showcase.id}/$everything", _token(insider)).get_json()
    plain = _token(outsider)
    keys = {(e["resource"]["resourceType"], e["resource"]["id"]) for e in everything["entry"]}
    assert len({resource_type for resource_type, _ in keys}) == 11
    for resource_type, resource_id in sorted(keys):
        _is_outcome(_get(client, f"/{resource_type}/{resource_id}", plain), 404)
    for resource_type in {t for t, _ in keys} - {"Patient", "Practitioner", "Organization"}:
        assert _get(client, f"/{resource_type}?patient={showcase.id}", plain).get_json()["total"] == 0
