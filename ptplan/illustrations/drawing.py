"""Render a ``Pose`` as a reportlab ``Drawing`` for the PDFs."""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.shapes import Circle as RLCircle
from reportlab.graphics.shapes import Drawing, Group, Polygon, PolyLine
from reportlab.lib.colors import Color, HexColor

from ptplan.illustrations.pose import POSE_HEIGHT, POSE_WIDTH, Pose
from ptplan.illustrations.scene import Circle, Stroke, build_scene

ROUND = 1  # PDF line cap / join style "round"


@lru_cache(maxsize=32)
def _color(value: str | None) -> Color | None:
    return HexColor(value) if value else None


def to_drawing(pose: Pose, width: float, height: float) -> Drawing:
    """Return a ``width`` x ``height`` point Drawing of ``pose``, scaled to fit, centred."""
    if width <= 0 or height <= 0:
        raise ValueError("drawing size must be positive")
    scale = min(width / POSE_WIDTH, height / POSE_HEIGHT)
    group = Group()
    # Uniform scaling keeps stroke widths and dash lengths in proportion, as in the SVG.
    group.transform = (
        scale,
        0,
        0,
        scale,
        (width - POSE_WIDTH * scale) / 2,
        (height - POSE_HEIGHT * scale) / 2,
    )
    for item in build_scene(pose):
        dash = list(item.dash) if item.dash else None
        if isinstance(item, Circle):
            shape = RLCircle(
                item.center[0],
                item.center[1],
                item.radius,
                strokeColor=_color(item.color),
                strokeWidth=item.width,
                fillColor=_color(item.fill),
                strokeDashArray=dash,
            )
        else:
            assert isinstance(item, Stroke)
            flat = [c for p in item.points for c in p]
            kind = Polygon if item.closed else PolyLine
            shape = kind(
                flat,
                strokeColor=_color(item.color),
                strokeWidth=item.width,
                strokeLineCap=ROUND,
                strokeLineJoin=ROUND,
                strokeDashArray=dash,
            )
            if item.closed:
                shape.fillColor = _color(item.fill)
        group.add(shape)
    drawing = Drawing(width, height)
    drawing.add(group)
    return drawing
