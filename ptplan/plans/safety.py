"""The dry-needling safety gate: screening, informed consent, and clearance (DOMAIN.md).

Absolute contraindications block dry needling; each relative one needs a documented
clinical reason. Written consent (dated, form version, signature, witness, copy given) must
be on file. Screening and consent are signed once and never edited (Signable).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ptplan.catalogue.texts import CONSENT_FORM_VERSION
from ptplan.db import DomainError
from ptplan.extensions import db
from ptplan.plans.models import DryNeedlingConsent, DryNeedlingScreening, Muscle, PlanIntervention, PlanOfCare
from ptplan.records.services import sign

ABSOLUTE = {
    "needle_phobia": "Needle phobia",
    "unwilling": "Patient unwilling",
    "unable_to_consent": "Patient unable to consent",
    "medical_emergency": "Acute medical emergency",
    "lymphedema": "Needling over a lymphedematous limb",
}
RELATIVE = {
    "bleeding": "Abnormal bleeding tendency or anticoagulants",
    "immunity": "Compromised immunity",
    "vascular": "Vascular disease",
    "diabetes": "Diabetes",
    "pregnancy": "Pregnancy",
    "child": "Child (under 18)",
    "frailty": "Frailty",
    "epilepsy": "Epilepsy",
    "metal_allergy": "Metal allergy",
    "implant": "Implant near the site",
    "psychological": "Psychological state",
}
# Patient precautions (ptplan.patients.models.PRECAUTIONS) that pre-tick the screening.
PRECAUTION_TO_ABSOLUTE = {
    "needle_phobia": "needle_phobia",
    "lymphedema_left": "lymphedema",
    "lymphedema_right": "lymphedema",
}
PRECAUTION_TO_RELATIVE = {
    "anticoagulants": "bleeding",
    "pregnancy": "pregnancy",
    "diabetes": "diabetes",
    "epilepsy": "epilepsy",
    "metal_allergy": "metal_allergy",
    "immunocompromised": "immunity",
    "pacemaker": "implant",
    "fall_risk": "frailty",
}


def pretick(patient, today: date) -> tuple[set[str], set[str]]:
    """Absolute and relative codes suggested by the patient's recorded precautions and age."""
    codes = patient.precaution_codes
    absolute = {PRECAUTION_TO_ABSOLUTE[c] for c in codes if c in PRECAUTION_TO_ABSOLUTE}
    relative = {PRECAUTION_TO_RELATIVE[c] for c in codes if c in PRECAUTION_TO_RELATIVE}
    if patient.age_on(today) < 18:
        relative.add("child")
    return absolute, relative


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


def clearance_from(screening, consent) -> tuple[bool, list[str]]:
    """The gate on already-loaded records, so the chart can reuse its own queries."""
    reasons: list[str] = []
    if screening is None:
        reasons.append("No signed dry-needling screening is on file. Record the screening first.")
    else:
        for code in screening.absolute:
            reasons.append(
                f"Dry needling is contraindicated: {ABSOLUTE.get(code, code).lower()} "
                "(an absolute contraindication in the latest screening)."
            )
        for code, why in screening.relative.items():
            if not (why or "").strip():
                reasons.append(
                    f"The screening gives no clinical reason for going ahead despite {RELATIVE.get(code, code).lower()}."
                )
    if consent is None or consent.withdrawn_on is not None:
        reasons.append("No signed dry-needling consent is on file. Record the patient's written consent.")
    elif not consent.copy_given:
        reasons.append("The patient was not given a copy of the consent form.")
    return (not reasons, reasons)


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
    from ptplan.audit import services as audit

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


def planned_needling_precautions(patient_id: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Muscles the patient's draft or active plans will needle that carry a precaution.

    Returns (names over the lung field, [(name, structure at risk)]), DOMAIN.md "Dry
    needling by region": the consent names pneumothorax when a plan includes a lung-field
    muscle, and the record names the nerve or vessel at risk.
    """
    rows = db.session.scalars(
        select(PlanIntervention.params)
        .join(PlanOfCare, PlanOfCare.id == PlanIntervention.plan_id)
        .where(
            PlanOfCare.patient_id == patient_id,
            PlanOfCare.status.in_(("draft", "active")),
            PlanIntervention.kind == "dry_needling",
        )
    )
    ids = {
        int(m["muscle_id"])
        for params in rows
        for m in (params or {}).get("muscles", [])
        if m.get("muscle_id")
    }
    if not ids:
        return [], []
    muscles = list(db.session.scalars(select(Muscle).where(Muscle.id.in_(ids)).order_by(Muscle.name)))
    lung = [m.name for m in muscles if m.is_over_lung_field]
    structures = [(m.name, m.structure_at_risk) for m in muscles if m.structure_at_risk]
    return lung, structures
