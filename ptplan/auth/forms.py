"""Log-in, password and user-administration forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from ptplan.auth.roles import ROLE_LABELS
from ptplan.forms import choices, text


class LoginForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(message="Enter your email."), Length(max=254)])
    password = PasswordField(
        "Password", validators=[DataRequired(message="Enter your password."), Length(max=1024)]
    )
    submit = SubmitField("Log in")


class SecondFactorForm(FlaskForm):
    code = StringField(
        "6-digit code",
        validators=[
            DataRequired(message="Enter the 6-digit code from your authenticator app."),
            Length(max=40),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Verify")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(message="Enter your current password.")]
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(message="Enter a new password.")],
        description="At least 15 characters. A phrase of four unrelated words is strong and easy to remember.",
    )
    submit = SubmitField("Change password")


class UserCreateForm(FlaskForm):
    """``own_domain`` is the creating admin's e-mail domain (set by the view)."""

    email = StringField(
        "Email",
        validators=[DataRequired(message="Enter an email."), Length(max=254)],
    )
    own_domain: str = ""

    def validate_email(self, field) -> None:
        """Real addresses are checked strictly (email-validator, special-use domains refused).

        The one exception is the admin's own domain when it is the reserved ``.test`` domain
        (RFC 2606) of a demo or staging clinic: its users must be creatable (issue #13).
        """
        value = (field.data or "").strip()
        domain = value.rpartition("@")[2].lower()
        own = self.own_domain.lower()
        allow_test = bool(own) and own.endswith(".test") and (domain == own or domain.endswith("." + own))
        # Imported here: its tables cost every process ~25 ms at start-up, for an admin-only form.
        from email_validator import EmailNotValidError, validate_email

        try:
            result = validate_email(value, check_deliverability=False, test_environment=allow_test)
        except EmailNotValidError:
            raise ValidationError("Enter a valid email address, such as name@yourclinic.com.") from None
        field.data = result.normalized

    full_name = text("Full name", 120, required=True)
    credentials = text("Credentials", 60, description='For example "PT, DPT". Shown on signatures.')
    licence_number = text("Licence number", 40)
    role = SelectField("Role", choices=choices(ROLE_LABELS))
    password = PasswordField(
        "Initial password",
        validators=[DataRequired(message="Enter an initial password.")],
        description="At least 15 characters; share it privately and ask the user to change it.",
    )
    submit = SubmitField("Create user")


class UserRoleForm(FlaskForm):
    role = SelectField("Role", choices=choices(ROLE_LABELS))
    submit = SubmitField("Change role")
