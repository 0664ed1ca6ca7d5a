"""The "Documents" chart section: every printable document of the patient, in ONE query.

Plan versions, signed evaluations, signed visit notes and the latest signed consent come
from one UNION ALL, so the section costs one statement whatever the history's length.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import Date, Integer, String, bindparam, cast, literal, null, select, type_coerce, union_all

from ptplan import charting
from ptplan.charting import ChartSection
from ptplan.dry_needling.models import DryNeedlingConsent
from ptplan.evaluations.models import EVALUATION_KINDS, Evaluation
from ptplan.extensions import db
from ptplan.i18n import DEFAULT, ENGLISH_NAMES, LANGUAGES, LanguageError, resolve
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import NOTE_KINDS, VisitNote

PLAN_STATUS_LABELS = {
    "draft": "unsigned draft",
    "active": "active",
    "superseded": "superseded",
    "completed": "completed",
    "discontinued": "discontinued",
}


@dataclass(frozen=True)
class DocumentLink:
    label: str
    url: str
    detail: str = ""


@functools.cache
def _rows_statement():
    """Built once per process (bind parameter ``patient_id``): building the four-part union
    costs more than running it."""
    patient_id = bindparam("patient_id")

    def part(kind: str, model, on, label, number, *where):
        return select(
            literal(kind, String).label("kind"),
            model.id.label("id"),
            on.label("on"),
            label.label("label"),
            type_coerce(number, Integer).label("number"),
            model.withdrawn_on.label("withdrawn")
            if model is DryNeedlingConsent
            else cast(null(), Date).label("withdrawn"),  # typed NULL: PostgreSQL unions need it,
        ).where(model.patient_id == patient_id, *where)

    query = union_all(
        part("plan", PlanOfCare, PlanOfCare.start_date, PlanOfCare.status, PlanOfCare.version_number),
        part(
            "evaluation",
            Evaluation,
            Evaluation.date_of_service,
            Evaluation.kind,
            literal(0, Integer),
            Evaluation.signed_at.is_not(None),
        ),
        part(
            "note",
            VisitNote,
            VisitNote.date_of_service,
            VisitNote.kind,
            VisitNote.visit_number,
            VisitNote.signed_at.is_not(None),
        ),
        part(
            "consent",
            DryNeedlingConsent,
            DryNeedlingConsent.consented_on,
            DryNeedlingConsent.form_version,
            literal(0, Integer),
            DryNeedlingConsent.signed_at.is_not(None),
        ),
    )
    return query


def _rows(patient_id: int) -> list[tuple[str, int, date, str, int, object]]:
    return list(db.session.execute(_rows_statement(), {"patient_id": patient_id}).all())


def _language_note(preferred: str | None) -> tuple[str, str]:
    """(language code for the links, words for the label) from the patient's preferred language."""
    try:
        resolved = resolve(preferred)
    except LanguageError:
        return "", f"English: {preferred!r} cannot print yet"
    if resolved.fallback:
        return resolved.requested, f"English: no {resolved.requested!r} translation"
    return resolved.language, ENGLISH_NAMES[resolved.language]


def documents(patient_id: int, preferred_language: str | None = None) -> dict:
    """Links grouped for the template: home plan, plans of care, consent, signed notes.

    The home plan and consent links print in the patient's preferred language."""
    code, in_words = _language_note(preferred_language)
    lang = {"language": code} if code else {}
    rows = _rows(patient_id)
    plans = sorted((r for r in rows if r.kind == "plan"), key=lambda r: (r.number, r.id), reverse=True)
    notes = sorted(
        (r for r in rows if r.kind in ("evaluation", "note")),
        key=lambda r: (r.on, r.kind, r.id),
        reverse=True,
    )
    consents = sorted(
        (r for r in rows if r.kind == "consent" and r.withdrawn is None),
        key=lambda r: (r.on, r.id),
        reverse=True,
    )
    has_active = any(r.label == "active" for r in plans)
    home = []
    if has_active:
        home = [
            DocumentLink(
                "Home plan",
                url_for("documents.patient_plan_pdf", patient_id=patient_id, **lang),
                in_words,
            ),
            DocumentLink(
                "Home plan, large print",
                url_for("documents.patient_plan_pdf", patient_id=patient_id, large_print=1, **lang),
                in_words,
            ),
        ]
    plan_links = [
        DocumentLink(
            f"Plan of care, version {r.number}",
            url_for("documents.plan_of_care_pdf", plan_id=r.id),
            f"{PLAN_STATUS_LABELS.get(r.label, r.label)}, from {r.on.isoformat()}",
        )
        for r in plans
    ]
    consent_links = [
        DocumentLink(
            "Dry-needling consent form, blank to sign",
            url_for("documents.dn_consent_pdf", patient_id=patient_id, blank=1, **lang),
            in_words,
        )
    ]
    if consents:
        consent_links.insert(
            0,
            DocumentLink(
                "Dry-needling consent, signed",
                url_for("documents.dn_consent_pdf", patient_id=patient_id, **lang),
                f"signed {consents[0].on.isoformat()}, {in_words}",
            ),
        )
    note_links = [
        DocumentLink(
            EVALUATION_KINDS.get(r.label, "Evaluation")
            if r.kind == "evaluation"
            else f"{NOTE_KINDS.get(r.label, 'Note')}, visit {r.number}",
            url_for("documents.evaluation_pdf", evaluation_id=r.id)
            if r.kind == "evaluation"
            else url_for("documents.note_pdf", note_id=r.id),
            r.on.isoformat(),
        )
        for r in notes
    ]
    return {
        "home": home,
        "plans": plan_links,
        "consents": consent_links,
        "notes": note_links,
        "languages": list(LANGUAGES.items()),
        "preferred": code or DEFAULT,
        # The language menus' form actions (GET forms; the menu adds ?language=).
        "home_action": url_for("documents.patient_plan_pdf", patient_id=patient_id),
        "consent_action": url_for("documents.dn_consent_pdf", patient_id=patient_id),
    }


def sections(patient, user) -> list[ChartSection]:
    if not user.can("clinical.print"):
        return []
    context = documents(patient.id, patient.preferred_language)
    context["patient_id"] = patient.id
    return [
        ChartSection(
            key="documents",
            title="Documents",
            template="documents/_chart_section.html",
            order=80,
            context=context,
        )
    ]


charting.register("documents", order=40, sections=sections)
