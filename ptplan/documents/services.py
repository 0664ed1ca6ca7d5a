"""Make a document, name its file and audit the print (SECURITY.md AUD-01, FILE-02).

Each function takes already-loaded, clinic-checked objects and returns a ``PdfFile``; the
audit row is written in the caller's transaction ("print" from the web, "export" from the
CLI). Mapping lives in the sibling modules; rendering in the pure ``ptplan.pdf``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ptplan import pdf as renderers
from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.documents import cache
from ptplan.documents.common import page_size
from ptplan.documents.consent import consent_doc, consent_record
from ptplan.documents.evaluation_note import evaluation_doc
from ptplan.documents.home_plan import patient_home_plan_doc
from ptplan.documents.notes import visit_note_doc
from ptplan.documents.plan_of_care import plan_of_care_doc
from ptplan.evaluations.models import Evaluation
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote

CATEGORIES = ("home_plan", "plan_of_care", "consent", "note")


@dataclass(frozen=True)
class PdfFile:
    data: bytes
    filename: str
    category: str
    patient_id: int
    entity_type: str
    entity_id: int | None
    detail: str = ""


def filename(title: str, patient: Patient, on: date) -> str:
    """ "Home plan - Maria Gonzalez - 2026-03-12.pdf"; the header quoting makes any name safe."""
    return f"{title} - {patient.full_name} - {on.isoformat()}.pdf"


def home_plan_pdf(
    patient: Patient, clinic: Clinic, *, large_print: bool = False, language: str = "en"
) -> PdfFile:
    """The home plan, from the clinic's document cache when nothing that shapes it has changed."""
    size = page_size(clinic)
    slot = cache.variant(page_size=size, large_print=large_print, language=language)
    fingerprint = cache.home_plan_fingerprint(patient, clinic, slot)
    detail = "large print" if large_print else ""
    if fingerprint is not None:
        hit = cache.lookup(clinic.id, patient.id, "home_plan", slot, fingerprint)
        if hit is not None:
            data, name, plan_id = hit
            return PdfFile(bytes(data), name, "home_plan", patient.id, "plan_of_care", plan_id, detail)
    doc, plan = patient_home_plan_doc(patient, clinic)
    data = renderers.render_patient_plan(doc, large_print=large_print, page_size=size, language=language)
    title = "Home plan (large print)" if large_print else "Home plan"
    name = filename(title, patient, doc.printed_on)
    if fingerprint is not None:
        cache.store(
            clinic.id, patient.id, "home_plan", slot, fingerprint, data=data, filename=name, entity_id=plan.id
        )
    return PdfFile(data, name, "home_plan", patient.id, "plan_of_care", plan.id, detail)


def plan_of_care_pdf(plan: PlanOfCare, patient: Patient, clinic: Clinic) -> PdfFile:
    data = renderers.render_plan_of_care(plan_of_care_doc(plan, patient, clinic), page_size=page_size(clinic))
    state = "signed" if plan.is_signed else "unsigned draft"
    name = filename(f"Plan of care v{plan.version_number}", patient, plan.start_date)
    return PdfFile(data, name, "plan_of_care", patient.id, "plan_of_care", plan.id, state)


def consent_pdf(patient: Patient, clinic: Clinic, user: User, *, blank: bool = False) -> PdfFile:
    record = None if blank else consent_record(patient)
    doc = consent_doc(patient, clinic, user, record)
    data = renderers.render_dn_consent(doc, page_size=page_size(clinic))
    on = record.consented_on if record else clinic.today()
    title = "Dry needling consent (signed)" if record else "Dry needling consent form"
    return PdfFile(
        data,
        filename(title, patient, on),
        "consent",
        patient.id,
        "dn_consent" if record else "patient",
        record.id if record else patient.id,
        "signed record" if record else "blank form",
    )


def evaluation_pdf(evaluation: Evaluation, patient: Patient, clinic: Clinic) -> PdfFile:
    data = renderers.render_note(evaluation_doc(evaluation, patient, clinic), page_size=page_size(clinic))
    name = filename(evaluation.kind_label, patient, evaluation.date_of_service)
    return PdfFile(data, name, "note", patient.id, "evaluation", evaluation.id)


def note_pdf(note: VisitNote, patient: Patient, clinic: Clinic) -> PdfFile:
    data = renderers.render_note(visit_note_doc(note, patient, clinic), page_size=page_size(clinic))
    name = filename(note.kind_label, patient, note.date_of_service)
    return PdfFile(data, name, "note", patient.id, "visit_note", note.id)


def audit_print(
    pdf: PdfFile,
    *,
    action: str = "print",
    user: User | None = None,
    detail: str = "",
    clinic_id: int | None = None,
) -> None:
    """One audit row per document handed out: "print" from the web, "export" from the CLI."""
    audit.record(
        action,
        pdf.category,
        patient_id=pdf.patient_id,
        entity_type=pdf.entity_type,
        entity_id=pdf.entity_id,
        detail=detail or pdf.detail,
        user=user,
        clinic_id=clinic_id,
    )
