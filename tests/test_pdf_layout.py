"""The printed plan's layout, checked on the rendered pages (issue #13).

- progress-chart date labels never overlap, however many visits (pdftotext -bbox geometry);
- a lead-in line ("Now do two things at the same time:") is not numbered as a step;
- large print keeps each exercise, "Stop if" box included, on one page.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from ptplan.demo.pdf_samples import PRINTED_ON, sample_patient_plan
from ptplan.pdf.blocks import is_lead_in
from ptplan.pdf.chart import shown_labels
from ptplan.pdf.models import ProgressPoint
from ptplan.pdf.patient_plan import render_patient_plan

PDFTOTEXT = shutil.which("pdftotext")
MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def plan_with_visits(count: int):
    points = [
        ProgressPoint(
            PRINTED_ON - timedelta(days=4 * (count - 1 - i)), nprs=max(0, 7 - i / 2), odi=44 - 2 * i
        )
        for i in range(count)
    ]
    return dataclasses.replace(sample_patient_plan(), progress=points)


def date_label_rows(pdf: bytes, tmp_path) -> list[list[tuple[float, float, str]]]:
    """Each chart's x-axis row as [(x_min, x_max, text)], from pdftotext's word boxes."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [PDFTOTEXT, "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("<page ")[1:]
    rows: dict[tuple[int, float], list[tuple[float, float, str]]] = {}
    for number, page in enumerate(pages):
        words = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(page)]
        axis_lines = {round(y0, 1) for x0, y0, x1, y1, text in words if re.fullmatch(MONTH, text)}
        for x0, y0, x1, _y1, text in words:
            if round(y0, 1) in axis_lines:
                rows.setdefault((number, round(y0, 1)), []).append((x0, x1, text))
    return [sorted(row) for row in rows.values()]


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("visits", [4, 8, 12, 20])
def test_progress_chart_date_labels_never_overlap(tmp_path, visits, large_print):
    rows = date_label_rows(render_patient_plan(plan_with_visits(visits), large_print=large_print), tmp_path)
    latest = f"{PRINTED_ON:%b} {PRINTED_ON.day}"
    labelled_latest = 0
    for row in rows:  # one row per chart in large print; both charts side by side otherwise
        text = " ".join(t for _, _, t in row)
        assert not re.search(r"\d" + MONTH, text), f"labels run together: {text}"
        for (x0, x1, a), (next_x0, _, b) in zip(row, row[1:], strict=False):
            assert x1 < next_x0, f"{a!r} [{x0:.1f}-{x1:.1f}] touches {b!r} at {next_x0:.1f}"
        labelled_latest += text.count(latest)
        assert len(re.findall(MONTH, text)) >= min(visits, 3) * (1 if large_print else 2)
    assert len(rows) == (2 if large_print else 1), rows
    assert labelled_latest == 2  # the latest visit is always labelled, on both charts


@pytest.mark.parametrize(
    ("widths", "slot", "expected"),
    [
        ([20, 20, 20, 20], 40, [True, True, True, True]),  # room for every label
        ([20] * 6, 15, [True, False, True, False, False, True]),  # every 2nd; the last always
        ([20] * 5, 15, [True, False, True, False, True]),
        ([30], 10, [True]),
        ([], 10, []),
    ],
)
def test_shown_labels_keeps_every_kth_and_the_last(widths, slot, expected):
    assert shown_labels(widths, slot, gap=4) == expected


@pytest.mark.parametrize(
    ("step", "lead_in"),
    [("Now do two things at the same time:", True), ("Lift your head.", False), ("Hold: 5 seconds.", False)],
)
def test_a_lead_in_is_a_line_that_ends_with_a_colon(step, lead_in):
    assert is_lead_in(step) is lead_in


def _pages_text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize("large_print", [False, True])
def test_a_lead_in_step_is_not_numbered(large_print):
    text = " ".join(_pages_text(render_patient_plan(sample_patient_plan(), large_print=large_print)))
    assert (
        "2. Bend your head forward and look down. Now do two things at the same time: 3. Straighten" in text
    )
    assert "3. Now do two things" not in text


def test_large_print_keeps_each_exercise_and_its_stop_if_box_on_one_page():
    doc = sample_patient_plan()
    pages = _pages_text(render_patient_plan(doc, large_print=True))
    for item in doc.exercises:
        first_step, last_caution = item.steps[0], item.cautions[-1]
        on = [i for i, page in enumerate(pages) if item.name in page and first_step in page]
        assert on, item.name
        page = pages[on[0]]
        assert "Stop if:" in page[page.index(first_step) :] and last_caution in page, item.name


PDFTOPPM = shutil.which("pdftoppm")


def last_page_fill(pdf: bytes, tmp_path) -> float:
    """How far down the last page the content reaches (0..1), footer excluded, from its pixels."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    count = len(PdfReader(BytesIO(pdf)).pages)
    prefix = tmp_path / "last"
    subprocess.run(
        [PDFTOPPM, "-gray", "-r", "30", "-f", str(count), "-l", str(count), str(path), str(prefix)],
        check=True,
    )
    image = next(tmp_path.glob("last*.pgm")).read_bytes()
    header = image.split(b"\n", 3)  # P5, width height, maxval, pixels
    width, height = (int(v) for v in header[1].split())
    pixels = header[3]
    body = int(height * 0.9)  # the footer line sits below this
    inked = [y for y in range(body) if min(pixels[y * width : (y + 1) * width]) < 160]
    return (max(inked) + 1) / body if inked else 0.0


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("page_size", ["A4", "LETTER"])
@pytest.mark.parametrize("visits", [4, 12])
def test_the_standard_plan_has_no_mostly_blank_last_page(tmp_path, page_size, visits):
    pdf = render_patient_plan(plan_with_visits(visits), page_size=page_size)
    assert len(PdfReader(BytesIO(pdf)).pages) <= 4
    assert last_page_fill(pdf, tmp_path) >= 0.5
