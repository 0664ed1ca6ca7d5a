"""The language a patient document prints in, and what the therapist must be told first.

The patient's preferred language is the default; a language menu asks for any other. A
code without a catalogue (or the patient's "French") prints in English, and a translation
the clinic has not reviewed prints only after a warning (the issue's "warn them first").
Right-to-left scripts are refused rather than printed wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from ptplan.i18n import DEFAULT, ENGLISH_NAMES, LanguageError, Resolved, resolve
from ptplan.i18n.groups import CONSENT_GROUPS, home_plan_groups
from ptplan.i18n.review import ReviewStatus
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.translations import services as translations


@dataclass(frozen=True)
class PrintLanguage:
    """A resolved print language with its review status and the warnings to show before printing."""

    requested: str
    language: str
    fallback: bool = False
    status: ReviewStatus | None = None
    refused: str = ""  # why this language cannot print at all (right-to-left)

    @property
    def name(self) -> str:
        return ENGLISH_NAMES.get(self.language, self.language)

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.refused:
            out.append(self.refused)
        if self.fallback:
            out.append(
                f"There is no translation for the language {self.requested!r}, so this document "
                "prints in English. Make sure the patient can read it, or arrange an interpreter."
            )
        if self.status is not None and not self.status.reviewed:
            out.append(
                f"The {self.name} translation has not been reviewed by your clinic "
                f"({self.status.unreviewed_count} texts unreviewed). A wrong instruction can hurt "
                "someone: a reviewer can check it under Translations. The footer will say "
                '"Translation not yet reviewed by your clinic".'
            )
        return out

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings)


def resolve_for(patient: Patient, requested: str | None, *, strict: bool = False) -> Resolved:
    """The requested code, else the patient's preferred language. LanguageError if refused."""
    return resolve(requested or patient.preferred_language or DEFAULT, strict=strict)


def plan_groups(plan: PlanOfCare) -> list[str]:
    """The catalogue groups a home plan from ``plan`` prints (built-in library entries only)."""
    exercises = [
        i.exercise.slug
        for i in plan.interventions_of("home_exercise")
        if i.exercise and i.exercise.is_builtin
    ]
    techniques = [
        i.technique.slug
        for i in plan.interventions_of("manual_therapy")
        if i.technique and i.technique.is_builtin
    ]
    muscles = any((i.params or {}).get("muscles") for i in plan.interventions_of("dry_needling"))
    return home_plan_groups(
        exercise_slugs=exercises,
        technique_slugs=techniques,
        dry_needling=plan.has_dry_needling,
        muscles=muscles,
    )


def print_language(
    patient: Patient, clinic_id: int, requested: str | None, *, plan: PlanOfCare | None, consent: bool = False
) -> PrintLanguage:
    """Resolve the language of a home plan (``plan``) or consent form and its review status."""
    try:
        resolved = resolve_for(patient, requested)
    except LanguageError as problem:
        return PrintLanguage(requested or patient.preferred_language, DEFAULT, refused=str(problem))
    groups = list(CONSENT_GROUPS) if consent else (plan_groups(plan) if plan is not None else [])
    status = translations.review_status(clinic_id, resolved.language, groups)
    return PrintLanguage(resolved.requested, resolved.language, resolved.fallback, status)
