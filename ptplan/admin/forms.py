"""Clinic settings form."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, SubmitField

from ptplan.forms import choices, text

TIMEZONES = sorted(
    z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
) + ["UTC"]


class ClinicSettingsForm(FlaskForm):
    name = text("Clinic name", 200, required=True)
    address = text("Address", 400)
    phone = text("Phone", 40, description="Printed on every patient handout.")
    timezone = SelectField("Time zone", choices=choices([(z, z) for z in TIMEZONES]))
    default_payer_rule = SelectField(
        "Default billing-unit rule",
        choices=choices([("cms", "CMS 8-minute rule (Medicare)"), ("ama", "AMA rule of eights (per code)")]),
    )
    page_size = SelectField(
        "Paper size for printed plans", choices=choices([("LETTER", "US Letter"), ("A4", "A4")])
    )
    logo = FileField("Logo (PNG or JPEG, up to 5 MB)")
    submit = SubmitField("Save settings")
