"""Download routes for the printable PDFs. Load (clinic-checked, 404), authorise, render, audit.

The home plan and consent form print in the patient's language; when that language has no
catalogue, is refused (right-to-left) or its translation is unreviewed, a page says so first
and prints only once the therapist confirms.

Every response is an attachment with a safe RFC 6266 filename, never cached (HDR-02, FILE-02).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.csvexport import attachment_name
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.i18n import LANGUAGES
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote

if TYPE_CHECKING:
    from ptplan.documents.language import PrintLanguage
    from ptplan.documents.services import PdfFile

bp = Blueprint("documents", __name__)

TRUE = ("1", "true", "yes", "on")


def _send(pdf: PdfFile) -> Response:
    from ptplan.documents import services  # document-only: imported where used

    services.audit_print(pdf)
    response = Response(pdf.data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = attachment_name(pdf.filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _patient_of(record) -> Patient:
    # Same clinic as the record, which was clinic-checked on load.
    return db.session.get(Patient, record.patient_id)


def _confirm_language(patient: Patient, choice: PrintLanguage, document: str, endpoint: str) -> str:
    """The page shown instead of the PDF when the therapist must be told something first."""
    from ptplan.documents import services  # document-only: imported where used

    services.audit_language_warning(patient, document, choice.requested)
    args = {k: v for k, v in request.args.items() if k not in ("confirmed", "language")}
    return render_template(
        "documents/confirm_language.html",
        patient=patient,
        choice=choice,
        document=document,
        print_url=url_for(endpoint, patient_id=patient.id, language=choice.requested, confirmed=1, **args),
        english_url=url_for(endpoint, patient_id=patient.id, language="en", **args),
        other_languages=[(code, name) for code, name in LANGUAGES.items() if code != choice.language],
        endpoint=endpoint,
        args=args,
    )


def _confirmed() -> bool:
    return request.args.get("confirmed", "").lower() in TRUE


@bp.get("/patients/<int:patient_id>/home-plan.pdf")
@requires("clinical.print")
def patient_plan_pdf(patient_id: int):
    """The patient's current active plan as a home plan; ``?large_print=1`` for large print,
    ``?language=es`` for another language than the patient's preferred one."""
    from ptplan.documents import home_plan, language, services  # document-only: imported where used

    patient = clinic_object_or_404(Patient, patient_id, category="home_plan")
    large = request.args.get("large_print", "").lower() in TRUE
    plan = home_plan.active_plan(patient, current_user.clinic)
    choice = language.print_language(patient, current_user.clinic_id, request.args.get("language"), plan=plan)
    if choice.refused or (choice.needs_confirmation and not _confirmed()):
        return _confirm_language(patient, choice, "home plan", "documents.patient_plan_pdf")
    return _send(services.home_plan_pdf(patient, current_user.clinic, large_print=large, language=choice))


@bp.get("/plans/<int:plan_id>/plan-of-care.pdf")
@requires("clinical.print")
def plan_of_care_pdf(plan_id: int):
    from ptplan.documents import services  # document-only: imported where used

    plan = clinic_object_or_404(PlanOfCare, plan_id, category="plan_of_care")
    return _send(services.plan_of_care_pdf(plan, _patient_of(plan), current_user.clinic))


@bp.get("/patients/<int:patient_id>/dn-consent.pdf")
@requires("clinical.print")
def dn_consent_pdf(patient_id: int):
    """Filled from the latest signed consent if there is one; ``?blank=1`` for a form to sign;
    in the patient's preferred language unless ``?language=`` says otherwise."""
    from ptplan.documents import language, services  # document-only: imported where used

    patient = clinic_object_or_404(Patient, patient_id, category="consent")
    blank = request.args.get("blank", "").lower() in TRUE
    choice = language.print_language(
        patient, current_user.clinic_id, request.args.get("language"), plan=None, consent=True
    )
    if choice.refused or (choice.needs_confirmation and not _confirmed()):
        return _confirm_language(patient, choice, "dry-needling consent form", "documents.dn_consent_pdf")
    return _send(
        services.consent_pdf(patient, current_user.clinic, current_user, blank=blank, language=choice)
    )


@bp.get("/evaluations/<int:evaluation_id>.pdf")
@requires("clinical.print")
def evaluation_pdf(evaluation_id: int):
    from ptplan.documents import services  # document-only: imported where used

    evaluation = clinic_object_or_404(Evaluation, evaluation_id, category="note")
    return _send(services.evaluation_pdf(evaluation, _patient_of(evaluation), current_user.clinic))


@bp.get("/notes/<int:note_id>.pdf")
@requires("clinical.print")
def note_pdf(note_id: int):
    from ptplan.documents import services  # document-only: imported where used

    note = clinic_object_or_404(VisitNote, note_id, category="note")
    return _send(services.note_pdf(note, _patient_of(note), current_user.clinic))
