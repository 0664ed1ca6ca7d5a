"""Progress over time: each measure's scores against its baseline, judged by the MCID.

Pure: takes plain score points, returns series. The baseline is the first evaluation's
score for that measure (the initial evaluation), or the first score of any source when no
evaluation scored it. "Improved" means a change of at least the MCID in the good direction
(DOMAIN.md; ptplan.measures.change). Each score is written as its measure writes it
(``Measure.display``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ptplan import measures

ORDER = tuple(measures.MEASURES)  # registration order: NPRS, ODI, PSFS, LEFS, FABQ, NDI, QuickDASH...


@dataclass(frozen=True)
class Point:
    taken_on: date
    value: float
    source: str  # "evaluation" or "visit_note"
    label: str  # what the point came from, e.g. "Initial evaluation"
    evaluation_id: int | None = None


@dataclass
class SeriesPoint:
    point: Point
    display: str
    change: str | None = None  # "improved" / "no change" / "worse"; None for the baseline or no MCID
    delta: float | None = None

    @property
    def mcid_reached(self) -> bool:
        return self.change in (measures.IMPROVED, measures.WORSE)


@dataclass
class Series:
    code: str
    abbreviation: str
    name: str
    score_range: tuple[float, float]
    higher_is_better: bool
    has_mcid: bool
    baseline: Point | None = None
    points: list[SeriesPoint] = field(default_factory=list)

    @property
    def latest(self) -> SeriesPoint | None:
        return self.points[-1] if self.points else None


def choose_baseline(points: list[Point]) -> Point | None:
    """The first evaluation's score, else the first score of any source."""
    evaluations = [p for p in points if p.source == "evaluation"]
    return (evaluations or points or [None])[0]


def build_series(points_by_code: dict[str, list[Point]]) -> list[Series]:
    """Series in a stable clinical order; points sorted by date, each judged against baseline."""
    result = []
    for code in sorted(points_by_code, key=lambda c: ORDER.index(c) if c in ORDER else len(ORDER)):
        measure = measures.get(code)
        points = sorted(points_by_code[code], key=lambda p: (p.taken_on, p.source != "evaluation"))
        baseline = choose_baseline(points)
        series = Series(
            code=code,
            abbreviation=measure.abbreviation,
            name=measure.name,
            score_range=measure.score_range,
            higher_is_better=measure.higher_is_better,
            has_mcid=measure.mcid is not None,
            baseline=baseline,
        )
        for point in points:
            item = SeriesPoint(point=point, display=measure.display(point.value))
            if baseline is not None and point is not baseline:
                item.delta = point.value - baseline.value
                if measure.mcid is not None:
                    item.change = measure.change(baseline.value, point.value)
            series.points.append(item)
        result.append(series)
    return result
