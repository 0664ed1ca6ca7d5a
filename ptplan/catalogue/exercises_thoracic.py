"""Mid-back (thoracic) exercises: extension, rotation, shoulder-blade strength, posture.

Plain steps and "Stop if …" cautions (see ``exercise_base``); poses from ``pose_kit``.
"""

from __future__ import annotations

from ptplan.catalogue.exercise_base import CHEST, DIZZY, LEG_WORSE, SHARP, Exercise, exercise
from ptplan.catalogue.pose_kit import (
    ARM_FORWARD,
    ARM_UP,
    FLOOR_LIE,
    FLOOR_STAND,
    LYING,
    LYING_SCENE,
    MAT_TOP,
    SEATED_SCENE,
    front,
    hooked_knees,
    pose,
    prone,
    quadruped,
    side_lying,
    sit,
    stand,
    supine,
    wall,
)
from ptplan.illustrations import Arrow, Prop
from ptplan.illustrations.kinematics import Reach

_HOOK = hooked_knees(70.0)


def _hands_behind_head(trunk: float) -> dict:
    """Arms folded up so the hands rest at the back of the head."""
    return dict(arm_left=(trunk + 62.0, trunk - 58.0), arm_right=(trunk + 60.0, trunk - 60.0))


def _arms_crossed() -> dict:
    return dict(arm_left=(-20.0, 175.0), arm_right=(-18.0, 178.0))


