"""Documentation-timing rules shared by the chart alerts and the caseload views. Pure; no Flask.

The thresholds live here once so that a chart badge and a manager's count never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ptplan.billing import billing_summary, dry_needling_code

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


# ---------------------------------------------------------------- billing a visit

UNITS_RULE_SOURCE = "CMS Claims Processing Manual ch.5 §20.2 / AMA rule of eights, via ptplan.billing"


@dataclass(frozen=True)
class BillingLine:
    cpt_code: str
    minutes: int
    units: int
    is_timed: bool


@dataclass(frozen=True)
class VisitBilling:
    rule: str
    lines: list[BillingLine]
    total_timed_minutes: int
    total_treatment_minutes: int

    @property
    def total_units(self) -> int:
        return sum(line.units for line in self.lines)


def needled_muscle_count(sides: list[str]) -> int:
    """Muscles needled for CPT 20560/20561: each muscle on each side counts (project choice).

    A muscle needled on both sides counts twice, as left and right are separate muscles.
    """
    return sum(2 if side == "both" else 1 for side in sides)


def dry_needling_code_for(sides: list[str]) -> str:
    """CPT 20560 for 1-2 muscles, 20561 for 3 or more (untimed, once a day)."""
    return dry_needling_code(needled_muscle_count(sides))


def visit_billing(
    minutes_by_code: dict[str, int], *, dn_code: str | None = None, dn_minutes: int = 0, rule: str = "cms"
) -> VisitBilling:
    """Billing lines for one visit (DOMAIN.md 8-minute rule): timed codes share units by `rule`;
    dry needling (untimed, once a day) counts in total treatment time, not in timed minutes."""
    timed = {code: minutes for code, minutes in minutes_by_code.items() if minutes > 0}
    summary = billing_summary(
        timed,
        untimed_codes=[dn_code] if dn_code else [],
        untimed_minutes=dn_minutes if dn_code else 0,
        rule=rule,
    )
    lines = [
        BillingLine(code, minutes, summary.timed_units.get(code, 0), True)
        for code, minutes in sorted(timed.items())
    ]
    if dn_code:
        lines.append(BillingLine(dn_code, dn_minutes, 1, False))
    return VisitBilling(
        rule=summary.rule,
        lines=lines,
        total_timed_minutes=summary.timed_minutes,
        total_treatment_minutes=summary.total_treatment_minutes,
    )
