"""Loading a patient for a page of another package: the clinic boundary (404), then the audited read.

Every page that shows part of a patient's record (a plan, the dry-needling safety records, ...)
loads the patient through ``load_patient`` so the boundary check and the read audit (AUD-01)
are written once.
"""

from __future__ import annotations

from flask import request

from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404
from ptplan.patients.models import Patient


def load_patient(patient_id: int, *, category: str) -> Patient:
    """Load (404 across clinics, audited); a GET that shows the patient's record audits the read."""
    patient = clinic_object_or_404(Patient, patient_id, category=category)
    if request.method == "GET":
        audit.record("read", category, patient_id=patient.id, entity_type="patient", entity_id=patient.id)
    return patient
