"""Languages of patient documents: resolution, Babel formatting, catalogue completeness, fonts.

The completeness test builds the message template from the code and the live catalogue
(``ptplan.catalogue``), so every exercise, muscle or technique added to the library needs
its translations before the suite passes.
"""

from __future__ import annotations

from datetime import date

import pytest
from babel.messages.pofile import read_po

from ptplan.catalogue import EXERCISES, PLAIN_MUSCLES, PLAIN_TECHNIQUES, TECHNIQUES, texts
from ptplan.i18n import (
    DEFAULT,
    PSEUDO,
    TRANSLATED,
    RightToLeftRefused,
    UnknownLanguage,
    resolve,
)
from ptplan.i18n.extract import build_template, message_ids
from ptplan.i18n.groups import home_plan_groups, label, messages_by_group
from ptplan.i18n.review import ReviewStatus, footer_note
from ptplan.i18n.translator import POT_FILE, Translator, locale_id, placeholders, po_path, pseudo, use
from ptplan.pdf.fonts import cjk_runs, font_runs
from ptplan.pdf.markup import dosage_rows, long_date


@pytest.fixture(scope="module")
def template():
    return build_template()


def _catalogue(language: str):
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=locale_id(language))


# ------------------------------------------------------------------ resolving a language


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es", "es"),
        ("ES", "es"),
        ("es-MX", "es"),
        ("vi", "vi"),
        ("zh", "zh-Hans"),
        ("zh_CN", "zh-Hans"),
        ("zh-hans", "zh-Hans"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_codes_resolve_to_a_shipped_language(code, language):
    resolved = resolve(code)
    assert resolved.language == language and not resolved.fallback


@pytest.mark.parametrize("code", ["fr", "other", "pt", "xx"])
def test_a_language_without_a_catalogue_falls_back_to_english_with_a_warning(code):
    resolved = resolve(code)
    assert resolved.language == DEFAULT and resolved.fallback
    assert code in resolved.warning and "English" in resolved.warning


def test_a_typed_unknown_code_is_refused_with_the_choices():
    with pytest.raises(UnknownLanguage, match="Choose one of: en, es, vi, zh-Hans"):
        resolve("klingon", strict=True)


@pytest.mark.parametrize("code", ["ar", "he", "fa", "ur", "ar-EG"])
def test_right_to_left_scripts_are_refused_not_printed_wrong(code):
    with pytest.raises(RightToLeftRefused, match="right-to-left"):
        resolve(code)


def test_the_pseudo_locale_is_for_tests_only():
    assert resolve(PSEUDO).fallback
    assert resolve(PSEUDO, pseudo=True).language == PSEUDO


# ------------------------------------------------------------------ Babel formatting


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 3, 2026"),
        ("es", "3 de marzo de 2026"),
        ("vi", "3 tháng 3, 2026"),
        ("zh-Hans", "2026年3月3日"),
    ],
)
def test_dates_are_spelled_out_the_locale_s_way(language, expected):
    assert Translator(language).long_date(date(2026, 3, 3)) == expected


def test_numbers_use_the_locale_s_separators_and_drop_trailing_zeros():
    assert Translator("en").number(7.0) == "7"
    assert Translator("es").number(35.5) == "35,5"
    assert Translator("es").percent(0.0755) == "7,55%"
    assert Translator("en").percent(0.0755) == "7.55%"


def test_dosage_words_follow_each_language_s_plural_rules():
    with use(Translator("es")):
        rows = dict(dosage_rows(1, 10, 30, 2, 7, "both"))
        assert rows["Cuántas"] == "1 serie de 10" and rows["Sostener"] == "30 segundos"
        assert dict(dosage_rows(3, 10, 60, 1, 5, "none"))["Sostener"] == "1 minuto"
    with use(Translator("zh-Hans")):
        rows = dict(dosage_rows(3, 10, 0, 2, 5, "left"))
        assert rows["做多少"] == "3 组，每组 10 次" and rows["哪一侧"] == "左侧"
        assert long_date(date(2026, 12, 1)) == "2026年12月1日"


def test_a_clinic_override_wins_over_the_shipped_text():
    translator = Translator("es", {"Stop if:": "Pare si:"})
    assert translator.gettext("Stop if:") == "Pare si:"
    assert Translator("es").gettext("Stop if:") == "Deténgase si:"


def test_the_footer_says_whether_the_clinic_reviewed_the_translation():
    spanish = Translator("es")
    assert footer_note(None, spanish) == ""
    assert footer_note(ReviewStatus(False, unreviewed_count=3), spanish) == (
        "Traducción aún no revisada por su clínica"
    )
    reviewed = ReviewStatus(True, "Sam Okafor, PT", date(2026, 12, 1))
    assert footer_note(reviewed, spanish) == "Traducción revisada por Sam Okafor, PT, 1 de diciembre de 2026"
    assert (
        footer_note(reviewed, Translator("en")) == "Translation reviewed by Sam Okafor, PT, December 1, 2026"
    )


# ------------------------------------------------------------------ catalogues


def test_the_committed_template_is_current(template):
    """`make translations` was run after the last change to a patient-facing string."""
    with POT_FILE.open("rb") as handle:
        committed = message_ids(read_po(handle))
    assert message_ids(template) == committed, "run `make translations` and translate the new strings"


