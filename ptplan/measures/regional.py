"""Region-specific outcome measures: the Neck Disability Index and QuickDASH (with modules).

Item and section wording is copyrighted (Vernon & Mior; Institute for Work & Health), so
only section names, item numbers and the published scoring are shipped (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from ptplan.measures.base import HIGHER_IS_WORSE, Answer, Mcid, Measure, MeasureError
from ptplan.measures.registry import register

NDI_MINIMUM_ANSWERED = 8
"""Project choice (DOMAIN.md): at least 8 of the 10 NDI sections must be answered."""

QUICKDASH_MINIMUM_ANSWERED = 10
"""QuickDASH is not scored when more than 1 of its 11 items is missing (Beaton et al. 2005)."""


def _answered(items: list[Answer]) -> list[int]:
    return [item for item in items if item is not None]


def _require_answered(measure: Measure, items: list[Answer], minimum: int) -> None:
    answered = len(_answered(items))
    if answered < minimum:
        verb = "was" if answered == 1 else "were"
        raise MeasureError(
            f"{measure.abbreviation} needs at least {minimum} of {measure.item_count} "
            f"{measure.item_noun}s answered; {answered} {verb} answered."
        )


@register
class NeckDisabilityIndex(Measure):
    """NDI per Vernon & Mior, JMPT 1991; MCID 7.5 raw points (15%) per Young et al. 2009.

    The value is the percentage, sum / (5 x sections answered) x 100, as for the ODI. The
    bands are published on the raw 0-50 scale; a percentage is read as raw = percent / 2,
    so the band limits below are the raw limits doubled (0-4 raw is 0-8%).
    """

    code = "ndi"
    abbreviation = "NDI"
    name = "Neck Disability Index"
    source = "Vernon & Mior, J Manipulative Physiol Ther 1991; MCID 7.5 points (15%) per Young et al. 2009"
    item_count = 10
    item_noun = "section"
    # Section names only: the statement text is copyrighted.
    item_labels = (
        "pain intensity",
        "personal care",
        "lifting",
        "reading",
        "headaches",
        "concentration",
        "work",
        "driving",
        "sleeping",
        "recreation",
    )
    answer_range = (0, 5)
    direction = HIGHER_IS_WORSE
    mcid = Mcid(points=15)
    score_range = (0.0, 100.0)
    display_decimals = 1  # a percentage, as the ODI: 32%, 35.6%
    display_unit = "%"
    bands = (
        (0, 8, "no disability"),
        (9, 28, "mild disability"),
        (29, 48, "moderate disability"),
        (49, 68, "severe disability"),
        (69, 100, "complete disability"),
    )

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """Skipped sections (None) are allowed, but at least 8 of 10 must be answered."""
        items = super().validate(answers)
        _require_answered(self, items, NDI_MINIMUM_ANSWERED)
        return items

    def compute(self, items: list[Answer]) -> tuple[float, dict[str, float]]:
        """Percent = sum / (5 x sections answered) x 100; raw = percent / 2 (Vernon & Mior 1991)."""
        answered = _answered(items)
        percent = sum(answered) * 100 / (5 * len(answered))
        return percent, {"raw": percent / 2}


@register
class QuickDash(Measure):
    """QuickDASH per Beaton et al., JBJS Am 2005; MCID 8 points in shoulder pain (Mintken 2009).

    Score = ((sum of answered items / number answered) - 1) x 25, 0-100, higher is more
    disability; not scored with more than one of the 11 items missing.
    """

    code = "quickdash"
    abbreviation = "QuickDASH"
    name = "QuickDASH (Disabilities of the Arm, Shoulder and Hand)"
    source = "Beaton et al., J Bone Joint Surg Am 2005; MCID 8 points per Mintken et al. 2009"
    item_count = 11
    answer_range = (1, 5)
    direction = HIGHER_IS_WORSE
    mcid = Mcid(points=8)
    score_range = (0.0, 100.0)
    display_decimals = 1  # 0-100 from a mean: 25, 34.1 (the modules alike)
    bands = ()
    minimum_answered = QUICKDASH_MINIMUM_ANSWERED

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """At least 10 of the 11 items must be answered (Beaton et al. 2005)."""
        items = super().validate(answers)
        _require_answered(self, items, self.minimum_answered)
        return items

    def compute(self, items: list[Answer]) -> tuple[float, None]:
        """((sum / answered) - 1) x 25 (Beaton et al. 2005)."""
        answered = _answered(items)
        return (sum(answered) / len(answered) - 1) * 25, None


class _QuickDashModule(QuickDash):
    """An optional QuickDASH module: 4 items 1-5, all required, same formula (Beaton 2005).

    No MCID is published for the modules, so change is compared, not judged.
    """

    item_count = 4
    mcid = None
    minimum_answered = 4


@register
class QuickDashWork(_QuickDashModule):
    """QuickDASH work module per Beaton et al. 2005: 4 items, all required."""

    code = "quickdash_work"
    abbreviation = "QuickDASH work"
    name = "QuickDASH work module"


@register
class QuickDashSports(_QuickDashModule):
    """QuickDASH sports/performing-arts module per Beaton et al. 2005: 4 items, all required."""

    code = "quickdash_sports"
    abbreviation = "QuickDASH sports"
    name = "QuickDASH sports and performing-arts module"
