"""Shoulder exercises: mobility for a stiff shoulder, rotator-cuff and shoulder-blade strength.

Plain steps and "Stop if …" cautions (see ``exercise_base``); poses from ``pose_kit``.
"""

from __future__ import annotations

from ptplan.catalogue.exercise_base import ARM_WORSE, SHARP, Exercise, exercise
from ptplan.catalogue.pose_kit import (
    ARM_DOWN,
    ARM_FORWARD,
    ARM_UP,
    CHAIR,
    FLOOR_LIE,
    FLOOR_SIT,
    FLOOR_STAND,
    MAT,
    front,
    hook,
    pose,
    side_lying_front,
    sit,
    stand,
    supine,
    wall,
)
from ptplan.illustrations import Arrow, Prop
from ptplan.illustrations.kinematics import Reach

_SEATED = (CHAIR, FLOOR_SIT)
_LYING = (MAT, FLOOR_LIE)
_HOOK = dict(leg_left=hook(76.0), leg_right=hook(77.0))
TABLE = Prop("step", ((45.0, 5.5), (76.0, 30.0)))
_AT_TABLE = (TABLE, CHAIR, FLOOR_SIT)
# Sitting at a table with the forearm resting on it, hand just past the edge.
_FOREARM_ON_TABLE = Reach((56.0, 31.5), bend=-1)
SHOULDER_PINCH = "your shoulder pinches or aches for more than an hour afterwards"
NIGHT_PAIN = "your pain at night gets worse"
ELBOW = "the pain at your elbow is worse the next morning"

