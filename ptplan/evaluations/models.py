"""Evaluation notes. Structured fields, signed and locked (NOTE-01).

The columns ``id, clinic_id, patient_id, therapist_id, kind, date_of_service`` and the
signing columns are the contract that plans, sessions and the caseload views rely on.
Clinical content is structured columns and child tables; JSON holds only the answer lists
of fixed-length questionnaires and the fixed-shape neuro-screen grid, both validated by the
form and the service.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, LockedByParent, Signable, utcnow
from ptplan.extensions import db
from ptplan.library.models import Muscle

if TYPE_CHECKING:
    from ptplan.outcomes.models import OutcomeScore

EVALUATION_KINDS = {
    "initial": "Initial evaluation",
    "reevaluation": "Re-evaluation",
    "discharge": "Discharge evaluation",
}


def _between(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} BETWEEN {low} AND {high}", name=column)


class Evaluation(ClinicScoped, Signable, db.Model):
    __tablename__ = "evaluation"
    __table_args__ = (
        CheckConstraint("kind IN ('initial', 'reevaluation', 'discharge')", name="kind"),
        Index("ix_evaluation_patient_date", "patient_id", "date_of_service"),
        Index("ix_evaluation_clinic_therapist_date", "clinic_id", "therapist_id", "date_of_service"),
        # NPRS 0-10 (Childs et al., Spine 2005)
        _between("nprs_current", 0, 10),
        _between("nprs_best", 0, 10),
        _between("nprs_worst", 0, 10),
        # SLR hip-flexion angle 0-120 degrees (ptplan.measures.special_tests)
        _between("slr_left_angle", 0, 120),
        _between("slr_right_angle", 0, 120),
        CheckConstraint("slr_left_differentiation IN ('', 'positive', 'negative')", name="slr_left_diff"),
        CheckConstraint("slr_right_differentiation IN ('', 'positive', 'negative')", name="slr_right_diff"),
        # Lumbar range of motion as % of the expected normal range
        _between("rom_flexion", 0, 100),
        _between("rom_extension", 0, 100),
        _between("rom_side_bend_left", 0, 100),
        _between("rom_side_bend_right", 0, 100),
        _between("rom_rotation_left", 0, 100),
        _between("rom_rotation_right", 0, 100),
        CheckConstraint("prognosis IN ('', 'good', 'fair', 'poor')", name="prognosis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(14), default="initial")
    date_of_service: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    # Subjective
    chief_complaint: Mapped[str] = mapped_column(String(500), default="")
    onset_date: Mapped[date | None]
    onset_mechanism: Mapped[str] = mapped_column(String(1000), default="")
    aggravating_factors: Mapped[str] = mapped_column(String(1000), default="")
    easing_factors: Mapped[str] = mapped_column(String(1000), default="")
    patient_goals: Mapped[str] = mapped_column(String(1000), default="")
    red_flag_cauda_equina: Mapped[bool] = mapped_column(default=False)
    red_flag_weight_loss: Mapped[bool] = mapped_column(default=False)
    red_flag_fever: Mapped[bool] = mapped_column(default=False)
    red_flag_cancer_history: Mapped[bool] = mapped_column(default=False)
    red_flag_trauma: Mapped[bool] = mapped_column(default=False)
    red_flag_notes: Mapped[str] = mapped_column(String(1000), default="")
    pain_regions: Mapped[list] = mapped_column(JSON, default=list)  # codes from vocab.PAIN_REGIONS

    # Pain (NPRS, current / best / worst over 24 h)
    nprs_current: Mapped[int | None]
    nprs_best: Mapped[int | None]
    nprs_worst: Mapped[int | None]

    # Objective: straight-leg raise per side
    slr_left_angle: Mapped[int | None]
    slr_left_below_knee: Mapped[bool] = mapped_column(default=False)
    slr_left_differentiation: Mapped[str] = mapped_column(String(8), default="")
    slr_left_crossed: Mapped[bool] = mapped_column(default=False)
    slr_right_angle: Mapped[int | None]
    slr_right_below_knee: Mapped[bool] = mapped_column(default=False)
    slr_right_differentiation: Mapped[str] = mapped_column(String(8), default="")
    slr_right_crossed: Mapped[bool] = mapped_column(default=False)
    # Lumbar range of motion, % of expected normal
    rom_flexion: Mapped[int | None]
    rom_extension: Mapped[int | None]
    rom_side_bend_left: Mapped[int | None]
    rom_side_bend_right: Mapped[int | None]
    rom_rotation_left: Mapped[int | None]
    rom_rotation_right: Mapped[int | None]
    # {"myotomes": {"L2": {"left": 0-5, "right": 0-5}, ...}, "reflexes": {...0-4}, "dermatomes": {...}}
    neuro_screen: Mapped[dict] = mapped_column(JSON, default=dict)

    # Outcome-measure answers as entered (fixed-length lists; None = skipped). Scores live
    # in OutcomeScore, computed by ptplan.measures on save.
    odi_answers: Mapped[list | None] = mapped_column(JSON)
    fabq_answers: Mapped[list | None] = mapped_column(JSON)
    lefs_answers: Mapped[list | None] = mapped_column(JSON)
    ndi_answers: Mapped[list | None] = mapped_column(JSON)
    quickdash_answers: Mapped[list | None] = mapped_column(JSON)

    # Body regions examined (codes from ptplan.catalogue.regions.BODY_REGIONS), their special
    # tests as the fixed grid {test: {"left"|"right"|"central": "positive"|"negative"}} and
    # their range of motion {field: degrees}; the form and the rules validate both shapes.
    body_regions: Mapped[list] = mapped_column(JSON, default=list)
    special_tests: Mapped[dict] = mapped_column(JSON, default=dict)
    region_rom: Mapped[dict] = mapped_column(JSON, default=dict)

    # Assessment
    impression: Mapped[str] = mapped_column(Text, default="")
    diagnoses: Mapped[list] = mapped_column(JSON, default=list)  # [{"code": "M54.41", "text": "..."}]
    prognosis: Mapped[str] = mapped_column(String(4), default="")
    prognosis_text: Mapped[str] = mapped_column(String(1000), default="")
    problem_list: Mapped[str] = mapped_column(Text, default="")

    therapist: Mapped[User] = relationship(foreign_keys=[therapist_id], lazy="joined")
    trigger_points: Mapped[list[EvaluationTriggerPoint]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="EvaluationTriggerPoint.position"
    )
    psfs_activities: Mapped[list[EvaluationPsfsActivity]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="EvaluationPsfsActivity.position"
    )
    scores: Mapped[list[OutcomeScore]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="OutcomeScore.code"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return EVALUATION_KINDS[self.kind]

    @property
    def red_flags_present(self) -> list[str]:
        from ptplan.evaluations.vocab import RED_FLAGS

        return [label for name, label in RED_FLAGS.items() if getattr(self, name)]

    def score_for(self, code: str) -> OutcomeScore | None:
        return next((s for s in self.scores if s.code == code), None)

    def signing_content(self) -> dict:
        """Everything clinical: every column, the child rows and the computed scores."""
        from ptplan.evaluations.rules import CONTENT_COLUMNS

        session = object_session(self)
        if session is not None:
            # Loading the children must not autoflush a half-signed record (signer and hash
            # are written in one flush by ptplan.records.services.sign).
            with session.no_autoflush:
                return self._content(CONTENT_COLUMNS)
        return self._content(CONTENT_COLUMNS)

    def _content(self, columns) -> dict:
        from ptplan.evaluations.rules import OPTIONAL_CONTENT_COLUMNS

        content = {
            name: getattr(self, name)
            for name in columns
            if name not in OPTIONAL_CONTENT_COLUMNS or getattr(self, name)
        }
        content.update(
            {
                "patient_id": self.patient_id,
                "kind": self.kind,
                "date_of_service": self.date_of_service,
                "therapist_id": self.therapist_id,
                "trigger_points": [tp.signing_content() for tp in self.trigger_points],
                "psfs_activities": [a.signing_content() for a in self.psfs_activities],
                # By code, as the relationship loads them: a fresh note's scores are in
                # insertion order until it is read back.
                "scores": [s.signing_content() for s in sorted(self.scores, key=lambda s: s.code)],
                "signed_by_id": self.signed_by_id,
                "signed_at": self.signed_at,
            }
        )
        return content


class EvaluationTriggerPoint(LockedByParent, db.Model):
    """A palpated trigger point: muscle (clinic catalogue), side, and whether it reproduces symptoms."""

    __tablename__ = "evaluation_trigger_point"
    __table_args__ = (CheckConstraint("side IN ('left', 'right', 'bilateral', 'midline')", name="side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    muscle_id: Mapped[int] = mapped_column(ForeignKey("muscle.id"))
    side: Mapped[str] = mapped_column(String(9))
    reproduces_symptoms: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    evaluation: Mapped[Evaluation] = relationship(back_populates="trigger_points")
    muscle: Mapped[Muscle] = relationship(lazy="joined")

    def lock_owner(self) -> Evaluation | None:
        return self.evaluation

    def signing_content(self) -> dict:
        return {"muscle_id": self.muscle_id, "side": self.side, "reproduces": self.reproduces_symptoms}


class EvaluationPsfsActivity(LockedByParent, db.Model):
    """One patient-named activity of the PSFS, rated 0-10 (Stratford et al. 1995)."""

    __tablename__ = "evaluation_psfs_activity"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 0 AND 10", name="rating"),
        CheckConstraint("length(activity) > 0", name="activity_not_empty"),
        CheckConstraint("position BETWEEN 0 AND 4", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    activity: Mapped[str] = mapped_column(String(120))
    rating: Mapped[int | None]

    evaluation: Mapped[Evaluation] = relationship(back_populates="psfs_activities")

    def lock_owner(self) -> Evaluation | None:
        return self.evaluation

    def signing_content(self) -> dict:
        return {"activity": self.activity, "rating": self.rating}
