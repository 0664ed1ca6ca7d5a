"""Render a ``Pose`` as a small, accessible, self-contained SVG string."""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape, quoteattr

from ptplan.illustrations.pose import POSE_HEIGHT, POSE_WIDTH, Point, Pose
from ptplan.illustrations.scene import Circle, Primitive, build_scene, content_box


def _xy(p: Point) -> str:
    # SVG's y axis points down; pose space points up.
    return f"{p[0]:.2f},{POSE_HEIGHT - p[1]:.2f}"


def _paint(color: str | None, width: float, fill: str | None, dash: tuple[float, ...]) -> str:
    parts = [f'stroke="{color}" stroke-width="{width:g}"' if color else 'stroke="none"']
    parts.append(f'fill="{fill}"' if fill else 'fill="none"')
    if dash:
        parts.append(f'stroke-dasharray="{" ".join(f"{d:g}" for d in dash)}"')
    return " ".join(parts)


def _element(item: Primitive) -> str:
    if isinstance(item, Circle):
        cx, cy = _xy(item.center).split(",")
        paint = _paint(item.color, item.width, item.fill, item.dash)
        return f'<circle cx="{cx}" cy="{cy}" r="{item.radius:g}" {paint}/>'
    tag = "polygon" if item.closed else "polyline"
    points = " ".join(_xy(p) for p in item.points)
    return f'<{tag} points="{points}" {_paint(item.color, item.width, item.fill, item.dash)}/>'


def _default_id(title: str) -> str:
    # Several pictures share one HTML page, so ids must differ; a hash keeps them stable.
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:30] or "pose"
    return f"pose-{slug}-{hashlib.sha256(title.encode()).hexdigest()[:6]}"


def to_svg(
    pose: Pose,
    *,
    title: str,
    width: float | str = 240,
    height: float | str = 180,
    element_id: str | None = None,
    crop: bool = False,
) -> str:
    """Return an SVG document for ``pose``.

    The SVG has ``role="img"`` and a ``<title>`` (the escaped ``title``) referenced by
    ``aria-labelledby``; it holds no scripts and no external references. ``width`` and
    ``height`` may be numbers (CSS pixels) or CSS lengths such as ``"5cm"``. ``crop=True``
    cuts the view to the figure, as ``to_drawing(crop=True)`` does; with numeric sizes the
    box then shrinks to the figure's proportions.
    """
    if not isinstance(title, str) or not title.strip():
        raise ValueError("an illustration needs a non-empty title for screen readers")
    base = element_id or _default_id(title)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", base):
        raise ValueError(f"element_id {base!r} is not a safe XML id")
    title_id = f"{base}-title"
    scene = build_scene(pose)
    x0, y0, x1, y1 = content_box(scene) if crop else (0.0, 0.0, POSE_WIDTH, POSE_HEIGHT)
    if crop and isinstance(width, int | float) and isinstance(height, int | float):
        scale = min(width / (x1 - x0), height / (y1 - y0))
        width, height = round((x1 - x0) * scale, 1), round((y1 - y0) * scale, 1)
    view = f"{x0:.2f} {POSE_HEIGHT - y1:.2f} {x1 - x0:.2f} {y1 - y0:.2f}"
    body = "\n".join(_element(item) for item in scene)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(base)} '
        f"width={quoteattr(str(width))} height={quoteattr(str(height))} "
        f'viewBox="{view}" role="img" '
        f'aria-labelledby="{title_id}" stroke-linecap="round" stroke-linejoin="round">\n'
        f'<title id="{title_id}">{escape(title)}</title>\n'
        f'<rect width="{POSE_WIDTH:g}" height="{POSE_HEIGHT:g}" fill="#ffffff"/>\n'
        f"{body}\n</svg>\n"
    )
