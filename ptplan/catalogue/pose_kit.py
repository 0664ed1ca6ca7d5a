"""Pose builders shared by the regional exercise modules: standing, sitting, lying, kneeling.

Each builder places a side-view figure (facing right, or head on the left when lying) with
human proportions from ``ptplan.illustrations.figure`` and returns a ``Frame``; ``pose``
combines a main frame, an optional start frame (drawn dashed), props and an arrow that is
drawn from the start position of one joint to its end position. Angles are absolute
degrees (0 = right, 90 = up), as in ``ptplan.catalogue.poses``.

Upright figures are drawn at 80% size so raised arms stay inside the 100 x 75 pose space;
the renderers crop to the drawing, so every figure still fills its box.
"""

from __future__ import annotations

import math

from ptplan.illustrations import Arrow, Frame, Pose, Prop, figure
from ptplan.illustrations.kinematics import SEGMENT_LENGTHS, Limb, Reach

UPRIGHT_SCALE = 0.8
STAND_FLOOR = 2.0
SIT_FLOOR = 5.5
LIE_FLOOR = 12.0
LYING = LIE_FLOOR + 3.0

# Arm positions as (upper arm, forearm) angles.
ARM_DOWN = (-90.0, -90.0)
ARM_DOWN_BACK = (-96.0, -94.0)
ARM_FORWARD = (0.0, 0.0)
ARM_UP = (90.0, 90.0)
ARM_HALF_UP = (45.0, 45.0)
ARM_ELBOW_BENT = (-90.0, 0.0)  # elbow at the side, forearm forward
ARM_HAND_ON_THIGH = (-70.0, -10.0)
ARM_HANDS_ON_HIPS = (-110.0, 20.0)
LEG_STRAIGHT_DOWN = (-90.0, -90.0)
LEG_SEATED = (0.0, -90.0)

FLOOR_STAND = Prop("floor", ((0, STAND_FLOOR),))
FLOOR_SIT = Prop("floor", ((0, SIT_FLOOR),))
FLOOR_LIE = Prop("floor", ((0, LIE_FLOOR),))
MAT = Prop("mat", ((4, LIE_FLOOR - 3), (96, LIE_FLOOR)))


def wall(x: float) -> Prop:
    """A wall line at ``x``, floor to near the top."""
    return Prop("wall", ((x, STAND_FLOOR), (x, 72.0)))


def step(x0: float, x1: float, height: float = 8.0) -> Prop:
    """A low step standing on the floor line."""
    return Prop("step", ((x0, STAND_FLOOR), (x1, STAND_FLOOR + height)))


def _scaled(scale: float) -> dict[str, float]:
    lengths = {name: SEGMENT_LENGTHS[name] * scale for name in ("trunk", "neck", "head")}
    for side in ("left", "right"):
        for segment in ("upper_arm", "forearm", "thigh", "shin", "foot"):
            lengths[f"{segment}_{side}"] = SEGMENT_LENGTHS[segment] * scale
    return lengths


_UPRIGHT = _scaled(UPRIGHT_SCALE)
_HIP_STANDING_Y = STAND_FLOOR + (SEGMENT_LENGTHS["thigh"] + SEGMENT_LENGTHS["shin"]) * UPRIGHT_SCALE + 0.4
_HIP_SITTING_Y = SIT_FLOOR + SEGMENT_LENGTHS["shin"] * UPRIGHT_SCALE + 1.2


def stand(
    *,
    arm_left: Limb = ARM_DOWN,
    arm_right: Limb = ARM_DOWN,
    leg_left: Limb = LEG_STRAIGHT_DOWN,
    leg_right: Limb = LEG_STRAIGHT_DOWN,
    trunk: float = 90.0,
    neck: float | None = None,
    hip_x: float = 45.0,
    hip_y: float | None = None,
    foot_left: float | None = None,
    foot_right: float | None = None,
    facing: int = 1,
) -> Frame:
    """A standing figure on the floor line, 80% size."""
    return figure(
        (hip_x, _HIP_STANDING_Y if hip_y is None else hip_y),
        trunk,
        neck=neck,
        arm_left=arm_left,
        arm_right=arm_right,
        leg_left=leg_left,
        leg_right=leg_right,
        foot_left=foot_left,
        foot_right=foot_right,
        facing=facing,
        lengths=_UPRIGHT,
    )


