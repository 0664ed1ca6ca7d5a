"""Building blocks shared by every outcome measure: results, MCID, validation, change,
how a score is written for a reader, and whether a goal's target is met."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import ClassVar, Literal

Answer = int | None
Band = tuple[float, float, str]
Direction = Literal["higher_is_better", "higher_is_worse"]

HIGHER_IS_BETTER: Direction = "higher_is_better"
HIGHER_IS_WORSE: Direction = "higher_is_worse"

IMPROVED = "improved"
NO_CHANGE = "no change"
WORSE = "worse"

# Unrounded means and percentages carry float noise (5.6666 - 3.6666 = 1.9999999999999996);
# without a tolerance that noise would flip a change sitting exactly on the MCID.
_TOLERANCE = 1e-9


class MeasureError(ValueError):
    """Invalid outcome-measure input; the message is written for a clinician."""


@dataclass(frozen=True)
class Mcid:
    """Minimal clinically important difference: absolute points, optionally a % of baseline."""

    points: float
    percent: float | None = None


@dataclass(frozen=True)
class Score:
    """A scored questionnaire. `value` is never rounded; round only for display."""

    code: str
    value: float
    band: str | None
    answered: int
    subscores: dict[str, float] | None = None


class Measure(ABC):
    """One outcome measure. Subclasses set the class attributes and `compute`."""

    code: ClassVar[str]
    abbreviation: ClassVar[str]
    name: ClassVar[str]
    source: ClassVar[str]
    item_count: ClassVar[int | None]
    item_noun: ClassVar[str] = "item"
    item_labels: ClassVar[tuple[str, ...]] = ()
    answer_range: ClassVar[tuple[int, int]]
    direction: ClassVar[Direction]
    mcid: ClassVar[Mcid | None]
    score_range: ClassVar[tuple[float, float]]
    # (low, high, label), ascending. A value belongs to the first band whose `high` it does
    # not exceed, so 20.5 on the ODI falls in 21-40 rather than in a gap between bands.
    bands: ClassVar[tuple[Band, ...]] = ()
    # How a score is written for a reader (screens, PDFs, FHIR text): None writes the value
    # in as few digits as it needs (7, 7.5); a number fixes the decimals. With
    # `display_whole_plain` a whole value drops them (32% but 35.6%).
    display_decimals: ClassVar[int | None] = None
    display_whole_plain: ClassVar[bool] = True
    display_unit: ClassVar[str] = ""

    def __repr__(self) -> str:
        return f"<Measure {self.code}: {self.name}>"

    # -- scoring -------------------------------------------------------------------------

    def score(self, answers: Sequence[Answer]) -> Score:
        """Validate the answers and score them."""
        items = self.validate(answers)
        value, subscores = self.compute(items)
        return Score(
            code=self.code,
            value=value,
            band=self.band_for(value),
            answered=sum(item is not None for item in items),
            subscores=subscores,
        )

    def validate(self, answers: Sequence[Answer]) -> list[Answer]:
        """Return the answers as a list, or raise MeasureError saying what is wrong."""
        items = self._as_list(answers)
        if self.item_count is not None and len(items) != self.item_count:
            raise MeasureError(
                f"{self.abbreviation} needs {self.item_count} {self.item_noun} answers; got {len(items)}."
            )
        for index, item in enumerate(items):
            if item is not None:
                items[index] = self._check_item(index, item)
        return items

    @abstractmethod
    def compute(self, items: list[Answer]) -> tuple[float, dict[str, float] | None]:
        """Score validated answers: (value, subscores or None)."""

    def band_for(self, value: float) -> str | None:
        """The band label for a score value, or None when the measure has no bands."""
        for _low, high, label in self.bands:
            if value <= high:
                return label
        return None

    def item_name(self, index: int) -> str:
        """How messages name an item, e.g. "section 'walking'" or "item 3"."""
        if self.item_labels:
            return f"{self.item_noun} '{self.item_labels[index]}'"
        return f"{self.item_noun} {index + 1}"

    def _as_list(self, answers: Sequence[Answer]) -> list[Answer]:
        if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
            raise MeasureError(
                f"{self.abbreviation} answers must be a list with one entry per "
                f"{self.item_noun}; got {answers!r}."
            )
        return list(answers)

    def _check_item(self, index: int, answer: object) -> int:
        low, high = self.answer_range
        what = f"{self.abbreviation} {self.item_name(index)}"
        if isinstance(answer, bool) or not isinstance(answer, Integral):
            raise MeasureError(f"{what} must be a whole number from {low} to {high}; got {answer!r}.")
        if not low <= answer <= high:
            raise MeasureError(f"{what} must be between {low} and {high}; got {answer}.")
        return int(answer)

    # -- display -------------------------------------------------------------------------

    def display(self, value: float) -> str:
        """The score as a reader sees it, e.g. ODI 35.555 -> "35.6%", PSFS 5 -> "5.0".

        The stored value is never rounded; only its text is.
        """
        if self.display_decimals is None:
            text = f"{value:g}"
        elif self.display_whole_plain and value == round(value):
            text = f"{value:.0f}"
        else:
            text = f"{value:.{self.display_decimals}f}"
        return text + self.display_unit

    # -- direction and targets -------------------------------------------------------------

    @property
    def higher_is_better(self) -> bool:
        """True for function scales (PSFS, LEFS); False for pain and disability (NPRS, ODI...)."""
        return self.direction == HIGHER_IS_BETTER

    @property
    def target_bound(self) -> str:
        """How a target reads: "≥ 60" on the LEFS, "≤ 20%" on the ODI (at or past it)."""
        return "≥" if self.higher_is_better else "≤"

    def gain(self, before: float, after: float) -> float:
        """The change from `before` to `after` in the good direction (negative when worse)."""
        return after - before if self.higher_is_better else before - after

    def target_met(self, value: float, target: float) -> bool:
        """A goal's target is met when the score is at or past it in the good direction.

        DOMAIN.md: lower is better on the NPRS and ODI (a pain goal "2/10 or less" is met by
        2, not by 3), higher on the PSFS and LEFS (a LEFS target of 60 is met by 60, not 59).
        Float noise from unrounded means (PSFS, ODI) does not decide a score sitting on the
        target.
        """
        return self.gain(target, value) >= -_TOLERANCE

    # -- change over time ----------------------------------------------------------------

    def change(self, before: float, after: float) -> str:
        """Judge a change between two scores against the MCID in the good direction.

        A change is meaningful when it reaches the MCID points OR, where the measure has a
        percentage rule, that percentage of the baseline `before` (skipped when the
        baseline is 0). The same threshold applies in the bad direction for "worse".
        """
        if self.mcid is None:
            raise MeasureError(
                f"{self.abbreviation} has no established MCID, so change cannot be "
                "judged as improved or worse; compare the scores instead."
            )
        before = self._check_value("before", before)
        after = self._check_value("after", after)
        gain = self.gain(before, after)
        if self._is_meaningful(gain, before):
            return IMPROVED
        if self._is_meaningful(-gain, before):
            return WORSE
        return NO_CHANGE

    def _is_meaningful(self, amount: float, baseline: float) -> bool:
        assert self.mcid is not None
        if amount <= 0:
            return False
        if amount >= self.mcid.points - _TOLERANCE:
            return True
        percent = self.mcid.percent
        return percent is not None and baseline > 0 and amount * 100 >= percent * baseline - _TOLERANCE

    def check_value(self, value: object) -> float:
        """A score value as a float, or MeasureError when it is not a number on the scale."""
        return self._check_value("value", value)

    def _check_value(self, which: str, value: object) -> float:
        low, high = self.score_range
        what = f"{self.abbreviation} score {which}"
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise MeasureError(f"{what} must be a number from {low:g} to {high:g}; got {value!r}.")
        if not low <= value <= high:
            raise MeasureError(f"{what} must be between {low:g} and {high:g}; got {value:g}.")
        return float(value)
