"""Writes and verifies the hash chain: hash = SHA-256(prev_hash || canonical(row)) (AUD-05)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from ptplan.audit.models import ACTIONS, AuditEvent
from ptplan.db import canonical_json, utcnow
from ptplan.extensions import db

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 727_001  # one advisory lock id for the whole trail (PostgreSQL)


def _chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event.canonical())).encode()).hexdigest()


def row_hash(prev_hash: str, event) -> str:
    """The chain hash of ``event`` (anything with ``canonical()``) after ``prev_hash``: for bulk
    writers (the data generator) that insert rows without ``record``."""
    return _chain_hash(prev_hash, event)


def client_ip() -> str:
    """The request's source address (45 characters hold IPv6), or "cli" outside a request."""
    if not has_request_context():
        return "cli"
    return (request.remote_addr or "")[:45]


def record(
    action: str,
    category: str,
    *,
    patient_id: int | None = None,
    entity_type: str = "",
    entity_id: int | None = None,
    outcome: str = "success",
    detail: str = "",
    user=None,
    clinic_id: int | None = None,
) -> AuditEvent:
    """Append one audit row inside the current transaction; it commits with the request."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers so the chain never forks; released at commit or rollback.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
    last = session.execute(
        select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    event = AuditEvent(
        occurred_at=utcnow(),
        clinic_id=clinic_id if clinic_id is not None else getattr(user, "clinic_id", None),
        user_id=getattr(user, "id", None),
        patient_id=patient_id,
        action=action,
        category=category,
        entity_type=entity_type,
        entity_id=entity_id,
        outcome=outcome,
        source_ip=client_ip(),
        detail=_one_line(detail)[:200],
        prev_hash=last or GENESIS,
    )
    event.row_hash = _chain_hash(event.prev_hash, event)
    session.add(event)
    session.flush()
    return event


def _one_line(value: str) -> str:
    """Control characters are encoded so nobody can forge a line (LOG-01)."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)


@dataclass
class ChainBreak:
    row_id: int
    problem: str


def verify_chain(batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Walk the trail in id order; return rows checked and the first break, if any."""
    previous = GENESIS
    checked = 0
    for event in _iter_events(batch_size):
        if event.prev_hash != previous:
            return checked, ChainBreak(
                event.id, "the previous row was removed, inserted or altered before this row"
            )
        if _chain_hash(event.prev_hash, event) != event.row_hash:
            return checked, ChainBreak(event.id, "this row's content was altered")
        previous = event.row_hash
        checked += 1
    return checked, None


def _iter_events(batch_size: int) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        rows = (
            db.session.execute(
                select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch_size)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        db.session.expunge_all()
