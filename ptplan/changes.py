"""What changed between two sets of field values, in words a person reads. Pure; no Flask.

Used by the 409 page of every versioned form (the value now saved beside the user's own) and by
a plan's version history.
"""

from __future__ import annotations

from typing import Any


def show_value(value: Any) -> str:
    """A field value as the user reads it: "(none)" for nothing, 3 for 3.0, lists joined."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value) or "(none)"
    return str(value)


def field_changes(saved: dict, submitted: dict, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, value now saved, your value) for fields where the two differ (409 page)."""
    return [
        (label, show_value(saved.get(key)), show_value(submitted.get(key)))
        for key, label in labels.items()
        if show_value(saved.get(key)) != show_value(submitted.get(key))
    ]
