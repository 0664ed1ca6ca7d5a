"""Authentication: hashing, password policy, lockout, server-side sessions (SECURITY.md AUTH/SESS)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from config import TestingConfig
from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User, UserSession
from ptplan.auth.passwords import password_problems
from ptplan.auth.services import LOGIN_FAILED_MESSAGE
from ptplan.db import utcnow
from ptplan.extensions import db
from tests.conftest import PASSWORD, csrf_token


def post_login(client, email, password, next_url=None):
    token = csrf_token(client)
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def actions(user_id=None):
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if user_id is not None:
        query = query.where(AuditEvent.user_id == user_id)
    return list(db.session.scalars(query))


def test_password_hash_is_argon2id_with_unique_salt(make_user):
    a = make_user(password=PASSWORD)
    b = make_user(password=PASSWORD)
    assert a.password_hash.startswith("$argon2id$")
    assert a.password_hash != b.password_hash
    assert PASSWORD not in a.password_hash


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short", False),
        ("fourteen chars", False),  # 14 characters
        ("fifteen chars!!", True),
        ("x" * 64 + "Q", True),
        ("a long passphrase " * 7, True),  # 126 characters
        ("Password1!", False),
        ("passwordpassword", False),
        ("ptplanptplanptplan"[:12] + "ptplan", False),
        ("aaaaaaaaaaaaaaaaaaaa", False),
    ],
)
def test_password_policy_is_length_and_blocklist_only(app, password, ok):
    problems = password_problems(password)
    assert (problems == []) is ok, problems
    assert not any("digit" in p or "uppercase" in p for p in problems)


def test_long_password_verifies_exactly(client, make_user):
    long_password = "correct horse battery staple " * 4 + "end"
    user = make_user(password=long_password)
    assert post_login(client, user.email, long_password[:-1] + "X").status_code == 401
    assert post_login(client, user.email, long_password).status_code == 302


def test_login_creates_server_session_and_fresh_cookie(client, therapist):
    client.get("/login")
    before = client.get_cookie("ptplan_session")
    response = post_login(client, therapist.email, PASSWORD)
    assert response.status_code == 302
    after = client.get_cookie("ptplan_session")
    assert after is not None and (before is None or after.value != before.value)
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == therapist.id)) is not None
    assert "login" in actions(therapist.id)
    set_cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_pre_login_cookie_is_not_accepted_after_login(client, app, therapist):
    """SESS-02: the anonymous cookie replayed after log-in does not carry the session."""
    client.get("/login")
    anonymous = client.get_cookie("ptplan_session")
    post_login(client, therapist.email, PASSWORD)
    other = app.test_client()
    if anonymous is not None:
        other.set_cookie("ptplan_session", anonymous.value)
    assert other.get("/patients/").status_code == 302


def test_same_message_for_unknown_user_and_wrong_password(client, therapist):
    unknown = post_login(client, "nobody@example.test", PASSWORD)
    wrong = post_login(client, therapist.email, "wrong password for sure")
    assert unknown.status_code == wrong.status_code == 401
    assert LOGIN_FAILED_MESSAGE in unknown.get_data(as_text=True)
    assert LOGIN_FAILED_MESSAGE in wrong.get_data(as_text=True)


def test_lockout_after_five_failures_then_release(client, therapist):
    for _ in range(5):
        assert post_login(client, therapist.email, "wrong password again").status_code == 401
    refused = post_login(client, therapist.email, PASSWORD)
    assert refused.status_code == 401, "the 6th attempt is refused even with the right password"
    assert "lockout" in actions(therapist.id)
    user = db.session.get(User, therapist.id)
    assert user.locked_until is not None
    user.locked_until = utcnow() - timedelta(seconds=1)  # the 15-minute window has passed
    db.session.commit()
    assert post_login(client, therapist.email, PASSWORD).status_code == 302
    assert db.session.get(User, therapist.id).failed_login_count == 0


def test_per_ip_throttle(client, app, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_IP_HOUR"] = 3
    try:
        users = [make_user() for _ in range(4)]
        for user in users[:3]:
            post_login(client, user.email, "not the password at all")
        assert post_login(client, users[3].email, PASSWORD).status_code == 401
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_IP_HOUR"] = 100


def _age_session(user, *, idle=None, age=None):
    session = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    if idle is not None:
        session.last_seen_at = utcnow() - idle
    if age is not None:
        session.created_at = utcnow() - age
    db.session.commit()


def test_idle_timeout_is_enforced_on_the_server(client, login, therapist):
    login(therapist)
    _age_session(therapist, idle=timedelta(minutes=14, seconds=50))
    assert client.get("/patients/").status_code == 200
    _age_session(therapist, idle=timedelta(minutes=15, seconds=10))
    response = client.get("/patients/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "timeout" in actions(therapist.id)


def test_absolute_lifetime(client, login, therapist):
    login(therapist)
    _age_session(therapist, age=timedelta(hours=12, minutes=1))
    assert client.get("/patients/").status_code == 302


def test_logout_ends_the_session_for_a_replayed_cookie(client, app, login, therapist):
    login(therapist)
    saved = client.get_cookie("ptplan_session").value
    token = csrf_token(client, "/patients/")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert "cookies" in response.headers["Clear-Site-Data"]
    replay = app.test_client()
    replay.set_cookie("ptplan_session", saved)
    assert replay.get("/patients/").status_code == 302


def test_disabling_a_user_ends_their_sessions(client, app, login, make_user, therapist):
    login(therapist)
    admin = make_user("admin", clinic=therapist.clinic)
    admin_client = app.test_client()
    admin_client.get("/login")
    post_login(admin_client, admin.email, PASSWORD)
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(f"/admin/users/{therapist.id}/active/0", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/patients/").status_code == 302
    assert "user_disable" in actions(admin.id)
    assert post_login(app.test_client(), therapist.email, PASSWORD).status_code == 401


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/patients/", "/patients/"),
        ("//evil.example", "/"),
        ("https://evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_is_open_redirect_safe(client, therapist, target, expected):
    response = post_login(client, therapist.email, PASSWORD, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_password_change_requires_current_password(client, login, therapist):
    login(therapist)
    token = csrf_token(client, "/account/password")
    bad = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "nope nope nope nope",
            "new_password": "a brand new passphrase here",
        },
    )
    assert bad.status_code == 200 and "current password is not correct" in bad.get_data(as_text=True)
    good = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase here",
        },
    )
    assert good.status_code == 302
    assert "password_change" in actions(therapist.id)


def test_no_default_accounts_after_seed(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    emails = set(db.session.scalars(select(User.email)))
    assert not emails & {"admin", "root", "admin@localhost"}
    assert all("@" in email for email in emails)


def test_last_seen_is_written_at_most_once_per_interval(client, app, login, therapist):
    """The interval is a setting: the suite pins it, so no measured request depends on the clock."""
    login(therapist)
    app.config["SESSION_LAST_SEEN_WRITE_EVERY"] = timedelta(seconds=60)
    try:
        _age_session(therapist, idle=timedelta(seconds=30))
        before = db.session.scalar(
            select(UserSession.last_seen_at).where(UserSession.user_id == therapist.id)
        )
        assert client.get("/patients/").status_code == 200
        db.session.expire_all()
        assert (
            db.session.scalar(select(UserSession.last_seen_at).where(UserSession.user_id == therapist.id))
            == before
        )
        _age_session(therapist, idle=timedelta(seconds=61))
        assert client.get("/patients/").status_code == 200
        db.session.expire_all()
        seen = db.session.scalar(select(UserSession.last_seen_at).where(UserSession.user_id == therapist.id))
        assert utcnow() - seen < timedelta(seconds=30)
    finally:
        app.config["SESSION_LAST_SEEN_WRITE_EVERY"] = TestingConfig.SESSION_LAST_SEEN_WRITE_EVERY


def test_tabs_opened_together_after_log_in_share_one_form_token(app, therapist):
    """Several tabs load forms at once: each form's token must be valid with the cookie that wins."""
    first = app.test_client()
    token = csrf_token(first)
    first.post("/login", data={"csrf_token": token, "email": therapist.email, "password": PASSWORD})
    cookie = first.get_cookie("ptplan_session").value
    tabs = [app.test_client() for _ in range(2)]
    tokens = []
    for tab in tabs:
        tab.set_cookie("ptplan_session", cookie)
        tokens.append(csrf_token(tab, "/patients/new"))
    # The second tab's response set the cookie the browser keeps; the first tab's form posts with it.
    response = tabs[1].post("/patients/new", data={"csrf_token": tokens[0], "mrn": ""})
    assert response.status_code == 422  # the form is checked (and refused for the empty MRN), not a 400
