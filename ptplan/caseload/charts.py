"""Visits per week and outcome-change histograms: aggregate SQL in, server-rendered SVG out.

The SVG is built in pure Python with every text escaped; each chart has a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup
from sqlalchemy import and_, case, func, select

from ptplan.caseload import metrics, services
from ptplan.caseload.metrics import Scope
from ptplan.caseload.periods import week_of
from ptplan.extensions import db
from ptplan.sessions.models import VisitNote

WEEKS = 12
HISTOGRAM_EDGES = {"nprs": (-6, -4, -2, 0, 2), "odi": (-40, -30, -20, -10, 0, 10)}
MEASURE_LABELS = {
    "nprs": "NPRS change (points; negative = less pain)",
    "odi": "ODI change (points; negative = less disability)",
}


@dataclass
class WeeklyVisits:
    weeks: list[date]
    series: list[tuple[str, list[int]]]
    totals: list[int]


def weekly_visits(scope: Scope) -> WeeklyVisits:
    """Visits per week per therapist over the last 12 weeks: one grouped statement."""
    last_monday, last_sunday = week_of(scope.today)
    first_monday = last_monday - timedelta(weeks=WEEKS - 1)
    weeks = [first_monday + timedelta(weeks=i) for i in range(WEEKS)]
    statement = (
        select(VisitNote.therapist_id, VisitNote.date_of_service, func.count())
        .where(*metrics._note_scope(scope), VisitNote.date_of_service.between(first_monday, last_sunday))
        .group_by(VisitNote.therapist_id, VisitNote.date_of_service)
    )
    names = {row.therapist_id: row.name for row in services.therapist_rows(scope).values()}
    counts: dict[int, list[int]] = {tid: [0] * WEEKS for tid in names}
    for therapist_id, day, count in db.session.execute(statement):
        series = counts.setdefault(therapist_id, [0] * WEEKS)
        series[(day - first_monday).days // 7] += count
    totals = [sum(column) for column in zip(*counts.values(), strict=True)] if counts else [0] * WEEKS
    labelled = [(names.get(tid, f"Other staff (#{tid})"), values) for tid, values in counts.items()]
    return WeeklyVisits(weeks=weeks, series=labelled, totals=totals)


@dataclass
class Histogram:
    code: str
    labels: list[str]
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def _bins(edges: tuple[int, ...]) -> list[tuple[int | None, int | None, str]]:
    bins: list[tuple[int | None, int | None, str]] = [(None, edges[0], f"below {edges[0]}")]
    for low, high in zip(edges, edges[1:], strict=False):
        bins.append((low, high, f"{low} to under {high}"))
    bins.append((edges[-1], None, f"{edges[-1]} or more"))
    return bins


def outcome_histograms(scope: Scope) -> dict[str, Histogram]:
    """Counts of patients per change bin, for NPRS and ODI, in one statement."""
    o = metrics.outcome_subquery(scope)
    columns = []
    layout = {}
    for code, edges in HISTOGRAM_EDGES.items():
        change = o.c[f"{code}_change"]
        layout[code] = _bins(edges)
        for index, (low, high, _) in enumerate(layout[code]):
            conditions = [change.is_not(None)]
            if low is not None:
                conditions.append(change >= low)
            if high is not None:
                conditions.append(change < high)
            columns.append(
                func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0).label(f"{code}_{index}")
            )
    row = db.session.execute(select(*columns)).mappings().one()
    return {
        code: Histogram(
            code, [label for *_, label in bins], [int(row[f"{code}_{i}"]) for i in range(len(bins))]
        )
        for code, bins in layout.items()
    }


# ------------------------------------------------------------------ SVG
# Every element is a constant Markup template; ``format`` escapes each value put into it.

_SVG_OPEN = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" class="svg-chart" viewBox="0 0 {width} {height}" '
    'role="img" aria-labelledby="{chart_id}-title"><title id="{chart_id}-title">{title}</title>'
)
_SVG_CLOSE = Markup("</svg>")
_LINE = Markup('<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#333"/>')
_TEXT = Markup('<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" fill="#222">{text}</text>')
_LABEL = Markup(
    '<text x="{x}" y="{y}" font-size="10" text-anchor="end" fill="#222" transform="rotate(-35 {x} {y})">{text}</text>'
)
_RECT = Markup(
    '<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}"><title>{label}: {value}</title></rect>'
)
_SPARKLINE = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
    'role="img" aria-label="{name}: weekly visits trend">'
    '<polyline points="{points}" fill="none" stroke="#0b4f6c" stroke-width="2"/></svg>'
)


def _n(value: float) -> str:
    return f"{value:.1f}"


def _bars(labels: list[str], values: list[int], title: str, chart_id: str, colour: str) -> Markup:
    width, height, left, bottom, top = 640, 260, 44, 56, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    base = top + plot_h
    peak = max(values, default=0) or 1
    slot = plot_w / max(len(values), 1)
    parts = [
        _SVG_OPEN.format(width=width, height=height, chart_id=chart_id, title=title),
        _LINE.format(x1=left, y1=base, x2=width - 10, y2=base),
        _TEXT.format(x=left - 6, y=top + 10, size=11, anchor="end", text=peak),
        _TEXT.format(x=left - 6, y=base, size=11, anchor="end", text=0),
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = plot_h * value / peak
        x = left + index * slot + slot * 0.15
        middle = _n(x + slot * 0.35)
        parts += [
            _RECT.format(
                x=_n(x),
                y=_n(base - bar_h),
                width=_n(slot * 0.7),
                height=_n(bar_h),
                fill=colour,
                label=label,
                value=value,
            ),
            _TEXT.format(x=middle, y=_n(base - bar_h - 3), size=10, anchor="middle", text=value),
            _LABEL.format(x=middle, y=base + 14, text=label),
        ]
    parts.append(_SVG_CLOSE)
    return Markup("").join(parts)


def weekly_svg(weekly: WeeklyVisits) -> Markup:
    labels = [f"{week:%d %b}" for week in weekly.weeks]
    return _bars(labels, weekly.totals, "Clinic visits per week, last 12 weeks", "weekly-visits", "#0b4f6c")


def histogram_svg(histogram: Histogram) -> Markup:
    title = f"Patients by {MEASURE_LABELS[histogram.code]}"
    return _bars(histogram.labels, histogram.counts, title, f"histogram-{histogram.code}", "#6a4c93")


def sparkline_svg(name: str, values: list[int]) -> Markup:
    """A small trend line for one therapist's row; the numbers sit in the same table row."""
    width, height = 120, 28
    peak = max(values, default=0) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (height - 4) * v / peak:.1f}" for i, v in enumerate(values)
    )
    return _SPARKLINE.format(width=width, height=height, name=name, points=points)
