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
from ptplan.documents.language import PrintLanguage
from ptplan.documents.notes import visit_note_doc
from ptplan.documents.plan_of_care import plan_of_care_doc
from ptplan.evaluations.models import Evaluation
from ptplan.i18n import DEFAULT
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote
from ptplan.translations import services as translations

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
    patient: Patient, clinic: Clinic, *, large_print: bool = False, language: PrintLanguage | None = None
) -> PdfFile:
    """The home plan in ``language`` (resolved by ``documents.language``; English if None), from the
    clinic's document cache when nothing that shapes it has changed."""
    code = language.language if language is not None else DEFAULT
    status = language.status if language is not None else None
    size = page_size(clinic)
    slot = cache.variant(page_size=size, large_print=large_print, language=code)
    # The clinic's reviewed corrections and the review footer shape the bytes too.
    review = (
        repr(status) + repr(sorted(translations.overrides(clinic.id, code).items()))
        if code != DEFAULT
        else ""
    )
    fingerprint = cache.home_plan_fingerprint(patient, clinic, slot, review)
    title = "Home plan (large print)" if large_print else "Home plan"
    if code != DEFAULT:
        title += f" ({code})"
    detail = ", ".join(filter(None, ["large print" if large_print else "", _language_detail(language)]))
    if fingerprint is not None:
        hit = cache.lookup(clinic.id, patient.id, "home_plan", slot, fingerprint)
        if hit is not None:
            data, name, plan_id = hit
            return PdfFile(bytes(data), name, "home_plan", patient.id, "plan_of_care", plan_id, detail)
    doc, plan = patient_home_plan_doc(patient, clinic, code, status)
    data = renderers.render_patient_plan(doc, large_print=large_print, page_size=size, language=code)
    name = filename(title, patient, doc.printed_on)
    if fingerprint is not None:
        cache.store(
            clinic.id, patient.id, "home_plan", slot, fingerprint, data=data, filename=name, entity_id=plan.id
        )
    return PdfFile(data, name, "home_plan", patient.id, "plan_of_care", plan.id, detail)


def _language_detail(language: PrintLanguage | None) -> str:
    """Audit detail: the language printed, and whether its translation was reviewed."""
    if language is None or (language.language == DEFAULT and not language.fallback):
        return ""
    if language.fallback:
        return f"English (no {language.requested!r} translation)"
    reviewed = language.status is not None and language.status.reviewed
    return f"language {language.language}, {'reviewed' if reviewed else 'unreviewed'} translation"


def plan_of_care_pdf(plan: PlanOfCare, patient: Patient, clinic: Clinic) -> PdfFile:
    data = renderers.render_plan_of_care(plan_of_care_doc(plan, patient, clinic), page_size=page_size(clinic))
    state = "signed" if plan.is_signed else "unsigned draft"
    name = filename(f"Plan of care v{plan.version_number}", patient, plan.start_date)
    return PdfFile(data, name, "plan_of_care", patient.id, "plan_of_care", plan.id, state)


def consent_pdf(
    patient: Patient,
    clinic: Clinic,
    user: User,
    *,
    blank: bool = False,
    language: PrintLanguage | None = None,
) -> PdfFile:
    """The consent form in ``language`` (English if None)."""
    record = None if blank else consent_record(patient)
    code = language.language if language is not None else DEFAULT
    doc = consent_doc(
        patient, clinic, user, record, language=code, status=language.status if language else None
    )
    data = renderers.render_dn_consent(doc, page_size=page_size(clinic), language=code)
    on = record.consented_on if record else clinic.today()
    title = "Dry needling consent (signed)" if record else "Dry needling consent form"
    if code != DEFAULT:
        title += f" ({code})"
    detail = ", ".join(
        filter(None, ["signed record" if record else "blank form", _language_detail(language)])
    )
    return PdfFile(
        data,
        filename(title, patient, on),
        "consent",
        patient.id,
        "dn_consent" if record else "patient",
        record.id if record else patient.id,
        detail,
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


def audit_language_warning(patient: Patient, document: str, language: str) -> None:
    """The page shown before printing names the patient: a PHI read, audited like one."""
    audit.record(
        "read",
        "patient",
        patient_id=patient.id,
        entity_type="patient",
        entity_id=patient.id,
        detail=f"print warning before the {document} ({language})",
    )
