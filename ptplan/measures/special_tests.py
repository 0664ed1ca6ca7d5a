"""Special tests from the physical examination."""

from __future__ import annotations

import math
from numbers import Real

from ptplan.measures.base import MeasureError

SLR_POSITIVE_RANGE = (30, 70)
SLR_ANGLE_LIMITS = (0, 120)


def slr_positive(angle: float, below_knee: bool) -> bool:
    """SLR positive: radiating pain below the knee at 30-70 degrees hip flexion (Lasegue)."""
    low, high = SLR_ANGLE_LIMITS
    if isinstance(angle, bool) or not isinstance(angle, Real) or not math.isfinite(angle):
        raise MeasureError(f"SLR angle must be a number of degrees from {low} to {high}; got {angle!r}.")
    if not low <= angle <= high:
        raise MeasureError(f"SLR angle must be between {low} and {high} degrees; got {angle:g}.")
    if not isinstance(below_knee, bool):
        raise MeasureError(f"SLR 'pain below the knee' must be yes or no (True/False); got {below_knee!r}.")
    onset_low, onset_high = SLR_POSITIVE_RANGE
    return below_knee and onset_low <= angle <= onset_high
