"""Intervention kinds, registered by key (the CTFd registry idea).

Adding a kind is one registered class: its parameters ``Form``, ``build`` (validation, with
every library id checked against the clinic), ``patient_description`` (plain words for the
printed plan) and ``cpt_code``. Keep ``models.INTERVENTION_KINDS`` (the DB CheckConstraint)
in step; a test compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from ptplan.billing import dry_needling_code
from ptplan.exceptions import DomainError
from ptplan.forms import MultiCheckboxField, choices, long_text, text
from ptplan.i18n.translator import gettext
from ptplan.library import services as library
from ptplan.library.models import SIDES, Exercise, ManualTechnique, Muscle
from ptplan.library.rules import DOSAGE_LIMITS
from ptplan.plans.models import PlanIntervention
from ptplan.plans.rules import dosage_words

SIDE_LABELS = {"left": "Left", "right": "Right", "both": "Both sides", "none": "Not sided"}
DN_TECHNIQUES = {
    "static": "Static (needle left in place)",
    "pistoning": "Pistoning (fast in-and-out)",
    "electrical": "With electrical stimulation",
}
GRADES = ("I", "II", "III", "IV", "V")


class InterventionForm(FlaskForm):
    """Every intervention serves at least one goal of its plan."""

    goal_ids = MultiCheckboxField(
        "Goals this serves",
        coerce=int,
        validators=[InputRequired(message="Link this intervention to at least one goal.")],
    )


@dataclass
class Built:
    """A validated intervention, ready to store."""

    params: dict[str, Any]
    cpt_code: str
    exercise: Exercise | None = None
    technique: ManualTechnique | None = None
    errors: dict[str, str] = field(default_factory=dict)


class InterventionKind:
    key: ClassVar[str]
    label: ClassVar[str]
    hint: ClassVar[str]
    Form: ClassVar[type[InterventionForm]]

    def prepare(self, form: InterventionForm, clinic_id: int) -> None:
        """Fill library choices for this clinic (only its own, unarchived entries)."""

    def build(self, form: InterventionForm, clinic_id: int) -> Built:
        raise NotImplementedError

    def cpt_code(self, params: dict[str, Any]) -> str:
        raise NotImplementedError

    def summary(self, intervention: PlanIntervention) -> str:
        """One line for the clinician."""
        raise NotImplementedError

    def patient_description(self, intervention: PlanIntervention) -> str:
        """Plain words for the printed plan: no codes, no abbreviations."""
        raise NotImplementedError


REGISTRY: dict[str, InterventionKind] = {}


def register(cls: type[InterventionKind]) -> type[InterventionKind]:
    REGISTRY[cls.key] = cls()
    return cls


def get(key: str) -> InterventionKind:
    try:
        return REGISTRY[key]
    except KeyError:
        raise DomainError("Choose dry needling, manual therapy or a home exercise.") from None


# ------------------------------------------------------------------ dry needling


class MuscleRow(Form):
    muscle_id = SelectField("Muscle", validate_choice=True, validators=[Optional()])
    side = SelectField("Side", choices=choices(SIDE_LABELS), default="right")


@register
class DryNeedling(InterventionKind):
    """Dry needling of named muscles; CPT 20560 (1-2 muscles) or 20561 (3+) (DOMAIN.md)."""

    key = "dry_needling"
    label = "Dry needling"
    hint = "Target muscles with side, technique, planned frequency and rationale."

    class Form(InterventionForm):
        muscles = FieldList(FormField(MuscleRow), min_entries=4, max_entries=8)
        technique = SelectField("Technique", choices=choices(DN_TECHNIQUES), default="static")
        frequency = text("Planned frequency", 80, required=True, description="For example: once a week")
        rationale = long_text("Clinical rationale", 1000, required=True)

    def prepare(self, form, clinic_id):
        options = [("", "(none)")] + [(str(m.id), m.name) for m in library.muscles(clinic_id)]
        for entry in form.muscles:
            entry.form.muscle_id.choices = choices(options)

    def build(self, form, clinic_id):
        muscles = []
        for entry in form.muscles:
            if not entry.form.muscle_id.data:
                continue
            muscle = library.clinic_item(Muscle, entry.form.muscle_id.data, clinic_id, what="muscle")
            side = entry.form.side.data if muscle.has_laterality else "none"
            muscles.append({"muscle_id": muscle.id, "slug": muscle.slug, "name": muscle.name, "side": side})
        built = Built(params={}, cpt_code="")
        if not muscles:
            built.errors["muscles"] = "Choose at least one muscle to needle."
            return built
        built.params = {
            "muscles": muscles,
            "technique": form.technique.data,
            "frequency": form.frequency.data,
            "rationale": form.rationale.data,
        }
        built.cpt_code = self.cpt_code(built.params)
        return built

    @staticmethod
    def muscle_count(params) -> int:
        """Each side counts as a muscle: right and left piriformis are two muscles."""
        return sum(2 if m["side"] == "both" else 1 for m in params.get("muscles", []))

    def cpt_code(self, params):
        return dry_needling_code(self.muscle_count(params))

    @staticmethod
    def _muscle_words(params) -> str:
        words = []
        for m in params.get("muscles", []):
            side = {"left": " (left)", "right": " (right)", "both": " (both sides)"}.get(m["side"], "")
            words.append(m["name"] + side)
        return ", ".join(words)

    def summary(self, intervention):
        p = intervention.params
        return (
            f"{self._muscle_words(p)}; {DN_TECHNIQUES.get(p.get('technique'), '')}; {p.get('frequency', '')}"
        )

    def patient_description(self, intervention):
        p = intervention.params
        return (
            f"Dry needling: your therapist puts very thin needles into tight spots in these muscles: "
            f"{self._muscle_words(p)}. Planned: {p.get('frequency', '').lower()}."
        )


# ------------------------------------------------------------------ manual therapy


@register
class ManualTherapy(InterventionKind):
    """Manual therapy: technique, region, grade I-V where it applies, minutes; CPT 97140 (DOMAIN.md)."""

    key = "manual_therapy"
    label = "Manual therapy"
    hint = "A technique from the library, the region, a grade where it applies, and minutes."

    class Form(InterventionForm):
        technique_id = SelectField("Technique", validate_choice=True)
        region = text("Region", 80, required=True, description="For example: lumbar spine L4-L5")
        grade = SelectField("Grade", choices=choices([("", "(no grade)")] + [(g, g) for g in GRADES]))
        minutes = IntegerField(
            "Minutes",
            validators=[Optional(), NumberRange(1, 60, message="Minutes must be between 1 and 60.")],
            description="Leave blank for the technique's usual minutes.",
        )

    def prepare(self, form, clinic_id):
        form.technique_id.choices = choices(
            [
                (str(t.id), t.name + (" (graded)" if t.grade_applies else ""))
                for t in library.techniques(clinic_id)
            ]
        )

    def build(self, form, clinic_id):
        technique = library.clinic_item(ManualTechnique, form.technique_id.data, clinic_id, what="technique")
        built = Built(params={}, cpt_code=self.cpt_code({}), technique=technique)
        grade = form.grade.data or ""
        if technique.grade_applies and not grade:
            built.errors["grade"] = "Choose a grade (I to V) for this technique."
        if not technique.grade_applies and grade:
            built.errors["grade"] = "This technique is not graded. Choose “(no grade)”."
        built.params = {
            "technique": technique.name,
            "region": form.region.data,
            "grade": grade,
            "minutes": form.minutes.data or technique.default_minutes,
        }
        return built

    def cpt_code(self, params):
        return "97140"

    def summary(self, intervention):
        p = intervention.params
        grade = f", grade {p['grade']}" if p.get("grade") else ""
        return f"{p.get('technique', '')}, {p.get('region', '')}{grade}, {p.get('minutes')} min"

    def patient_description(self, intervention):
        technique = intervention.technique
        # Translated when a document language is active (the printed home plan); English elsewhere.
        text_ = gettext(technique.patient_description) if technique and technique.patient_description else ""
        minutes = gettext("About %(minutes)s minutes at each visit.") % {
            "minutes": intervention.params.get("minutes")
        }
        return f"{text_} {minutes}".strip()


# ------------------------------------------------------------------ home exercise


def _dosage_field(key: str) -> IntegerField:
    low, high, label = DOSAGE_LIMITS[key]
    unit = " seconds" if key == "hold_seconds" else ""
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(low, high, message=f"{label} must be between {low} and {high}{unit}."),
        ],
    )


@register
class HomeExercise(InterventionKind):
    """A stretch or home exercise from the library with per-plan dosage; CPT 97110 (DOMAIN.md)."""

    key = "home_exercise"
    label = "Stretch or home exercise"
    hint = "An exercise from the library; blank dosage fields keep the library's defaults."

    class Form(InterventionForm):
        exercise_id = SelectField("Exercise", validate_choice=True)
        sets = _dosage_field("sets")
        reps = _dosage_field("reps")
        hold_seconds = _dosage_field("hold_seconds")
        times_per_day = _dosage_field("times_per_day")
        days_per_week = _dosage_field("days_per_week")
        side = SelectField(
            "Side", choices=choices([("", "(library default)")] + list(SIDE_LABELS.items())), default=""
        )
        patient_notes = long_text("Notes for the patient", 300)

    def prepare(self, form, clinic_id):
        form.exercise_id.choices = choices([(str(e.id), e.name) for e in library.exercises(clinic_id)])

    def from_library(self, exercise: Exercise) -> Built:
        """The exercise with the library's default dosage (several added in one step)."""
        params = {
            "exercise": exercise.name,
            "sets": exercise.default_sets,
            "reps": exercise.default_reps,
            "hold_seconds": exercise.default_hold_seconds,
            "times_per_day": exercise.default_times_per_day,
            "days_per_week": exercise.default_days_per_week,
            "side": exercise.default_side if exercise.default_side in SIDES else "none",
            "patient_notes": "",
        }
        return Built(params=params, cpt_code=self.cpt_code(params), exercise=exercise)

    def build(self, form, clinic_id):
        exercise = library.clinic_item(Exercise, form.exercise_id.data, clinic_id, what="exercise")

        def pick(name, default):
            value = getattr(form, name).data
            return default if value is None or value == "" else value

        params = {
            "exercise": exercise.name,
            "sets": pick("sets", exercise.default_sets),
            "reps": pick("reps", exercise.default_reps),
            "hold_seconds": pick("hold_seconds", exercise.default_hold_seconds),
            "times_per_day": pick("times_per_day", exercise.default_times_per_day),
            "days_per_week": pick("days_per_week", exercise.default_days_per_week),
            "side": pick("side", exercise.default_side),
            "patient_notes": form.patient_notes.data or "",
        }
        if params["side"] not in SIDES:
            params["side"] = "none"
        return Built(params=params, cpt_code=self.cpt_code(params), exercise=exercise)

    def cpt_code(self, params):
        return "97110"

    @staticmethod
    def dosage(params) -> str:
        return dosage_words(
            params["sets"],
            params["reps"],
            params["hold_seconds"],
            params["times_per_day"],
            params["days_per_week"],
            params["side"],
        )

    def summary(self, intervention):
        return f"{intervention.params.get('exercise', '')}: {self.dosage(intervention.params)}"

    def patient_description(self, intervention):
        notes = intervention.params.get("patient_notes")
        text_ = f"{intervention.params.get('exercise', '')}. {self.dosage(intervention.params)}"
        return f"{text_} {notes}" if notes else text_
