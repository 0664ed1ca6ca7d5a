"""Muscles a therapist may needle or treat for trigger points in low back pain and sciatica.

DOMAIN.md lists the common sciatica targets (piriformis, gluteus medius and minimus,
quadratus lumborum, lumbar multifidus, erector spinae, hamstrings, gastrocnemius/soleus,
tensor fasciae latae); the rest are other muscles of the region that clinics record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

MUSCLE_REGIONS = ("lumbar", "gluteal/hip", "thigh", "leg", "thoracic", "abdominal")


@dataclass(frozen=True)
class Muscle:
    """A muscle for the dry-needling record. ``has_laterality``: needled per side."""

    slug: str
    name: str
    region: str
    has_laterality: bool = True

    def __post_init__(self) -> None:
        if self.region not in MUSCLE_REGIONS:
            raise ValueError(f"{self.slug}: unknown region {self.region!r}")


MUSCLES: tuple[Muscle, ...] = (
    # Lumbar
    Muscle("quadratus-lumborum", "Quadratus lumborum", "lumbar"),
    Muscle("lumbar-multifidus", "Lumbar multifidus", "lumbar"),
    Muscle("iliocostalis-lumborum", "Iliocostalis lumborum (lumbar erector spinae)", "lumbar"),
    Muscle("longissimus-thoracis-lumbar", "Longissimus (lumbar erector spinae)", "lumbar"),
    # Gluteal / hip
    Muscle("piriformis", "Piriformis", "gluteal/hip"),
    Muscle("gluteus-maximus", "Gluteus maximus", "gluteal/hip"),
    Muscle("gluteus-medius", "Gluteus medius", "gluteal/hip"),
    Muscle("gluteus-minimus", "Gluteus minimus", "gluteal/hip"),
    Muscle("tensor-fasciae-latae", "Tensor fasciae latae", "gluteal/hip"),
    Muscle("iliopsoas", "Iliopsoas", "gluteal/hip"),
    Muscle("obturator-internus", "Obturator internus", "gluteal/hip"),
    Muscle("quadratus-femoris", "Quadratus femoris", "gluteal/hip"),
    # Thigh
    Muscle("biceps-femoris", "Biceps femoris (lateral hamstring)", "thigh"),
    Muscle("semitendinosus", "Semitendinosus (medial hamstring)", "thigh"),
    Muscle("semimembranosus", "Semimembranosus (medial hamstring)", "thigh"),
    Muscle("adductor-magnus", "Adductor magnus", "thigh"),
    Muscle("adductor-longus", "Adductor longus", "thigh"),
    Muscle("rectus-femoris", "Rectus femoris", "thigh"),
    Muscle("vastus-lateralis", "Vastus lateralis", "thigh"),
    Muscle("vastus-medialis", "Vastus medialis", "thigh"),
    # Leg
    Muscle("gastrocnemius", "Gastrocnemius", "leg"),
    Muscle("soleus", "Soleus", "leg"),
    Muscle("tibialis-anterior", "Tibialis anterior", "leg"),
    Muscle("peroneus-longus", "Peroneus (fibularis) longus", "leg"),
    Muscle("extensor-digitorum-longus", "Extensor digitorum longus", "leg"),
    # Thoracic and trunk
    Muscle("thoracic-paraspinals", "Thoracic paraspinals", "thoracic"),
    Muscle("latissimus-dorsi", "Latissimus dorsi", "thoracic"),
    Muscle("rectus-abdominis", "Rectus abdominis", "abdominal"),
    Muscle("external-oblique", "External oblique", "abdominal"),
)

MUSCLES_BY_SLUG: Mapping[str, Muscle] = MappingProxyType({m.slug: m for m in MUSCLES})

# Muscles in everyday words, by slug, for the patient's home plan (medical name in brackets).
PLAIN_MUSCLES: dict[str, str] = {
    "quadratus-lumborum": "Deep muscle of the lower back, beside the spine",
    "lumbar-multifidus": "Small muscles along the lower spine",
    "iliocostalis-lumborum": "Long back muscle of the lower back",
    "longissimus-thoracis-lumbar": "Long back muscle of the lower back",
    "piriformis": "Deep buttock muscle",
    "gluteus-maximus": "Large buttock muscle",
    "gluteus-medius": "Side of the hip",
    "gluteus-minimus": "Deep side of the hip",
    "tensor-fasciae-latae": "Front and side of the hip",
    "iliopsoas": "Deep hip muscle at the front",
    "obturator-internus": "Deep hip muscle",
    "quadratus-femoris": "Deep hip muscle",
    "biceps-femoris": "Back of the thigh, outer side",
    "semitendinosus": "Back of the thigh, inner side",
    "semimembranosus": "Back of the thigh, inner side",
    "adductor-magnus": "Inner thigh",
    "adductor-longus": "Inner thigh",
    "rectus-femoris": "Front of the thigh",
    "vastus-lateralis": "Front of the thigh, outer side",
    "vastus-medialis": "Front of the thigh, inner side",
    "gastrocnemius": "Calf",
    "soleus": "Deep calf muscle",
    "tibialis-anterior": "Front of the lower leg",
    "peroneus-longus": "Outer side of the lower leg",
    "extensor-digitorum-longus": "Front of the lower leg",
    "thoracic-paraspinals": "Muscles along the middle of the back",
    "latissimus-dorsi": "Large muscle of the back and side",
    "rectus-abdominis": "Stomach muscle",
    "external-oblique": "Side stomach muscle",
}
