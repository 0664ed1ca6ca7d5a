"""Download routes: headers, safe filenames, clinic boundary, roles, audit, signed-only notes."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.demo.clinic import seed_demo
from ptplan.documents.chart import sections
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote
from tests.conftest import PASSWORD
from tests.factories.documents import CODE_PATTERNS, check_pdf, demo_patient, words

THERAPIST = "therapist@demo.ptplan.test"
MANAGER = "manager@demo.ptplan.test"
ADMIN = "admin@demo.ptplan.test"


@pytest.fixture()
def demo(app):
    return seed_demo(PASSWORD)


def first(model, patient_id, *where):
    return db.session.scalar(
        select(model).where(model.patient_id == patient_id, *where).order_by(model.id).limit(1)
    )


def urls(demo) -> dict[str, str]:
    patient = demo_patient(demo)
    plan = first(PlanOfCare, patient.id)
    evaluation = first(Evaluation, patient.id, Evaluation.signed_at.is_not(None))
    note = first(VisitNote, patient.id, VisitNote.signed_at.is_not(None))
    return {
        "home_plan": f"/patients/{patient.id}/home-plan.pdf",
        "plan_of_care": f"/plans/{plan.id}/plan-of-care.pdf",
        "consent": f"/patients/{patient.id}/dn-consent.pdf",
        "evaluation": f"/evaluations/{evaluation.id}.pdf",
        "note": f"/notes/{note.id}.pdf",
    }


def assert_pdf_response(response, tmp_path):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    return check_pdf(response.get_data(), tmp_path)


CATEGORY = {
    "home_plan": "home_plan",
    "plan_of_care": "plan_of_care",
    "consent": "consent",
    "evaluation": "note",
    "note": "note",
}


@pytest.mark.parametrize("document", list(CATEGORY))
@pytest.mark.parametrize("email", [THERAPIST, MANAGER])
def test_therapist_and_manager_download_every_document_audited_as_print(
    client, login, demo, document, email, tmp_path
):
    login(demo.users[email])
    url = urls(demo)[document]
    before = db.session.scalar(select(db.func.count(AuditEvent.id)))
    reader = assert_pdf_response(client.get(url), tmp_path)
    assert "Maria Gonzalez" in words(reader)
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > before, AuditEvent.action == "print")
    ).all()
    assert [(r.category, r.patient_id, r.user_id) for r in rows] == [
        (CATEGORY[document], demo_patient(demo).id, demo.users[email].id)
    ]


@pytest.mark.parametrize("document", list(CATEGORY))
def test_admin_is_refused(client, login, demo, document):
    login(demo.users[ADMIN])
    assert client.get(urls(demo)[document]).status_code == 403


@pytest.mark.parametrize("document", list(CATEGORY))
def test_anonymous_is_sent_to_log_in(client, demo, document):
    response = client.get(urls(demo)[document])
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("document", list(CATEGORY))
def test_another_clinics_documents_are_404_and_audited(client, login, demo, make_user, document):
    outsider = make_user("therapist")
    login(outsider)
    response = client.get(urls(demo)[document])
    assert response.status_code == 404
    assert b"%PDF" not in response.get_data()
    denied = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "denied", AuditEvent.user_id == outsider.id)
    )
    assert denied is not None and denied.category == CATEGORY[document]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "print")) is None


@pytest.mark.parametrize("bad", ["999999", "0"])
def test_unknown_ids_are_404(client, login, demo, bad):
    login(demo.users[THERAPIST])
    for url in (
        f"/patients/{bad}/home-plan.pdf",
        f"/plans/{bad}/plan-of-care.pdf",
        f"/evaluations/{bad}.pdf",
        f"/notes/{bad}.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_filename_is_safe_whatever_the_patient_is_called(
    client, login, make_clinic, make_user, make_patient, tmp_path, make_plan
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(
        clinic=clinic, therapist=therapist, first_name='Evil"; x=1', last_name="Zoë\r\nSet-Cookie: a=b"
    )
    make_plan(patient, therapist, exercises=1)
    login(therapist)
    response = client.get(f"/patients/{patient.id}/home-plan.pdf")
    assert_pdf_response(response, tmp_path)
    disposition = response.headers["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert "Set-Cookie" not in response.headers or "a=b" not in response.headers.get("Set-Cookie", "")
    ascii_name = re.search(r'filename="([^"]*)"', disposition).group(1)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", ascii_name) and ascii_name.endswith(".pdf")
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
    assert unquote(encoded).startswith('Home plan - Evil"; x=1 Zoë\r\nSet-Cookie')
    assert ";" not in encoded and '"' not in encoded


def test_home_plan_without_an_active_plan_says_so(client, login, make_clinic, make_user, make_patient):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    login(therapist)
    response = client.get(f"/patients/{patient.id}/home-plan.pdf")
    assert response.status_code == 404
    assert "no active plan of care" in response.get_data(as_text=True)


def test_large_print_flag_and_audit_detail(client, login, demo, tmp_path):
    login(demo.users[THERAPIST])
    response = client.get(urls(demo)["home_plan"] + "?large_print=1")
    assert_pdf_response(response, tmp_path)
    assert "large%20print" in response.headers["Content-Disposition"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "print"))
    assert event.detail == "large print" and event.entity_type == "plan_of_care"


def test_home_plan_download_has_no_codes(client, login, demo, tmp_path):
    login(demo.users[THERAPIST])
    text = words(assert_pdf_response(client.get(urls(demo)["home_plan"]), tmp_path))
    for pattern in CODE_PATTERNS:
        assert not re.search(pattern, text), pattern


def test_plan_of_care_has_codes_signature_and_physician(client, login, demo, tmp_path):
    login(demo.users[THERAPIST])
    text = words(assert_pdf_response(client.get(urls(demo)["plan_of_care"]), tmp_path))
    for phrase in ("M54.41", "CPT 20560", "CPT 97140", "CPT 97110", "Long-term goals", "Short-term goals"):
        assert phrase in text
    assert "electronically signed by Dana Reyes, PT, DPT (licence PT-" in text
    assert "Dr. Priya Raman, NPI 1234567893" in text
    assert "Unsigned draft" not in text


def test_draft_plan_of_care_prints_as_unsigned_draft(
    client, login, make_clinic, make_user, make_patient, tmp_path, make_plan
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist, referring_physician_name="Dr. Ann Ode")
    plan = make_plan(patient, therapist, exercises=2, signed=False)
    plan.status = "draft"
    db.session.commit()
    login(therapist)
    text = words(assert_pdf_response(client.get(f"/plans/{plan.id}/plan-of-care.pdf"), tmp_path))
    assert "Unsigned draft" in text and "Dr. Ann Ode" in text


def test_consent_is_filled_from_the_signed_record_or_blank_on_request(client, login, demo, tmp_path):
    login(demo.users[THERAPIST])
    url = urls(demo)["consent"]
    signed = words(assert_pdf_response(client.get(url), tmp_path))
    assert "Jordan Ellis (front desk)" in signed and "☑" in signed
    blank = client.get(url + "?blank=1")
    text = words(assert_pdf_response(blank, tmp_path))
    assert "Jordan Ellis" not in text and "☑" not in text and "Maria Gonzalez" in text
    details = [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "print"))]
    assert details == ["signed record", "blank form"]


def test_signed_note_prints_signature_hash_and_addenda_beneath(client, login, demo, tmp_path):
    from ptplan.records.services import add_addendum

    patient = demo_patient(demo)
    note = first(VisitNote, patient.id, VisitNote.kind == "progress")
    add_addendum(
        note,
        demo.users[THERAPIST],
        record_type="visit_note",
        category="visit_note",
        patient_id=patient.id,
        reason="Correction <b>",
        body="Pain after was 2, not 1 & <script>",
    )
    db.session.commit()
    login(demo.users[THERAPIST])
    text = words(assert_pdf_response(client.get(f"/notes/{note.id}.pdf"), tmp_path))
    signed = text.find("Electronically signed by Dana Reyes, PT, DPT")
    assert signed > 0 and note.content_hash in text
    assert text.find("Pain after was 2, not 1 & <script>") > signed
    assert "Correction <b>" in text and (" EST" in text or " EDT" in text)
    for phrase in ("Goals", "Change vs MCID", "Home program adherence", "Units billed"):
        assert phrase in text


def test_needling_record_prints_on_a_daily_note(client, login, demo, tmp_path):
    patient = demo_patient(demo)
    note = first(VisitNote, patient.id, VisitNote.has_dry_needling.is_(True))
    login(demo.users[THERAPIST])
    text = words(assert_pdf_response(client.get(f"/notes/{note.id}.pdf"), tmp_path))
    assert "Dry-needling procedure record" in text and "Muscles needled" in text
    assert f"CPT {note.needling.cpt_code}" in text


def test_evaluation_prints_scores_slr_and_trigger_points(client, login, demo, tmp_path):
    login(demo.users[THERAPIST])
    text = words(assert_pdf_response(client.get(urls(demo)["evaluation"]), tmp_path))
    for phrase in (
        "Initial evaluation",
        "Straight-leg raise",
        "Oswestry Disability Index",
        "Trigger points",
        "Assessment",
    ):
        assert phrase in text


def test_draft_notes_are_refused_with_409_and_a_message(
    client, login, demo, tmp_path, make_note, make_evaluation
):
    therapist = demo.users[THERAPIST]
    patient = demo_patient(demo)
    plan = first(PlanOfCare, patient.id)
    draft = make_note(plan, therapist, date.today(), 20, signed=False)
    evaluation = make_evaluation(patient, therapist, on=date.today(), signed=False)
    login(therapist)
    for url in (f"/notes/{draft.id}.pdf", f"/evaluations/{evaluation.id}.pdf"):
        response = client.get(url)
        assert response.status_code == 409
        assert "Only signed notes are printed" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "print")) is None


def test_chart_lists_the_documents_with_links_that_download(client, login, demo, tmp_path):
    login(demo.users[MANAGER])
    patient = demo_patient(demo)
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert 'id="section-documents"' in html
    links = re.findall(r'href="([^"]+\.pdf[^"]*)"', html)
    expected = urls(demo)
    for key in ("home_plan", "plan_of_care", "consent", "evaluation", "note"):
        assert expected[key] in " ".join(links), key
    assert f"/patients/{patient.id}/home-plan.pdf?large_print=1" in html.replace("&amp;", "&")
    assert f"/patients/{patient.id}/dn-consent.pdf?blank=1" in html
    for link in links[:3]:
        assert_pdf_response(client.get(link.replace("&amp;", "&")), tmp_path)


def test_chart_section_costs_one_query_and_has_empty_states(
    app, demo, make_clinic, make_user, make_patient, count_queries
):
    patient = demo_patient(demo)
    user = demo.users[THERAPIST]
    with app.test_request_context():
        with count_queries() as q:
            (section,) = sections(patient, user)
        assert q.count == 1
        assert len(section.context["notes"]) >= 10 and len(section.context["home"]) == 2
        clinic = make_clinic()
        empty = make_patient(clinic=clinic)
        (section,) = sections(empty, make_user("therapist", clinic=clinic))
        assert (
            section.context["home"] == []
            and section.context["plans"] == []
            and section.context["notes"] == []
        )
        assert sections(patient, demo.users[ADMIN]) == []
    html = app.jinja_env.get_template("documents/_chart_section.html").render(ctx=section.context)
    assert "No active plan of care" in html and "No signed notes yet" in html


def test_cli_writes_the_active_plan_and_audits_the_export(runner, demo, tmp_path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["export-plan", "--mrn", "DEMO-0001", "--output", str(out), "--large-print"])
    assert result.exit_code == 0, result.output
    assert "Home plan written to" in result.output
    assert "Maria Gonzalez" in words(check_pdf(out.read_bytes(), tmp_path))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert (event.category, event.user_id, event.detail) == ("home_plan", None, "cli export-plan")
    assert event.patient_id == demo_patient(demo).id and event.clinic_id == demo.clinic.id


def test_cli_refuses_unknown_mrn_ambiguous_mrn_and_no_active_plan(
    runner, demo, make_clinic, make_patient, tmp_path
):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["export-plan", "--mrn", "NOPE-1", "--output", str(out)])
    assert result.exit_code != 0 and "No patient has MRN 'NOPE-1'" in result.output
    other = make_clinic(name="Second clinic")
    make_patient(clinic=other, mrn="DEMO-0001")
    result = runner.invoke(args=["export-plan", "--mrn", "DEMO-0001", "--output", str(out)])
    assert result.exit_code != 0 and "--clinic" in result.output
    result = runner.invoke(
        args=["export-plan", "--mrn", "DEMO-0001", "--output", str(out), "--clinic", "Second clinic"]
    )
    assert result.exit_code != 0 and "no active plan of care" in result.output
    result = runner.invoke(
        args=["export-plan", "--mrn", "DEMO-0001", "--output", str(out), "--clinic", "Nowhere"]
    )
    assert result.exit_code != 0 and "No clinic is called" in result.output
    assert not out.exists()
    result = runner.invoke(
        args=["export-plan", "--mrn", "DEMO-0001", "--output", str(out), "--clinic", demo.clinic.name]
    )
    assert result.exit_code == 0 and out.exists()
