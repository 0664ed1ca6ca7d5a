"""Hip exercises: side-hip and buttock strength, hip hinge, stretches.

Plain steps and "Stop if …" cautions (see ``exercise_base``); poses from ``pose_kit``.
"""

from __future__ import annotations

from ptplan.catalogue.exercise_base import (
    JOINT_SHARP,
    LEG_WORSE,
    SHARP,
    UNSTEADY,
    Exercise,
    exercise,
)
from ptplan.catalogue.pose_kit import (
    ARM_HANDS_ON_HIPS,
    CHAIR,
    FLOOR_LIE,
    FLOOR_SIT,
    FLOOR_STAND,
    LYING,
    MAT,
    MAT_TOP,
    front,
    hook,
    pose,
    side_lying,
    side_lying_front,
    stand,
    step,
    supine,
    wall,
)
from ptplan.illustrations import Arrow, Prop, figure
from ptplan.illustrations.kinematics import Reach

_SEATED = (CHAIR, FLOOR_SIT)
_LYING = (MAT, FLOOR_LIE)
_ARMS_DOWN = dict(arm_left=(-4.0, -2.0), arm_right=(-6.0, -3.0))
KNEE_GIVES = "your knee gives way or locks"
HEEL = "heel pain is worse the next morning and does not settle"
BALANCE = "you cannot keep your balance (stand near a counter and hold on)"


