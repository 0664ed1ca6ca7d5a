"""Building blocks shared by the documents: header, headings, lists, boxes, signature lines."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from io import BytesIO

from PIL import Image as PILImage
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as _PlatypusTable

from ptplan.i18n.translator import _
from ptplan.pdf.fonts import REGULAR, cjk_runs
from ptplan.pdf.markup import Para, esc, para, rich
from ptplan.pdf.models import ClinicInfo
from ptplan.pdf.styles import BRAND, RULE, TINT, Theme

log = logging.getLogger(__name__)


class Table(_PlatypusTable):
    """reportlab's Table with cells set in the embedded font.

    A plain Table starts every cell in Helvetica, even an empty one, which puts an
    unembedded standard font into every page's resources.
    """

    def __init__(self, data: object, *args: object, **kwargs: object) -> None:
        super().__init__(data, *args, **kwargs)  # type: ignore[arg-type]
        self.setStyle([("FONT", (0, 0), (-1, -1), REGULAR, 10)])


class Beside(Flowable):
    """A framed picture with a few short flowables stacked to its right. It never splits,
    so callers put only what fits beside the picture in it (see patient_plan._beside)."""

    def __init__(self, picture: Flowable, items: Sequence[Flowable], *, pad: float, gap: float) -> None:
        super().__init__()
        self.picture, self.items, self.pad, self.gap = picture, list(items), pad, gap

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        pic_w, pic_h = self.picture.wrap(availWidth, availHeight)
        self._box = (pic_w + 2 * self.pad, pic_h + 2 * self.pad)
        column = availWidth - self._box[0] - self.gap
        self._sizes = [item.wrap(column, availHeight) for item in self.items]
        stacked = sum(h for _, h in self._sizes) + sum(
            i.getSpaceBefore() * (n > 0) + i.getSpaceAfter() for n, i in enumerate(self.items)
        )
        self.width, self.height = availWidth, max(self._box[1], stacked)
        return self.width, self.height

    def draw(self) -> None:
        canv, (box_w, box_h) = self.canv, self._box
        top = self.height
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.rect(0, top - box_h, box_w, box_h, stroke=1, fill=0)
        canv.restoreState()
        self.picture.drawOn(canv, self.pad, top - box_h + self.pad)
        x, y = box_w + self.gap, top
        for n, (item, (_width, h)) in enumerate(zip(self.items, self._sizes, strict=True)):
            y -= item.getSpaceBefore() * (n > 0) + h
            item.drawOn(canv, x, y)
            y -= item.getSpaceAfter()


@lru_cache(maxsize=16)
def _image_reader(data: bytes) -> ImageReader:
    """Decodes every pixel, not only the header: a truncated file fails here, not mid-document."""
    try:
        with PILImage.open(BytesIO(data)) as decoded:
            decoded.load()
        reader = ImageReader(BytesIO(data))
        reader.getSize()
    except Exception as error:  # PIL raises many types for a corrupt file
        raise ValueError("image is not a readable PNG or JPEG") from error
    return reader


def image_or_nothing(data: bytes | None, max_width: float, max_height: float, what: str) -> Image | None:
    """The image, or None (logged) if it cannot be drawn: the document still renders."""
    if not data:
        return None
    try:
        return image_flowable(data, max_width, max_height)
    except ValueError:
        log.warning("PDF: the %s could not be decoded and was left out", what)
        return None


def image_flowable(data: bytes, max_width: float, max_height: float) -> Image:
    """A PNG/JPEG scaled to fit the box, keeping its aspect ratio; ValueError if unreadable."""
    data = bytes(data)
    w, h = _image_reader(data).getSize()
    scale = min(max_width / w, max_height / h)
    return Image(BytesIO(data), width=w * scale, height=h * scale)


def is_usable_image(data: bytes) -> bool:
    """True if ``data`` is an image the PDFs can print (call this when a logo is uploaded)."""
    try:
        _image_reader(bytes(data))
    except ValueError:
        return False
    return True


def clinic_header(clinic: ClinicInfo, t: Theme, title: str, facts: Sequence[tuple[str, str]]) -> Table:
    """Clinic name, phone and logo on the left; document title and key facts on the right."""
    left: list[Flowable] = []
    logo = image_or_nothing(clinic.logo, 40 * 2.8346, 16 * 2.8346, "clinic logo")
    if logo is not None:
        logo.hAlign = "LEFT"
        left += [logo, Spacer(1, 3)]
    left.append(para(clinic.name, t.h2))
    contact = [_("Phone: %(phone)s") % {"phone": clinic.phone}] + ([clinic.address] if clinic.address else [])
    left += [para(line, t.small) for line in contact]
    right: list[Flowable] = [para(title, t.title)]
    right += [rich(_("<b>%(label)s:</b> %(value)s"), t.body, label=k, value=v) for k, v in facts]
    table = Table([[left, right]], colWidths=["42%", "58%"])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, BRAND),
                ("BOTTOMPADDING", (0, 0), (-1, -1), t.gap),
            ]
        )
    )
    return table


def heading(text: str, t: Theme) -> list[Flowable]:
    """A section heading kept with what follows it."""
    h = Para(cjk_runs(esc(text)), t.h1)
    h.keepWithNext = True
    rule = HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=0, spaceAfter=t.gap * 0.8)
    rule.keepWithNext = True  # type: ignore[attr-defined]
    return [h, rule]


def bullets(items: Iterable[str], t: Theme) -> list[Paragraph]:
    return [Para(cjk_runs(esc(item)), t.bullet, bulletText="•") for item in items]


def is_lead_in(step: str) -> bool:
    """A line that introduces the next steps ("Now do two things at the same time:") is not a step."""
    return step.rstrip().endswith(":")


def numbered(items: Iterable[str], t: Theme) -> list[Paragraph]:
    """Numbered steps; a lead-in keeps the step indent, carries no number, and stays with the next step."""
    out: list[Paragraph] = []
    number = 0
    for item in items:
        if is_lead_in(item):
            lead = Para(cjk_runs(esc(item)), t.step)
            lead.keepWithNext = True
            out.append(lead)
        else:
            number += 1
            out.append(Para(cjk_runs(esc(item)), t.step, bulletText=f"{number}."))
    return out


def boxed(
    rows: Sequence[Flowable | list[Flowable]],
    t: Theme,
    *,
    line: Color,
    background: Color,
    split_rows: bool = False,
) -> Table:
    """A coloured box, one flowable (or list) per row, that may break between rows.

    ``split_rows`` also lets a page break fall inside a row: needed only when one row
    could be taller than a page, since otherwise a row's parts should stay together.
    """
    table = Table([[r] for r in rows], colWidths=["100%"], splitInRow=int(split_rows))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LINEBEFORE", (0, 0), (0, -1), 4, line),
                ("LEFTPADDING", (0, 0), (-1, -1), t.gap * 1.3),
                ("RIGHTPADDING", (0, 0), (-1, -1), t.gap * 1.3),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), t.gap * 0.8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), t.gap * 0.8),
            ]
        )
    )
    return table


def label_value_table(
    rows: Sequence[tuple[str, str]], t: Theme, widths: Sequence[float | str] = ("32%", "68%")
) -> Table:
    """Two columns of label and value; long values may split across pages."""
    data = [[para(label, t.cell_bold), para(value, t.cell)] for label, value in rows]
    table = Table(data, colWidths=list(widths), splitInRow=1, hAlign="LEFT")
    table.setStyle(grid_style())
    return table


def grid_style(header: bool = False) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), TINT))
    return TableStyle(commands)


def data_table(columns: Sequence[str], rows: Sequence[Sequence[str]], t: Theme, widths=None) -> Table:  # type: ignore[no-untyped-def]
    """A table with a shaded header row repeated on each page."""
    data = [[para(c, t.cell_bold) for c in columns]]
    data += [[para(cell, t.cell) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(grid_style(header=True))
    return table


def signature_line(
    label: str, t: Theme, *, filled: str = "", date_text: str = "", with_date: bool = True
) -> Table:
    """A signature line, with a date line unless ``with_date`` is false; ``filled`` pre-prints
    a name on it and ``date_text`` a date."""
    if with_date:
        data = [
            [para(filled, t.body), "", para(date_text, t.body)],
            [para(label, t.small), "", para(_("Date"), t.small)],
        ]
        widths: list[str] = ["62%", "6%", "32%"]
        lines = [("LINEBELOW", (0, 0), (0, 0), 0.8, BRAND), ("LINEBELOW", (2, 0), (2, 0), 0.8, BRAND)]
    else:
        data = [[para(filled, t.body)], [para(label, t.small)]]
        widths = ["62%"]
        lines = [("LINEBELOW", (0, 0), (0, 0), 0.8, BRAND)]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *lines,
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, 0), t.gap * 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
