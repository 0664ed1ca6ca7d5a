"""Plan of care, goals, interventions and the clinic libraries they draw on.

Plan of care contents per Medicare Benefit Policy Manual ch.15 §220.1.2: diagnoses, long-term
(and optional short-term) goals, and type, amount, frequency and duration of services.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, LockedByParent, Signable, only_changed, utcnow
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique
from ptplan.measures import MEASURES

PLAN_STATUSES = ("draft", "active", "superseded", "completed", "discontinued")
GOAL_TERMS = ("short", "long")
GOAL_STATUSES = ("active", "met", "progressing", "not_met", "discontinued")
INTERVENTION_KINDS = ("dry_needling", "manual_therapy", "home_exercise")
"""Kept in step with ``ptplan.plans.kinds.REGISTRY`` (a test compares them)."""

PLAN_UNLOCKED_COLUMNS = frozenset(
    {
        # lifecycle: active -> superseded / completed / discontinued
        "status",
        "ended_on",
        "end_reason",
        # the physician's certification arrives after the therapist signs (BPM ch.15 §220.1.3)
        "physician_name",
        "physician_npi",
        "physician_signed_on",
        "updated_at",
    }
)
"""Plan columns that may change after signing. None is covered by the signature hash
(``PlanOfCare.signing_content``), so the signed content stays verifiable. Every such change
is audited by the service that makes it."""

GOAL_UNLOCKED_COLUMNS = frozenset({"status"})
"""A goal's status (met, progressing...) is re-judged during the episode; its wording,
measure and target are signed and locked."""


intervention_goal = Table(
    "intervention_goal",
    db.metadata,
    Column("intervention_id", ForeignKey("plan_intervention.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", ForeignKey("plan_goal.id", ondelete="CASCADE"), primary_key=True),
    # The primary key serves "the goals of an intervention"; the plan page also asks for "the
    # interventions of these goals", which without this index scanned every clinic's links.
    Index("ix_intervention_goal_goal", "goal_id"),
)


# Goals may name any registered outcome measure; the database refuses any other code.
_MEASURE_CODES_SQL = ", ".join(f"'{code}'" for code in MEASURES)


# ------------------------------------------------------------------ plan of care


class PlanOfCare(ClinicScoped, Signable, db.Model):
    """One version of a patient's plan. A change to an active plan creates a new version."""

    __tablename__ = "plan_of_care"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'active', 'superseded', 'completed', 'discontinued')", name="status"
        ),
        CheckConstraint("frequency_per_week BETWEEN 1 AND 7", name="frequency"),
        CheckConstraint("duration_weeks BETWEEN 1 AND 52", name="duration"),
        CheckConstraint("cert_end_date >= cert_start_date", name="cert_order"),
        # Medicare BPM ch.15 §220.1.3: a certification covers at most 90 days.
        CheckConstraint("version_number >= 1", name="version_number"),
        CheckConstraint("physician_npi = '' OR length(physician_npi) = 10", name="physician_npi_length"),
        Index("ix_plan_of_care_patient_status", "patient_id", "status"),
        Index("ix_plan_of_care_clinic_status", "clinic_id", "status"),
        UniqueConstraint("lineage_id", "version_number", name="uq_plan_of_care_lineage_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation.id"))
    # All versions of one plan share a lineage id: the first version's id, given at its INSERT
    # (``_first_version_heads_its_lineage``), so no plan is ever outside a lineage.
    lineage_id: Mapped[int] = mapped_column(index=True)
    version_number: Mapped[int] = mapped_column(default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("plan_of_care.id"))
    status: Mapped[str] = mapped_column(String(14), default="draft")
    title: Mapped[str] = mapped_column(String(120), default="Plan of care")
    diagnoses: Mapped[list] = mapped_column(JSON, default=list)  # [{"code": "M54.41", "text": "..."}]
    frequency_per_week: Mapped[int] = mapped_column(default=2)
    duration_weeks: Mapped[int] = mapped_column(default=6)
    start_date: Mapped[date]
    cert_start_date: Mapped[date]
    cert_end_date: Mapped[date]
    physician_name: Mapped[str] = mapped_column(String(120), default="")
    physician_npi: Mapped[str] = mapped_column(String(10), default="")
    physician_signed_on: Mapped[date | None]
    change_summary: Mapped[str] = mapped_column(Text, default="")  # what changed from the previous version
    ended_on: Mapped[date | None]
    end_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)  # optimistic lock (SECURITY.md REL-03)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanGoal.position"
    )
    interventions: Mapped[list[PlanIntervention]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanIntervention.position"
    )

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def active_for(cls, patient_id: int) -> Select:
        """THE active-plan query: the patient's active plan, the newest version if ever two (one row)."""
        return (
            select(cls)
            .where(cls.patient_id == patient_id, cls.status == "active")
            .order_by(cls.version_number.desc(), cls.id.desc())
            .limit(1)
        )

    @classmethod
    def lineage_members(cls, lineage_id: int) -> Select:
        """The ids of every version of one plan (the lineage), as a subquery to filter by."""
        return select(cls.id).where(cls.lineage_id == lineage_id)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def lock_owner(self) -> PlanOfCare | None:
        """Locked once signed, except the lifecycle and physician columns (PLAN_UNLOCKED_COLUMNS)."""
        return None if only_changed(self, PLAN_UNLOCKED_COLUMNS) else self

    def interventions_of(self, kind: str) -> list[PlanIntervention]:
        return [i for i in self.interventions if i.kind == kind]

    @property
    def has_dry_needling(self) -> bool:
        return any(i.kind == "dry_needling" for i in self.interventions)

    def signing_content(self) -> dict:
        return {
            "patient_id": self.patient_id,
            "version_number": self.version_number,
            "diagnoses": self.diagnoses,
            "frequency_per_week": self.frequency_per_week,
            "duration_weeks": self.duration_weeks,
            "start_date": self.start_date,
            "cert": [self.cert_start_date, self.cert_end_date],
            "goals": [g.signing_content() for g in self.goals],
            "interventions": [i.signing_content() for i in self.interventions],
            "signed_by_id": self.signed_by_id,
            "signed_at": self.signed_at,
        }


