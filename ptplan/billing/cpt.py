"""The CPT codes a PT clinic bills here, and which of them are timed."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral
from types import MappingProxyType
from typing import NamedTuple


class BillingError(ValueError):
    """Invalid billing input; the message is written for the person entering it."""


class CptCode(NamedTuple):
    """A catalogue entry. Timed codes are billed in 15-minute units; untimed ones once."""

    description: str
    timed: bool

    @property
    def is_timed(self) -> bool:
        return self.timed


DRY_NEEDLING_FEW = "20560"
DRY_NEEDLING_MANY = "20561"
DRY_NEEDLING_CODES = (DRY_NEEDLING_FEW, DRY_NEEDLING_MANY)

CPT: Mapping[str, CptCode] = MappingProxyType(
    {
        "97110": CptCode("Therapeutic exercise", timed=True),
        "97112": CptCode("Neuromuscular re-education", timed=True),
        "97140": CptCode("Manual therapy", timed=True),
        "97530": CptCode("Therapeutic activities", timed=True),
        "97535": CptCode("Self-care/home management training", timed=True),
        "97161": CptCode("PT evaluation, low complexity", timed=False),
        "97162": CptCode("PT evaluation, moderate complexity", timed=False),
        "97163": CptCode("PT evaluation, high complexity", timed=False),
        "97164": CptCode("PT re-evaluation", timed=False),
        DRY_NEEDLING_FEW: CptCode("Needle insertion(s) without injection, 1-2 muscles", timed=False),
        DRY_NEEDLING_MANY: CptCode("Needle insertion(s) without injection, 3 or more muscles", timed=False),
    }
)
"""Code -> CptCode(description, timed). Descriptions are our short wording, not AMA's."""


def lookup(code: str) -> CptCode:
    """The catalogue entry for a code, or BillingError if ptplan does not know it."""
    entry = CPT.get(code) if isinstance(code, str) else None
    if entry is None:
        known = ", ".join(sorted(CPT))
        raise BillingError(f"Unknown CPT code {code!r}; known codes: {known}.")
    return entry


def is_timed(code: str) -> bool:
    """True for a timed (15-minute unit) code, False for an untimed one."""
    return lookup(code).timed


def dry_needling_code(muscle_count: int) -> str:
    """CPT 20560 for 1-2 muscles needled, 20561 for 3 or more (CPT 2020 descriptors)."""
    if isinstance(muscle_count, bool) or not isinstance(muscle_count, Integral):
        raise BillingError(f"Muscle count must be a whole number; got {muscle_count!r}.")
    if muscle_count < 1:
        raise BillingError(f"Dry needling needs at least 1 muscle to bill; got {muscle_count}.")
    return DRY_NEEDLING_FEW if muscle_count <= 2 else DRY_NEEDLING_MANY
