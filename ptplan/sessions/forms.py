"""The visit-note form: SOAP text, interventions with minutes, adherence, dry needling, goals.

Field-level checks live here so each message appears next to its field; the services
re-check the clinical invariants (needle count, sharps, dry-needling clearance) before saving.
"""

from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ptplan.billing import CPT
from ptplan.forms import MultiCheckboxField, VersionedForm, choices, long_text, text
from ptplan.sessions.models import (
    ADHERENCE,
    ADVERSE_EVENTS,
    DN_SIDES,
    DN_TECHNIQUES,
    GOAL_REVIEW_STATUSES,
    TOLERANCES,
    TWITCH_GRADES,
)

TIMED_CODES = [(code, f"{code} {entry.description}") for code, entry in CPT.items() if entry.timed]
NEEDLE_GAUGES = ["0.16", "0.18", "0.20", "0.22", "0.25", "0.30", "0.35"]
NEEDLE_LENGTHS = ["15", "25", "30", "40", "50", "60", "75", "90", "100", "125"]
MAX_MINUTES = 240


class WholeNumberField(IntegerField):
    """An integer field whose parse error says what to type."""

    def __init__(self, label=None, validators=None, *, what: str = "a whole number", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.what = what

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"Enter {self.what}.") from None


def minutes_field(label: str = "Minutes", maximum: int = MAX_MINUTES) -> WholeNumberField:
    return WholeNumberField(
        label,
        validators=[
            Optional(),
            NumberRange(
                min=0, max=maximum, message=f"Minutes run from 0 to {maximum}; they cannot be negative."
            ),
        ],
        what="whole minutes, like 15",
    )


def nprs_field(label: str) -> WholeNumberField:
    return WholeNumberField(
        label,
        validators=[
            InputRequired(message="Enter the pain score from 0 (no pain) to 10 (worst imaginable)."),
            NumberRange(min=0, max=10, message="Pain scores run from 0 (no pain) to 10 (worst imaginable)."),
        ],
        what="a pain score from 0 to 10",
    )


class InterventionRow(Form):
    plan_intervention_id = HiddenField()
    description = text("Intervention", 200)
    cpt_code = SelectField("CPT code", choices=choices(TIMED_CODES))
    minutes = minutes_field()


class AdherenceRow(Form):
    plan_intervention_id = HiddenField()
    status = SelectField("Adherence", choices=choices(ADHERENCE))
    reason = text("Reason", 300)


class MuscleRow(Form):
    muscle_id = SelectField("Muscle", coerce=str, validate_choice=False)
    side = SelectField("Side", choices=choices(DN_SIDES))


class NeedlingForm(Form):
    delivered = BooleanField("Dry needling delivered at this visit")
    muscles = FieldList(FormField(MuscleRow), min_entries=4, max_entries=12)
    technique = SelectField("Technique", choices=choices(DN_TECHNIQUES))
    estim_frequency_hz = DecimalField(
        "Stimulation frequency (Hz)", places=1, validators=[Optional(), NumberRange(min=0.5, max=250)]
    )
    estim_intensity_ma = DecimalField(
        "Stimulation intensity (mA)", places=1, validators=[Optional(), NumberRange(min=0.1, max=100)]
    )
    estim_duration_min = WholeNumberField(
        "Stimulation duration (min)",
        validators=[Optional(), NumberRange(min=1, max=60, message="Duration runs from 1 to 60 minutes.")],
        what="whole minutes",
    )
    needle_gauge_mm = SelectField("Needle gauge (mm)", choices=choices([(g, g) for g in NEEDLE_GAUGES]))
    needle_length_mm = SelectField("Needle length (mm)", choices=choices([(n, n) for n in NEEDLE_LENGTHS]))
    needles_in = WholeNumberField(
        "Needles in",
        validators=[Optional(), NumberRange(min=1, max=200, message="Count from 1 to 200 needles.")],
        what="the number of needles inserted",
    )
    needles_out = WholeNumberField(
        "Needles out",
        validators=[Optional(), NumberRange(min=0, max=200, message="Count from 0 to 200 needles.")],
        what="the number of needles removed",
    )
    twitch_grade = SelectField("Local twitch response", choices=choices(TWITCH_GRADES))
    tolerance = SelectField("Patient tolerance", choices=choices(TOLERANCES))
    response = text("Response to treatment", 1000)
    adverse_events = MultiCheckboxField("Adverse events", choices=choices(ADVERSE_EVENTS))
    sharps_disposed = BooleanField("Sharps disposed of in the sharps container")
    minutes = minutes_field("Dry-needling minutes (untimed)", maximum=120)
    lung_field_technique_confirmed = BooleanField(
        "Over the lung field: I knew the depth to the pleura and needled tangentially or over a rib, "
        "with a pincer grip where the tissue allows"
    )


class GoalReviewRow(Form):
    goal_id = HiddenField()
    status = SelectField("Goal status", choices=choices(GOAL_REVIEW_STATUSES))


