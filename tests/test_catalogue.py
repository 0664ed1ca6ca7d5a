"""Seed catalogue: completeness, unique slugs, sane dosage, patient-friendly wording."""

from __future__ import annotations

import re

import pytest

from ptplan.catalogue import EXERCISES, MUSCLES, SIDES, TECHNIQUES, Dosage, texts

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Words a patient at home should not have to look up (JOURNEYS.md: no abbreviations, no jargon).
JARGON = re.compile(
    r"\b(supine|prone|lumbar|flexion|extension|bilateral|ipsilateral|contralateral|posterior|"
    r"anterior|lateral|TID|BID|QD|reps?|ROM|abdominal|piriformis|isometric|neutral spine)\b",
    re.IGNORECASE,
)


def test_catalogue_sizes():
    assert len(EXERCISES) >= 15
    assert len(MUSCLES) >= 20
    assert len(TECHNIQUES) >= 10


@pytest.mark.parametrize(
    "items", [EXERCISES, MUSCLES, TECHNIQUES], ids=["exercises", "muscles", "techniques"]
)
def test_slugs_are_unique_and_url_safe(items):
    slugs = [item.slug for item in items]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(slug) for slug in slugs)
    names = [item.name for item in items]
    assert len(names) == len(set(names))


def test_required_exercises_are_present():
    slugs = {e.slug for e in EXERCISES}
    assert {
        "piriformis-stretch-supine",
        "piriformis-stretch-seated",
        "knee-to-chest-single",
        "knee-to-chest-double",
        "hamstring-stretch-strap",
        "sciatic-nerve-glide-seated",
        "cat-camel",
        "prone-press-up",
        "prone-on-elbows",
        "childs-pose",
        "glute-bridge",
        "bird-dog",
        "pelvic-tilt",
        "lower-trunk-rotation",
        "dead-bug",
        "hip-flexor-stretch-half-kneeling",
    } <= slugs


def test_required_muscles_are_present():
    slugs = {m.slug for m in MUSCLES}
    for needed in (
        "piriformis",
        "gluteus-medius",
        "gluteus-minimus",
        "gluteus-maximus",
        "quadratus-lumborum",
        "lumbar-multifidus",
        "biceps-femoris",
        "gastrocnemius",
        "soleus",
        "tensor-fasciae-latae",
        "iliopsoas",
        "thoracic-paraspinals",
        "obturator-internus",
    ):
        assert needed in slugs
    assert all(isinstance(m.has_laterality, bool) for m in MUSCLES)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_exercise_dosage_is_sane(exercise):
    d = exercise.dosage
    assert 1 <= d.sets <= 5 and 1 <= d.reps <= 30
    assert 0 <= d.hold_seconds <= 180
    assert 1 <= d.times_per_day <= 4 and 1 <= d.days_per_week <= 7
    assert d.side in SIDES
    # A held stretch of 30 s needs few repetitions; a movement needs no hold.
    assert d.sets * d.reps * max(d.hold_seconds, 1) <= 600


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_exercise_text_is_plain_language(exercise):
    assert exercise.steps and exercise.cautions and exercise.purpose
    for sentence in exercise.steps + exercise.cautions + (exercise.purpose,):
        assert sentence.strip() == sentence and sentence
        assert not JARGON.search(sentence), sentence
        for part in re.split(r"[.!?:]\s+", sentence):
            assert len(part.split()) <= 20, f"sentence too long for a 6th-grade reader: {part}"


@pytest.mark.parametrize(
    "bad",
    [
        (0, 10, 0, 1, 7, "both"),
        (1, 0, 0, 1, 7, "both"),
        (1, 10, -1, 1, 7, "both"),
        (1, 10, 0, 0, 7, "both"),
        (1, 10, 0, 1, 8, "both"),
        (1, 10, 0, 1, 7, "middle"),
    ],
)
def test_dosage_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        Dosage(*bad)


def test_techniques_have_patient_text_and_minutes():
    for t in TECHNIQUES:
        assert 1 <= t.default_minutes <= 30
        assert t.patient_text.startswith(("Your therapist", "You "))
    graded = {t.slug for t in TECHNIQUES if t.grade_applies}
    assert {"lumbar-pa-mobilisation", "lumbar-manipulation"} <= graded
    assert "myofascial-release" not in graded


def test_consent_texts_carry_the_published_rates_and_a_version():
    rates = {r.name: r.percent for r in texts.CONSENT_RISKS}
    assert rates == {
        "Bruising": "7.55%",
        "Bleeding": "4.65%",
        "Pain during treatment": "3.01%",
        "Serious side effects": "0.04%",
    }
    assert re.fullmatch(r"DN-CONSENT-\d{4}-\d+", texts.CONSENT_FORM_VERSION)
    assert "not acupuncture" in texts.CONSENT_NOT_ACUPUNCTURE
    assert "not acupuncture" in texts.DRY_NEEDLING_WHAT
    assert any("24 to 48 hours" in line for line in texts.DRY_NEEDLING_AFTERCARE)


def test_warning_signs_cover_the_red_flags():
    urgent = " ".join(texts.URGENT_SIGNS)
    for phrase in ("bladder", "bowels", "saddle", "weaker", "fever", "fall"):
        assert phrase in urgent
