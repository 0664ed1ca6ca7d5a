"""Password-reset links, recovery codes, second-factor reset and visible sessions (SECURITY.md AUTH-06/07/08)."""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import timedelta

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User, UserSession
from ptplan.auth.recovery_codes import RecoveryCode
from ptplan.extensions import db
from ptplan.recovery.models import PasswordResetLink
from ptplan.recovery.services import RESET_FAILED_MESSAGE
from tests.conftest import PASSWORD, csrf_token

NEW_PASSWORD = "lantern orchard pebble violin"
T0 = "2026-03-09 14:00:00"


def actions(**where):
    query = select(AuditEvent.action, AuditEvent.outcome).order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(db.session.execute(query).all())


def token_of(page: str, path: str = "/password/reset/") -> str:
    match = re.search(re.escape(path) + r"([A-Za-z0-9_\-]+)", page)
    assert match, "no reset link on the page"
    return match.group(1)


def issue_link(client, login, actor, target) -> str:
    login(actor)
    page = client.post(
        f"/access/users/{target.id}/password-reset", data={"csrf_token": csrf_token(client, "/access/users")}
    )
    assert page.status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/access/users")})
    return token_of(page.get_data(as_text=True))


def use_link(client, token, password=NEW_PASSWORD, confirm=None):
    form_token = csrf_token(client, f"/password/reset/{token}")
    return client.post(
        f"/password/reset/{token}",
        data={"csrf_token": form_token, "new_password": password, "confirm_password": confirm or password},
    )


@pytest.fixture()
def staff(make_user, make_clinic):
    clinic = make_clinic()
    return {
        "admin": make_user("admin", clinic=clinic),
        "manager": make_user("manager", clinic=clinic),
        "therapist": make_user("therapist", clinic=clinic),
        "other_admin": make_user("admin", clinic=clinic),
        "outsider": make_user("admin"),
    }


# ---------------------------------------------------------------- reset links


def test_admin_issues_a_link_shown_once_that_sets_the_password_and_ends_sessions(client, app, login, staff):
    therapist = staff["therapist"]
    with nullcontext(app.test_client()) as other_device:
        other_device.get("/login")
        other_device.post(
            "/login",
            data={"email": therapist.email, "password": PASSWORD, "csrf_token": csrf_token(other_device)},
        )
        assert other_device.get("/account/sessions").status_code == 200
        token = issue_link(client, login, staff["admin"], therapist)
        assert db.session.scalar(select(PasswordResetLink.token_hash)) != token, "only the hash is stored"
        done = use_link(client, token)
        assert done.status_code == 302 and done.headers["Location"].endswith("/login")
        assert other_device.get("/account/sessions").status_code == 302, "the old session ended"
    assert (
        db.session.scalar(
            select(func.count(UserSession.id)).where(
                UserSession.user_id == therapist.id, UserSession.ended_at.is_(None)
            )
        )
        == 0
    )
    assert login(therapist, NEW_PASSWORD).status_code == 302
    logged = [a for a, _ in actions(entity_type="user", entity_id=therapist.id)]
    assert "reset_link_issued" in logged and "reset_link_used" in logged


def test_a_link_works_once(client, login, staff):
    token = issue_link(client, login, staff["admin"], staff["therapist"])
    assert use_link(client, token).status_code == 302
    again = use_link(client, token, password="another fine long passphrase here")
    assert again.status_code == 400 and RESET_FAILED_MESSAGE in again.get_data(as_text=True)
    assert login(staff["therapist"], NEW_PASSWORD).status_code == 302, "the second use changed nothing"
    assert ("reset_link_failed", "denied") in actions(user_id=staff["therapist"].id)


