"""The dry-needling safety gate's records: signed screening and consent, and clearance.

The rules themselves (which contraindications block, what clears a patient) are pure, in
``ptplan.dry_needling.rules``; this module loads, records, signs and audits. Screening and
consent are signed once and never edited (Signable).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ptplan.audit import services as audit
from ptplan.catalogue.texts import CONSENT_FORM_VERSION
from ptplan.dry_needling.models import DryNeedlingConsent, DryNeedlingScreening
from ptplan.dry_needling.rules import ABSOLUTE, RELATIVE, clearance_from
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.records.services import sign


def latest_screening(patient_id: int) -> DryNeedlingScreening | None:
    return db.session.scalar(
        select(DryNeedlingScreening)
        .where(DryNeedlingScreening.patient_id == patient_id, DryNeedlingScreening.signed_at.is_not(None))
        .order_by(DryNeedlingScreening.screened_on.desc(), DryNeedlingScreening.id.desc())
        .limit(1)
    )


def latest_consent(patient_id: int) -> DryNeedlingConsent | None:
    return db.session.scalar(
        select(DryNeedlingConsent)
        .where(DryNeedlingConsent.patient_id == patient_id, DryNeedlingConsent.signed_at.is_not(None))
        .order_by(DryNeedlingConsent.consented_on.desc(), DryNeedlingConsent.id.desc())
        .limit(1)
    )


def dry_needling_clearance(patient) -> tuple[bool, list[str]]:
    """(ok, reasons): may this patient receive dry needling? Reasons are plain sentences.

    The sessions package calls this before recording a dry-needling procedure.
    """
    patient_id = patient if isinstance(patient, int) else patient.id
    return clearance_from(latest_screening(patient_id), latest_consent(patient_id))


def record_screening(
    patient, user, *, screened_on: date, absolute: list[str], relative: dict[str, str], notes: str
):
    """Create and sign a screening in one step: it is never edited afterwards."""
    unknown = (set(absolute) - set(ABSOLUTE)) | (set(relative) - set(RELATIVE))
    if unknown:
        raise DomainError("Unknown contraindication in the screening.")
    missing = [RELATIVE[c] for c, why in relative.items() if not why.strip()]
    if missing:
        raise DomainError("Give the clinical reason for: " + ", ".join(missing) + ".")
    screening = DryNeedlingScreening(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        screened_on=screened_on,
        screened_by_id=user.id,
        absolute=sorted(absolute),
        relative=dict(sorted(relative.items())),
        notes=notes,
    )
    db.session.add(screening)
    db.session.flush()
    _audit_create("dn_screening", screening, patient)
    sign(screening, user, record_type="dn_screening", category="dry_needling", patient_id=patient.id)
    return screening


def record_consent(
    patient, user, *, consented_on: date, signature_name: str, witness_name: str, copy_given: bool
):
    consent = DryNeedlingConsent(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        consented_on=consented_on,
        form_version=CONSENT_FORM_VERSION,
        patient_signature_name=signature_name,
        witness_name=witness_name,
        copy_given=copy_given,
        recorded_by_id=user.id,
    )
    db.session.add(consent)
    db.session.flush()
    _audit_create("dn_consent", consent, patient)
    sign(consent, user, record_type="dn_consent", category="dry_needling", patient_id=patient.id)
    return consent


def _audit_create(entity_type: str, record, patient) -> None:
    audit.record(
        "create", "dry_needling", patient_id=patient.id, entity_type=entity_type, entity_id=record.id
    )


def history(patient_id: int) -> tuple[list[DryNeedlingScreening], list[DryNeedlingConsent]]:
    screenings = list(
        db.session.scalars(
            select(DryNeedlingScreening)
            .where(DryNeedlingScreening.patient_id == patient_id)
            .order_by(DryNeedlingScreening.screened_on.desc(), DryNeedlingScreening.id.desc())
        )
    )
    consents = list(
        db.session.scalars(
            select(DryNeedlingConsent)
            .where(DryNeedlingConsent.patient_id == patient_id)
            .order_by(DryNeedlingConsent.consented_on.desc(), DryNeedlingConsent.id.desc())
        )
    )
    return screenings, consents
