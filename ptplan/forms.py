"""Shared form pieces: clean text validators and the submit-only form for one-button POSTs."""

from __future__ import annotations

import re
import unicodedata

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

_ALLOWED_CONTROL = {"\n", "\r", "\t"}


class NoControlCharacters:
    """Refuses invisible control characters (log injection, corrupted records)."""

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        value = field.data or ""
        for ch in value:
            if unicodedata.category(ch) in ("Cc", "Cf") and not (self.multiline and ch in _ALLOWED_CONTROL):
                raise ValidationError("Remove the invisible control characters from this field.")


def strip_filter(value):
    """Trim text; a field left out of the form is an empty string, never None."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


class IsoDateField(DateField):
    """A date typed as YYYY-MM-DD (what <input type=date> sends), with a message people understand."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        kwargs.setdefault("widget", DateInput())
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter the date as YYYY-MM-DD, for example 2026-03-09.") from None


def text(label: str, max_length: int, *, required: bool = False, **kwargs) -> StringField:
    """A one-line text field with length and control-character checks."""
    validators = [
        DataRequired(message=f"Enter {label.lower()}.") if required else Optional(),
        Length(max=max_length, message=f"Use at most {max_length} characters."),
        NoControlCharacters(),
    ]
    return StringField(label, validators=validators, filters=[strip_filter], **kwargs)


def long_text(label: str, max_length: int = 4000, *, required: bool = False, **kwargs) -> TextAreaField:
    validators = [
        DataRequired(message=f"Enter {label.lower()}.") if required else Optional(),
        Length(max=max_length, message=f"Use at most {max_length} characters."),
        NoControlCharacters(multiline=True),
    ]
    return TextAreaField(label, validators=validators, filters=[strip_filter], **kwargs)


class ConfirmForm(FlaskForm):
    """An empty form so that every one-button POST carries a CSRF token (microblog habit)."""

    submit = SubmitField("Confirm")


class VersionedForm(FlaskForm):
    """Carries the record version so a stale save is refused, not silently applied (REL-03)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


ICD10_PATTERN = re.compile(r"^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$")


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects; tuples are deprecated (and warnings fail tests)."""
    if isinstance(pairs, dict):
        pairs = pairs.items()
    return [SelectChoice(value, label) for value, label in pairs]


def marked_fields(form) -> list[tuple[str, str, str]]:
    """Every field the form marks as wrong, nested rows included: (id, label, first message).

    The error summary counts and links exactly these (issue #13: it counted top-level names,
    so two marked cells of one table read as "the 1 field").
    """
    found: list[tuple[str, str, str]] = []

    def walk(field, prefix: str = "") -> None:
        if field.type == "FieldList":
            for number, entry in enumerate(field.entries, start=1):
                walk(entry, f"{field.label.text} {number}")  # "Diagnoses 2: Code"
        elif field.type == "FormField":
            for sub in field.form:
                walk(sub, prefix)  # a sub-form's own labels are explicit ("Needles out")
        elif field.errors:
            messages = [e for e in field.errors if isinstance(e, str)]
            if messages:
                label = field.label.text if field.label else field.name
                found.append(
                    (field.id, f"{prefix}: {label}" if prefix and prefix != label else label, messages[0])
                )

    for field in form:
        walk(field)
    return found


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (each with its own label)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
