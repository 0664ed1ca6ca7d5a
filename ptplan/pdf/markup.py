"""Safe text for reportlab paragraphs, and the date and dosage wording shared by documents.

reportlab's ``Paragraph`` parses an XML-like mini-markup, so user text must be escaped
before it reaches one: a note reading ``<b>`` or ``A & B`` must print literally and must
never raise. Every paragraph in this package is built through ``para`` or ``rich``.
"""

from __future__ import annotations

import re
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# Control characters other than tab and newline break the paragraph parser or print as junk.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Para(Paragraph):
    """A Paragraph that remembers its last line breaking.

    Platypus wraps most paragraphs several times at the same width (to measure a table
    row, a KeepTogether group, then to place it); breaking lines is the single largest
    cost of a plan. The result depends only on the width, so repeat calls reuse it.
    """

    _memo: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        memo = self._memo
        # split() may drop blPara to force a re-wrap; only reuse while it is still there.
        if memo is not None and memo[0] == availWidth and "blPara" in self.__dict__:
            self.width = availWidth
            self.height = memo[2]
            return memo[1], memo[2]
        width, height = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, width, height)
        return width, height


def esc(text: object) -> str:
    """Escape plain text for paragraph markup; newlines become line breaks."""
    cleaned = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return escape(cleaned).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle, **kwargs: object) -> Paragraph:
    """A paragraph of plain (escaped) text."""
    return Para(esc(text), style, **kwargs)  # type: ignore[arg-type]


def rich(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """A paragraph from our own markup ``template``; only ``values`` come from users, escaped."""
    return Para(template.format(**{k: esc(v) for k, v in values.items()}), style)


def long_date(d: date) -> str:
    """'March 3, 2026': spelled out, so no reader mixes up day and month."""
    return f"{d:%B} {d.day}, {d.year}"


def short_date(d: date) -> str:
    return f"{d:%b} {d.day}"


def plural(n: float, word: str, many: str | None = None) -> str:
    number = f"{n:g}"
    return f"{number} {word if n == 1 else (many or word + 's')}"


def hold_text(seconds: int) -> str:
    if seconds <= 0:
        return "No hold"
    if seconds >= 60 and seconds % 60 == 0:
        return plural(seconds // 60, "minute")
    return plural(seconds, "second")


def times_a_day(n: int) -> str:
    return "Once a day" if n == 1 else f"{n} times a day"


def days_a_week(n: int) -> str:
    return "Every day" if n == 7 else plural(n, "day") + " a week"


SIDE_TEXT = {"left": "Left side", "right": "Right side", "both": "Both sides"}


def dosage_rows(
    sets: int, reps: int, hold_seconds: int, times_per_day: int, days_per_week: int, side: str
) -> list[tuple[str, str]]:
    """(label, value) pairs for the dosage table, in words a patient reads without help."""
    rows = [
        ("How many", f"{plural(sets, 'set')} of {reps}"),
        ("Hold", hold_text(hold_seconds)),
        ("Times a day", times_a_day(times_per_day)),
        ("Days a week", days_a_week(days_per_week)),
    ]
    if side in SIDE_TEXT:
        rows.append(("Side", SIDE_TEXT[side]))
    return rows
