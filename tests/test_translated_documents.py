"""Translated home plans and consent forms: no English leaks, fonts cover every glyph, the
demo plans stay within 4 pages and their text extracts (ToUnicode maps)."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from ptplan.demo.clinic import seed_demo
from ptplan.documents.consent import consent_doc
from ptplan.documents.home_plan import patient_home_plan_doc
from ptplan.extensions import db
from ptplan.i18n import PSEUDO
from ptplan.i18n.translator import Translator
from ptplan.patients.models import Patient
from ptplan.pdf import render_dn_consent, render_patient_plan
from ptplan.pdf.fonts import FONT_DIR
from tests.conftest import PASSWORD
from tests.factories.documents import PDFTOPPM, check_pdf, demo_patient


@pytest.fixture()
def demo(app):
    return seed_demo(PASSWORD)


@cache
def cmap(font_file: str) -> frozenset[int]:
    return frozenset(TTFont(font_file, FONT_DIR / font_file).face.charToGlyph)


FONT_FILES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
FONT_FILES["DroidSansFallback"] = "DroidSansFallbackFull.ttf"


def glyph_check(data: bytes) -> tuple[str, list[str]]:
    """(all text, characters drawn in a font that has no glyph for them: a .notdef box)."""
    reader = PdfReader(BytesIO(data))
    missing: list[str] = []
    chunks: list[str] = []

    def visit(text, cm, tm, font, size):  # noqa: ARG001 - pypdf's visitor signature
        if not text or font is None:
            return
        name = str(font.get("/BaseFont", "")).split("+")[-1]
        chunks.append(text)
        glyphs = cmap(FONT_FILES[name])
        missing.extend(ch for ch in text if not ch.isspace() and ord(ch) not in glyphs)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return "".join(chunks), missing


def embedded_subset_fonts(data: bytes) -> set[str]:
    reader = PdfReader(BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            base = str(font["/BaseFont"])
            assert re.match(r"/[A-Z]{6}\+", base), f"{base} is not a subset"
            names.add(base.split("+")[-1])
    return names


def render_plan(demo, patient: Patient, language: str) -> bytes:
    doc, _plan = patient_home_plan_doc(patient, demo.clinic, language)
    return render_patient_plan(doc, page_size="LETTER", language=language)


def leaked_english(text: str, allowed: list[str]) -> list[str]:
    """Words left once every pseudo-translated ⟦…⟧ run and the patient's own data are removed."""
    rest = " ".join(re.sub(r"⟦.*?⟧", " ", text, flags=re.DOTALL).split())
    for value in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(" ".join(value.split()), " ")
    return re.findall(r"[A-Za-z]{2,}", rest)


def data_of(patient: Patient, plan, clinic) -> list[str]:
    """What is the patient's and clinic's own data (names, address, medical muscle names)."""
    values = [
        patient.full_name,
        plan.author.display_name,
        clinic.name,
        clinic.address or "",
        clinic.phone or "",
    ]
    for intervention in plan.interventions_of("dry_needling"):
        for muscle in (intervention.params or {}).get("muscles", []):
            values.append(muscle.get("name", "").split(" (")[0].lower())
    for intervention in plan.interventions:
        values.append((intervention.params or {}).get("patient_notes") or "")
    return [v for v in values if v]


def test_pseudo_locale_home_plan_has_no_untranslated_english(demo):
    patient = demo_patient(demo)  # the showcase: dry needling, hands-on, stretches, progress
    doc, plan = patient_home_plan_doc(patient, demo.clinic, PSEUDO)
    data = render_patient_plan(doc, page_size="LETTER", language=PSEUDO)
    text, missing = glyph_check(data)
    assert missing == []
    assert doc.progress and doc.dry_needling and doc.manual_therapy and doc.exercises
    assert leaked_english(text, data_of(patient, plan, demo.clinic)) == []


def test_pseudo_locale_consent_has_no_untranslated_english(demo):
    patient = demo_patient(demo)
    therapist = demo.users["therapist@demo.ptplan.test"]
    doc = consent_doc(patient, demo.clinic, therapist, language=PSEUDO)
    text, missing = glyph_check(render_dn_consent(doc, language=PSEUDO))
    assert missing == []
    clinic = demo.clinic
    allowed = [patient.full_name, therapist.display_name, clinic.name, clinic.address, clinic.phone]
    allowed.append("DN-CONSENT-2026-1")  # the form's version stamp
    assert leaked_english(text, allowed) == []


@pytest.mark.parametrize(
    ("language", "expected", "font"),
    [
        (
            "es",
            ["Su plan de ejercicios en casa", "Deténgase si:", "Estiramiento del piriforme, acostado"],
            "DejaVuSans",
        ),
        (
            "zh-Hans",
            ["您的居家锻炼计划", "出现以下情况请停止：", "梨状肌拉伸（躺着做）"],
            "DroidSansFallback",
        ),
        ("vi", ["Kế hoạch tập luyện tại nhà", "Ngừng lại nếu:", "Giãn cơ hình lê, nằm"], "DejaVuSans"),
    ],
)
def test_demo_plan_of_the_spanish_speaking_patient_prints_in_each_language(
    demo, tmp_path, language, expected, font
):
    patient = demo_patient(demo, "DEMO-0010")
    assert patient.preferred_language == "es"
    data = render_plan(demo, patient, language)
    reader = check_pdf(data, tmp_path)
    assert len(reader.pages) <= 4  # Spanish runs ~25% longer than English: still 4 pages
    text, missing = glyph_check(data)
    assert missing == [], f"drawn without a glyph (.notdef): {sorted(set(missing))}"
    extracted = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for phrase in expected:  # ToUnicode maps let the text extract as written
        assert re.sub(r"\s+", "", phrase) in extracted
    assert font in embedded_subset_fonts(data)
    footer = Translator(language).gettext("Translation not yet reviewed by your clinic")
    assert re.sub(r"\s+", "", footer) in extracted
    assert reader.metadata is not None


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("language", ["es", "zh-Hans"])
def test_demo_plan_pages_render_with_pdftoppm(demo, tmp_path, language):
    patient = demo_patient(demo, "DEMO-0010")
    path = tmp_path / "plan.pdf"
    path.write_bytes(render_plan(demo, patient, language))
    result = subprocess.run(
        [PDFTOPPM, "-r", "40", "-png", str(path), str(tmp_path / "page")], capture_output=True, text=True
    )
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 1 <= len(pages) <= 4 and all(p.stat().st_size > 5_000 for p in pages)


def test_spanish_consent_keeps_the_risk_figures_in_local_number_format(demo):
    patient = demo_patient(demo, "DEMO-0010")
    therapist = demo.users["therapist2@demo.ptplan.test"]
    doc = consent_doc(patient, demo.clinic, therapist, language="es")
    pages = PdfReader(BytesIO(render_dn_consent(doc, language="es"))).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Consentimiento para la punción seca" in text
    assert "7,55" in text and "0,04" in text
    assert db.session.get(Patient, patient.id).preferred_language == "es"
