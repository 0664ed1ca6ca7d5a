"""PDF documents for ptplan: pure functions from the dataclasses in ``models`` to bytes.

No Flask or database imports: the web layer maps its rows into these dataclasses.

- ``render_patient_plan(doc, large_print=False, page_size="A4")``: the home plan.
- ``render_plan_of_care(doc)``: plan of care for physician certification.
- ``render_dn_consent(doc)``: dry-needling informed-consent form.
- ``render_note(doc)``: evaluation, daily, progress or discharge note with addenda.
- ``plan_html(doc)`` / ``render_patient_plan_weasyprint(doc)``: the home plan as HTML, and
  through WeasyPrint, for comparison.
"""

from ptplan.pdf.blocks import is_usable_image
from ptplan.pdf.consent import render_dn_consent
from ptplan.pdf.html import plan_html, render_patient_plan_weasyprint
from ptplan.pdf.models import (
    Addendum,
    AmendmentEntry,
    ClinicInfo,
    ConsentDoc,
    Diagnosis,
    ExerciseItem,
    GoalLine,
    InterventionLine,
    ManualTherapyItem,
    NoteDoc,
    NoteSection,
    NoteSignature,
    NoteTable,
    PatientPlanDoc,
    PlanOfCareDoc,
    ProgressPoint,
    Signatory,
    SignedConsent,
)
from ptplan.pdf.note import render_note
from ptplan.pdf.patient_plan import render_patient_plan
from ptplan.pdf.plan_of_care import render_plan_of_care
from ptplan.pdf.sample import (
    sample_consent,
    sample_note,
    sample_patient_plan,
    sample_plan_of_care,
)

__all__ = [
    "Addendum",
    "AmendmentEntry",
    "ClinicInfo",
    "ConsentDoc",
    "Diagnosis",
    "ExerciseItem",
    "GoalLine",
    "InterventionLine",
    "ManualTherapyItem",
    "NoteDoc",
    "NoteSection",
    "NoteSignature",
    "NoteTable",
    "PatientPlanDoc",
    "PlanOfCareDoc",
    "ProgressPoint",
    "Signatory",
    "SignedConsent",
    "is_usable_image",
    "plan_html",
    "render_dn_consent",
    "render_note",
    "render_patient_plan",
    "render_patient_plan_weasyprint",
    "render_plan_of_care",
    "sample_consent",
    "sample_note",
    "sample_patient_plan",
    "sample_plan_of_care",
]