def test_a_link_expires_after_60_minutes(client, login, staff):
    with freeze_time(T0) as frozen:
        token = issue_link(client, login, staff["admin"], staff["therapist"])
        frozen.tick(timedelta(minutes=59, seconds=59))
        form_token = csrf_token(client, f"/password/reset/{token}")
        frozen.tick(timedelta(seconds=2))
        expired = client.post(
            f"/password/reset/{token}",
            data={"csrf_token": form_token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        )
    assert expired.status_code == 400 and RESET_FAILED_MESSAGE in expired.get_data(as_text=True)
    assert db.session.get(User, staff["therapist"].id).failed_login_count == 1


def test_tampered_reused_and_expired_links_share_one_message_and_count_toward_lockout(client, login, staff):
    therapist = staff["therapist"]
    token = issue_link(client, login, staff["admin"], therapist)
    tampered = use_link(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert tampered.status_code == 400 and RESET_FAILED_MESSAGE in tampered.get_data(as_text=True)
    use_link(client, token)
    bodies = set()
    for _ in range(5):  # reuse the spent link: each try counts toward the account's lockout
        response = use_link(client, token, password="yet another long pass phrase")
        bodies.add(re.search(r'id="reset-error">([^<]+)<', response.get_data(as_text=True)).group(1))
    assert bodies == {RESET_FAILED_MESSAGE}
    locked = db.session.get(User, therapist.id)
    assert locked.locked_until is not None, "five failed uses lock the account like five wrong passwords"
    assert login(therapist, NEW_PASSWORD).status_code == 401


def test_a_weak_new_password_is_refused_beside_the_field_and_spends_nothing(client, login, staff):
    token = issue_link(client, login, staff["admin"], staff["therapist"])
    weak = use_link(client, token, password="short")
    assert weak.status_code == 422 and "at least 15 characters" in weak.get_data(as_text=True)
    mismatch = use_link(client, token, password=NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert mismatch.status_code == 422 and "not the same" in mismatch.get_data(as_text=True)
    assert use_link(client, token).status_code == 302, "the link still works after bad input"


def test_a_newer_link_replaces_the_older_one(client, login, staff):
    first = issue_link(client, login, staff["admin"], staff["therapist"])
    second = issue_link(client, login, staff["admin"], staff["therapist"])
    assert use_link(client, first).status_code == 400
    assert use_link(client, second).status_code == 302


def test_get_of_a_reset_page_changes_nothing(client, login, staff):
    token = issue_link(client, login, staff["admin"], staff["therapist"])
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    assert client.get(f"/password/reset/{token}").status_code == 200
    assert client.get("/password/reset/not-a-real-token").status_code == 200
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before
    assert db.session.scalar(select(PasswordResetLink.used_at)) is None


def test_manager_resets_staff_but_not_admins_nor_other_clinics(client, login, staff):
    token = issue_link(client, login, staff["manager"], staff["therapist"])
    assert token
    login(staff["manager"])
    form = csrf_token(client, "/access/users")
    assert (
        client.post(
            f"/access/users/{staff['admin'].id}/password-reset", data={"csrf_token": form}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/access/users/{staff['outsider'].id}/password-reset", data={"csrf_token": form}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/access/users/{staff['therapist'].id}/second-factor/reset", data={"csrf_token": form}
        ).status_code
        == 403
    )


def test_therapists_cannot_issue_links(client, login, staff):
    login(staff["therapist"])
    assert client.get("/access/users").status_code == 403
    form = csrf_token(client, "/account/sessions")
    assert (
        client.post(
            f"/access/users/{staff['manager'].id}/password-reset", data={"csrf_token": form}
        ).status_code
        == 403
    )
    assert db.session.scalar(select(func.count(PasswordResetLink.id))) == 0


def test_forgot_password_answers_the_same_for_every_address(client, staff):
    def ask(email):
        token = csrf_token(client, "/password/forgot")
        return client.post("/password/forgot", data={"csrf_token": token, "email": email})

    known, unknown = ask(staff["therapist"].email), ask("nobody@example.test")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert ("reset_requested", "success") in actions(user_id=staff["therapist"].id)


def test_admins_see_who_asked_for_a_reset(client, login, staff):
    token = csrf_token(client, "/password/forgot")
    client.post("/password/forgot", data={"csrf_token": token, "email": staff["therapist"].email})
    login(staff["admin"])
    page = client.get("/access/users").get_data(as_text=True)
    assert "Asked for a reset" in page and staff["therapist"].email in page


def test_reset_link_is_emailed_when_mail_is_configured(client, app, login, staff, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self, context):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"], message.get_content()))

    monkeypatch.setattr("ptplan.mail.smtplib.SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.test")
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "ptplan")
    login(staff["admin"])
    response = client.post(
        f"/access/users/{staff['therapist'].id}/password-reset",
        data={"csrf_token": csrf_token(client, "/access/users")},
    )
    assert response.status_code == 302, "nothing is shown to the admin when the link is e-mailed"
    assert ("connect", "smtp.example.test", 587) in sent and ("starttls",) in sent
    to, body = next((s[1], s[2]) for s in sent if s[0] == "send")
    assert to == staff["therapist"].email
    assert use_link(client, token_of(body)).status_code == 302


# ---------------------------------------------------------------- recovery codes and second-factor reset


@pytest.fixture()
def mfa_required(app, monkeypatch):
    monkeypatch.setitem(app.config, "MFA_REQUIRED_ROLES", ("manager", "admin"))


def password_step(client, user, password=PASSWORD):
    return client.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": csrf_token(client)}
    )


def submit_code(client, code):
    token = csrf_token(client, "/login/second-factor")
    return client.post("/login/second-factor", data={"csrf_token": token, "code": code})


def enrol(client, user) -> list[str]:
    password_step(client, user)
    client.get("/login/second-factor")
    secret = db.session.get(User, user.id).totp_secret
    page = submit_code(client, pyotp.TOTP(secret).now())
    assert page.status_code == 200
    codes = re.findall(r'<span class="user-select-all">([a-z0-9-]{19})</span>', page.get_data(as_text=True))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
    return codes


def test_enrolment_shows_ten_codes_stored_hashed(client, make_user, mfa_required):
    manager = make_user("manager")
    codes = enrol(client, manager)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == manager.id)))
    assert len(stored) == 10 and not stored & set(codes)


