"""Evaluation notes. Structured fields, signed and locked (NOTE-01).

The evaluations package extends this model; the columns here are the contract that plans,
sessions and the caseload views rely on.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, Signable, utcnow
from ptplan.extensions import db

EVALUATION_KINDS = {
    "initial": "Initial evaluation",
    "reevaluation": "Re-evaluation",
    "discharge": "Discharge evaluation",
}


class Evaluation(ClinicScoped, Signable, db.Model):
    __tablename__ = "evaluation"
    __table_args__ = (
        CheckConstraint("kind IN ('initial', 'reevaluation', 'discharge')", name="kind"),
        Index("ix_evaluation_patient_date", "patient_id", "date_of_service"),
        Index("ix_evaluation_clinic_therapist_date", "clinic_id", "therapist_id", "date_of_service"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(14), default="initial")
    date_of_service: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return EVALUATION_KINDS[self.kind]

    def signing_content(self) -> dict:
        return {
            "patient_id": self.patient_id,
            "kind": self.kind,
            "date_of_service": self.date_of_service,
            "therapist_id": self.therapist_id,
            "signed_by_id": self.signed_by_id,
            "signed_at": self.signed_at,
        }