SHOULDER: tuple[Exercise, ...] = (
    exercise(
        "pendulum",
        "Pendulum swing",
        "shoulder",
        "Lets a sore or stiff shoulder move gently without using its muscles.",
        [
            "Lean forward and rest your good hand on a table.",
            "Let your sore arm hang straight down, relaxed.",
            "Gently rock your body so the arm swings in small circles.",
            "Let the arm move by itself. Circle one way, then the other.",
        ],
        [SHARP, ARM_WORSE, "you feel dizzy when you bend forward"],
        (1, 10, 0, 3, 7, "both"),
        tags=("shoulder",),
        equipment=("table",),
        pose=pose(
            stand(
                hip_x=32.0, trunk=35.0, neck=25.0, arm_left=Reach((64.0, 30.5), bend=1), arm_right=ARM_DOWN
            ),
            props=(FLOOR_STAND, Prop("step", ((60.0, 2.0), (84.0, 30.0)))),
            arrows=(Arrow((40.0, 16.0), (56.0, 16.0), -0.6),),
        ),
    ),
    exercise(
        "table-slide-flexion",
        "Table slide forward",
        "shoulder",
        "Helps a stiff shoulder lift forward with little effort.",
        [
            "Sit beside a table. Put your hand on a towel on the table.",
            "Slide the towel forward by leaning your body forward.",
            "Go until you feel a gentle stretch in your shoulder.",
            "Hold. Then slide back slowly.",
        ],
        [SHARP, SHOULDER_PINCH, NIGHT_PAIN],
        (1, 10, 5, 3, 7, "both"),
        tags=("shoulder",),
        equipment=("table", "towel", "chair"),
        pose=pose(
            sit(
                trunk=62.0,
                neck=50.0,
                arm_right=Reach((78.0, 31.0), bend=-1),
                arm_left=Reach((74.0, 31.0), bend=-1),
            ),
            sit(trunk=88.0, arm_right=Reach((52.0, 31.0), bend=-1), arm_left=Reach((50.0, 31.0), bend=-1)),
            props=_AT_TABLE,
            move="hand_right",
        ),
    ),
    exercise(
        "wall-walk-flexion",
        "Finger walk up the wall",
        "shoulder",
        "Slowly gains height when lifting your arm is hard.",
        [
            "Stand facing a wall, an arm's length away.",
            "Put your fingertips on the wall at chest height.",
            "Walk your fingers up the wall as high as is comfortable.",
            "Hold. Then walk them back down.",
        ],
        [SHARP, SHOULDER_PINCH, "you have to shrug or lean back to go higher"],
        (1, 10, 5, 2, 7, "both"),
        tags=("shoulder",),
        equipment=("wall",),
        pose=pose(
            stand(arm_right=Reach((62.0, 68.0), bend=1), arm_left=ARM_DOWN),
            stand(arm_right=Reach((62.0, 46.0), bend=-1), arm_left=ARM_DOWN),
            props=(FLOOR_STAND, wall(63.0)),
            move="hand_right",
        ),
    ),
    exercise(
        "supine-cane-flexion",
        "Stick lift, lying down",
        "shoulder",
        "Your good arm helps the sore arm lift over your head.",
        [
            "Lie on your back with your knees bent.",
            "Hold a stick or broom handle with both hands, shoulder-width apart.",
            "Use your good arm to lift both arms up and back over your head.",
            "Go as far as is comfortable. Hold. Then lower slowly.",
        ],
        [SHARP, SHOULDER_PINCH, NIGHT_PAIN],
        (1, 10, 5, 2, 7, "none"),
        tags=("shoulder",),
        equipment=("none",),
        pose=pose(
            supine(hip_x=60.0, arm_left=(160.0, 165.0), arm_right=(158.0, 163.0), **_HOOK),
            supine(hip_x=60.0, arm_left=ARM_UP, arm_right=(88.0, 88.0), **_HOOK),
            props=_LYING,
            move="hand_right",
        ),
    ),
    exercise(
        "cross-body-stretch",
        "Arm across the chest stretch",
        "shoulder",
        "Stretches the back of your shoulder.",
        [
            "Stand or sit tall.",
            "Bring one arm across your chest.",
            "With the other hand, gently pull the elbow toward your chest.",
            "Hold. Breathe slowly. Switch sides.",
        ],
        [SHARP, SHOULDER_PINCH, ARM_WORSE],
        (1, 3, 30, 2, 7, "both"),
        tags=("shoulder",),
        pose=pose(
            stand(arm_right=(-5.0, 175.0), arm_left=Reach((54.0, 50.5), bend=-1)),
            props=(FLOOR_STAND,),
            arrows=(Arrow((66.0, 56.0), (56.0, 58.0), 0.3),),
        ),
    ),
    exercise(
        "towel-internal-rotation-stretch",
        "Towel stretch behind the back",
        "shoulder",
        "Helps you reach behind your back, for dressing and washing.",
        [
            "Hold a towel over your shoulder with your good hand.",
            "Reach behind your back with the sore hand and hold the other end.",
            "Use the top hand to gently pull the towel up.",
            "Hold. Then slowly let the lower hand go down.",
        ],
        [SHARP, SHOULDER_PINCH, ARM_WORSE],
        (1, 5, 10, 2, 7, "both"),
        tags=("shoulder",),
        equipment=("towel",),
        pose=pose(
            stand(arm_right=(-105.0, 105.0), arm_left=(95.0, -95.0)),
            props=(FLOOR_STAND, Prop("strap", ("hand_left", "hand_right"))),
            arrows=(Arrow((30.0, 48.0), (30.0, 60.0)),),
        ),
    ),
    exercise(
        "band-external-rotation",
        "Band turn out",
        "shoulder",
        "Makes the rotator-cuff muscles at the back of your shoulder stronger.",
        [
            "Tie a band to a door handle at waist height. Stand side-on to it.",
            "Hold the band with the far hand. Keep that elbow bent and at your side.",
            "A rolled towel between elbow and side helps.",
            "Turn your forearm out, away from your belly. Then back slowly.",
        ],
        [SHARP, SHOULDER_PINCH, "the band is fraying (replace it)"],
        (2, 12, 1, 1, 4, "both"),
        tags=("shoulder",),
        equipment=("band", "towel"),
        pose=pose(
            front(arm_right=(-92.0, 0.0)),
            front(arm_right=(-92.0, 178.0)),
            props=(FLOOR_STAND, wall(12.0), Prop("strap", ("hand_right", (12.0, 35.0)))),
            move="hand_right",
        ),
    ),
    exercise(
        "band-internal-rotation",
        "Band turn in",
        "shoulder",
        "Makes the rotator-cuff muscles at the front of your shoulder stronger.",
        [
            "Tie a band to a door handle at waist height. Stand side-on to it.",
            "Hold the band with the near hand. Keep that elbow bent and at your side.",
            "Turn your forearm in, across your belly. Then back slowly.",
        ],
        [SHARP, SHOULDER_PINCH, "the band is fraying (replace it)"],
        (2, 12, 1, 1, 4, "both"),
        tags=("shoulder",),
        equipment=("band",),
        pose=pose(
            front(arm_right=(-92.0, 178.0)),
            front(arm_right=(-92.0, 0.0)),
            props=(FLOOR_STAND, wall(88.0), Prop("strap", ("hand_right", (88.0, 35.0)))),
            move="hand_right",
        ),
    ),
    exercise(
        "scaption-raise",
        "Arm raise, thumbs up",
        "shoulder",
        "Makes the muscles that lift your arm stronger.",
        [
            "Stand tall. Hold a light weight or a water bottle.",
            "Point your thumb up. Angle your arm a little forward of your side.",
            "Lift your arm to shoulder height. Do not shrug.",
            "Lower slowly.",
        ],
        [SHARP, SHOULDER_PINCH, "you have to lean back to lift"],
        (2, 10, 0, 1, 4, "both"),
        tags=("shoulder",),
        equipment=("weight",),
        pose=pose(
            stand(arm_right=ARM_FORWARD, arm_left=ARM_DOWN),
            stand(arm_right=(-88.0, -86.0), arm_left=ARM_DOWN),
            props=(FLOOR_STAND,),
            move="hand_right",
        ),
    ),
    exercise(
        "wall-push-up",
        "Wall push-up",
        "shoulder",
        "Makes your chest, arms and shoulder-blade muscles stronger.",
        [
            "Stand an arm's length from a wall. Put your hands on it at shoulder height.",
            "Keep your body straight. Bend your elbows to bring your chest to the wall.",
            "Push back out. At the end, push a little more to round your upper back.",
        ],
        [SHARP, SHOULDER_PINCH, "your wrists hurt"],
        (2, 10, 0, 1, 4, "none"),
        tags=("shoulder", "thoracic"),
        equipment=("wall",),
        pose=pose(
            stand(
                hip_x=36.0,
                trunk=70.0,
                neck=70.0,
                arm_left=Reach((64.0, 50.0), bend=-1),
                arm_right=Reach((64.0, 49.0), bend=-1),
            ),
            stand(
                hip_x=30.0,
                trunk=75.0,
                neck=75.0,
                arm_left=Reach((64.0, 50.0), bend=-1),
                arm_right=Reach((64.0, 49.0), bend=-1),
            ),
            props=(FLOOR_STAND, wall(65.0)),
            move="head",
        ),
    ),
    exercise(
        "supine-serratus-punch",
        "Punch to the ceiling",
        "shoulder",
        "Trains the muscle that holds your shoulder blade against your ribs.",
        [
            "Lie on your back. Hold your arm straight up toward the ceiling.",
            "Reach your fist higher, so your shoulder blade lifts off the floor.",
            "Keep your elbow straight. Lower the shoulder blade slowly.",
        ],
        [SHARP, SHOULDER_PINCH],
        (2, 12, 2, 1, 5, "both"),
        tags=("shoulder",),
        pose=pose(
            supine(arm_left=(90.0, 90.0), arm_right=(88.0, 88.0), **_HOOK),
            props=_LYING,
            arrows=(Arrow((34.0, 44.0), (34.0, 52.0)),),
        ),
    ),
    exercise(
        "band-shoulder-extension",
        "Band pull back",
        "shoulder",
        "Makes the muscles at the back of your shoulder and upper back stronger.",
        [
            "Tie a band to a door handle at chest height. Face it.",
            "Hold the band with straight arms in front of you.",
            "Pull your arms down and back to your sides. Squeeze your shoulder blades.",
            "Let them go forward again slowly.",
        ],
        [SHARP, SHOULDER_PINCH, "the band is fraying (replace it)"],
        (2, 12, 1, 1, 4, "none"),
        tags=("shoulder", "thoracic"),
        equipment=("band",),
        pose=pose(
            stand(arm_right=(-100.0, -100.0), arm_left=(-98.0, -98.0)),
            stand(arm_right=(-20.0, -20.0), arm_left=(-18.0, -18.0)),
            props=(FLOOR_STAND, wall(86.0), Prop("strap", ("hand_right", (86.0, 48.0)))),
            move="hand_right",
        ),
    ),
    exercise(
        "wall-walk-abduction",
        "Side finger walk up the wall",
        "shoulder",
        "Slowly gains height when lifting your arm out to the side is hard.",
        [
            "Stand side-on to a wall. Put your fingertips on it at waist height.",
            "Walk your fingers up the wall as high as is comfortable.",
            "Step closer as you go. Do not shrug.",
            "Walk your fingers back down.",
        ],
        [SHARP, SHOULDER_PINCH, NIGHT_PAIN],
        (1, 10, 5, 2, 7, "both"),
        tags=("shoulder",),
        equipment=("wall",),
        pose=pose(
            front(arm_right=Reach((62.0, 64.0), bend=-1)),
            front(arm_right=Reach((62.0, 40.0), bend=-1)),
            props=(FLOOR_STAND, wall(63.0)),
            move="hand_right",
        ),
    ),
    exercise(
        "hands-behind-head-stretch",
        "Elbows open, lying down",
        "shoulder",
        "Gently stretches a stiff shoulder to turn out.",
        [
            "Lie on your back with your knees bent.",
            "Lace your fingers behind your head. Point your elbows up.",
            "Slowly let your elbows fall out toward the bed.",
            "Hold. Breathe slowly. Bring them back up.",
        ],
        [SHARP, SHOULDER_PINCH, ARM_WORSE],
        (1, 5, 20, 2, 7, "none"),
        tags=("shoulder",),
        pose=pose(
            supine(arm_left=Reach((13.0, 19.0), bend=-1), arm_right=Reach((14.0, 19.5), bend=-1), **_HOOK),
            props=_LYING,
            arrows=(Arrow((22.0, 32.0), (26.0, 22.0), 0.3),),
        ),
    ),
    exercise(
        "isometric-shoulder-abduction",
        "Press out against the wall",
        "shoulder",
        "Makes shoulder muscles work without moving a painful joint.",
        [
            "Stand side-on to a wall. Bend your elbow. Put the back of your wrist on the wall.",
            "Gently press out into the wall, as if lifting your arm.",
            "Your arm does not move. Hold. Then relax.",
        ],
        [SHARP, SHOULDER_PINCH],
        (1, 5, 10, 2, 7, "both"),
        tags=("shoulder",),
        equipment=("wall", "towel"),
        pose=pose(
            front(arm_right=(-80.0, 0.0)),
            props=(FLOOR_STAND, wall(59.0)),
            arrows=(Arrow((50.0, 44.0), (58.0, 44.0)),),
        ),
    ),
    exercise(
        "sidelying-external-rotation",
        "Turn out with a weight, lying on your side",
        "shoulder",
        "Makes the rotator cuff stronger with gravity as the load.",
        [
            "Lie on your good side. Put a rolled towel between your top elbow and your side.",
            "Bend the top elbow. Rest the forearm on your belly, holding a light weight.",
            "Turn the forearm up toward the ceiling. Keep the elbow at your side.",
            "Lower slowly.",
        ],
        [SHARP, SHOULDER_PINCH],
        (2, 12, 0, 1, 4, "both"),
        tags=("shoulder",),
        equipment=("weight", "towel"),
        pose=pose(
            side_lying_front(arm_top=(-2.0, 80.0)),
            props=_LYING,
            arrows=(Arrow((52.0, 20.0), (48.0, 30.0), 0.3),),
        ),
    ),
)

EXERCISES: tuple[Exercise, ...] = SHOULDER
