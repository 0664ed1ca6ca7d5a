"""Two clinics: no id-bearing route leaks or changes another clinic's records (SECURITY.md AC-02).

Clinic B is the full demo clinic (evaluations, plans, notes, libraries); users of clinic A
try every id-bearing route with B's ids in the path, and known query/body ids.
"""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import func, select

from ptplan.amendments.models import AmendmentRequest
from ptplan.auth.access import is_token_endpoint
from ptplan.auth.models import UserSession
from ptplan.demo.clinic import seed_demo
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.fhir.tokens import create_token
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.plans.models import PlanOfCare, PlanTemplate
from ptplan.sessions.models import VisitNote
from tests.conftest import csrf_token


@pytest.fixture()
def clinic_b(app):
    demo = seed_demo("another clinic's demo passphrase")
    patient = demo.patients[0]
    plan = db.session.scalar(
        select(PlanOfCare).where(PlanOfCare.patient_id == patient.id, PlanOfCare.status == "active")
    )
    clinic_id = demo.clinic.id

    def first(model):
        return db.session.scalar(select(model.id).where(model.clinic_id == clinic_id).order_by(model.id))

    ids = {
        "patient_id": patient.id,
        "evaluation_id": first(Evaluation),
        "note_id": first(VisitNote),
        "plan_id": plan.id,
        "goal_id": plan.goals[0].id,
        "intervention_id": plan.interventions[0].id,
        "exercise_id": first(Exercise),
        "template_id": first(PlanTemplate),
        "user_id": demo.users["therapist@demo.ptplan.test"].id,
        "token_id": create_token(demo.users["therapist@demo.ptplan.test"])[0].id,
        "active": 0,
        "request_id": first(AmendmentRequest),
        "session_id": _session_of(demo.users["therapist@demo.ptplan.test"]),
        # Translation review is per clinic by the session, not the URL: a non-reviewer gets 403.
        "language": "es",
        "group": "consent",
    }
    db.session.commit()
    kinds = {"exercises": first(Exercise), "muscles": first(Muscle), "techniques": first(ManualTechnique)}
    return ids, kinds


def _session_of(user) -> int:
    session = UserSession(token_hash=secrets.token_hex(32), user_id=user.id, source_ip="127.0.0.1")
    db.session.add(session)
    db.session.commit()
    return session.id


def _snapshot():
    """Row counts of every clinical table, plus the status of plans and patients."""
    counts = {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
        if t.name not in ("audit_event", "login_attempt", "user_session")
    }
    statuses = list(
        db.session.execute(
            select(PlanOfCare.id, PlanOfCare.status, PlanOfCare.version).order_by(PlanOfCare.id)
        )
    )
    return counts, statuses


def _paths(app, ids, kinds):
    for rule in app.url_map.iter_rules():
        if "<" not in rule.rule or rule.endpoint == "static" or rule.endpoint.startswith("caseload."):
            continue
        if rule.endpoint == "recovery.reset_password":
            continue  # public; its <token> is a secret, not a record id (tests/test_recovery.py)
        if is_token_endpoint(rule.endpoint):
            continue  # the bearer-token FHIR API: tests/test_fhir_api.py walks every resource of clinic B
        values = {}
        for argument in rule.arguments:
            if argument == "kind":
                values["kind"] = "exercises"
            elif argument == "item_id":
                values["item_id"] = kinds[
                    "muscles"
                    if "muscles" in rule.rule
                    else "techniques"
                    if "techniques" in rule.rule
                    else "exercises"
                ]
            else:
                assert argument in ids, f"add {argument!r} to the boundary test's id map ({rule.rule})"
                values[argument] = ids[argument]
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: str(v[m.group(1)]), rule.rule)
        yield rule, path


@pytest.mark.parametrize("role", ["therapist", "manager"])
def test_no_route_reads_or_changes_another_clinics_records(app, client, login, make_user, clinic_b, role):
    ids, kinds = clinic_b
    user = make_user(role)
    login(user)
    before = _snapshot()
    token = csrf_token(client, "/account/password")
    for rule, path in _paths(app, ids, kinds):
        if "GET" in rule.methods:
            response = client.get(path)
            assert response.status_code in (403, 404), (path, response.status_code)
        if "POST" in rule.methods:
            response = client.post(
                path,
                data={
                    "csrf_token": token,
                    "status": "archived",
                    "role": "admin",
                    "reason": "x",
                    "body": "x",
                    "version": "1",
                },
            )
            assert response.status_code in (400, 403, 404), (path, response.status_code)
    assert _snapshot() == before


def test_ids_in_query_strings_are_clinic_checked(client, login, make_user, make_patient, clinic_b):
    ids, _ = clinic_b
    therapist = make_user("therapist")
    mine = make_patient(clinic=therapist.clinic, therapist=therapist)
    login(therapist)
    for path in (
        f"/patients/{mine.id}/plans/new?evaluation_id={ids['evaluation_id']}",
        f"/patients/{mine.id}/plans/new?template_id={ids['template_id']}",
        f"/patients/{mine.id}/dry-needling/screening/new?plan_id={ids['plan_id']}",
        f"/patients/{mine.id}/dry-needling/consent/new?plan_id={ids['plan_id']}",
    ):
        response = client.get(path)
        # refused, or the foreign id is ignored: nothing of clinic B shows through
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        html = response.get_data(as_text=True)
        assert "Gonzalez" not in html and "DEMO-0001" not in html, path


def test_caseload_lists_refuse_another_clinics_therapist(client, login, make_user, clinic_b):
    ids, _ = clinic_b
    manager = make_user("manager")
    login(manager)
    response = client.get(f"/caseload/?therapist_id={ids['user_id']}")
    assert response.status_code == 404
    listing = client.get(f"/caseload/list/active_patients?therapist_id={ids['user_id']}")
    assert listing.status_code == 404
