"""Patient demographics form with field-level validation."""

from __future__ import annotations

from datetime import date

from wtforms import FieldList, Form, FormField, SelectField
from wtforms.validators import DataRequired, Email, InputRequired, Optional, ValidationError

from ptplan.forms import IsoDateField, MultiCheckboxField, VersionedForm, choices, text
from ptplan.patients.icd10 import COMMON_CODES, is_well_formed, normalise
from ptplan.patients.models import LANGUAGES, PRECAUTIONS, SEXES


def npi_is_valid(npi: str) -> bool:
    """NPI check digit: Luhn over "80840" + the first 9 digits (CMS NPI standard)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(d) for d in "80840" + npi[:9]]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


class DiagnosisForm(Form):
    icd10_code = text("ICD-10-CM code", 8)
    description = text("Description", 200)

    def validate_icd10_code(self, field) -> None:
        if field.data:
            field.data = normalise(field.data)
            if not is_well_formed(field.data):
                raise ValidationError("Enter an ICD-10-CM code such as M54.41.")


class PatientForm(VersionedForm):
    mrn = text("MRN", 32, required=True, description="The clinic's medical record number.")
    first_name = text("First name", 80, required=True)
    last_name = text("Last name", 80, required=True)
    date_of_birth = IsoDateField(
        "Date of birth",
        validators=[InputRequired(message="Enter the date of birth as YYYY-MM-DD.")],
    )
    sex = SelectField("Sex", choices=choices(SEXES), validators=[DataRequired()])
    phone = text("Phone", 40)
    email = text("Email", 254)
    address = text("Address", 400)
    preferred_language = SelectField("Preferred language", choices=choices(LANGUAGES))
    primary_therapist_id = SelectField("Primary therapist", coerce=int, validators=[Optional()])
    referring_physician_name = text("Referring physician", 120)
    referring_physician_npi = text("Physician NPI", 10)
    payer_name = text("Payer", 120)
    payer_rule = SelectField(
        "Billing-unit rule",
        choices=choices([("cms", "CMS 8-minute rule (Medicare)"), ("ama", "AMA rule of eights (per code)")]),
    )
    precautions = MultiCheckboxField("Precautions", choices=choices(PRECAUTIONS))
    precaution_notes = text("Precaution notes", 1000)
    diagnoses = FieldList(FormField(DiagnosisForm), min_entries=3, max_entries=8)

    def validate_date_of_birth(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError("The date of birth cannot be in the future.")
        if field.data and field.data.year < 1900:
            raise ValidationError("Enter a date of birth after 1900.")

    def validate_email(self, field) -> None:
        if field.data:
            Email(message="Enter an email address such as name@example.com.")(self, field)

    def validate_referring_physician_npi(self, field) -> None:
        if field.data and not npi_is_valid(field.data):
            raise ValidationError("Enter the physician's 10-digit NPI; this one fails its check digit.")

    def validate_mrn(self, field) -> None:
        if field.data and not all(ch.isalnum() or ch in "-_/" for ch in field.data):
            raise ValidationError("Use letters, digits, '-', '_' or '/' in the MRN.")

    def diagnosis_rows(self) -> list[tuple[str, str]]:
        rows = []
        for entry in self.diagnoses.entries:
            code = entry.form.icd10_code.data
            if code:
                rows.append((code, entry.form.description.data or COMMON_CODES.get(code, code)))
        return rows

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        codes = [code for code, _ in self.diagnosis_rows()]
        if len(codes) != len(set(codes)):
            self.form_errors.append("Each diagnosis code may appear once.")
            ok = False
        return ok
