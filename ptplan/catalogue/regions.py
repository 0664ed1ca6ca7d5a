"""Body regions and equipment: the tags every library entry and evaluation shares.

DOMAIN.md "Beyond the lower back": cervical, thoracic, lumbar, shoulder, elbow/wrist/hand,
hip, knee and ankle/foot. Pure data, so the catalogue, forms and reports use one list.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

BODY_REGIONS: Mapping[str, str] = MappingProxyType(
    {
        "cervical": "Neck (cervical)",
        "thoracic": "Mid back (thoracic)",
        "lumbar": "Low back (lumbar)",
        "shoulder": "Shoulder",
        "elbow_wrist_hand": "Elbow, wrist and hand",
        "hip": "Hip",
        "knee": "Knee",
        "ankle_foot": "Ankle and foot",
    }
)

EQUIPMENT: Mapping[str, str] = MappingProxyType(
    {
        "none": "No equipment",
        "strap": "Strap or belt",
        "band": "Resistance band",
        "chair": "Chair",
        "wall": "Wall",
        "step": "Step or stair",
        "towel": "Towel",
        "weight": "Light weight or water bottle",
        "ball": "Ball",
        "table": "Table or counter",
        "pillow": "Pillow or cushion",
    }
)


def check_tags(slug: str, regions: tuple[str, ...], equipment: tuple[str, ...]) -> None:
    """Raise ValueError when a library entry has no region or an unknown region or equipment tag."""
    if not regions:
        raise ValueError(f"{slug}: needs at least one body region tag")
    unknown = [r for r in regions if r not in BODY_REGIONS] + [e for e in equipment if e not in EQUIPMENT]
    if unknown:
        raise ValueError(f"{slug}: unknown tags {unknown}")
    if not equipment:
        raise ValueError(f"{slug}: needs an equipment tag ('none' when nothing is needed)")
