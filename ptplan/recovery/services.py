"""Password-reset links, recovery codes, second-factor resets and session lists.

Sources: SECURITY.md AUTH-08 (no hints or questions; reset links single-use, at most 60
minutes), AUTH-06 (recovery codes stand in for the authenticator and count toward the lockout
of AUTH-04), AUTH-07 and SESS-05 (a reset ends every session of the user). Secrets are random
(``secrets``) and only their SHA-256 is stored: 256-bit links and 80-bit codes are far beyond
guessing, so a slow hash adds nothing but latency.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from ptplan.audit import services as audit
from ptplan.audit.models import AuditEvent
from ptplan.auth.models import LoginAttempt, User, UserSession
from ptplan.auth.passwords import hash_password, password_problems
from ptplan.auth.recovery_codes import void_recovery_codes
from ptplan.auth.services import count_failure, end_all_sessions
from ptplan.db import utcnow
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.recovery.models import PasswordResetLink

RESET_LINK_LIFETIME = timedelta(minutes=60)  # AUTH-08: "token TTL <= 60 min (pc)"
RESET_REQUESTS_PER_IP_HOUR = 20  # forgot-password notes per address and hour (project choice)
# One message for every refused link, whatever the reason (no oracle for an attacker).
RESET_FAILED_MESSAGE = (
    "This reset link cannot be used. Links work once and for 60 minutes. "
    "Ask your administrator or clinic manager for a new one."
)


class ResetRefused(DomainError):
    """A reset link was reused, expired, revoked, tampered with, or the account is locked."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


# ---------------------------------------------------------------- password reset (AUTH-08)


def can_issue_for(actor: User, target: User) -> bool:
    """An admin resets anyone in the clinic; a manager resets therapists and managers, never an admin."""
    if actor.clinic_id != target.clinic_id or actor.id == target.id:
        return False
    if actor.can("users.manage"):
        return True
    return actor.can("users.recover") and target.role != "admin"


def issue_reset_link(target: User, *, actor: User) -> tuple[PasswordResetLink, str]:
    """A new one-time link for ``target``; earlier unused links stop working. Returns the token."""
    if not can_issue_for(actor, target):
        raise DomainError("You cannot issue a password reset for this user.")
    if not target.is_active_user:
        raise DomainError("This account is disabled. Enable it before issuing a password reset.")
    now = utcnow()
    db.session.execute(
        update(PasswordResetLink)
        .where(
            PasswordResetLink.user_id == target.id,
            PasswordResetLink.used_at.is_(None),
            PasswordResetLink.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    link = PasswordResetLink(
        user_id=target.id,
        issued_by_id=actor.id,
        token_hash=_digest(token),
        created_at=now,
        expires_at=now + RESET_LINK_LIFETIME,
    )
    db.session.add(link)
    db.session.flush()
    audit.record(
        "reset_link_issued",
        "user_admin",
        user=actor,
        entity_type="user",
        entity_id=target.id,
        detail="expires in 60 minutes",
    )
    return link, token


def _usable_link(token: str, now: datetime) -> PasswordResetLink:
    """The link for a token, or ResetRefused (audited and counted) with one generic message."""
    link = db.session.scalar(
        select(PasswordResetLink).where(PasswordResetLink.token_hash == _digest(token or ""))
    )
    if link is None:
        _refuse(None, "unknown or altered link")
    user = link.user
    reason = None
    if link.used_at is not None:
        reason = "link already used"
    elif link.revoked_at is not None:
        reason = "link replaced by a newer one"
    elif link.expires_at <= now:
        reason = "link expired"
    elif not user.is_active_user:
        reason = "disabled account"
    elif _is_locked(user, now):
        reason = "account locked"
    if reason is not None:
        if reason != "account locked":
            count_failure(user, now=now, detail="reset link")
        _refuse(user, reason)
    return link


def _refuse(user: User | None, reason: str) -> None:
    # The per-IP throttle of AUTH-04 counts refused links too; the failure outlives the rollback.
    db.session.add(LoginAttempt(source_ip=audit.client_ip(), succeeded=False))
    audit.record("reset_link_failed", "authentication", user=user, outcome="denied", detail=reason)
    db.session.commit()
    raise ResetRefused(RESET_FAILED_MESSAGE)


def check_ip_allowed() -> None:
    """Refuse link attempts from an address already over the per-IP failure cap (AUTH-04)."""
    now = utcnow()
    failures = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.source_ip == audit.client_ip(),
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at > now - timedelta(hours=1),
        )
    )
    if failures >= current_app.config["LOGIN_MAX_FAILURES_PER_IP_HOUR"]:
        _refuse(None, "too many failures from this address")


def use_reset_link(token: str, new_password: str) -> User:
    """Set a new password through a link: the link is spent and every session of the user ends.

    A password that fails the policy raises DomainError and spends nothing (bad input changes nothing).
    """
    now = utcnow()
    check_ip_allowed()
    link = _usable_link(token, now)
    user = link.user
    problems = password_problems(new_password, email=user.email, name=user.full_name)
    if problems:
        raise DomainError(" ".join(problems))
    link.used_at = now
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    user.failed_login_count = 0
    end_all_sessions(user, "password_reset")
    audit.record("reset_link_used", "authentication", user=user, entity_type="user", entity_id=user.id)
    return user


