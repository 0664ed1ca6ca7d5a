"""Pure library rules: the dosage an exercise may carry. No Flask, no database."""

from __future__ import annotations

DOSAGE_LIMITS = {
    # field: (low, high, how a person says it); the same limits are DB CheckConstraints on Exercise
    "sets": (1, 10, "Sets"),
    "reps": (1, 100, "Repetitions"),
    "hold_seconds": (0, 300, "Hold (seconds)"),
    "times_per_day": (1, 10, "Times a day"),
    "days_per_week": (1, 7, "Days a week"),
}
