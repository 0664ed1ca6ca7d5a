"""Deny by default, role matrix, clinic boundary, CSRF and headers (SECURITY.md AC, CSRF, HDR)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.auth.access import PUBLIC_ENDPOINTS, declared_permissions, is_token_endpoint
from ptplan.auth.roles import PERMISSIONS, role_has
from ptplan.extensions import db
from ptplan.patients.models import Patient
from tests.conftest import csrf_token


def _fill(rule, value=1):
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(value), rule.rule)


def test_every_endpoint_is_protected_or_publicly_allowlisted(app):
    unprotected = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in PUBLIC_ENDPOINTS:
                continue
            if not declared_permissions(rule.endpoint):
                unprotected.append(rule.endpoint)
    assert unprotected == []
    assert {
        "auth.login",
        "auth.second_factor",
        "static",
        "health.healthz",
        "recovery.forgot_password",
        "recovery.reset_password",
        "fhir.metadata",
    } == PUBLIC_ENDPOINTS


def test_anonymous_requests_never_reach_a_protected_view(app, client):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_fill(rule), method=method)
            assert response.status_code in (302, 400, 401), (rule.rule, method, response.status_code)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"]


def test_every_post_route_refuses_a_missing_csrf_token(app, client, login, therapist):
    login(therapist)
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "auth.login":
            continue
        response = client.post(_fill(rule, 999_999), data={})
        assert response.status_code in (400, 403, 404), (rule.rule, response.status_code)
    assert client.post("/login", data={"email": "x", "password": "y"}).status_code == 400


def test_an_unknown_view_without_declaration_fails_closed(app, client, login, therapist):
    """AC-04: a view someone forgot to decorate answers 403, never content."""
    login(therapist)
    original = app.view_functions["patients.index"]
    app.view_functions["patients.index"] = lambda: "secret"
    try:
        assert client.get("/patients/").status_code == 403
    finally:
        app.view_functions["patients.index"] = original


ROLE_CASES = [
    # (role, method, path, allowed)
    ("therapist", "GET", "/patients/", True),
    ("therapist", "GET", "/patients/new", True),
    ("therapist", "GET", "/admin/users", False),
    ("therapist", "GET", "/audit/", False),
    ("therapist", "GET", "/admin/clinic", False),
    ("manager", "GET", "/patients/", True),
    ("manager", "GET", "/audit/", True),
    ("manager", "GET", "/admin/users", False),
    ("manager", "GET", "/admin/clinic", True),
    ("admin", "GET", "/admin/users", True),
    ("admin", "GET", "/audit/", True),
    ("admin", "GET", "/patients/", False),
    ("admin", "GET", "/patients/new", False),
]


@pytest.mark.parametrize(("role", "method", "path", "allowed"), ROLE_CASES)
def test_role_matrix(client, login, make_user, role, method, path, allowed):
    user = make_user(role)
    login(user)
    response = client.open(path, method=method)
    assert (response.status_code == 200) is allowed, response.status_code
    if not allowed:
        assert response.status_code == 403
        denied = db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.user_id == user.id, AuditEvent.action == "denied"
            )
        )
        assert denied == 1


def test_matrix_keeps_clinical_writing_away_from_managers_and_admins():
    assert role_has("therapist", "clinical.sign")
    assert not role_has("manager", "clinical.write") and not role_has("manager", "clinical.sign")
    assert not any(p.startswith(("clinical.", "patient.")) for p in PERMISSIONS["admin"])
    assert not role_has("nobody", "patient.read")


@pytest.fixture()
def two_clinics(make_clinic, make_user, make_patient):
    a, b = make_clinic(name="Clinic A"), make_clinic(name="Clinic B")
    therapist_a = make_user("therapist", clinic=a)
    therapist_b = make_user("therapist", clinic=b)
    patient_b = make_patient(clinic=b, therapist=therapist_b, last_name="OtherClinic")
    return therapist_a, therapist_b, patient_b


def test_another_clinics_patient_is_404_and_audited_in_path_query_and_body(client, login, two_clinics):
    therapist_a, _, patient_b = two_clinics
    login(therapist_a)
    for path in (f"/patients/{patient_b.id}", f"/patients/{patient_b.id}/edit"):
        assert client.get(path).status_code == 404
    token = csrf_token(client, "/patients/")
    response = client.post(
        f"/patients/{patient_b.id}/status", data={"csrf_token": token, "status": "archived"}
    )
    assert response.status_code == 404
    assert db.session.get(Patient, patient_b.id).status == "active"
    listing = client.get(f"/patients/?q={patient_b.mrn}").get_data(as_text=True)
    assert "OtherClinic" not in listing
    denied = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.user_id == therapist_a.id, AuditEvent.outcome == "denied"
        )
    )
    assert denied == 3


def test_id_bearing_routes_answer_404_for_unknown_ids(app, client, login, therapist):
    login(therapist)
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.arguments or rule.endpoint == "static":
            continue
        if rule.endpoint == "recovery.reset_password":
            continue  # its form looks the same for every token; the token is checked on POST only
        if is_token_endpoint(rule.endpoint):
            continue  # bearer-token API: a session cookie gets 401; tests/test_fhir_api.py covers it
        response = client.get(_fill(rule, 987_654))
        assert response.status_code in (403, 404), (rule.rule, response.status_code)


def test_security_headers_on_pages_errors_and_static(client, login, therapist):
    login(therapist)
    for path in ("/patients/", "/does-not-exist", "/login", "/static/css/app.css"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "object-src 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        response.close()
    assert client.get("/patients/").headers["Cache-Control"] == "no-store"


def test_templates_load_nothing_from_outside_and_have_no_inline_script():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r'(src|href)="(https?:)?//', text), template
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {template}"
        assert not re.search(r"\son(click|load|change|submit|input)=", text), f"inline handler in {template}"
        assert "|safe" not in text.replace(" ", ""), f"|safe in {template}: escape user data"


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            "therapist",
            ["My day", "Patients", "My caseload", "Libraries"],
            ["Caseload<", "Audit report", "Users"],
        ),
        (
            "manager",
            ["Patients", "Caseload<", "Audit report", "Clinic settings"],
            ["My day", "My caseload", "Users"],
        ),
        ("admin", ["Users", "Audit report", "Clinic settings"], ["Patients", "My day", "Caseload<"]),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(client, login, make_user, role, shown, hidden):
    login(make_user(role))
    page = client.get("/account/password").get_data(as_text=True)
    nav = page.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    for label in shown:
        assert label in nav, label
    for label in hidden:
        assert label not in nav, label
