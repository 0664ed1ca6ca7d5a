"""Manual therapy techniques (CPT 97140 in the clinic) with patient-facing explanations.

``grade_applies`` marks joint techniques recorded with a grade I-V (Maitland scale: I-IV
mobilisation, V thrust manipulation); the rest record intensity and minutes (DOMAIN.md).
``patient_text`` is the plain-language "what and why" printed on the home plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Technique:
    slug: str
    name: str
    grade_applies: bool
    default_minutes: int
    patient_text: str

    def __post_init__(self) -> None:
        if not 1 <= self.default_minutes <= 60:
            raise ValueError(f"{self.slug}: default_minutes must be 1-60")


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "lumbar-pa-mobilisation",
        "Joint mobilisation, lumbar spine (posterior-anterior)",
        True,
        8,
        "Your therapist gently presses and rocks the joints of your lower back. "
        "This helps stiff joints move better and can ease pain.",
    ),
    Technique(
        "lumbar-manipulation",
        "Manipulation (thrust), lumbar spine",
        True,
        5,
        "Your therapist makes one quick, small push on a stiff joint. You may hear a pop. "
        "This can quickly ease pain and stiffness.",
    ),
    Technique(
        "sacroiliac-mobilisation",
        "Sacroiliac joint mobilisation",
        True,
        8,
        "Your therapist gently moves the joint where your spine meets your pelvis. "
        "This can ease pain low in your back and buttock.",
    ),
    Technique(
        "soft-tissue-mobilisation",
        "Soft-tissue mobilisation",
        False,
        10,
        "Your therapist uses their hands to knead and stretch tight muscles. "
        "This relaxes the muscles and helps blood flow.",
    ),
    Technique(
        "myofascial-release",
        "Myofascial release",
        False,
        10,
        "Your therapist uses slow, steady pressure on tight tissue around your muscles. "
        "This helps the tissue loosen so you can move more easily.",
    ),
    Technique(
        "trigger-point-pressure-release",
        "Trigger-point pressure release",
        False,
        8,
        "Your therapist presses on a tight knot in a muscle until it softens. "
        "This can ease pain that spreads from the knot.",
    ),
    Technique(
        "sciatic-nerve-slider",
        "Neural mobilisation, sciatic nerve slider",
        False,
        8,
        "Your therapist gently moves your leg and head together so the sciatic nerve can "
        "slide freely. This can calm leg pain and tingling.",
    ),
    Technique(
        "sciatic-nerve-tensioner",
        "Neural mobilisation, sciatic nerve tensioner",
        False,
        6,
        "Your therapist gently stretches the sciatic nerve along its path and then lets go. "
        "This helps the nerve get used to movement again.",
    ),
    Technique(
        "muscle-energy-technique",
        "Muscle energy technique",
        False,
        8,
        "You push gently against your therapist's hand for a few seconds, then relax. "
        "This lets a tight muscle or joint move further.",
    ),
    Technique(
        "iastm",
        "Instrument-assisted soft tissue mobilisation",
        False,
        8,
        "Your therapist glides a smooth tool over tight muscles. "
        "This loosens the tissue and can ease pain. The skin may look pink for a while.",
    ),
)

TECHNIQUES_BY_SLUG: Mapping[str, Technique] = MappingProxyType({t.slug: t for t in TECHNIQUES})

# Hands-on techniques in everyday words, by slug, for the patient's home plan.
PLAIN_TECHNIQUES: dict[str, str] = {
    "lumbar-pa-mobilisation": "Gentle joint movements for your lower back",
    "lumbar-manipulation": "Quick joint movement for your lower back",
    "sacroiliac-mobilisation": "Gentle joint movements for your pelvis",
    "soft-tissue-mobilisation": "Hands-on muscle work",
    "myofascial-release": "Slow, gentle stretching of tight tissue",
    "trigger-point-pressure-release": "Steady pressure on tight spots in the muscle",
    "sciatic-nerve-slider": "Nerve glides",
    "sciatic-nerve-tensioner": "Nerve stretches",
    "muscle-energy-technique": "Gentle muscle tightening and relaxing",
    "iastm": "Muscle work with a smooth tool",
}
