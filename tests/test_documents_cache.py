"""The per-clinic PDF cache: a repeat download skips the layout, and any change that shapes the
bytes (plan, goals, patient, branding, options, language, date, renderer) renders again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ptplan import pdf
from ptplan.audit.models import AuditEvent
from ptplan.clinics.models import Clinic
from ptplan.demo.clinic import seed_demo
from ptplan.documents import cache, home_plan, language
from ptplan.documents.models import CachedDocument
from ptplan.extensions import db
from ptplan.plans.models import PlanGoal, PlanOfCare
from ptplan.translations import services as translations
from ptplan.translations.models import TranslationReview, message_key
from tests.conftest import PASSWORD
from tests.factories.documents import check_pdf, demo_patient

THERAPIST = "therapist@demo.ptplan.test"


@pytest.fixture()
def demo(app):
    return seed_demo(PASSWORD)


@pytest.fixture()
def renders(monkeypatch):
    """Counts real layouts of the home plan."""
    calls = []
    real = pdf.render_patient_plan

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_patient_plan", counting)
    return calls


def download(client, patient, query=""):
    response = client.get(f"/patients/{patient.id}/home-plan.pdf{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def slots(patient_id: int) -> int:
    return db.session.scalar(select(func.count()).where(CachedDocument.patient_id == patient_id))


def test_repeat_download_is_served_from_the_cache_and_still_audited(client, login, demo, renders, tmp_path):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    first = download(client, patient)
    second = download(client, patient)
    assert len(renders) == 1
    assert second.get_data() == first.get_data()
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    check_pdf(second.get_data(), tmp_path)
    prints = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert len(prints) == 2 and {p.entity_type for p in prints} == {"plan_of_care"}
    row = db.session.scalar(select(CachedDocument).where(CachedDocument.patient_id == patient.id))
    assert row.clinic_id == demo.clinic.id and row.kind == "home_plan"


def test_options_and_language_are_separate_slots(client, login, demo, renders):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    download(client, patient)
    download(client, patient, "?large_print=1")
    download(client, patient, "?large_print=1")
    assert len(renders) == 2 and slots(patient.id) == 2
    download(client, patient, "?language=es&confirmed=1")
    download(client, patient, "?language=es&confirmed=1")
    assert [r["language"] for r in renders] == ["en", "en", "es"]
    assert slots(patient.id) == 3


def test_a_clinic_s_translation_correction_or_review_renders_the_home_plan_again(
    client, login, demo, renders
):
    patient = demo_patient(demo)
    therapist = demo.users[THERAPIST]
    login(therapist)
    spanish = "?language=es&confirmed=1"
    before = download(client, patient, spanish).get_data()
    plan = home_plan.active_plan(patient, db.session.get(Clinic, demo.clinic.id))
    group = language.plan_groups(plan)[0]
    row = translations.group_rows(demo.clinic.id, "es", group)[0]
    db.session.add(
        TranslationReview(
            clinic_id=demo.clinic.id,
            language="es",
            message_key=message_key(row.message.id),
            message=row.message.id,
            override_text="Corrección de la clínica",
            updated_by_id=therapist.id,
        )
    )
    db.session.commit()
    corrected = download(client, patient, spanish).get_data()
    download(client, patient, spanish)
    assert len(renders) == 2 and corrected != before
    assert slots(patient.id) == 1  # the stale Spanish entry was replaced
    review = db.session.scalar(select(TranslationReview).where(TranslationReview.clinic_id == demo.clinic.id))
    review.reviewed_text, review.reviewed_by_id = review.override_text, therapist.id
    review.reviewed_at = review.updated_at
    db.session.commit()
    reviewed = download(client, patient, spanish).get_data()
    assert len(renders) == 3 and reviewed.startswith(b"%PDF")
    assert slots(patient.id) == 1


def _rename_patient(demo, patient):
    patient.first_name = "Mariana"


def _rebrand_clinic(demo, patient):
    db.session.get(Clinic, demo.clinic.id).phone = "555-0199"


def _discontinue_a_goal(demo, patient):
    plan = db.session.scalar(
        select(PlanOfCare).where(PlanOfCare.patient_id == patient.id, PlanOfCare.status == "active")
    )
    goal = db.session.scalar(
        select(PlanGoal).where(PlanGoal.plan_id == plan.id).order_by(PlanGoal.id).limit(1)
    )
    goal.status = "discontinued"


@pytest.mark.parametrize("change", [_rename_patient, _rebrand_clinic, _discontinue_a_goal])
def test_a_change_that_shapes_the_bytes_renders_again_and_replaces_the_slot(
    client, login, demo, renders, change
):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    before = download(client, patient).get_data()
    change(demo, patient)
    db.session.commit()
    after = download(client, patient).get_data()
    download(client, patient)
    assert len(renders) == 2
    assert after != before
    assert slots(patient.id) == 1  # the stale entry was replaced, not kept beside the new one


def test_a_new_day_or_a_new_renderer_renders_again(client, login, demo, renders, monkeypatch):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    download(client, patient)
    tomorrow = Clinic.today(db.session.get(Clinic, demo.clinic.id)) + timedelta(days=1)
    monkeypatch.setattr(Clinic, "today", lambda self: tomorrow)
    download(client, patient)
    monkeypatch.setattr(cache, "template_version", lambda: "a changed layout")
    download(client, patient)
    assert len(renders) == 3


def test_template_version_follows_the_renderer_source():
    version = cache.template_version()
    assert len(version) == 64 and version == cache.template_version()


def test_forget_clinic_drops_only_that_clinics_documents(client, login, demo, renders):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    download(client, patient)
    assert cache.forget_clinic(demo.clinic.id + 1000) == 0
    assert cache.forget_clinic(demo.clinic.id) == 1
    db.session.commit()
    download(client, patient)
    assert len(renders) == 2
