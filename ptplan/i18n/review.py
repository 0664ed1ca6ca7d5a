"""The translation-review line printed in a document's footer. Pure: data in, words out.

DOMAIN rule from the issue: a wrong instruction can hurt someone, so a translated handout
says whether the clinic has reviewed its translation: "Translation reviewed by NAME, DATE",
or "Translation not yet reviewed by your clinic".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ptplan.i18n.translator import Translator


@dataclass(frozen=True)
class ReviewStatus:
    """Whether every text a document uses is reviewed, and by whom most recently."""

    reviewed: bool
    reviewer: str = ""
    reviewed_on: date | None = None
    unreviewed_count: int = 0


def footer_note(status: ReviewStatus | None, translator: Translator) -> str:
    """The footer line in the document's language; empty for English (nothing translated)."""
    if status is None:
        return ""
    _ = translator.gettext
    if status.reviewed and status.reviewer and status.reviewed_on is not None:
        when = translator.long_date(status.reviewed_on)
        return _("Translation reviewed by %(name)s, %(date)s") % {"name": status.reviewer, "date": when}
    return _("Translation not yet reviewed by your clinic")
