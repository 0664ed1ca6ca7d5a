"""Amendment-request deadlines (HIPAA 45 CFR §164.526(b)(2)); pure, no Flask.

§164.526(b)(2)(i): act on a request no later than 60 days after receiving it.
§164.526(b)(2)(ii): one extension of at most 30 days, with a written statement of the reasons.
SECURITY.md NOTE-04 (project choice): warn from day 50, i.e. when 10 days or fewer are left.
"""

from __future__ import annotations

from datetime import date, timedelta

DECISION_DAYS = 60
EXTENSION_DAYS = 30
WARNING_DAYS_LEFT = 10  # day 50 of the 60 days (SECURITY.md NOTE-04, project choice)


def due_on(received_on: date) -> date:
    """Decision due: received + 60 days (§164.526(b)(2)(i))."""
    return received_on + timedelta(days=DECISION_DAYS)


def extended_due_on(due: date) -> date:
    """The one allowed extension: 30 more days (§164.526(b)(2)(ii))."""
    return due + timedelta(days=EXTENSION_DAYS)


def urgency(effective_due: date, today: date) -> str:
    """ "overdue" after the due date, "warning" from 10 days before it (day 50), else "on_time"."""
    days_left = (effective_due - today).days
    if days_left < 0:
        return "overdue"
    if days_left <= WARNING_DAYS_LEFT:
        return "warning"
    return "on_time"
