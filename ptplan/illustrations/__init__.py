"""Exercise illustrations: a declarative pose, drawn as SVG (web) or reportlab (PDF)."""

from ptplan.illustrations.drawing import to_drawing
from ptplan.illustrations.kinematics import figure
from ptplan.illustrations.pose import (
    POSE_HEIGHT,
    POSE_WIDTH,
    Arrow,
    Frame,
    Pose,
    Prop,
)
from ptplan.illustrations.svg import to_svg

__all__ = [
    "POSE_HEIGHT",
    "POSE_WIDTH",
    "Arrow",
    "Frame",
    "Pose",
    "Prop",
    "figure",
    "to_drawing",
    "to_svg",
]
