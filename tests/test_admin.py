"""User administration and clinic settings (SECURITY.md AC-05, FILE-01)."""

from __future__ import annotations

import io

from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User, UserSession
from ptplan.clinics.models import Clinic
from ptplan.demo.pdf_samples import sample_logo
from ptplan.extensions import db
from tests.conftest import csrf_token


def test_admin_creates_user_with_field_errors_first(client, login, make_user):
    admin = make_user("admin")
    login(admin)
    token = csrf_token(client, "/admin/users/new")
    bad = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "not-email",
            "full_name": "",
            "role": "therapist",
            "password": "short",
        },
    )
    assert bad.status_code == 422
    assert db.session.scalar(select(User).where(User.email == "not-email")) is None
    good = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "Pat@Clinic.example.com",
            "full_name": "Pat Doe",
            "credentials": "PT",
            "role": "therapist",
            "password": "a long enough passphrase",
        },
    )
    assert good.status_code == 302
    created = db.session.scalar(select(User).where(User.email == "pat@clinic.example.com"))
    assert created.clinic_id == admin.clinic_id and created.role == "therapist"
    dup = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": "pat@clinic.example.com",
            "full_name": "Pat Doe",
            "role": "therapist",
            "password": "a long enough passphrase",
        },
    )
    assert dup.status_code == 422 and "already exists" in dup.get_data(as_text=True)


def test_role_change_is_audited_with_old_and_new_and_ends_sessions(client, app, login, make_user):
    admin = make_user("admin")
    target = make_user("therapist", clinic=admin.clinic)
    login(target)  # the target holds a session from another client
    other = app.test_client()
    other.get("/login")
    other.post(
        "/login",
        data={
            "email": admin.email,
            "password": "correct horse battery staple",
            "csrf_token": csrf_token(other),
        },
    )
    token = csrf_token(other, "/admin/users")
    assert (
        other.post(
            f"/admin/users/{target.id}/role", data={"csrf_token": token, "role": "manager"}
        ).status_code
        == 302
    )
    assert db.session.get(User, target.id).role == "manager"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role_change"))
    assert event.user_id == admin.id and event.entity_id == target.id and event.detail == "therapist->manager"
    assert all(
        s.ended_at is not None
        for s in db.session.scalars(select(UserSession).where(UserSession.user_id == target.id))
    )
    assert client.get("/patients/").status_code == 302


def test_admin_cannot_touch_another_clinics_user(client, login, make_user, make_clinic):
    admin = make_user("admin")
    outsider = make_user("therapist", clinic=make_clinic())
    login(admin)
    token = csrf_token(client, "/admin/users")
    assert client.post(f"/admin/users/{outsider.id}/active/0", data={"csrf_token": token}).status_code == 404
    assert db.session.get(User, outsider.id).is_active_user


def test_clinic_settings_and_logo_upload_checked_by_content(app, client, login, make_user, monkeypatch):
    manager = make_user("manager")
    login(manager)
    token = csrf_token(client, "/admin/clinic")
    base = {
        "csrf_token": token,
        "name": "Renamed PT",
        "address": "",
        "phone": "555",
        "timezone": "Europe/Berlin",
        "default_payer_rule": "ama",
        "page_size": "A4",
    }
    html_logo = client.post(
        "/admin/clinic",
        data={**base, "logo": (io.BytesIO(b"<html><script>x</script>"), "logo.png")},
        content_type="multipart/form-data",
    )
    assert html_logo.status_code == 422 and "not one" in html_logo.get_data(as_text=True)
    assert db.session.get(Clinic, manager.clinic_id).name != "Renamed PT"
    svg = client.post(
        "/admin/clinic",
        data={**base, "logo": (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "../../x.svg")},
        content_type="multipart/form-data",
    )
    assert svg.status_code == 422
    truncated = client.post(
        "/admin/clinic",
        data={**base, "logo": (io.BytesIO(sample_logo()[:300]), "logo.png")},
        content_type="multipart/form-data",
    )
    assert truncated.status_code == 422 and "damaged or incomplete" in truncated.get_data(as_text=True)
    assert db.session.get(Clinic, manager.clinic_id).logo_file_id is None
    png = sample_logo()
    ok = client.post(
        "/admin/clinic",
        data={**base, "logo": (io.BytesIO(png), "../../etc/passwd")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    clinic = db.session.get(Clinic, manager.clinic_id)
    assert (
        clinic.name == "Renamed PT" and clinic.timezone == "Europe/Berlin" and clinic.logo_file_id is not None
    )
    # A small cap keeps the oversized body in memory (no spooled temp file left for the GC).
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    too_big = client.post(
        "/admin/clinic",
        data={**base, "logo": (io.BytesIO(png + b"0" * 8192), "big.png")},
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 413


def _create(client, email: str):
    return client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(client, "/admin/users/new"),
            "email": email,
            "full_name": "New Colleague",
            "role": "therapist",
            "password": "a long enough passphrase",
        },
    )


def test_admin_of_a_demo_clinic_creates_users_on_its_own_test_domain(client, login, make_user):
    """Issue #13 bug 6: the demo clinic's own reserved .test domain is creatable."""
    admin = make_user("admin")  # an address on example.test, like the demo's demo.ptplan.test
    own = admin.email.rpartition("@")[2]
    login(admin)
    assert _create(client, f"newcolleague@{own}").status_code == 302
    assert db.session.scalar(select(User).where(User.email == f"newcolleague@{own}")) is not None


def test_other_reserved_and_malformed_addresses_are_still_refused(client, login, make_user):
    login(make_user("admin"))
    for email in ("someone@elsewhere.test", "someone@localhost", "someone@invalid", "no-at-sign", "a@b"):
        response = _create(client, email)
        assert response.status_code == 422, email
        assert "Enter a valid email address" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.full_name == "New Colleague")) is None
