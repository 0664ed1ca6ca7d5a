"""The bench's WeasyPrint comparison renders the same home plan (bench/weasyprint_plan.py)."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest

from bench.weasyprint_plan import plan_html, render_patient_plan_weasyprint
from ptplan.demo.pdf_samples import sample_patient_plan
from tests.pdfcheck import HOSTILE, assert_in_order, check_pdf, flat, words
from tests.test_pdf import dosage_text


@pytest.fixture(scope="module")
def sample():
    return sample_patient_plan()


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_plan_html_has_the_same_content_escaped(sample):
    hostile = " ".join(HOSTILE)
    doc = dataclasses.replace(sample, patient_name=f'Zoë "{hostile}" </style>', goals=[hostile])
    html = plan_html(doc)
    parser = _Collector()
    parser.feed(html)
    text = flat(" ".join(parser.text))
    assert hostile in text
    assert not any(tag == "script" for tag, _ in parser.tags)
    assert html.count("</style>") == 1  # the name cannot close the style element
    pictures = [
        a for tag, a in parser.tags if tag == "svg" and a.get("role") == "img" and "aria-labelledby" in a
    ]
    charts = [a for tag, a in parser.tags if tag == "svg" and a.get("role") == "img" and "aria-label" in a]
    assert len(pictures) == len(sample.exercises) and len(charts) == 2
    assert any(tag == "img" and a["src"].startswith("data:image/png;base64,") for tag, a in parser.tags)
    for item in sample.exercises:
        assert_in_order(text, [item.name, dosage_text(item), item.steps[0]])
    assert_in_order(
        text, ["Your goals", "Your treatment in the clinic", "Your week", "Call us or seek urgent care"]
    )


def test_weasyprint_renders_the_same_plan(sample, tmp_path):
    try:
        data = render_patient_plan_weasyprint(sample)
    except (ImportError, OSError) as error:  # OSError: pango libraries missing
        pytest.skip(f"WeasyPrint unavailable: {error}")
    text = words(check_pdf(data, tmp_path))
    for item in sample.exercises:
        assert flat(item.name) in text
