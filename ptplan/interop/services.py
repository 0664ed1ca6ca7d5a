"""Patient import: check the whole file, then (only if every row is clean) insert it in one
transaction and audit it. The file is read twice, streaming, never held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.caseload import summary
from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.interop.importer import CleanRow, Report, check_file
from ptplan.patients import bulk

INSERT_BATCH = 1000


@dataclass
class ImportResult:
    report: Report
    imported: int = 0
    dry_run: bool = False


def clinic_therapists(clinic_id: int) -> dict[str, int]:
    """Active therapists of the clinic by lower-cased email: the only valid ``therapist_email``."""
    rows = db.session.execute(
        select(User.email, User.id).where(
            User.clinic_id == clinic_id, User.role == "therapist", User.is_active_user.is_(True)
        )
    )
    return {email.lower(): user_id for email, user_id in rows}


def import_patients(
    stream: BinaryIO,
    filename: str,
    clinic: Clinic,
    *,
    actor: User | None,
    dry_run: bool,
    keep_errors: int | None = None,
) -> ImportResult:
    """All or nothing: the first pass reports every bad row; the second inserts only a clean file."""
    clinic_id = clinic.id
    therapists = clinic_therapists(clinic_id)
    today = clinic.today()

    def taken(lowered: list[str]) -> set[str]:
        return bulk.taken_mrns(clinic_id, lowered)

    report = check_file(
        stream, filename, today=today, therapists=therapists, mrn_taken=taken, keep_errors=keep_errors
    )
    result = ImportResult(report, dry_run=dry_run)
    if dry_run or not report.is_clean:
        audit.record(
            "query",
            "patient_import",
            user=actor,
            clinic_id=clinic_id,
            outcome="success" if report.is_clean else "failure",
            detail=f"{'dry run' if dry_run else 'refused'}: {report.rows} rows, {report.error_count} errors",
        )
        return result
    stream.seek(0)
    pending: list[tuple[dict, int | None, tuple[str, str] | None]] = []

    def insert_pending() -> None:
        ids = bulk.insert_patients(clinic_id, pending)
        summary.refresh(db.session.connection(), ids)  # the caseload read model sees them at once
        result.imported += len(ids)
        pending.clear()

    def on_clean(row: CleanRow) -> None:
        pending.append((row.values, row.therapist_id, row.diagnosis))
        if len(pending) >= INSERT_BATCH:
            insert_pending()

    # The second pass checks again (the clinic may have changed since the first) and inserts
    # batch by batch; ``taken`` now also sees this import's earlier batches.
    second = check_file(
        stream,
        filename,
        today=today,
        therapists=therapists,
        mrn_taken=taken,
        on_clean=on_clean,
        keep_errors=keep_errors,
    )
    if second.error_count:
        db.session.rollback()
        result.report, result.imported = second, 0
        return result
    insert_pending()
    audit.record(
        "create",
        "patient_import",
        user=actor,
        clinic_id=clinic_id,
        detail=f"imported {result.imported} patients",
    )
    return result
