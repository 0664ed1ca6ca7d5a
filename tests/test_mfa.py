"""Second factor: required for managers and admins, single-use codes, lockout (SECURITY.md AUTH-06)."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User, UserSession
from ptplan.extensions import db
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture()
def mfa_required(app, monkeypatch):
    monkeypatch.setitem(app.config, "MFA_REQUIRED_ROLES", ("manager", "admin"))


def password_step(client, user, next_url=None):
    token = csrf_token(client)
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": user.email, "password": PASSWORD, "csrf_token": token})


def submit_code(client, code):
    page = client.get("/login/second-factor").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/login/second-factor", data={"csrf_token": token, "code": code})


def current_code(user_id, offset_steps=0):
    secret = db.session.get(User, user_id).totp_secret
    return pyotp.TOTP(secret).at(time.time() + offset_steps * 30)


def test_manager_must_enrol_before_reaching_any_page(client, make_user, mfa_required):
    manager = make_user("manager")
    response = password_step(client, manager, next_url="/audit/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/second-factor")
    assert client.get("/audit/").status_code == 302, "no session before the second factor"
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == manager.id)) is None
    page = client.get("/login/second-factor").get_data(as_text=True)
    assert "Set up your authenticator app" in page and "<svg" in page
    done = submit_code(client, current_code(manager.id))
    assert done.status_code == 200 and "Save your recovery codes" in done.get_data(as_text=True)
    assert 'href="/audit/"' in done.get_data(as_text=True), (
        "the codes page continues to where they were going"
    )
    assert client.get("/audit/").status_code == 200
    assert db.session.get(User, manager.id).mfa_enabled
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == manager.id)))
    assert {"mfa_enrolled", "login"} <= actions


def test_code_cannot_be_replayed(app, client, make_user, mfa_required):
    manager = make_user("manager")
    password_step(client, manager)
    client.get("/login/second-factor")  # enrolment creates the secret
    code = current_code(manager.id)
    assert submit_code(client, code).status_code == 200  # enrolled: the recovery codes are shown
    other = app.test_client()
    password_step(other, manager)
    replay = submit_code(other, code)
    assert replay.status_code == 401 and "already used" in replay.get_data(as_text=True)
    assert other.get("/audit/").status_code == 302


def test_wrong_codes_count_toward_the_lockout(client, make_user, mfa_required):
    admin = make_user("admin")
    password_step(client, admin)
    for _ in range(4):
        assert submit_code(client, "000000").status_code == 401
    assert submit_code(client, "123456").status_code in (401, 302)
    user = db.session.get(User, admin.id)
    assert user.locked_until is not None
    assert client.get("/login/second-factor").status_code == 302  # locked: back to the log-in page
    assert "mfa_failed" in set(db.session.scalars(select(AuditEvent.action)))


def test_therapists_are_not_forced_but_can_be_enrolled(client, therapist, mfa_required):
    assert password_step(client, therapist).headers["Location"] == "/"
    enrolled = db.session.get(User, therapist.id)
    enrolled.mfa_enabled = True
    enrolled.totp_secret = pyotp.random_base32()
    db.session.commit()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/patients/")})
    assert password_step(client, therapist).headers["Location"].endswith("/login/second-factor")


def test_pending_second_factor_expires(client, make_user, mfa_required, monkeypatch):
    manager = make_user("manager")
    password_step(client, manager)
    real_time = time.time
    monkeypatch.setattr("ptplan.auth.views.time.time", lambda: real_time() + 301)
    assert client.get("/login/second-factor").status_code == 302


def test_production_requires_mfa_for_managers_and_admins():
    import config

    assert set(config.ProductionConfig.MFA_REQUIRED_ROLES) == {"manager", "admin"}


def test_a_therapist_turns_on_the_second_factor_from_the_account_page(client, login, therapist):
    login(therapist)
    page = client.get("/account/second-factor")
    assert page.status_code == 200 and "Set up two-step sign-in" in page.get_data(as_text=True)
    token = csrf_token(client, "/account/second-factor")
    response = client.post("/account/second-factor", data={"csrf_token": token})
    assert response.headers["Location"].endswith("/login/second-factor")
    assert client.get("/patients/").status_code == 302, "the old session ended"
    client.get("/login/second-factor")
    assert "Save your recovery codes" in submit_code(client, current_code(therapist.id)).get_data(
        as_text=True
    )
    assert db.session.get(User, therapist.id).mfa_enabled
    assert client.get("/patients/").status_code == 200
