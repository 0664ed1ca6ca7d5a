"""Many patients at once, for onboarding: checked rows in, one multi-row INSERT per batch.

The ORM's unit of work costs about a millisecond a patient; a clinic's 50,000 patients go in
as Core ``executemany`` batches instead. Callers have already checked every row (interop's
importer) and audit the import as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select

from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.patients.models import Patient, PatientDiagnosis, mrn_key

PATIENT_FIELDS = (
    "mrn",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "address",
    "preferred_language",
    "referring_physician_name",
    "referring_physician_npi",
    "payer_name",
    "payer_rule",
)


def taken_mrns(clinic_id: int, keys: Sequence[str]) -> set[str]:
    """Which of these MRN keys (``mrn_key``: trimmed, case-folded) already belong to the clinic."""
    if not keys:
        return set()
    return set(
        db.session.scalars(
            select(Patient.mrn_key).where(Patient.clinic_id == clinic_id, Patient.mrn_key.in_(keys))
        )
    )


def insert_patients(
    clinic_id: int, rows: Sequence[tuple[dict, int | None, tuple[str, str] | None]]
) -> list[int]:
    """Insert (values, therapist id, diagnosis) rows; returns the new patient ids in order."""
    if not rows:
        return []
    now = utcnow()
    records = [
        {
            **{name: values.get(name, "") for name in PATIENT_FIELDS},
            "mrn_key": mrn_key(values["mrn"]),
            "clinic_id": clinic_id,
            "primary_therapist_id": therapist_id,
            "status": "active",
            "precaution_notes": "",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for values, therapist_id, _ in rows
    ]
    connection = db.session.connection()  # Core executemany: the ORM would insert row by row
    connection.execute(insert(Patient.__table__), records)
    mrns = [values["mrn"] for values, _, _ in rows]
    ids = dict(
        db.session.execute(
            select(Patient.mrn, Patient.id).where(Patient.clinic_id == clinic_id, Patient.mrn.in_(mrns))
        ).all()
    )
    diagnoses = [
        {
            "patient_id": ids[values["mrn"]],
            "icd10_code": diagnosis[0],
            "description": diagnosis[1],
            "position": 0,
        }
        for values, _, diagnosis in rows
        if diagnosis is not None
    ]
    if diagnoses:
        connection.execute(insert(PatientDiagnosis.__table__), diagnoses)
    return [ids[mrn] for mrn in mrns]