@event.listens_for(PlanOfCare, "before_insert")
def _first_version_heads_its_lineage(mapper, connection, plan: PlanOfCare) -> None:
    """A first version's lineage id is its own id, written by the same INSERT (lineage_id is NOT NULL).

    The id is drawn first: PostgreSQL from the column's sequence; SQLite as the rowid it would
    pick itself (max + 1, and past any id this connection handed out in the same batch), under
    the write lock that every writing transaction holds.
    """
    if plan.lineage_id is not None:
        return
    if plan.id is None:
        if connection.dialect.name == "postgresql":
            plan.id = connection.scalar(
                select(func.nextval(func.pg_get_serial_sequence("plan_of_care", "id")))
            )
        else:
            # Several plans may be flushed in one batch before any row is written: never hand
            # out the same id twice on this connection.
            next_id = connection.scalar(select(func.coalesce(func.max(PlanOfCare.id), 0) + 1))
            plan.id = max(next_id, connection.info.get("ptplan.last_plan_id", 0) + 1)
            connection.info["ptplan.last_plan_id"] = plan.id
    plan.lineage_id = plan.id


class PlanGoal(LockedByParent, db.Model):
    __tablename__ = "plan_goal"
    __table_args__ = (
        CheckConstraint("term IN ('short', 'long')", name="term"),
        CheckConstraint(
            "status IN ('active', 'met', 'progressing', 'not_met', 'discontinued')", name="status"
        ),
        CheckConstraint(
            f"measure_code IS NULL OR measure_code IN ({_MEASURE_CODES_SQL})",
            name="measure_code",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_of_care.id"), index=True)
    term: Mapped[str] = mapped_column(String(5), default="long")
    description: Mapped[str] = mapped_column(String(400))
    patient_wording: Mapped[str] = mapped_column(String(400), default="")  # plain words for the handout
    measure_code: Mapped[str | None] = mapped_column(String(16))
    baseline_value: Mapped[float | None]
    target_value: Mapped[float | None]
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="active")
    position: Mapped[int] = mapped_column(default=0)
    origin_id: Mapped[int | None]  # the goal in the previous version this one was copied from

    plan: Mapped[PlanOfCare] = relationship(back_populates="goals")
    interventions: Mapped[list[PlanIntervention]] = relationship(
        secondary=intervention_goal, back_populates="goals", order_by="PlanIntervention.position"
    )

    def lock_owner(self) -> PlanOfCare | None:
        return None if only_changed(self, GOAL_UNLOCKED_COLUMNS) else self.plan

    def signing_content(self) -> dict:
        return {
            "term": self.term,
            "description": self.description,
            "measure": self.measure_code,
            "baseline": self.baseline_value,
            "target": self.target_value,
            "due": self.due_date,
        }


class PlanIntervention(LockedByParent, db.Model):
    """One intervention of a registered kind; its parameters are validated by that kind."""

    __tablename__ = "plan_intervention"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in INTERVENTION_KINDS) + ")", name="kind"),
        Index("ix_plan_intervention_plan_kind", "plan_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_of_care.id"))
    kind: Mapped[str] = mapped_column(String(20))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    cpt_code: Mapped[str] = mapped_column(String(8))
    # Library links, when the kind uses one (home exercise -> exercise; manual -> technique).
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercise.id"))
    technique_id: Mapped[int | None] = mapped_column(ForeignKey("manual_technique.id"))
    position: Mapped[int] = mapped_column(default=0)
    origin_id: Mapped[int | None]  # the intervention in the previous version this one was copied from

    plan: Mapped[PlanOfCare] = relationship(back_populates="interventions")
    goals: Mapped[list[PlanGoal]] = relationship(
        secondary=intervention_goal, back_populates="interventions", order_by="PlanGoal.position"
    )
    exercise: Mapped[Exercise | None] = relationship(lazy="joined")
    technique: Mapped[ManualTechnique | None] = relationship(lazy="joined")

    def lock_owner(self) -> PlanOfCare | None:
        return self.plan

    def signing_content(self) -> dict:
        return {
            "kind": self.kind,
            "params": self.params,
            "cpt": self.cpt_code,
            "exercise_id": self.exercise_id,
            "technique_id": self.technique_id,
            "goals": sorted(g.position for g in self.goals),
        }


class PlanTemplate(ClinicScoped, db.Model):
    """A clinic's reusable plan ("Sciatica: acute"): goals and interventions as data."""

    __tablename__ = "plan_template"
    __table_args__ = (UniqueConstraint("clinic_id", "name", name="uq_plan_template_clinic_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    is_archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
