"""The dry-needling consent form: blank to sign, or filled from the latest signed record."""

from __future__ import annotations

from dataclasses import replace

from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.documents.common import clinic_info
from ptplan.dry_needling.models import DryNeedlingConsent
from ptplan.dry_needling.services import latest_consent
from ptplan.extensions import db
from ptplan.i18n import DEFAULT
from ptplan.i18n.groups import CONSENT_GROUPS
from ptplan.i18n.review import ReviewStatus, footer_note
from ptplan.patients.models import Patient
from ptplan.pdf import ConsentDoc, SignedConsent
from ptplan.plans.needling import planned_needling_precautions
from ptplan.translations import services as translations


def consent_record(patient: Patient) -> DryNeedlingConsent | None:
    """The latest signed consent that has not been withdrawn (the one a PDF may show as signed)."""
    record = latest_consent(patient.id)
    return record if record is not None and record.withdrawn_on is None else None


def consent_doc(
    patient: Patient,
    clinic: Clinic,
    user: User,
    record: DryNeedlingConsent | None = None,
    *,
    language: str = DEFAULT,
    status: ReviewStatus | None = None,
) -> ConsentDoc:
    """Pre-filled with the patient and therapist; the signature lines filled only from ``record``;
    in ``language`` with the clinic's reviewed corrections and the footer's review line."""
    doc = _consent_doc(patient, clinic, user, record)
    translator = translations.translator_for(clinic.id, language)
    if status is None:
        status = translations.review_status(clinic.id, language, CONSENT_GROUPS)
    return replace(
        doc,
        language=language,
        overrides=translator.overrides,
        translation_note=footer_note(status, translator),
    )


def _consent_doc(
    patient: Patient, clinic: Clinic, user: User, record: DryNeedlingConsent | None
) -> ConsentDoc:
    """Pre-filled with the patient and therapist; the signature lines filled only from ``record``.

    The planned muscles' precautions are added: pneumothorax for a lung-field muscle, the
    nerve or vessel for a muscle beside one (DOMAIN.md "Dry needling by region").
    """
    lung, structures = planned_needling_precautions(patient.id)
    precautions = {"lung_field_muscles": tuple(lung), "structures_at_risk": tuple(structures)}
    if record is not None:
        therapist = db.session.get(User, record.recorded_by_id)
        signed = SignedConsent(
            patient_signature_name=record.patient_signature_name,
            signed_on=record.consented_on,
            witness_name=record.witness_name,
            copy_given=record.copy_given,
        )
        return ConsentDoc(
            clinic=clinic_info(clinic),
            patient_name=patient.full_name,
            date_of_birth=patient.date_of_birth,
            therapist_name=therapist.display_name,
            form_version=record.form_version,
            signed=signed,
            **precautions,
        )
    therapist = patient.primary_therapist if user.role != "therapist" else user
    return ConsentDoc(
        clinic=clinic_info(clinic),
        patient_name=patient.full_name,
        date_of_birth=patient.date_of_birth,
        therapist_name=(therapist or user).display_name,
        **precautions,
    )
