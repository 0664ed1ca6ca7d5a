"""The five outcome measures ptplan scores. Item wording is never stored, only labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import ClassVar

from ptplan.measures.base import (
    HIGHER_IS_BETTER,
    HIGHER_IS_WORSE,
    Answer,
    Mcid,
    Measure,
    MeasureError,
)
from ptplan.measures.registry import register


def _answered(items: list[Answer]) -> list[int]:
    return [item for item in items if item is not None]


@register
class NumericPainRatingScale(Measure):
    """NPRS 0-10; MCID 2 points or 30% per Childs et al., Spine 2005."""

    code = "nprs"
    abbreviation = "NPRS"
    name = "Numeric Pain Rating Scale"
    source = "Childs, Piva & Fritz, Spine 2005 (MCID 2 points or 30%)"
    item_count = 1
    item_noun = "rating"
    item_labels = ("pain rating",)
    answer_range = (0, 10)
    direction = HIGHER_IS_WORSE
    mcid = Mcid(points=2, percent=30)
    score_range = (0.0, 10.0)
    # Project choice: the common 0 / 1-3 / 4-6 / 7-10 clinical convention; cut-points vary
    # between studies, so no single validated source is claimed.
    bands = ((0, 0, "none"), (1, 3, "mild"), (4, 6, "moderate"), (7, 10, "severe"))

    def item_name(self, index: int) -> str:
        return "rating"

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """One whole-number rating, 0-10 (Childs et al., Spine 2005)."""
        if isinstance(answers, int):
            raise MeasureError(f"NPRS answers must be a list like [{answers}]; got {answers!r}.")
        items = self._as_list(answers)
        if len(items) != 1:
            raise MeasureError(f"NPRS needs exactly one rating from 0 to 10; got {len(items)} answers.")
        if items[0] is None:
            raise MeasureError("NPRS rating is missing; enter a number from 0 to 10.")
        return [self._check_item(0, items[0])]

    def compute(self, items: list[Answer]) -> tuple[float, None]:
        """The rating itself (Childs et al., Spine 2005)."""
        return float(_answered(items)[0]), None


ODI_MINIMUM_ANSWERED = 6
"""Project choice: fewer than 6 of 10 ODI sections leaves too little to score."""


@register
class OswestryDisabilityIndex(Measure):
    """ODI v2.1a scoring and bands per Fairbank & Pynsent 2000; MCID per Ostelo 2008."""

    code = "odi"
    abbreviation = "ODI"
    name = "Oswestry Disability Index v2.1a"
    source = "Fairbank & Pynsent, Spine 2000; MCID 10 points or 30% per Ostelo et al. 2008"
    item_count = 10
    item_noun = "section"
    # Section names only: the statement text is licensed by Mapi Research Trust.
    item_labels = (
        "pain intensity",
        "personal care",
        "lifting",
        "walking",
        "sitting",
        "standing",
        "sleeping",
        "sex life",
        "social life",
        "travelling",
    )
    answer_range = (0, 5)
    direction = HIGHER_IS_WORSE
    mcid = Mcid(points=10, percent=30)
    score_range = (0.0, 100.0)
    display_decimals = 1  # a percentage: 32%, 35.6%
    display_unit = "%"
    bands = (
        (0, 20, "minimal disability"),
        (21, 40, "moderate disability"),
        (41, 60, "severe disability"),
        (61, 80, "crippled"),
        (81, 100, "bed-bound or exaggerating"),
    )

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """Skipped sections (None) are allowed, but at least 6 of 10 must be answered."""
        items = super().validate(answers)
        answered = len(_answered(items))
        if answered < ODI_MINIMUM_ANSWERED:
            verb = "was" if answered == 1 else "were"
            raise MeasureError(
                f"ODI needs at least {ODI_MINIMUM_ANSWERED} of 10 sections answered; "
                f"{answered} {verb} answered."
            )
        return items

    def compute(self, items: list[Answer]) -> tuple[float, None]:
        """Sum / (5 x sections answered) x 100, per Fairbank & Pynsent 2000."""
        answered = _answered(items)
        return sum(answered) * 100 / (5 * len(answered)), None


@register
class PatientSpecificFunctionalScale(Measure):
    """PSFS per Stratford et al. 1995; MCID about 2 points (Abbott & Schmitt 2014)."""

    code = "psfs"
    abbreviation = "PSFS"
    name = "Patient-Specific Functional Scale"
    source = "Stratford et al., Physiotherapy Canada 1995; MCID per Abbott & Schmitt 2014"
    item_count = None
    item_noun = "activity"
    answer_range = (0, 10)
    direction = HIGHER_IS_BETTER
    mcid = Mcid(points=2)
    score_range = (0.0, 10.0)
    display_decimals = 1  # a mean of ratings, always with its decimal: 5.0, 6.3
    display_whole_plain = False
    bands = ()
    minimum_activities = 3
    maximum_activities = 5

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """3 to 5 patient-named activities, each rated 0-10; a rating may not be skipped."""
        items = self._as_list(answers)
        if not self.minimum_activities <= len(items) <= self.maximum_activities:
            raise MeasureError(f"PSFS needs 3 to 5 activities; got {len(items)}.")
        for index, item in enumerate(items):
            if item is None:
                raise MeasureError(
                    f"PSFS activity {index + 1} has no rating; rate it from 0 to 10 or remove the activity."
                )
            items[index] = self._check_item(index, item)
        return items

    def compute(self, items: list[Answer]) -> tuple[float, None]:
        """Mean of the activity ratings (Stratford et al. 1995)."""
        answered = _answered(items)
        return sum(answered) / len(answered), None


@register
class LowerExtremityFunctionalScale(Measure):
    """LEFS per Binkley et al., Phys Ther 1999: 20 items 0-4, total 0-80, MCID 9."""

    code = "lefs"
    abbreviation = "LEFS"
    name = "Lower Extremity Functional Scale"
    source = "Binkley et al., Physical Therapy 1999"
    item_count = 20
    answer_range = (0, 4)
    direction = HIGHER_IS_BETTER
    mcid = Mcid(points=9)
    score_range = (0.0, 80.0)
    bands = ()

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """All 20 items are needed: the published total is a plain sum, with no proration."""
        items = super().validate(answers)
        for index, item in enumerate(items):
            if item is None:
                raise MeasureError(
                    f"LEFS item {index + 1} was skipped; all 20 items must be answered to score the LEFS."
                )
        return items

    def compute(self, items: list[Answer]) -> tuple[float, None]:
        """Sum of the 20 items (Binkley et al. 1999)."""
        return float(sum(_answered(items))), None


FABQ_PHYSICAL_ACTIVITY_ITEMS = (2, 3, 4, 5)
FABQ_WORK_ITEMS = (6, 7, 9, 10, 11, 12, 15)
FABQ_WORK_HIGH_RISK_ABOVE = 29
"""FABQ-W > 29 flags high risk (Delitto et al., JOSPT 2012 low back pain CPG)."""


@register
class FearAvoidanceBeliefsQuestionnaire(Measure):
    """FABQ per Waddell et al., Pain 1993; value is the work subscale, flag per Delitto 2012."""

    code = "fabq"
    abbreviation = "FABQ"
    name = "Fear-Avoidance Beliefs Questionnaire"
    source = "Waddell et al., Pain 1993; FABQ-W > 29 per Delitto et al., JOSPT 2012"
    item_count = 16
    answer_range = (0, 6)
    direction = HIGHER_IS_WORSE
    mcid = None
    score_range = (0.0, 42.0)
    subscale_ranges: ClassVar[Mapping[str, tuple[float, float]]] = MappingProxyType(
        {"pa": (0.0, 24.0), "w": (0.0, 42.0)}
    )
    bands = ((0, FABQ_WORK_HIGH_RISK_ABOVE, "lower risk"), (30, 42, "high risk"))

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """Unscored items (1, 8, 13, 14, 16) may be skipped; scored items may not."""
        items = super().validate(answers)
        for number, subscale in [
            *((n, "physical activity") for n in FABQ_PHYSICAL_ACTIVITY_ITEMS),
            *((n, "work") for n in FABQ_WORK_ITEMS),
        ]:
            if items[number - 1] is None:
                raise MeasureError(
                    f"FABQ item {number} was skipped; it is needed for the {subscale} subscale."
                )
        return items

    def compute(self, items: list[Answer]) -> tuple[float, dict[str, float]]:
        """PA = items 2+3+4+5, W = items 6+7+9+10+11+12+15 (Waddell et al. 1993)."""
        physical_activity = float(sum(items[n - 1] or 0 for n in FABQ_PHYSICAL_ACTIVITY_ITEMS))
        work = float(sum(items[n - 1] or 0 for n in FABQ_WORK_ITEMS))
        return work, {"pa": physical_activity, "w": work}
