"""The clinic's library: exercises, muscles and manual techniques that plans, evaluations and
visit notes draw on.

Seeded from ``ptplan.catalogue`` (``ptplan.library.services``), edited by the clinic, archived and
never deleted once used. This package sits below plans, evaluations and sessions: it imports none
of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db

SIDES = ("left", "right", "both", "none")
"""The side of the body an exercise, a technique or a needled muscle applies to."""


class Exercise(ClinicScoped, db.Model):
    """A stretch or home exercise in the clinic's library; archived, never deleted, once used."""

    __tablename__ = "exercise"
    __table_args__ = (
        UniqueConstraint("clinic_id", "slug", name="uq_exercise_clinic_slug"),
        CheckConstraint("default_sets BETWEEN 1 AND 10", name="sets"),
        CheckConstraint("default_reps BETWEEN 1 AND 100", name="reps"),
        CheckConstraint("default_hold_seconds BETWEEN 0 AND 300", name="hold"),
        CheckConstraint("default_times_per_day BETWEEN 1 AND 10", name="times_per_day"),
        CheckConstraint("default_days_per_week BETWEEN 1 AND 7", name="days_per_week"),
        CheckConstraint("default_side IN ('left', 'right', 'both', 'none')", name="side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(60))
    # Body-region codes (ptplan.catalogue.regions.BODY_REGIONS) and equipment codes
    # (ptplan.catalogue.regions.EQUIPMENT): what the plan builder filters by.
    region_tags: Mapped[list] = mapped_column(JSON, default=list)
    equipment: Mapped[list] = mapped_column(JSON, default=list)
    steps: Mapped[list] = mapped_column(JSON)  # list[str], plain language
    cautions: Mapped[list] = mapped_column(JSON)  # list[str]
    default_sets: Mapped[int] = mapped_column(default=2)
    default_reps: Mapped[int] = mapped_column(default=10)
    default_hold_seconds: Mapped[int] = mapped_column(default=0)
    default_times_per_day: Mapped[int] = mapped_column(default=1)
    default_days_per_week: Mapped[int] = mapped_column(default=7)
    default_side: Mapped[str] = mapped_column(String(8), default="none")
    purpose: Mapped[str] = mapped_column(String(300), default="")
    pose: Mapped[dict | None] = mapped_column(JSON)  # ptplan.illustrations pose description
    is_builtin: Mapped[bool] = mapped_column(default=False)  # seeded from ptplan.catalogue
    photo_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    is_archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Muscle(ClinicScoped, db.Model):
    """Muscle catalogue for dry needling and palpated trigger points."""

    __tablename__ = "muscle"
    __table_args__ = (UniqueConstraint("clinic_id", "slug", name="uq_muscle_clinic_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(60))
    has_laterality: Mapped[bool] = mapped_column(default=True)
    # DOMAIN.md "Dry needling by region": pneumothorax risk, and the nerve or vessel at risk.
    is_over_lung_field: Mapped[bool] = mapped_column(default=False)
    structure_at_risk: Mapped[str] = mapped_column(String(120), default="")
    is_builtin: Mapped[bool] = mapped_column(default=False)
    is_archived: Mapped[bool] = mapped_column(default=False)


class ManualTechnique(ClinicScoped, db.Model):
    __tablename__ = "manual_technique"
    __table_args__ = (
        UniqueConstraint("clinic_id", "slug", name="uq_manual_technique_clinic_slug"),
        CheckConstraint("default_minutes BETWEEN 1 AND 60", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    grade_applies: Mapped[bool] = mapped_column(default=False)
    default_minutes: Mapped[int] = mapped_column(default=10)
    patient_description: Mapped[str] = mapped_column(String(400), default="")
    is_builtin: Mapped[bool] = mapped_column(default=False)
    is_archived: Mapped[bool] = mapped_column(default=False)
