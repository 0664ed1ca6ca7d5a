"""The evaluation form: structured fields, ranges checked field by field (IN-03).

Numbers arrive as text; each number field says, next to itself, what it accepts. The form
converts to and from the plain ``data`` dict that the service and rules work with.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
)
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from ptplan.catalogue.regions import BODY_REGIONS
from ptplan.evaluations import regions, rules
from ptplan.evaluations.vocab import (
    DERMATOMES,
    FABQ_ITEMS,
    LEFS_ITEMS,
    LUMBAR_ROM,
    MYOTOMES,
    PAIN_REGIONS,
    PROGNOSES,
    PSFS_MAX_ACTIVITIES,
    RED_FLAGS,
    REFLEXES,
    SENSATION,
    SIDES,
    SLR_DIFFERENTIATION,
    TRIGGER_POINT_ROWS,
    TRIGGER_POINT_SIDES,
    neuro_cells,
    neuro_field,
)
from ptplan.forms import MultiCheckboxField, VersionedForm, choices, long_text, text
from ptplan.measures import MeasureError
from ptplan.measures import get as get_measure
from ptplan.patients.forms import DiagnosisForm

ODI_SECTIONS = get_measure("odi").item_labels
NDI_SECTIONS = get_measure("ndi").item_labels
# Measures refused as soon as they are half answered (see EvaluationForm._check_whole_measures).
WHOLE_MEASURES = ("ndi", "quickdash", "quickdash_work", "quickdash_sports")


class InRange:
    """Whole number between low and high; quiet when the value was not a number at all."""

    def __init__(self, low: int, high: int, unit: str = "") -> None:
        self.low, self.high, self.unit = low, high, unit

    def __call__(self, form, field) -> None:
        if field.data is None:
            raise StopValidation()  # the "not a whole number" message is already there
        if not self.low <= field.data <= self.high:
            raise ValidationError(f"Enter a whole number from {self.low} to {self.high}{self.unit}.")


def number(label: str, low: int, high: int, unit: str = "", **kwargs) -> IntegerField:
    """An optional whole-number field with a clear range message."""
    return IntegerField(
        label,
        validators=[Optional(), InRange(low, high, unit)],
        invalid_value_message=f"Enter a whole number from {low} to {high}{unit}, digits only.",
        render_kw={"min": low, "max": high, "inputmode": "numeric", "step": 1},
        **kwargs,
    )


def optional_select(label: str, options: dict) -> SelectField:
    return SelectField(label, choices=choices([("", "Not tested"), *options.items()]), default="")


class TriggerPointForm(Form):
    muscle_id = SelectField("Muscle", coerce=int, default=0)
    side = SelectField("Side", choices=choices(TRIGGER_POINT_SIDES), default="right")
    reproduces_symptoms = BooleanField("Reproduces symptoms")


class PsfsActivityForm(Form):
    activity = text("Activity", 120)
    rating = number("Rating", 0, 10)

    def validate_rating(self, field) -> None:
        if field.data is not None and not self.activity.data:
            raise ValidationError("Name the activity this rating is for.")


class EvaluationForm(VersionedForm):
    date_of_service = DateField(
        "Date of service", validators=[InputRequired(message="Enter the date of service as YYYY-MM-DD.")]
    )
    # Subjective
    chief_complaint = text("Chief complaint", 500)
    onset_date = DateField("Onset date", validators=[Optional()])
    onset_mechanism = long_text("Onset mechanism", 1000)
    aggravating_factors = long_text("Aggravating factors", 1000)
    easing_factors = long_text("Easing factors", 1000)
    patient_goals = long_text("The patient's own goals", 1000)
    red_flag_notes = long_text("Red-flag notes", 1000)
    pain_regions = MultiCheckboxField("Where is the pain?", choices=choices(PAIN_REGIONS))
    body_regions = MultiCheckboxField("Body regions examined", choices=choices(list(BODY_REGIONS.items())))
    # Pain
    nprs_current = number("Pain now (NPRS)", 0, 10)
    nprs_best = number("Pain at best, last 24 h", 0, 10)
    nprs_worst = number("Pain at worst, last 24 h", 0, 10)
    # Outcome measures
    psfs = FieldList(
        FormField(PsfsActivityForm), min_entries=PSFS_MAX_ACTIVITIES, max_entries=PSFS_MAX_ACTIVITIES
    )
    trigger_points = FieldList(
        FormField(TriggerPointForm), min_entries=TRIGGER_POINT_ROWS, max_entries=TRIGGER_POINT_ROWS
    )
    # Assessment
    impression = long_text("Clinical impression", 4000)
    diagnoses = FieldList(FormField(DiagnosisForm), min_entries=3, max_entries=6)
    prognosis = SelectField(
        "Prognosis", choices=choices([("", "Not stated"), *PROGNOSES.items()]), default=""
    )
    prognosis_text = long_text("Prognosis reasoning", 1000)
    problem_list = long_text("Problem list", 4000, description="One problem per line.")

    def set_muscles(self, muscles) -> None:
        """Muscle choices come from the clinic's own catalogue only (IN-03: no foreign ids)."""
        options = [(0, "— none —")] + [(m.id, m.name) for m in muscles]
        for entry in self.trigger_points.entries:
            entry.form.muscle_id.choices = choices(options)

    # ------------------------------------------------------------ grouped access for templates

    def red_flag_fields(self):
        return [self[name] for name in RED_FLAGS]

    def slr_fields(self, side: str):
        return {
            part: self[f"slr_{side}_{part}"] for part in ("angle", "below_knee", "differentiation", "crossed")
        }

    def rom_fields(self):
        return [self[name] for name in LUMBAR_ROM]

    def neuro_field(self, group: str, key: str, side: str):
        return self[neuro_field(group, key, side)]

    def neuro_fields(self):
        return [self[neuro_field(group, key, side)] for group, key, side in neuro_cells()]

    def answer_fields(self, code: str):
        return [self[f"{code}_{n}"] for n in range(1, rules.ANSWER_LENGTHS[code] + 1)]

    def special_test_rows(self, region: str):
        """(test, {side: field}) for each special test of a region."""
        return [
            (test, {side: self[regions.special_test_field(test.code, side)] for side in regions.SIDES})
            for test in regions.tests_for(region)
        ]

    def rom_rows(self, region: str):
        """(motion, {side: field}) for each range-of-motion field of a region."""
        return [
            (motion, {side: self[regions.rom_field(region, motion.code, side)] for side in regions.SIDES})
            for motion in regions.REGION_ROM.get(region, ())
        ]

    # ------------------------------------------------------------ conversion

    def to_data(self) -> dict:
        data = {name: self[name].data for name in _SCALARS}
        for name in (
            "chief_complaint",
            "onset_mechanism",
            "aggravating_factors",
            "easing_factors",
            "patient_goals",
            "red_flag_notes",
            "impression",
            "prognosis_text",
            "problem_list",
        ):
            data[name] = data[name] or ""
        data["prognosis"] = data["prognosis"] or ""
        for side in SIDES:
            data[f"slr_{side}_differentiation"] = data[f"slr_{side}_differentiation"] or ""
        data["pain_regions"] = [code for code in PAIN_REGIONS if code in (self.pain_regions.data or [])]
        data["body_regions"] = regions.normalised_regions(self.body_regions.data)
        data["special_tests"] = regions.normalised_special_tests(
            {
                test.code: {
                    side: self[regions.special_test_field(test.code, side)].data for side in regions.SIDES
                }
                for test in regions.SPECIAL_TESTS
            }
        )
        rom: dict = {}
        for region, motion, side in regions.rom_cells():
            rom.setdefault(region, {}).setdefault(motion.code, {})[side] = self[
                regions.rom_field(region, motion.code, side)
            ].data
        data["region_rom"] = regions.normalised_rom(rom)
        screen: dict = {}
        for group, key, side in neuro_cells():
            value = self[neuro_field(group, key, side)].data
            screen.setdefault(group, {}).setdefault(key, {})[side] = (
                (value or None) if group == "dermatomes" else value
            )
        data["neuro_screen"] = screen
        for code, length in rules.ANSWER_LENGTHS.items():
            answers = [self[f"{code}_{n}"].data for n in range(1, length + 1)]
            data[f"{code}_answers"] = answers if any(a is not None for a in answers) else None
        data["psfs_activities"] = [
            {"activity": e.form.activity.data, "rating": e.form.rating.data}
            for e in self.psfs.entries
            if e.form.activity.data
        ]
        data["trigger_points"] = [
            {
                "muscle_id": e.form.muscle_id.data,
                "side": e.form.side.data,
                "reproduces_symptoms": bool(e.form.reproduces_symptoms.data),
            }
            for e in self.trigger_points.entries
            if e.form.muscle_id.data
        ]
        data["diagnoses"] = [
            {"code": e.form.icd10_code.data, "text": e.form.description.data or e.form.icd10_code.data}
            for e in self.diagnoses.entries
            if e.form.icd10_code.data
        ]
        return data

    @classmethod
    def form_data(cls, data: dict) -> dict:
        """The ``data=`` argument that fills a fresh form from an evaluation's data dict."""
        flat = {name: data.get(name) for name in _SCALARS if name in data}
        flat["pain_regions"] = data.get("pain_regions") or []
        flat["body_regions"] = data.get("body_regions") or []
        for test in regions.SPECIAL_TESTS:
            for side in regions.SIDES:
                flat[regions.special_test_field(test.code, side)] = (
                    (data.get("special_tests") or {}).get(test.code) or {}
                ).get(side) or ""
        for region, motion, side in regions.rom_cells():
            flat[regions.rom_field(region, motion.code, side)] = (
                ((data.get("region_rom") or {}).get(region) or {}).get(motion.code) or {}
            ).get(side)
        for group, key, side in neuro_cells():
            cell = ((data.get("neuro_screen") or {}).get(group) or {}).get(key, {}).get(side)
            flat[neuro_field(group, key, side)] = (
                cell if cell is not None else ("" if group == "dermatomes" else None)
            )
        for code, length in rules.ANSWER_LENGTHS.items():
            answers = data.get(f"{code}_answers") or [None] * length
            for n in range(1, length + 1):
                flat[f"{code}_{n}"] = answers[n - 1]
        flat["psfs"] = list(data.get("psfs_activities") or [])
        flat["trigger_points"] = list(data.get("trigger_points") or [])
        flat["diagnoses"] = [
            {"icd10_code": d["code"], "description": d["text"]} for d in data.get("diagnoses") or []
        ]
        return flat

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        codes = [d["code"] for d in self.to_data()["diagnoses"]] if ok else []
        if len(codes) != len(set(codes)):
            self.form_errors.append("Each diagnosis code may appear once.")
            ok = False
        self.measure_errors: dict[str, str] = {}
        if ok:
            ok = self._check_whole_measures()
        return ok

    def _check_whole_measures(self) -> bool:
        """NDI, QuickDASH and its work and sports modules, once started, must be scorable even
        in a draft: the message states the rule ("at least 10 of 11 items", all 4 items of a
        module) and nothing is saved."""
        for code in WHOLE_MEASURES:
            answers = [f.data for f in self.answer_fields(code)]
            if any(a is not None for a in answers):
                try:
                    get_measure(code).score(answers)
                except MeasureError as problem:
                    self.measure_errors[code] = str(problem)
        return not self.measure_errors


