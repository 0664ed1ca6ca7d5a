"""PDF documents for ptplan: pure functions from the dataclasses in ``models`` to bytes.

Names are loaded on first use, so importing the package (or its dataclasses) loads no reportlab.

No Flask or database imports: the web layer maps its rows into these dataclasses.

- ``render_patient_plan(doc, large_print=False, page_size="A4")``: the home plan.
- ``render_plan_of_care(doc)``: plan of care for physician certification.
- ``render_dn_consent(doc)``: dry-needling informed-consent form.
- ``render_note(doc)``: evaluation, daily, progress or discharge note with addenda.
(Sample documents live in ``ptplan/demo/pdf_samples.py`` and the WeasyPrint comparison in
``bench/weasyprint_plan.py``, outside the documents layer.)
"""

import importlib

# Loaded on first use (PEP 562): the web process imports the documents layer at start, and
# reportlab's platypus is only needed once a document is actually made.
_EXPORTS = {
    "is_usable_image": "ptplan.pdf.blocks",
    "render_dn_consent": "ptplan.pdf.consent",
    "render_note": "ptplan.pdf.note",
    "render_patient_plan": "ptplan.pdf.patient_plan",
    "render_plan_of_care": "ptplan.pdf.plan_of_care",
    **dict.fromkeys(
        (
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
        ),
        "ptplan.pdf.models",
    ),
}


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'ptplan.pdf' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
    "render_dn_consent",
    "render_note",
    "render_patient_plan",
    "render_plan_of_care",
]
