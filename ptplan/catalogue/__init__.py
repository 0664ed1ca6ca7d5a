"""Seed content: exercises (with illustration poses), muscles, techniques, fixed texts.

Pure data: no Flask or database imports, so the DB layer can seed from it and the PDF
code can use it directly.
"""

from ptplan.catalogue.exercises import EXERCISES, EXERCISES_BY_SLUG, SIDES, Dosage, Exercise
from ptplan.catalogue.muscles import MUSCLES, MUSCLES_BY_SLUG, PLAIN_MUSCLES, Muscle
from ptplan.catalogue.techniques import PLAIN_TECHNIQUES, TECHNIQUES, TECHNIQUES_BY_SLUG, Technique

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
