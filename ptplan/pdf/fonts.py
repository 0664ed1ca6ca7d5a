"""Bundled fonts, registered with reportlab once per process: DejaVu Sans and Droid Sans Fallback.

Embedding our own TTFs (instead of the 14 standard PDF fonts) is what lets names such as
"Zoë Łukasiewicz-Núñez" and Vietnamese diacritics print; bundling keeps PDFs identical on
any server. DejaVu has no Chinese, and Droid Sans Fallback (Apache-2.0, a TrueType font,
which reportlab needs: Noto CJK is CFF) has Chinese but no Latin letters, so every text is
set in DejaVu and its CJK runs are switched to Droid (``cjk_runs``, ``font_runs``). Both are
embedded as subsets with ToUnicode maps, so the text extracts.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "DroidSansFallback"  # one weight: Chinese bold prints in the regular face

# Han, kana, Hangul, CJK symbols and full-width punctuation: what DejaVu lacks and Droid has.
CJK_CHARS = re.compile(
    "[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+"
)
_TAG = re.compile(r"(<[^>]*>)")


@cache
def register_fonts() -> tuple[str, str]:
    """Register the Latin fonts on first use (parsing a TTF costs tens of ms) and return their names."""
    pdfmetrics.registerFont(TTFont(REGULAR, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))
    # Map <b> and <i> in paragraph markup to fonts we have; there is no oblique face bundled.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD


@cache
def register_cjk_font() -> str:
    """Register Droid Sans Fallback on first CJK use only: it is 4 MB and takes about 0.3 s."""
    pdfmetrics.registerFont(TTFont(CJK, FONT_DIR / "DroidSansFallbackFull.ttf"))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)
    return CJK


def has_cjk(text: str) -> bool:
    return CJK_CHARS.search(text) is not None


def cjk_runs(markup: str) -> str:
    """Paragraph markup with each CJK run wrapped in ``<font name=...>`` (tags left alone)."""
    if not has_cjk(markup):
        return markup
    font = register_cjk_font()
    parts = _TAG.split(markup)
    for index in range(0, len(parts), 2):  # even indexes are text between tags
        parts[index] = CJK_CHARS.sub(lambda m: f'<font name="{font}">{m.group(0)}</font>', parts[index])
    return "".join(parts)


def font_runs(text: str, latin: str) -> list[tuple[str, str]]:
    """(font name, text) runs for canvas drawing: CJK in Droid, the rest in ``latin``."""
    if not has_cjk(text):
        return [(latin, text)]
    font = register_cjk_font()
    runs, last = [], 0
    for match in CJK_CHARS.finditer(text):
        if match.start() > last:
            runs.append((latin, text[last : match.start()]))
        runs.append((font, match.group(0)))
        last = match.end()
    if last < len(text):
        runs.append((latin, text[last:]))
    return runs
