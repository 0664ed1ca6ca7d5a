"""Pose <-> JSON-ready dict, so an exercise's illustration can live on ``Exercise.pose``.

``ptplan.illustrations`` has no serialiser, so it lives here. The dict form is plain data
(lists, floats, strings); ``pose_from_dict`` rebuilds the frozen dataclasses, which validate
themselves, so a corrupted row raises ``ValueError`` instead of drawing nonsense.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ptplan.illustrations import Arrow, Frame, Pose, Prop, to_svg

FORMAT = 1


def pose_to_dict(pose: Pose) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "frames": [
            {"near_side": f.near_side, "joints": {name: list(p) for name, p in sorted(f.joints.items())}}
            for f in pose.frames
        ],
        "props": [
            {"kind": p.kind, "points": [pt if isinstance(pt, str) else list(pt) for pt in p.points]}
            for p in pose.props
        ],
        "arrows": [{"start": list(a.start), "end": list(a.end), "bend": a.bend} for a in pose.arrows],
    }


def pose_from_dict(data: dict[str, Any]) -> Pose:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a stored pose (unknown format)")
    try:
        frames = tuple(
            Frame(joints={k: tuple(v) for k, v in f["joints"].items()}, near_side=f["near_side"])
            for f in data["frames"]
        )
        props = tuple(
            Prop(p["kind"], tuple(pt if isinstance(pt, str) else tuple(pt) for pt in p["points"]))
            for p in data.get("props", [])
        )
        arrows = tuple(
            Arrow(tuple(a["start"]), tuple(a["end"]), float(a.get("bend", 0.0)))
            for a in data.get("arrows", [])
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"stored pose is malformed: {error}") from None
    return Pose(frames=frames, props=props, arrows=arrows)


def exercise_svg(exercise, *, element_id: str, width: int = 160, height: int = 120) -> Markup | None:
    """Inline SVG for a library exercise, or None when it has no (valid) pose.

    ``to_svg`` escapes the title and emits no scripts or external references, so the
    result is safe to mark up as-is.
    """
    if not exercise.pose:
        return None
    key = json.dumps(exercise.pose, sort_keys=True, separators=(",", ":"))
    svg = _cached_svg(key, f"Illustration: {exercise.name}", width, height, element_id)
    return Markup(svg) if svg is not None else None  # noqa: S704  (to_svg escapes its only free text, the title)


@lru_cache(maxsize=2048)
def _cached_svg(pose_key: str, title: str, width: int, height: int, element_id: str) -> str | None:
    """The SVG for one stored pose, drawn once per process (the library holds 120+ poses)."""
    try:
        pose = pose_from_dict(json.loads(pose_key))
    except ValueError:
        return None
    return to_svg(pose, title=title, width=width, height=height, element_id=element_id)
