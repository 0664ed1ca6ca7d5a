"""Forms for forgotten passwords, reset links and recovery codes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class ForgotPasswordForm(FlaskForm):
    email = StringField(
        "Email", validators=[DataRequired(message="Enter the email you sign in with."), Length(max=254)]
    )
    submit = SubmitField("Ask for a reset link")


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(message="Enter a new password."), Length(max=1024)],
        description="At least 15 characters. A phrase of four unrelated words is strong and easy to remember.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[
            DataRequired(message="Enter the new password a second time."),
            EqualTo("new_password", message="The two passwords are not the same. Type them again."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set new password")


class RegenerateCodesForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Make new recovery codes")
