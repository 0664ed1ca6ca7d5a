"""Patients with one lumbar diagnosis, committed, with unique MRNs from a counter."""

from __future__ import annotations

from datetime import date
from itertools import count

from ptplan.extensions import db
from ptplan.patients.models import Patient, PatientDiagnosis

_numbers = count(1)


def new_patient(clinic=None, therapist=None, **overrides) -> Patient:
    """A patient of ``clinic`` (or of the therapist's clinic), seen by ``therapist`` if given."""
    n = next(_numbers)
    clinic_id = clinic.id if clinic is not None else therapist.clinic_id
    values = {
        "clinic_id": clinic_id,
        "mrn": f"MRN-{n:05d}",
        "first_name": "Pat",
        "last_name": f"Example{n}",
        "date_of_birth": date(1980, 1, 1),
        "sex": "female",
        "primary_therapist_id": therapist.id if therapist else None,
        "diagnoses": [PatientDiagnosis(icd10_code="M54.41", description="Lumbago with sciatica, right side")],
    }
    values.update(overrides)
    patient = Patient(**values)
    db.session.add(patient)
    db.session.commit()
    return patient
