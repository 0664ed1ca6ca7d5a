"""Each signed record's page links its PDF (JOURNEYS.md: documents reachable where you work)."""

from sqlalchemy import select

from ptplan.demo.clinic import seed_demo
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.sessions.models import VisitNote
from tests.conftest import csrf_token


def test_note_evaluation_plan_and_consent_pages_link_their_pdfs(client):
    demo = seed_demo("demo passphrase for links")
    patient = demo.patients[0]
    client.get("/login")
    client.post(
        "/login",
        data={
            "email": "therapist@demo.ptplan.test",
            "password": "demo passphrase for links",
            "csrf_token": csrf_token(client),
        },
    )
    note = db.session.scalar(
        select(VisitNote).where(VisitNote.patient_id == patient.id, VisitNote.signed_at.is_not(None))
    )
    evaluation = db.session.scalar(select(Evaluation).where(Evaluation.patient_id == patient.id))
    assert f"/notes/{note.id}.pdf" in client.get(f"/notes/{note.id}").get_data(as_text=True)
    assert f"/evaluations/{evaluation.id}.pdf" in client.get(f"/evaluations/{evaluation.id}").get_data(
        as_text=True
    )
    chart = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    plan_href = chart.split('href="/plans/', 1)[1].split('"', 1)[0]
    plan_page = client.get(f"/plans/{plan_href}").get_data(as_text=True)
    assert "plan-of-care.pdf" in plan_page and "home-plan.pdf" in plan_page
    assert "dn-consent.pdf?blank=1" in client.get(f"/patients/{patient.id}/dry-needling").get_data(
        as_text=True
    )
    pdf = client.get(f"/notes/{note.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_plan_of_care_pdf_prints_the_recorded_physician_certification(client):
    from io import BytesIO

    from pypdf import PdfReader

    from ptplan.plans.models import PlanOfCare

    demo = seed_demo("demo passphrase for links")
    plan = db.session.scalar(
        select(PlanOfCare).where(PlanOfCare.patient_id == demo.patients[0].id, PlanOfCare.status == "active")
    )
    assert plan.physician_signed_on is not None
    client.get("/login")
    client.post(
        "/login",
        data={
            "email": "therapist@demo.ptplan.test",
            "password": "demo passphrase for links",
            "csrf_token": csrf_token(client),
        },
    )
    pdf = client.get(f"/plans/{plan.id}/plan-of-care.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "Certification signed" in text and plan.physician_signed_on.isoformat() in text