def note_reset_request(email: str) -> None:
    """The public "forgot password" form: audited for the clinic when the account exists.

    The caller shows the same page either way, so the form cannot tell who has an account.
    """
    recent = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "reset_requested",
            AuditEvent.source_ip == audit.client_ip(),
            AuditEvent.occurred_at > utcnow() - timedelta(hours=1),
        )
    )
    if recent >= RESET_REQUESTS_PER_IP_HOUR:
        return  # flooding: nothing more is recorded, and the answer stays the same
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is not None and user.is_active_user:
        audit.record("reset_requested", "authentication", user=user, entity_type="user", entity_id=user.id)
    else:
        audit.record("reset_requested", "authentication", outcome="denied", detail="no active account")


def pending_reset_requests(clinic_id: int, *, since: datetime) -> list[tuple[User, datetime]]:
    """Users of the clinic who asked for a reset since ``since`` and have not had one issued after."""
    asked = db.session.execute(
        select(AuditEvent.entity_id, AuditEvent.occurred_at)
        .where(
            AuditEvent.clinic_id == clinic_id,
            AuditEvent.action == "reset_requested",
            AuditEvent.outcome == "success",
            AuditEvent.occurred_at >= since,
        )
        .order_by(AuditEvent.occurred_at)
    ).all()
    latest: dict[int, datetime] = {user_id: at for user_id, at in asked}
    if not latest:
        return []
    issued = dict(
        db.session.execute(
            select(PasswordResetLink.user_id, PasswordResetLink.created_at).where(
                PasswordResetLink.user_id.in_(latest), PasswordResetLink.created_at >= since
            )
        ).all()
    )
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(latest)))}
    return [
        (users[user_id], at)
        for user_id, at in sorted(latest.items(), key=lambda item: item[1])
        if user_id in users and not (user_id in issued and issued[user_id] >= at)
    ]


def reset_second_factor(target: User, *, actor: User) -> None:
    """An admin clears a lost authenticator: codes void, sessions end, enrol again at next sign-in."""
    if actor.clinic_id != target.clinic_id or not actor.can("users.manage"):
        raise DomainError("Only an administrator of this clinic can reset a second factor.")
    if actor.id == target.id:
        raise DomainError("Ask another administrator to reset your own second factor.")
    target.totp_secret = None
    target.mfa_enabled = False
    target.totp_last_step = None
    target.mfa_must_enrol = True
    void_recovery_codes(target)
    end_all_sessions(target, "mfa_reset")
    audit.record("mfa_reset", "user_admin", user=actor, entity_type="user", entity_id=target.id)


# ---------------------------------------------------------------- sessions (SESS-05, AUTH-07)


@dataclass(frozen=True)
class SessionRow:
    id: int
    device: str
    source_ip: str
    created_at: datetime
    last_seen_at: datetime
    is_current: bool


def describe_device(user_agent: str) -> str:
    """A short "Browser on System" from a User-Agent header; the raw string when unrecognised."""
    agent = user_agent or ""
    browsers = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
    systems = (
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    )
    browser = next((name for marker, name in browsers if marker in agent), None)
    system = next((name for marker, name in systems if marker in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (agent[:60] if agent else "Unknown device")


def active_sessions(user: User, *, current_session_id: int | None = None) -> list[SessionRow]:
    """The user's sessions that are still alive (not ended, not idle or past their lifetime)."""
    config = current_app.config
    now = utcnow()
    rows = db.session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.created_at > now - config["SESSION_ABSOLUTE_LIFETIME"],
            UserSession.last_seen_at > now - config["SESSION_IDLE_TIMEOUT"],
        )
        .order_by(UserSession.last_seen_at.desc())
    )
    return [
        SessionRow(
            id=row.id,
            device=describe_device(row.user_agent),
            source_ip=row.source_ip,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            is_current=row.id == current_session_id,
        )
        for row in rows
    ]


def session_of(user: User, session_id: int) -> UserSession | None:
    """One of ``user``'s sessions by id, or None (another user's id is as good as unknown)."""
    row = db.session.get(UserSession, session_id)
    return row if row is not None and row.user_id == user.id else None


def end_session(user: User, session_id: int, *, actor: User) -> bool:
    """End one session of ``user`` (the user's own, or an admin's choice). False when none was open."""
    ended = db.session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason="ended_by_user" if actor.id == user.id else "ended_by_admin")
    ).rowcount
    if ended:
        audit.record(
            "session_end", "authentication", user=actor, entity_type="user_session", entity_id=session_id
        )
    return bool(ended)


def end_other_sessions(user: User, *, keep_session_id: int | None, actor: User) -> int:
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep_session_id is not None:
        query = query.where(UserSession.id != keep_session_id)
    ended = db.session.execute(
        query.values(
            ended_at=utcnow(), end_reason="ended_by_user" if actor.id == user.id else "ended_by_admin"
        )
    ).rowcount
    audit.record(
        "session_end",
        "authentication",
        user=actor,
        entity_type="user",
        entity_id=user.id,
        detail=f"{ended} ended",
    )
    return ended
