"""Addenda: the only way to correct a signed record (SECURITY.md NOTE-02)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db

RECORD_TYPES = ("evaluation", "visit_note", "plan_of_care", "dn_screening", "dn_consent")


class Addendum(ClinicScoped, db.Model):
    """Appended beneath a signed record, with its own author, time, reason and hash."""

    __tablename__ = "addendum"
    __table_args__ = (
        CheckConstraint(
            "record_type IN (" + ", ".join(f"'{t}'" for t in RECORD_TYPES) + ")", name="record_type"
        ),
        CheckConstraint("length(reason) > 0 AND length(body) > 0", name="not_empty"),
        Index("ix_addendum_record", "record_type", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))

    author: Mapped[User] = relationship(lazy="joined")
