"""Safe text for reportlab paragraphs, and the date and dosage wording shared by documents.

Words go through the active translator (``ptplan.i18n.translator``); dates and numbers
through Babel for the document's language; Chinese runs switch to the CJK font.

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

from ptplan.i18n.translator import _, active, ngettext
from ptplan.pdf.fonts import cjk_runs, has_cjk

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
    return Para(cjk_runs(esc(text)), style, **kwargs)  # type: ignore[arg-type]


def rich(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """A paragraph from our own markup ``template``; only ``values`` come from users, escaped.

    Translated templates use gettext's ``%(name)s`` placeholders; the English-only clinical
    documents use ``{name}``. A template with any ``%(`` is filled the gettext way.
    """
    safe = {k: esc(v) for k, v in values.items()}
    text = template % safe if "%(" in template else template.format(**safe)
    return Para(cjk_runs(text), style)


def cell(text: str, style: ParagraphStyle) -> str | Paragraph:
    """A table cell: the plain string (cheapest) unless it holds Chinese, which needs font runs."""
    return para(text, style) if has_cjk(text) else text


def long_date(d: date) -> str:
    """'March 3, 2026' ('3 de marzo de 2026'): spelled out, so no reader mixes up day and month."""
    return active().long_date(d)


def short_date(d: date) -> str:
    return active().short_date(d)


def plural(n: float, word: str, many: str | None = None) -> str:
    """English only (the clinical documents): "3 visits"."""
    number = f"{n:g}"
    return f"{number} {word if n == 1 else (many or word + 's')}"


def hold_text(seconds: int) -> str:
    if seconds <= 0:
        return _("No hold")
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}


def times_a_day(n: int) -> str:
    return (
        _("Once a day")
        if n == 1
        else ngettext("%(count)s time a day", "%(count)s times a day", n) % {"count": n}
    )


def days_a_week(n: int) -> str:
    if n == 7:
        return _("Every day")
    return ngettext("%(count)s day a week", "%(count)s days a week", n) % {"count": n}


def side_text(side: str) -> str:
    return {"left": _("Left side"), "right": _("Right side"), "both": _("Both sides")}[side]


def dosage_rows(
    sets: int, reps: int, hold_seconds: int, times_per_day: int, days_per_week: int, side: str
) -> list[tuple[str, str]]:
    """(label, value) pairs for the dosage table, in words a patient reads without help."""
    how_many = ngettext("%(sets)s set of %(reps)s", "%(sets)s sets of %(reps)s", sets)
    rows = [
        (_("How many"), how_many % {"sets": sets, "reps": reps}),
        (_("Hold"), hold_text(hold_seconds)),
        (_("Times a day"), times_a_day(times_per_day)),
        (_("Days a week"), days_a_week(days_per_week)),
    ]
    if side in ("left", "right", "both"):
        rows.append((_("Side"), side_text(side)))
    return rows
