"""Declarative pose description for exercise illustrations.

A pose is drawn in a fixed coordinate space of ``POSE_WIDTH`` x ``POSE_HEIGHT`` units,
x to the right and y *up* (like PDF), so authors think "floor at y=10". Renderers scale it
uniformly to whatever size they are asked for.

- ``Frame``: one key position of a stick figure, as joint name -> (x, y).
- ``Prop``: floor, mat, chair, step, wall or strap drawn behind the figure.
- ``Arrow``: a straight or curved movement arrow.
- ``Pose``: one or two frames plus props and arrows. ``frames[0]`` is the position the
  patient should recognise (drawn solid); ``frames[1]``, if present, is the other end of the
  movement (drawn dashed and lighter).

Every class validates itself on construction and raises ``ValueError``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

POSE_WIDTH = 100.0
POSE_HEIGHT = 75.0

Point = tuple[float, float]

#: Joints every frame must have. A side-view stick figure has one shoulder point and one
#: hip point; both arms and both legs hang from them.
REQUIRED_JOINTS = frozenset(
    {
        "head",
        "neck",
        "shoulder",
        "hip",
        "elbow_left",
        "hand_left",
        "elbow_right",
        "hand_right",
        "knee_left",
        "ankle_left",
        "knee_right",
        "ankle_right",
    }
)
#: Joints a frame may add: toes (the foot is drawn from ankle to toe) and a mid-back point
#: that bends the spine into a curve (cat-camel, child's pose).
OPTIONAL_JOINTS = frozenset({"foot_left", "foot_right", "mid_back"})
JOINTS = REQUIRED_JOINTS | OPTIONAL_JOINTS

SIDES = ("left", "right")

#: Prop kind -> number of points it needs (None: two or more).
PROP_POINTS: Mapping[str, int | None] = MappingProxyType(
    {
        "floor": 1,  # (x, y): a floor line at height y across the picture
        "mat": 2,  # lower-left and upper-right corners of a mat
        "step": 2,  # lower-left and upper-right corners of a box or low step
        "chair": 2,  # seat front corner (x, seat_y) and back-leg foot (x, floor_y)
        "wall": 2,  # bottom and top of a wall line
        "strap": None,  # a line through points or joint names (resolved per frame)
    }
)


def _check_point(value: object, what: str) -> Point:
    """Return ``value`` as a float pair inside the pose space, or raise ValueError."""
    try:
        x, y = value  # type: ignore[misc]
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be an (x, y) pair, got {value!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"{what} must be finite, got {value!r}")
    if not (0.0 <= x <= POSE_WIDTH and 0.0 <= y <= POSE_HEIGHT):
        raise ValueError(f"{what} {value!r} is outside the pose space 0..{POSE_WIDTH:g} x 0..{POSE_HEIGHT:g}")
    return (x, y)


@dataclass(frozen=True)
class Frame:
    """One key position of the figure.

    ``near_side`` says which limbs face the viewer; the other side's limbs are drawn lighter,
    as if further away.
    """

    joints: Mapping[str, Point]
    near_side: str = "right"

    def __post_init__(self) -> None:
        if not isinstance(self.joints, Mapping):
            raise ValueError("joints must be a mapping of joint name to (x, y)")
        missing = REQUIRED_JOINTS - set(self.joints)
        if missing:
            raise ValueError(f"frame is missing joints: {', '.join(sorted(missing))}")
        unknown = set(self.joints) - JOINTS
        if unknown:
            raise ValueError(f"unknown joints: {', '.join(sorted(unknown))}")
        if self.near_side not in SIDES:
            raise ValueError(f"near_side must be 'left' or 'right', got {self.near_side!r}")
        checked = {name: _check_point(p, f"joint {name!r}") for name, p in self.joints.items()}
        # A read-only view keeps a frozen Frame really immutable.
        object.__setattr__(self, "joints", MappingProxyType(checked))

    def __getitem__(self, joint: str) -> Point:
        return self.joints[joint]

    @property
    def far_side(self) -> str:
        return "left" if self.near_side == "right" else "right"


@dataclass(frozen=True)
class Prop:
    """Scenery behind the figure; see ``PROP_POINTS`` for what each kind's points mean.

    Strap points may be joint names (e.g. ``"foot_right"``) so the strap follows each frame.
    """

    kind: str
    points: tuple[Point | str, ...]

    def __post_init__(self) -> None:
        if self.kind not in PROP_POINTS:
            raise ValueError(f"unknown prop kind {self.kind!r}; use one of {sorted(PROP_POINTS)}")
        points = tuple(self.points)
        wanted = PROP_POINTS[self.kind]
        if wanted is None and len(points) < 2:
            raise ValueError(f"a {self.kind} needs at least two points")
        if wanted is not None and len(points) != wanted:
            raise ValueError(f"a {self.kind} needs exactly {wanted} point(s), got {len(points)}")
        checked: list[Point | str] = []
        for i, p in enumerate(points):
            if isinstance(p, str):
                if self.kind != "strap" or p not in JOINTS:
                    raise ValueError(f"{self.kind} point {i}: {p!r} is not a usable joint name")
                checked.append(p)
            else:
                checked.append(_check_point(p, f"{self.kind} point {i}"))
        object.__setattr__(self, "points", tuple(checked))

    def resolve(self, frame: Frame) -> tuple[Point, ...]:
        """Points with joint names replaced by that frame's coordinates."""
        out = []
        for p in self.points:
            if isinstance(p, str):
                if p not in frame.joints:
                    raise ValueError(f"strap refers to joint {p!r}, which the frame lacks")
                out.append(frame[p])
            else:
                out.append(p)
        return tuple(out)


