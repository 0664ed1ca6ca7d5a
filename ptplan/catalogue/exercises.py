"""Seed library of home exercises: the lumbopelvic originals here, every other region in
its own module (``exercises_<region>.py``); ``EXERCISES`` is all of them.

Text rules are in ``exercise_base``: plain steps, "Stop if …" cautions, default dosage.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ptplan.catalogue.exercise_base import DIZZY, LEG_WORSE, REGIONS, SHARP, SIDES, Dosage, Exercise
from ptplan.catalogue.exercises_arm import EXERCISES as ARM
from ptplan.catalogue.exercises_back import EXERCISES as BACK
from ptplan.catalogue.exercises_leg import EXERCISES as LEG
from ptplan.catalogue.exercises_neck import EXERCISES as NECK
from ptplan.catalogue.poses import POSES

__all__ = ["EXERCISES", "EXERCISES_BY_SLUG", "REGIONS", "SIDES", "Dosage", "Exercise"]

# Body-region and equipment tags of the lumbopelvic originals, by slug.
_TAGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "piriformis-stretch-supine": (("hip", "lumbar"), ("none",)),
    "piriformis-stretch-seated": (("hip", "lumbar"), ("chair",)),
    "knee-to-chest-single": (("lumbar", "hip"), ("none",)),
    "knee-to-chest-double": (("lumbar",), ("none",)),
    "hamstring-stretch-strap": (("hip", "knee", "lumbar"), ("strap",)),
    "sciatic-nerve-glide-seated": (("lumbar", "hip"), ("chair",)),
    "cat-camel": (("lumbar", "thoracic"), ("none",)),
    "prone-press-up": (("lumbar",), ("none",)),
    "prone-on-elbows": (("lumbar",), ("none",)),
    "childs-pose": (("lumbar", "thoracic"), ("none",)),
    "glute-bridge": (("hip", "lumbar"), ("none",)),
    "bird-dog": (("lumbar",), ("none",)),
    "pelvic-tilt": (("lumbar",), ("none",)),
    "lower-trunk-rotation": (("lumbar",), ("none",)),
    "dead-bug": (("lumbar",), ("none",)),
    "hip-flexor-stretch-half-kneeling": (("hip", "lumbar"), ("towel",)),
    "hamstring-stretch-standing": (("hip", "knee"), ("step",)),
}


def _ex(slug: str, name: str, region: str, purpose: str, steps, cautions, dosage) -> Exercise:  # type: ignore[no-untyped-def]
    tags, equipment = _TAGS[slug]
    return Exercise(
        slug,
        name,
        region,
        purpose,
        tuple(steps),
        tuple(cautions),
        Dosage(*dosage),
        POSES[slug],
        tags,
        equipment,
    )


# Dosage tuples: (sets, reps, hold_seconds, times_per_day, days_per_week, side)
_EXERCISES = (
    _ex(
        "piriformis-stretch-supine",
        "Piriformis stretch, lying down",
        "hip and buttock",
        "Loosens a deep buttock muscle that can press on the sciatic nerve.",
        [
            "Lie on your back on the floor or a firm bed.",
            "Bend both knees. Keep your feet flat.",
            "Cross one ankle over the other knee. Your legs make the shape of a 4.",
            "Hold the back of the thigh of the leg with the foot on the floor.",
            "Gently pull that thigh toward your chest.",
            "You should feel a stretch deep in the buttock of the crossed leg.",
            "Hold. Breathe slowly. Then relax and switch sides.",
        ],
        [SHARP, LEG_WORSE, "you feel pain in the front of your hip or in your knee"],
        (1, 3, 30, 2, 7, "both"),
    ),
    _ex(
        "piriformis-stretch-seated",
        "Piriformis stretch, sitting",
        "hip and buttock",
        "Stretches the deep buttock muscle when you cannot get down on the floor.",
        [
            "Sit near the front of a sturdy chair. Put both feet flat on the floor.",
            "Cross one ankle over the other knee.",
            "Sit up tall. Keep your back straight.",
            "Slowly lean your chest forward until you feel a stretch in your buttock.",
            "Hold. Breathe slowly.",
            "Sit back up. Switch sides.",
        ],
        [SHARP, LEG_WORSE, "you feel pain in your knee"],
        (1, 3, 30, 2, 7, "both"),
    ),
    _ex(
        "knee-to-chest-single",
        "Knee to chest, one leg",
        "lower back",
        "Gently stretches your lower back and buttock.",
        [
            "Lie on your back. Bend both knees. Keep your feet flat.",
            "Hold one knee with both hands.",
            "Slowly pull that knee toward your chest.",
            "Keep the other foot on the floor, or let that leg lie flat.",
            "Hold. Breathe slowly.",
            "Lower the leg slowly. Switch sides.",
        ],
        [SHARP, LEG_WORSE],
        (1, 3, 30, 2, 7, "both"),
    ),
    _ex(
        "knee-to-chest-double",
        "Knee to chest, both legs",
        "lower back",
        "Rounds and relaxes your lower back.",
        [
            "Lie on your back. Bend both knees. Keep your feet flat.",
            "Lift one knee, then the other, toward your chest.",
            "Hold behind both knees with your hands.",
            "Gently pull both knees closer to your chest.",
            "Hold. Breathe slowly.",
            "Lower one foot at a time back to the floor.",
        ],
        [SHARP, LEG_WORSE, "your back pain gets much worse while you hold"],
        (1, 5, 20, 2, 7, "none"),
    ),
    _ex(
        "hamstring-stretch-strap",
        "Hamstring stretch with a strap",
        "back of thigh",
        "Loosens the muscles at the back of your thigh, so your back moves more easily.",
        [
            "Lie on your back with both legs straight.",
            "Loop a strap, belt or towel around the sole of one foot.",
            "Hold the ends of the strap with both hands.",
            "Keep that knee straight. Slowly raise the leg using the strap.",
            "Stop when you feel a gentle pull behind your thigh.",
            "Hold. Breathe slowly.",
            "Lower the leg slowly. Switch sides.",
        ],
        [SHARP, LEG_WORSE, "you feel pain behind your knee"],
        (1, 3, 30, 2, 7, "both"),
    ),
    _ex(
        "sciatic-nerve-glide-seated",
        "Sciatic nerve glide, sitting",
        "sciatic nerve",
        "Helps the sciatic nerve slide freely, which can ease leg pain.",
        [
            "Sit tall in a chair. Put both feet flat on the floor.",
            "Bend your head forward and look down.",
            "Now do two things at the same time:",
            "Straighten one knee and pull your toes up toward you.",
            "Lift your head and look up at the ceiling.",
            "Then bend the knee back down and look down again.",
            "Move smoothly. Do not hold at the end.",
        ],
        [
            LEG_WORSE,
            "tingling in your leg lasts more than a minute after you stop",
            SHARP,
        ],
        (2, 10, 0, 2, 7, "both"),
    ),
    _ex(
        "cat-camel",
        "Cat and camel",
        "lower back",
        "Gently moves your whole back to ease stiffness.",
        [
            "Get on your hands and knees.",
            "Put your hands under your shoulders and your knees under your hips.",
            "Round your back up toward the ceiling. Let your head drop.",
            "Then slowly let your back sag down. Lift your head.",
            "Move slowly between the two positions.",
            "Stay in a range that feels comfortable.",
        ],
        [SHARP, LEG_WORSE, "your wrists or knees hurt (put a pillow under your knees)"],
        (1, 10, 0, 2, 7, "none"),
    ),
    _ex(
        "prone-press-up",
        "Press-up, lying on your stomach",
        "lower back",
        "Bends your back backward, which often moves leg pain back toward the middle.",
        [
            "Lie on your stomach. Put your hands flat under your shoulders.",
            "Keep your hips and legs relaxed on the floor.",
            "Slowly push your upper body up by straightening your arms.",
            "Let your lower back sag. Keep your hips down.",
            "Pause for a moment at the top.",
            "Slowly lower yourself back down.",
            "Pain may move out of your leg toward the middle of your back. That is a good sign.",
        ],
        [LEG_WORSE, SHARP],
        (1, 10, 2, 3, 7, "none"),
    ),
    _ex(
        "prone-on-elbows",
        "Lying on your elbows",
        "lower back",
        "A gentle way to bend your back backward and ease pain.",
        [
            "Lie on your stomach.",
            "Prop yourself up on your elbows and forearms.",
            "Keep your elbows under your shoulders.",
            "Keep your hips on the floor. Let your lower back relax and sag.",
            "Breathe slowly and stay there.",
            "Lower yourself down slowly when done.",
        ],
        [LEG_WORSE, SHARP],
        (1, 1, 120, 3, 7, "none"),
    ),
    _ex(
        "childs-pose",
        "Child's pose",
        "lower back",
        "Relaxes and stretches your back and hips.",
        [
            "Start on your hands and knees.",
            "Slowly sit back toward your heels.",
            "Reach your arms forward on the floor.",
            "Let your chest sink toward the floor and your head rest down.",
            "Hold. Breathe slowly and relax.",
            "Walk your hands back and sit up slowly.",
        ],
        [SHARP, LEG_WORSE, "your knees hurt (put a pillow between your heels and buttocks)"],
        (1, 3, 30, 2, 7, "none"),
    ),
    _ex(
        "glute-bridge",
        "Bridge",
        "hip and buttock",
        "Makes your buttock and back muscles stronger to support your back.",
        [
            "Lie on your back. Bend both knees. Put your feet flat, hip-width apart.",
            "Tighten your stomach muscles a little.",
            "Squeeze your buttocks. Lift your hips off the floor.",
            "Stop when your body is a straight line from shoulders to knees.",
            "Hold. Keep breathing.",
            "Slowly lower your hips back down.",
        ],
        [SHARP, LEG_WORSE, "you get a cramp in the back of your thigh (move your feet closer)"],
        (2, 10, 3, 1, 5, "none"),
    ),
    _ex(
        "bird-dog",
        "Bird dog",
        "core",
        "Trains the deep muscles that keep your back steady.",
        [
            "Get on your hands and knees. Keep your back flat like a table.",
            "Tighten your stomach muscles a little.",
            "Slowly reach one arm straight forward.",
            "At the same time, reach the opposite leg straight back.",
            "Keep your hips level. Do not let your back sag.",
            "Hold. Then slowly return and switch sides.",
        ],
        [SHARP, LEG_WORSE, "you lose your balance (try one arm or one leg at a time)"],
        (2, 8, 5, 1, 5, "both"),
    ),
    _ex(
        "pelvic-tilt",
        "Pelvic tilt",
        "core",
        "Wakes up your stomach muscles and gently moves your lower back.",
        [
            "Lie on your back. Bend both knees. Keep your feet flat.",
            "Tighten your stomach muscles.",
            "Press your lower back flat into the floor. Your hips tip up a little.",
            "Hold. Keep breathing.",
            "Relax and let your back return to normal.",
        ],
        [SHARP, LEG_WORSE],
        (2, 10, 5, 2, 7, "none"),
    ),
    _ex(
        "lower-trunk-rotation",
        "Knee rocks side to side",
        "lower back",
        "Gently twists and loosens your lower back.",
        [
            "Lie on your back. Bend both knees. Keep your feet flat and together.",
            "Put your arms out to the sides.",
            "Slowly let both knees fall to one side.",
            "Keep your shoulders flat on the floor.",
            "Hold. Then bring your knees back to the middle.",
            "Let them fall to the other side.",
        ],
        [SHARP, LEG_WORSE],
        (1, 10, 5, 2, 7, "both"),
    ),
    _ex(
        "dead-bug",
        "Dead bug",
        "core",
        "Trains your stomach muscles to hold your back steady while your arms and legs move.",
        [
            "Lie on your back. Lift your legs so your knees are bent over your hips.",
            "Reach both arms up toward the ceiling.",
            "Tighten your stomach muscles. Keep your lower back pressed down.",
            "Slowly reach one arm back over your head.",
            "At the same time, straighten the opposite leg toward the floor.",
            "Go only as far as you can keep your back down.",
            "Return to the start. Switch sides.",
        ],
        [SHARP, LEG_WORSE, "your lower back arches up off the floor (make the move smaller)"],
        (2, 8, 3, 1, 5, "both"),
    ),
    _ex(
        "hip-flexor-stretch-half-kneeling",
        "Hip stretch, kneeling on one knee",
        "front of hip",
        "Loosens the front of your hip, which pulls on your lower back when tight.",
        [
            "Kneel on one knee. Put a folded towel under it.",
            "Put the other foot flat on the floor in front of you.",
            "Stand tall. Tighten your stomach and buttock muscles.",
            "Gently move your hips forward.",
            "You should feel a stretch in the front of the hip of the kneeling leg.",
            "Hold. Breathe slowly. Switch sides.",
        ],
        [SHARP, LEG_WORSE, "your kneeling knee hurts (add more padding)"],
        (1, 3, 30, 2, 7, "both"),
    ),
    _ex(
        "hamstring-stretch-standing",
        "Hamstring stretch, standing",
        "back of thigh",
        "Stretches the back of your thigh when getting on the floor is hard.",
        [
            "Stand facing a low step or stool. Hold something steady if you need to.",
            "Put one heel on the step. Keep that knee straight.",
            "Point your toes up.",
            "Keep your back straight. Lean forward from your hips.",
            "Stop when you feel a gentle pull behind your thigh.",
            "Hold. Breathe slowly. Switch sides.",
        ],
        [SHARP, LEG_WORSE, "you feel unsteady on your standing leg", DIZZY],
        (1, 3, 30, 2, 7, "both"),
    ),
)

EXERCISES: tuple[Exercise, ...] = (*_EXERCISES, *NECK, *BACK, *ARM, *LEG)
EXERCISES_BY_SLUG: Mapping[str, Exercise] = MappingProxyType({e.slug: e for e in EXERCISES})