THORACIC: tuple[Exercise, ...] = (
    exercise(
        "thoracic-extension-chair",
        "Back bend over the chair",
        "mid back",
        "Straightens a stiff, rounded upper back.",
        [
            "Sit in a chair with a firm back that reaches your shoulder blades.",
            "Put your hands behind your head. Bring your elbows together.",
            "Gently lean back over the top of the chair.",
            "Look up a little. Hold for a breath. Then sit up tall.",
        ],
        [SHARP, CHEST, DIZZY],
        (1, 10, 3, 2, 7, "none"),
        tags=("thoracic",),
        equipment=("chair",),
        pose=pose(
            sit(trunk=108.0, neck=120.0, **_hands_behind_head(108.0)),
            sit(trunk=90.0, **_hands_behind_head(90.0)),
            props=SEATED_SCENE,
            move="head",
        ),
    ),
    exercise(
        "thoracic-rotation-sitting",
        "Sitting twist",
        "mid back",
        "Helps your upper back turn more easily.",
        [
            "Sit tall near the front of a chair. Feet flat.",
            "Cross your arms over your chest.",
            "Slowly turn your upper body to one side. Keep your hips still.",
            "Come back to the middle. Turn to the other side.",
        ],
        [SHARP, CHEST, LEG_WORSE],
        (1, 10, 2, 2, 7, "both"),
        tags=("thoracic", "lumbar"),
        equipment=("chair",),
        pose=pose(
            sit(**_arms_crossed()), props=SEATED_SCENE, arrows=(Arrow((26.0, 52.0), (50.0, 52.0), 0.35),)
        ),
    ),
    exercise(
        "open-book",
        "Open book",
        "mid back",
        "Turns and opens your upper back and chest.",
        [
            "Lie on your side with your knees bent in front of you.",
            "Put both arms straight out in front, palms together.",
            "Lift the top arm up and over to the other side, like opening a book.",
            "Turn your head to follow your hand. Keep your knees together.",
            "Slowly bring the arm back.",
        ],
        [SHARP, CHEST, "your shoulder pinches (make the move smaller)"],
        (1, 10, 3, 2, 7, "both"),
        tags=("thoracic", "shoulder"),
        pose=pose(
            side_lying(arm_top=(80.0, 80.0)),
            side_lying(arm_top=(-80.0, -80.0)),
            props=(MAT_TOP,),
            arrows=(Arrow((40.0, 20.0), (40.0, 62.0), 0.45),),
        ),
    ),
    exercise(
        "thread-the-needle",
        "Thread the needle",
        "mid back",
        "Loosens your upper back and the back of your shoulder.",
        [
            "Get on your hands and knees.",
            "Lift one hand and reach it up toward the ceiling. Follow it with your eyes.",
            "Then slide that hand under your body toward the other side.",
            "Let your shoulder drop toward the floor. Move slowly.",
        ],
        [SHARP, CHEST, "your wrists or knees hurt (put a pillow under your knees)"],
        (1, 8, 3, 2, 7, "both"),
        tags=("thoracic", "shoulder"),
        pose=pose(
            quadruped(arm_right=Reach((52.0, 13.0), bend=1), neck=-60.0),
            quadruped(arm_right=ARM_UP, neck=40.0),
            props=(FLOOR_LIE,),
            move="hand_right",
        ),
    ),
    exercise(
        "towel-roll-extension",
        "Lying on a rolled towel",
        "mid back",
        "Lets your upper back straighten while you relax.",
        [
            "Roll a bath towel tightly. Lay it across the floor.",
            "Lie on your back with the towel under your shoulder blades.",
            "Bend your knees. Support your head with your hands if needed.",
            "Let your arms rest up beside your head. Breathe slowly and relax.",
        ],
        [SHARP, CHEST, "your arms tingle (lower your arms)"],
        (1, 1, 120, 1, 7, "none"),
        tags=("thoracic",),
        equipment=("towel",),
        pose=pose(
            supine(
                hip_x=58.0,
                hip_y=LYING,
                neck=175.0,
                arm_left=(170.0, 178.0),
                arm_right=(168.0, 176.0),
                **_HOOK,
            ),
            props=(*LYING_SCENE, Prop("step", ((38.0, LYING - 3.0), (44.0, LYING + 1.0)))),
        ),
    ),
    exercise(
        "prone-y-raise",
        "Arms up in a Y, lying on your stomach",
        "mid back",
        "Makes the lower shoulder-blade muscles stronger for good posture.",
        [
            "Lie on your stomach. Put a small pillow under your forehead.",
            "Stretch your arms up past your head in a Y shape, thumbs up.",
            "Squeeze your shoulder blades down. Lift both arms a little off the floor.",
            "Hold. Then lower slowly.",
        ],
        [SHARP, "your neck hurts (keep looking at the floor)", "your shoulder pinches"],
        (2, 8, 3, 1, 4, "none"),
        tags=("thoracic", "shoulder"),
        equipment=("pillow",),
        pose=pose(
            prone(hip_x=44.0, arm_left=(14.0, 14.0), arm_right=(12.0, 12.0), neck=-5.0),
            prone(hip_x=44.0, arm_left=(-1.0, -1.0), arm_right=(-2.0, -2.0), neck=-5.0),
            props=LYING_SCENE,
            move="hand_right",
        ),
    ),
    exercise(
        "prone-t-raise",
        "Arms out in a T, lying on your stomach",
        "mid back",
        "Makes the muscles between your shoulder blades stronger.",
        [
            "Lie on your stomach with your forehead on a small pillow.",
            "Put your arms straight out to the sides, thumbs up.",
            "Squeeze your shoulder blades together. Lift both arms a little.",
            "Hold. Then lower slowly.",
        ],
        [SHARP, "your neck hurts (keep looking at the floor)", "your shoulder pinches"],
        (2, 8, 3, 1, 4, "none"),
        tags=("thoracic", "shoulder"),
        equipment=("pillow",),
        pose=pose(
            # The arms point out to the sides, toward the viewer: drawn short (foreshortened).
            prone(
                arm_left=(70.0, 70.0),
                arm_right=(68.0, 68.0),
                neck=-5.0,
                lengths={
                    "upper_arm_left": 5.0,
                    "forearm_left": 5.0,
                    "upper_arm_right": 5.0,
                    "forearm_right": 5.0,
                },
            ),
            props=LYING_SCENE,
            arrows=(Arrow((82.0, 22.0), (82.0, 32.0)),),
        ),
    ),
    exercise(
        "wall-angel",
        "Wall angel",
        "mid back",
        "Opens your chest and trains your shoulder blades to move well.",
        [
            "Stand with your back, head and bottom against a wall. Feet a little forward.",
            "Raise your arms to shoulder height with elbows bent, like a goal post.",
            "Keep your arms near the wall. Slowly slide them up.",
            "Then slide them back down. Move only as far as you keep contact.",
        ],
        [SHARP, "your shoulder pinches", "your lower back arches hard off the wall"],
        (2, 8, 0, 1, 7, "none"),
        tags=("thoracic", "shoulder"),
        equipment=("wall",),
        pose=pose(
            stand(arm_left=(100.0, 92.0), arm_right=(98.0, 90.0), neck=95.0),
            stand(arm_left=(175.0, 92.0), arm_right=(173.0, 90.0), neck=95.0),
            props=(FLOOR_STAND, wall(38.5)),
            move="hand_right",
        ),
    ),
    exercise(
        "doorway-pec-stretch",
        "Chest stretch in a doorway",
        "mid back",
        "Stretches tight chest muscles that pull your shoulders forward.",
        [
            "Stand in a doorway. Put your forearms on the door frame, elbows at shoulder height.",
            "Step one foot forward.",
            "Gently lean your body forward until you feel a stretch across your chest.",
            "Hold. Breathe slowly. Step back to relax.",
        ],
        [SHARP, "your arm tingles (lower your elbows)", "the front of your shoulder hurts"],
        (1, 3, 30, 2, 7, "none"),
        tags=("thoracic", "shoulder"),
        equipment=("wall",),
        pose=pose(
            stand(
                trunk=80.0,
                arm_left=(175.0, 88.0),
                arm_right=(178.0, 90.0),
                leg_left=(-70.0, -95.0),
                leg_right=(-100.0, -100.0),
            ),
            props=(FLOOR_STAND, Prop("wall", ((30.0, 2.0), (30.0, 70.0)))),
            arrows=(Arrow((56.0, 40.0), (66.0, 40.0)),),
        ),
    ),
    exercise(
        "quadruped-rotation",
        "Hands and knees reach and turn",
        "mid back",
        "Turns your upper back while your low back stays steady.",
        [
            "Get on your hands and knees. Put one hand behind your head.",
            "Turn that elbow down toward the other arm.",
            "Then turn it up toward the ceiling. Follow your elbow with your eyes.",
            "Move slowly. Keep your hips still.",
        ],
        [SHARP, CHEST, "your wrists or knees hurt"],
        (1, 10, 0, 2, 7, "both"),
        tags=("thoracic",),
        pose=pose(
            quadruped(arm_right=(130.0, -40.0), neck=30.0),
            quadruped(arm_right=(-150.0, 20.0), neck=-40.0),
            props=(FLOOR_LIE,),
            move="elbow_right",
        ),
    ),
    exercise(
        "band-row",
        "Band row",
        "mid back",
        "Makes the muscles of your upper back stronger.",
        [
            "Tie a band to a firm door handle at chest height. Stand facing it.",
            "Hold one end in each hand, arms straight in front.",
            "Pull your elbows back past your sides. Squeeze your shoulder blades.",
            "Slowly let your arms go forward again.",
        ],
        [SHARP, "your neck or shoulder hurts", "the band is fraying (replace it)"],
        (2, 12, 1, 1, 4, "none"),
        tags=("thoracic", "shoulder"),
        equipment=("band",),
        pose=pose(
            stand(arm_left=(-130.0, 0.0), arm_right=(-128.0, 2.0)),
            stand(arm_left=ARM_FORWARD, arm_right=(2.0, 2.0)),
            props=(
                FLOOR_STAND,
                Prop("wall", ((82.0, 2.0), (82.0, 70.0))),
                Prop("strap", ("hand_right", (82.0, 50.0))),
            ),
            move="hand_right",
        ),
    ),
    exercise(
        "standing-side-bend-reach",
        "Side reach",
        "mid back",
        "Stretches the sides of your trunk and between your ribs.",
        [
            "Stand tall with your feet apart.",
            "Reach one arm up over your head.",
            "Gently lean to the other side. Keep your hips still.",
            "Hold. Breathe into your side. Come back up and switch sides.",
        ],
        [SHARP, CHEST, DIZZY],
        (1, 3, 20, 2, 7, "both"),
        tags=("thoracic", "lumbar"),
        equipment=("none",),
        pose=pose(
            front(trunk=76.0, neck=66.0, arm_left=(100.0, 40.0)),
            front(arm_left=(95.0, 90.0)),
            props=(FLOOR_STAND,),
            move="hand_left",
        ),
    ),
)

EXERCISES: tuple[Exercise, ...] = THORACIC
