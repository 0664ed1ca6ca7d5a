"""Forms for recording and deciding amendment requests. Only the fields listed here are read (IN-03)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired

from ptplan.forms import IsoDateField, long_text, text


class AmendmentRequestForm(FlaskForm):
    record = SelectField(
        "Record to amend",
        choices=[],
        validators=[DataRequired(message="Choose the signed record the patient wants amended.")],
        validate_choice=False,  # the service checks the record belongs to this patient and is signed
    )
    requested_by = text(
        "Requested by",
        120,
        required=True,
        description="The patient, or their representative and how they are related.",
    )
    received_on = IsoDateField(
        "Date received", validators=[DataRequired(message="Enter the date the request was received.")]
    )
    requested_change = long_text("What the patient wants changed", required=True)
    reason = long_text("Why, in the patient's words", required=True)
    submit = SubmitField("Record request")


class ExtendForm(FlaskForm):
    reason = long_text(
        "Reason for the 30-day extension",
        2000,
        required=True,
        description="The patient is told this reason in writing, with the new date.",
    )
    submit = SubmitField("Extend by 30 days")


class AcceptForm(FlaskForm):
    amendment_text = long_text(
        "Amendment text",
        required=True,
        description="Appended to the record as an addendum; the original text stays as signed.",
    )
    submit = SubmitField("Accept and append")


class DenyForm(FlaskForm):
    reason = long_text(
        "Reason for denial",
        2000,
        required=True,
        description="For example: the record is accurate and complete, or it was not created by this clinic.",
    )
    submit = SubmitField("Deny")


class DisagreementForm(FlaskForm):
    statement = long_text("Patient's statement of disagreement", required=True)
    received_on = IsoDateField(
        "Date received", validators=[DataRequired(message="Enter the date the statement was received.")]
    )
    submit = SubmitField("Append statement")


class RebuttalForm(FlaskForm):
    rebuttal = long_text("Rebuttal", 2000, required=True)
    submit = SubmitField("Append rebuttal")