@dataclass(frozen=True)
class Arrow:
    """A movement arrow from ``start`` to ``end``.

    ``bend`` curves it: the control point sits ``bend`` x length to the left of the
    straight line (negative bends right); 0 draws a straight arrow.
    """

    start: Point
    end: Point
    bend: float = 0.0

    def __post_init__(self) -> None:
        start = _check_point(self.start, "arrow start")
        end = _check_point(self.end, "arrow end")
        if math.dist(start, end) < 2.0:
            raise ValueError("arrow is too short to see (start and end nearly equal)")
        if not (math.isfinite(self.bend) and -1.0 <= self.bend <= 1.0):
            raise ValueError(f"arrow bend must be between -1 and 1, got {self.bend!r}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def control_point(self) -> Point:
        """The quadratic Bezier control point implied by ``bend``."""
        (x0, y0), (x1, y1) = self.start, self.end
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        # Left normal of the direction vector, scaled by the chord length.
        return (mx - (y1 - y0) * self.bend, my + (x1 - x0) * self.bend)


@dataclass(frozen=True)
class Pose:
    """One or two frames of a figure, with optional props and movement arrows."""

    frames: tuple[Frame, ...]
    props: tuple[Prop, ...] = field(default_factory=tuple)
    arrows: tuple[Arrow, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        frames = tuple(self.frames)
        if not 1 <= len(frames) <= 2:
            raise ValueError(f"a pose has one or two frames, got {len(frames)}")
        for item, kind in [(f, Frame) for f in frames] + [(p, Prop) for p in self.props]:
            if not isinstance(item, kind):
                raise ValueError(f"expected a {kind.__name__}, got {type(item).__name__}")
        for a in self.arrows:
            if not isinstance(a, Arrow):
                raise ValueError(f"expected an Arrow, got {type(a).__name__}")
        if len(self.arrows) > 3:
            raise ValueError("more than three arrows make a picture hard to read")
        for prop in self.props:
            for frame in frames:
                prop.resolve(frame)
        object.__setattr__(self, "frames", frames)
        object.__setattr__(self, "props", tuple(self.props))
        object.__setattr__(self, "arrows", tuple(self.arrows))
