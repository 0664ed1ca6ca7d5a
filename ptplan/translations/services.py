"""Review and correct shipped translations; what a document prints and whether it is reviewed.

Rules: only a user marked as a reviewer for the language reviews or corrects it; a
correction must keep the English text's placeholders (``%(minutes)s``) and markup, or it is
refused with a message for that field; every change is audited. Corrections are the
clinic's own overrides: the shipped catalogue is never edited.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.db import utcnow
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.i18n import ENGLISH_NAMES, TRANSLATED
from ptplan.i18n.groups import Message, messages_by_group, messages_of
from ptplan.i18n.review import ReviewStatus
from ptplan.i18n.translator import Translator, placeholders, shipped
from ptplan.translations.models import TranslationReview, TranslationReviewer, message_key

TAGS = ("<b>", "</b>", "<br/>")


class NotAReviewer(DomainError):
    status_code = 403

    def __init__(self, language: str) -> None:
        super().__init__(f"You are not a reviewer for {ENGLISH_NAMES.get(language, language)} translations.")


class InvalidCorrection(DomainError):
    """Corrections that would break a document; ``errors`` maps a text's index to its message."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__("Some corrections were not saved: see the messages beside them.")
        self.errors = errors


@dataclass(frozen=True)
class TextRow:
    """One text of a review page: the English, the shipped and the clinic's translation."""

    index: int
    message: Message
    shipped: str
    current: str
    overridden: bool
    reviewed: bool
    reviewed_by: str = ""
    reviewed_at: object = None


# ------------------------------------------------------------------ reviewers


def reviewer_languages(user: User) -> list[str]:
    marked = set(
        db.session.scalars(select(TranslationReviewer.language).where(TranslationReviewer.user_id == user.id))
    )
    return [code for code in TRANSLATED if code in marked]


def is_reviewer(user: User, language: str) -> bool:
    return language in reviewer_languages(user)


def set_reviewer_languages(user: User, languages: Iterable[str], *, actor: User) -> None:
    """Mark ``user`` as a reviewer for exactly ``languages`` (an administrator's action, audited)."""
    chosen = set(languages)
    wanted = [code for code in TRANSLATED if code in chosen]
    db.session.execute(delete(TranslationReviewer).where(TranslationReviewer.user_id == user.id))
    for code in wanted:
        db.session.add(TranslationReviewer(user_id=user.id, language=code))
    db.session.flush()
    audit.record(
        "update",
        "user_admin",
        entity_type="user",
        entity_id=user.id,
        detail=f"translation reviewer for: {', '.join(wanted) or 'none'}",
        user=actor,
    )


# ------------------------------------------------------------------ reading


def _rows(clinic_id: int, language: str, messages: Iterable[Message]) -> dict[str, TranslationReview]:
    keys = {message_key(m.id): m.id for m in messages}
    if not keys:
        return {}
    found = db.session.scalars(
        select(TranslationReview).where(
            TranslationReview.clinic_id == clinic_id,
            TranslationReview.language == language,
            TranslationReview.message_key.in_(sorted(keys)),
        )
    )
    return {keys[row.message_key]: row for row in found}


def _shipped_text(language: str, message: Message) -> str:
    catalogue = shipped(language)
    if message.plural:
        return catalogue.ngettext(message.id, message.plural, 1)
    return catalogue.gettext(message.id)


def overrides(clinic_id: int, language: str) -> dict[str, str]:
    """The clinic's corrections for ``language``: English text -> corrected translation."""
    rows = db.session.execute(
        select(TranslationReview.message, TranslationReview.override_text).where(
            TranslationReview.clinic_id == clinic_id,
            TranslationReview.language == language,
            TranslationReview.override_text.is_not(None),
        )
    )
    return {message: text for message, text in rows}


def translator_for(clinic_id: int, language: str) -> Translator:
    """The translator of a document: shipped catalogue plus the clinic's corrections."""
    if language not in TRANSLATED:
        return Translator(language)
    return Translator(language, overrides(clinic_id, language))


def group_rows(clinic_id: int, language: str, group: str) -> list[TextRow]:
    """The texts of one library entry or document part, for the side-by-side review page."""
    messages = messages_by_group().get(group, ())
    rows = _rows(clinic_id, language, messages)
    out = []
    for index, message in enumerate(messages):
        row = rows.get(message.id)
        shipped_text = _shipped_text(language, message)
        current = row.override_text if row is not None and row.override_text is not None else shipped_text
        reviewed = row is not None and row.reviewed_text is not None and row.reviewed_text == current
        out.append(
            TextRow(
                index=index,
                message=message,
                shipped=shipped_text,
                current=current,
                overridden=row is not None and row.override_text is not None,
                reviewed=reviewed,
                reviewed_by=row.reviewed_by.display_name if reviewed and row.reviewed_by else "",
                reviewed_at=row.reviewed_at if reviewed else None,
            )
        )
    return out


