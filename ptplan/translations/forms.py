"""Forms of the translation review pages and of an administrator's reviewer assignment."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, SubmitField, TextAreaField
from wtforms.validators import Length

from ptplan.forms import MultiCheckboxField, NoControlCharacters, choices
from ptplan.i18n import ENGLISH_NAMES, TRANSLATED


class GroupReviewForm(FlaskForm):
    """One textarea per text of a library entry; save the corrections, or save and mark reviewed."""

    texts = FieldList(
        TextAreaField(
            "Your clinic's translation", validators=[Length(max=2000), NoControlCharacters(multiline=True)]
        )
    )
    save = SubmitField("Save corrections")
    mark_reviewed = SubmitField("Save and mark reviewed")


class ReviewerLanguagesForm(FlaskForm):
    languages = MultiCheckboxField(
        "Reviews translations into", choices=choices((code, ENGLISH_NAMES[code]) for code in TRANSLATED)
    )
    submit = SubmitField("Save")
