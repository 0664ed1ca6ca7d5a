"""Clinic libraries: seeding from ``ptplan.catalogue``, lookups scoped to one clinic, edits.

Seeding choice: ``seed_libraries(clinic)`` runs from the demo seeder, and lazily the first
time anyone in a clinic opens the library or starts a plan while the clinic has no
exercises (``ensure_libraries``). Seeding is idempotent by slug, so a repeat only adds
entries the catalogue gained since; a clinic's own edits to a seeded entry are kept.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ptplan import catalogue  # its entries load on first use, when a clinic is seeded
from ptplan.audit import services as audit
from ptplan.db import DomainError
from ptplan.extensions import db
from ptplan.files.services import MAX_IMAGE_BYTES, UploadError, clean_image, store_image
from ptplan.plans.models import Exercise, ManualTechnique, Muscle
from ptplan.plans.poses import pose_to_dict


def _add_missing(model, clinic_id: int, items, build) -> int:
    """Add a row built by ``build(item)`` for each catalogue item whose slug the clinic lacks."""
    have = set(db.session.scalars(select(model.slug).where(model.clinic_id == clinic_id)))
    added = 0
    for item in items:
        if item.slug not in have:
            db.session.add(model(clinic_id=clinic_id, slug=item.slug, is_builtin=True, **build(item)))
            added += 1
    return added


def _exercise_fields(item) -> dict:
    d = item.dosage
    return {
        "name": item.name,
        "region": item.region,
        "region_tags": list(item.regions),
        "equipment": list(item.equipment),
        "purpose": item.purpose,
        "steps": list(item.steps),
        "cautions": list(item.cautions),
        "default_sets": d.sets,
        "default_reps": d.reps,
        "default_hold_seconds": d.hold_seconds,
        "default_times_per_day": d.times_per_day,
        "default_days_per_week": d.days_per_week,
        "default_side": d.side,
        "pose": pose_to_dict(item.pose),
    }


def _muscle_fields(muscle) -> dict:
    return {
        "name": muscle.name,
        "region": muscle.region,
        "has_laterality": muscle.has_laterality,
        "is_over_lung_field": muscle.over_lung_field,
        "structure_at_risk": muscle.structure_at_risk,
    }


def _technique_fields(technique) -> dict:
    return {
        "name": technique.name,
        "grade_applies": technique.grade_applies,
        "default_minutes": technique.default_minutes,
        "patient_description": technique.patient_text,
    }


def seed_libraries(clinic) -> dict[str, int]:
    """Add every catalogue entry the clinic lacks (matched by slug). Returns counts added."""
    from ptplan.plans.templates import seed_guideline_templates  # seeding only: not at start

    added = {
        "exercises": _add_missing(Exercise, clinic.id, catalogue.EXERCISES, _exercise_fields),
        "muscles": _add_missing(Muscle, clinic.id, catalogue.MUSCLES, _muscle_fields),
        "techniques": _add_missing(ManualTechnique, clinic.id, catalogue.TECHNIQUES, _technique_fields),
        "templates": seed_guideline_templates(clinic.id),
    }
    _refresh_builtin_tags(clinic.id)
    db.session.flush()
    return added


def _refresh_builtin_tags(clinic_id: int) -> None:
    """Bring seeded rows up to the catalogue's safety flags and filter tags.

    Lung-field and nerve/vessel precautions are safety information, so a seeded muscle
    always carries the catalogue's (DOMAIN.md "Dry needling by region"). Exercises seeded
    before region tags existed get the catalogue's tags; tags a clinic set are kept.
    """
    by_slug = {m.slug: m for m in catalogue.MUSCLES}
    for row in db.session.scalars(select(Muscle).where(Muscle.clinic_id == clinic_id, Muscle.is_builtin)):
        item = by_slug.get(row.slug)
        if item is not None:
            row.is_over_lung_field = item.over_lung_field
            row.structure_at_risk = item.structure_at_risk
    exercises_by_slug = {e.slug: e for e in catalogue.EXERCISES}
    untagged = select(Exercise).where(Exercise.clinic_id == clinic_id, Exercise.is_builtin)
    for row in db.session.scalars(untagged):
        item = exercises_by_slug.get(row.slug)
        if item is not None and not row.region_tags:
            row.region_tags = list(item.regions)
            row.equipment = list(item.equipment)


def ensure_libraries(clinic) -> None:
    """Lazy, idempotent provisioning: seed a clinic that has no exercises yet."""
    count = db.session.scalar(select(func.count(Exercise.id)).where(Exercise.clinic_id == clinic.id))
    if not count:
        seed_libraries(clinic)


# ------------------------------------------------------------------ lookups


def exercises(clinic_id: int, *, include_archived: bool = False) -> list[Exercise]:
    statement = select(Exercise).where(Exercise.clinic_id == clinic_id)
    if not include_archived:
        statement = statement.where(Exercise.is_archived.is_(False))
    return list(db.session.scalars(statement.order_by(Exercise.region, Exercise.name)))


def muscles(clinic_id: int, *, include_archived: bool = False) -> list[Muscle]:
    statement = select(Muscle).where(Muscle.clinic_id == clinic_id)
    if not include_archived:
        statement = statement.where(Muscle.is_archived.is_(False))
    return list(db.session.scalars(statement.order_by(Muscle.region, Muscle.name)))


def techniques(clinic_id: int, *, include_archived: bool = False) -> list[ManualTechnique]:
    statement = select(ManualTechnique).where(ManualTechnique.clinic_id == clinic_id)
    if not include_archived:
        statement = statement.where(ManualTechnique.is_archived.is_(False))
    return list(db.session.scalars(statement.order_by(ManualTechnique.name)))


def clinic_item(model, item_id, clinic_id: int, *, what: str):
    """A library row by id that must belong to this clinic and be in use; else a refusal.

    Ids from form bodies are checked here (SECURITY.md IDOR): another clinic's id is refused
    exactly like a missing one, and audited.
    """
    try:
        key = int(item_id)
    except (TypeError, ValueError):
        raise DomainError(f"Choose a {what} from the library.") from None
    item = db.session.get(model, key)
    if item is None or item.clinic_id != clinic_id:
        if item is not None:
            audit.record(
                "denied",
                "library",
                outcome="denied",
                entity_type=model.__tablename__,
                entity_id=key,
                detail="library item from another clinic",
            )
        raise DomainError(f"That {what} is not in your clinic's library.")
    if item.is_archived:
        raise DomainError(f"That {what} is archived. Choose another one.")
    return item


# ------------------------------------------------------------------ edits (library.manage)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "item"


def unique_slug(model, clinic_id: int, name: str) -> str:
    base = "custom-" + slugify(name)
    taken = set(
        db.session.scalars(
            select(model.slug).where(model.clinic_id == clinic_id, model.slug.like(base + "%"))
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug[:60]


def attach_photo(exercise: Exercise, data: bytes, *, user_id: int) -> None:
    stored = store_image(data, clinic_id=exercise.clinic_id, user_id=user_id)
    exercise.photo_file_id = stored.id


def check_upload_name(filename: str | None) -> None:
    """Refuse path tricks in the uploaded name; the name is never used to store the file."""
    name = filename or ""
    if "/" in name or "\\" in name or ".." in name or any(not ch.isprintable() for ch in name):
        raise UploadError("Rename the file: its name must not contain folders or '..'.")


def check_image(data: bytes) -> None:
    """The same checks ``store_image`` makes, before anything is changed (FILE-01)."""
    if not data:
        raise UploadError("The file is empty.")
    if len(data) > MAX_IMAGE_BYTES:  # callers read at most MAX_IMAGE_BYTES + 1
        raise UploadError(f"The image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB.")
    clean_image(data)


def set_archived(item, archived: bool, *, category: str = "library") -> None:
    item.is_archived = archived
    db.session.flush()
    audit.record(
        "archive" if archived else "update",
        category,
        entity_type=item.__tablename__,
        entity_id=item.id,
        detail="archived" if archived else "restored",
    )