# Generated fields: red flags, SLR per side, ROM, the neuro grid and questionnaire items.
for _name, _label in RED_FLAGS.items():
    setattr(EvaluationForm, _name, BooleanField(_label))
for _side in SIDES:
    _Side = _side.capitalize()
    setattr(EvaluationForm, f"slr_{_side}_angle", number(f"{_Side} SLR angle at symptom onset", 0, 120, "°"))
    setattr(EvaluationForm, f"slr_{_side}_below_knee", BooleanField(f"{_Side}: symptoms below the knee"))
    setattr(
        EvaluationForm,
        f"slr_{_side}_differentiation",
        optional_select(f"{_Side}: structural differentiation (dorsiflexion)", SLR_DIFFERENTIATION),
    )
    setattr(EvaluationForm, f"slr_{_side}_crossed", BooleanField(f"{_Side}: crossed SLR positive"))
for _name, _label in LUMBAR_ROM.items():
    setattr(EvaluationForm, _name, number(f"{_label} (% of normal)", 0, 100, "%"))
for _level, _label in MYOTOMES.items():
    for _side in SIDES:
        setattr(EvaluationForm, neuro_field("myotomes", _level, _side), number(f"{_label}, {_side}", 0, 5))
for _reflex, _label in REFLEXES.items():
    for _side in SIDES:
        setattr(
            EvaluationForm, neuro_field("reflexes", _reflex, _side), number(f"{_label} reflex, {_side}", 0, 4)
        )
