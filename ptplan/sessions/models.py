"""Visit notes (daily, progress, discharge summary). The sessions package extends this model;
the columns here are the contract that the caseload views rely on.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, Signable, utcnow
from ptplan.extensions import db

NOTE_KINDS = {"daily": "Daily note", "progress": "Progress note", "discharge": "Discharge summary"}


class VisitNote(ClinicScoped, Signable, db.Model):
    __tablename__ = "visit_note"
    __table_args__ = (
        CheckConstraint("kind IN ('daily', 'progress', 'discharge')", name="kind"),
        CheckConstraint("nprs_before IS NULL OR nprs_before BETWEEN 0 AND 10", name="nprs_before"),
        CheckConstraint("nprs_after IS NULL OR nprs_after BETWEEN 0 AND 10", name="nprs_after"),
        CheckConstraint(
            "total_timed_minutes >= 0 AND total_treatment_minutes >= total_timed_minutes", name="minutes"
        ),
        CheckConstraint("visit_number >= 1", name="visit_number"),
        Index("ix_visit_note_patient_date", "patient_id", "date_of_service"),
        Index("ix_visit_note_clinic_therapist_date", "clinic_id", "therapist_id", "date_of_service"),
        Index("ix_visit_note_clinic_signed", "clinic_id", "signed_at", "created_at"),
        Index("ix_visit_note_plan", "plan_id", "visit_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_of_care.id"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(10), default="daily")
    date_of_service: Mapped[date]
    visit_number: Mapped[int] = mapped_column(default=1)  # treatment day count within the plan lineage
    nprs_before: Mapped[int | None]
    nprs_after: Mapped[int | None]
    total_timed_minutes: Mapped[int] = mapped_column(default=0)
    total_treatment_minutes: Mapped[int] = mapped_column(default=0)
    payer_rule: Mapped[str] = mapped_column(String(8), default="cms")
    has_dry_needling: Mapped[bool] = mapped_column(default=False)
    has_adverse_event: Mapped[bool] = mapped_column(default=False)
    has_urgent_adverse_event: Mapped[bool] = mapped_column(default=False)  # suspected pneumothorax
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return NOTE_KINDS[self.kind]

    def signing_content(self) -> dict:
        return {
            "patient_id": self.patient_id,
            "plan_id": self.plan_id,
            "kind": self.kind,
            "date_of_service": self.date_of_service,
            "visit_number": self.visit_number,
            "nprs": [self.nprs_before, self.nprs_after],
            "minutes": [self.total_timed_minutes, self.total_treatment_minutes],
            "signed_by_id": self.signed_by_id,
            "signed_at": self.signed_at,
        }
