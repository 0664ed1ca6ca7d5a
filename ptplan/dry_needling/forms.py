"""The dry-needling screening and consent forms (on their own pages and inline in the plan)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired, ValidationError

from ptplan.dry_needling.rules import ABSOLUTE, RELATIVE
from ptplan.forms import IsoDateField, MultiCheckboxField, choices, long_text, text


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
