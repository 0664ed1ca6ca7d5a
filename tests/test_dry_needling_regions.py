"""Dry needling by region (DOMAIN.md): lung-field muscles need a confirmed technique in the
procedure record and name pneumothorax in the consent; nerve and vessel risks are named."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ptplan.extensions import db
from ptplan.sessions.models import NeedlingRecord
from tests.factories.forms import open_form, submit


@pytest.fixture()
def world(make_clinic, make_user, make_patient, login, clear_for_dry_needling, make_muscles, make_plan):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    trapezius, piriformis = make_muscles(clinic.id, names=("Upper trapezius", "Piriformis"))
    trapezius.is_over_lung_field = True
    piriformis.structure_at_risk = "sciatic nerve"
    db.session.commit()
    plan = make_plan(patient, therapist, dry_needling=True, dn_muscles=[trapezius, piriformis])
    clear_for_dry_needling(patient, therapist, days_ago=20)
    login(therapist)
    return SimpleNamespace(patient=patient, plan=plan, url=f"/patients/{patient.id}/notes/new")


def needling(**extra) -> dict:
    data = {
        "nprs_before": "6",
        "nprs_after": "3",
        "dn-delivered": "y",
        "dn-needles_in": "4",
        "dn-needles_out": "4",
        "dn-sharps_disposed": "y",
        "dn-minutes": "10",
        "action": "sign",
    }
    data.update(extra)
    return data


def test_lung_field_muscle_without_a_confirmed_technique_is_refused(client, world):
    fields = open_form(client, world.url)
    response = submit(client, world.url, {**fields, **needling()})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A muscle over the lung field was needled: confirm the technique used (pneumothorax risk)." in page
    assert db.session.scalar(select(func.count(NeedlingRecord.id))) == 0


def test_confirmed_technique_is_recorded_and_the_record_names_the_structure_at_risk(client, world):
    fields = open_form(client, world.url)
    response = submit(client, world.url, {**fields, **needling(**{"dn-lung_field_technique_confirmed": "y"})})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    record = db.session.scalar(select(NeedlingRecord))
    assert record.lung_field_technique_confirmed
    assert record.note.verify_content_hash()
    page = client.get(response.location).get_data(as_text=True)
    assert "Over the lung field" in page and "Structure at risk: sciatic nerve" in page
    assert "Lung field: technique confirmed" in page


def test_the_procedure_form_labels_each_precaution(client, world):
    page = client.get(world.url).get_data(as_text=True)
    assert "Upper trapezius (over the lung field)" in page
    assert "Piriformis (near the sciatic nerve)" in page


def test_consent_names_pneumothorax_and_the_nerve_when_the_plan_includes_them(client, world, tmp_path):
    response = client.get(f"/patients/{world.patient.id}/dn-consent.pdf?blank=1")
    assert response.status_code == 200
    path = tmp_path / "consent.pdf"
    path.write_bytes(response.data)
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "collapsed lung (pneumothorax)" in flat and "Upper trapezius" in flat
    assert "Piriformis: near the sciatic nerve" in flat


def test_consent_without_lung_field_muscles_has_no_pneumothorax_section(
    client, make_clinic, make_user, make_patient, login, tmp_path, make_muscles, make_plan
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    (piriformis,) = make_muscles(clinic.id, names=("Piriformis",))
    piriformis.structure_at_risk = "sciatic nerve"
    db.session.commit()
    make_plan(patient, therapist, dry_needling=True, dn_muscles=[piriformis])
    login(therapist)
    response = client.get(f"/patients/{patient.id}/dn-consent.pdf?blank=1")
    path = tmp_path / "consent.pdf"
    path.write_bytes(response.data)
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Needling near the lung" not in flat
    assert "Piriformis: near the sciatic nerve" in flat


def test_a_clinic_marks_its_own_muscle_over_the_lung_field(client, make_user, login, csrf):
    from ptplan.library.models import Muscle

    manager = make_user("manager")
    login(manager)
    url = "/library/muscles/new"
    response = client.post(
        url,
        data={
            "csrf_token": csrf(url),
            "name": "Serratus posterior superior",
            "region": "thoracic",
            "is_over_lung_field": "y",
        },
    )
    assert response.status_code == 302
    muscle = db.session.scalar(select(Muscle).where(Muscle.name == "Serratus posterior superior"))
    assert muscle.is_over_lung_field and muscle.structure_at_risk == ""
