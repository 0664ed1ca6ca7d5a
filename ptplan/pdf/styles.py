"""Paragraph styles and sizes for normal and large print, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ptplan.pdf.fonts import register_fonts

WHITE = HexColor("#ffffff")
INK = HexColor("#16202c")  # body text: contrast about 16:1 on white
BRAND = HexColor("#1b2f4b")
MUTED = HexColor("#4a5563")
RULE = HexColor("#b9c6d6")
TINT = HexColor("#e9f0f7")
CAUTION_BG = HexColor("#fff5e6")
CAUTION_LINE = HexColor("#b54708")
DANGER_BG = HexColor("#fdeeee")
DANGER_LINE = HexColor("#b42318")


@dataclass(frozen=True)
class Theme:
    """Everything size-dependent, so large print is the same layout code with other numbers."""

    large: bool
    body: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    bullet: ParagraphStyle
    step: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle  # small bold column heading, centred
    badge: ParagraphStyle  # white exercise number on the brand colour
    bar_title: ParagraphStyle  # exercise name in its title bar
    danger_title: ParagraphStyle
    footer_size: float
    margin: float
    gap: float
    picture_width: float
    picture_height: float
    brand: Color = BRAND


def _style(name: str, font: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
    kw.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)


@cache
def theme(large: bool = False, cjk: bool = False) -> Theme:
    """Normal print uses 10 pt body text; large print 17 pt (JOURNEYS.md asks for 16+).

    DejaVu Sans has a large x-height: 10 pt reads like 11-12 pt of a book face. ``cjk``
    (Chinese documents) breaks lines between any two characters, since Chinese has no spaces.
    """
    if cjk:
        latin = theme(large)
        styles = {
            f.name: ParagraphStyle(
                f"{getattr(latin, f.name).name}-cjk", parent=getattr(latin, f.name), wordWrap="CJK"
            )
            for f in fields(latin)
            if isinstance(getattr(latin, f.name), ParagraphStyle)
        }
        return replace(latin, **styles)
    regular, bold = register_fonts()
    s = 17.0 if large else 10.0
    lead = s * 1.36
    return Theme(
        large=large,
        body=_style("body", regular, s, lead, spaceAfter=s * 0.45),
        bold=_style("bold", bold, s, lead, spaceAfter=s * 0.3, keepWithNext=1),
        small=_style("small", regular, s * 0.82, s * 1.1, textColor=MUTED),
        title=_style("title", bold, s * 1.75, s * 2.05, textColor=BRAND),
        h1=_style("h1", bold, s * 1.4, s * 1.75, textColor=BRAND, spaceBefore=s * 0.95, spaceAfter=s * 0.2),
        h2=_style(
            "h2",
            bold,
            s * 1.15,
            s * 1.45,
            textColor=BRAND,
            spaceBefore=s * 0.5,
            spaceAfter=s * 0.3,
            keepWithNext=1,
        ),
        bullet=_style(
            "bullet",
            regular,
            s,
            lead,
            leftIndent=s * 1.3,
            bulletIndent=s * 0.2,
            bulletFontName=regular,
            bulletFontSize=s,
            spaceAfter=s * 0.2,
        ),
        step=_style(
            "step",
            regular,
            s,
            lead,
            leftIndent=s * 1.7,
            bulletIndent=0,
            bulletFontName=bold,
            bulletFontSize=s,
            spaceAfter=s * 0.2,
        ),
        cell=_style("cell", regular, s * 0.95, s * 1.25),
        cell_bold=_style("cell_bold", bold, s * 0.95, s * 1.25),
        cell_head=_style("cell_head", bold, s * 0.82, s * 1.1, alignment=1),
        badge=_style("badge", bold, s * 1.15, s * 1.45, textColor=WHITE, alignment=1),
        bar_title=_style("bar_title", bold, s * 1.15, s * 1.45, textColor=BRAND),
        danger_title=_style("danger_title", bold, s * 1.15, s * 1.45, textColor=DANGER_LINE, keepWithNext=1),
        footer_size=12.0 if large else 8.0,
        margin=14 * mm,  # home printers need about 6 mm; 14 mm keeps a clean edge
        gap=s * 0.6,
        picture_width=(80 if large else 60) * mm,
        picture_height=(60 if large else 45) * mm,
    )
