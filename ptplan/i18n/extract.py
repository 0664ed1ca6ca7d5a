"""Build the message template and merge it into each language's catalogue.

``python -m ptplan.i18n.extract`` (``make translations``) collects every patient-facing
string: the ``_()``/``ngettext()`` calls of the document code, and every text of the
built-in library read from ``ptplan.catalogue`` itself (exercises: names, purposes, steps,
cautions; muscles and techniques in plain words; the fixed home-plan, warning-sign and
consent texts). It writes ``locale/messages.pot`` and merges it into each ``.po``: new
strings arrive empty (the completeness test then fails until they are translated), and
strings no longer shipped are dropped. Re-run it after merging library changes.
``--check`` only reports whether the template is current (exit 1 if not).

Each message carries ``group:`` comments naming what it belongs to ("exercise:<slug>",
"consent", ...): the clinic review pages and the footer's review status read them.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from ptplan.catalogue import EXERCISES, MUSCLES, PLAIN_MUSCLES, PLAIN_TECHNIQUES, TECHNIQUES, texts
from ptplan.i18n import TRANSLATED
from ptplan.i18n.translator import POT_FILE, locale_id, po_path

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
#: Source files whose marked strings are patient-facing, and the group they belong to.
SOURCES: dict[str, str] = {
    "ptplan/pdf/blocks.py": "common",
    "ptplan/pdf/document.py": "common",
    "ptplan/i18n/review.py": "common",
    "ptplan/pdf/markup.py": "home-plan",
    "ptplan/pdf/chart.py": "home-plan",
    "ptplan/pdf/patient_plan.py": "home-plan",
    "ptplan/documents/home_plan.py": "home-plan",
    "ptplan/documents/wording.py": "home-plan",
    "ptplan/plans/kinds.py": "home-plan",
    "ptplan/pdf/consent.py": "consent",
    "ptplan/demo/plans.py": "goals",  # the shipped plan templates' goals in plain words
}
#: texts.py constants by group (the rest of texts.py is consent wording).
TEXT_GROUPS = {
    "PLAN_INTRO": "home-plan",
    "EXERCISE_TIPS": "home-plan",
    "WEEK_INTRO": "home-plan",
    "PROGRESS_INTRO": "home-plan",
    "WARNING_TITLE": "warning-signs",
    "EMERGENCY_LEAD": "warning-signs",
    "URGENT_SIGNS": "warning-signs",
    "CALL_US_SIGNS": "warning-signs",
    "DRY_NEEDLING_WHAT": "dry-needling",
    "DRY_NEEDLING_HELPS": "dry-needling",
    "DRY_NEEDLING_EXPECT": "dry-needling",
    "DRY_NEEDLING_AFTERCARE": "dry-needling",
    "DRY_NEEDLING_CALL_IF": "dry-needling",
    "DRY_NEEDLING_EMERGENCY": "dry-needling",
    "DRY_NEEDLING_BENEFITS": "consent",
}
SKIPPED_TEXTS = {"CONSENT_FORM_VERSION"}  # a version stamp, not words


def library_texts() -> Iterator[tuple[str, str]]:
    """(text, group) for every patient-facing text of the built-in catalogue."""
    for name in dir(texts):
        if not name.isupper() or name in SKIPPED_TEXTS:
            continue
        value = getattr(texts, name)
        group = TEXT_GROUPS.get(name, "consent")
        if isinstance(value, str):
            yield value, group
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield item, group
                elif isinstance(item, texts.RiskRate):
                    yield item.name, group
                    yield item.plain, group
    for exercise in EXERCISES:
        group = f"exercise:{exercise.slug}"
        for text in (exercise.name, exercise.purpose, *exercise.steps, *exercise.cautions):
            yield text, group
    for muscle in MUSCLES:
        if muscle.slug in PLAIN_MUSCLES:
            yield PLAIN_MUSCLES[muscle.slug], "muscles"
    for technique in TECHNIQUES:
        group = f"technique:{technique.slug}"
        if technique.slug in PLAIN_TECHNIQUES:
            yield PLAIN_TECHNIQUES[technique.slug], group
        yield technique.patient_text, group


def source_texts() -> Iterator[tuple[str | tuple[str, str], str, str, int]]:
    """(message, group, file, line) for every marked string in the document code."""
    for relative, group in SOURCES.items():
        path = ROOT / relative
        if not path.exists():
            continue
        for line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=(), options={}
        ):
            if isinstance(message, tuple):
                message = tuple(m for m in message if m)
                message = message[0] if len(message) == 1 else message
            if message:
                yield message, group, relative, line


def build_template() -> Catalog:
    """The template: every shipped string once, with its groups and where it comes from."""
    catalog = Catalog(project="ptplan", version="1", msgid_bugs_address="", fuzzy=False)

    def add(message: str | tuple[str, str], group: str, location: tuple[str, int]) -> None:
        key = message[0] if isinstance(message, tuple) else message
        existing = catalog.get(key)
        comment = f"group: {group}"
        if existing is None:
            flags = ["python-format"] if "%(" in key else []
            catalog.add(message, locations=[location], auto_comments=[comment], flags=flags)
            return
        if comment not in existing.auto_comments:
            existing.auto_comments.append(comment)
        if location not in existing.locations:
            existing.locations.append(location)

    for message, group, path, line in source_texts():
        add(message, group, (path, line))
    for text, group in library_texts():
        add(text, group, ("ptplan/catalogue", 0))
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)


def message_ids(catalog: Iterable) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def memory_path(language: str) -> Path:
    """Translations written ahead of their source strings (e.g. for library entries arriving
    from another branch): ``update_catalogues`` fills empty entries from it."""
    return po_path(language).with_name("memory.po")


def _memory(language: str) -> dict[str, object]:
    path = memory_path(language)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=locale_id(language)) if m.id and m.string}


def update_catalogues(template: Catalog) -> dict[str, int]:
    """Merge the template into each language's ``.po``: no fuzzy guesses, no obsolete entries;
    new entries are filled from the language's translation memory where it has them.
    Returns, per language, how many entries are still empty."""
    empty = {}
    for language in TRANSLATED:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale_id(language))
        else:
            catalog = Catalog(locale=locale_id(language), project="ptplan", version="1", fuzzy=False)
        # update() adds the template's own Message objects for new entries: give each language
        # its own copy, or a string filled in for one language would show in the next.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        memory = _memory(language)
        for message in catalog:
            if message.id and not message.string and message.id in memory:
                message.string = memory[message.id]
        empty[language] = sum(1 for m in catalog if m.id and not m.string)
        _write(catalog, path)
    return empty


def main(argv: list[str]) -> int:
    template = build_template()
    if "--check" in argv:
        current = message_ids(read_po(POT_FILE.open("rb"))) if POT_FILE.exists() else set()
        missing = message_ids(template) - current
        stale = current - message_ids(template)
        for text in sorted(missing):
            print(f"not in the template: {text[:80]!r}")
        for text in sorted(stale):
            print(f"no longer shipped: {text[:80]!r}")
        return 1 if missing or stale else 0
    _write(template, POT_FILE)
    empty = update_catalogues(template)
    print(f"{len(template)} messages in {POT_FILE.name}; catalogues updated: {', '.join(TRANSLATED)}")
    for language, count in empty.items():
        if count:
            print(f"{language}: {count} messages still need a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
