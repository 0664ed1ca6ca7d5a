"""Goals, muscles and techniques in a patient's words (pure functions, no database)."""

from __future__ import annotations

import re

import pytest

from ptplan.documents.wording import goal_wording, muscle_words, scrub_codes, technique_words


@pytest.mark.parametrize(
    ("measure", "baseline", "target", "expected"),
    [
        ("nprs", 7, 3, "Less pain: from 7 to 3 out of 10"),
        ("nprs", None, 2, "Less pain: down to 2 out of 10"),
        (
            "odi",
            48,
            20,
            "Do more of your daily activities (back-pain questionnaire score from 48 to 20 or less)",
        ),
        ("odi", None, 20, "Do more of your daily activities (back-pain questionnaire score 20 or less)"),
        (
            "odi",
            35.6,
            20.0,
            "Do more of your daily activities (back-pain questionnaire score from 35.6 to 20 or less)",
        ),
        (
            "psfs",
            3,
            8,
            "Do the activities that matter most to you more easily (activity score from 3 to 8 or more out of 10)",
        ),
        (
            "lefs",
            40,
            60,
            "Use your legs more easily in daily life (leg function score from 40 to 60 or more out of 80)",
        ),
        (
            "fabq",
            30,
            20,
            "Feel less worried that activity will harm your back (worry score from 30 to 20 or less)",
        ),
    ],
)
def test_measured_goals_are_rewritten_from_their_numbers(measure, baseline, target, expected):
    text = goal_wording(
        description="NPRS ≤ 3 (M54.41)", measure_code=measure, baseline=baseline, target=target
    )
    assert text == expected
    assert measure.upper() not in text  # no abbreviations a patient must guess


def test_the_therapists_own_patient_wording_wins():
    text = goal_wording(
        description="Reduce ODI to 20%",
        patient_wording="  Carry the shopping home  ",
        measure_code="odi",
        target=20,
    )
    assert text == "Carry the shopping home"


def test_unmeasured_goal_keeps_the_description_without_codes():
    text = goal_wording(description="Sit 30 minutes without leg pain (M54.41, CPT 97110)")
    assert text == "Sit 30 minutes without leg pain"
    assert goal_wording(description="   ") == "Feel and move better"
    assert goal_wording(description="Walk", measure_code="odi", target=None) == "Walk"


@pytest.mark.parametrize(
    "text",
    ["M54.41 sciatica", "CPT 97110 exercise", "needling (20561)", "ICD-10: M54.5 pain", "97140 manual"],
)
def test_scrub_codes_leaves_no_billing_or_diagnosis_code(text):
    cleaned = scrub_codes(text)
    assert not re.search(r"\d{5}|[A-Z]\d{2}\.\d|CPT|ICD", cleaned)
    assert cleaned  # the words around the code survive


def test_scrub_codes_keeps_ordinary_numbers():
    assert scrub_codes("Walk 30 minutes, 3 times a week") == "Walk 30 minutes, 3 times a week"


def test_muscles_and_techniques_in_everyday_words():
    assert muscle_words("piriformis", "Piriformis", "right") == "Deep buttock muscle (piriformis, right side)"
    assert muscle_words("biceps-femoris", "Biceps femoris (lateral hamstring)", "both") == (
        "Back of the thigh, outer side (biceps femoris, both sides)"
    )
    assert muscle_words("clinic-own", "Rhomboid", "none") == "Rhomboid"
    assert muscle_words("clinic-own", "Rhomboid", "left") == "Rhomboid (left side)"
    assert (
        technique_words("sciatic-nerve-slider", "Neural mobilisation, sciatic nerve slider") == "Nerve glides"
    )
    assert technique_words("own", "Cupping (CPT 97140)") == "Cupping"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ndi", "Do more of your daily activities (neck questionnaire score from 40 to 20 or less)"),
        (
            "quickdash",
            "Use your arm and hand more easily (arm questionnaire score from 40 to 20 or less out of 100)",
        ),
    ],
)
def test_regional_measure_goals_in_plain_words(code, expected):
    assert goal_wording(description="x", measure_code=code, baseline=40, target=20) == expected


def test_the_progress_chart_shows_the_disability_measure_the_patient_has():
    from datetime import date

    from ptplan.documents.home_plan import disability_code, progress_points
    from ptplan.documents.wording import disability_title

    day1, day2 = date(2026, 3, 1), date(2026, 3, 8)
    scores = [("nprs", 6, day1), ("ndi", 40, day1), ("nprs", 4, day2), ("ndi", 30, day2)]
    assert disability_code(scores) == "ndi"
    assert [p.odi for p in progress_points(scores)] == [40, 30]
    assert disability_title("ndi") == "Limits on daily life (neck)"
    assert disability_title("quickdash") == "Trouble using your arm"
    assert disability_code([("nprs", 5, day1)]) is None
