"""Pure plan-of-care rules: no Flask, no database. Data in, data out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ptplan.changes import show_value
from ptplan.plans.certification import MAX_CERT_DAYS

HOME_EXERCISE_SOFT_LIMIT = 4
"""Adherence falls as the number of exercises grows; keep about 4 or fewer (DOMAIN.md)."""

MAX_DURATION_WEEKS = 52


def home_program_warning(exercise_count: int) -> str | None:
    """Warn, never block, above 4 home exercises (DOMAIN.md: adherence falls with more)."""
    if exercise_count > HOME_EXERCISE_SOFT_LIMIT:
        return (
            f"This plan gives the patient {exercise_count} home exercises. People keep up better "
            f"with {HOME_EXERCISE_SOFT_LIMIT} or fewer; consider removing some."
        )
    return None


def cert_period_problem(start: date | None, end: date | None) -> str | None:
    """A certification covers at most 90 days (Medicare BPM ch.15 §220.1.3)."""
    if start is None or end is None:
        return None
    if end < start:
        return "The certification must end on or after the day it starts."
    if (end - start).days + 1 > MAX_CERT_DAYS:
        return f"A certification covers at most {MAX_CERT_DAYS} days. Choose an earlier end date."
    return None


def target_problem(score_range: tuple[float, float], value: float | None, what: str = "target") -> str | None:
    if value is None:
        return None
    low, high = score_range
    if not low <= value <= high:
        return f"The {what} must be between {low:g} and {high:g} on this measure."
    return None


def suggested_target(
    baseline: float, *, score_range, higher_is_better: bool, mcid_points: float | None
) -> float:
    """A starting target: one MCID better than baseline, kept inside the scale (DOMAIN.md MCID)."""
    low, high = score_range
    step = mcid_points or (high - low) / 10
    value = baseline + step if higher_is_better else baseline - step
    return round(min(high, max(low, value)), 1)


# ------------------------------------------------------------------ patient wording


def _times(n: int, noun: str = "time") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def dosage_words(
    sets: int, reps: int, hold_seconds: int, times_per_day: int, days_per_week: int, side: str
) -> str:
    """Dosage in everyday words ("3 times a day", never "TID"; JOURNEYS.md)."""
    parts = []
    if sets > 1:
        parts.append(f"{_times(sets, 'set')} of {reps}")
    else:
        parts.append(f"do it {_times(reps)}")
    if hold_seconds:
        parts.append(f"hold each for {hold_seconds} seconds")
    if side == "both":
        parts.append("on both sides")
    elif side in ("left", "right"):
        parts.append(f"on your {side} side")
    parts.append(f"{_times(times_per_day)} a day")
    parts.append("every day" if days_per_week == 7 else f"{days_per_week} days a week")
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


# ------------------------------------------------------------------ version differences


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    what: str  # plan | goal | intervention
    text: str


def _describe_fields(old: dict, new: dict, labels: dict[str, str]) -> list[str]:
    out = []
    for key, label in labels.items():
        if old.get(key) != new.get(key):
            out.append(f"{label} {show_value(old.get(key))} → {show_value(new.get(key))}")
    return out


PLAN_FIELDS = {
    "frequency_per_week": "Frequency (visits a week)",
    "duration_weeks": "Duration (weeks)",
    "start_date": "Start date",
    "cert_end_date": "Certification ends",
    "diagnoses": "Diagnoses",
}
GOAL_FIELDS = {
    "description": "wording",
    "measure": "measure",
    "baseline": "baseline",
    "target": "target",
    "due": "due date",
    "term": "term",
}
INTERVENTION_FIELDS = {"summary": "details"}


def diff_versions(old: dict, new: dict) -> list[Change]:
    """What changed from one plan version to the next.

    Each snapshot is plain data: plan fields, plus ``goals`` and ``interventions`` lists of
    dicts with ``id``, ``origin_id`` (the row in the previous version it was copied from) and
    a ``label``. Rows are matched by origin, so an edited goal reads as "changed".
    """
    changes: list[Change] = []
    for line in _describe_fields(old, new, PLAN_FIELDS):
        changes.append(Change("changed", "plan", line))
    for what, fields in (("goals", GOAL_FIELDS), ("interventions", INTERVENTION_FIELDS)):
        singular = what[:-1]
        old_rows = {r["id"]: r for r in old.get(what, [])}
        matched: set[int] = set()
        for row in new.get(what, []):
            origin = row.get("origin_id")
            before = old_rows.get(origin) if origin is not None else None
            if before is None:
                changes.append(Change("added", singular, row["label"]))
                continue
            matched.add(origin)
            details = _describe_fields(before, row, fields)
            if details:
                changes.append(Change("changed", singular, f"{before['label']}: " + "; ".join(details)))
        for row_id, row in old_rows.items():
            if row_id not in matched:
                changes.append(Change("removed", singular, row["label"]))
    return changes
