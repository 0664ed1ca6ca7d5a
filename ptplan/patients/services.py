"""Patient business rules: create, update with optimistic locking, archive, search."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, column, func, select, table
from sqlalchemy.orm.exc import StaleDataError

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.db import utcnow
from ptplan.exceptions import ConflictError, DomainError
from ptplan.extensions import db
from ptplan.forms import choices
from ptplan.patients.models import SQLITE_SEARCH_INDEX, Patient, PatientDiagnosis, PatientPrecaution, mrn_key

EDITABLE_FIELDS = (
    "mrn",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "address",
    "preferred_language",
    "primary_therapist_id",
    "referring_physician_name",
    "referring_physician_npi",
    "payer_name",
    "payer_rule",
    "precaution_notes",
)


class DuplicateMRN(DomainError):
    field = "mrn"


def _check_mrn_free(clinic_id: int, mrn: str, exclude_id: int | None = None) -> None:
    """One MRN per clinic, compared without case and surrounding spaces (the unique index agrees)."""
    query = select(Patient.id).where(Patient.clinic_id == clinic_id, Patient.mrn_key == mrn_key(mrn))
    if exclude_id is not None:
        query = query.where(Patient.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise DuplicateMRN(
            "Another patient in this clinic already has this MRN (MRNs are compared without case or spaces)."
        )


def therapist_choices(clinic_id: int) -> list[tuple[int, str]]:
    users = db.session.scalars(
        select(User)
        .where(User.clinic_id == clinic_id, User.role == "therapist", User.is_active_user.is_(True))
        .order_by(User.full_name)
    )
    return choices([(0, "— none —")] + [(u.id, u.display_name) for u in users])


def _apply(patient: Patient, data: dict, diagnoses: list[tuple[str, str]], precautions: list[str]) -> None:
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(patient, field, data[field])
    if not patient.primary_therapist_id:
        patient.primary_therapist_id = None
    existing = {d.icd10_code: d for d in patient.diagnoses}
    patient.diagnoses = [
        _diagnosis(existing.get(code), code, description, position)
        for position, (code, description) in enumerate(diagnoses)
    ]
    current = {p.code: p for p in patient.precautions}
    patient.precautions = [
        current.get(code) or PatientPrecaution(code=code) for code in sorted(set(precautions))
    ]


def _diagnosis(row: PatientDiagnosis | None, code: str, description: str, position: int) -> PatientDiagnosis:
    row = row or PatientDiagnosis(icd10_code=code)
    row.description = description
    row.position = position
    return row


def create_patient(clinic_id: int, data: dict, diagnoses, precautions, *, actor: User) -> Patient:
    _check_mrn_free(clinic_id, data["mrn"])
    patient = Patient(clinic_id=clinic_id, status="active")
    _apply(patient, data, diagnoses, precautions)
    db.session.add(patient)
    db.session.flush()
    audit.record("create", "demographics", patient_id=patient.id, entity_type="patient", entity_id=patient.id)
    return patient


def update_patient(
    patient: Patient, data: dict, diagnoses, precautions, *, expected_version: int | None, actor: User
) -> None:
    if expected_version is not None and expected_version != patient.version:
        raise ConflictError(
            "Someone else saved this patient while you were editing. Review the current values and save again."
        )
    _check_mrn_free(patient.clinic_id, data["mrn"], exclude_id=patient.id)
    _apply(patient, data, diagnoses, precautions)
    try:
        db.session.flush()
    except StaleDataError:
        raise ConflictError("Someone else saved this patient while you were editing.") from None
    audit.record("update", "demographics", patient_id=patient.id, entity_type="patient", entity_id=patient.id)


def add_diagnoses(patient: Patient, rows: list[dict], *, source: str) -> list[str]:
    """Add the diagnoses a signed clinical record established to the patient's list.

    Codes already on the list are kept as they are; new ones are appended in order. Returns
    the codes added (nothing is audited when nothing changed).
    """
    known = {d.icd10_code for d in patient.diagnoses}
    position = max((d.position for d in patient.diagnoses), default=-1)
    added: list[str] = []
    for row in rows:
        code = (row.get("code") or "").strip().upper()
        if not code or code in known:
            continue
        position += 1
        patient.diagnoses.append(_diagnosis(None, code, (row.get("text") or "").strip(), position))
        known.add(code)
        added.append(code)
    if added:
        db.session.flush()
        audit.record(
            "update",
            "demographics",
            patient_id=patient.id,
            entity_type="patient",
            entity_id=patient.id,
            detail=f"diagnoses from {source}: {', '.join(added)}",
        )
    return added


def set_status(patient: Patient, status: str, *, actor: User) -> None:
    """Archive or reactivate. There is no hard delete (NOTE-05)."""
    if status not in ("active", "discharged", "archived"):
        raise DomainError("Unknown patient status.")
    patient.status = status
    patient.archived_at = utcnow() if status == "archived" else None
    audit.record(
        "archive" if status == "archived" else "update",
        "demographics",
        patient_id=patient.id,
        entity_type="patient",
        entity_id=patient.id,
        detail=f"status={status}",
    )


def parse_dob_query(term: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(term, fmt).date()
        except ValueError:
            continue
    return None


SORTS = {
    "name": (Patient.last_name, Patient.first_name),
    "mrn": (Patient.mrn,),
    "dob": (Patient.date_of_birth,),
    "status": (Patient.status, Patient.last_name),
}


def _contains(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (%, _ and \\ are escaped)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_statement(
    clinic_id: int,
    term: str = "",
    *,
    status: str = "current",
    therapist_id: int | None = None,
    sort: str = "name",
) -> Select:
    """Patients of one clinic matching a name, MRN or date of birth; bound parameters only."""
    query = select(Patient).where(Patient.clinic_id == clinic_id)
    if status == "current":
        query = query.where(Patient.status != "archived")
    elif status in ("active", "discharged", "archived"):
        query = query.where(Patient.status == status)
    if therapist_id:
        query = query.where(Patient.primary_therapist_id == therapist_id)
    term = term.strip()
    if term:
        born = parse_dob_query(term)
        if born is not None:
            query = query.where(Patient.date_of_birth == born)
        else:
            # Every word must be part of a first name, last name or MRN. One indexed column
            # answers all of them: a trigram GIN index on PostgreSQL, an FTS5 trigram table on
            # SQLite (which serves LIKE for words of 3 plain characters or more).
            indexed, scanned = [], []
            for word in term.lower().split():
                fts = _sqlite() and len(word) >= 3 and not any(ch in word for ch in "%_\\")
                (indexed if fts else scanned).append(word)
            if indexed:
                search = table(SQLITE_SEARCH_INDEX, column("rowid"), column("search_text"))
                query = query.where(
                    Patient.id.in_(
                        select(search.c.rowid).where(*(search.c.search_text.like(f"%{w}%") for w in indexed))
                    )
                )
            for word in scanned:
                query = query.where(Patient.search_text.like(_contains(word), escape="\\"))
    return query.order_by(*SORTS.get(sort, SORTS["name"]), Patient.id)


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def count_statement(statement: Select) -> Select:
    """How many rows ``search_statement`` finds: ids only, no order (the index answers it)."""
    return select(func.count()).select_from(statement.with_only_columns(Patient.id).order_by(None).subquery())
