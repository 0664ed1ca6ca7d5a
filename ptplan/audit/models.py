"""One audit row per PHI access or security event. Never updated, never deleted.

Each clinic has its own hash chain (``chain_id`` is the clinic id, 0 for events without a
clinic) numbered by ``chain_seq``; the unique index on the pair makes a fork impossible at the
database level. Rows written before per-clinic chains have ``chain_seq`` NULL: that legacy trail
is covered by an anchor row at the start of every chain (see ptplan.audit.services).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, CheckConstraint, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.db import utcnow
from ptplan.extensions import db

ACTIONS = (
    "read",
    "create",
    "update",
    "sign",
    "addendum",
    "archive",
    "query",
    "print",
    "export",
    "login",
    "login_failed",
    "mfa_failed",
    "mfa_enrolled",
    "lockout",
    "logout",
    "timeout",
    "password_change",
    "user_create",
    "role_change",
    "user_disable",
    "user_enable",
    "settings_change",
    "denied",
    # account recovery and sessions (issue 17)
    "reset_link_issued",
    "reset_link_used",
    "reset_link_failed",
    "reset_requested",
    "recovery_codes_issued",
    "recovery_code_used",
    "mfa_reset",
    "session_end",
    # patient amendment requests (NOTE-04)
    "amendment_request",
    "amendment_extend",
    "amendment_accept",
    "amendment_deny",
    "amendment_disagree",
    "amendment_rebuttal",
    "take_over",
    "anchor",
)
OUTCOMES = ("success", "denied", "failure")


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint("outcome IN ('success', 'denied', 'failure')", name="outcome"),
        Index("ix_audit_event_occurred_at", "occurred_at"),
        Index("ix_audit_event_patient", "patient_id", "occurred_at"),
        Index("ix_audit_event_user", "user_id", "occurred_at"),
        Index("uq_audit_event_chain", "chain_id", "chain_seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Plain integers, not foreign keys: the trail must outlive any row it names.
    clinic_id: Mapped[int | None]
    user_id: Mapped[int | None]
    patient_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(8), default="success")
    source_ip: Mapped[str] = mapped_column(String(45), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")  # never PHI text
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    chain_id: Mapped[int] = mapped_column(default=0, server_default="0")
    chain_seq: Mapped[int | None]  # NULL: a legacy row from the single global chain

    def canonical(self) -> dict:
        """What the row hash covers; the chain position is covered too, except on legacy rows."""
        data = {
            "occurred_at": self.occurred_at.isoformat(),
            "clinic_id": self.clinic_id,
            "user_id": self.user_id,
            "patient_id": self.patient_id,
            "action": self.action,
            "category": self.category,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "outcome": self.outcome,
            "source_ip": self.source_ip,
            "detail": self.detail,
        }
        if self.chain_seq is not None:
            data["chain_id"] = self.chain_id
            data["chain_seq"] = self.chain_seq
        return data


# AUD-04: the database itself refuses UPDATE and DELETE on the trail.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_event is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]
for _statement in SQLITE_TRIGGERS:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRES_TRIGGERS:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
