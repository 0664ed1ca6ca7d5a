"""FHIR Bulk Data export of a whole clinic: one NDJSON file per resource type.

Streams patient by patient: each record is loaded, written line by line and dropped from the
session before the next, so memory stays flat however large the clinic is. Practitioners and
the Organization are written once, not once per patient.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import func, select

from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.fhir import codes, mapping_people
from ptplan.fhir.record import load_record
from ptplan.patients.models import Patient

BATCH = 200
PER_PATIENT_TYPES = tuple(t for t in codes.RESOURCE_TYPES if t not in ("Practitioner", "Organization"))


class NdjsonWriter:
    """Opens ``<Type>.ndjson`` on first use; one JSON resource per line."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: dict = {}
        self.counts: Counter[str] = Counter()

    def write(self, resource: dict) -> None:
        name = resource["resourceType"]
        handle = self.files.get(name)
        if handle is None:
            handle = self.files[name] = (self.directory / f"{name}.ndjson").open("w", encoding="utf-8")
        handle.write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
        handle.write("\n")
        self.counts[name] += 1

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def patient_count(clinic_id: int) -> int:
    return db.session.scalar(select(func.count(Patient.id)).where(Patient.clinic_id == clinic_id))


def patient_ids(clinic_id: int) -> Iterator[int]:
    """The clinic's patient ids in keyset pages of ``BATCH``: never the whole list at once."""
    last = 0
    while True:
        page = list(
            db.session.scalars(
                select(Patient.id)
                .where(Patient.clinic_id == clinic_id, Patient.id > last)
                .order_by(Patient.id)
                .limit(BATCH)
            )
        )
        if not page:
            return
        yield from page
        last = page[-1]


def export_clinic(
    clinic: Clinic,
    directory: Path,
    *,
    with_pdfs: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Counter[str]:
    """Write the clinic's records as NDJSON files in ``directory``; returns lines per type."""
    directory.mkdir(parents=True, exist_ok=True)
    clinic_id = clinic.id
    organization = mapping_people.organization_resource(clinic)
    writer = NdjsonWriter(directory)
    try:
        writer.write(organization)
        users = db.session.scalars(
            select(User).where(User.clinic_id == clinic_id, User.role != "admin").order_by(User.id)
        )
        for user in users:
            writer.write(mapping_people.practitioner_resource(user))
        db.session.expunge_all()
        for patient_id in patient_ids(clinic_id):
            record = load_record(db.session.get(Patient, patient_id))
            for resource_type in PER_PATIENT_TYPES:
                for resource in record.resources(resource_type, with_pdfs=with_pdfs):
                    writer.write(resource)
            del record
            db.session.expunge_all()  # flat memory: nothing of this patient stays in the session
            if progress is not None:
                progress(1)
    finally:
        writer.close()
    manifest = {
        "output": [
            {"type": name, "url": f"{name}.ndjson", "count": count}
            for name, count in sorted(writer.counts.items())
        ],
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return writer.counts
