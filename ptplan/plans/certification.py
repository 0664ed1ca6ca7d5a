"""Plan-of-care certification rules (Medicare Benefit Policy Manual ch.15 §220.1.3). Pure; no Flask.

The therapist's plan is certified for its duration or 90 days, whichever is less; the physician
certifies within 30 days of the first treatment; recertification is flagged from 14 days before
the period ends. The thresholds live here once so that a chart badge, a plan page and a
manager's count never disagree.
"""

from __future__ import annotations

from datetime import date, timedelta

RECERT_DUE_WITHIN_DAYS = 14
"""Recertification is flagged from 14 days before the certification ends (project choice, issue 7)."""

PHYSICIAN_CERT_DAYS = 30
"""The physician certifies within 30 days of the first treatment (Medicare BPM ch.15 §220.1.3)."""

MAX_CERT_DAYS = 90
"""A certification covers the plan's duration or 90 days, whichever is less (BPM ch.15 §220.1.3)."""


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


def cert_end_for(start: date, duration_weeks: int) -> date:
    """The certification period: the plan's duration or 90 days, whichever is less."""
    days = min(duration_weeks * 7, MAX_CERT_DAYS)
    return start + timedelta(days=days - 1)
