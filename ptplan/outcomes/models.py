"""One row per scored measure, whether it came from an evaluation or a daily note.

This table is the shared language of progress: the chart, goals, progress notes and the
manager's outcome figures all read it. A row is locked with the note it came from
(``lock_owner``): once that note is signed, the score cannot change.

Layering: ``outcomes`` sits BELOW the notes that produce scores. Evaluations and visit notes
create the rows, through ``ptplan.outcomes.services``, so they import outcomes and never the
other way round. The links to the note are therefore declared by name here (foreign keys by
table name, relationships by class name, typed as the ``Signable`` they lock with), and
this module imports neither ``ptplan.evaluations`` nor ``ptplan.sessions``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.db import ClinicScoped, LockedByParent, Signable, utcnow
from ptplan.extensions import db
from ptplan.measures import MEASURES

MEASURE_CODES = tuple(MEASURES)
# Score range per measure (ptplan.measures score_range), enforced by the database too.
_VALUE_RANGES = {
    "nprs": 10,
    "odi": 100,
    "psfs": 10,
    "lefs": 80,
    "fabq": 42,
    "ndi": 100,
    "quickdash": 100,
    "quickdash_work": 100,
    "quickdash_sports": 100,
}
MEASURE_CODES_SQL = ", ".join(f"'{code}'" for code in MEASURE_CODES)
SOURCES = {"evaluation": "Evaluation", "visit_note": "Visit note"}


class OutcomeScore(ClinicScoped, LockedByParent, db.Model):
    __tablename__ = "outcome_score"
    __table_args__ = (
        CheckConstraint(f"code IN ({MEASURE_CODES_SQL})", name="code"),
        CheckConstraint("source IN ('evaluation', 'visit_note')", name="source"),
        # Score ranges per measure, so a buggy view cannot store an impossible score.
        CheckConstraint(
            " OR ".join(
                f"(code = '{code}' AND value BETWEEN 0 AND {high})" for code, high in _VALUE_RANGES.items()
            ),
            name="value_range",
        ),
        # A score names the note it came from, and only that one.
        CheckConstraint(
            "(source = 'evaluation' AND evaluation_id IS NOT NULL AND visit_note_id IS NULL)"
            " OR (source = 'visit_note' AND visit_note_id IS NOT NULL AND evaluation_id IS NULL)",
            name="source_link",
        ),
        Index("ix_outcome_score_patient_code_date", "patient_id", "code", "taken_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    code: Mapped[str] = mapped_column(String(16))
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

    # The note the score came from (an Evaluation or a VisitNote), named by class so that
    # outcomes does not import the packages that write it.
    evaluation: Mapped[Signable | None] = relationship("Evaluation", back_populates="scores")
    visit_note: Mapped[Signable | None] = relationship("VisitNote")

    def lock_owner(self) -> Signable | None:
        if self.evaluation_id is not None or self.evaluation is not None:
            return self.evaluation
        return self.visit_note

    def signing_content(self) -> dict:
        return {
            "code": self.code,
            "value": self.value,
            "band": self.band,
            "answers": self.answers,
            "subscores": self.subscores,
            "taken_on": self.taken_on,
        }
