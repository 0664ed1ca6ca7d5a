"""The demo seeder for session notes: a realistic course of care, and idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from ptplan.demo.clinic import seed_demo
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.sessions.models import NeedlingRecord, VisitNote


def test_demo_notes_are_seeded_once(app):
    seed_demo(password="a-long-demo-password-for-tests")
    showcase = db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001"))
    notes = db.session.scalars(select(VisitNote).where(VisitNote.patient_id == showcase.id)).all()
    if not notes:  # the plans seeder gave DEMO-0001 no active plan: nothing to document against
        return
    daily = [n for n in notes if n.kind == "daily"]
    assert len(daily) == 8 and all(n.is_signed and n.verify_content_hash() for n in notes)
    assert [n.kind for n in notes].count("progress") == 1
    therapists = set(db.session.scalars(select(VisitNote.therapist_id).distinct()))
    assert len(therapists) == 2
    unsigned = db.session.scalars(select(VisitNote).where(VisitNote.signed_at.is_(None))).all()
    assert len(unsigned) == 1
    if db.session.scalar(select(func.count(NeedlingRecord.id))):
        assert (
            db.session.scalar(select(func.count(VisitNote.id)).where(VisitNote.has_adverse_event.is_(True)))
            == 1
        )
    total = db.session.scalar(select(func.count(VisitNote.id)))
    seed_demo(password="a-long-demo-password-for-tests")
    assert db.session.scalar(select(func.count(VisitNote.id))) == total
