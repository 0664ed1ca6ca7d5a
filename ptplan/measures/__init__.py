"""Outcome measures: pure scoring (no Flask, no database).

NPRS, ODI, PSFS, LEFS, FABQ (scales.py); NDI and QuickDASH with its modules (regional.py).

score(code, answers) -> Score       change(code, before, after) -> str
get(code) -> Measure                validate_answers(code, answers) -> list
MEASURES (code -> Measure)          slr_positive(angle, below_knee) -> bool
display(code, value) -> str         target_met(code, value, target) -> bool
"""

# Registration order is display order: the lower-back measures first, then the regional ones.
from ptplan.measures import scales as _scales  # noqa: F401  (registers the measures)

# isort: split
from ptplan.measures import regional as _regional  # noqa: F401  (registers the measures)
from ptplan.measures.base import (
    HIGHER_IS_BETTER,
    HIGHER_IS_WORSE,
    IMPROVED,
    NO_CHANGE,
    WORSE,
    Mcid,
    Measure,
    MeasureError,
    Score,
)
from ptplan.measures.registry import (
    MEASURES,
    change,
    display,
    get,
    register,
    score,
    target_met,
    validate_answers,
)
from ptplan.measures.special_tests import slr_positive

__all__ = [
    "HIGHER_IS_BETTER",
    "HIGHER_IS_WORSE",
    "IMPROVED",
    "MEASURES",
    "NO_CHANGE",
    "WORSE",
    "Mcid",
    "Measure",
    "MeasureError",
    "Score",
    "change",
    "display",
    "get",
    "register",
    "score",
    "slr_positive",
    "target_met",
    "validate_answers",
]
