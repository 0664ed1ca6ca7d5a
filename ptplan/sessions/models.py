"""Visit notes (daily, progress, discharge summary) and what each one holds.

The VisitNote columns up to ``has_urgent_adverse_event`` / ``signed_at`` / ``created_at`` are the
contract that the caseload views rely on; the rest (SOAP text and child rows) belongs to the
sessions package. Every child row is locked with its note (``LockedByParent``), and the note's
``signing_content`` covers all of them, so the signature hash covers the whole note.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, LockedByParent, Signable, utcnow
from ptplan.extensions import db
from ptplan.library.models import Muscle

NOTE_KINDS = {"daily": "Daily note", "progress": "Progress note", "discharge": "Discharge summary"}
ADHERENCE = {"done": "Done as prescribed", "partly": "Partly done", "not": "Not done"}
GOAL_REVIEW_STATUSES = {"met": "Met", "progressing": "Progressing", "not_met": "Not met"}
DN_TECHNIQUES = {
    "static": "Static (needle left in place)",
    "pistoning": "Pistoning (fast in and out)",
    "electrical_stimulation": "With electrical stimulation",
}
# Project choice: twitch graded none / weak / strong (a visible or palpable local twitch response).
TWITCH_GRADES = {"none": "No twitch response", "weak": "Twitch: weak", "strong": "Twitch: strong"}
TOLERANCES = {"good": "Tolerated well", "fair": "Tolerated with discomfort", "poor": "Poorly tolerated"}
# DOMAIN.md: the adverse-event list; suspected pneumothorax is urgent.
ADVERSE_EVENTS = {
    "none": "None",
    "soreness": "Soreness",
    "bruising": "Bruising",
    "bleeding": "Bleeding",
    "vasovagal": "Vasovagal reaction",
    "fainting": "Fainting",
    "nerve_irritation": "Nerve irritation",
    "pneumothorax": "Suspected pneumothorax",
}
URGENT_ADVERSE_EVENTS = frozenset({"pneumothorax"})
DN_SIDES = {"left": "Left", "right": "Right", "both": "Both", "none": "Midline / not sided"}


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class VisitNote(ClinicScoped, Signable, db.Model):
    __tablename__ = "visit_note"
    __table_args__ = (
        CheckConstraint("kind IN ('daily', 'progress', 'discharge')", name="kind"),
        CheckConstraint("nprs_before IS NULL OR nprs_before BETWEEN 0 AND 10", name="nprs_before"),
        CheckConstraint("nprs_after IS NULL OR nprs_after BETWEEN 0 AND 10", name="nprs_after"),
        CheckConstraint(
            "total_timed_minutes >= 0 AND total_treatment_minutes >= total_timed_minutes", name="minutes"
        ),
        CheckConstraint("visit_number >= 1", name="visit_number"),
        Index("ix_visit_note_patient_date", "patient_id", "date_of_service"),
        Index("ix_visit_note_clinic_therapist_date", "clinic_id", "therapist_id", "date_of_service"),
        Index("ix_visit_note_clinic_signed", "clinic_id", "signed_at", "created_at"),
        # The chart's unsigned notes of ONE patient (the clinic index above scans the whole clinic).
        Index("ix_visit_note_patient_signed", "patient_id", "signed_at", "created_at"),
        Index("ix_visit_note_plan", "plan_id", "visit_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_of_care.id"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(10), default="daily")
    date_of_service: Mapped[date]
    visit_number: Mapped[int] = mapped_column(default=1)  # treatment day count within the plan lineage
    nprs_before: Mapped[int | None]
    nprs_after: Mapped[int | None]
    total_timed_minutes: Mapped[int] = mapped_column(default=0)
    total_treatment_minutes: Mapped[int] = mapped_column(default=0)
    payer_rule: Mapped[str] = mapped_column(String(8), default="cms")
    has_dry_needling: Mapped[bool] = mapped_column(default=False)
    has_adverse_event: Mapped[bool] = mapped_column(default=False)
    has_urgent_adverse_event: Mapped[bool] = mapped_column(default=False)  # suspected pneumothorax
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # SOAP text (sessions package)
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan_next: Mapped[str] = mapped_column(Text, default="")  # plan for the next visit
    discharge_reason: Mapped[str] = mapped_column(String(300), default="")
    # discharge summary: [{"code", "initial", "initial_on", "final", "final_on", "change"}]
    outcome_summary: Mapped[list] = mapped_column(JSON, default=list)

    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id], lazy="joined")
    interventions: Mapped[list[NoteIntervention]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteIntervention.position"
    )
    billing_lines: Mapped[list[NoteBillingLine]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteBillingLine.cpt_code"
    )
    adherence: Mapped[list[NoteAdherence]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteAdherence.position"
    )
    goal_reviews: Mapped[list[NoteGoalReview]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteGoalReview.position"
    )
    needling: Mapped[NeedlingRecord | None] = relationship(
        back_populates="note", cascade="all, delete-orphan", uselist=False
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return NOTE_KINDS[self.kind]

    @property
    def total_units(self) -> int:
        return sum(line.units for line in self.billing_lines)

    def signing_content(self) -> dict:
        """Everything the note says, children included (SECURITY.md NOTE-01)."""
        return {
            "patient_id": self.patient_id,
            "plan_id": self.plan_id,
            "therapist_id": self.therapist_id,
            "kind": self.kind,
            "date_of_service": self.date_of_service,
            "visit_number": self.visit_number,
            "nprs": [self.nprs_before, self.nprs_after],
            "minutes": [self.total_timed_minutes, self.total_treatment_minutes],
            "payer_rule": self.payer_rule,
            "soap": [self.subjective, self.objective, self.assessment, self.plan_next],
            "discharge_reason": self.discharge_reason,
            "outcome_summary": list(self.outcome_summary or []),
            "flags": [self.has_dry_needling, self.has_adverse_event, self.has_urgent_adverse_event],
            "interventions": [i.signing_content() for i in self.interventions],
            "billing": sorted(b.signing_content() for b in self.billing_lines),  # stable order
            "adherence": [a.signing_content() for a in self.adherence],
            "goal_reviews": [g.signing_content() for g in self.goal_reviews],
            "needling": self.needling.signing_content() if self.needling else None,
            "signed_by_id": self.signed_by_id,
            "signed_at": self.signed_at,
        }


class _NoteChild(LockedByParent):
    note: Mapped[VisitNote]

    def lock_owner(self) -> VisitNote | None:
        return self.note


class NoteIntervention(_NoteChild, db.Model):
    """One intervention delivered at the visit, in words that map to a CPT code, with minutes."""

    __tablename__ = "note_intervention"
    __table_args__ = (CheckConstraint("minutes BETWEEN 0 AND 240", name="minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), index=True)
    plan_intervention_id: Mapped[int | None] = mapped_column(ForeignKey("plan_intervention.id"))
    description: Mapped[str] = mapped_column(String(200))
    cpt_code: Mapped[str] = mapped_column(String(8))
    minutes: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    note: Mapped[VisitNote] = relationship(back_populates="interventions")

    def signing_content(self) -> list:
        return [self.description, self.cpt_code, self.minutes, self.plan_intervention_id]


class NoteBillingLine(_NoteChild, db.Model):
    """Minutes and units per CPT code, as computed by ptplan.billing on the server."""

    __tablename__ = "note_billing_line"
    __table_args__ = (
        CheckConstraint("minutes >= 0 AND units >= 0", name="non_negative"),
        UniqueConstraint("note_id", "cpt_code", name="uq_note_billing_line_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), index=True)
    cpt_code: Mapped[str] = mapped_column(String(8))
    minutes: Mapped[int] = mapped_column(default=0)
    units: Mapped[int] = mapped_column(default=0)
    is_timed: Mapped[bool] = mapped_column(default=True)

    note: Mapped[VisitNote] = relationship(back_populates="billing_lines")

    def signing_content(self) -> list:
        return [self.cpt_code, self.minutes, self.units, self.is_timed]


class NoteAdherence(_NoteChild, db.Model):
    """Home-program adherence for one exercise of the plan since the last visit."""

    __tablename__ = "note_adherence"
    __table_args__ = (
        CheckConstraint(_in("status", ADHERENCE), name="status"),
        CheckConstraint("status = 'done' OR length(reason) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), index=True)
    plan_intervention_id: Mapped[int | None] = mapped_column(ForeignKey("plan_intervention.id"))
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercise.id"))
    exercise_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(8), default="done")
    reason: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)

    note: Mapped[VisitNote] = relationship(back_populates="adherence")

    @property
    def status_label(self) -> str:
        return ADHERENCE[self.status]

    def signing_content(self) -> list:
        return [self.plan_intervention_id, self.exercise_name, self.status, self.reason]


class NoteGoalReview(_NoteChild, db.Model):
    """A goal's status as judged in a progress note or discharge summary.

    Signed plan goals are never edited; the judgement lives here, with the numbers it was
    based on at the time.
    """

    __tablename__ = "note_goal_review"
    __table_args__ = (CheckConstraint(_in("status", GOAL_REVIEW_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id"))
    description: Mapped[str] = mapped_column(String(400))
    measure_code: Mapped[str | None] = mapped_column(String(16))
    baseline_value: Mapped[float | None]
    target_value: Mapped[float | None]
    latest_value: Mapped[float | None]
    latest_on: Mapped[date | None]
    change: Mapped[str] = mapped_column(String(20), default="")  # improved / no change / worse / ""
    status: Mapped[str] = mapped_column(String(12), default="progressing")
    position: Mapped[int] = mapped_column(default=0)

    note: Mapped[VisitNote] = relationship(back_populates="goal_reviews")

    @property
    def status_label(self) -> str:
        return GOAL_REVIEW_STATUSES[self.status]

    def signing_content(self) -> list:
        return [
            self.goal_id,
            self.description,
            self.measure_code,
            self.baseline_value,
            self.latest_value,
            self.latest_on,
            self.change,
            self.status,
        ]


class NeedlingRecord(_NoteChild, db.Model):
    """The dry-needling procedure record for one visit (DOMAIN.md, per-treatment record)."""

    __tablename__ = "dn_procedure"
    __table_args__ = (
        CheckConstraint(_in("technique", DN_TECHNIQUES), name="technique"),
        CheckConstraint(_in("twitch_grade", TWITCH_GRADES), name="twitch_grade"),
        CheckConstraint(_in("tolerance", TOLERANCES), name="tolerance"),
        CheckConstraint("cpt_code IN ('20560', '20561')", name="cpt_code"),
        CheckConstraint("needles_in >= 1 AND (needles_out IS NULL OR needles_out >= 0)", name="needles"),
        CheckConstraint("needle_gauge_mm > 0 AND needle_gauge_mm < 1", name="gauge"),
        CheckConstraint("needle_length_mm BETWEEN 7 AND 150", name="length"),
        CheckConstraint("minutes BETWEEN 0 AND 120", name="minutes"),
        CheckConstraint("no_injectate", name="no_injectate"),
        CheckConstraint(
            "technique <> 'electrical_stimulation' OR (estim_frequency_hz IS NOT NULL"
            " AND estim_intensity_ma IS NOT NULL AND estim_duration_min IS NOT NULL)",
            name="estim_parameters",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), unique=True)
    technique: Mapped[str] = mapped_column(String(24), default="static")
    estim_frequency_hz: Mapped[float | None]
    estim_intensity_ma: Mapped[float | None]
    estim_duration_min: Mapped[int | None]
    needle_gauge_mm: Mapped[float] = mapped_column(default=0.25)
    needle_length_mm: Mapped[int] = mapped_column(default=40)
    needles_in: Mapped[int] = mapped_column(default=1)
    needles_out: Mapped[int | None]
    twitch_grade: Mapped[str] = mapped_column(String(8), default="none")
    tolerance: Mapped[str] = mapped_column(String(8), default="good")
    response: Mapped[str] = mapped_column(String(1000), default="")
    adverse_events: Mapped[list] = mapped_column(JSON, default=list)
    sharps_disposed: Mapped[bool] = mapped_column(default=False)
    no_injectate: Mapped[bool] = mapped_column(default=True)
    # Required when a muscle over the lung field is needled (Halle & Halle 2016): the
    # therapist confirms a tangential or over-the-rib approach with a pincer grip.
    lung_field_technique_confirmed: Mapped[bool] = mapped_column(default=False)
    minutes: Mapped[int] = mapped_column(default=0)  # untimed: counts in total treatment time only
    cpt_code: Mapped[str] = mapped_column(String(8))

    note: Mapped[VisitNote] = relationship(back_populates="needling")
    muscles: Mapped[list[NeedledMuscle]] = relationship(
        back_populates="procedure",
        cascade="all, delete-orphan",
        order_by="NeedledMuscle.position",
        lazy="selectin",
    )

    @property
    def has_twitch(self) -> bool:
        return self.twitch_grade != "none"

    @property
    def adverse_event_labels(self) -> list[str]:
        return [ADVERSE_EVENTS[code] for code in self.adverse_events]

    def signing_content(self) -> dict:
        return {
            "technique": self.technique,
            "estim": [self.estim_frequency_hz, self.estim_intensity_ma, self.estim_duration_min],
            "needle": [self.needle_gauge_mm, self.needle_length_mm],
            "count": [self.needles_in, self.needles_out],
            "twitch": self.twitch_grade,
            "tolerance": self.tolerance,
            "response": self.response,
            "adverse_events": list(self.adverse_events),
            "sharps_disposed": self.sharps_disposed,
            "no_injectate": self.no_injectate,
            "minutes": self.minutes,
            "cpt": self.cpt_code,
            "muscles": [[m.muscle_id, m.side] for m in self.muscles],
            # Only when set, so records signed before the field existed keep their hash.
            **({"lung_field_technique_confirmed": True} if self.lung_field_technique_confirmed else {}),
        }


class NeedledMuscle(LockedByParent, db.Model):
    __tablename__ = "dn_procedure_muscle"
    __table_args__ = (
        CheckConstraint(_in("side", DN_SIDES), name="side"),
        UniqueConstraint("procedure_id", "muscle_id", "side", name="uq_dn_procedure_muscle_side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("dn_procedure.id"), index=True)
    muscle_id: Mapped[int] = mapped_column(ForeignKey("muscle.id"))
    side: Mapped[str] = mapped_column(String(6))
    position: Mapped[int] = mapped_column(default=0)

    procedure: Mapped[NeedlingRecord] = relationship(back_populates="muscles")
    muscle: Mapped[Muscle] = relationship(lazy="joined")

    def lock_owner(self) -> VisitNote | None:
        return self.procedure.note if self.procedure is not None else None

    @property
    def side_label(self) -> str:
        return DN_SIDES[self.side]