def front(neck: float = 90.0, **limbs) -> Frame:  # type: ignore[no-untyped-def]
    """A standing figure seen from the front: arms hang to both sides, feet apart."""
    parts = dict(
        arm_left=(-118.0, -100.0),
        arm_right=(-62.0, -80.0),
        leg_left=(-100.0, -96.0),
        leg_right=(-80.0, -84.0),
        foot_left=180.0,
        foot_right=0.0,
    )
    parts.update(limbs)
    return stand(neck=neck, **parts)  # type: ignore[arg-type]


def sit(
    *,
    arm_left: Limb = ARM_HAND_ON_THIGH,
    arm_right: Limb = ARM_HAND_ON_THIGH,
    leg_left: Limb = LEG_SEATED,
    leg_right: Limb = LEG_SEATED,
    trunk: float = 90.0,
    neck: float | None = None,
    foot_left: float | None = None,
    foot_right: float | None = None,
) -> Frame:
    """Sitting tall on a chair (see ``CHAIR``), 80% size."""
    return figure(
        (38.0, _HIP_SITTING_Y),
        trunk,
        neck=neck,
        arm_left=arm_left,
        arm_right=arm_right,
        leg_left=leg_left,
        leg_right=leg_right,
        foot_left=foot_left,
        foot_right=foot_right,
        lengths=_UPRIGHT,
    )


CHAIR = Prop("chair", ((47.0, _HIP_SITTING_Y - 2.0), (30.0, SIT_FLOOR)))


def supine(
    *,
    arm_left: Limb = (-4.0, -2.0),
    arm_right: Limb = (-6.0, -3.0),
    leg_left: Limb = (0.0, 0.0),
    leg_right: Limb = (0.0, 0.0),
    neck: float = 162.0,
    trunk: float = 180.0,
    hip_x: float = 50.0,
    hip_y: float = LYING,
    foot_left: float | None = None,
    foot_right: float | None = None,
    near_side: str | None = None,
) -> Frame:
    """Lying on the back, head on the left, full size."""
    return figure(
        (hip_x, hip_y),
        trunk,
        neck=neck,
        arm_left=arm_left,
        arm_right=arm_right,
        leg_left=leg_left,
        leg_right=leg_right,
        foot_left=foot_left,
        foot_right=foot_right,
        near_side=near_side,
    )


def hook(foot_x: float = 70.0) -> Reach:
    """A bent leg of a lying figure with the foot flat on the floor at ``foot_x``."""
    return Reach((foot_x, LYING + 0.5), bend=1)


def hooked_knees(foot_x: float) -> dict[str, Reach]:
    """Both knees bent with the feet flat near ``foot_x`` (crook lying), as ``lie`` keywords."""
    return dict(leg_left=hook(foot_x), leg_right=hook(foot_x + 1.0))


# Scenes the region modules share: the props drawn around a seated, lying or table pose.
SEATED_SCENE = (CHAIR, FLOOR_SIT)
LYING_SCENE = (MAT, FLOOR_LIE)
TABLE = Prop("step", ((45.0, 5.5), (76.0, 30.0)))
AT_TABLE_SCENE = (TABLE, CHAIR, FLOOR_SIT)
ARMS_DOWN = dict(arm_left=(-4.0, -2.0), arm_right=(-6.0, -3.0))
"""Arms hanging by the sides of a lying figure, as ``lie`` keywords."""
FOREARM_ON_TABLE = Reach((56.0, 31.5), bend=-1)
"""Sitting at a table with the forearm resting on it, hand just past the edge."""


def prone(
    *,
    arm_left: Limb = (115.0, -70.0),
    arm_right: Limb = (115.0, -70.0),
    leg_left: Limb = (180.0, 180.0),
    leg_right: Limb = (180.0, 181.0),
    trunk: float = 0.0,
    neck: float | None = None,
    hip_x: float = 46.0,
    foot_left: float = 195.0,
    foot_right: float = 195.0,
    lengths: dict[str, float] | None = None,
) -> Frame:
    """Lying face down, head on the right, toes pointed, full size."""
    return figure(
        (hip_x, LYING),
        trunk,
        neck=trunk - 8.0 if neck is None else neck,
        arm_left=arm_left,
        arm_right=arm_right,
        leg_left=leg_left,
        leg_right=leg_right,
        foot_left=foot_left,
        foot_right=foot_right,
        lengths=lengths,
    )


