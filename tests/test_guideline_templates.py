"""Guideline plan templates: one per guideline, measured goals, interventions by kind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ptplan import measures
from ptplan.catalogue.templates import MAX_HOME_EXERCISES, TEMPLATES, GuidelineTemplate
from ptplan.extensions import db
from ptplan.plans import services
from ptplan.plans.models import PlanTemplate
from tests.factories import library as fl
from tests.factories import plans as fp

GUIDELINE_AUTHORS = (
    "George",
    "Blanpied",
    "Diercks",
    "Kelley",
    "Lucado",
    "Cibulka",
    "Logerstedt",
    "Willy",
    "Martin",
    "Koc",
)


def test_at_least_ten_templates_one_per_guideline():
    assert len(TEMPLATES) >= 10
    for author in GUIDELINE_AUTHORS:
        assert any(t.guideline.startswith(author) for t in TEMPLATES), author


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.slug)
def test_each_template_sets_measures_goals_and_interventions_by_kind(template):
    payload = template.payload()
    assert payload["guideline"] == template.guideline
    assert set(payload["measures"]) <= set(measures.MEASURES)
    measured = [g for g in payload["goals"] if g["measure_code"]]
    assert measured and all(g["target_value"] is not None for g in measured)
    for goal in measured:
        low, high = measures.get(goal["measure_code"]).score_range
        assert low <= goal["target_value"] <= high
        assert goal["measure_code"] in payload["measures"]
    kinds = [i["kind"] for i in payload["interventions"]]
    assert "manual_therapy" in kinds and "home_exercise" in kinds
    assert 1 <= kinds.count("home_exercise") <= MAX_HOME_EXERCISES


def test_more_than_four_home_exercises_is_refused():
    with pytest.raises(ValueError, match="at most 4 home exercises"):
        GuidelineTemplate(
            "x",
            "X",
            "Guideline",
            "knee",
            ("lefs",),
            (),
            ("quad-set", "straight-leg-raise", "mini-squat", "step-up", "wall-sit"),
            (),
        )


def test_a_graded_technique_needs_its_grade():
    with pytest.raises(ValueError, match="grade must be given"):
        GuidelineTemplate(
            "x", "X", "G", "knee", ("lefs",), (), (), (("tibiofemoral-mobilisation", "Knee", ""),)
        )


def test_a_seeded_guideline_template_builds_a_complete_draft(make_patient, therapist):
    fl.libraries(therapist.clinic)
    template = db.session.scalar(
        select(PlanTemplate).where(
            PlanTemplate.clinic_id == therapist.clinic_id,
            PlanTemplate.name == "Neck pain with mobility deficits",
        )
    )
    assert template.payload["guideline"].startswith("Blanpied")
    patient = make_patient(clinic=therapist.clinic, therapist=therapist)
    plan = services.create_plan(patient, therapist, fp.plan_data(), template=template)
    db.session.commit()
    assert [g.measure_code for g in plan.goals][:2] == ["ndi", "nprs"]
    assert plan.goals[0].target_value == 20
    kinds = sorted({i.kind for i in plan.interventions})
    assert kinds == ["dry_needling", "home_exercise", "manual_therapy"]
    needled = next(i for i in plan.interventions if i.kind == "dry_needling")
    assert [m["slug"] for m in needled.params["muscles"]] == ["upper-trapezius"]
    assert all(i.exercise is not None for i in plan.interventions if i.kind == "home_exercise")
    assert all(i.technique is not None for i in plan.interventions if i.kind == "manual_therapy")
