"""A patient's request to amend a signed record, and everything appended to it (HIPAA §164.526).

The request never edits the record it names. Accepting it writes an addendum (linked here);
denying it appends the denial, and later the patient's statement of disagreement and the
clinic's rebuttal. Each appended part is written once: the ``before_flush`` guard below refuses
to change or clear it afterwards, and refuses to delete a request at all.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, backref, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, utcnow
from ptplan.exceptions import SignedRecordError
from ptplan.extensions import db
from ptplan.records.models import Addendum

STATUSES = {"open": "Open", "accepted": "Accepted", "denied": "Denied"}
RECORD_LABELS = {"evaluation": "Evaluation", "visit_note": "Session note", "plan_of_care": "Plan of care"}
# Written once, never changed or cleared (the guard below enforces it at the data layer).
WRITE_ONCE = (
    "patient_id",
    "record_type",
    "record_id",
    "requested_by",
    "received_on",
    "requested_change",
    "request_reason",
    "due_on",
    "recorded_by_id",
    "extended_due_on",
    "extension_reason",
    "extended_by_id",
    "extended_at",
    "decided_by_id",
    "decided_at",
    "decision_reason",
    "addendum_id",
    "disagreement",
    "disagreement_received_on",
    "disagreement_recorded_by_id",
    "rebuttal",
    "rebuttal_by_id",
    "rebuttal_at",
)


class AmendmentRequest(ClinicScoped, db.Model):
    __tablename__ = "amendment_request"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'accepted', 'denied')", name="status"),
        CheckConstraint("record_type IN ('evaluation', 'visit_note', 'plan_of_care')", name="record_type"),
        CheckConstraint("due_on > received_on", name="due_after_received"),
        CheckConstraint("extended_due_on IS NULL OR extended_due_on > due_on", name="extension_later"),
        CheckConstraint(
            "(extended_due_on IS NULL) = (extension_reason IS NULL)", name="extension_has_reason"
        ),
        CheckConstraint("status != 'accepted' OR addendum_id IS NOT NULL", name="accepted_has_addendum"),
        CheckConstraint("status != 'denied' OR decision_reason IS NOT NULL", name="denied_has_reason"),
        CheckConstraint("rebuttal IS NULL OR disagreement IS NOT NULL", name="rebuttal_needs_disagreement"),
        CheckConstraint("length(requested_change) > 0 AND length(request_reason) > 0", name="not_empty"),
        Index("ix_amendment_request_open", "clinic_id", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    requested_by: Mapped[str] = mapped_column(String(120))  # the patient or their representative
    received_on: Mapped[date] = mapped_column(Date)
    requested_change: Mapped[str] = mapped_column(Text)
    request_reason: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="open")
    # One 30-day extension, with its reason (§164.526(b)(2)(ii)).
    extended_due_on: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    extended_at: Mapped[datetime | None]
    # The decision by the assigned therapist.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    addendum_id: Mapped[int | None] = mapped_column(ForeignKey("addendum.id"))
    # After a denial: the patient's statement of disagreement, then the clinic's rebuttal.
    disagreement: Mapped[str | None] = mapped_column(Text)
    disagreement_received_on: Mapped[date | None] = mapped_column(Date)
    disagreement_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    rebuttal: Mapped[str | None] = mapped_column(Text)
    rebuttal_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    rebuttal_at: Mapped[datetime | None]

    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    extended_by: Mapped[User | None] = relationship(foreign_keys=[extended_by_id])
    disagreement_recorded_by: Mapped[User | None] = relationship(foreign_keys=[disagreement_recorded_by_id])
    rebuttal_by: Mapped[User | None] = relationship(foreign_keys=[rebuttal_by_id])
    addendum: Mapped[Addendum | None] = relationship()
    # Patient.amendment_requests, newest first: the chart loads it with the patient (one statement).
    patient = relationship(
        "Patient",
        viewonly=True,
        backref=backref(
            "amendment_requests",
            viewonly=True,
            order_by=lambda: [AmendmentRequest.received_on.desc(), AmendmentRequest.id.desc()],
        ),
    )

    @property
    def effective_due_on(self) -> date:
        return self.extended_due_on or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def record_label(self) -> str:
        return RECORD_LABELS[self.record_type]


@event.listens_for(Session, "before_flush")
def _append_only_amendments(session: Session, flush_context: Any, instances: Any) -> None:
    """NOTE-04: what was appended to a request stays as written; requests are never deleted."""
    for obj in session.deleted:
        if isinstance(obj, AmendmentRequest):
            raise SignedRecordError("Amendment requests are part of the record and are never deleted.")
    for obj in session.dirty:
        if not isinstance(obj, AmendmentRequest) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        for name in WRITE_ONCE:
            history = state.attrs[name].load_history()
            if history.deleted and history.deleted[0] is not None:
                raise SignedRecordError("What was recorded on an amendment request cannot be changed.")
        status = state.attrs.status.load_history()
        if status.deleted and status.deleted[0] != "open":
            raise SignedRecordError("A decided amendment request cannot be decided again.")
