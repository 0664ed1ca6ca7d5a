"""The patient's copy from the chart: FHIR Bundle, every signed document as PDF, a plain-language
index; audited as a disclosure; other clinics get 404."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User
from ptplan.demo.clinic import seed_demo
from ptplan.extensions import db
from ptplan.fhir.record import unresolved_references
from ptplan.patients.models import Patient
from tests.conftest import csrf_token
from tests.fhir_helpers import validate_round_trip

PASSWORD = "patient copy passphrase"


def _login(client, email: str) -> None:
    client.get("/login")
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)})


def test_the_chart_offers_the_copy_and_the_zip_holds_the_whole_signed_record(app, client):
    seed_demo(PASSWORD)
    patient = db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001"))
    _login(client, "therapist@demo.ptplan.test")
    chart = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Download the patient&#39;s record" in chart or "Download the patient's record" in chart
    response = client.get(f"/patients/{patient.id}/record-copy.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert "index.html" in names and "record.fhir.json" in names
    fhir = json.loads(archive.read("record.fhir.json"))
    validate_round_trip(fhir)
    assert unresolved_references(fhir) == []
    documents = [e["resource"] for e in fhir["entry"] if e["resource"]["resourceType"] == "DocumentReference"]
    pdfs = [n for n in names if n.startswith("documents/") and n.endswith(".pdf")]
    assert len(pdfs) == len(documents) >= 10
    assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)
    index = archive.read("index.html").decode()
    assert all(n in index for n in pdfs)
    assert "Your plan of care" in index and "Notes from one treatment visit" in index
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.category == "disclosure"))
    assert event.patient_id == patient.id and event.action == "export" and "164.524" in event.detail


def test_another_clinic_gets_404_and_admins_403(app, client, make_user, make_clinic):
    seed_demo(PASSWORD)
    patient = db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001"))
    outsider = make_user("therapist", clinic=make_clinic(), password=PASSWORD)
    _login(client, outsider.email)
    assert client.get(f"/patients/{patient.id}/record-copy.zip").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/api-tokens")})
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.ptplan.test"))
    _login(client, admin.email)
    assert client.get(f"/patients/{patient.id}/record-copy.zip").status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.category == "disclosure")) is None
