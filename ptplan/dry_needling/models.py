"""Dry-needling safety records: the screening and the written informed consent (DOMAIN.md).

Both are signed once and never edited (``Signable``); a consent may only gain a withdrawal date.
The procedure itself is recorded on the visit note (``ptplan.sessions.models.NeedlingRecord``),
checked by ``ptplan.dry_needling.procedure``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.db import ClinicScoped, Signable, only_changed, utcnow
from ptplan.extensions import db


class DryNeedlingScreening(ClinicScoped, Signable, db.Model):
    """Screening before dry needling; any absolute contraindication blocks (DOMAIN.md)."""

    __tablename__ = "dn_screening"
    __table_args__ = (Index("ix_dn_screening_patient", "patient_id", "screened_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    screened_on: Mapped[date]
    screened_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    absolute: Mapped[list] = mapped_column(JSON, default=list)  # codes of absolute contraindications present
    relative: Mapped[dict] = mapped_column(JSON, default=dict)  # code -> documented clinical rationale
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def clears_dry_needling(self) -> bool:
        return self.is_signed and not self.absolute and all(v.strip() for v in self.relative.values())

    def signing_content(self) -> dict:
        return {
            "patient_id": self.patient_id,
            "screened_on": self.screened_on,
            "absolute": self.absolute,
            "relative": self.relative,
            "notes": self.notes,
            "signed_by_id": self.signed_by_id,
            "signed_at": self.signed_at,
        }


class DryNeedlingConsent(ClinicScoped, Signable, db.Model):
    """Written informed consent: date, form version, patient signature name, witness, copy given."""

    __tablename__ = "dn_consent"
    __table_args__ = (
        Index("ix_dn_consent_patient", "patient_id", "consented_on"),
        CheckConstraint("length(patient_signature_name) > 0", name="signature_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    consented_on: Mapped[date]
    form_version: Mapped[str] = mapped_column(String(40))
    patient_signature_name: Mapped[str] = mapped_column(String(120))
    witness_name: Mapped[str] = mapped_column(String(120))
    copy_given: Mapped[bool] = mapped_column(default=False)
    withdrawn_on: Mapped[date | None]  # a withdrawal is its own audited action, not an edit
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_current(self) -> bool:
        return self.is_signed and self.withdrawn_on is None and self.copy_given

    def lock_owner(self) -> DryNeedlingConsent | None:
        """A withdrawal date may be added to a signed consent; nothing else changes."""
        return None if only_changed(self, frozenset({"withdrawn_on"})) else self

    def signing_content(self) -> dict:
        return {
            "patient_id": self.patient_id,
            "consented_on": self.consented_on,
            "form_version": self.form_version,
            "patient_signature_name": self.patient_signature_name,
            "witness_name": self.witness_name,
            "copy_given": self.copy_given,
            "signed_by_id": self.signed_by_id,
            "signed_at": self.signed_at,
        }
