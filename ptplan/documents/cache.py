"""The per-clinic PDF cache: a repeat download of an unchanged document skips the layout.

A cached document is served only while its fingerprint still matches: a SHA-256 over everything
that shapes its bytes, read fresh on every request in a few small statements:

- the renderer itself (``template_version``: a digest of the source of the PDF, document,
  wording, catalogue and illustration modules, the bundled fonts and reportlab's version, so
  any change to the layout or the words invalidates every entry without anyone bumping a number);
- the options (page size, large print) and the language;
- the clinic's branding (name, address, phone, logo, page size, time zone) and today's date there;
- the source rows, whole: the active plan version (with its optimistic-lock counter), its goals,
  its interventions with their library exercises and techniques, the author's name, the
  patient's name, and a stamp of the signed outcome scores the progress chart draws.

A slot holds one document per patient, kind and variant; a render with a new fingerprint
replaces it (an upsert, so two simultaneous first downloads do not collide), so an entry is
dropped as soon as anything in its key changes and is next asked for. The bytes hold PHI, which
is why they stay in the database, clinic-scoped, and every download is still audited.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import reportlab
from sqlalchemy import bindparam, delete, func, or_, select
from sqlalchemy.orm import aliased

from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.db import utcnow
from ptplan.documents.models import CachedDocument
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare
from ptplan.sessions.models import VisitNote

PACKAGE = Path(__file__).resolve().parent.parent
# Everything whose source shapes a home plan's bytes.
RENDERER_SOURCES = ("pdf", "documents", "catalogue", "illustrations")
BRANDING = ("name", "address", "phone", "logo_file_id", "page_size", "timezone")


@cache
def template_version() -> str:
    """A digest of the renderer's code and fonts, computed once per process."""
    digest = hashlib.sha256(reportlab.Version.encode())
    for folder in RENDERER_SOURCES:
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.suffix in (".py", ".ttf", ".json") and path.is_file():
                digest.update(str(path.relative_to(PACKAGE)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def variant(*, page_size: str, large_print: bool, language: str) -> str:
    return f"{page_size}|{'large' if large_print else 'regular'}|{language}"


@cache
def _statements():
    """The fingerprint's statements, built once per process with bound parameters: building
    aliases and joins cost more than running the statements."""
    patient_id, plan_id = bindparam("patient_id"), bindparam("plan_id")
    plan = (
        select(PlanOfCare.__table__, User.full_name, User.credentials, Evaluation.date_of_service)
        .join(User, User.id == PlanOfCare.author_id)
        .outerjoin(Evaluation, Evaluation.id == PlanOfCare.evaluation_id)
        .where(PlanOfCare.patient_id == patient_id, PlanOfCare.status == "active")
        .order_by(PlanOfCare.version_number.desc(), PlanOfCare.id.desc())
        .limit(1)
    )
    interventions = (
        select(PlanIntervention.__table__, Exercise.__table__, ManualTechnique.__table__)
        .outerjoin(Exercise, Exercise.id == PlanIntervention.exercise_id)
        .outerjoin(ManualTechnique, ManualTechnique.id == PlanIntervention.technique_id)
        .where(PlanIntervention.plan_id == plan_id)
        .order_by(PlanIntervention.id)
    )
    goals = select(PlanGoal.__table__).where(PlanGoal.plan_id == plan_id).order_by(PlanGoal.id)
    evaluation, note = aliased(Evaluation), aliased(VisitNote)
    scores = (
        select(func.count(OutcomeScore.id), func.max(OutcomeScore.id), func.max(OutcomeScore.taken_on))
        .outerjoin(evaluation, OutcomeScore.evaluation_id == evaluation.id)
        .outerjoin(note, OutcomeScore.visit_note_id == note.id)
        .where(
            OutcomeScore.patient_id == patient_id,
            OutcomeScore.code.in_(("nprs", "odi")),
            or_(evaluation.signed_at.is_not(None), note.signed_at.is_not(None)),
        )
    )
    return plan, interventions, goals, scores


def home_plan_fingerprint(
    patient: Patient, clinic: Clinic, slot_variant: str, review: str = ""
) -> str | None:
    """The fingerprint of the patient's home plan as it would print now; None if there is no
    active plan (the caller renders, which explains why there is nothing to print). ``review``
    stands for the clinic's translation corrections and review state in the document's language."""
    plan_statement, interventions_statement, goals_statement, scores_statement = _statements()
    plan = db.session.execute(plan_statement, {"patient_id": patient.id}).first()
    if plan is None:
        return None
    interventions = db.session.execute(interventions_statement, {"plan_id": plan.id}).all()
    goals = db.session.execute(goals_statement, {"plan_id": plan.id}).all()
    scores = db.session.execute(scores_statement, {"patient_id": patient.id}).one()
    parts = [
        template_version(),
        slot_variant,
        review,
        repr([getattr(clinic, name) for name in BRANDING]),
        clinic.today().isoformat(),
        repr((patient.id, patient.first_name, patient.last_name)),
        repr(tuple(plan)),
        repr([tuple(row) for row in interventions]),
        repr([tuple(row) for row in goals]),
        repr(tuple(scores)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def lookup(clinic_id: int, patient_id: int, kind: str, slot_variant: str, fingerprint: str):
    """The cached (data, filename, entity_id), or None when absent or stale."""
    return db.session.execute(
        select(CachedDocument.data, CachedDocument.filename, CachedDocument.entity_id).where(
            CachedDocument.clinic_id == clinic_id,
            CachedDocument.patient_id == patient_id,
            CachedDocument.kind == kind,
            CachedDocument.variant == slot_variant,
            CachedDocument.fingerprint == fingerprint,
        )
    ).first()


def store(
    clinic_id: int,
    patient_id: int,
    kind: str,
    slot_variant: str,
    fingerprint: str,
    *,
    data: bytes,
    filename: str,
    entity_id: int | None,
) -> None:
    """Put a rendering in its slot, replacing whatever was there (upsert)."""
    # The dialects' INSERT ... ON CONFLICT; imported here, the PostgreSQL dialect is large.
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    values = {
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "kind": kind,
        "variant": slot_variant,
        "fingerprint": fingerprint,
        "filename": filename,
        "entity_id": entity_id,
        "data": data,
        "created_at": utcnow(),
    }
    statement = insert(CachedDocument).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["clinic_id", "patient_id", "kind", "variant"],
        set_={
            key: statement.excluded[key]
            for key in ("fingerprint", "filename", "entity_id", "data", "created_at")
        },
    )
    db.session.execute(statement)


def forget_clinic(clinic_id: int) -> int:
    """Drop every cached document of a clinic (after a branding change); returns how many."""
    result = db.session.execute(delete(CachedDocument).where(CachedDocument.clinic_id == clinic_id))
    return result.rowcount or 0