for _level, _label in DERMATOMES.items():
    for _side in SIDES:
        setattr(
            EvaluationForm,
            neuro_field("dermatomes", _level, _side),
            optional_select(f"{_label} dermatome, {_side}", SENSATION),
        )
for _n, _section in enumerate(ODI_SECTIONS, start=1):
    setattr(EvaluationForm, f"odi_{_n}", number(f"ODI section {_n}: {_section}", 0, 5))
for _n in range(1, FABQ_ITEMS + 1):
    setattr(EvaluationForm, f"fabq_{_n}", number(f"FABQ item {_n}", 0, 6))
for _n in range(1, LEFS_ITEMS + 1):
    setattr(EvaluationForm, f"lefs_{_n}", number(f"LEFS item {_n}", 0, 4))
for _n, _section in enumerate(NDI_SECTIONS, start=1):
    setattr(EvaluationForm, f"ndi_{_n}", number(f"NDI section {_n}: {_section}", 0, 5))
for _n in range(1, rules.ANSWER_LENGTHS["quickdash"] + 1):
    setattr(EvaluationForm, f"quickdash_{_n}", number(f"QuickDASH item {_n}", 1, 5))
for _code, _module in (("quickdash_work", "work module"), ("quickdash_sports", "sports module")):
    for _n in range(1, rules.ANSWER_LENGTHS[_code] + 1):
        setattr(EvaluationForm, f"{_code}_{_n}", number(f"QuickDASH {_module} item {_n}", 1, 5))
for _test in regions.SPECIAL_TESTS:
    for _side in regions.SIDES:
        setattr(
            EvaluationForm,
            regions.special_test_field(_test.code, _side),
            optional_select(f"{_test.label}, {_side}", regions.RESULTS),
        )
for _region, _motion, _side in regions.rom_cells():
    setattr(
        EvaluationForm,
        regions.rom_field(_region, _motion.code, _side),
        number(
            f"{BODY_REGIONS[_region]}: {_motion.label}, {_side} (degrees)", _motion.low, _motion.high, "°"
        ),
    )

_SCALARS = (
    "date_of_service",
    *(
        c
        for c in rules.CONTENT_COLUMNS
        if c
        not in ("pain_regions", "neuro_screen", "diagnoses", *rules.ANSWER_COLUMNS, *rules.REGION_COLUMNS)
    ),
)


class AddendumForm(FlaskForm):
    reason = text("Reason for the addendum", 300, required=True)
    body = long_text("Addendum", 4000, required=True)


class SignForm(FlaskForm):
    """One-button sign of a saved draft."""
