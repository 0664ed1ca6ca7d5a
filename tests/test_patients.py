"""Patient pages: validation by the field, search, pagination, optimistic locking, archive."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.extensions import db
from ptplan.patients.forms import npi_is_valid
from ptplan.patients.models import Patient
from tests.conftest import csrf_token


def valid_form(**overrides):
    data = {
        "mrn": "A-100",
        "first_name": "Maria",
        "last_name": "Gonzalez",
        "date_of_birth": "1979-04-12",
        "sex": "female",
        "preferred_language": "en",
        "primary_therapist_id": "0",
        "payer_rule": "cms",
        "diagnoses-0-icd10_code": "m5441",
        "diagnoses-0-description": "",
    }
    data.update(overrides)
    return data


def post_new(client, **overrides):
    data = valid_form(**overrides)
    data["csrf_token"] = csrf_token(client, "/patients/new")
    return client.post("/patients/new", data=data)


def patient_count():
    return db.session.scalar(select(func.count(Patient.id)))


def test_create_patient_normalises_codes_and_audits(client, login, therapist):
    login(therapist)
    response = post_new(client, precautions=["anticoagulants"])
    assert response.status_code == 302
    patient = db.session.scalar(select(Patient))
    assert patient.clinic_id == therapist.clinic_id
    assert [d.icd10_code for d in patient.diagnoses] == ["M54.41"]
    assert patient.diagnoses[0].description == "Lumbago with sciatica, right side"
    assert patient.precaution_codes == {"anticoagulants"}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create")).patient_id == patient.id


BAD_INPUT = [
    ({"date_of_birth": "12/31/1980x"}, "date_of_birth", "YYYY-MM-DD"),
    ({"date_of_birth": "2999-01-01"}, "date_of_birth", "future"),
    ({"mrn": ""}, "mrn", "Enter mrn"),
    ({"last_name": "x" * 81}, "last_name", "at most 80"),
    ({"first_name": "Bad\x00Name"}, "first_name", "control characters"),
    ({"first_name": "Evil\u202eName"}, "first_name", "control characters"),
    ({"mrn": "A-100'; DROP TABLE patient;--"}, "mrn", "Use letters"),
    ({"referring_physician_npi": "1234567890"}, "referring_physician_npi", "check digit"),
    ({"email": "not-an-email"}, "email", "email address"),
    ({"diagnoses-0-icd10_code": "HELLO"}, "diagnoses-0-icd10_code", "ICD-10-CM"),
    ({"sex": "robot"}, "sex", "Not a valid choice"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_by_the_field_and_saves_nothing(
    client, login, therapist, overrides, field, message
):
    login(therapist)
    response = post_new(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    error_block = html.split(f'id="{field}-error"', 1)[1].split("</div>", 1)[0]
    assert message.lower() in error_block.lower()
    assert patient_count() == 0


def test_duplicate_mrn_is_refused_by_the_field(client, login, therapist, make_patient):
    make_patient(clinic=therapist.clinic, mrn="A-100")
    login(therapist)
    response = post_new(client)
    assert response.status_code == 422
    assert "already has this MRN" in response.get_data(as_text=True)
    assert patient_count() == 1


@pytest.mark.parametrize("typed", ["a-100", " A-100 ", "a-100\t"])
def test_an_mrn_differing_only_by_case_or_spaces_is_the_same_mrn(
    client, login, therapist, make_patient, typed
):
    make_patient(clinic=therapist.clinic, mrn="A-100")
    login(therapist)
    response = post_new(client, mrn=typed)
    assert response.status_code == 422 and "already has this MRN" in response.get_data(as_text=True)
    assert patient_count() == 1


def test_the_database_refuses_a_second_mrn_in_another_case(app, therapist, make_patient):
    from sqlalchemy.exc import IntegrityError

    make_patient(clinic=therapist.clinic, mrn="A-100")
    with pytest.raises(IntegrityError):
        make_patient(clinic=therapist.clinic, mrn="a-100 ")
    db.session.rollback()


def test_same_mrn_is_allowed_in_another_clinic(client, login, therapist, make_patient, make_clinic):
    make_patient(clinic=make_clinic(), mrn="A-100")
    login(therapist)
    assert post_new(client).status_code == 302


@pytest.mark.parametrize(
    "payload",
    ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "' OR 1=1--"],
)
def test_xss_and_sql_payloads_are_stored_as_text_and_shown_escaped(client, login, therapist, payload):
    login(therapist)
    assert post_new(client, first_name=payload[:80], precaution_notes=payload).status_code == 302
    patient = db.session.scalar(select(Patient))
    assert patient.first_name == payload[:80]
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert payload not in html or payload == "javascript:alert(1)"
    assert "<script>alert" not in html and "<img src=x" not in html


def test_search_by_name_mrn_and_date_of_birth_with_pagination(client, login, therapist, make_patient):
    from datetime import date

    for n in range(30):
        make_patient(clinic=therapist.clinic, last_name=f"Smith{n:02d}")
    make_patient(
        clinic=therapist.clinic,
        last_name="Zed",
        first_name="Unique",
        mrn="ZZ-9",
        date_of_birth=date(1944, 2, 29),
    )
    login(therapist)
    assert "Zed, Unique" in client.get("/patients/?q=zed").get_data(as_text=True)
    assert "Zed, Unique" in client.get("/patients/?q=ZZ-9").get_data(as_text=True)
    assert "Zed, Unique" in client.get("/patients/?q=1944-02-29").get_data(as_text=True)
    assert "Zed, Unique" in client.get("/patients/?q=unique+zed").get_data(as_text=True)
    first = client.get("/patients/?q=smith").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Smith00" in first and "Smith29" not in first
    second = client.get("/patients/?q=smith&page=2").get_data(as_text=True)
    assert "Smith29" in second
    beyond = client.get("/patients/?q=smith&page=99")
    assert beyond.status_code == 200
    assert client.get("/patients/?q=%25").status_code == 200
    assert client.get("/patients/?sort=name;DROP TABLE patient").status_code == 200
    assert patient_count() == 31


def test_stale_edit_is_refused_with_409_and_keeps_input(client, login, therapist, make_patient):
    patient = make_patient(clinic=therapist.clinic, first_name="Ann")
    login(therapist)
    token = csrf_token(client, f"/patients/{patient.id}/edit")
    data = valid_form(mrn=patient.mrn, first_name="First save", version=str(patient.version))
    data["csrf_token"] = token
    assert client.post(f"/patients/{patient.id}/edit", data=data).status_code == 302
    data["first_name"] = "Second save"
    stale = client.post(f"/patients/{patient.id}/edit", data=data)
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert 'value="Second save"' in html
    # It says what differs: the saved value beside the user's input.
    assert '<th scope="row">First name</th><td>First save</td><td>Second save</td>' in html
    assert db.session.get(Patient, patient.id).first_name == "First save"


def test_archive_keeps_the_record_and_hides_it_from_the_default_list(client, login, therapist, make_patient):
    patient = make_patient(clinic=therapist.clinic, last_name="Archivable")
    login(therapist)
    token = csrf_token(client, f"/patients/{patient.id}")
    assert (
        client.post(
            f"/patients/{patient.id}/status", data={"csrf_token": token, "status": "archived"}
        ).status_code
        == 302
    )
    stored = db.session.get(Patient, patient.id)
    assert stored.status == "archived" and stored.archived_at is not None
    assert "Archivable" not in client.get("/patients/").get_data(as_text=True)
    assert "Archivable" in client.get("/patients/?status=archived").get_data(as_text=True)
    assert client.delete(f"/patients/{patient.id}").status_code == 405


def test_chart_read_is_audited(client, login, therapist, make_patient):
    patient = make_patient(clinic=therapist.clinic)
    login(therapist)
    assert client.get(f"/patients/{patient.id}").status_code == 200
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "read", AuditEvent.category == "chart")
    )
    assert event.patient_id == patient.id and event.user_id == therapist.id


@pytest.mark.parametrize(
    ("npi", "ok"), [("1234567893", True), ("1234567890", False), ("123456789", False), ("abcdefghij", False)]
)
def test_npi_check_digit(npi, ok):
    assert npi_is_valid(npi) is ok


def test_search_wildcards_are_literal(client, login, therapist, make_patient):
    make_patient(clinic=therapist.clinic, last_name="O_Neil")
    make_patient(clinic=therapist.clinic, last_name="Smith")
    login(therapist)
    underscore = client.get("/patients/?q=_").get_data(as_text=True)
    assert "O_Neil" in underscore and "Smith" not in underscore
    percent = client.get("/patients/?q=%25").get_data(as_text=True)
    assert "Smith" not in percent and "O_Neil" not in percent


def test_chart_shows_the_language_by_name(client, login, therapist, make_patient):
    """Issue #13 bug 7: "Language: Spanish", not "es"."""
    patient = make_patient(therapist=therapist, preferred_language="es")
    login(therapist)
    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert '<dt class="col-5">Language</dt><dd class="col-7">Spanish</dd>' in page


