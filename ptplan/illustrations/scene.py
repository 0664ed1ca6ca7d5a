"""Turn a ``Pose`` into a flat list of drawing primitives.

Both renderers (SVG and reportlab) draw exactly this list, so a picture looks the same on
screen and on paper. Coordinates stay in pose space (y up); renderers only scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ptplan.illustrations.pose import POSE_HEIGHT, POSE_WIDTH, Arrow, Frame, Point, Pose, Prop

# High-contrast palette: the near body is near-black navy on white (contrast > 12:1).
BODY = "#1b2f4b"
BODY_FAR = "#6f8aa8"
GHOST = "#93a9c2"  # second key frame
ARROW = "#d2461e"
PROP_LINE = "#55606e"
PROP_FILL = "#e3ebf3"
STRAP = "#0f7c6e"

LIMB_WIDTH = 5.2
GHOST_WIDTH = 3.6
HEAD_RADIUS = 5.5
# Round caps add half a line width at each end of a dash, so gaps must exceed the width.
GHOST_DASH = (1.5, 6.0)


@dataclass(frozen=True)
class Stroke:
    """An open or closed polyline."""

    points: tuple[Point, ...]
    color: str | None
    width: float
    dash: tuple[float, ...] = ()
    fill: str | None = None
    closed: bool = False


@dataclass(frozen=True)
class Circle:
    center: Point
    radius: float
    color: str | None
    width: float
    fill: str | None
    dash: tuple[float, ...] = ()


Primitive = Stroke | Circle


def _quad(p0: Point, c: Point, p1: Point, steps: int = 12) -> tuple[Point, ...]:
    """Sample a quadratic Bezier; both renderers then draw the same polyline."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        a, b, d = (1 - t) ** 2, 2 * (1 - t) * t, t * t
        out.append((a * p0[0] + b * c[0] + d * p1[0], a * p0[1] + b * c[1] + d * p1[1]))
    return tuple(out)


def _spine(frame: Frame) -> tuple[Point, ...]:
    hip, shoulder = frame["hip"], frame["shoulder"]
    if "mid_back" not in frame.joints:
        return (hip, shoulder)
    # The mid-back point lies on the curve: place the control point so the curve passes it.
    m = frame["mid_back"]
    control = (2 * m[0] - (hip[0] + shoulder[0]) / 2, 2 * m[1] - (hip[1] + shoulder[1]) / 2)
    return _quad(hip, control, shoulder)


def _limb_chains(frame: Frame, side: str) -> list[tuple[Point, ...]]:
    j = frame.joints
    arm = (j["shoulder"], j[f"elbow_{side}"], j[f"hand_{side}"])
    leg = [j["hip"], j[f"knee_{side}"], j[f"ankle_{side}"]]
    if f"foot_{side}" in j:
        leg.append(j[f"foot_{side}"])
    return [arm, tuple(leg)]


def _figure(frame: Frame, ghost: bool) -> list[Primitive]:
    """Far limbs first, then trunk and head, then near limbs, so depth reads correctly."""
    width = GHOST_WIDTH if ghost else LIMB_WIDTH
    dash = GHOST_DASH if ghost else ()
    near_color = GHOST if ghost else BODY
    far_color = GHOST if ghost else BODY_FAR
    out: list[Primitive] = [
        Stroke(chain, far_color, width, dash) for chain in _limb_chains(frame, frame.far_side)
    ]
    out.append(Stroke(_spine(frame) + (frame["neck"],), near_color, width, dash))
    out.extend(Stroke(chain, near_color, width, dash) for chain in _limb_chains(frame, frame.near_side))
    if ghost:
        out.append(Circle(frame["head"], HEAD_RADIUS - 0.6, GHOST, 1.6, "#ffffff", (2.2, 2.2)))
    else:
        out.append(Circle(frame["head"], HEAD_RADIUS, BODY, 1.0, BODY))
    return out


