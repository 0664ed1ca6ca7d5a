"""Documentation-timing rules shared by the chart alerts and the caseload views. Pure; no Flask.

The thresholds live here once so that a chart badge and a manager's count never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

PROGRESS_NOTE_EVERY_VISITS = 10
"""Progress report at least once every 10 treatment days (Medicare BPM ch.15 §220.3)."""

PROGRESS_NOTE_ALERT_FROM_VISIT = 9
"""Alert on the 9th treatment day since the last progress report (DOMAIN.md, as WebPT does)."""

UNSIGNED_NOTE_HOURS = 24
"""A note left unsigned for more than 24 hours is flagged (project choice, issue 5)."""

RECERT_DUE_WITHIN_DAYS = 14
"""Recertification is flagged from 14 days before the certification ends (project choice, issue 7)."""

PHYSICIAN_CERT_DAYS = 30
"""The physician certifies within 30 days of the first treatment (Medicare BPM ch.15 §220.1.3)."""

MAX_CERT_DAYS = 90
"""A certification covers the plan's duration or 90 days, whichever is less (BPM ch.15 §220.1.3)."""


def progress_note_status(visits_since_progress: int) -> str | None:
    """'overdue' once 10 treatment days passed without a progress note, 'due' from the 9th."""
    if visits_since_progress >= PROGRESS_NOTE_EVERY_VISITS:
        return "overdue"
    if visits_since_progress >= PROGRESS_NOTE_ALERT_FROM_VISIT:
        return "due"
    return None


def recert_status(cert_end: date, today: date) -> str | None:
    """'overdue' after the certification period ended, 'due' within 14 days of its end."""
    if today > cert_end:
        return "overdue"
    if (cert_end - today).days <= RECERT_DUE_WITHIN_DAYS:
        return "due"
    return None


def physician_cert_missing(first_visit: date | None, physician_signed_on: date | None, today: date) -> bool:
    """Missing when unsigned more than 30 days after the first treatment."""
    return (
        first_visit is not None
        and physician_signed_on is None
        and (today - first_visit).days > PHYSICIAN_CERT_DAYS
    )


def note_unsigned_too_long(created_at: datetime, signed_at: datetime | None, now: datetime) -> bool:
    return signed_at is None and now - created_at > timedelta(hours=UNSIGNED_NOTE_HOURS)


def cert_end_for(start: date, duration_weeks: int) -> date:
    """The certification period: the plan's duration or 90 days, whichever is less."""
    days = min(duration_weeks * 7, MAX_CERT_DAYS)
    return start + timedelta(days=days - 1)
