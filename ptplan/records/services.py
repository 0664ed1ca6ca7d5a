"""Sign a record once; correct it only by addendum (SECURITY.md NOTE-01, NOTE-02)."""

from __future__ import annotations

from sqlalchemy import select

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.db import Signable, content_hash, utcnow
from ptplan.exceptions import DomainError, SignedRecordError
from ptplan.extensions import db
from ptplan.records.models import Addendum


def sign(record: Signable, user: User, *, record_type: str, category: str, patient_id: int) -> None:
    """Store signer, UTC time and SHA-256 of the content; the record is then locked."""
    if record.is_signed:
        raise SignedRecordError("This record is already signed.")
    if not user.can("clinical.sign"):
        raise DomainError("Your role cannot sign clinical records.")
    if record.id is not None:
        # Two signers at once: the row lock makes the second wait, then it sees the signature
        # (PostgreSQL; SQLite form posts already run one at a time under BEGIN IMMEDIATE).
        model = type(record)
        signed = db.session.execute(
            select(model.signed_at).where(model.id == record.id).with_for_update()
        ).scalar_one()
        if signed is not None:
            raise SignedRecordError("Someone else signed this record a moment ago. It is signed and locked.")
    db.session.flush()  # children and ids settle before the hash covers them
    record.signed_by_id = user.id
    record.signed_at = utcnow()
    # Signer, time and hash go in one flush: once signed_at is stored, the lock refuses changes.
    record.content_hash = record.compute_content_hash()
    db.session.flush()
    audit.record("sign", category, patient_id=patient_id, entity_type=record_type, entity_id=record.id)


def add_addendum(
    record: Signable, user: User, *, record_type: str, category: str, patient_id: int, reason: str, body: str
) -> Addendum:
    if not record.is_signed:
        raise DomainError("Drafts are edited directly; addenda are for signed records.")
    if not user.can("clinical.write"):
        raise DomainError("Your role cannot add addenda to clinical records.")
    reason, body = reason.strip(), body.strip()
    if not reason or not body:
        raise DomainError("Give both the reason and the text of the addendum.")
    addendum = Addendum(
        clinic_id=record.clinic_id,
        patient_id=patient_id,
        record_type=record_type,
        record_id=record.id,
        author_id=user.id,
        reason=reason,
        body=body,
        created_at=utcnow(),
    )
    addendum.content_hash = content_hash(
        {
            "record": [record_type, record.id, record.content_hash],
            "author": user.id,
            "created_at": addendum.created_at,
            "reason": reason,
            "body": body,
        }
    )
    db.session.add(addendum)
    db.session.flush()
    audit.record("addendum", category, patient_id=patient_id, entity_type=record_type, entity_id=record.id)
    return addendum


def addenda_for(record_type: str, record_ids: list[int]) -> dict[int, list[Addendum]]:
    """Addenda of many records in one query, oldest first."""
    result: dict[int, list[Addendum]] = {rid: [] for rid in record_ids}
    if not record_ids:
        return result
    rows = db.session.scalars(
        select(Addendum)
        .where(Addendum.record_type == record_type, Addendum.record_id.in_(record_ids))
        .order_by(Addendum.created_at, Addendum.id)
    )
    for row in rows:
        result[row.record_id].append(row)
    return result
