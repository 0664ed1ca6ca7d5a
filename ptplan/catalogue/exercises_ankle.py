"""Ankle and foot exercises: calf and foot loading, ankle strength and balance after a sprain.

Plain steps and "Stop if …" cautions (see ``exercise_base``); poses from ``pose_kit``.
"""

from __future__ import annotations

from ptplan.catalogue.exercise_base import (
    JOINT_SHARP,
    SHARP,
    SWELLING,
    UNSTEADY,
    Exercise,
    exercise,
)
from ptplan.catalogue.pose_kit import (
    CHAIR,
    FLOOR_LIE,
    FLOOR_SIT,
    FLOOR_STAND,
    MAT,
    SIT_FLOOR,
    long_sit,
    pose,
    sit,
    stand,
    step,
    wall,
)
from ptplan.illustrations import Arrow, Prop
from ptplan.illustrations.kinematics import Reach

_SEATED = (CHAIR, FLOOR_SIT)
_LYING = (MAT, FLOOR_LIE)
_ARMS_DOWN = dict(arm_left=(-4.0, -2.0), arm_right=(-6.0, -3.0))
KNEE_GIVES = "your knee gives way or locks"
HEEL = "heel pain is worse the next morning and does not settle"
BALANCE = "you cannot keep your balance (stand near a counter and hold on)"


