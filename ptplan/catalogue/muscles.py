"""Muscles a therapist may needle or treat for trigger points, across every body region.

DOMAIN.md lists the common sciatica targets (piriformis, gluteus medius and minimus,
quadratus lumborum, lumbar multifidus, erector spinae, hamstrings, gastrocnemius/soleus,
tensor fasciae latae); the rest are other muscles of each region that clinics record.

Precautions per DOMAIN.md "Dry needling by region" (Halle & Halle, Int J Sports Phys Ther
2016): ``over_lung_field`` marks the thoracic paraspinals, rhomboids, middle and lower
trapezius, serratus anterior, intercostals, pectoralis major and minor, and near the lung
apex the upper trapezius and scalenes. ``structure_at_risk`` names the major nerve or vessel
beside the muscle (piriformis, iliopsoas, the popliteal fossa, scalenes,
sternocleidomastoid). Project choice: the same flag on pectineus (femoral triangle),
pectoralis minor (brachial plexus), supinator (radial nerve) and pronator teres (median
nerve), which lie as close to a nerve or vessel as the listed ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# Muscle region label -> body region (ptplan.catalogue.regions.BODY_REGIONS).
MUSCLE_REGION_BODY: Mapping[str, str] = MappingProxyType(
    {
        "neck": "cervical",
        "thoracic": "thoracic",
        "chest": "thoracic",
        "abdominal": "lumbar",
        "lumbar": "lumbar",
        "shoulder": "shoulder",
        "arm": "shoulder",
        "forearm/hand": "elbow_wrist_hand",
        "gluteal/hip": "hip",
        "thigh": "knee",
        "leg": "ankle_foot",
        "foot": "ankle_foot",
    }
)
MUSCLE_REGIONS = tuple(MUSCLE_REGION_BODY)
LUNG = "lung"  # shorthand for over_lung_field in the table below

FEMORAL_TRIANGLE = "femoral nerve, artery and vein (femoral triangle)"
POPLITEAL_FOSSA = "tibial nerve and popliteal artery and vein (popliteal fossa)"


@dataclass(frozen=True)
class Muscle:
    """A muscle for the dry-needling record. ``has_laterality``: needled per side."""

    slug: str
    name: str
    region: str
    has_laterality: bool = True
    over_lung_field: bool = False
    structure_at_risk: str = ""

    def __post_init__(self) -> None:
        if self.region not in MUSCLE_REGIONS:
            raise ValueError(f"{self.slug}: unknown region {self.region!r}")

    @property
    def body_region(self) -> str:
        return MUSCLE_REGION_BODY[self.region]


MUSCLES: tuple[Muscle, ...] = (
    # Lumbar
    Muscle("quadratus-lumborum", "Quadratus lumborum", "lumbar"),
    Muscle("lumbar-multifidus", "Lumbar multifidus", "lumbar"),
    Muscle("iliocostalis-lumborum", "Iliocostalis lumborum (lumbar erector spinae)", "lumbar"),
    Muscle("longissimus-thoracis-lumbar", "Longissimus (lumbar erector spinae)", "lumbar"),
    # Gluteal / hip
    Muscle("piriformis", "Piriformis", "gluteal/hip", structure_at_risk="sciatic nerve"),
    Muscle("gluteus-maximus", "Gluteus maximus", "gluteal/hip"),
    Muscle("gluteus-medius", "Gluteus medius", "gluteal/hip"),
    Muscle("gluteus-minimus", "Gluteus minimus", "gluteal/hip"),
    Muscle("tensor-fasciae-latae", "Tensor fasciae latae", "gluteal/hip"),
    Muscle("iliopsoas", "Iliopsoas", "gluteal/hip", structure_at_risk=FEMORAL_TRIANGLE),
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
    Muscle(
        "gastrocnemius", "Gastrocnemius", "leg", structure_at_risk=POPLITEAL_FOSSA + ", near its upper heads"
    ),
    Muscle("soleus", "Soleus", "leg"),
    Muscle("tibialis-anterior", "Tibialis anterior", "leg"),
    Muscle("peroneus-longus", "Peroneus (fibularis) longus", "leg"),
    Muscle("extensor-digitorum-longus", "Extensor digitorum longus", "leg"),
    # Thoracic and trunk
    Muscle("thoracic-paraspinals", "Thoracic paraspinals", "thoracic", over_lung_field=True),
    Muscle("latissimus-dorsi", "Latissimus dorsi", "thoracic"),
    Muscle("rectus-abdominis", "Rectus abdominis", "abdominal"),
    Muscle("external-oblique", "External oblique", "abdominal"),
    # Neck
    Muscle("upper-trapezius", "Upper trapezius", "neck", over_lung_field=True),
    Muscle("levator-scapulae", "Levator scapulae", "neck"),
    Muscle("splenius-capitis", "Splenius capitis", "neck"),
    Muscle("splenius-cervicis", "Splenius cervicis", "neck"),
    Muscle("semispinalis-capitis", "Semispinalis capitis", "neck"),
    Muscle("suboccipitals", "Suboccipital muscles", "neck"),
    Muscle("cervical-multifidus", "Cervical multifidus", "neck"),
    Muscle(
        "sternocleidomastoid",
        "Sternocleidomastoid",
        "neck",
        structure_at_risk="carotid sheath (carotid artery, internal jugular vein, vagus nerve)",
    ),
    Muscle(
        "scalenes",
        "Scalenes (anterior and middle)",
        "neck",
        over_lung_field=True,
        structure_at_risk="brachial plexus and subclavian artery",
    ),
    # Thoracic and chest
    Muscle("rhomboids", "Rhomboid major and minor", "thoracic", over_lung_field=True),
    Muscle("middle-trapezius", "Middle trapezius", "thoracic", over_lung_field=True),
    Muscle("lower-trapezius", "Lower trapezius", "thoracic", over_lung_field=True),
    Muscle("serratus-anterior", "Serratus anterior", "chest", over_lung_field=True),
    Muscle("intercostals", "Intercostal muscles", "chest", over_lung_field=True),
    Muscle("pectoralis-major", "Pectoralis major", "chest", over_lung_field=True),
    Muscle(
        "pectoralis-minor",
        "Pectoralis minor",
        "chest",
        over_lung_field=True,
        structure_at_risk="brachial plexus and axillary artery and vein",
    ),
    # Shoulder and arm
    Muscle("supraspinatus", "Supraspinatus", "shoulder"),
    Muscle("infraspinatus", "Infraspinatus", "shoulder"),
    Muscle("teres-minor", "Teres minor", "shoulder"),
    Muscle("teres-major", "Teres major", "shoulder"),
    Muscle("subscapularis", "Subscapularis", "shoulder"),
    Muscle("anterior-deltoid", "Deltoid, front part", "shoulder"),
    Muscle("middle-deltoid", "Deltoid, middle part", "shoulder"),
    Muscle("posterior-deltoid", "Deltoid, back part", "shoulder"),
    Muscle("biceps-brachii", "Biceps brachii", "arm"),
    Muscle("triceps-brachii", "Triceps brachii", "arm"),
    Muscle("coracobrachialis", "Coracobrachialis", "arm"),
    Muscle("brachialis", "Brachialis", "arm"),
    # Forearm and hand
    Muscle("extensor-carpi-radialis-brevis", "Extensor carpi radialis brevis", "forearm/hand"),
    Muscle("extensor-carpi-radialis-longus", "Extensor carpi radialis longus", "forearm/hand"),
    Muscle("extensor-digitorum", "Extensor digitorum", "forearm/hand"),
    Muscle("brachioradialis", "Brachioradialis", "forearm/hand"),
    Muscle("supinator", "Supinator", "forearm/hand", structure_at_risk="radial nerve (deep branch)"),
    Muscle("pronator-teres", "Pronator teres", "forearm/hand", structure_at_risk="median nerve"),
    Muscle("flexor-carpi-radialis", "Flexor carpi radialis", "forearm/hand"),
    Muscle("flexor-digitorum-superficialis", "Flexor digitorum superficialis", "forearm/hand"),
    Muscle("first-dorsal-interosseous", "First dorsal interosseous", "forearm/hand"),
    # Hip and thigh
    Muscle("pectineus", "Pectineus", "gluteal/hip", structure_at_risk=FEMORAL_TRIANGLE),
    Muscle("gracilis", "Gracilis", "thigh"),
    Muscle("sartorius", "Sartorius", "thigh"),
    # Leg and foot
    Muscle("popliteus", "Popliteus", "leg", structure_at_risk=POPLITEAL_FOSSA),
    Muscle("peroneus-brevis", "Peroneus (fibularis) brevis", "leg"),
    Muscle(
        "tibialis-posterior",
        "Tibialis posterior",
        "leg",
        structure_at_risk="tibial nerve and posterior tibial artery",
    ),
    Muscle("flexor-digitorum-longus", "Flexor digitorum longus", "leg"),
    Muscle("extensor-hallucis-longus", "Extensor hallucis longus", "leg"),
    Muscle("abductor-hallucis", "Abductor hallucis", "foot"),
    Muscle("flexor-digitorum-brevis", "Flexor digitorum brevis", "foot"),
    Muscle("quadratus-plantae", "Quadratus plantae", "foot"),
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
    "upper-trapezius": "Top of the shoulder, beside the neck",
    "levator-scapulae": "Side and back of the neck",
    "splenius-capitis": "Back of the neck",
    "splenius-cervicis": "Back of the neck",
    "semispinalis-capitis": "Back of the neck, near the skull",
    "suboccipitals": "Small muscles at the base of the skull",
    "cervical-multifidus": "Small muscles along the neck",
    "sternocleidomastoid": "Front and side of the neck",
    "scalenes": "Side of the neck",
    "rhomboids": "Between the shoulder blades",
    "middle-trapezius": "Between the shoulder blades",
    "lower-trapezius": "Below the shoulder blade",
    "serratus-anterior": "Side of the ribs, under the arm",
    "intercostals": "Between the ribs",
    "pectoralis-major": "Chest muscle",
    "pectoralis-minor": "Deep chest muscle, near the shoulder",
    "supraspinatus": "Top of the shoulder blade",
    "infraspinatus": "Back of the shoulder blade",
    "teres-minor": "Back of the shoulder",
    "teres-major": "Back of the shoulder, near the armpit",
    "subscapularis": "Under the shoulder blade",
    "anterior-deltoid": "Front of the shoulder",
    "middle-deltoid": "Side of the shoulder",
    "posterior-deltoid": "Back of the shoulder",
    "biceps-brachii": "Front of the upper arm",
    "triceps-brachii": "Back of the upper arm",
    "coracobrachialis": "Inner upper arm, near the armpit",
    "brachialis": "Front of the upper arm, deep",
    "extensor-carpi-radialis-brevis": "Top of the forearm, near the elbow",
    "extensor-carpi-radialis-longus": "Top of the forearm, near the elbow",
    "extensor-digitorum": "Top of the forearm",
    "brachioradialis": "Thumb side of the forearm",
    "supinator": "Deep forearm muscle, near the elbow",
    "pronator-teres": "Inner forearm, near the elbow",
    "flexor-carpi-radialis": "Inner forearm",
    "flexor-digitorum-superficialis": "Inner forearm",
    "first-dorsal-interosseous": "Between the thumb and first finger",
    "pectineus": "Inner groin",
    "gracilis": "Inner thigh",
    "sartorius": "Front of the thigh, running inward",
    "popliteus": "Back of the knee",
    "peroneus-brevis": "Outer side of the lower leg",
    "tibialis-posterior": "Deep calf muscle",
    "flexor-digitorum-longus": "Deep calf muscle, inner side",
    "extensor-hallucis-longus": "Front of the lower leg",
    "abductor-hallucis": "Inner side of the foot",
    "flexor-digitorum-brevis": "Sole of the foot",
    "quadratus-plantae": "Sole of the foot, deep",
}
