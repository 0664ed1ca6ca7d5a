"""Elbow, wrist and hand exercises: tendon loading at the elbow, wrist and finger mobility, grip.

Plain steps and "Stop if …" cautions (see ``exercise_base``); poses from ``pose_kit``.
"""

from __future__ import annotations

from ptplan.catalogue.exercise_base import ARM_WORSE, JOINT_SHARP, SHARP, Exercise, exercise
from ptplan.catalogue.pose_kit import (
    ARM_DOWN,
    ARM_FORWARD,
    CHAIR,
    FLOOR_LIE,
    FLOOR_SIT,
    FLOOR_STAND,
    MAT,
    hook,
    pose,
    sit,
    stand,
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

ELBOW_WRIST_HAND: tuple[Exercise, ...] = (
    exercise(
        "wrist-extensor-stretch",
        "Back of forearm stretch",
        "elbow, wrist and hand",
        "Stretches the forearm muscles that get sore in tennis elbow.",
        [
            "Hold one arm straight out in front, palm down.",
            "With the other hand, gently bend that wrist down.",
            "Stop when you feel a stretch on the top of your forearm.",
            "Hold. Breathe slowly. Switch sides if needed.",
        ],
        [SHARP, ARM_WORSE, ELBOW],
        (1, 3, 30, 3, 7, "both"),
        tags=("elbow_wrist_hand",),
        pose=pose(
            stand(arm_right=ARM_FORWARD, arm_left=Reach((66.0, 50.0), bend=-1)),
            props=(FLOOR_STAND,),
            arrows=(Arrow((72.0, 58.0), (72.0, 47.0), -0.3),),
        ),
    ),
    exercise(
        "wrist-flexor-stretch",
        "Front of forearm stretch",
        "elbow, wrist and hand",
        "Stretches the forearm muscles that bend your wrist and fingers.",
        [
            "Hold one arm straight out in front, palm up.",
            "With the other hand, gently bend that wrist and fingers down.",
            "Stop when you feel a stretch on the inside of your forearm.",
            "Hold. Breathe slowly.",
        ],
        [SHARP, ARM_WORSE, "your fingers tingle"],
        (1, 3, 30, 3, 7, "both"),
        tags=("elbow_wrist_hand",),
        pose=pose(
            stand(arm_right=ARM_FORWARD, arm_left=Reach((66.0, 51.0), bend=-1)),
            props=(FLOOR_STAND,),
            arrows=(Arrow((72.0, 45.0), (72.0, 56.0), 0.3),),
        ),
    ),
    exercise(
        "eccentric-wrist-extension",
        "Slow wrist lowering with a weight",
        "elbow, wrist and hand",
        "Loads the tendon of tennis elbow so it can heal and get stronger.",
        [
            "Sit at a table. Rest your forearm on it, palm down, hand past the edge.",
            "Hold a light weight. Use your other hand to lift the wrist up.",
            "Now slowly lower the weight by yourself. Count to 3.",
            "Mild pain is OK if it settles by the next morning.",
        ],
        [SHARP, ELBOW, ARM_WORSE],
        (3, 15, 0, 1, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("weight", "table", "chair"),
        pose=pose(
            sit(arm_right=_FOREARM_ON_TABLE, arm_left=Reach((55.0, 34.0), bend=-1)),
            props=_AT_TABLE,
            arrows=(Arrow((62.0, 40.0), (62.0, 30.0), -0.3),),
        ),
    ),
    exercise(
        "wrist-flexion-curl",
        "Wrist curl",
        "elbow, wrist and hand",
        "Makes the muscles that bend your wrist and grip stronger.",
        [
            "Sit at a table. Rest your forearm on it, palm up, hand past the edge.",
            "Hold a light weight.",
            "Curl your wrist up. Then lower it slowly.",
        ],
        [SHARP, ELBOW, "your fingers tingle"],
        (2, 15, 0, 1, 4, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("weight", "table", "chair"),
        pose=pose(
            sit(arm_right=_FOREARM_ON_TABLE, arm_left=(-70.0, -10.0)),
            props=_AT_TABLE,
            arrows=(Arrow((62.0, 31.0), (62.0, 41.0), 0.3),),
        ),
    ),
    exercise(
        "forearm-rotation-hammer",
        "Forearm turn with a hammer",
        "elbow, wrist and hand",
        "Makes the muscles that turn your forearm stronger.",
        [
            "Sit at a table with your forearm resting on it, thumb up.",
            "Hold a light hammer or a can by one end.",
            "Slowly turn your palm down, then back up and over to palm up.",
            "Move slowly. Hold the handle closer to the head to make it easier.",
        ],
        [SHARP, ELBOW, JOINT_SHARP],
        (2, 10, 0, 1, 4, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("weight", "table", "chair"),
        pose=pose(
            sit(arm_right=_FOREARM_ON_TABLE, arm_left=(-70.0, -10.0)),
            props=_AT_TABLE,
            arrows=(Arrow((52.0, 40.0), (64.0, 40.0), 0.5),),
        ),
    ),
    exercise(
        "grip-squeeze",
        "Ball squeeze",
        "elbow, wrist and hand",
        "Makes your grip stronger for daily tasks.",
        [
            "Sit with your forearm resting on a table.",
            "Hold a soft ball or a rolled sock.",
            "Squeeze it firmly. Hold. Then relax your hand fully.",
        ],
        [SHARP, ELBOW, "your fingers go numb"],
        (2, 10, 3, 2, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("ball", "table", "chair"),
        pose=pose(sit(arm_right=_FOREARM_ON_TABLE, arm_left=(-70.0, -10.0)), props=_AT_TABLE),
    ),
    exercise(
        "tendon-glides",
        "Finger tendon glides",
        "elbow, wrist and hand",
        "Helps the finger tendons slide smoothly, for stiff hands and after wrist problems.",
        [
            "Rest your elbow on a table with your hand up, fingers straight.",
            "Bend your fingers into a hook. Then make a full fist.",
            "Straighten them. Then bend only at the knuckles, fingers straight.",
            "Move slowly through each shape.",
        ],
        [SHARP, "your fingers tingle or go numb", JOINT_SHARP],
        (1, 5, 3, 3, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("table", "chair"),
        pose=pose(
            sit(arm_right=(-40.0, 80.0), arm_left=(-70.0, -10.0)),
            props=_AT_TABLE,
            arrows=(Arrow((60.0, 52.0), (66.0, 44.0), -0.4),),
        ),
    ),
    exercise(
        "biceps-curl",
        "Elbow bend with a weight",
        "elbow, wrist and hand",
        "Makes the muscles that bend your elbow stronger.",
        [
            "Stand tall with your arm by your side. Hold a light weight, palm forward.",
            "Bend your elbow to bring the weight up.",
            "Keep your elbow by your side. Lower slowly.",
        ],
        [SHARP, ELBOW, JOINT_SHARP],
        (2, 10, 0, 1, 4, "both"),
        tags=("elbow_wrist_hand", "shoulder"),
        equipment=("weight",),
        pose=pose(
            stand(arm_right=(-92.0, 70.0), arm_left=ARM_DOWN),
            stand(arm_right=(-92.0, -88.0), arm_left=ARM_DOWN),
            props=(FLOOR_STAND,),
            move="hand_right",
        ),
    ),
    exercise(
        "elbow-extension-range",
        "Elbow straightening stretch",
        "elbow, wrist and hand",
        "Gains back the last bit of straightening in a stiff elbow.",
        [
            "Sit at a table with the back of your upper arm on a folded towel.",
            "Let your forearm rest, palm up.",
            "Let gravity slowly straighten the elbow. Relax your arm.",
            "Hold. Then bend and rest.",
        ],
        [SHARP, JOINT_SHARP, "your fingers tingle"],
        (1, 3, 60, 3, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("towel", "table", "chair"),
        pose=pose(
            sit(trunk=75.0, arm_right=Reach((58.0, 31.0), bend=1), arm_left=(-70.0, -10.0)),
            props=_AT_TABLE,
        ),
    ),
    exercise(
        "wrist-range-of-motion",
        "Wrist bends",
        "elbow, wrist and hand",
        "Keeps a stiff wrist moving in every direction.",
        [
            "Rest your forearm on a table with your hand past the edge.",
            "Bend your wrist up. Then bend it down.",
            "Turn your hand thumb up. Move it side to side.",
            "Move slowly through a comfortable range.",
        ],
        [SHARP, JOINT_SHARP, "your fingers tingle"],
        (1, 10, 0, 3, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("table", "chair"),
        pose=pose(
            sit(arm_right=_FOREARM_ON_TABLE, arm_left=(-70.0, -10.0)),
            props=_AT_TABLE,
            arrows=(Arrow((62.0, 40.0), (62.0, 28.0), -0.5),),
        ),
    ),
    exercise(
        "isometric-wrist-extension",
        "Wrist press with no movement",
        "elbow, wrist and hand",
        "Eases tennis-elbow pain and starts to load the tendon.",
        [
            "Rest your forearm on a table, palm down.",
            "Put your other hand on the back of that hand.",
            "Push the hand up into the other hand. Nothing moves.",
            "Hold. Use a medium effort that is only a little sore. Relax.",
        ],
        [SHARP, ELBOW],
        (1, 5, 30, 2, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("table", "chair"),
        pose=pose(
            sit(arm_right=_FOREARM_ON_TABLE, arm_left=Reach((55.0, 34.5), bend=-1)),
            props=_AT_TABLE,
            arrows=(Arrow((62.0, 44.0), (62.0, 36.0)),),
        ),
    ),
    exercise(
        "towel-wring",
        "Towel wring",
        "elbow, wrist and hand",
        "Makes your grip and forearm stronger in a twisting task.",
        [
            "Hold a rolled towel in front of you with both hands.",
            "Twist it as if wringing out water. Hands turn in opposite directions.",
            "Hold. Then twist the other way.",
        ],
        [SHARP, ELBOW, JOINT_SHARP],
        (2, 5, 5, 1, 5, "none"),
        tags=("elbow_wrist_hand",),
        equipment=("towel",),
        pose=pose(
            stand(arm_right=(-40.0, 10.0), arm_left=(-42.0, 12.0)),
            props=(FLOOR_STAND,),
            arrows=(Arrow((62.0, 48.0), (62.0, 36.0), 0.6),),
        ),
    ),
    exercise(
        "prayer-stretch",
        "Palms together stretch",
        "elbow, wrist and hand",
        "Stretches the front of your wrists and forearms.",
        [
            "Put your palms together in front of your chest.",
            "Slowly lower your hands toward your waist. Keep the palms together.",
            "Stop when you feel a stretch in your wrists and forearms.",
            "Hold. Breathe slowly.",
        ],
        [SHARP, "your fingers tingle or go numb", JOINT_SHARP],
        (1, 3, 20, 3, 7, "none"),
        tags=("elbow_wrist_hand",),
        pose=pose(
            stand(arm_right=(-60.0, 70.0), arm_left=(-62.0, 72.0)),
            props=(FLOOR_STAND,),
            arrows=(Arrow((62.0, 50.0), (62.0, 40.0)),),
        ),
    ),
    exercise(
        "thumb-opposition",
        "Thumb to fingertips",
        "elbow, wrist and hand",
        "Keeps the thumb and fingers moving well for fine tasks.",
        [
            "Rest your elbow on a table with your hand up.",
            "Touch your thumb to the tip of each finger in turn, making an O.",
            "Open your hand fully between each touch.",
        ],
        [SHARP, JOINT_SHARP, "your fingers tingle or go numb"],
        (1, 5, 0, 3, 7, "both"),
        tags=("elbow_wrist_hand",),
        equipment=("table", "chair"),
        pose=pose(sit(arm_right=(-40.0, 80.0), arm_left=(-70.0, -10.0)), props=_AT_TABLE),
    ),
)

EXERCISES: tuple[Exercise, ...] = ELBOW_WRIST_HAND
