"""Plan, goal, certification, dry-needling safety, library and template forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FloatField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ptplan import measures
from ptplan.catalogue.exercise_base import REGIONS  # not the whole library: it loads at first use
from ptplan.catalogue.regions import BODY_REGIONS, EQUIPMENT
from ptplan.forms import ICD10_PATTERN, IsoDateField, VersionedForm, choices, long_text, text
from ptplan.patients.forms import npi_is_valid
from ptplan.plans.kinds import MultiCheckboxField
from ptplan.plans.models import GOAL_STATUSES, SIDES
from ptplan.plans.rules import DOSAGE_LIMITS, MAX_DURATION_WEEKS, cert_period_problem, target_problem
from ptplan.plans.safety import ABSOLUTE, RELATIVE
from ptplan.plans.services import END_OUTCOMES

GOAL_TERMS = {"long": "Long-term", "short": "Short-term"}
MEASURE_CHOICES = [("", "(no measure)")] + [
    (code, f"{m.abbreviation} ({m.name})") for code, m in measures.MEASURES.items()
]


def parse_diagnoses(raw: str) -> list[dict]:
    """One diagnosis a line: "M54.41 Lumbago with sciatica, right side"."""
    rows = []
    for line in (raw or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code, _, text_ = line.partition(" ")
        code = code.upper()
        if not ICD10_PATTERN.match(code):
            raise ValidationError(
                f"“{code}” is not an ICD-10-CM code. Write one a line: code, space, description."
            )
        rows.append({"code": code, "text": text_.strip()})
    return rows


def format_diagnoses(rows: list[dict]) -> str:
    return "\n".join(f"{r['code']} {r.get('text', '')}".strip() for r in rows)


class PlanForm(VersionedForm):
    title = text("Title", 120, required=True)
    diagnoses = long_text(
        "Diagnoses (ICD-10-CM)",
        2000,
        description="One a line: code, then the description, e.g. M54.41 Lumbago with sciatica, right side",
    )
    frequency_per_week = IntegerField(
        "Visits a week",
        validators=[
            InputRequired(message="Enter visits a week."),
            NumberRange(1, 7, message="Visits a week must be between 1 and 7."),
        ],
    )
    duration_weeks = IntegerField(
        "Duration (weeks)",
        validators=[
            InputRequired(message="Enter the duration in weeks."),
            NumberRange(
                1,
                MAX_DURATION_WEEKS,
                message=f"The duration must be between 1 and {MAX_DURATION_WEEKS} weeks.",
            ),
        ],
    )
    start_date = IsoDateField("Start date", validators=[InputRequired(message="Enter the start date.")])
    cert_start_date = IsoDateField(
        "Certification starts", validators=[Optional()], description="Blank: the start date."
    )
    cert_end_date = IsoDateField(
        "Certification ends",
        validators=[Optional()],
        description="Blank: the plan's duration or 90 days, whichever is less.",
    )

    def validate_diagnoses(self, field) -> None:
        self.diagnosis_rows = parse_diagnoses(field.data)

    def validate_cert_end_date(self, field) -> None:
        start = self.cert_start_date.data or self.start_date.data
        problem = cert_period_problem(start, field.data)
        if problem:
            raise ValidationError(problem)


class NewPlanForm(PlanForm):
    evaluation_id = SelectField("Start from evaluation", validate_choice=True)
    template_id = SelectField("Start from template", validate_choice=True)


class GoalForm(VersionedForm):
    term = SelectField("Term", choices=choices(GOAL_TERMS), default="long")
    description = text(
        "Goal",
        400,
        required=True,
        description="Measurable and functional, e.g. Sit 60 minutes without leg pain",
    )
    patient_wording = text("In the patient's words", 400, description="Printed on the home plan.")
    measure_code = SelectField("Measure", choices=choices(MEASURE_CHOICES))
    baseline_value = FloatField("Baseline", validators=[Optional()])
    target_value = FloatField("Target", validators=[Optional()])
    due_date = IsoDateField("Due date", validators=[Optional()])
    status = SelectField(
        "Status", choices=choices([(s, s.replace("_", " ").capitalize()) for s in GOAL_STATUSES])
    )

    def validate_target_value(self, field) -> None:
        code = self.measure_code.data
        if not code:
            if field.data is not None:
                raise ValidationError("Choose a measure for this target, or leave the target blank.")
            return
        if field.data is None:
            raise ValidationError("Enter a target on the measure.")
        problem = target_problem(measures.get(code).score_range, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_baseline_value(self, field) -> None:
        code = self.measure_code.data
        if code and field.data is not None:
            problem = target_problem(measures.get(code).score_range, field.data, what="baseline")
            if problem:
                raise ValidationError(problem)

    def data_dict(self) -> dict:
        return {
            "term": self.term.data,
            "description": self.description.data,
            "patient_wording": self.patient_wording.data or "",
            "measure_code": self.measure_code.data or None,
            "baseline_value": self.baseline_value.data if self.measure_code.data else None,
            "target_value": self.target_value.data if self.measure_code.data else None,
            "due_date": self.due_date.data,
            "status": self.status.data,
        }


class CertificationForm(FlaskForm):
    physician_name = text("Physician's name", 120, required=True)
    physician_npi = text("Physician's NPI", 10, required=True)
    physician_signed_on = IsoDateField(
        "Date the physician signed", validators=[InputRequired(message="Enter the date.")]
    )

    def validate_physician_npi(self, field) -> None:
        if not npi_is_valid(field.data or ""):
            raise ValidationError("Enter the physician's 10-digit NPI (the check digit does not match).")


class EndPlanForm(FlaskForm):
    outcome = SelectField("Outcome", choices=choices(END_OUTCOMES))
    reason = text(
        "Reason", 300, required=True, description="For example: goals met, discharged to home program"
    )


class TemplateForm(FlaskForm):
    name = text("Template name", 120, required=True, description="For example: Sciatica: acute")


def screening_form_class():
    """One checkbox per contraindication, and a rationale box per relative one."""

    class ScreeningForm(FlaskForm):
        screened_on = IsoDateField("Date of screening", validators=[InputRequired(message="Enter the date.")])
        absolute = MultiCheckboxField(
            "Absolute contraindications (any one blocks dry needling)", choices=choices(ABSOLUTE)
        )
        notes = long_text("Notes", 2000)

        def relative_items(self):
            return [
                (code, label, self[f"rel_{code}"], self[f"why_{code}"]) for code, label in RELATIVE.items()
            ]

        def relative_data(self) -> dict[str, str]:
            return {code: self[f"why_{code}"].data or "" for code in RELATIVE if self[f"rel_{code}"].data}

        def validate(self, extra_validators=None) -> bool:
            ok = super().validate(extra_validators)
            for code, label in RELATIVE.items():
                if self[f"rel_{code}"].data and not (self[f"why_{code}"].data or "").strip():
                    self[f"why_{code}"].errors.append(
                        f"Give the clinical reason for going ahead despite {label.lower()}."
                    )
                    ok = False
            return ok

    for code, label in RELATIVE.items():
        setattr(ScreeningForm, f"rel_{code}", BooleanField(label))
        setattr(ScreeningForm, f"why_{code}", text(f"Clinical reason ({label.lower()})", 400))
    return ScreeningForm


ScreeningForm = screening_form_class()


class ConsentForm(FlaskForm):
    consented_on = IsoDateField("Date signed", validators=[InputRequired(message="Enter the date.")])
    patient_signature_name = text("Patient's name as signed", 120, required=True)
    witness_name = text("Witness", 120, required=True)
    copy_given = BooleanField("The patient was given a copy of the signed form")

    def validate_copy_given(self, field) -> None:
        if not field.data:
            raise ValidationError("Give the patient a copy of the signed form, then tick this box.")


# ------------------------------------------------------------------ libraries


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


class ExercisePickForm(FlaskForm):
    """Several library exercises in one step, each with its library dosage (issue #13)."""

    exercise_ids = MultiCheckboxField(
        "Exercises", coerce=int, validators=[InputRequired(message="Tick at least one exercise.")]
    )
    goal_ids = MultiCheckboxField(
        "Goals these serve",
        coerce=int,
        validators=[InputRequired(message="Link the exercises to at least one goal.")],
    )


__all__ = [
    "ExercisePickForm",
    "CertificationForm",
    "ConsentForm",
    "EndPlanForm",
    "ExerciseForm",
    "GoalForm",
    "MuscleForm",
    "NewPlanForm",
    "PlanForm",
    "ScreeningForm",
    "TechniqueForm",
    "TemplateForm",
    "format_diagnoses",
    "parse_diagnoses",
]
