"""The measure registry: code -> measure instance, filled by the `register` decorator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TypeVar

from ptplan.measures.base import Answer, Measure, MeasureError, Score

M = TypeVar("M", bound=type[Measure])

_registry: dict[str, Measure] = {}

MEASURES: Mapping[str, Measure] = MappingProxyType(_registry)
"""Every registered measure by code (read-only view)."""


def register(measure_class: M) -> M:
    """Class decorator: register one instance of a measure under its code."""
    code = measure_class.code
    if code in _registry:
        raise RuntimeError(f"Outcome measure {code!r} is registered twice.")
    _registry[code] = measure_class()
    return measure_class


def get(code: str) -> Measure:
    """The measure for a code such as "odi" (case-insensitive)."""
    key = code.strip().lower() if isinstance(code, str) else code
    try:
        return _registry[key]
    except (KeyError, TypeError):
        known = ", ".join(sorted(_registry))
        raise MeasureError(f"Unknown outcome measure {code!r}; known measures: {known}.") from None


def score(code: str, answers: Sequence[Answer]) -> Score:
    """Score a questionnaire; skipped items are None. Raises MeasureError (a ValueError)."""
    return get(code).score(answers)


def validate_answers(code: str, answers: Sequence[Answer]) -> list[Answer]:
    """Check answers without scoring: returns them as a list or raises MeasureError."""
    return get(code).validate(answers)


def change(code: str, before: float, after: float) -> str:
    """ "improved", "no change" or "worse" between two score values, judged by the MCID."""
    return get(code).change(before, after)


def display(code: str, value: float) -> str:
    """A score as a reader sees it, e.g. display("odi", 35.555) -> "35.6%" (Measure.display)."""
    return get(code).display(value)


def target_met(code: str, value: float, target: float) -> bool:
    """True when `value` is at or past `target` in the measure's good direction (Measure.target_met)."""
    return get(code).target_met(value, target)