class NoteForm(VersionedForm):
    plan_id = HiddenField()
    date_of_service = DateField(
        "Date of service", validators=[InputRequired(message="Enter the date of service as YYYY-MM-DD.")]
    )
    nprs_before = nprs_field("Pain before (NPRS 0-10)")
    nprs_after = nprs_field("Pain after (NPRS 0-10)")
    subjective = long_text("Subjective")
    objective = long_text("Objective")
    interventions = FieldList(FormField(InterventionRow), min_entries=1, max_entries=20)
    adherence = FieldList(FormField(AdherenceRow), max_entries=20)
    dn = FormField(NeedlingForm)
    goal_reviews = FieldList(FormField(GoalReviewRow), max_entries=20)
    assessment = long_text("Assessment")
    plan_next = long_text("Plan for next visit")
    discharge_reason = text("Reason for discharge", 300)

    problem: str = ""  # a refusal from the services, shown above the form

    # set by the view before validation
    plan_start: date | None = None
    today: date | None = None
    muscle_ids: frozenset[int] = frozenset()
    lung_field_ids: frozenset[int] = frozenset()
    muscle_choices: list = []

    def configure(self, *, plan_start: date, today: date, muscles) -> None:
        self.plan_start, self.today = plan_start, today
        self.muscle_ids = frozenset(m.id for m in muscles)
        self.lung_field_ids = frozenset(m.id for m in muscles if m.is_over_lung_field)
        pairs = [("", "Choose a muscle")] + [(str(m.id), muscle_label(m)) for m in muscles]
        for row in self.dn.form.muscles:
            row.form.muscle_id.choices = choices(pairs)

    def validate_date_of_service(self, field) -> None:
        if field.data is None:
            return
        if self.today and field.data > self.today:
            raise ValidationError("The date of service cannot be in the future.")
        if self.plan_start and field.data < self.plan_start:
            raise ValidationError(
                f"The date of service is before the plan of care starts ({self.plan_start.isoformat()})."
            )

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        if not self.dn.form.delivered.data:
            _clear_errors(self.dn.form)  # the record is ignored unless dry needling was delivered
        self._check_needling()
        for row in self.adherence:
            if row.form.status.data in ("partly", "not") and not row.form.reason.data:
                row.form.reason.errors.append("Say why the exercise was only partly done or not done.")
        for field_list in (self.adherence, self.dn.form.muscles):
            _refresh_errors(field_list)  # FieldList keeps a snapshot taken during validate()
        return not self.errors

    def _check_needling(self) -> bool:
        """Dry-needling record checks, only when dry needling was delivered."""
        dn = self.dn.form
        if not dn.delivered.data:
            return True
        ok = True
        chosen = []
        for row in dn.muscles:
            value = (row.form.muscle_id.data or "").strip()
            if not value:
                continue
            if not value.isdigit() or int(value) not in self.muscle_ids:
                row.form.muscle_id.errors.append("Choose a muscle from the clinic's muscle list.")
                ok = False
                continue
            chosen.append((int(value), row.form.side.data))
        if ok and not chosen:
            dn.muscles[0].form.muscle_id.errors.append("Name at least one muscle needled.")
            ok = False
        if len(set(chosen)) != len(chosen):
            dn.muscles[0].form.muscle_id.errors.append("A muscle and side is listed twice.")
            ok = False
        if any(m in self.lung_field_ids for m, _ in chosen) and not dn.lung_field_technique_confirmed.data:
            dn.lung_field_technique_confirmed.errors.append(
                "A muscle over the lung field was needled: confirm the technique used (pneumothorax risk)."
            )
            ok = False
        if dn.needles_in.data is None:
            dn.needles_in.errors.append("Enter the number of needles inserted.")
            ok = False
        elif dn.needles_out.data is not None and dn.needles_out.data != dn.needles_in.data:
            dn.needles_out.errors.append(
                f"Needles out ({dn.needles_out.data}) must equal needles in ({dn.needles_in.data}). "
                "Count again and find every needle before signing."
            )
            ok = False
        if dn.technique.data == "electrical_stimulation":
            for sub in (dn.estim_frequency_hz, dn.estim_intensity_ma, dn.estim_duration_min):
                if sub.data is None and not sub.errors:
                    sub.errors.append("Enter the stimulation parameter used.")
                    ok = False
        events = dn.adverse_events.data or []
        if "none" in events and len(events) > 1:
            dn.adverse_events.errors.append("Untick “None” when you record an adverse event.")
            ok = False
        return ok

    def require_for_signing(self) -> bool:
        """Extra checks that apply only when signing; returns False and marks fields if any fail."""
        dn = self.dn.form
        ok = True
        if dn.delivered.data:
            if dn.needles_out.data is None:
                dn.needles_out.errors.append("Count the needles removed: needles out must equal needles in.")
                ok = False
            if not dn.sharps_disposed.data:
                dn.sharps_disposed.errors.append("Confirm the sharps were disposed of before signing.")
                ok = False
        return ok


def muscle_label(muscle) -> str:
    """The muscle as the procedure record lists it, with its precaution (DOMAIN.md)."""
    notes = ["over the lung field"] if muscle.is_over_lung_field else []
    if muscle.structure_at_risk:
        notes.append(f"near the {muscle.structure_at_risk}")
    return f"{muscle.name} ({'; '.join(notes)})" if notes else muscle.name


def _refresh_errors(field_list: FieldList) -> None:
    errors = [entry.errors for entry in field_list.entries]
    field_list.errors = errors if any(errors) else []


def _clear_errors(form) -> None:
    for field in form:
        if isinstance(field, FormField):
            _clear_errors(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    _clear_errors(entry.form)
                else:
                    entry.errors = []
            field.errors = []
        else:
            field.errors = []


class AddendumForm(VersionedForm):
    reason = text("Reason for the addendum", 300, required=True)
    body = long_text("Addendum text", required=True)
