"""Exercise illustrations: pose validation, SVG and reportlab renderers, kinematics."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

from ptplan.catalogue import EXERCISES
from ptplan.illustrations import Arrow, Frame, Pose, Prop, figure, to_drawing, to_svg
from ptplan.illustrations.kinematics import SEGMENT_LENGTHS, Reach
from ptplan.illustrations.scene import build_scene

SVG = "{http://www.w3.org/2000/svg}"
EXERCISE_IDS = [e.slug for e in EXERCISES]


def parse(svg: str) -> ET.Element:
    """Parse our own renderer's output (trusted, so the stdlib parser is fine)."""
    return ET.fromstring(svg)  # noqa: S314


def standing() -> Frame:
    return figure(
        (50.0, 40.0),
        90.0,
        arm_left=(-80.0, -80.0),
        arm_right=(-100.0, -100.0),
        leg_left=(-90.0, -90.0),
        leg_right=(-92.0, -92.0),
    )


@pytest.mark.parametrize("exercise", EXERCISES, ids=EXERCISE_IDS)
def test_every_exercise_has_a_valid_pose(exercise):
    assert isinstance(exercise.pose, Pose)
    assert 1 <= len(exercise.pose.frames) <= 2


@pytest.mark.parametrize("exercise", EXERCISES, ids=EXERCISE_IDS)
def test_svg_is_accessible_and_self_contained(exercise):
    svg = to_svg(exercise.pose, title=exercise.name)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == exercise.name
    assert root.get("aria-labelledby") == title.get("id")
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "rect", "polyline", "polygon", "circle"}
    assert "href" not in svg and "url(" not in svg and "<script" not in svg


@pytest.mark.parametrize("exercise", EXERCISES, ids=EXERCISE_IDS)
def test_drawing_renders_the_same_primitives_as_svg(exercise):
    drawing = to_drawing(exercise.pose, 160, 120)
    assert isinstance(drawing, Drawing)
    shapes = drawing.contents[0].contents
    primitives = build_scene(exercise.pose)
    assert len(shapes) == len(primitives) > 5
    root = parse(to_svg(exercise.pose, title=exercise.name))
    drawn = [el for el in root if el.tag.removeprefix(SVG) in {"polyline", "polygon", "circle"}]
    assert len(drawn) == len(primitives)
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")


def test_hostile_title_is_escaped():
    hostile = '<script>alert(1)</script> & "quotes" </title><b>'
    svg = to_svg(EXERCISES[0].pose, title=hostile)
    root = parse(svg)
    assert root.find(f"{SVG}title").text == hostile
    assert root.find(f".//{SVG}script") is None
    assert "<script>" not in svg


def test_svg_ids_differ_per_title_and_can_be_given():
    pose = EXERCISES[0].pose
    assert parse(to_svg(pose, title="A")).get("id") != parse(to_svg(pose, title="B")).get("id")
    assert parse(to_svg(pose, title="A", element_id="ex-1")).get("id") == "ex-1"
    with pytest.raises(ValueError):
        to_svg(pose, title="A", element_id='x" onload="alert(1)')
    with pytest.raises(ValueError):
        to_svg(pose, title="  ")


def test_drawing_scales_to_the_requested_size():
    drawing = to_drawing(EXERCISES[0].pose, 142, 80)
    assert (drawing.width, drawing.height) == (142, 80)
    with pytest.raises(ValueError):
        to_drawing(EXERCISES[0].pose, 0, 80)


def test_missing_joint_is_rejected():
    joints = dict(standing().joints)
    del joints["knee_left"]
    with pytest.raises(ValueError, match="knee_left"):
        Frame(joints)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"head": (50.0, 80.0)}, "outside"),
        ({"hip": (-1.0, 10.0)}, "outside"),
        ({"hip": (float("nan"), 10.0)}, "finite"),
        ({"hip": "here"}, "pair"),
        ({"tail": (1.0, 1.0)}, "unknown"),
    ],
)
def test_bad_joint_values_are_rejected(change, message):
    joints = dict(standing().joints) | change
    with pytest.raises(ValueError, match=message):
        Frame(joints)


