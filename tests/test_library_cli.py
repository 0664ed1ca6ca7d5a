"""The library commands: the JSON report read from the catalogue, the contact sheet, updates."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from ptplan.catalogue import EXERCISES, MUSCLES, TECHNIQUES
from ptplan.catalogue.templates import TEMPLATES
from ptplan.extensions import db
from ptplan.library.models import Exercise, Muscle
from ptplan.measures import MEASURES
from ptplan.plans.models import PlanTemplate
from tests.pdfcheck import check_pdf


def test_library_report_counts_what_the_catalogue_holds(runner):
    result = runner.invoke(args=["library-report"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["exercises"]["total"] == len(EXERCISES) >= 120
    assert all(count >= 10 for count in report["exercises"]["per_region"].values())
    assert sum(report["exercises"]["per_region"].values()) == sum(len(e.regions) for e in EXERCISES)
    assert report["muscles"]["total"] == len(MUSCLES) >= 70
    assert report["muscles"]["over_lung_field"] == sum(m.over_lung_field for m in MUSCLES) == 10
    assert report["muscles"]["near_nerve_or_vessel"] == sum(bool(m.structure_at_risk) for m in MUSCLES)
    assert report["techniques"]["total"] == len(TECHNIQUES) >= 30
    assert [t["guideline"] for t in report["templates"]] == [t.guideline for t in TEMPLATES]
    assert [m["code"] for m in report["measures"]] == list(MEASURES)
    assert {"ndi", "quickdash"} <= {m["code"] for m in report["measures"]}


def test_library_sheet_writes_every_illustration_as_vector_pages(runner, tmp_path):
    output = tmp_path / "sheet" / "library.pdf"
    result = runner.invoke(args=["library-sheet", "--output", str(output)])
    assert result.exit_code == 0, result.output
    reader = check_pdf(output.read_bytes(), tmp_path)
    assert len(reader.pages) == -(-len(EXERCISES) // 20)
    text = " ".join(page.extract_text() for page in reader.pages)
    for exercise in (EXERCISES[0], EXERCISES[60], EXERCISES[-1]):
        assert exercise.slug in text
    assert all("/Image" not in str(page.get("/Resources", {}).get("/XObject", {})) for page in reader.pages)


def test_update_library_brings_an_existing_clinic_up_to_the_catalogue(runner, make_clinic):
    clinic = make_clinic()
    db.session.add(
        Exercise(
            clinic_id=clinic.id,
            slug="cat-camel",
            name="Cat and camel",
            region="lower back",
            steps=["Move."],
            cautions=["you feel sharp pain"],
            is_builtin=True,
        )
    )
    db.session.add(
        Muscle(
            clinic_id=clinic.id, slug="piriformis", name="Piriformis", region="gluteal/hip", is_builtin=True
        )
    )
    db.session.commit()
    result = runner.invoke(args=["update-library"])
    assert result.exit_code == 0, result.output
    count = db.session.scalar(select(func.count(Exercise.id)).where(Exercise.clinic_id == clinic.id))
    assert count == len(EXERCISES)
    cat = db.session.scalar(
        select(Exercise).where(Exercise.clinic_id == clinic.id, Exercise.slug == "cat-camel")
    )
    assert cat.region_tags == ["lumbar", "thoracic"]
    piriformis = db.session.scalar(
        select(Muscle).where(Muscle.clinic_id == clinic.id, Muscle.slug == "piriformis")
    )
    assert piriformis.structure_at_risk == "sciatic nerve"
    templates = db.session.scalar(
        select(func.count(PlanTemplate.id)).where(PlanTemplate.clinic_id == clinic.id)
    )
    assert templates == len(TEMPLATES)
