"""Bearer tokens for the read-only FHIR API: stored hashed, expiring, revocable.

A token acts as the user who made it, with exactly that user's clinic and role: it is refused
once the user's role or clinic changes, the account is disabled, it expires or it is revoked
(SECURITY.md AC-01/AC-03). The token itself is shown once and never stored; only its SHA-256
is kept (the token carries 256 random bits, so a fast hash is enough, as for session ids).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.db import utcnow
from ptplan.exceptions import DomainError
from ptplan.extensions import db

TOKEN_PREFIX = "ptp_"  # noqa: S105 (a marker that makes leaked tokens easy to scan for, not a secret)
TOKEN_PATTERN = re.compile(r"^ptp_[A-Za-z0-9_-]{43}$")
DEFAULT_DAYS = 90
MAX_DAYS = 365
LAST_USED_WRITE_EVERY = timedelta(minutes=5)


class ApiToken(db.Model):
    __tablename__ = "api_token"
    __table_args__ = (
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
        CheckConstraint("length(label) > 0", name="label_not_empty"),
        Index("ix_api_token_user", "user_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # The clinic and role the token was made for; a change to either ends the token.
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"))
    role: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))  # the first characters, so a person can tell tokens apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        return "Expired" if self.expires_at <= utcnow() else "Active"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, *, days: int = DEFAULT_DAYS, label: str = "API token") -> tuple[ApiToken, str]:
    """A new token for ``user``; the plain token is returned once and never stored."""
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"A token lasts from 1 to {MAX_DAYS} days.")
    if not user.is_active_user:
        raise DomainError("This account is disabled.")
    label = (label or "").strip()[:80] or "API token"
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        clinic_id=user.clinic_id,
        role=user.role,
        label=label,
        token_hash=_hash(plain),
        hint=plain[:10],
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "create",
        "api_token",
        user=user,
        entity_type="api_token",
        entity_id=token.id,
        detail=f"expires in {days} days",
    )
    return token, plain


def user_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )


def revoke(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            "update", "api_token", user=actor, entity_type="api_token", entity_id=token.id, detail="revoked"
        )


def bearer_token(header: str | None) -> str | None:
    """The token from ``Authorization: Bearer ...``, or None when absent or malformed."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not TOKEN_PATTERN.match(value):
        return None
    return value


def load_token_user(header: str | None) -> User | None:
    """The user a valid token acts for, or None: never a partial acceptance."""
    plain = bearer_token(header)
    if plain is None:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(plain)))
    now = utcnow()
    if token is None or not token.is_usable(now):
        return None
    user = token.user
    if not user.is_active_user or user.role != token.role or user.clinic_id != token.clinic_id:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_WRITE_EVERY:
        token.last_used_at = now
    return user
