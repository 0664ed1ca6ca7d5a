"""Log-in, lockout and server-side sessions (SECURITY.md AUTH-04/05, SESS-01..05)."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, func, select, update

from ptplan.audit import services as audit
from ptplan.auth.models import LoginAttempt, User, UserSession
from ptplan.auth.passwords import burn_equal_time, hash_password, password_problems, verify_password
from ptplan.db import utcnow
from ptplan.exceptions import DomainError
from ptplan.extensions import db

LOGIN_FAILED_MESSAGE = "That email and password do not match an active account, or the account is locked. Try again in 15 minutes or ask your administrator."
SESSION_KEY = "sid"


class LoginRefused(DomainError):
    pass


class WrongPassword(DomainError):
    pass


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(email: str, password: str) -> User:
    """Check a log-in. Every refusal carries the same message, whatever the reason (AUTH-05)."""
    config = current_app.config
    now = utcnow()
    ip = audit.client_ip()
    recent_ip_failures = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.source_ip == ip,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at > now - timedelta(hours=1),
        )
    )
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if recent_ip_failures >= config["LOGIN_MAX_FAILURES_PER_IP_HOUR"]:
        burn_equal_time(password)
        _refuse(user, "too many failures from this address")
    if user is None:
        burn_equal_time(password)
        _refuse(None, "unknown account")
    if user.locked_until is not None and user.locked_until > now:
        burn_equal_time(password)
        _refuse(user, "account locked")
    if not verify_password(user.password_hash, password) or not user.is_active_user:
        count_failure(user, now=now, detail="")
        _refuse(user, "wrong password" if user.is_active_user else "disabled account")
    user.failed_login_count = 0
    user.locked_until = None
    db.session.add(LoginAttempt(source_ip=ip, succeeded=True))
    return user


def count_failure(user: User, *, now: datetime, detail: str) -> None:
    """A failed secret counts toward the same lockout as a wrong password (AUTH-04)."""
    config = current_app.config
    user.failed_login_count = (user.failed_login_count or 0) + 1
    if user.failed_login_count >= config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + config["LOGIN_LOCKOUT"]
        user.failed_login_count = 0
        audit.record("lockout", "authentication", user=user, outcome="denied", detail=detail)


def _refuse(user: User | None, reason: str) -> None:
    db.session.add(LoginAttempt(source_ip=audit.client_ip(), succeeded=False))
    audit.record("login_failed", "authentication", user=user, outcome="denied", detail=reason)
    # The failure must survive the rollback that the raised error triggers.
    db.session.commit()
    raise LoginRefused(LOGIN_FAILED_MESSAGE)


def start_session(user: User) -> None:
    """A fresh server-side session and a fresh cookie on every log-in (SESS-02)."""
    token = secrets.token_urlsafe(32)
    agent = request.user_agent.string if has_request_context() else ""
    db.session.add(
        UserSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            source_ip=audit.client_ip(),
            user_agent="".join(ch for ch in agent if ch.isprintable())[:200],
        )
    )
    session.clear()
    session[SESSION_KEY] = token
    session.permanent = True
    # The form token is made now, not by the first form page: otherwise several tabs opened
    # at once after log-in each make their own, the last cookie wins and the other tabs'
    # forms answer 400 (the session cookie itself carries the token). The log-in form already
    # made one for this request, cached on g, for the session just cleared: make a new one.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()
    audit.record("login", "authentication", user=user)


@functools.cache
def _session_statement():
    """Every signed-in request runs it: built once per process (bind parameter ``token_hash``);
    the user and the clinic come joined."""
    return select(UserSession).where(UserSession.token_hash == bindparam("token_hash"))


def load_session_user() -> User | None:
    """The request's user, or None when the session is missing, ended or expired (SESS-04)."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    user_session = db.session.scalar(_session_statement(), {"token_hash": _token_hash(token)})
    if user_session is None or user_session.ended_at is not None:
        session.clear()
        return None
    config = current_app.config
    now = utcnow()
    user = user_session.user
    expired = None
    if not user.is_active_user:
        expired = "disabled"
    elif now - user_session.created_at > config["SESSION_ABSOLUTE_LIFETIME"]:
        expired = "absolute"
    elif now - user_session.last_seen_at > config["SESSION_IDLE_TIMEOUT"]:
        expired = "idle"
    if expired:
        user_session.ended_at = now
        user_session.end_reason = expired
        audit.record("timeout", "authentication", user=user, detail=f"{expired} timeout")
        db.session.commit()
        session.clear()
        return None
    if now - user_session.last_seen_at >= config["SESSION_LAST_SEEN_WRITE_EVERY"]:
        user_session.last_seen_at = now
    return user


def current_session_id() -> int | None:
    """The id of the request's server-side session (to mark "this device" in session lists)."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    return db.session.scalar(select(UserSession.id).where(UserSession.token_hash == _token_hash(token)))


def end_current_session(user: User) -> None:
    token = session.get(SESSION_KEY)
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _token_hash(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), end_reason="logout")
        )
    audit.record("logout", "authentication", user=user)
    session.clear()


def end_all_sessions(user: User, reason: str) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def create_user(
    *,
    clinic_id: int,
    email: str,
    full_name: str,
    role: str,
    password: str,
    credentials: str = "",
    licence_number: str = "",
    actor: User | None = None,
) -> User:
    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DomainError("A user with this email already exists.")
    problems = password_problems(password, email=email, name=full_name)
    if problems:
        raise DomainError(" ".join(problems))
    user = User(
        clinic_id=clinic_id,
        email=email,
        full_name=full_name.strip(),
        role=role,
        credentials=credentials.strip(),
        licence_number=licence_number.strip(),
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_create",
        "user_admin",
        user=actor,
        clinic_id=clinic_id,
        entity_type="user",
        entity_id=user.id,
        detail=f"role={role}",
    )
    return user


def change_role(user: User, role: str, *, actor: User) -> None:
    if user.role == role:
        return
    old = user.role
    user.role = role
    end_all_sessions(user, "role_change")  # SESS-02: new session on privilege change
    audit.record(
        "role_change",
        "user_admin",
        user=actor,
        entity_type="user",
        entity_id=user.id,
        detail=f"{old}->{role}",
    )


def set_active(user: User, active: bool, *, actor: User) -> None:
    if user.id == actor.id and not active:
        raise DomainError("You cannot disable your own account.")
    user.is_active_user = active
    if not active:
        end_all_sessions(user, "disabled")
    audit.record(
        "user_enable" if active else "user_disable",
        "user_admin",
        user=actor,
        entity_type="user",
        entity_id=user.id,
    )


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise WrongPassword("Your current password is not correct.")
    problems = password_problems(new, email=user.email, name=user.full_name)
    if problems:
        raise DomainError(" ".join(problems))
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    audit.record("password_change", "authentication", user=user)
