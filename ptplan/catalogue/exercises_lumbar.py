"""Low-back (lumbar) and trunk exercises added to the lumbopelvic originals in ``exercises``.

Plain steps and "Stop if …" cautions (see ``exercise_base``); poses from ``pose_kit``.
"""

from __future__ import annotations

from ptplan.catalogue.exercise_base import DIZZY, LEG_WORSE, SHARP, UNSTEADY, Exercise, exercise
from ptplan.catalogue.pose_kit import (
    ARM_FORWARD,
    FLOOR_STAND,
    LYING_SCENE,
    SEATED_SCENE,
    hook,
    hooked_knees,
    pose,
    prone,
    sit,
    stand,
    supine,
)
from ptplan.illustrations import Arrow, figure

_HOOK = hooked_knees(70.0)


def _hands_behind_head(trunk: float) -> dict:
    """Arms folded up so the hands rest at the back of the head."""
    return dict(arm_left=(trunk + 62.0, trunk - 58.0), arm_right=(trunk + 60.0, trunk - 60.0))


def _arms_crossed() -> dict:
    return dict(arm_left=(-20.0, 175.0), arm_right=(-18.0, 178.0))


LUMBAR: tuple[Exercise, ...] = (
    exercise(
        "side-plank-knees",
        "Side plank on your knees",
        "core",
        "Makes the muscles along the side of your trunk stronger.",
        [
            "Lie on your side. Prop yourself on your elbow, under your shoulder.",
            "Bend your knees behind you.",
            "Lift your hips so your body is straight from head to knees.",
            "Hold. Keep breathing. Lower slowly and switch sides.",
        ],
        [SHARP, LEG_WORSE, "your shoulder hurts"],
        (2, 5, 10, 1, 5, "both"),
        tags=("lumbar", "hip"),
        pose=pose(
            figure(
                (54.0, 28.0),
                165.0,
                neck=165.0,
                arm_left=(-92.0, -30.0),
                arm_right=(-20.0, 0.0),
                leg_left=(-40.0, 200.0),
                leg_right=(-38.0, 198.0),
                foot_left=180.0,
                foot_right=180.0,
            ),
            props=LYING_SCENE,
            arrows=(Arrow((56.0, 16.0), (56.0, 26.0)),),
        ),
    ),
    exercise(
        "standing-back-bend",
        "Standing back bend",
        "lower back",
        "Undoes long sitting by bending your back backward.",
        [
            "Stand tall with your feet apart.",
            "Put your hands on your lower back, fingers pointing down.",
            "Slowly lean backward, using your hands as support.",
            "Hold for a moment. Then stand up straight.",
        ],
        [LEG_WORSE, SHARP, DIZZY],
        (1, 10, 2, 3, 7, "none"),
        tags=("lumbar",),
        pose=pose(
            stand(trunk=108.0, neck=125.0, arm_left=(-125.0, -40.0), arm_right=(-123.0, -38.0)),
            stand(trunk=90.0, arm_left=(-125.0, -40.0), arm_right=(-123.0, -38.0)),
            props=(FLOOR_STAND,),
            move="head",
        ),
    ),
    exercise(
        "sit-to-stand",
        "Sit to stand",
        "core",
        "Makes your legs and trunk stronger for getting up from a chair.",
        [
            "Sit near the front of a firm chair. Feet flat, hip-width apart.",
            "Lean forward so your nose is over your toes.",
            "Push through your heels and stand up tall.",
            "Slowly sit back down with control.",
        ],
        [SHARP, LEG_WORSE, UNSTEADY],
        (2, 10, 0, 1, 5, "none"),
        tags=("lumbar", "hip", "knee"),
        equipment=("chair",),
        pose=pose(
            stand(hip_x=42.0, arm_left=ARM_FORWARD, arm_right=(2.0, 2.0)),
            sit(trunk=60.0, arm_left=ARM_FORWARD, arm_right=(2.0, 2.0)),
            props=SEATED_SCENE,
            move="shoulder",
        ),
    ),
    exercise(
        "supine-marching",
        "Marching, lying down",
        "core",
        "Trains your stomach muscles to keep your back steady while your legs move.",
        [
            "Lie on your back with your knees bent and feet flat.",
            "Tighten your stomach muscles a little.",
            "Lift one foot a few inches. Keep your hips level.",
            "Lower it. Then lift the other foot.",
        ],
        [SHARP, LEG_WORSE],
        (2, 10, 0, 1, 7, "both"),
        tags=("lumbar",),
        pose=pose(
            supine(leg_left=hook(71.0), leg_right=(60.0, -20.0)),
            supine(**_HOOK),
            props=LYING_SCENE,
            move="ankle_right",
        ),
    ),
    exercise(
        "walking-program",
        "Walking",
        "lower back",
        "Keeps your back moving and builds stamina, a little more each week.",
        [
            "Walk on flat ground at a pace where you can still talk.",
            "Stand tall. Let your arms swing.",
            "Start with the time your therapist sets.",
            "Add a few minutes each week if you feel fine the next day.",
        ],
        [LEG_WORSE, "you need to stop because of leg pain (note how far you got)", DIZZY],
        (3, 1, 180, 1, 5, "none"),
        tags=("lumbar", "hip", "knee"),
        pose=pose(
            stand(
                arm_left=(-60.0, -40.0),
                arm_right=(-120.0, -100.0),
                leg_left=(-70.0, -95.0),
                leg_right=(-110.0, -120.0),
                foot_right=-30.0,
            ),
            props=(FLOOR_STAND,),
            arrows=(Arrow((62.0, 20.0), (78.0, 20.0)),),
        ),
    ),
    exercise(
        "prone-hip-extension",
        "Leg lift, lying on your stomach",
        "lower back",
        "Makes your buttock and low-back muscles stronger.",
        [
            "Lie on your stomach. Rest your head on your folded arms.",
            "Tighten your stomach a little.",
            "Keep your knee straight. Lift one leg a few inches.",
            "Hold. Lower slowly. Switch legs.",
        ],
        [SHARP, LEG_WORSE],
        (2, 10, 2, 1, 5, "both"),
        tags=("lumbar", "hip"),
        pose=pose(
            prone(leg_right=(168.0, 168.0), arm_left=(-172.0, 8.0), arm_right=(-174.0, 6.0)),
            prone(arm_left=(-172.0, 8.0), arm_right=(-174.0, 6.0)),
            props=LYING_SCENE,
            move="ankle_right",
        ),
    ),
)

EXERCISES: tuple[Exercise, ...] = LUMBAR
