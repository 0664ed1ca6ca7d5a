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
