"""What a library exercise is: dosage, text fields, body-region and equipment tags, a pose.

Shared by the lumbopelvic list in ``exercises.py`` and the regional modules. Steps are
written for patients (about a 6th-grade reading level: short sentences, everyday words).
Each caution completes the sentence "Stop if …". Default dosage is a starting point the
therapist changes per plan (DOMAIN.md: "the plan sets sets, reps, hold seconds, side,
times per day and days per week").
"""

from __future__ import annotations

from dataclasses import dataclass

from ptplan.catalogue.regions import check_tags
from ptplan.illustrations import Pose

SIDES = ("left", "right", "both", "none")
# Display labels (``Exercise.region``); the filterable tags are ``regions`` (BODY_REGIONS codes).
REGIONS = (
    "lower back",
    "hip and buttock",
    "back of thigh",
    "front of hip",
    "core",
    "sciatic nerve",
    "neck",
    "mid back",
    "shoulder",
    "elbow, wrist and hand",
    "knee",
    "ankle and foot",
)

# Shared cautions, so the same warning reads the same way everywhere.
LEG_WORSE = "pain, numbness or tingling spreads further down your leg"
SHARP = "you feel sharp or shooting pain"
DIZZY = "you feel dizzy or short of breath"
ARM_WORSE = "pain, numbness or tingling spreads down your arm"
NECK_DIZZY = "you feel dizzy, sick, or your vision changes"
JOINT_SHARP = "you feel sharp pain in the joint"
UNSTEADY = "you feel unsteady (hold on to something firm)"
SWELLING = "the joint swells or feels hot afterwards"
KNEE_GIVES = "your knee gives way or locks"
HEEL = "heel pain is worse the next morning and does not settle"
BALANCE = "you cannot keep your balance (stand near a counter and hold on)"
SHOULDER_PINCH = "your shoulder pinches or aches for more than an hour afterwards"
NIGHT_PAIN = "your pain at night gets worse"
ELBOW = "the pain at your elbow is worse the next morning"
CHEST = "you feel chest pain or pain wraps around your ribs"


@dataclass(frozen=True)
class Dosage:
    """How much to do. ``hold_seconds`` is 0 for movements that are not held."""

    sets: int
    reps: int
    hold_seconds: int
    times_per_day: int
    days_per_week: int
    side: str

    def __post_init__(self) -> None:
        checks = (
            (1 <= self.sets <= 10, "sets must be 1-10"),
            (1 <= self.reps <= 50, "reps must be 1-50"),
            (0 <= self.hold_seconds <= 300, "hold_seconds must be 0-300"),
            (1 <= self.times_per_day <= 12, "times_per_day must be 1-12"),
            (1 <= self.days_per_week <= 7, "days_per_week must be 1-7"),
            (self.side in SIDES, f"side must be one of {SIDES}"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(message)


@dataclass(frozen=True)
class Exercise:
    """A library exercise: what it is for, how to do it, when to stop, how much."""

    slug: str
    name: str
    region: str
    purpose: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    dosage: Dosage
    pose: Pose
    regions: tuple[str, ...] = ()  # BODY_REGIONS codes, for the plan builder's filter
    equipment: tuple[str, ...] = ("none",)  # EQUIPMENT codes

    def __post_init__(self) -> None:
        if self.region not in REGIONS:
            raise ValueError(f"{self.slug}: unknown region {self.region!r}")
        if not self.steps or not self.cautions:
            raise ValueError(f"{self.slug}: steps and cautions must not be empty")
        check_tags(self.slug, self.regions, self.equipment)


def exercise(  # type: ignore[no-untyped-def]
    slug: str,
    name: str,
    region: str,
    purpose: str,
    steps,
    cautions,
    dosage,
    *,
    tags: tuple[str, ...],
    equipment: tuple[str, ...] = ("none",),
    pose: Pose,
) -> Exercise:
    """One entry; ``dosage`` is (sets, reps, hold_seconds, times_per_day, days_per_week, side)."""
    return Exercise(
        slug, name, region, purpose, tuple(steps), tuple(cautions), Dosage(*dosage), pose, tags, equipment
    )
