"""The built-in library covers every body region (issue: every patient in the clinic).

Counts per region, tags, the geometry of every illustration, and the dry-needling
precautions of DOMAIN.md "Dry needling by region".
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from ptplan.catalogue import EXERCISES, MUSCLES, MUSCLES_BY_SLUG, PLAIN_MUSCLES
from ptplan.catalogue.regions import BODY_REGIONS, EQUIPMENT
from ptplan.illustrations import POSE_HEIGHT, POSE_WIDTH
from ptplan.illustrations.scene import HEAD_RADIUS

ORIGINAL_SLUGS = {
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
    "hamstring-stretch-standing",
}
# Segments drawn between joints: (from, to).
SEGMENTS = (
    ("hip", "shoulder"),
    ("shoulder", "neck"),
    ("neck", "head"),
    *(
        pair
        for side in ("left", "right")
        for pair in (
            ("shoulder", f"elbow_{side}"),
            (f"elbow_{side}", f"hand_{side}"),
            ("hip", f"knee_{side}"),
            (f"knee_{side}", f"ankle_{side}"),
            (f"ankle_{side}", f"foot_{side}"),
        )
    ),
)


def test_at_least_120_exercises_with_the_original_17_kept():
    slugs = [e.slug for e in EXERCISES]
    assert len(slugs) >= 120
    assert len(set(slugs)) == len(slugs)
    assert set(slugs) >= ORIGINAL_SLUGS


def test_at_least_ten_exercises_per_body_region():
    counts = Counter(tag for e in EXERCISES for tag in e.regions)
    for region in BODY_REGIONS:
        assert counts[region] >= 10, f"{region}: {counts[region]}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_every_exercise_has_known_region_and_equipment_tags(exercise):
    assert exercise.regions and set(exercise.regions) <= set(BODY_REGIONS)
    assert exercise.equipment and set(exercise.equipment) <= set(EQUIPMENT)
    assert len(exercise.name) <= 120 and len(exercise.purpose) <= 300


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_every_joint_and_the_head_stay_inside_the_canvas(exercise):
    for frame in exercise.pose.frames:
        for name, (x, y) in frame.joints.items():
            assert 0 <= x <= POSE_WIDTH and 0 <= y <= POSE_HEIGHT, name
        hx, hy = frame["head"]
        assert HEAD_RADIUS <= hx <= POSE_WIDTH - HEAD_RADIUS + 1.0
        assert hy - HEAD_RADIUS >= 0 and hy + HEAD_RADIUS <= POSE_HEIGHT + 1.0
    for arrow in exercise.pose.arrows:
        for x, y in (arrow.start, arrow.end, arrow.control_point()):
            assert -1.0 <= x <= POSE_WIDTH + 1.0 and -1.0 <= y <= POSE_HEIGHT + 1.0


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_no_limb_has_zero_length(exercise):
    for frame in exercise.pose.frames:
        for start, end in SEGMENTS:
            if start in frame.joints and end in frame.joints:
                assert math.dist(frame[start], frame[end]) > 1.5, f"{start}-{end}"


def test_no_two_exercises_share_a_name():
    names = Counter(e.name.lower() for e in EXERCISES)
    assert [n for n, c in names.items() if c > 1] == []


# -- muscles -----------------------------------------------------------------------------

LUNG_FIELD = {
    "thoracic-paraspinals",
    "rhomboids",
    "middle-trapezius",
    "lower-trapezius",
    "serratus-anterior",
    "intercostals",
    "pectoralis-major",
    "pectoralis-minor",
    "upper-trapezius",
    "scalenes",
}


def test_at_least_70_muscles_across_every_region():
    assert len(MUSCLES) >= 70
    assert {m.body_region for m in MUSCLES} == set(BODY_REGIONS)
    assert set(PLAIN_MUSCLES) == set(MUSCLES_BY_SLUG)


def test_lung_field_muscles_are_exactly_the_domain_list():
    assert {m.slug for m in MUSCLES if m.over_lung_field} == LUNG_FIELD


@pytest.mark.parametrize(
    ("slug", "structure"),
    [
        ("piriformis", "sciatic nerve"),
        ("iliopsoas", "femoral"),
        ("popliteus", "popliteal"),
        ("scalenes", "brachial plexus"),
        ("sternocleidomastoid", "carotid"),
    ],
)
def test_muscles_near_a_major_nerve_or_vessel_name_it(slug, structure):
    assert structure in MUSCLES_BY_SLUG[slug].structure_at_risk


# -- manual therapy ----------------------------------------------------------------------


def test_at_least_30_techniques_across_regions_with_grades_for_joint_techniques():
    from ptplan.catalogue import PLAIN_TECHNIQUES, TECHNIQUES

    assert len(TECHNIQUES) >= 30
    assert {region for t in TECHNIQUES for region in t.regions} == set(BODY_REGIONS)
    graded = {t.slug for t in TECHNIQUES if t.grade_applies}
    assert {
        "cervical-pa-mobilisation",
        "glenohumeral-posterior-glide",
        "talocrural-posterior-glide",
    } <= graded
    assert "suboccipital-release" not in graded
    assert set(PLAIN_TECHNIQUES) == {t.slug for t in TECHNIQUES}