def test_a_recovery_code_signs_in_once(client, make_user, mfa_required):
    manager = make_user("manager")
    codes = enrol(client, manager)
    password_step(client, manager)
    assert submit_code(client, codes[0].upper().replace("-", " ")).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
    password_step(client, manager)
    assert submit_code(client, codes[0]).status_code == 401, "a code works once"
    assert ("recovery_code_used", "success") in actions(user_id=manager.id)


def test_wrong_recovery_codes_count_toward_lockout(client, make_user, mfa_required):
    manager = make_user("manager")
    codes = enrol(client, manager)
    password_step(client, manager)
    form = csrf_token(client, "/login/second-factor")
    for _ in range(5):
        wrong = client.post("/login/second-factor", data={"csrf_token": form, "code": "aaaa-bbbb-cccc-dddd"})
        assert wrong.status_code == 401
    assert db.session.get(User, manager.id).locked_until is not None
    locked = client.post("/login/second-factor", data={"csrf_token": form, "code": codes[1]})
    assert locked.status_code == 302 and locked.headers["Location"].endswith("/login"), (
        "locked: even a good code"
    )


def test_regenerating_codes_needs_the_password_and_voids_the_old_ones(client, make_user, mfa_required):
    manager = make_user("manager")
    old = enrol(client, manager)
    password_step(client, manager)
    submit_code(client, old[0])
    token = csrf_token(client, "/account/recovery-codes")
    wrong = client.post(
        "/account/recovery-codes", data={"csrf_token": token, "current_password": "nope nope"}
    )
    assert wrong.status_code == 422 and "not correct" in wrong.get_data(as_text=True)
    page = client.post("/account/recovery-codes", data={"csrf_token": token, "current_password": PASSWORD})
    new = re.findall(r'<span class="user-select-all">([a-z0-9-]{19})</span>', page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
    password_step(client, manager)
    assert submit_code(client, old[1]).status_code == 401
    assert submit_code(client, new[0]).status_code == 302


def test_admin_resets_a_second_factor_and_the_user_enrols_again(client, login, make_user, make_clinic):
    clinic = make_clinic()
    admin = make_user("admin", clinic=clinic)
    therapist = make_user("therapist", clinic=clinic)
    codes = enrol_therapist(client, therapist)
    login(admin)
    response = client.post(
        f"/access/users/{therapist.id}/second-factor/reset",
        data={"csrf_token": csrf_token(client, "/access/users")},
    )
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
    reset = db.session.get(User, therapist.id)
    assert not reset.mfa_enabled and reset.mfa_must_enrol and reset.totp_secret is None
    assert ("mfa_reset", "success") in actions(entity_id=therapist.id, entity_type="user")
    first = password_step(client, therapist)
    assert first.headers["Location"].endswith("/login/second-factor"), "no way past without enrolling"
    assert "Set up your authenticator app" in client.get("/login/second-factor").get_data(as_text=True)
    assert submit_code(client, codes[0]).status_code == 401, "old recovery codes are void"


def enrol_therapist(client, therapist) -> list[str]:
    """A therapist turns two-step sign-in on from the account page."""
    password_step(client, therapist)
    client.post("/account/second-factor", data={"csrf_token": csrf_token(client, "/account/second-factor")})
    client.get("/login/second-factor")
    secret = db.session.get(User, therapist.id).totp_secret
    page = submit_code(client, pyotp.TOTP(secret).now())
    codes = re.findall(r'<span class="user-select-all">([a-z0-9-]{19})</span>', page.get_data(as_text=True))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
    assert len(codes) == 10
    return codes


# ---------------------------------------------------------------- sessions


def test_account_page_lists_sessions_with_device_and_ends_one(client, app, login, therapist):
    chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
    with freeze_time(T0), nullcontext(app.test_client()) as tablet:
        tablet.get("/login", headers={"User-Agent": chrome})
        tablet.post(
            "/login",
            data={"email": therapist.email, "password": PASSWORD, "csrf_token": csrf_token(tablet)},
            headers={"User-Agent": chrome},
        )
        login(therapist)
        page = client.get("/account/sessions").get_data(as_text=True)
        assert "Chrome on Windows" in page and "This device" in page
        assert "2026-03-09 10:00" in page, "shown in the clinic's time zone (New York, UTC-4 in March)"
        other = db.session.scalar(
            select(UserSession).where(UserSession.user_agent == chrome, UserSession.ended_at.is_(None))
        )
        form = csrf_token(client, "/account/sessions")
        assert client.post(f"/account/sessions/{other.id}/end", data={"csrf_token": form}).status_code == 302
        assert tablet.get("/account/sessions").status_code == 302, "the ended session is logged out"
        assert client.get("/account/sessions").status_code == 200, "this session stays"
    assert ("session_end", "success") in actions(user_id=therapist.id)


def test_a_user_cannot_end_someone_elses_session(client, login, staff):
    with nullcontext(client.application.test_client()) as admin_client:
        admin_client.post(
            "/login",
            data={
                "email": staff["admin"].email,
                "password": PASSWORD,
                "csrf_token": csrf_token(admin_client),
            },
        )
    admin_session = db.session.scalar(select(UserSession.id).where(UserSession.user_id == staff["admin"].id))
    login(staff["therapist"])
    form = csrf_token(client, "/account/sessions")
    client.post(f"/account/sessions/{admin_session}/end", data={"csrf_token": form})
    assert db.session.get(UserSession, admin_session).ended_at is None


def test_admin_sees_and_ends_a_users_sessions_but_managers_do_not_see_them(client, login, staff):
    with nullcontext(client.application.test_client()) as device:
        device.post(
            "/login",
            data={"email": staff["therapist"].email, "password": PASSWORD, "csrf_token": csrf_token(device)},
        )
        login(staff["manager"])
        assert "Active sessions" not in client.get(f"/access/users/{staff['therapist'].id}").get_data(
            as_text=True
        )
        client.post("/logout", data={"csrf_token": csrf_token(client, "/account/sessions")})
        login(staff["admin"])
        page = client.get(f"/access/users/{staff['therapist'].id}").get_data(as_text=True)
        assert "Active sessions" in page and "End session" in page
        form = csrf_token(client, "/access/users")
        ended = client.post(
            f"/access/users/{staff['therapist'].id}/sessions/end-all", data={"csrf_token": form}
        )
        assert ended.status_code == 302
        assert device.get("/account/sessions").status_code == 302
        outsider_session = client.post(
            f"/access/users/{staff['outsider'].id}/sessions/end-all", data={"csrf_token": form}
        )
        assert outsider_session.status_code == 404
