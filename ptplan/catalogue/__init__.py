"""Seed content: exercises (with illustration poses), muscles, techniques, fixed texts.

Pure data: no Flask or database imports, so the DB layer can seed from it and the PDF
code can use it directly.

The names below load on first use (PEP 562): importing a small submodule such as
``ptplan.catalogue.regions`` at start must not build the whole exercise library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ptplan.catalogue.exercises import EXERCISES, EXERCISES_BY_SLUG, SIDES, Dosage, Exercise
    from ptplan.catalogue.muscles import MUSCLES, MUSCLES_BY_SLUG, PLAIN_MUSCLES, Muscle
    from ptplan.catalogue.techniques import PLAIN_TECHNIQUES, TECHNIQUES, TECHNIQUES_BY_SLUG, Technique

_SOURCES = {
    **dict.fromkeys(("EXERCISES", "EXERCISES_BY_SLUG", "SIDES", "Dosage", "Exercise"), "exercises"),
    **dict.fromkeys(("MUSCLES", "MUSCLES_BY_SLUG", "PLAIN_MUSCLES", "Muscle"), "muscles"),
    **dict.fromkeys(("PLAIN_TECHNIQUES", "TECHNIQUES", "TECHNIQUES_BY_SLUG", "Technique"), "techniques"),
}

__all__ = [
    "EXERCISES",
    "EXERCISES_BY_SLUG",
    "MUSCLES",
    "MUSCLES_BY_SLUG",
    "PLAIN_MUSCLES",
    "PLAIN_TECHNIQUES",
    "SIDES",
    "TECHNIQUES",
    "TECHNIQUES_BY_SLUG",
    "Dosage",
    "Exercise",
    "Muscle",
    "Technique",
]


def __getattr__(name: str) -> Any:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_SOURCES[name]}"), name)
    globals()[name] = value
    return value
