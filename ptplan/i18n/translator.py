"""Gettext catalogues for the patient's documents, and the translator active while one is made.

Pure (no Flask, no database). The ``.po`` files live in ``ptplan/i18n/locale``; ``make
translations`` extracts and merges them and ``make compile-translations`` writes the ``.mo``
files (``make run`` and ``make test`` do both steps they need). A checkout whose ``.mo`` is
missing or older than its ``.po`` compiles it in memory, so a document never prints English
only because a build step was skipped.

The PDF code marks its strings with ``_()`` (gettext) and ``ngettext()``; those look the
string up in the translator made active by ``use()``, which a renderer sets for the
document it builds. A clinic's reviewed corrections ("overrides") win over the shipped text.
Dates and numbers go through Babel for the document's locale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from ptplan.i18n import DEFAULT, PSEUDO

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"
POT_FILE = LOCALE_DIR / f"{DOMAIN}.pot"
# Python-format placeholders ("%(minutes)s") and our paragraph markup ("<b>", "<br/>").
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdf]|%%")
_MARKUP = re.compile(r"<[^>]+>|%\(\w+\)[sdf]|%%|\{\w+\}")


def locale_id(language: str) -> str:
    """Babel's identifier: "zh-Hans" -> "zh_Hans" (also the catalogue's folder name)."""
    return language.replace("-", "_")


def po_path(language: str) -> Path:
    return LOCALE_DIR / locale_id(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def placeholders(text: str) -> list[str]:
    """The sorted ``%(name)s`` placeholders of a text (what an override must keep)."""
    return sorted(m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1))


@cache
def shipped(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (cached per process); English has none."""
    if language in (DEFAULT, PSEUDO):
        return NullTranslations()
    po = po_path(language)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():
        return NullTranslations()
    # Babel's catalogue tools: only without a compiled .mo, so not imported at start-up.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale_id(language))
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


# ------------------------------------------------------------------ pseudo-locale

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûvŵxýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛVŴXÝŽ",
)


def pseudo(text: str) -> str:
    """ "Stop if" -> "⟦Šţöþ îƒ⟧": accented, bracketed, placeholders and markup kept intact."""
    out, last = [], 0
    for match in _MARKUP.finditer(text):
        out.append(text[last : match.start()].translate(_ACCENTS))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_ACCENTS))
    return "⟦" + "".join(out) + "⟧"


@cache
def pseudo_catalogue() -> frozenset[str]:
    """The msgids of the template: the pseudo-locale translates exactly what is catalogued."""
    if not POT_FILE.exists():
        return frozenset()
    from babel.messages.pofile import read_po

    with POT_FILE.open("rb") as handle:
        return frozenset((m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id)


# ------------------------------------------------------------------ the translator


class Translator:
    """Look-ups, plural forms, dates and numbers for one language, with a clinic's overrides."""

    def __init__(self, language: str = DEFAULT, overrides: Mapping[str, str] | None = None) -> None:
        self.language = language
        self.overrides = dict(overrides or {})
        self.locale = Locale.parse(locale_id("en" if language == PSEUDO else language))
        self._catalogue = shipped(language)
        self._pseudo = pseudo_catalogue() if language == PSEUDO else frozenset()

    def gettext(self, message: str) -> str:
        if not message:
            return message
        if message in self.overrides:
            return self.overrides[message]
        if self.language == PSEUDO:
            return pseudo(message) if message in self._pseudo else message
        return unicodedata.normalize("NFC", self._catalogue.gettext(message))

    def ngettext(self, singular: str, plural: str, n: float) -> str:
        if self.language == PSEUDO:
            chosen = singular if n == 1 else plural
            return pseudo(chosen) if singular in self._pseudo else chosen
        return unicodedata.normalize("NFC", self._catalogue.ngettext(singular, plural, n))

    def has(self, message: str) -> bool:
        """True when ``message`` has a translation (or is English, which needs none)."""
        if self.language == DEFAULT or message in self.overrides:
            return True
        if self.language == PSEUDO:
            return message in self._pseudo
        return self._catalogue.gettext(message) != message

    def long_date(self, value: date) -> str:
        """ "March 3, 2026" / "3 de marzo de 2026" / "2026年3月3日": the month spelled out."""
        text = format_date(value, format="long", locale=self.locale)
        return pseudo(text) if self.language == PSEUDO else text

    def short_date(self, value: date) -> str:
        """ "Mar 3" / "3 mar" / "3月3日": for chart axes."""
        text = format_date(value, format=self._short_pattern(), locale=self.locale)
        return pseudo(text) if self.language == PSEUDO else text

    def _short_pattern(self) -> str:
        skeletons = self.locale.datetime_skeletons
        pattern = skeletons.get("MMMd")
        return pattern.pattern if pattern is not None else "MMM d"

    def number(self, value: float) -> str:
        """7.0 -> "7", 7.55 -> "7,55" in Spanish: no trailing zeros, the locale's separators."""
        return format_decimal(value, format="#,##0.##", locale=self.locale)

    def percent(self, value: float) -> str:
        """0.0755 -> "7.55%" / "7,55 %"."""
        return format_percent(value, format="#,##0.##%", locale=self.locale)


_ENGLISH = Translator(DEFAULT)
_active: ContextVar[Translator] = ContextVar("ptplan_translator", default=_ENGLISH)


@contextmanager
def use(translator: Translator) -> Iterator[Translator]:
    """Make ``translator`` the one ``_()`` uses while a document is built."""
    token = _active.set(translator)
    try:
        yield translator
    finally:
        _active.reset(token)


def active() -> Translator:
    return _active.get()


def gettext(message: str) -> str:
    """The active translation of ``message`` (English when none is active)."""
    return _active.get().gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: float) -> str:
    return _active.get().ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message
