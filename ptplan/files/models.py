"""Uploaded bytes live in the database so that app servers stay stateless."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db


class StoredFile(ClinicScoped, db.Model):
    __tablename__ = "stored_file"
    __table_args__ = (
        CheckConstraint("mime_type IN ('image/png', 'image/jpeg', 'application/pdf')", name="mime"),
        CheckConstraint("size_bytes > 0 AND size_bytes <= 10485760", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)  # random name, never the upload's
    mime_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
