"""A clinic's review of one translated text, and who may review which language.

Shipped translations start "not yet reviewed": no row exists. A row records the clinic's
correction of the shipped text (``override_text``) and the translation its reviewer
approved (``reviewed_text``). A text counts as reviewed only while the approved text is still
the one that prints, so a new shipped translation or a later correction needs review again.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db


def message_key(message: str) -> str:
    """SHA-256 of the English text: a fixed-size, indexable key for any length of message."""
    return hashlib.sha256(message.encode("utf-8")).hexdigest()


class TranslationReview(ClinicScoped, db.Model):
    __tablename__ = "translation_review"
    __table_args__ = (
        UniqueConstraint("clinic_id", "language", "message_key", name="uq_translation_review_text"),
        CheckConstraint(
            "(reviewed_text IS NULL AND reviewed_by_id IS NULL AND reviewed_at IS NULL)"
            " OR (reviewed_text IS NOT NULL AND reviewed_by_id IS NOT NULL AND reviewed_at IS NOT NULL)",
            name="review_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    message_key: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)  # the English text, for people reading the table
    override_text: Mapped[str | None] = mapped_column(Text)
    reviewed_text: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None]
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="joined")


class TranslationReviewer(db.Model):
    """A user marked (by an administrator) as a reviewer for one language."""

    __tablename__ = "translation_reviewer"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
