"""The small "your progress" charts: pain (NPRS 0-10) and daily-life limits (ODI 0-100%).

Drawn from reportlab.graphics shapes rather than the ``HorizontalLineChart`` widget: the
widget's axis machinery cost about 15 ms per plan, a third of the whole render budget,
for two lines of four points.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import TableStyle

from ptplan.i18n.translator import _
from ptplan.pdf.blocks import Table
from ptplan.pdf.fonts import font_runs
from ptplan.pdf.markup import short_date
from ptplan.pdf.models import ProgressPoint
from ptplan.pdf.styles import BRAND, INK, MUTED, RULE, Theme

LINE = HexColor("#1f6fb2")


def shown_labels(widths: Sequence[float], slot: float, gap: float) -> list[bool]:
    """Which x-axis labels to print so that none touches another (issue #13: "Oct 6Oct 17").

    Labels sit centred in equal slots. Every k-th label is kept, k the smallest stride whose
    spacing clears the widest label plus ``gap``; the last label (the latest visit) is always
    kept, and the kept label before it is dropped if the two would touch.
    """
    count = len(widths)
    if count == 0:
        return []
    widest = max(widths)
    stride = max(1, -(-(widest + gap) // slot)) if slot > 0 else count
    stride = int(stride)
    keep = [i % stride == 0 for i in range(count)]
    keep[-1] = True
    previous = max((i for i in range(count - 1) if keep[i]), default=None)
    if previous is not None and (count - 1 - previous) * slot < (widths[previous] + widths[-1]) / 2 + gap:
        keep[previous] = False
    return keep


def _text(
    x: float,
    y: float,
    text: str,
    *,
    fontName: str,  # noqa: N803 - the same keywords as reportlab's String
    fontSize: float,  # noqa: N803
    fillColor: Color,  # noqa: N803
    textAnchor: str = "start",  # noqa: N803
) -> String | Group:
    """A chart label; Chinese runs switch to the CJK font (one String per run)."""
    runs = font_runs(text, fontName)
    if len(runs) == 1:
        font = runs[0][0]
        return String(
            x, y, text, fontName=font, fontSize=fontSize, fillColor=fillColor, textAnchor=textAnchor
        )
    total = sum(stringWidth(part, font, fontSize) for font, part in runs)
    start = x - {"start": 0, "middle": total / 2, "end": total}[textAnchor]
    group = Group()
    for font, part in runs:
        group.add(String(start, y, part, fontName=font, fontSize=fontSize, fillColor=fillColor))
        start += stringWidth(part, font, fontSize)
    return group


def line_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    top: float,
    step: float,
    y_label: str,
    t: Theme,
    width: float,
    aspect: float | None = None,
) -> Drawing:
    """A titled line chart with a labelled value axis (0..top) and a "Visit date" axis.

    A single point is drawn as one marker; values are printed above their points.
    """
    font, bold, size = t.body.fontName, t.bold.fontName, t.cell.fontSize * 0.85
    height = width * (aspect or (0.5 if t.large else 0.4))
    x0, y0 = size * 4.4, size * 3.2  # plot origin, leaving room for tick labels and axis titles
    plot_w, plot_h = width - x0 - size, height - y0 - size * 2.8
    d = Drawing(width, height)
    d.initialFontName = font  # keeps the unembedded Helvetica default out of the PDF
    d.add(_text(x0, height - size * 1.1, title, fontName=bold, fontSize=size * 1.1, fillColor=BRAND))
    # The value-axis title runs up the left edge.
    y_title = Group(_text(0, 0, y_label, fontName=font, fontSize=size, fillColor=INK, textAnchor="middle"))
    y_title.transform = (0, 1, -1, 0, size * 1.1, y0 + plot_h / 2)
    d.add(y_title)
    ticks = int(top // step)
    for i in range(ticks + 1):
        y = y0 + plot_h * i / ticks
        d.add(Line(x0, y, x0 + plot_w, y, strokeColor=RULE if i else MUTED, strokeWidth=0.4 if i else 0.8))
        d.add(
            _text(
                x0 - size * 0.4,
                y - size * 0.35,
                f"{step * i:g}",
                fontName=font,
                fontSize=size,
                fillColor=INK,
                textAnchor="end",
            )
        )
    d.add(Line(x0, y0, x0, y0 + plot_h, strokeColor=MUTED, strokeWidth=0.8))
    slot = plot_w / len(points)
    xy = [(x0 + slot * (i + 0.5), y0 + plot_h * min(value, top) / top) for i, (_, value) in enumerate(points)]
    if len(xy) > 1:
        d.add(PolyLine([c for p in xy for c in p], strokeColor=LINE, strokeWidth=2.2, strokeLineJoin=1))
    label_widths = [stringWidth(label, font, size) for label, _ in points]
    show = shown_labels(label_widths, slot, gap=size * 0.8)
    for (x, y), (label, value), labelled in zip(xy, points, show, strict=True):
        d.add(Circle(x, y, size * 0.3, fillColor=LINE, strokeColor=None))
        d.add(
            _text(
                x,
                y + size * 0.6,
                f"{value:g}",
                fontName=font,
                fontSize=size,
                fillColor=BRAND,
                textAnchor="middle",
            )
        )
        if labelled:
            d.add(
                _text(
                    x,
                    y0 - size * 1.2,
                    label,
                    fontName=font,
                    fontSize=size,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    d.add(
        _text(
            x0 + plot_w / 2,
            size * 0.3,
            _("Visit date"),
            fontName=font,
            fontSize=size,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    return d


def progress_charts(
    points: Sequence[ProgressPoint],
    t: Theme,
    width: float,
    disability_title: str = "Limits on daily life",
    *,
    aspect: float | None = None,
) -> Table | None:
    """Side-by-side charts (stacked in large print); None when there is nothing to show.

    ``aspect`` (height / width) lets a plan that would spill onto a nearly empty page use
    flatter charts."""
    pain = [(short_date(p.recorded_on), p.nprs) for p in points if p.nprs is not None]
    odi = [(short_date(p.recorded_on), p.odi) for p in points if p.odi is not None]
    one = width if t.large else width / 2 - 6
    charts = []
    if pain:
        charts.append(
            line_chart(
                pain, title=_("Pain"), top=10, step=2, y_label=_("0 to 10"), t=t, width=one, aspect=aspect
            )
        )
    if odi:
        charts.append(
            line_chart(
                odi,
                title=_(disability_title),
                top=100,
                step=20,
                y_label=_("0 to 100"),
                t=t,
                width=one,
                aspect=aspect,
            )
        )
    if not charts:
        return None
    rows = [[c] for c in charts] if t.large or len(charts) == 1 else [charts]
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
