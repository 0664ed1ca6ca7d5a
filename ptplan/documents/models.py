"""Rendered PDFs kept per clinic, so an unchanged document is not laid out again.

The bytes hold PHI (names, plans, scores), so they live in the database with the rest of the
record, inside the clinic boundary, never on a shared disk or in a process-wide cache. One row
per patient, document and variant (options and language): a newer rendering replaces the row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db


class CachedDocument(ClinicScoped, db.Model):
    __tablename__ = "document_cache"
    __table_args__ = (
        UniqueConstraint("clinic_id", "patient_id", "kind", "variant", name="uq_document_cache_slot"),
        Index("ix_document_cache_patient", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    kind: Mapped[str] = mapped_column(String(32))  # "home_plan"
    variant: Mapped[str] = mapped_column(String(64))  # options and language, e.g. "A4|regular|en"
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of everything that shapes the bytes
    filename: Mapped[str] = mapped_column(String(300))
    entity_id: Mapped[int | None]  # the plan of care it was made from (for the audit row)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