@pytest.mark.parametrize(
    "build",
    [
        lambda f: Pose(()),
        lambda f: Pose((f, f, f)),
        lambda f: Pose(("frame",)),
        lambda f: Pose((f,), (Prop("trampoline", ((1, 1),)),)),
        lambda f: Pose((f,), (Prop("floor", ((1, 1), (2, 2))),)),
        lambda f: Pose((f,), (Prop("chair", ("hand_left", (2, 2))),)),
        lambda f: Pose((f,), (Prop("strap", ("hand_left", "elbow_nowhere")),)),
        lambda f: Pose((f,), (), (Arrow((10, 10), (10.5, 10)),)),
        lambda f: Pose((f,), (), (Arrow((10, 10), (50, 10), bend=3.0),)),
        lambda f: Pose((f,), (), (Arrow((10, 10), (50, 99)),)),
        lambda f: Frame(dict(f.joints), near_side="middle"),
    ],
)
def test_invalid_poses_raise_value_error(build):
    with pytest.raises(ValueError):
        build(standing())


def test_strap_follows_each_frame():
    low, high = (
        standing(),
        figure(
            (50.0, 40.0),
            90.0,
            arm_left=(-60.0, -60.0),
            arm_right=(-60.0, -60.0),
            leg_left=(-90.0, -90.0),
            leg_right=(-90.0, -90.0),
        ),
    )
    strap = Prop("strap", ("hand_right", (90.0, 10.0)))
    pose = Pose((low, high), (strap,))
    assert strap.resolve(low)[0] == low["hand_right"]
    assert strap.resolve(high)[0] == high["hand_right"]
    assert len(build_scene(pose)) > len(build_scene(Pose((low,))))


angles = st.floats(-180.0, 180.0, allow_nan=False)


@given(trunk=angles, thigh=angles, shin=angles, upper=angles, fore=angles)
def test_figure_keeps_segment_lengths(trunk, thigh, shin, upper, fore):
    try:
        frame = figure(
            (50.0, 37.0),
            trunk,
            arm_left=(upper, fore),
            arm_right=(upper, fore),
            leg_left=(thigh, shin),
            leg_right=(thigh, shin),
        )
    except ValueError:
        return  # some angle combinations leave the picture; that is the validator's job
    lengths = SEGMENT_LENGTHS
    assert math.dist(frame["hip"], frame["shoulder"]) == pytest.approx(lengths["trunk"], abs=0.02)
    assert math.dist(frame["hip"], frame["knee_left"]) == pytest.approx(lengths["thigh"], abs=0.02)
    assert math.dist(frame["knee_left"], frame["ankle_left"]) == pytest.approx(lengths["shin"], abs=0.02)
    assert math.dist(frame["elbow_right"], frame["hand_right"]) == pytest.approx(lengths["forearm"], abs=0.02)


@given(x=st.floats(36.0, 64.0), y=st.floats(8.0, 30.0), bend=st.sampled_from([1, -1]))
def test_reach_puts_the_ankle_on_a_reachable_target(x, y, bend):
    frame = figure(
        (50.0, 40.0),
        90.0,
        arm_left=(-90.0, -90.0),
        arm_right=(-90.0, -90.0),
        leg_left=Reach((x, y), bend=bend),
        leg_right=(-90.0, -90.0),
    )
    assert math.dist(frame["ankle_left"], (x, y)) < 0.05


@pytest.mark.parametrize("exercise", EXERCISES, ids=EXERCISE_IDS)
def test_crop_fits_the_figure_inside_the_requested_box(exercise):
    drawing = to_drawing(exercise.pose, 160, 120, crop=True)
    assert drawing.width <= 160.01 and drawing.height <= 120.01
    assert max(drawing.width / 160, drawing.height / 120) == pytest.approx(1.0)
    root = parse(to_svg(exercise.pose, title=exercise.name, width=200, height=150, crop=True))
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    assert x >= 0 and y >= 0 and x + w <= 100.01 and y + h <= 75.01
    assert float(root.get("width")) <= 200 and float(root.get("height")) <= 150