def side_lying_front(
    *,
    arm_top: Limb = (-4.0, -2.0),
    leg_top: Limb = (0.0, 0.0),
    leg_bottom: Limb = (-1.0, -1.0),
    foot_top: float | None = None,
    foot_bottom: float | None = None,
    lengths: dict[str, float] | None = None,
) -> Frame:
    """Lying on one side seen from the front, head on the left on the lower arm; the top
    leg can lift toward the ceiling (up in the picture)."""
    return figure(
        (52.0, LYING + 1.5),
        180.0,
        neck=176.0,
        arm_left=Reach((17.0, LYING + 7.0), bend=-1),
        arm_right=arm_top,
        leg_left=leg_bottom,
        leg_right=leg_top,
        foot_left=foot_bottom,
        foot_right=foot_top,
        near_side="right",
        lengths=lengths,
    )


def side_lying(
    *,
    arm_top: Limb = (-8.0, 0.0),
    leg_top: Limb = (-45.0, -5.0),
    leg_bottom: Limb = (-48.0, -8.0),
    foot_top: float | None = None,
    foot_bottom: float | None = None,
) -> Frame:
    """Lying on one side, seen from above on a mat (``MAT_TOP``): head on the left resting on
    the lower arm, the front of the body toward the bottom of the picture, top limbs near."""
    return figure(
        (56.0, 42.0),
        180.0,
        neck=180.0,
        arm_left=Reach((15.0, 47.0), bend=1),
        arm_right=arm_top,
        leg_left=leg_bottom,
        leg_right=leg_top,
        foot_left=foot_bottom,
        foot_right=foot_top,
        near_side="right",
    )


MAT_TOP = Prop("mat", ((6.0, 12.0), (94.0, 66.0)))


def quadruped(*, spine_bend: float = 0.0, neck: float = 0.0, **limbs) -> Frame:  # type: ignore[no-untyped-def]
    """On hands and knees, facing right: knees under hips, hands under shoulders."""
    parts = dict(
        arm_left=(-90.0, -90.0),
        arm_right=(-90.0, -90.0),
        leg_left=(-90.0, 180.0),
        leg_right=(-90.0, 180.0),
        foot_left=180.0,
        foot_right=180.0,
    )
    parts.update(limbs)
    return figure((40.0, 33.5), 10.0, neck=neck, spine_bend=spine_bend, **parts)


def long_sit(**limbs) -> Frame:  # type: ignore[no-untyped-def]
    """Sitting on the floor with the legs straight out in front."""
    parts = dict(
        arm_left=Reach((50.0, 20.0), bend=-1),
        arm_right=Reach((51.0, 20.0), bend=-1),
        leg_left=(0.0, 0.0),
        leg_right=(1.0, 1.0),
        foot_left=90.0,
        foot_right=90.0,
    )
    parts.update(limbs)
    return figure((22.0, LYING), 80.0, neck=80.0, **parts)


def pose(
    main: Frame,
    start: Frame | None = None,
    *,
    props: tuple[Prop, ...] = (),
    move: str | tuple[str, ...] = (),
    arrows: tuple[Arrow, ...] = (),
) -> Pose:
    """A pose; ``move`` names joints whose path from ``start`` to ``main`` gets an arrow."""
    frames = (main,) if start is None else (main, start)
    drawn = list(arrows)
    for joint in (move,) if isinstance(move, str) else move:
        if start is None:
            raise ValueError("an arrow along a movement needs a start frame")
        try:
            drawn.append(_movement_arrow(start[joint], main[joint]))
        except ValueError as error:
            raise ValueError(f"arrow for {joint} from {start[joint]} to {main[joint]}: {error}") from None
    return Pose(frames, props, tuple(drawn))


def _movement_arrow(start: tuple[float, float], end: tuple[float, float]) -> Arrow:
    """An arrow beside a joint's path, pushed 6 units out from the body and kept in frame."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    if length < 3.0:
        raise ValueError("the joint hardly moves; draw the arrow by hand")
    nx, ny = -dy / length * 5.0, dx / length * 5.0
    # Shorten both ends a little so the arrow does not sit on the hands or feet.
    trim = min(2.0, length / 4)
    ux, uy = dx / length * trim, dy / length * trim

    def clamp(x: float, y: float) -> tuple[float, float]:
        return (min(98.0, max(2.0, x)), min(73.0, max(2.0, y)))

    return Arrow(
        clamp(start[0] + ux + nx, start[1] + uy + ny),
        clamp(end[0] - ux + nx, end[1] - uy + ny),
        0.15,
    )
