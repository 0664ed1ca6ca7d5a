"""Page setup shared by all documents: page size, footer with "Page x of y", metadata."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from ptplan.pdf.styles import MUTED, RULE, Theme, theme

PAGE_SIZES = {"A4": A4, "LETTER": letter}

# Write compressed streams as binary instead of ASCII85 text. Without reportlab's optional
# C accelerator, ASCII85 encoding in pure Python took about 5 ms of a 50 ms plan, and the
# files get about 8% smaller. This is reportlab's process-wide setting; ptplan is its only
# user, and binary streams are what most PDF producers write.
rl_config.useA85 = 0


class NumberedCanvas(Canvas):
    """Holds finished pages until the end, so each footer can say "Page x of y".

    This is the usual single-layout-pass alternative to ``multiBuild``: it costs memory
    for page state, not a second layout of the whole story.
    """

    def __init__(
        self,
        *args: object,
        footer: tuple[str, str],
        font: str,
        size: float,
        margin: float,
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._footer = footer
        self._footer_font = (font, size)
        self._margin = margin
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's API name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = self._pagesize
        font, size = self._footer_font
        margin = self._margin
        y = margin * 0.55
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(margin, y + size * 1.3, width - margin, y + size * 1.3)
        self.setFont(font, size)
        self.setFillColor(MUTED)
        left, right = self._footer
        room = width / 2 - margin - self.stringWidth(f"Page {total} of {total}", font, size)
        while left and self.stringWidth(left, font, size) > room:
            left = left[:-2] + "…"  # a very long name must not run into the page number
        self.drawString(margin, y, left)
        self.drawCentredString(width / 2, y, f"Page {self._pageNumber} of {total}")
        self.drawRightString(width - margin, y, right)
        self.restoreState()


def page_size_of(name: str) -> tuple[float, float]:
    """The (width, height) in points of "A4" or "LETTER"; ValueError for anything else."""
    try:
        return PAGE_SIZES[name.upper()]
    except (KeyError, AttributeError):
        raise ValueError(f"page_size must be one of {sorted(PAGE_SIZES)}, got {name!r}") from None


FRAME_PADDING = 6.0  # SimpleDocTemplate's frame pads each side by 6 pt


def content_width(t: Theme, page_size: str) -> float:
    """Width available to flowables: the page less both margins and the frame padding."""
    return page_size_of(page_size)[0] - 2 * (t.margin + FRAME_PADDING)


def build_pdf(
    story: Sequence[Flowable],
    *,
    theme: Theme,
    title: str,
    author: str,
    footer: tuple[str, str],
    page_size: str = "A4",
    subject: str = "",
    language: str = "en",
) -> bytes:
    """Lay out ``story`` and return the PDF bytes. Metadata holds no patient data."""
    size = page_size_of(page_size)
    out = BytesIO()
    bottom = theme.margin + theme.footer_size * 2.2
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=theme.margin,
        rightMargin=theme.margin,
        topMargin=theme.margin,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
        creator="ptplan",
        producer="ptplan (reportlab)",
        pageCompression=1,
        lang=language,
        # Otherwise every page starts in Helvetica, an unembedded standard font.
        initialFontName=theme.body.fontName,
        initialFontSize=theme.body.fontSize,
        initialLeading=theme.body.leading,
    )
    maker = partial(
        NumberedCanvas, footer=footer, font=theme.body.fontName, size=theme.footer_size, margin=theme.margin
    )
    doc.build(list(story), canvasmaker=maker)
    return out.getvalue()


def render_doc(
    build_story: Callable[[Any, Theme, float], list[Flowable]],
    doc: Any,
    *,
    title: str,
    footer: tuple[str, str],
    page_size: str = "A4",
    large_print: bool = False,
    language: str = "en",
) -> bytes:
    """Theme, width and layout for one document: the part every ``render_*`` shares."""
    t = theme(large_print)
    return build_pdf(
        build_story(doc, t, content_width(t, page_size)),
        theme=t,
        title=title,
        author=doc.clinic.name,
        footer=footer,
        page_size=page_size,
        language=language,
    )