def _prop(prop: Prop, frame: Frame, ghost: bool) -> list[Primitive]:
    pts = prop.resolve(frame)
    if prop.kind == "floor":
        y = pts[0][1]
        return [Stroke(((2.0, y), (POSE_WIDTH - 2.0, y)), PROP_LINE, 1.4)]
    if prop.kind in ("mat", "step"):
        (x0, y0), (x1, y1) = pts
        box = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
        fill = PROP_FILL if prop.kind == "mat" else "#f1f3f5"
        return [Stroke(box, PROP_LINE if prop.kind == "step" else None, 1.0, fill=fill, closed=True)]
    if prop.kind == "chair":
        (front, seat_y), (back, floor_y) = pts
        top = seat_y + (seat_y - floor_y) * 0.95
        return [
            Stroke(((front, floor_y), (front, seat_y), (back, seat_y)), PROP_LINE, 2.0),
            Stroke(((back, floor_y), (back, min(top, 74.0))), PROP_LINE, 2.0),
        ]
    if prop.kind == "wall":
        return [Stroke(pts, PROP_LINE, 2.0)]
    # strap: drawn per frame so it follows the moving limb
    return [Stroke(pts, GHOST if ghost else STRAP, 1.2 if ghost else 1.8, GHOST_DASH if ghost else ())]


def _arrow(arrow: Arrow) -> list[Primitive]:
    line = _quad(arrow.start, arrow.control_point(), arrow.end)
    # Aim the head along the curve's last chord so curved arrows point the right way.
    (xa, ya), (xb, yb) = line[-2], line[-1]
    angle = math.atan2(yb - ya, xb - xa)
    size = 4.2
    left = (xb - size * math.cos(angle - 0.45), yb - size * math.sin(angle - 0.45))
    right = (xb - size * math.cos(angle + 0.45), yb - size * math.sin(angle + 0.45))
    # Stop the shaft inside the head so the round cap does not poke through the tip.
    shaft = line[:-1] + ((xb - 2.5 * math.cos(angle), yb - 2.5 * math.sin(angle)),)
    return [
        Stroke(shaft, ARROW, 1.8),
        Stroke((left, (xb, yb), right), ARROW, 0.8, fill=ARROW, closed=True),
    ]


def content_box(primitives: list[Primitive], pad: float = 3.0) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) around everything drawn, plus ``pad``, clipped to the pose space.

    Renderers crop to this box so a figure lying on the floor does not sit under a band
    of empty sky.
    """
    xs: list[float] = []
    ys: list[float] = []
    for item in primitives:
        if isinstance(item, Circle):
            reach = item.radius + item.width / 2
            xs += [item.center[0] - reach, item.center[0] + reach]
            ys += [item.center[1] - reach, item.center[1] + reach]
        else:
            half = item.width / 2
            xs += [c for x, _ in item.points for c in (x - half, x + half)]
            ys += [c for _, y in item.points for c in (y - half, y + half)]
    return (
        max(0.0, min(xs) - pad),
        max(0.0, min(ys) - pad),
        min(POSE_WIDTH, max(xs) + pad),
        min(POSE_HEIGHT, max(ys) + pad),
    )


def build_scene(pose: Pose) -> list[Primitive]:
    """Primitives in paint order: props, the ghost frame, the main frame, arrows."""
    main, *rest = pose.frames
    out: list[Primitive] = []
    for prop in pose.props:
        if prop.kind != "strap":
            out.extend(_prop(prop, main, ghost=False))
    straps = [p for p in pose.props if p.kind == "strap"]
    for frame in rest:
        for prop in straps:
            out.extend(_prop(prop, frame, ghost=True))
        out.extend(_figure(frame, ghost=True))
    for prop in straps:
        out.extend(_prop(prop, main, ghost=False))
    out.extend(_figure(main, ghost=False))
    for arrow in pose.arrows:
        out.extend(_arrow(arrow))
    return out