def test_search_matches_any_part_of_names_and_mrn_and_every_word_must_match(
    client, login, make_user, make_patient
):
    """Infix search over one lower-cased column (a trigram index serves it on PostgreSQL)."""
    therapist = make_user("therapist")
    ana = make_patient(therapist=therapist, first_name="Anabel", last_name="Chenoweth", mrn="RX-77-0042")
    make_patient(therapist=therapist, first_name="Ben", last_name="Chen", mrn="RX-77-0100")
    login(therapist)

    def found(term: str) -> set[str]:
        html = client.get("/patients/", query_string={"q": term}).get_data(as_text=True)
        return {name for name in ("Anabel", "Ben") if name in html}

    assert found("ana chen") == {"Anabel"}  # both words, each inside a name
    assert found("CHEN") == {"Anabel", "Ben"}  # case-insensitive infix
    assert found("0042") == {"Anabel"}  # part of the MRN
    assert found("77-01") == {"Ben"}
    assert found("ana ben") == set()  # every word must match
    assert found("50%") == set()  # wildcards are literal
    ana.first_name = "Zoë"  # the search column follows every write of the names
    db.session.commit()
    assert "Zoë" in client.get("/patients/", query_string={"q": "ZOË CHENO"}).get_data(as_text=True)
    assert found("anabel") == set()