HIP: tuple[Exercise, ...] = (
    exercise(
        "clamshell",
        "Clamshell",
        "hip and buttock",
        "Makes the muscles at the side of your hip stronger.",
        [
            "Lie on your side with your hips and knees bent. Keep your feet together.",
            "Keep your top hip stacked over the bottom one.",
            "Lift your top knee, like a clam opening. Keep your feet touching.",
            "Hold. Lower slowly.",
        ],
        [SHARP, LEG_WORSE, "you feel it mostly in the front of your hip (roll your hips forward)"],
        (2, 12, 2, 1, 5, "both"),
        tags=("hip",),
        pose=pose(
            side_lying(leg_top=(-25.0, -30.0)),
            side_lying(leg_top=(-45.0, -5.0)),
            props=(MAT_TOP,),
            move="knee_right",
        ),
    ),
    exercise(
        "sidelying-hip-abduction",
        "Leg lift, lying on your side",
        "hip and buttock",
        "Makes the side hip muscles stronger for walking and stairs.",
        [
            "Lie on your side. Bend the bottom knee for balance.",
            "Keep the top leg straight and in line with your body. Point the toes forward.",
            "Lift the top leg toward the ceiling. Keep your hips still.",
            "Lower slowly.",
        ],
        [SHARP, LEG_WORSE, "your lower back aches (make the lift smaller)"],
        (2, 12, 2, 1, 5, "both"),
        tags=("hip",),
        pose=pose(
            side_lying_front(leg_top=(14.0, 14.0)),
            side_lying_front(),
            props=_LYING,
            move="ankle_right",
        ),
    ),
    exercise(
        "standing-hip-abduction",
        "Side leg lift, standing",
        "hip and buttock",
        "Makes the side hip muscles stronger while you stand.",
        [
            "Stand tall. Hold a counter or chair for balance.",
            "Keep your toes pointing forward.",
            "Lift one leg out to the side. Do not lean your body.",
            "Lower slowly. Switch legs.",
        ],
        [SHARP, LEG_WORSE, UNSTEADY],
        (2, 12, 1, 1, 5, "both"),
        tags=("hip",),
        equipment=("chair",),
        pose=pose(
            front(leg_right=(-62.0, -62.0), arm_left=Reach((24.0, 34.0), bend=1)),
            front(arm_left=Reach((24.0, 34.0), bend=1)),
            props=(FLOOR_STAND, wall(22.0)),
            move="ankle_right",
        ),
    ),
    exercise(
        "standing-hip-extension",
        "Leg back, standing",
        "hip and buttock",
        "Makes the buttock muscles stronger for walking and standing up.",
        [
            "Stand facing a counter. Hold on with both hands.",
            "Keep your knee straight. Move one leg back.",
            "Squeeze your buttock. Do not arch your back.",
            "Bring it back slowly. Switch legs.",
        ],
        [SHARP, LEG_WORSE, UNSTEADY],
        (2, 12, 1, 1, 5, "both"),
        tags=("hip", "lumbar"),
        equipment=("table",),
        pose=pose(
            stand(
                leg_right=(-115.0, -115.0),
                arm_left=Reach((62.0, 30.5), bend=-1),
                arm_right=Reach((62.0, 30.0), bend=-1),
            ),
            stand(arm_left=Reach((62.0, 30.5), bend=-1), arm_right=Reach((62.0, 30.0), bend=-1)),
            props=(FLOOR_STAND, step(62.0, 86.0, 28.0)),
            move="ankle_right",
        ),
    ),
    exercise(
        "hip-hinge",
        "Hip hinge",
        "hip and buttock",
        "Teaches you to bend at the hips, not the back, when you lift.",
        [
            "Stand with your feet hip-width apart. Soften your knees.",
            "Push your hips back, as if closing a car door with your bottom.",
            "Keep your back straight. Let your chest tip forward.",
            "Squeeze your buttocks to stand back up.",
        ],
        [SHARP, LEG_WORSE, "your back rounds (make the move smaller)"],
        (2, 10, 0, 1, 5, "none"),
        tags=("hip", "lumbar"),
        pose=pose(
            stand(
                hip_x=38.0,
                hip_y=29.5,
                trunk=35.0,
                neck=30.0,
                leg_left=Reach((46.0, 2.5)),
                leg_right=Reach((47.0, 2.5)),
            ),
            stand(hip_x=44.0),
            props=(FLOOR_STAND,),
            move="head",
        ),
    ),
    exercise(
        "single-leg-bridge",
        "Bridge on one leg",
        "hip and buttock",
        "Makes each buttock stronger on its own.",
        [
            "Lie on your back with your knees bent and feet flat.",
            "Straighten one leg in line with the other thigh.",
            "Push through the bent leg's heel. Lift your hips.",
            "Keep your hips level. Lower slowly. Switch legs.",
        ],
        [SHARP, LEG_WORSE, "you get a cramp in the back of your thigh"],
        (2, 8, 2, 1, 4, "both"),
        tags=("hip", "lumbar"),
        pose=pose(
            figure(
                (50.0, 28.0), 208.0, neck=165.0, **_ARMS_DOWN, leg_left=hook(68.0), leg_right=(16.0, 16.0)
            ),
            props=_LYING,
            arrows=(Arrow((50.0, 18.0), (50.0, 26.0)),),
        ),
    ),
    exercise(
        "banded-side-step",
        "Side steps with a band",
        "hip and buttock",
        "Makes the side hip muscles stronger and steadies your knees.",
        [
            "Put a loop band around your legs, just above the knees.",
            "Stand with your knees a little bent.",
            "Step to the side. Then bring the other foot halfway in. Keep the band tight.",
            "Take 10 steps one way, then 10 steps back.",
        ],
        [SHARP, LEG_WORSE, JOINT_SHARP],
        (2, 10, 0, 1, 4, "both"),
        tags=("hip", "knee"),
        equipment=("band",),
        pose=pose(
            front(
                leg_left=(-112.0, -95.0),
                leg_right=(-68.0, -85.0),
                arm_left=ARM_HANDS_ON_HIPS,
                arm_right=(-70.0, 160.0),
            ),
            props=(FLOOR_STAND, Prop("strap", ("knee_left", "knee_right"))),
            arrows=(Arrow((66.0, 12.0), (80.0, 12.0)),),
        ),
    ),
    exercise(
        "standing-march",
        "Marching in place",
        "hip and buttock",
        "Makes the front hip muscles stronger and trains balance.",
        [
            "Stand tall next to a counter. Hold on if you need to.",
            "Lift one knee up toward hip height.",
            "Lower it. Then lift the other knee.",
            "Keep your body tall. Do not lean back.",
        ],
        [SHARP, LEG_WORSE, UNSTEADY],
        (2, 10, 0, 2, 7, "both"),
        tags=("hip", "knee"),
        pose=pose(
            stand(leg_right=(0.0, -90.0), arm_left=(-60.0, -40.0), arm_right=(-120.0, -100.0)),
            stand(arm_left=(-60.0, -40.0), arm_right=(-120.0, -100.0)),
            props=(FLOOR_STAND,),
            move="knee_right",
        ),
    ),
    exercise(
        "butterfly-stretch",
        "Butterfly stretch",
        "hip and buttock",
        "Stretches your inner thighs.",
        [
            "Sit on the floor. Put the soles of your feet together.",
            "Hold your ankles. Sit up tall.",
            "Let your knees fall toward the floor.",
            "Hold. Breathe slowly. Do not bounce.",
        ],
        [SHARP, LEG_WORSE, "your knees hurt (move your feet further away)"],
        (1, 3, 30, 2, 7, "none"),
        tags=("hip",),
        pose=pose(
            figure(
                (50.0, LYING),
                90.0,
                arm_left=Reach((45.0, 18.0), bend=1),
                arm_right=Reach((55.0, 18.0), bend=-1),
                leg_left=(172.0, -8.0),
                leg_right=(8.0, 188.0),
                foot_left=0.0,
                foot_right=180.0,
            ),
            props=_LYING,
            arrows=(Arrow((24.0, 30.0), (24.0, 21.0)), Arrow((76.0, 30.0), (76.0, 21.0))),
        ),
    ),
    exercise(
        "hip-hike",
        "Hip hike on a step",
        "hip and buttock",
        "Makes the side hip muscles of the standing leg stronger.",
        [
            "Stand sideways on a step on one leg. Hold a rail.",
            "Let the free foot hang off the edge. Keep both knees straight.",
            "Let the free side of your pelvis drop a little.",
            "Then lift it up higher than the other side. Lower slowly.",
        ],
        [SHARP, LEG_WORSE, UNSTEADY],
        (2, 10, 1, 1, 4, "both"),
        tags=("hip",),
        equipment=("step",),
        pose=pose(
            front(hip_y=39.0, leg_left=(-98.0, -98.0), leg_right=(-84.0, -84.0)),
            props=(FLOOR_STAND, step(44.0, 64.0, 7.0)),
            arrows=(Arrow((26.0, 8.0), (26.0, 18.0)),),
        ),
    ),
    exercise(
        "supine-knee-fallout",
        "Knee drop out, lying down",
        "hip and buttock",
        "Trains your stomach muscles to keep your pelvis still while one hip turns out.",
        [
            "Lie on your back with your knees bent and feet flat.",
            "Tighten your stomach a little.",
            "Slowly let one knee fall out to the side. Keep the pelvis still.",
            "Bring it back. Switch sides.",
        ],
        [SHARP, LEG_WORSE],
        (2, 10, 0, 1, 7, "both"),
        tags=("hip", "lumbar"),
        pose=pose(
            supine(leg_left=hook(70.0), leg_right=Reach((70.0, LYING + 0.5), bend=1), near_side="right"),
            props=_LYING,
            arrows=(Arrow((62.0, 40.0), (74.0, 32.0), -0.3),),
        ),
    ),
)

EXERCISES: tuple[Exercise, ...] = HIP
