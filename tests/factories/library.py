"""A clinic's library: the whole catalogue through the seeding service, or a few muscles by hand."""

from __future__ import annotations

from sqlalchemy import select

from ptplan.extensions import db
from ptplan.library.models import Muscle
from ptplan.plans.templates import seed_clinic

#: Muscles a hand-built library holds unless a test names others.
MUSCLE_NAMES = ("Piriformis", "Gluteus medius", "Quadratus lumborum")


def libraries(clinic) -> None:
    """The clinic's exercises, techniques, muscles and templates from the catalogue."""
    seed_clinic(clinic)
    db.session.commit()


def make_muscles(clinic_id: int, names=MUSCLE_NAMES, *, region: str = "gluteal/hip") -> list[Muscle]:
    """Muscles named ``names`` (slugs from the names), committed, in that order."""
    muscles = [
        Muscle(clinic_id=clinic_id, slug=name.lower().replace(" ", "-"), name=name, region=region)
        for name in names
    ]
    db.session.add_all(muscles)
    db.session.commit()
    return muscles


def by_slug(model, clinic_id: int, slug: str):
    """The clinic's library row of ``model`` with ``slug`` (None if absent)."""
    return db.session.scalar(select(model).where(model.clinic_id == clinic_id, model.slug == slug))
