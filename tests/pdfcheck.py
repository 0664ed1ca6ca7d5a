"""PDF checks shared by the PDF and document tests: pypdf + qpdf, text in reading order."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

QPDF = shutil.which("qpdf")
PDFTOPPM = shutil.which("pdftoppm")
HOSTILE = ["<b>bold</b>", "<script>alert(1)</script>", "A & B", "<para>", "&amp; &lt;"]


def check_pdf(data: bytes, tmp_path: Path) -> PdfReader:
    """Parse with pypdf and, where qpdf is installed (CI installs it), run ``qpdf --check``."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) >= 1
    if QPDF:
        path = tmp_path / "check.pdf"
        path.write_bytes(data)
        result = subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors found" in result.stdout
    return reader


def words(reader: PdfReader) -> str:
    """All pages' text with whitespace collapsed, so wrapped lines still match phrases."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_in_order(text: str, phrases: list[str]) -> None:
    position = 0
    for phrase in phrases:
        found = text.find(flat(phrase), position)
        assert found >= 0, f"{phrase!r} missing after position {position}"
        position = found + 1
