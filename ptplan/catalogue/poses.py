"""Illustration poses for the seeded exercises, keyed by exercise slug.

Figures face right or lie with the head on the left. Angles are absolute degrees
(0 = right, 90 = up); see ``ptplan.illustrations.kinematics.figure``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ptplan.illustrations import Arrow, Pose, Prop, figure
from ptplan.illustrations.kinematics import Reach

FLOOR = 12.0
LYING = FLOOR + 3.0  # centre line of a body lying on the floor
_floor = Prop("floor", ((0, FLOOR),))
_mat = Prop("mat", ((4, FLOOR - 3), (96, FLOOR)))
_ARMS_DOWN = {"arm_left": (-4.0, -2.0), "arm_right": (-6.0, -3.0)}
_HEAD_ON_FLOOR = 162.0  # neck angle that rests a supine head on the floor
_STRAIGHT = (0.0, 0.0)


def _supine(hip_x: float = 50.0, **limbs):  # type: ignore[no-untyped-def]
    """A figure lying on its back, head on the left."""
    return figure((hip_x, LYING), 180.0, neck=_HEAD_ON_FLOOR, **limbs)


def _hook(hip_x: float, foot_x: float) -> Reach:
    """A bent leg with the foot flat on the floor at ``foot_x``."""
    return Reach((foot_x, LYING + 0.5), bend=1)


def _piriformis_supine() -> Pose:
    # Drawn from the side of the bent leg: the crossed leg's knee points away from the
    # viewer, so only its shin and foot show, resting across the near knee.
    main = _supine(
        arm_left=Reach((56.0, 25.0), bend=1),
        arm_right=Reach((57.0, 24.0), bend=1),
        leg_left=Reach((73.0, LYING + 0.5), bend=1),
        leg_right=Reach((69.0, 34.0), bend=1),
        lengths={"thigh_right": 15.0, "shin_right": 12.0},
        foot_right=80.0,
        near_side="left",
    )
    return Pose((main,), (_mat, _floor), (Arrow((74.0, 46.0), (58.0, 47.0), 0.3),))


def _piriformis_seated() -> Pose:
    chair = Prop("chair", ((53.0, 28.5), (33.0, 10.0)))
    # The near leg keeps its foot on the floor; the far leg's ankle rests on the near knee.
    main = figure(
        (40.0, 31.0),
        68.0,
        neck=62.0,
        arm_left=Reach((58.0, 37.0), bend=-1),
        arm_right=Reach((56.0, 38.0), bend=-1),
        leg_left=Reach((61.0, 36.0), bend=1),
        leg_right=(0.0, -90.0),
        lengths={"thigh_left": 15.0, "shin_left": 8.0},
        foot_left=20.0,
        near_side="right",
    )
    return Pose((main,), (Prop("floor", ((0, 10.0),)), chair), (Arrow((62.0, 67.0), (73.0, 56.0), -0.3),))


def _knee_to_chest(both: bool) -> Pose:
    hold = (44.0, 31.0)
    bent = (118.0, -28.0)
    main = _supine(
        arm_left=Reach(hold, bend=1),
        arm_right=Reach((hold[0] + 1.5, hold[1] - 0.5), bend=1),
        leg_left=bent if both else _STRAIGHT,
        leg_right=bent,
    )
    start = _supine(
        **_ARMS_DOWN,
        leg_left=_hook(50, 72) if both else _STRAIGHT,
        leg_right=_hook(50, 72),
    )
    return Pose((main, start), (_mat, _floor), (Arrow((66.0, 30.0), (52.0, 42.0), 0.3),))


def _hamstring_strap() -> Pose:
    main = _supine(
        arm_left=(62.0, 38.0),
        arm_right=(58.0, 40.0),
        leg_left=_STRAIGHT,
        leg_right=(72.0, 72.0),
    )
    start = _supine(arm_left=(50.0, 30.0), arm_right=(48.0, 30.0), leg_left=_STRAIGHT, leg_right=(45.0, 45.0))
    strap = Prop("strap", ("hand_right", "foot_right"))
    return Pose((main, start), (_mat, _floor, strap), (Arrow((78.0, 42.0), (72.0, 58.0), 0.25),))


def _nerve_glide() -> Pose:
    chair = Prop("chair", ((53.0, 28.5), (33.0, 10.0)))
    seat = dict(
        arm_left=Reach((54.0, 35.0), bend=-1),
        arm_right=Reach((55.0, 35.5), bend=-1),
        leg_left=(0.0, -90.0),
    )
    main = figure((40.0, 31.0), 88.0, neck=112.0, leg_right=(0.0, -8.0), foot_right=70.0, **seat)
    start = figure((40.0, 31.0), 88.0, neck=55.0, leg_right=(0.0, -95.0), **seat)
    return Pose(
        (main, start), (Prop("floor", ((0, 10.0),)), chair), (Arrow((66.0, 14.0), (80.0, 26.0), 0.3),)
    )


def _quadruped(*, spine_bend: float = 0.0, neck: float = 0.0, **overrides):  # type: ignore[no-untyped-def]
    """On hands and knees, facing right: knees under hips, hands under shoulders."""
    limbs = dict(
        arm_left=(-90.0, -90.0),
        arm_right=(-90.0, -90.0),
        leg_left=(-90.0, 180.0),
        leg_right=(-90.0, 180.0),
        foot_left=180.0,
        foot_right=180.0,
    )
    limbs.update(overrides)
    return figure((40.0, 33.5), 10.0, neck=neck, spine_bend=spine_bend, **limbs)


def _cat_camel() -> Pose:
    cat = _quadruped(spine_bend=7.0, neck=-45.0)
    cow = _quadruped(spine_bend=-5.0, neck=35.0)
    return Pose((cat, cow), (_floor,), (Arrow((52.0, 40.0), (52.0, 52.0)),))


def _prone(trunk: float, **limbs):  # type: ignore[no-untyped-def]
    """Lying face down, head on the right, toes pointed."""
    legs = dict(leg_left=(180.0, 180.0), leg_right=(180.0, 181.0), foot_left=195.0, foot_right=195.0)
    legs.update(limbs)
    return figure((46.0, LYING), trunk, neck=trunk - 8.0, **legs)


def _press_up() -> Pose:
    up = figure(
        (46.0, LYING),
        48.0,
        neck=62.0,
        arm_left=Reach((76.0, LYING), bend=-1),
        arm_right=Reach((77.0, LYING), bend=-1),
        leg_left=(180.0, 180.0),
        leg_right=(180.0, 181.0),
        foot_left=195.0,
        foot_right=195.0,
    )
    down = _prone(0.0, arm_left=(115.0, -70.0), arm_right=(115.0, -70.0))
    return Pose((up, down), (_mat, _floor), (Arrow((50.0, 30.0), (58.0, 44.0), -0.25),))


def _prone_on_elbows() -> Pose:
    main = _prone(30.0, arm_left=(-90.0, 0.0), arm_right=(-91.0, 0.0))
    return Pose((main,), (_mat, _floor))


def _childs_pose() -> Pose:
    main = figure(
        (27.0, 24.0),
        -8.0,
        neck=-22.0,
        spine_bend=6.0,
        arm_left=(-6.0, -3.0),
        arm_right=(-8.0, -3.0),
        # Sitting back on the heels: thighs forward along the floor, shins folded back.
        leg_left=(-30.0, 180.0),
        leg_right=(-31.0, 180.0),
        foot_left=180.0,
        foot_right=180.0,
    )
    return Pose((main,), (_mat, _floor), (Arrow((72.0, 30.0), (88.0, 30.0)),))


def _glute_bridge() -> Pose:
    feet = 68.0
    up = figure(
        (50.0, 28.0),
        208.0,
        neck=165.0,
        **_ARMS_DOWN,
        leg_left=_hook(50, feet),
        leg_right=_hook(50, feet),
    )
    down = _supine(**_ARMS_DOWN, leg_left=_hook(50, feet), leg_right=_hook(50, feet))
    return Pose((up, down), (_mat, _floor), (Arrow((50.0, 19.0), (50.0, 32.0)),))


def _bird_dog() -> Pose:
    main = _quadruped(
        arm_right=(6.0, 6.0),
        leg_left=(178.0, 178.0),
        foot_left=-90.0,
        neck=5.0,
    )
    arrows = (Arrow((70.0, 50.0), (92.0, 52.0)), Arrow((25.0, 44.0), (6.0, 44.0)))
    return Pose((main,), (_floor,), arrows)


def _pelvic_tilt() -> Pose:
    hook = dict(**_ARMS_DOWN, leg_left=_hook(50, 70), leg_right=_hook(50, 70))
    flat = _supine(**hook)
    arched = figure((50.0, LYING), 180.0, neck=_HEAD_ON_FLOOR, spine_bend=-4.0, **hook)
    return Pose((flat, arched), (_mat, _floor), (Arrow((57.0, 30.0), (45.0, 27.0), 0.45),))


def _lower_trunk_rotation() -> Pose:
    # Seen from above: body along the mat, arms out in a T, both knees falling to one side
    # while the feet stay near the middle.
    mat = Prop("mat", ((6.0, 12.0), (94.0, 68.0)))
    common = dict(arm_left=(90.0, 90.0), arm_right=(-90.0, -90.0), neck=180.0, near_side="left")

    def knees(side: int):  # type: ignore[no-untyped-def]
        return figure(
            (55.0, 40.0),
            180.0,
            leg_left=Reach((80.0, 40.0 + 2.0 * side), bend=-side),
            leg_right=Reach((81.0, 40.0 + 1.0 * side), bend=-side),
            foot_left=0.0,
            foot_right=0.0,
            lengths={"thigh_left": 17.0, "thigh_right": 17.0, "shin_left": 14.0, "shin_right": 14.0},
            **common,
        )

    return Pose((knees(-1), knees(1)), (mat,), (Arrow((74.0, 56.0), (74.0, 24.0), -0.5),))


def _dead_bug() -> Pose:
    table = dict(leg_left=(90.0, 0.0), leg_right=(90.0, 0.0), foot_left=90.0, foot_right=90.0)
    start = figure(
        (56.0, LYING), 180.0, neck=_HEAD_ON_FLOOR, arm_left=(90.0, 90.0), arm_right=(90.0, 90.0), **table
    )
    table["leg_left"] = (8.0, 4.0)
    main = figure(
        (56.0, LYING), 180.0, neck=_HEAD_ON_FLOOR, arm_left=(90.0, 90.0), arm_right=(172.0, 176.0), **table
    )
    arrows = (Arrow((24.0, 45.0), (8.0, 26.0), 0.3), Arrow((80.0, 34.0), (92.0, 24.0), -0.3))
    return Pose((main, start), (_mat, _floor), arrows)


def _hip_flexor_half_kneeling() -> Pose:
    main = figure(
        (42.0, 32.0),
        90.0,
        arm_left=Reach((55.0, 35.0), bend=-1),
        arm_right=Reach((56.0, 35.5), bend=-1),
        leg_left=(0.0, -90.0),
        leg_right=(-105.0, 180.0),
        foot_left=0.0,
        foot_right=200.0,
    )
    return Pose((main,), (_floor,), (Arrow((30.0, 40.0), (44.0, 40.0)),))


def _hamstring_standing() -> Pose:
    step = Prop("step", ((52.0, 3.0), (68.0, 15.0)))
    main = figure(
        (28.0, 41.0),
        50.0,
        neck=35.0,
        arm_left=Reach((43.0, 31.0), bend=-1),
        arm_right=Reach((44.0, 30.0), bend=-1),
        leg_left=(-88.0, -92.0),
        leg_right=Reach((57.0, 18.0), bend=-1),
        foot_left=0.0,
    )
    return Pose((main,), (Prop("floor", ((0, 3.0),)), step), (Arrow((60.0, 68.0), (71.0, 57.0), -0.3),))


_BUILDERS = {
    "piriformis-stretch-supine": _piriformis_supine,
    "piriformis-stretch-seated": _piriformis_seated,
    "knee-to-chest-single": lambda: _knee_to_chest(both=False),
    "knee-to-chest-double": lambda: _knee_to_chest(both=True),
    "hamstring-stretch-strap": _hamstring_strap,
    "sciatic-nerve-glide-seated": _nerve_glide,
    "cat-camel": _cat_camel,
    "prone-press-up": _press_up,
    "prone-on-elbows": _prone_on_elbows,
    "childs-pose": _childs_pose,
    "glute-bridge": _glute_bridge,
    "bird-dog": _bird_dog,
    "pelvic-tilt": _pelvic_tilt,
    "lower-trunk-rotation": _lower_trunk_rotation,
    "dead-bug": _dead_bug,
    "hip-flexor-stretch-half-kneeling": _hip_flexor_half_kneeling,
    "hamstring-stretch-standing": _hamstring_standing,
}

#: Exercise slug -> Pose, built once at import (validation runs here, so a bad pose fails fast).
POSES: Mapping[str, Pose] = MappingProxyType({slug: build() for slug, build in _BUILDERS.items()})