def review_status(clinic_id: int, language: str, groups: Iterable[str]) -> ReviewStatus | None:
    """Whether every text of ``groups`` is reviewed, and the latest reviewer; None for English."""
    if language not in TRANSLATED:
        return None
    messages = messages_of(groups)
    rows = _rows(clinic_id, language, messages)
    unreviewed, latest = 0, None
    for message in messages:
        row = rows.get(message.id)
        current = row.override_text if row is not None and row.override_text is not None else None
        if current is None:
            current = _shipped_text(language, message)
        if row is None or row.reviewed_text is None or row.reviewed_text != current:
            unreviewed += 1
        elif latest is None or row.reviewed_at > latest.reviewed_at:
            latest = row
    if unreviewed or latest is None:
        return ReviewStatus(reviewed=False, unreviewed_count=unreviewed)
    return ReviewStatus(
        reviewed=True,
        reviewer=latest.reviewed_by.display_name if latest.reviewed_by else "",
        reviewed_on=latest.reviewed_at.date() if latest.reviewed_at else None,
    )


def group_summary(clinic_id: int, language: str) -> dict[str, tuple[int, int]]:
    """group -> (reviewed texts, all texts), for the list of entries."""
    stored = {
        row.message: row
        for row in db.session.scalars(
            select(TranslationReview).where(
                TranslationReview.clinic_id == clinic_id, TranslationReview.language == language
            )
        )
    }
    out = {}
    for group, messages in messages_by_group().items():
        done = 0
        for message in messages:
            row = stored.get(message.id)
            if row is None or row.reviewed_text is None:
                continue
            current = row.override_text if row.override_text is not None else _shipped_text(language, message)
            done += row.reviewed_text == current
        out[group] = (done, len(messages))
    return out


# ------------------------------------------------------------------ writing


def check_correction(message: Message, text: str) -> str | None:
    """Why a correction would break the document, or None when it is safe to print."""
    if not text.strip():
        return "Enter the translation. To go back to the shipped text, copy it from the left."
    english = message.id
    if placeholders(text) != placeholders(english):
        wanted = ", ".join(f"%({name})s" for name in placeholders(english)) or "none"
        return f"Keep the placeholders exactly as in the English: {wanted}."
    for tag in TAGS:
        if text.count(tag) != english.count(tag):
            return f"Keep the {tag} markup exactly as in the English."
    if placeholders(english):  # the text is filled with the % operator: it must still format
        try:
            text % {name: "x" for name in placeholders(english)}
        except (KeyError, ValueError, TypeError):
            return "A stray % sign breaks the text: write %% for a percent sign."
    return None


def save_group(
    clinic_id: int,
    language: str,
    group: str,
    texts: Mapping[int, str],
    *,
    mark_reviewed: bool,
    actor: User,
) -> tuple[int, int]:
    """Store corrections of a group's texts (index -> text) and, if asked, mark them reviewed.

    Refuses the whole change with InvalidCorrection if any text would break a document.
    Returns (corrected, reviewed) counts. Audited.
    """
    if not is_reviewer(actor, language):
        raise NotAReviewer(language)
    rows = group_rows(clinic_id, language, group)
    errors: dict[int, str] = {}
    wanted: dict[int, str] = {}
    for row in rows:
        if row.message.plural:
            continue  # plural forms are reviewed, not corrected here
        text = unicodedata.normalize("NFC", (texts.get(row.index, row.current) or "").strip())
        problem = check_correction(row.message, text)
        if problem:
            errors[row.index] = problem
        else:
            wanted[row.index] = text
    if errors:
        raise InvalidCorrection(errors)
    stored = _rows(clinic_id, language, [r.message for r in rows])
    now = utcnow()
    corrected = reviewed = 0
    for row in rows:
        text = wanted.get(row.index, row.current)
        override = None if text == row.shipped else text
        record = stored.get(row.message.id)
        changed = text != row.current
        if record is None and override is None and not mark_reviewed:
            continue
        if record is None:
            record = TranslationReview(
                clinic_id=clinic_id,
                language=language,
                message_key=message_key(row.message.id),
                message=row.message.id,
                updated_by_id=actor.id,
            )
            db.session.add(record)
        if changed or record.override_text != override:
            record.override_text = override
            record.updated_by_id, record.updated_at = actor.id, now
            corrected += changed
        if mark_reviewed:
            record.reviewed_text, record.reviewed_by_id, record.reviewed_at = text, actor.id, now
            reviewed += 1
    db.session.flush()
    audit.record(
        "update",
        "translation",
        entity_type="translation_group",
        detail=f"{language} {group}: {corrected} corrected, {reviewed} marked reviewed",
        user=actor,
    )
    return corrected, reviewed
