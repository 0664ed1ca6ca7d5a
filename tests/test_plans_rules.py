"""Pure plan rules: version differences, dosage wording, limits, targets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ptplan.changes import field_changes
from ptplan.plans import rules


def _snapshot(**overrides):
    base = {
        "frequency_per_week": 2,
        "duration_weeks": 6,
        "start_date": "2026-01-05",
        "cert_end_date": "2026-02-15",
        "diagnoses": ["M54.41"],
        "goals": [
            {
                "id": 1,
                "origin_id": None,
                "label": "ODI to 20",
                "description": "ODI to 20",
                "term": "long",
                "measure": "odi",
                "baseline": 42.0,
                "target": 20.0,
                "due": "2026-02-15",
            },
            {
                "id": 2,
                "origin_id": None,
                "label": "Sit 30 min",
                "description": "Sit 30 min",
                "term": "short",
                "measure": None,
                "baseline": None,
                "target": None,
                "due": None,
            },
        ],
        "interventions": [
            {
                "id": 10,
                "origin_id": None,
                "label": "Manual therapy: PA mobs",
                "summary": "PA mobs, grade III",
            },
            {"id": 11, "origin_id": None, "label": "Stretch: Cat-camel", "summary": "Cat-camel"},
        ],
    }
    base.update(overrides)
    return base


def test_identical_versions_have_no_changes():
    old = _snapshot()
    new = _snapshot(
        goals=[dict(g, id=g["id"] + 100, origin_id=g["id"]) for g in old["goals"]],
        interventions=[dict(i, id=i["id"] + 100, origin_id=i["id"]) for i in old["interventions"]],
    )
    assert rules.diff_versions(old, new) == []


def test_diff_reports_plan_goal_and_intervention_changes():
    old = _snapshot()
    goals = [dict(old["goals"][0], id=101, origin_id=1, target=15.0)]  # changed target; goal 2 removed
    goals.append(
        {
            "id": 103,
            "origin_id": None,
            "label": "NPRS to 2",
            "description": "NPRS to 2",
            "term": "long",
            "measure": "nprs",
            "baseline": 7.0,
            "target": 2.0,
            "due": None,
        }
    )
    interventions = [dict(old["interventions"][0], id=110, origin_id=10)]
    interventions.append(
        {"id": 112, "origin_id": None, "label": "Dry needling: Piriformis (right)", "summary": "x"}
    )
    new = _snapshot(frequency_per_week=3, goals=goals, interventions=interventions)
    changes = {(c.kind, c.what, c.text) for c in rules.diff_versions(old, new)}
    assert changes == {
        ("changed", "plan", "Frequency (visits a week) 2 → 3"),
        ("changed", "goal", "ODI to 20: target 20 → 15"),
        ("added", "goal", "NPRS to 2"),
        ("removed", "goal", "Sit 30 min"),
        ("added", "intervention", "Dry needling: Piriformis (right)"),
        ("removed", "intervention", "Stretch: Cat-camel"),
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            (1, 3, 30, 2, 7, "both"),
            "Do it 3 times, hold each for 30 seconds, on both sides, 2 times a day, every day.",
        ),
        ((2, 10, 0, 1, 5, "none"), "2 sets of 10, 1 time a day, 5 days a week."),
        (
            (1, 1, 120, 3, 7, "left"),
            "Do it 1 time, hold each for 120 seconds, on your left side, 3 times a day, every day.",
        ),
    ],
)
def test_dosage_words_are_plain(args, expected):
    text = rules.dosage_words(*args)
    assert text == expected
    assert not any(abbr in text for abbr in ("TID", "BID", "QD", "x/"))


def test_home_program_warning_above_four():
    assert rules.home_program_warning(4) is None
    assert "5 home exercises" in rules.home_program_warning(5)


@pytest.mark.parametrize(
    ("days", "problem"),
    [(0, None), (89, None), (90, "at most 90 days"), (-1, "on or after")],
)
def test_certification_period_is_at_most_90_days(days, problem):
    start = date(2026, 3, 1)
    result = rules.cert_period_problem(start, start + timedelta(days=days))
    assert (result is None) if problem is None else (problem in result)


def test_targets_stay_in_the_measure_range():
    assert rules.target_problem((0, 100), 20) is None
    assert "between 0 and 100" in rules.target_problem((0, 100), 101)
    assert rules.suggested_target(42, score_range=(0, 100), higher_is_better=False, mcid_points=10) == 32
    assert rules.suggested_target(5, score_range=(0, 10), higher_is_better=False, mcid_points=10) == 0
    assert rules.suggested_target(3, score_range=(0, 10), higher_is_better=True, mcid_points=2) == 5


def test_field_changes_lists_only_differences():
    saved = {"frequency_per_week": 3, "title": "Plan"}
    mine = {"frequency_per_week": 5, "title": "Plan"}
    assert field_changes(saved, mine, {"title": "Title", "frequency_per_week": "Visits"}) == [
        ("Visits", "3", "5")
    ]
