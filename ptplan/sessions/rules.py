"""Visit-documentation timing rules shared by the chart alerts and the caseload views. Pure; no Flask.

Certification rules are the plan's (``ptplan.plans.certification``); billing a visit is
``ptplan.billing.visit``.

The thresholds live here once so that a chart badge and a manager's count never disagree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

PROGRESS_NOTE_EVERY_VISITS = 10
"""Progress report at least once every 10 treatment days (Medicare BPM ch.15 §220.3)."""

PROGRESS_NOTE_ALERT_FROM_VISIT = 9
"""Alert on the 9th treatment day since the last progress report (DOMAIN.md, as WebPT does)."""

UNSIGNED_NOTE_HOURS = 24
"""A note left unsigned for more than 24 hours is flagged (project choice, issue 5)."""


def progress_note_status(visits_since_progress: int) -> str | None:
    """'overdue' once 10 treatment days passed without a progress note, 'due' from the 9th."""
    if visits_since_progress >= PROGRESS_NOTE_EVERY_VISITS:
        return "overdue"
    if visits_since_progress >= PROGRESS_NOTE_ALERT_FROM_VISIT:
        return "due"
    return None


def note_unsigned_too_long(created_at: datetime, signed_at: datetime | None, now: datetime) -> bool:
    return signed_at is None and now > unsigned_deadline(created_at)


def unsigned_deadline(created_at: datetime) -> datetime:
    """The moment a draft note created at ``created_at`` becomes unsigned for too long."""
    return created_at + timedelta(hours=UNSIGNED_NOTE_HOURS)
