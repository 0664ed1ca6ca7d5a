"""Manual therapy techniques (CPT 97140 in the clinic) with patient-facing explanations.

``grade_applies`` marks joint techniques recorded with a grade I-V (Maitland scale: I-IV
mobilisation, V thrust manipulation); the rest record intensity and minutes (DOMAIN.md).
``patient_text`` is the plain-language "what and why" printed on the home plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ptplan.catalogue.regions import BODY_REGIONS


@dataclass(frozen=True)
class Technique:
    slug: str
    name: str
    grade_applies: bool
    default_minutes: int
    patient_text: str
    regions: tuple[str, ...] = ("lumbar", "hip")  # BODY_REGIONS codes it is used for

    def __post_init__(self) -> None:
        if not 1 <= self.default_minutes <= 60:
            raise ValueError(f"{self.slug}: default_minutes must be 1-60")
        unknown = set(self.regions) - set(BODY_REGIONS)
        if not self.regions or unknown:
            raise ValueError(f"{self.slug}: needs known body-region tags, got {self.regions}")


ALL_REGIONS = tuple(BODY_REGIONS)


def _joint(slug: str, name: str, minutes: int, text: str, *regions: str) -> Technique:
    """A joint mobilisation or manipulation, recorded with a grade I-V (Maitland)."""
    return Technique(slug, name, True, minutes, text, regions)


def _soft(slug: str, name: str, minutes: int, text: str, *regions: str) -> Technique:
    """A soft-tissue or neural technique, recorded with intensity and minutes."""
    return Technique(slug, name, False, minutes, text, regions)


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
        ALL_REGIONS,
    ),
    Technique(
        "myofascial-release",
        "Myofascial release",
        False,
        10,
        "Your therapist uses slow, steady pressure on tight tissue around your muscles. "
        "This helps the tissue loosen so you can move more easily.",
        ALL_REGIONS,
    ),
    Technique(
        "trigger-point-pressure-release",
        "Trigger-point pressure release",
        False,
        8,
        "Your therapist presses on a tight knot in a muscle until it softens. "
        "This can ease pain that spreads from the knot.",
        ALL_REGIONS,
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
        ALL_REGIONS,
    ),
    Technique(
        "iastm",
        "Instrument-assisted soft tissue mobilisation",
        False,
        8,
        "Your therapist glides a smooth tool over tight muscles. "
        "This loosens the tissue and can ease pain. The skin may look pink for a while.",
        ALL_REGIONS,
    ),
    _joint(
        "cervical-pa-mobilisation",
        "Joint mobilisation, cervical spine (posterior-anterior)",
        8,
        "Your therapist gently presses and rocks the joints of your neck. This helps stiff joints move and eases pain.",
        "cervical",
    ),
    _joint(
        "cervical-lateral-glide",
        "Cervical lateral glide",
        6,
        "Your therapist gently slides your neck from side to side. This can ease arm pain from the neck.",
        "cervical",
    ),
    _joint(
        "cervical-snag",
        "Sustained natural apophyseal glide (SNAG), cervical spine",
        6,
        "Your therapist holds a joint in your neck while you turn your head. This helps the neck turn with less pain.",
        "cervical",
    ),
    _joint(
        "thoracic-manipulation",
        "Manipulation (thrust), thoracic spine",
        5,
        "Your therapist makes one quick, small push on a stiff joint of your upper back. "
        "You may hear a pop. This can ease neck and back pain.",
        "thoracic",
        "cervical",
    ),
    _joint(
        "thoracic-pa-mobilisation",
        "Joint mobilisation, thoracic spine (posterior-anterior)",
        8,
        "Your therapist gently presses on the joints of your upper back. This helps a stiff back move better.",
        "thoracic",
    ),
    _joint(
        "rib-mobilisation",
        "Rib mobilisation",
        6,
        "Your therapist gently moves your ribs where they meet the spine. This can ease pain when you breathe or turn.",
        "thoracic",
    ),
    _joint(
        "glenohumeral-posterior-glide",
        "Glenohumeral joint mobilisation, posterior glide",
        8,
        "Your therapist gently moves the ball of your shoulder backward in its socket. This helps a stiff shoulder move.",
        "shoulder",
    ),
    _joint(
        "glenohumeral-inferior-glide",
        "Glenohumeral joint mobilisation, inferior glide",
        8,
        "Your therapist gently moves the ball of your shoulder downward. This helps you lift your arm higher.",
        "shoulder",
    ),
    _joint(
        "scapular-mobilisation",
        "Scapulothoracic mobilisation",
        6,
        "Your therapist moves your shoulder blade over your ribs. This helps the shoulder blade glide freely.",
        "shoulder",
        "thoracic",
    ),
    _joint(
        "acromioclavicular-mobilisation",
        "Acromioclavicular joint mobilisation",
        5,
        "Your therapist gently moves the small joint at the top of your shoulder. This can ease pain there.",
        "shoulder",
    ),
    _joint(
        "elbow-mobilisation-with-movement",
        "Mobilisation with movement, lateral elbow",
        6,
        "Your therapist holds your elbow joint to one side while you grip. This lets you grip with less elbow pain.",
        "elbow_wrist_hand",
    ),
    _joint(
        "radiocarpal-mobilisation",
        "Wrist (radiocarpal) joint mobilisation",
        6,
        "Your therapist gently glides the bones of your wrist. This helps a stiff wrist bend further.",
        "elbow_wrist_hand",
    ),
    _joint(
        "hip-long-axis-distraction",
        "Hip joint mobilisation, long-axis distraction",
        8,
        "Your therapist gently pulls your leg to ease the hip joint apart. This can ease hip pain and stiffness.",
        "hip",
    ),
    _joint(
        "hip-posterior-glide",
        "Hip joint mobilisation, posterior glide",
        8,
        "Your therapist gently presses the ball of your hip backward. This helps the hip bend and turn more.",
        "hip",
    ),
    _joint(
        "tibiofemoral-mobilisation",
        "Knee (tibiofemoral) joint mobilisation",
        8,
        "Your therapist gently glides the shin bone on the thigh bone. This helps a stiff knee bend or straighten.",
        "knee",
    ),
    _joint(
        "patellar-mobilisation",
        "Patellar mobilisation",
        5,
        "Your therapist gently moves your kneecap up, down and side to side. This helps the knee move freely.",
        "knee",
    ),
    _joint(
        "talocrural-posterior-glide",
        "Ankle (talocrural) joint mobilisation, posterior glide",
        8,
        "Your therapist gently glides your ankle bone backward. This helps your ankle bend for walking and squatting.",
        "ankle_foot",
    ),
    _joint(
        "subtalar-mobilisation",
        "Subtalar joint mobilisation",
        6,
        "Your therapist gently rocks the joint below your ankle. This helps your foot adjust to uneven ground.",
        "ankle_foot",
    ),
    _joint(
        "midfoot-mobilisation",
        "Midfoot and first-toe joint mobilisation",
        6,
        "Your therapist gently moves the joints in the middle of your foot and your big toe. This eases stiffness.",
        "ankle_foot",
    ),
    _soft(
        "median-nerve-slider",
        "Neural mobilisation, median nerve slider",
        6,
        "Your therapist gently moves your arm and neck together so the nerve can slide freely. "
        "This can calm arm pain and tingling.",
        "cervical",
        "elbow_wrist_hand",
    ),
    _soft(
        "cervical-traction",
        "Manual cervical traction",
        6,
        "Your therapist gently lifts your head to ease the neck joints apart. This can ease neck and arm pain.",
        "cervical",
    ),
    _soft(
        "suboccipital-release",
        "Suboccipital release",
        5,
        "Your therapist's fingers hold the base of your skull while you relax. This eases tension headaches.",
        "cervical",
    ),
    _soft(
        "cross-friction-massage",
        "Transverse friction massage",
        5,
        "Your therapist rubs firmly across a sore tendon. This can ease pain so you can move and exercise.",
        "elbow_wrist_hand",
        "knee",
        "ankle_foot",
        "shoulder",
    ),
    _soft(
        "plantar-fascia-soft-tissue",
        "Soft-tissue mobilisation, plantar fascia and calf",
        8,
        "Your therapist works on the sole of your foot and your calf. This eases heel pain and tight calves.",
        "ankle_foot",
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
    "cervical-pa-mobilisation": "Gentle joint movements for your neck",
    "cervical-lateral-glide": "Gentle side-to-side neck movements",
    "cervical-snag": "Joint glides while you turn your head",
    "thoracic-manipulation": "Quick joint movement for your upper back",
    "thoracic-pa-mobilisation": "Gentle joint movements for your upper back",
    "rib-mobilisation": "Gentle rib movements",
    "glenohumeral-posterior-glide": "Gentle joint movements for your shoulder",
    "glenohumeral-inferior-glide": "Gentle joint movements for your shoulder",
    "scapular-mobilisation": "Shoulder blade movements",
    "acromioclavicular-mobilisation": "Gentle movements for the top of your shoulder",
    "elbow-mobilisation-with-movement": "Elbow joint glides while you grip",
    "radiocarpal-mobilisation": "Gentle joint movements for your wrist",
    "hip-long-axis-distraction": "Gentle hip pulls",
    "hip-posterior-glide": "Gentle joint movements for your hip",
    "tibiofemoral-mobilisation": "Gentle joint movements for your knee",
    "patellar-mobilisation": "Kneecap movements",
    "talocrural-posterior-glide": "Gentle joint movements for your ankle",
    "subtalar-mobilisation": "Gentle joint movements below your ankle",
    "midfoot-mobilisation": "Gentle joint movements for your foot",
    "median-nerve-slider": "Nerve glides for your arm",
    "cervical-traction": "Gentle neck stretch by hand",
    "suboccipital-release": "Gentle pressure at the base of your skull",
    "cross-friction-massage": "Firm rubbing across a sore tendon",
    "plantar-fascia-soft-tissue": "Hands-on work for your foot and calf",
}
