"""One row per scored measure, whether it came from an evaluation or a daily note.

This table is the shared language of progress: the chart, goals, progress notes and the
manager's outcome figures all read it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db

MEASURE_CODES = ("nprs", "odi", "psfs", "lefs", "fabq")


class OutcomeScore(ClinicScoped, db.Model):
    __tablename__ = "outcome_score"
    __table_args__ = (
        CheckConstraint("code IN ('nprs', 'odi', 'psfs', 'lefs', 'fabq')", name="code"),
        CheckConstraint("source IN ('evaluation', 'visit_note')", name="source"),
        # Score ranges per measure, so a buggy view cannot store an impossible score.
        CheckConstraint(
            "(code = 'nprs' AND value BETWEEN 0 AND 10) OR (code = 'odi' AND value BETWEEN 0 AND 100)"
            " OR (code = 'psfs' AND value BETWEEN 0 AND 10) OR (code = 'lefs' AND value BETWEEN 0 AND 80)"
            " OR (code = 'fabq' AND value BETWEEN 0 AND 42)",
            name="value_range",
        ),
        Index("ix_outcome_score_patient_code_date", "patient_id", "code", "taken_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    code: Mapped[str] = mapped_column(String(8))
    value: Mapped[float]
    band: Mapped[str | None] = mapped_column(String(40))
    answers: Mapped[list | None] = mapped_column(JSON)
    subscores: Mapped[dict | None] = mapped_column(JSON)
    taken_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(12))
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation.id"), index=True)
    visit_note_id: Mapped[int | None] = mapped_column(ForeignKey("visit_note.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
