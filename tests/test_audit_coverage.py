"""Every page that shows a patient's record writes an audit row naming that patient (AUD-01)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.demo.clinic import seed_demo
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote
from tests.conftest import csrf_token

PHI_ARGUMENTS = {"patient_id", "evaluation_id", "note_id", "plan_id"}


def test_every_patient_record_read_is_audited(app, client):
    demo = seed_demo("audit coverage passphrase")
    patient = demo.patients[0]
    plan = db.session.scalar(
        select(PlanOfCare).where(PlanOfCare.patient_id == patient.id, PlanOfCare.status == "active")
    )
    ids = {
        "patient_id": patient.id,
        "plan_id": plan.id,
        "evaluation_id": db.session.scalar(select(Evaluation.id).where(Evaluation.patient_id == patient.id)),
        "note_id": db.session.scalar(select(VisitNote.id).where(VisitNote.patient_id == patient.id)),
        "goal_id": plan.goals[0].id,
        "intervention_id": plan.interventions[0].id,
    }
    client.get("/login")
    client.post(
        "/login",
        data={
            "email": "therapist@demo.ptplan.test",
            "password": "audit coverage passphrase",
            "csrf_token": csrf_token(client),
        },
    )
    unaudited = []
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not (set(rule.arguments) & PHI_ARGUMENTS):
            continue
        if not set(rule.arguments) <= set(ids):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        before = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.patient_id == patient.id)
        )
        response = client.get(path)
        after = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.patient_id == patient.id)
        )
        if response.status_code == 200:
            checked += 1
            if after <= before:
                unaudited.append(path)
    assert unaudited == [], unaudited
    assert checked >= 15
