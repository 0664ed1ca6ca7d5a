"""Password-reset links. Only the SHA-256 of each link's secret is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import utcnow
from ptplan.extensions import db


class PasswordResetLink(db.Model):
    """A one-time link issued by an admin or manager (SECURITY.md AUTH-08): single use, short-lived."""

    __tablename__ = "password_reset_link"
    __table_args__ = (
        CheckConstraint("expires_at > created_at", name="expires_after_issue"),
        Index("ix_password_reset_link_user", "user_id", "used_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
