"""Pose drawings for the PDFs, built once per process and replayed as PDF operators.

Building a pose's reportlab ``Drawing`` and walking it through ``renderPDF`` cost about 5 ms an
exercise, on every plan, for pictures that never change. The operators a pose draws depend only
on the pose and the box it is fitted to, and use no page resources (no fonts, no images), so the
first render of each (pose, size) records them and every later render appends the same bytes.
"""

from __future__ import annotations

import re
from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ptplan.illustrations import to_drawing
from ptplan.illustrations.pose import Pose

# renderPDF selects its initial font even for a drawing without text: a text object with no
# text in it, naming a font resource of the scratch canvas. It draws nothing, so it is dropped.
_EMPTY_TEXT = re.compile(r"^BT /F\d+ [\d.]+ Tf [\d.]+ TL ET$")


_CACHE_SIZE = 512  # poses x sizes in use; the catalogue has a few dozen poses, two sizes
_recordings: dict[tuple[str, float, float], tuple[float, float, str]] = {}


def _recorded(pose: Pose, width: float, height: float) -> tuple[float, float, str]:
    """(width, height, operators) of ``pose`` cropped into ``width`` x ``height``.

    Keyed by the pose's repr: a Pose holds read-only mappings, so it cannot be hashed itself.
    """
    key = (repr(pose), width, height)
    if key not in _recordings:
        if len(_recordings) >= _CACHE_SIZE:
            _recordings.clear()
        _recordings[key] = _record(pose, width, height)
    return _recordings[key]


def _record(pose: Pose, width: float, height: float) -> tuple[float, float, str]:
    drawing = to_drawing(pose, width, height, crop=True)
    scratch = Canvas(BytesIO())
    start = len(scratch._code)  # reportlab keeps a page's operators in this list
    renderPDF.draw(drawing, scratch, 0, 0)
    ops = "\n".join(op for op in scratch._code[start:] if not _EMPTY_TEXT.match(op))
    return drawing.width, drawing.height, ops


class PoseFlowable(Flowable):
    """A pose drawing fitted (cropped) to ``width`` x ``height`` points."""

    def __init__(self, pose: Pose, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height, self._ops = _recorded(pose, float(width), float(height))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.addLiteral(self._ops)
        self.canv.restoreState()


def pose_picture(pose: Pose, width: float, height: float) -> PoseFlowable:
    return PoseFlowable(pose, width, height)
