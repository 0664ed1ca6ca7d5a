"""Build a ``Frame`` from segment angles, so poses keep human proportions.

Authoring joint coordinates by hand makes limbs grow and shrink between frames. Here an
author gives the hip position and the *absolute* angle of each body segment (degrees,
0 = pointing right, 90 = pointing up) and gets a ``Frame`` with fixed segment lengths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

from ptplan.illustrations.pose import Frame, Point

#: Segment lengths in pose units (the pose space is 100 x 75).
SEGMENT_LENGTHS: Mapping[str, float] = {
    "trunk": 25.0,  # hip to shoulder
    "neck": 3.5,  # shoulder to neck
    "head": 6.0,  # neck to the head's centre (head radius is 5.5)
    "upper_arm": 12.5,
    "forearm": 12.0,
    "thigh": 19.0,
    "shin": 18.0,
    "foot": 5.5,
}


class Reach(NamedTuple):
    """A limb aimed at a point: the middle joint (knee, elbow) is solved for.

    ``bend`` picks the side the middle joint bulges to: +1 counter-clockwise of the line
    from the limb's root to the target, -1 clockwise. A target out of reach gives a
    straight limb pointing at it.
    """

    target: Point
    bend: int = 1


Limb = tuple[float, float] | Reach


def _solve(root: Point, limb: Limb, first: float, second: float) -> tuple[float, float]:
    """Segment angles for ``limb``: given directly, or solved by two-bone inverse kinematics."""
    if not isinstance(limb, Reach):
        return limb
    dx, dy = limb.target[0] - root[0], limb.target[1] - root[1]
    dist = min(max(math.hypot(dx, dy), abs(first - second) + 1e-6), first + second - 1e-6)
    toward = math.degrees(math.atan2(dy, dx))
    cos_root = (first**2 + dist**2 - second**2) / (2 * first * dist)
    angle1 = toward + limb.bend * math.degrees(math.acos(max(-1.0, min(1.0, cos_root))))
    middle = _step(root, angle1, first)
    angle2 = math.degrees(math.atan2(limb.target[1] - middle[1], limb.target[0] - middle[0]))
    return angle1, angle2


def _step(p: Point, angle: float, length: float) -> Point:
    rad = math.radians(angle)
    return (round(p[0] + length * math.cos(rad), 2), round(p[1] + length * math.sin(rad), 2))


def figure(
    hip: Point,
    trunk: float,
    *,
    arm_left: Limb,
    arm_right: Limb,
    leg_left: Limb,
    leg_right: Limb,
    facing: int = 1,
    neck: float | None = None,
    foot_left: float | None = None,
    foot_right: float | None = None,
    spine_bend: float = 0.0,
    near_side: str | None = None,
    lengths: Mapping[str, float] | None = None,
) -> Frame:
    """Return a frame for a side-view figure.

    ``trunk`` is the hip-to-shoulder angle; ``neck`` the shoulder-to-head angle (default:
    in line with the trunk). Arms are (upper arm, forearm) angles and legs (thigh, shin)
    angles, or a ``Reach`` to aim the hand or ankle at a point. ``facing`` is +1 when the front of the body is clockwise from the trunk line,
    as for a person standing and facing right, and -1 for the mirror image; it sets the
    default foot angle (toes to the front) and which side is nearer the viewer.
    ``spine_bend`` pushes the mid-back that many units towards the back (negative: a sag
    towards the belly). ``lengths`` overrides a segment length, keyed like
    ``"thigh_right"`` or ``"trunk"``, to fake foreshortening.
    """
    if facing not in (1, -1):
        raise ValueError("facing must be 1 or -1")
    overrides = dict(lengths or {})

    def length(segment: str, side: str = "") -> float:
        key = f"{segment}_{side}" if side else segment
        return overrides.get(key, SEGMENT_LENGTHS[segment])

    shoulder = _step(hip, trunk, length("trunk"))
    neck_angle = trunk if neck is None else neck
    neck_point = _step(shoulder, neck_angle, length("neck"))
    joints: dict[str, Point] = {
        "hip": (float(hip[0]), float(hip[1])),
        "shoulder": shoulder,
        "neck": neck_point,
        "head": _step(neck_point, neck_angle, length("head")),
    }
    if spine_bend:
        middle = ((hip[0] + shoulder[0]) / 2, (hip[1] + shoulder[1]) / 2)
        joints["mid_back"] = _step(middle, trunk + 90 * facing, spine_bend)
    for side, arm, leg, foot in (
        ("left", arm_left, leg_left, foot_left),
        ("right", arm_right, leg_right, foot_right),
    ):
        upper, fore = length("upper_arm", side), length("forearm", side)
        arm_angles = _solve(shoulder, arm, upper, fore)
        elbow = _step(shoulder, arm_angles[0], upper)
        joints[f"elbow_{side}"] = elbow
        joints[f"hand_{side}"] = _step(elbow, arm_angles[1], fore)
        thigh, shin = length("thigh", side), length("shin", side)
        leg_angles = _solve(hip, leg, thigh, shin)
        knee = _step(hip, leg_angles[0], thigh)
        ankle = _step(knee, leg_angles[1], shin)
        joints[f"knee_{side}"] = knee
        joints[f"ankle_{side}"] = ankle
        toe_angle = leg_angles[1] + 90 * facing if foot is None else foot
        joints[f"foot_{side}"] = _step(ankle, toe_angle, length("foot", side))
    # Seen from the figure's right side when it faces right, so the right limbs are near.
    return Frame(joints, near_side=near_side or ("right" if facing == 1 else "left"))
