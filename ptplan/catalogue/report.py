"""A summary of the built-in library, counted from the catalogue itself (never by hand).

``library_report()`` backs ``flask --app wsgi library-report``: exercises per region and
equipment, muscles with their lung-field and nerve/vessel flags, techniques, guideline
templates and the outcome measures with their codes.
"""

from __future__ import annotations

from collections import Counter

from ptplan import measures
from ptplan.catalogue.exercises import EXERCISES
from ptplan.catalogue.muscles import MUSCLES
from ptplan.catalogue.regions import BODY_REGIONS, EQUIPMENT
from ptplan.catalogue.techniques import TECHNIQUES
from ptplan.catalogue.templates import TEMPLATES


def _per_region(tags) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = Counter(tags)
    return {region: counts[region] for region in BODY_REGIONS}


def library_report() -> dict:
    """The library summary as plain JSON-ready data."""
    return {
        "exercises": {
            "total": len(EXERCISES),
            "per_region": _per_region(tag for e in EXERCISES for tag in e.regions),
            "per_equipment": {code: sum(code in e.equipment for e in EXERCISES) for code in EQUIPMENT},
        },
        "muscles": {
            "total": len(MUSCLES),
            "over_lung_field": sum(m.over_lung_field for m in MUSCLES),
            "near_nerve_or_vessel": sum(bool(m.structure_at_risk) for m in MUSCLES),
            "per_region": _per_region(m.body_region for m in MUSCLES),
            "lung_field": [m.slug for m in MUSCLES if m.over_lung_field],
            "structures_at_risk": {m.slug: m.structure_at_risk for m in MUSCLES if m.structure_at_risk},
        },
        "techniques": {
            "total": len(TECHNIQUES),
            "graded": sum(t.grade_applies for t in TECHNIQUES),
            "per_region": _per_region(tag for t in TECHNIQUES for tag in t.regions),
        },
        "templates": [
            {
                "slug": t.slug,
                "name": t.name,
                "guideline": t.guideline,
                "region": t.region,
                "measures": list(t.measures),
                "home_exercises": len(t.exercises),
            }
            for t in TEMPLATES
        ],
        "measures": [
            {
                "code": code,
                "abbreviation": m.abbreviation,
                "name": m.name,
                "mcid": m.mcid.points if m.mcid else None,
                "lower_is_better": not m.higher_is_better,
            }
            for code, m in measures.MEASURES.items()
        ],
    }