ANKLE_FOOT: tuple[Exercise, ...] = (
    exercise(
        "ankle-pumps",
        "Ankle pumps",
        "ankle and foot",
        "Keeps your ankle moving and helps swelling go down.",
        [
            "Lie or sit with your leg straight. Rest your heel on a pillow if it is swollen.",
            "Pull your toes up toward you.",
            "Then point them away from you.",
            "Keep a steady rhythm.",
        ],
        [SHARP, JOINT_SHARP, "your calf is hot, red or swollen (call your doctor)"],
        (1, 20, 0, 3, 7, "both"),
        tags=("ankle_foot",),
        equipment=("pillow",),
        pose=pose(
            long_sit(foot_right=60.0, foot_left=60.0),
            props=_LYING,
            arrows=(Arrow((66.0, 28.0), (71.0, 20.0), -0.5),),
        ),
    ),
    exercise(
        "ankle-alphabet",
        "Ankle alphabet",
        "ankle and foot",
        "Moves your ankle in every direction after a sprain.",
        [
            "Sit with your leg supported and your foot free.",
            "Pretend your big toe is a pen.",
            "Write the letters A to Z in the air with your toe.",
            "Move only at the ankle, not the knee.",
        ],
        [SHARP, JOINT_SHARP, SWELLING],
        (1, 1, 0, 3, 7, "both"),
        tags=("ankle_foot",),
        equipment=("chair",),
        pose=pose(
            sit(leg_right=(0.0, -30.0), foot_right=40.0),
            props=_SEATED,
            arrows=(Arrow((66.0, 18.0), (74.0, 18.0), 0.7),),
        ),
    ),
    exercise(
        "calf-stretch-wall",
        "Calf stretch at the wall",
        "ankle and foot",
        "Stretches the large calf muscle.",
        [
            "Stand facing a wall with your hands on it.",
            "Step one foot back. Keep that knee straight and the heel down.",
            "Bend the front knee. Lean your hips toward the wall.",
            "Hold until you feel a stretch in the back calf. Switch legs.",
        ],
        [SHARP, HEEL, "you feel pain in the back of your knee"],
        (1, 3, 30, 2, 7, "both"),
        tags=("ankle_foot",),
        equipment=("wall",),
        pose=pose(
            stand(
                hip_x=44.0,
                hip_y=29.0,
                trunk=75.0,
                neck=75.0,
                arm_left=Reach((65.0, 46.0), bend=-1),
                arm_right=Reach((65.0, 45.0), bend=-1),
                leg_left=Reach((54.0, 2.8), bend=1),
                leg_right=(-114.0, -114.0),
                foot_right=0.0,
            ),
            props=(FLOOR_STAND, wall(66.0)),
            arrows=(Arrow((40.0, 40.0), (52.0, 40.0)),),
        ),
    ),
    exercise(
        "soleus-stretch-wall",
        "Lower calf stretch at the wall",
        "ankle and foot",
        "Stretches the deep calf muscle near the heel.",
        [
            "Stand facing a wall with your hands on it.",
            "Step one foot back a short way.",
            "Bend both knees. Keep both heels down.",
            "Hold until you feel a stretch low in the back calf. Switch legs.",
        ],
        [SHARP, HEEL],
        (1, 3, 30, 2, 7, "both"),
        tags=("ankle_foot",),
        equipment=("wall",),
        pose=pose(
            stand(
                hip_x=47.0,
                hip_y=26.0,
                trunk=82.0,
                neck=82.0,
                arm_left=Reach((64.0, 44.0), bend=-1),
                arm_right=Reach((64.0, 43.0), bend=-1),
                leg_left=Reach((56.0, 2.8), bend=1),
                leg_right=Reach((40.0, 2.8), bend=1),
                foot_right=0.0,
            ),
            props=(FLOOR_STAND, wall(65.0)),
            arrows=(Arrow((36.0, 26.0), (36.0, 17.0)),),
        ),
    ),
    exercise(
        "heel-raise",
        "Heel raise",
        "ankle and foot",
        "Makes your calf muscles stronger for walking and stairs.",
        [
            "Stand tall. Hold a counter for balance.",
            "Rise up onto your toes as high as you can.",
            "Hold. Lower your heels slowly.",
            "When easy, do it on one leg.",
        ],
        [SHARP, HEEL, UNSTEADY],
        (3, 15, 1, 1, 4, "none"),
        tags=("ankle_foot",),
        equipment=("table",),
        pose=pose(
            stand(
                hip_y=35.0,
                foot_left=-40.0,
                foot_right=-40.0,
                arm_left=Reach((64.0, 30.5), bend=-1),
                arm_right=Reach((64.0, 30.0), bend=-1),
            ),
            stand(arm_left=Reach((64.0, 30.5), bend=-1), arm_right=Reach((64.0, 30.0), bend=-1)),
            props=(FLOOR_STAND, step(64.0, 88.0, 28.0)),
            arrows=(Arrow((36.0, 40.0), (36.0, 48.0)),),
        ),
    ),
    exercise(
        "heel-drop-step",
        "Heel drop off a step",
        "ankle and foot",
        "Loads the Achilles tendon and calf so they get stronger.",
        [
            "Stand on the edge of a step on the balls of your feet. Hold a rail.",
            "Rise up on both feet.",
            "Take one foot off. Slowly lower the other heel below the step.",
            "Use both feet to come back up.",
        ],
        [SHARP, HEEL, UNSTEADY],
        (3, 15, 0, 1, 7, "both"),
        tags=("ankle_foot",),
        equipment=("step",),
        pose=pose(
            # Facing the stairs: the balls of the feet on the edge, the heels lowered past it.
            stand(hip_x=44.0, hip_y=39.8, foot_left=30.0, foot_right=30.0, arm_left=(-20.0, -30.0)),
            props=(FLOOR_STAND, step(48.0, 80.0, 10.0)),
            arrows=(Arrow((38.0, 22.0), (38.0, 12.0)),),
        ),
    ),
    exercise(
        "towel-scrunch",
        "Towel scrunch",
        "ankle and foot",
        "Makes the small muscles under your foot stronger.",
        [
            "Sit with your bare foot on a towel on the floor.",
            "Keep your heel down. Curl your toes to pull the towel toward you.",
            "Spread the towel out and repeat.",
        ],
        [SHARP, HEEL, "your foot cramps (rest and stretch it)"],
        (2, 10, 0, 1, 7, "both"),
        tags=("ankle_foot",),
        equipment=("towel", "chair"),
        pose=pose(
            sit(),
            props=(*_SEATED, Prop("mat", ((50.0, SIT_FLOOR), (78.0, SIT_FLOOR + 1.2)))),
            arrows=(Arrow((76.0, 11.0), (64.0, 11.0)),),
        ),
    ),
    exercise(
        "plantar-fascia-stretch",
        "Toe pull stretch",
        "ankle and foot",
        "Stretches the band under your foot that causes heel pain.",
        [
            "Sit and cross one foot over the other knee.",
            "Hold your toes and pull them back toward your shin.",
            "You should feel a stretch under your foot.",
            "Hold. Do this before your first steps in the morning.",
        ],
        [SHARP, HEEL],
        (1, 3, 30, 3, 7, "both"),
        tags=("ankle_foot",),
        equipment=("chair",),
        pose=pose(
            sit(
                leg_right=Reach((56.0, 24.0), bend=1), foot_right=60.0, arm_right=Reach((58.0, 28.0), bend=-1)
            ),
            props=_SEATED,
            arrows=(Arrow((66.0, 26.0), (62.0, 34.0), 0.3),),
        ),
    ),
    exercise(
        "band-plantarflexion",
        "Band push down",
        "ankle and foot",
        "Makes your calf stronger against a band.",
        [
            "Sit on the floor with your leg straight.",
            "Loop a band around the ball of your foot. Hold the ends.",
            "Push your foot down, like pressing a gas pedal.",
            "Let it come back slowly.",
        ],
        [SHARP, JOINT_SHARP, "the band is fraying (replace it)"],
        (2, 15, 0, 1, 5, "both"),
        tags=("ankle_foot",),
        equipment=("band",),
        pose=pose(
            long_sit(
                foot_right=-20.0,
                arm_left=Reach((40.0, 28.0), bend=-1),
                arm_right=Reach((41.0, 28.0), bend=-1),
            ),
            long_sit(
                foot_right=80.0, arm_left=Reach((40.0, 28.0), bend=-1), arm_right=Reach((41.0, 28.0), bend=-1)
            ),
            props=(*_LYING, Prop("strap", ("hand_right", "foot_right"))),
            arrows=(Arrow((68.0, 24.0), (70.0, 14.0), -0.5),),
        ),
    ),
    exercise(
        "band-dorsiflexion",
        "Band pull up",
        "ankle and foot",
        "Makes the muscles at the front of your shin stronger.",
        [
            "Sit on the floor with your leg straight.",
            "Tie a band to a table leg. Loop it over the top of your foot.",
            "Pull your toes up toward you against the band.",
            "Let them go back slowly.",
        ],
        [SHARP, JOINT_SHARP, "the band is fraying (replace it)"],
        (2, 15, 0, 1, 5, "both"),
        tags=("ankle_foot",),
        equipment=("band",),
        pose=pose(
            long_sit(foot_right=95.0),
            long_sit(foot_right=20.0),
            props=(*_LYING, wall(90.0), Prop("strap", ("foot_right", (90.0, 16.0)))),
            arrows=(Arrow((70.0, 14.0), (66.0, 24.0), 0.5),),
        ),
    ),
    exercise(
        "band-eversion",
        "Band turn out at the ankle",
        "ankle and foot",
        "Makes the muscles on the outside of your ankle stronger after a sprain.",
        [
            "Sit with your leg straight. Loop a band around the outside of your foot.",
            "Hold the band so it pulls your foot inward.",
            "Turn the sole of your foot outward against the band. Keep the knee still.",
            "Let it come back slowly.",
        ],
        [SHARP, JOINT_SHARP, SWELLING],
        (2, 15, 0, 1, 5, "both"),
        tags=("ankle_foot",),
        equipment=("band",),
        pose=pose(
            long_sit(),
            props=(*_LYING, Prop("strap", ("hand_right", "foot_right"))),
            arrows=(Arrow((64.0, 26.0), (72.0, 26.0), 0.6),),
        ),
    ),
    exercise(
        "band-inversion",
        "Band turn in at the ankle",
        "ankle and foot",
        "Makes the muscles on the inside of your ankle stronger.",
        [
            "Sit with your leg straight. Loop a band around the inside of your foot.",
            "Anchor it to the outside.",
            "Turn the sole of your foot inward against the band. Keep the knee still.",
            "Let it come back slowly.",
        ],
        [SHARP, JOINT_SHARP, SWELLING],
        (2, 15, 0, 1, 5, "both"),
        tags=("ankle_foot",),
        equipment=("band",),
        pose=pose(
            long_sit(),
            props=(*_LYING, Prop("strap", ("hand_right", "foot_right"))),
            arrows=(Arrow((72.0, 26.0), (64.0, 26.0), -0.6),),
        ),
    ),
    exercise(
        "single-leg-balance",
        "Stand on one leg",
        "ankle and foot",
        "Retrains balance and the ankle's sense of position after a sprain.",
        [
            "Stand next to a counter. Lift one foot off the floor.",
            "Balance on the other leg. Touch the counter only if you need to.",
            "When easy, close your eyes or stand on a pillow.",
        ],
        [SHARP, BALANCE],
        (1, 3, 30, 2, 7, "both"),
        tags=("ankle_foot", "knee", "hip"),
        pose=pose(
            stand(leg_left=(-45.0, -120.0), arm_left=(-60.0, -30.0), arm_right=(-120.0, -150.0)),
            props=(FLOOR_STAND,),
        ),
    ),
    exercise(
        "tandem-stance",
        "Heel to toe stand",
        "ankle and foot",
        "Trains balance with a narrow base.",
        [
            "Stand next to a counter.",
            "Put one foot right in front of the other, heel touching toes.",
            "Balance there. Touch the counter only if you need to.",
            "Switch which foot is in front.",
        ],
        [SHARP, BALANCE],
        (1, 3, 30, 2, 7, "none"),
        tags=("ankle_foot",),
        pose=pose(
            stand(
                leg_left=(-83.0, -83.0),
                leg_right=(-97.0, -97.0),
                arm_left=(-45.0, -30.0),
                arm_right=(-135.0, -150.0),
            ),
            props=(FLOOR_STAND,),
        ),
    ),
    exercise(
        "big-toe-lift",
        "Big toe lift",
        "ankle and foot",
        "Trains the foot muscles that hold up your arch.",
        [
            "Sit with your feet flat on the floor.",
            "Lift only your big toe. Keep the other toes down.",
            "Then press the big toe down and lift the other toes.",
            "Go slowly. It gets easier with practice.",
        ],
        [SHARP, "your foot cramps (rest and stretch it)"],
        (2, 10, 2, 1, 7, "both"),
        tags=("ankle_foot",),
        equipment=("chair",),
        pose=pose(
            sit(foot_right=12.0),
            props=_SEATED,
            arrows=(Arrow((62.0, 9.0), (62.0, 16.0)),),
        ),
    ),
)

EXERCISES: tuple[Exercise, ...] = ANKLE_FOOT
