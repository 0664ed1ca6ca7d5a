"""Plan, goal, certification, dry-needling safety, library and template forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ptplan import measures
from ptplan.forms import (
    ICD10_PATTERN,
    IsoDateField,
    MultiCheckboxField,
    VersionedForm,
    choices,
    long_text,
    text,
)
from ptplan.patients.forms import npi_is_valid
from ptplan.plans.models import GOAL_STATUSES
from ptplan.plans.rules import MAX_DURATION_WEEKS, cert_period_problem, target_problem
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
    "EndPlanForm",
    "GoalForm",
    "NewPlanForm",
    "PlanForm",
    "TemplateForm",
    "format_diagnoses",
    "parse_diagnoses",
]
