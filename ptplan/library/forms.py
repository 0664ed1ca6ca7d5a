"""Library forms: a clinic's own exercises, muscles and manual techniques."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from ptplan.catalogue.exercise_base import REGIONS  # not the whole library: it loads at first use
from ptplan.catalogue.regions import BODY_REGIONS, EQUIPMENT
from ptplan.forms import MultiCheckboxField, choices, long_text, text
from ptplan.library.models import SIDES
from ptplan.library.rules import DOSAGE_LIMITS


def _dosage(key: str, default_label: str | None = None) -> IntegerField:
    low, high, label = DOSAGE_LIMITS[key]
    unit = " seconds" if key == "hold_seconds" else ""
    return IntegerField(
        default_label or label,
        validators=[
            InputRequired(message=f"Enter {label.lower()}."),
            NumberRange(low, high, message=f"{label} must be between {low} and {high}{unit}."),
        ],
    )


class ExerciseForm(FlaskForm):
    name = text("Name", 120, required=True)
    region = SelectField("Target region", choices=choices([(r, r.capitalize()) for r in REGIONS]))
    region_tags = MultiCheckboxField(
        "Body regions (the plan builder filters by these)", choices=choices(list(BODY_REGIONS.items()))
    )
    equipment = MultiCheckboxField("Equipment", choices=choices(list(EQUIPMENT.items())))
    purpose = text("What it is for", 300)
    steps = long_text("Steps", 3000, required=True, description="One step a line, in plain words.")
    cautions = long_text(
        "Stop if…", 2000, required=True, description="One caution a line; each completes “Stop if …”."
    )
    default_sets = _dosage("sets", "Sets")
    default_reps = _dosage("reps", "Repetitions")
    default_hold_seconds = _dosage("hold_seconds", "Hold (seconds)")
    default_times_per_day = _dosage("times_per_day", "Times a day")
    default_days_per_week = _dosage("days_per_week", "Days a week")
    default_side = SelectField("Side", choices=choices([(s, s.capitalize()) for s in SIDES]), default="none")
    pose_from = SelectField(
        "Illustration", validate_choice=True, description="Reuse the drawing of a built-in exercise."
    )
    photo = FileField("Or upload a photo (PNG or JPEG, up to 5 MB)")

    @staticmethod
    def lines(value: str) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate_region_tags(self, field) -> None:
        if not field.data:
            raise ValidationError("Tick at least one body region, so the exercise can be found by region.")


class MuscleForm(FlaskForm):
    name = text("Name", 120, required=True)
    region = text("Region", 60, required=True)
    has_laterality = BooleanField("Needled per side (left/right)", default=True)
    is_over_lung_field = BooleanField(
        "Over the lung field (the consent names pneumothorax; the record asks to confirm the technique)"
    )
    structure_at_risk = text(
        "Nerve or vessel at risk nearby",
        120,
        description="Shown in the procedure record, e.g. “sciatic nerve”.",
    )


class TechniqueForm(FlaskForm):
    name = text("Name", 120, required=True)
    grade_applies = BooleanField("Recorded with a grade (I–V)")
    default_minutes = IntegerField(
        "Usual minutes",
        validators=[
            InputRequired(message="Enter the usual minutes."),
            NumberRange(1, 60, message="Minutes must be between 1 and 60."),
        ],
    )
    patient_description = long_text("What the patient is told", 400)
