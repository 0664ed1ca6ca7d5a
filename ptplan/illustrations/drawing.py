"""Render a ``Pose`` as a reportlab ``Drawing`` for the PDFs."""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.shapes import Circle as RLCircle
from reportlab.graphics.shapes import Drawing, Group, Polygon, PolyLine
from reportlab.lib.colors import Color, HexColor

from ptplan.illustrations.pose import POSE_HEIGHT, POSE_WIDTH, Pose
from ptplan.illustrations.scene import Circle, Stroke, build_scene, content_box

ROUND = 1  # PDF line cap / join style "round"


@lru_cache(maxsize=32)
def _color(value: str | None) -> Color | None:
    return HexColor(value) if value else None


def to_drawing(pose: Pose, width: float, height: float, *, crop: bool = False) -> Drawing:
    """Return a Drawing of ``pose`` scaled to fit ``width`` x ``height`` points.

    By default the Drawing is exactly that size with the whole pose space centred in it.
    With ``crop=True`` it is cut to the figure and its props, so it may come out narrower
    or shorter than asked (never larger).
    """
    if width <= 0 or height <= 0:
        raise ValueError("drawing size must be positive")
    scene = build_scene(pose)
    x0, y0, x1, y1 = content_box(scene) if crop else (0.0, 0.0, POSE_WIDTH, POSE_HEIGHT)
    scale = min(width / (x1 - x0), height / (y1 - y0))
    if crop:
        width, height = (x1 - x0) * scale, (y1 - y0) * scale
    group = Group()
    # Uniform scaling keeps stroke widths and dash lengths in proportion, as in the SVG.
    group.transform = (
        scale,
        0,
        0,
        scale,
        (width - (x1 + x0) * scale) / 2,
        (height - (y1 + y0) * scale) / 2,
    )
    for item in scene:
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
