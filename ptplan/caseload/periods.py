"""The dashboard's date range, parsed from the query string. Pure; no Flask."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_RANGE_DAYS = 3 * 366
"""A longer range is cut to three years (project choice: keeps every aggregate bounded)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    messages: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday around ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _parse(value: str | None) -> date | None | str:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return "bad"


def parse_period(start_text: str | None, end_text: str | None, today: date) -> Period:
    """Read start/end (YYYY-MM-DD). Bad input falls back to this week with a message."""
    messages: list[str] = []
    default_start, default_end = week_of(today)
    start, end = _parse(start_text), _parse(end_text)
    if start == "bad" or end == "bad":
        messages.append("A date was not in the form YYYY-MM-DD, so this week is shown instead.")
        return Period(default_start, default_end, tuple(messages))
    if start is None and end is None:
        return Period(default_start, default_end)
    if start is None:
        start = end - timedelta(days=6)
    if end is None:
        end = start + timedelta(days=6)
    if start > end:
        start, end = end, start
        messages.append("The start date was after the end date, so the two were swapped.")
    if (end - start).days > MAX_RANGE_DAYS:
        start = end - timedelta(days=MAX_RANGE_DAYS)
        messages.append("Ranges are limited to three years; the start date was moved.")
    return Period(start, end, tuple(messages))
