"""Languages of the patient's documents: which exist, and what a requested code resolves to.

Pure (no Flask, no database). The staff interface stays English; the home plan and the
dry-needling consent print in English, Spanish, Vietnamese or Simplified Chinese. A code
with no catalogue falls back to English and says so; right-to-left scripts are refused,
because the PDF layer cannot yet lay them out and a mirrored instruction is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT = "en"
#: Code -> the language's own name, then the English name, for menus and messages.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español (Spanish)",
    "vi": "Tiếng Việt (Vietnamese)",
    "zh-Hans": "简体中文 (Chinese, Simplified)",
}
ENGLISH_NAMES = {"en": "English", "es": "Spanish", "vi": "Vietnamese", "zh-Hans": "Chinese (Simplified)"}
TRANSLATED = ("es", "vi", "zh-Hans")  # languages with a shipped catalogue
#: Test-only pseudo-locale: every catalogued string accented and bracketed, to find leaks.
PSEUDO = "en-XA"
#: Other spellings a patient record or a command line may carry.
ALIASES = {
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh_hans": "zh-Hans",
    "es-us": "es",
    "es-mx": "es",
    "vi-vn": "vi",
    "en-us": "en",
    "en-gb": "en",
}
#: Right-to-left scripts: refused until the PDF layer can shape and mirror them.
RIGHT_TO_LEFT = frozenset({"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})
CJK = frozenset({"zh-Hans"})


class LanguageError(ValueError):
    """A language that cannot be printed; the message is fit to show the user."""


class RightToLeftRefused(LanguageError):
    """A right-to-left language was asked for; we refuse rather than print it wrong."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"Documents in right-to-left scripts ({code}) are not supported yet: "
            "ptplan cannot lay out Arabic or Hebrew text correctly. Print in English or "
            "another language and explain it to the patient."
        )


class UnknownLanguage(LanguageError):
    """A code that is not a language ptplan prints."""

    def __init__(self, code: str) -> None:
        choices = ", ".join(LANGUAGES)
        super().__init__(f"Unknown language code {code!r}. Choose one of: {choices}.")


@dataclass(frozen=True)
class Resolved:
    """What a requested language became. ``fallback`` is True when English replaces it."""

    requested: str
    language: str
    fallback: bool = False

    @property
    def warning(self) -> str:
        if not self.fallback:
            return ""
        return (
            f"There is no {self.requested!r} translation of patient documents, "
            "so this document prints in English."
        )


def normalise(code: str | None) -> str:
    """A canonical code ("zh_CN" -> "zh-Hans", "ES" -> "es"); unknown codes come back lower-case."""
    raw = (code or "").strip().replace("_", "-")
    if not raw:
        return DEFAULT
    for known in (*LANGUAGES, PSEUDO):
        if raw.lower() == known.lower():
            return known
    return ALIASES.get(raw.lower(), raw.lower())


def base_of(code: str) -> str:
    return code.split("-")[0].lower()


def resolve(code: str | None, *, strict: bool = False, pseudo: bool = False) -> Resolved:
    """The language to print for ``code``.

    Right-to-left scripts raise RightToLeftRefused. An unknown code raises UnknownLanguage
    when ``strict`` (a code typed on purpose), else falls back to English (a patient record
    such as "fr" or "other"). The pseudo-locale resolves only when ``pseudo`` (tests).
    """
    requested = (code or "").strip() or DEFAULT
    language = normalise(requested)
    if base_of(language) in RIGHT_TO_LEFT:
        raise RightToLeftRefused(requested)
    if language in LANGUAGES or (pseudo and language == PSEUDO):
        return Resolved(requested, language)
    if strict:
        raise UnknownLanguage(requested)
    return Resolved(requested, DEFAULT, fallback=True)


def is_cjk(language: str) -> bool:
    return language in CJK
