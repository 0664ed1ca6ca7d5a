"""Outcome measures over time as a server-rendered SVG: one small panel per measure.

Pure Python, no JavaScript: data in, SVG text out, every piece of text escaped. The SVG
carries role="img" with a title and a description; the page shows a data table beside it as
the accessible alternative. Points where the change since baseline reaches the MCID are
marked (diamond = improved, square = worse) and explained in a legend.
"""

from __future__ import annotations

from datetime import date
from html import escape

from ptplan.outcomes.progress import Series, SeriesPoint

WIDTH = 640
PANEL_HEIGHT = 120
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 22, 26
LEGEND_HEIGHT = 28
INK = "#212529"
MUTED = "#5c636a"
LINE = "#0b4f6c"
GOOD = "#146c2e"
BAD = "#a4161a"
GRID = "#ced4da"


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _x_scale(days: list[date]):
    first, last = min(days), max(days)
    span = (last - first).days
    inner = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        if span == 0:
            return LEFT + inner / 2
        return LEFT + inner * (day - first).days / span

    return x


def _marker(item: SeriesPoint, x: float, y: float) -> str:
    title = escape(f"{item.point.label}, {item.point.taken_on.isoformat()}: {item.display}")
    tooltip = f"<title>{title}</title>"
    if item.change == "improved":
        points = (
            f"{_fmt(x)},{_fmt(y - 7)} {_fmt(x + 7)},{_fmt(y)} {_fmt(x)},{_fmt(y + 7)} {_fmt(x - 7)},{_fmt(y)}"
        )
        return f'<polygon points="{points}" fill="{GOOD}" stroke="#fff" stroke-width="1">{tooltip}</polygon>'
    if item.change == "worse":
        return (
            f'<rect x="{_fmt(x - 5.5)}" y="{_fmt(y - 5.5)}" width="11" height="11" fill="{BAD}" '
            f'stroke="#fff" stroke-width="1">{tooltip}</rect>'
        )
    fill = LINE if item.point.source == "evaluation" else "#fff"
    return (
        f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4.5" fill="{fill}" stroke="{LINE}" stroke-width="2">'
        f"{tooltip}</circle>"
    )


def describe(series_list: list[Series]) -> str:
    """One sentence per measure: from baseline to latest, and the verdict."""
    parts = []
    for series in series_list:
        first, last = series.points[0], series.points[-1]
        if first is last:
            parts.append(f"{series.abbreviation}: {first.display} on {first.point.taken_on.isoformat()}.")
            continue
        verdict = f" ({last.change} since baseline)" if last.change else ""
        parts.append(
            f"{series.abbreviation}: from {first.display} on {first.point.taken_on.isoformat()} "
            f"to {last.display} on {last.point.taken_on.isoformat()}{verdict}."
        )
    return " ".join(parts)


def render(
    series_list: list[Series], *, chart_id: str = "outcome-chart", title: str = "Outcome measures over time"
) -> str:
    """The SVG text. Empty string when there is nothing to draw."""
    series_list = [s for s in series_list if s.points]
    if not series_list:
        return ""
    days = [item.point.taken_on for s in series_list for item in s.points]
    x = _x_scale(days)
    height = LEGEND_HEIGHT + PANEL_HEIGHT * len(series_list)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="svg-chart outcome-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(series_list))}</desc>',
    ]
    out.append(_legend())
    for index, series in enumerate(series_list):
        out.append(_panel(series, x, LEGEND_HEIGHT + index * PANEL_HEIGHT, days))
    out.append("</svg>")
    return "".join(out)


def _legend() -> str:
    y = 14
    return (
        f'<g class="legend" fill="{INK}">'
        f'<circle cx="{LEFT}" cy="{y}" r="4.5" fill="{LINE}" stroke="{LINE}" stroke-width="2"/>'
        f'<text x="{LEFT + 9}" y="{y + 4}">Evaluation</text>'
        f'<circle cx="{LEFT + 90}" cy="{y}" r="4.5" fill="#fff" stroke="{LINE}" stroke-width="2"/>'
        f'<text x="{LEFT + 99}" y="{y + 4}">Daily note</text>'
        f'<polygon points="{LEFT + 186},{y - 7} {LEFT + 193},{y} {LEFT + 186},{y + 7} {LEFT + 179},{y}" fill="{GOOD}"/>'
        f'<text x="{LEFT + 197}" y="{y + 4}">Improved by at least the MCID</text>'
        f'<rect x="{LEFT + 384}" y="{y - 5.5}" width="11" height="11" fill="{BAD}"/>'
        f'<text x="{LEFT + 400}" y="{y + 4}">Worse by at least the MCID</text>'
        "</g>"
    )


def _panel(series: Series, x, top: float, days: list[date]) -> str:
    low, high = series.score_range
    plot_top, plot_bottom = top + TOP, top + PANEL_HEIGHT - BOTTOM

    def y(value: float) -> float:
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top)

    direction = "higher is better" if series.higher_is_better else "lower is better"
    parts = [
        f'<g class="panel" data-measure="{escape(series.code)}">',
        f'<text x="{LEFT}" y="{_fmt(top + 14)}" fill="{INK}" font-weight="600">'
        f"{escape(series.abbreviation)} ({_fmt(low)}–{_fmt(high)}, {direction})</text>",
    ]
    for tick in (low, (low + high) / 2, high):
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(ty)}" y2="{_fmt(ty)}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{_fmt(ty + 4)}" text-anchor="end" fill="{MUTED}">{_fmt(tick)}</text>'
        )
    if series.baseline is not None and series.has_mcid:
        by = y(series.baseline.value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(by)}" y2="{_fmt(by)}" stroke="{MUTED}" '
            'stroke-width="1" stroke-dasharray="4 3"/>'
        )
    coords = [(x(item.point.taken_on), y(item.point.value)) for item in series.points]
    if len(coords) > 1:
        path = " ".join(f"{_fmt(cx)},{_fmt(cy)}" for cx, cy in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for item, (cx, cy) in zip(series.points, coords, strict=True):
        parts.append(_marker(item, cx, cy))
    first, last = min(days), max(days)
    label_y = _fmt(plot_bottom + 16)
    parts.append(
        f'<text x="{_fmt(x(first))}" y="{label_y}" fill="{MUTED}" text-anchor="start">{first.isoformat()}</text>'
    )
    if last != first:
        parts.append(
            f'<text x="{_fmt(x(last))}" y="{label_y}" fill="{MUTED}" text-anchor="end">{last.isoformat()}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
