"""Exercise illustrations: a declarative pose, drawn as SVG (web) or reportlab (PDF)."""

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


def __getattr__(name: str):
    # The reportlab drawing is for PDFs only: loaded on first use, not with the web app.
    if name == "to_drawing":
        from ptplan.illustrations.drawing import to_drawing

        return to_drawing
    raise AttributeError(f"module 'ptplan.illustrations' has no attribute {name!r}")


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
