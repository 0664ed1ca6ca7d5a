"""Users and their server-side sessions."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.roles import ROLES
from ptplan.clinics.models import Clinic
from ptplan.db import utcnow
from ptplan.extensions import db

_ROLE_LIST = ", ".join(f"'{role}'" for role in ROLES)


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_LIST})", name="role"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("failed_login_count >= 0", name="failed_login_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    credentials: Mapped[str] = mapped_column(String(60), default="")
    licence_number: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(16))
    is_active_user: Mapped[bool] = mapped_column("is_active", default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_login_count: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Second factor (RFC 6238): enabled once a first code confirms the secret.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enabled: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None]
    # Set when an admin resets a lost second factor: enrol again at the next sign-in.
    mfa_must_enrol: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    clinic: Mapped[Clinic] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.is_active_user

    @property
    def display_name(self) -> str:
        """Name with credentials, as signatures show it: "Dana Reyes, PT, DPT"."""
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name

    def can(self, permission: str) -> bool:
        from ptplan.auth.roles import role_has

        return role_has(self.role, permission)

    @property
    def is_therapist(self) -> bool:
        return self.role == "therapist"

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


class UserSession(db.Model):
    """A log-in, held on the server so logout, timeout and disabling end it everywhere."""

    __tablename__ = "user_session"
    __table_args__ = (Index("ix_user_session_user_active", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))
    source_ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")  # shown as device / browser

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(db.Model):
    """Each log-in try, for the per-IP throttle (SECURITY.md AUTH-04). No password is kept."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_ip_time", "source_ip", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_ip: Mapped[str] = mapped_column(String(45))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool]