def test_every_built_in_library_text_is_in_the_template(template):
    ids = message_ids(template)
    library = [t for e in EXERCISES for t in (e.name, e.purpose, *e.steps, *e.cautions)]
    library += list(PLAIN_MUSCLES.values()) + list(PLAIN_TECHNIQUES.values())
    library += [t.patient_text for t in TECHNIQUES]
    library += [*texts.URGENT_SIGNS, *texts.CALL_US_SIGNS, texts.CONSENT_WHAT, *texts.CONSENT_STATEMENTS]
    assert [t for t in library if t not in ids] == []
    assert len(ids) > len(set(library))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_is_complete_with_no_fuzzy_or_broken_entries(template, language):
    catalogue = _catalogue(language)
    problems = []
    for message in template:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        entry = catalogue.get(key)
        if entry is None:
            problems.append(f"missing: {key[:60]!r}")
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(form.strip() for form in forms):
            problems.append(f"untranslated: {key[:60]!r}")
        if entry.fuzzy:
            problems.append(f"fuzzy: {key[:60]!r}")
        for form in forms:
            if placeholders(form) != placeholders(key):
                problems.append(f"placeholders differ: {key[:60]!r}")
            for tag in ("<b>", "</b>"):
                if form.count(tag) != key.count(tag):
                    problems.append(f"markup differs: {key[:60]!r}")
    assert problems == []


def test_every_message_belongs_to_a_review_group():
    groups = messages_by_group()
    grouped = {m.id for items in groups.values() for m in items}
    with POT_FILE.open("rb") as handle:
        assert message_ids(read_po(handle)) == grouped
    assert {f"exercise:{e.slug}" for e in EXERCISES} <= set(groups)
    assert label("exercise:glute-bridge") == "Exercise: Bridge"
    assert home_plan_groups(
        exercise_slugs=["glute-bridge"], technique_slugs=[], dry_needling=False, muscles=False
    ) == [
        "common",
        "home-plan",
        "goals",
        "warning-signs",
        "exercise:glute-bridge",
    ]


# ------------------------------------------------------------------ pseudo-locale and fonts


def test_pseudo_translation_keeps_placeholders_and_markup():
    text = pseudo("<b>Call us at %(phone)s</b> if:")
    assert text.startswith("⟦") and "%(phone)s" in text and "<b>" in text and "Call" not in text
    assert Translator(PSEUDO).gettext("Stop if:") == pseudo("Stop if:")
    assert Translator(PSEUDO).gettext("Free text a therapist typed") == "Free text a therapist typed"


def test_chinese_runs_switch_to_the_cjk_font_and_latin_stays_in_dejavu():
    assert cjk_runs("<b>作用：</b>Piriformis 10") == (
        '<b><font name="DroidSansFallback">作用：</font></b>Piriformis 10'
    )
    assert font_runs("第 1 页", "DejaVuSans") == [
        ("DroidSansFallback", "第"),
        ("DejaVuSans", " 1 "),
        ("DroidSansFallback", "页"),
    ]
    assert cjk_runs("Tiếng Việt") == "Tiếng Việt"


def test_translations_written_ahead_fill_new_entries_from_memory(tmp_path, monkeypatch):
    """Library texts merged from another branch arrive translated from memory.po; others stay empty."""
    from babel.messages.catalog import Catalog

    from ptplan.i18n import extract

    monkeypatch.setattr(extract, "memory_path", lambda language: po_path(language).with_name("memory.po"))
    monkeypatch.setattr(extract, "po_path", lambda language: tmp_path / language / "messages.po")
    template = Catalog(project="ptplan")
    template.add("Side plank on your knees")
    template.add("A text nobody has translated yet")
    assert extract.update_catalogues(template) == {language: 1 for language in TRANSLATED}
    with (tmp_path / "es" / "messages.po").open("rb") as handle:
        spanish = read_po(handle, locale="es")
    assert spanish.get("Side plank on your knees").string == "Plancha de lado sobre las rodillas"
    assert spanish.get("A text nobody has translated yet").string == ""


@pytest.mark.parametrize("language", ["vi", "zh-Hans"])
def test_no_catalogue_holds_another_language_s_translation(language):
    """A merge of new entries once filled Vietnamese and Chinese with the Spanish text."""
    with po_path("es").open("rb") as handle:
        spanish = {m.id: m.string for m in read_po(handle) if m.id and m.string != m.id}
    with po_path(language).open("rb") as handle:
        borrowed = [m.id for m in read_po(handle) if m.id and m.string and spanish.get(m.id) == m.string]
    assert borrowed == []


def test_updating_the_catalogues_fills_each_language_from_its_own_memory(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog

    from ptplan.i18n import extract

    memory = {"es": "Hola", "vi": "Xin chào", "zh-Hans": "你好"}
    monkeypatch.setattr(extract, "po_path", lambda language: tmp_path / language / "messages.po")
    monkeypatch.setattr(extract, "_memory", lambda language: {"Hello": memory[language]})
    template = Catalog(project="ptplan")
    template.add("Hello")
    extract.update_catalogues(template)
    for language, expected in memory.items():
        with (tmp_path / language / "messages.po").open("rb") as handle:
            catalog = read_po(handle)
        assert catalog.get("Hello").string == expected
