"""Contact sheet of every exercise illustration: a clinician reviews the drawings at a glance.

Pure: exercise entries in, PDF bytes out. Each cell holds the vector drawing (the same
primitives as the SVG on screen), the exercise's name, slug and region tags.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ptplan.illustrations import Pose, to_drawing
from ptplan.pdf.fonts import register_fonts

COLUMNS, ROWS = 4, 5
MARGIN = 28.0
HEADER = 30.0


@dataclass(frozen=True)
class SheetEntry:
    name: str
    slug: str
    tags: str
    pose: Pose


def render_library_sheet(entries: Sequence[SheetEntry], *, title: str = "Exercise illustrations") -> bytes:
    """A4 pages of COLUMNS x ROWS cells, numbered, in the order given."""
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor("ptplan")
    width, height = A4
    cell_w = (width - 2 * MARGIN) / COLUMNS
    cell_h = (height - 2 * MARGIN - HEADER) / ROWS
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(entries) // per_page))
    for page in range(pages):
        pdf.setFont(bold, 13)
        pdf.drawString(MARGIN, height - MARGIN - 12, title)
        pdf.setFont(regular, 8)
        pdf.drawRightString(
            width - MARGIN, height - MARGIN - 12, f"{len(entries)} exercises · page {page + 1} of {pages}"
        )
        for index, entry in enumerate(entries[page * per_page : (page + 1) * per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            x = MARGIN + column * cell_w
            y = height - MARGIN - HEADER - (row + 1) * cell_h
            pdf.setStrokeColor(HexColor("#c8d0da"))
            pdf.rect(x + 2, y + 2, cell_w - 4, cell_h - 4, stroke=1, fill=0)
            drawing = to_drawing(entry.pose, cell_w - 12, cell_h - 40, crop=True)
            renderPDF.draw(
                drawing, pdf, x + (cell_w - drawing.width) / 2, y + 34 + (cell_h - 40 - drawing.height) / 2
            )
            pdf.setFillColor(HexColor("#1b2f4b"))
            pdf.setFont(bold, 7.5)
            pdf.drawString(
                x + 6,
                y + 22,
                _fit(pdf, f"{page * per_page + index + 1}. {entry.name}", bold, 7.5, cell_w - 12),
            )
            pdf.setFont(regular, 6.5)
            pdf.drawString(x + 6, y + 13, _fit(pdf, entry.slug, regular, 6.5, cell_w - 12))
            pdf.drawString(x + 6, y + 6, _fit(pdf, entry.tags, regular, 6.5, cell_w - 12))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, room: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``room`` points."""
    if pdf.stringWidth(text, font, size) <= room:
        return text
    while text and pdf.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"
