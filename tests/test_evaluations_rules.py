"""Pure evaluation rules: scoring from answers, what signing needs, carry-forward, SLR reading."""

from __future__ import annotations

import pytest

from ptplan.evaluations import rules
from ptplan.evaluations.bodymap import body_diagram
from ptplan.evaluations.vocab import PAIN_REGIONS


def test_scores_every_measure_with_answers():
    scoring = rules.score_measures(
        {
            "nprs_current": 6,
            "nprs_worst": 8,
            "odi_answers": [2] * 9 + [None],
            "fabq_answers": [0, 6, 6, 6, 6, 6, 6, 0, 6, 6, 6, 6, 0, 0, 6, 0],
            "lefs_answers": [4] * 20,
            "psfs_activities": [
                {"activity": a, "rating": r} for a, r in (("Sit", 2), ("Walk", 5), ("Lift", 5))
            ],
        }
    )
    assert scoring.problems == {}
    assert scoring.scores["nprs"].value == 6 and scoring.scores["nprs"].subscores == {"worst": 8.0}
    assert scoring.scores["odi"].value == pytest.approx(
        40.0
    )  # 18 / 45: a skipped section lowers the denominator
    assert scoring.scores["odi"].band == "moderate disability"
    assert scoring.scores["fabq"].value == 42 and scoring.scores["fabq"].band == "high risk"
    assert scoring.scores["fabq"].subscores == {"pa": 24.0, "w": 42.0}
    assert scoring.scores["lefs"].value == 80
    assert scoring.scores["psfs"].value == pytest.approx(4.0)


def test_blank_measures_are_neither_scored_nor_problems():
    scoring = rules.score_measures({"odi_answers": None, "fabq_answers": [None] * 16, "psfs_activities": []})
    assert scoring.scores == {} and scoring.problems == {}


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ({}, {"chief_complaint", "nprs_current", "odi"}),
        ({"chief_complaint": "x", "nprs_current": 3, "odi_answers": [1] * 10}, set()),
        (
            {
                "chief_complaint": "x",
                "nprs_current": 3,
                "psfs_activities": [{"activity": "a", "rating": 1}] * 3,
            },
            set(),
        ),
        ({"chief_complaint": "x", "nprs_current": 3, "odi_answers": [1] * 5 + [None] * 5}, {"odi"}),
        ({"chief_complaint": "  ", "nprs_current": 0, "odi_answers": [0] * 10}, {"chief_complaint"}),
    ],
)
def test_what_signing_requires(data, missing):
    assert set(rules.signing_problems(data, rules.score_measures(data))) == missing


def test_carry_forward_keeps_findings_and_blanks_the_measures():
    previous = {name: f"v-{name}" for name in rules.CONTENT_COLUMNS}
    previous["psfs_activities"] = [{"activity": "Sitting", "rating": 3}]
    previous["trigger_points"] = [{"muscle_id": 4, "side": "right", "reproduces_symptoms": True}]
    data = rules.carry_forward(previous)
    assert data["chief_complaint"] == "v-chief_complaint" and data["slr_right_angle"] == "v-slr_right_angle"
    assert data["impression"] == "v-impression" and data["trigger_points"][0]["muscle_id"] == 4
    for name in (*rules.PAIN_COLUMNS, *rules.ANSWER_COLUMNS):
        assert name not in data
    assert data["psfs_activities"] == [{"activity": "Sitting", "rating": None}]


@pytest.mark.parametrize(
    ("angle", "below_knee", "reading"),
    [
        (45, True, "positive"),
        (45, False, "negative"),
        (80, True, "negative"),
        (30, True, "positive"),
        (None, True, ""),
    ],
)
def test_slr_reading_uses_the_measures_rule(angle, below_knee, reading):
    assert rules.slr_reading(angle, below_knee) == reading


def test_neuro_screen_is_normalised_to_its_fixed_shape():
    screen = rules.normalised_neuro_screen({"myotomes": {"L5": {"left": 4}, "T12": {"left": 1}}, "other": {}})
    assert set(screen) == {"myotomes", "reflexes", "dermatomes"}
    assert screen["myotomes"]["L5"] == {"left": 4, "right": None}
    assert "T12" not in screen["myotomes"]


def test_body_diagram_marks_selected_regions_and_hides_from_screen_readers():
    svg = body_diagram(["calf_right"])
    assert 'aria-hidden="true"' in svg
    assert svg.count("body-region selected") == 1 and svg.count('class="body-region') == len(PAIN_REGIONS)
