"""Dry-needling screening and consent filled in where dry needling is added to a plan.

JOURNEYS.md: "Dry needling asks for screening and consent inline if they are missing". The
forms are the same as on their own pages, pre-filled from the chart (the patient's
precautions and age pre-tick the screening, the patient's name is the signature name), and
they are signed by the same services, in the same request that adds the dry needling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ptplan.dry_needling import forms
from ptplan.dry_needling import rules as dn_rules
from ptplan.dry_needling import services as safety


@dataclass
class InlineSafety:
    screening: forms.ScreeningForm | None
    consent: forms.ConsentForm | None
    record_now: bool = True

    @property
    def needed(self) -> bool:
        return self.screening is not None or self.consent is not None

    def validate(self, today: date) -> bool:
        """Both forms valid, and neither dated in the future (the message goes next to the date)."""
        ok = True
        for form, date_field, what in (
            (self.screening, "screened_on", "screening"),
            (self.consent, "consented_on", "consent"),
        ):
            if form is None:
                continue
            if not form.validate():
                ok = False
            elif form[date_field].data > today:
                form[date_field].errors = [f"The {what} date cannot be in the future."]
                ok = False
        return ok

    def record(self, patient, user) -> list[str]:
        """Sign what was filled in; returns what was recorded, for the message."""
        done = []
        if self.screening is not None:
            form = self.screening
            safety.record_screening(
                patient,
                user,
                screened_on=form.screened_on.data,
                absolute=form.absolute.data or [],
                relative=form.relative_data(),
                notes=form.notes.data or "",
            )
            done.append("screening")
        if self.consent is not None:
            form = self.consent
            safety.record_consent(
                patient,
                user,
                consented_on=form.consented_on.data,
                signature_name=form.patient_signature_name.data,
                witness_name=form.witness_name.data,
                copy_given=form.copy_given.data,
            )
            done.append("consent")
        return done


def inline_forms(patient, today: date, *, is_post: bool, record_now: bool) -> InlineSafety:
    """The missing records' forms; a screening that blocks or lacks a reason is redone on its own page."""
    screening, consent = safety.latest_screening(patient.id), safety.latest_consent(patient.id)
    need_screening = screening is None
    need_consent = consent is None or consent.withdrawn_on is not None or not consent.copy_given
    meta = {"csrf": False}  # the page's own form carries the CSRF token
    screening_form = forms.ScreeningForm(prefix="screening", meta=meta) if need_screening else None
    consent_form = forms.ConsentForm(prefix="consent", meta=meta) if need_consent else None
    if not is_post:
        if screening_form is not None:
            absolute, relative = dn_rules.pretick(patient, today)
            screening_form.screened_on.data = today
            screening_form.absolute.data = sorted(absolute)
            for code in relative:
                screening_form[f"rel_{code}"].data = True
        if consent_form is not None:
            consent_form.consented_on.data = today
            consent_form.patient_signature_name.data = patient.full_name
    return InlineSafety(screening_form, consent_form, record_now=record_now)
