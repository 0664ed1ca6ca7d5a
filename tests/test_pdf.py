"""PDF documents: validity, content in reading order, escaping, Unicode, page flow, privacy."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from ptplan.catalogue import EXERCISES_BY_SLUG, texts
from ptplan.demo.pdf_samples import (
    sample_consent,
    sample_logo,
    sample_note,
    sample_patient_plan,
    sample_plan_of_care,
)
from ptplan.pdf import (
    Addendum,
    ClinicInfo,
    ExerciseItem,
    ManualTherapyItem,
    NoteSection,
    NoteSignature,
    PatientPlanDoc,
    ProgressPoint,
    Signatory,
    is_usable_image,
    render_dn_consent,
    render_note,
    render_patient_plan,
    render_plan_of_care,
)
from ptplan.pdf.markup import dosage_rows
from ptplan.pdf.styles import theme
from tests.pdfcheck import HOSTILE, PDFTOPPM, QPDF, assert_in_order, check_pdf, flat, words  # noqa: F401


def dosage_text(item: ExerciseItem) -> str:
    return dosage_rows(
        item.sets, item.reps, item.hold_seconds, item.times_per_day, item.days_per_week, item.side
    )[0][1]


def minimal_plan(**changes) -> PatientPlanDoc:
    base = PatientPlanDoc(
        clinic=ClinicInfo("Test Clinic", "(555) 000-1111"),
        patient_name="Pat Example",
        therapist_name="Sam Rivera, PT, DPT",
        printed_on=date(2026, 3, 12),
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def sample():
    return sample_patient_plan()


@pytest.fixture(scope="module")
def sample_pdf(sample):
    return render_patient_plan(sample)


def test_qpdf_is_available_for_structural_checks():
    if QPDF is None:
        pytest.skip("qpdf is not installed: PDFs here were checked with pypdf only (CI installs qpdf)")
    assert Path(QPDF).exists()


def test_sample_plan_is_valid_short_and_private(sample_pdf, tmp_path):
    reader = check_pdf(sample_pdf, tmp_path)
    assert 1 <= len(reader.pages) <= 4
    meta = reader.metadata
    assert meta.title == "Home exercise plan"
    assert meta.author == "Riverside Physical Therapy"
    assert "Łukasiewicz" not in str(dict(meta))  # no patient data in metadata


def test_plan_content_is_in_reading_order(sample, sample_pdf, tmp_path):
    text = words(check_pdf(sample_pdf, tmp_path))
    expected = ["Your goals", *sample.goals, "Your treatment in the clinic", "Dry needling"]
    expected += [m.name for m in sample.manual_therapy]
    expected.append("Your home exercises")
    for item in sample.exercises:
        expected += [item.name, dosage_text(item), item.steps[0], item.steps[-1], item.cautions[0]]
    expected += ["Your week", "Your progress", "Call us or seek urgent care if"]
    assert_in_order(text, expected)
    assert "1 set of 3" in text and "3 sets of 10" in text


def test_every_page_has_the_footer(sample, sample_pdf, tmp_path):
    reader = check_pdf(sample_pdf, tmp_path)
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = flat(page.extract_text())
        assert f"Page {number} of {total}" in text
        assert sample.patient_name in text
        assert "Printed March 12, 2026" in text


def test_large_print_keeps_content_and_uses_big_type(sample, sample_pdf, tmp_path):
    large = render_patient_plan(sample, large_print=True)
    reader = check_pdf(large, tmp_path)
    text = words(reader)
    for item in sample.exercises:
        assert_in_order(text, [item.name, dosage_text(item), *item.steps])
    for goal in sample.goals:
        assert flat(goal) in text
    big, normal = theme(True), theme(False)
    assert big.body.fontSize >= 16 and big.cell.fontSize >= 16 and big.bullet.fontSize >= 16
    assert big.h1.fontSize > big.h2.fontSize > big.body.fontSize
    assert normal.body.fontSize < big.body.fontSize
    assert len(reader.pages) > len(PdfReader(BytesIO(sample_pdf)).pages)


def test_unicode_names_print_with_embedded_fonts(tmp_path):
    name = "Zoë Łukasiewicz-Núñez"
    doc = minimal_plan(patient_name=name, goals=["Gehen ohne Schmerzen — 30 Minuten", "Ćwiczenia codziennie"])
    reader = check_pdf(render_patient_plan(doc), tmp_path)
    text = words(reader)
    assert name in text and "Ćwiczenia codziennie" in text
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("DejaVuSans" in str(f["/BaseFont"]) for f in fonts)
    assert all("/FontFile2" in f["/FontDescriptor"] for f in fonts)


def test_markup_in_user_text_prints_literally(tmp_path):
    hostile = " ".join(HOSTILE)
    item = ExerciseItem(
        name=f"Stretch {hostile}",
        steps=[f"Step {hostile}"],
        cautions=[f"caution {hostile}"],
        notes=f"note {hostile}\nsecond line",
        purpose=f"why {hostile}",
    )
    doc = minimal_plan(
        clinic=ClinicInfo(f"Clinic {hostile}", "555 & 1"),
        patient_name=f"Name {hostile}",
        therapist_name="T <i>x</i>",
        goals=[f"Goal {hostile}"],
        dry_needling=True,
        dry_needling_muscles=[f"muscle {hostile}"],
        manual_therapy=[ManualTherapyItem(f"MT {hostile}", f"why {hostile}")],
        exercises=[item],
        notes=f"plan note {hostile}\x00\x07 control characters dropped",
    )
    text = words(check_pdf(render_patient_plan(doc), tmp_path))
    for fragment in HOSTILE:
        assert text.count(fragment) >= 8, fragment
    assert "T <i>x</i>" in text
    assert "control characters dropped" in text


def test_long_instructions_flow_across_pages(tmp_path):
    steps = [
        f"Step marker {n:02d}: " + "keep your back relaxed and breathe slowly " * 4 for n in range(1, 61)
    ]
    giant_caution = "your pain spreads " + "and keeps spreading " * 120 + "end-of-caution"
    giant_step = "A very long single step " + "with many words " * 400 + "end-of-giant-step"
    item = ExerciseItem(
        name="Very long exercise",
        steps=[*steps, giant_step],
        cautions=[giant_caution],
        notes="Long note " * 300 + "end-of-note",
        pose=EXERCISES_BY_SLUG["bird-dog"].pose,
    )
    for large in (False, True):
        reader = check_pdf(render_patient_plan(minimal_plan(exercises=[item]), large_print=large), tmp_path)
        assert len(reader.pages) >= 3
        text = words(reader)
        assert_in_order(text, [f"Step marker {n:02d}:" for n in range(1, 61)])
        for end in ("end-of-giant-step", "end-of-caution", "end-of-note"):
            assert end in text


def test_plan_without_exercises_or_optional_sections_is_valid(tmp_path):
    reader = check_pdf(render_patient_plan(minimal_plan()), tmp_path)
    text = words(reader)
    assert len(reader.pages) == 1
    assert "Call us or seek urgent care if" in text and "(555) 000-1111" in text
    for absent in ("Your goals", "Your week", "Your progress", "Dry needling", "Your home exercises"):
        assert absent not in text


def test_exercise_without_picture_cautions_or_side(tmp_path):
    item = ExerciseItem("Plain walk", ["Walk."], side="none", hold_seconds=120, times_per_day=1)
    text = words(check_pdf(render_patient_plan(minimal_plan(exercises=[item])), tmp_path))
    assert_in_order(text, ["Plain walk", "1 set of 10", "2 minutes", "Once a day", "Every day", "Walk."])
    assert "Side" not in text and "Stop if" not in text


def test_patient_plan_carries_no_codes(sample_pdf, tmp_path):
    text = words(check_pdf(sample_pdf, tmp_path))
    assert not re.search(r"\b(97\d{3}|2056[01])\b", text), "CPT code on the patient's plan"
    assert not re.search(r"\b[A-TV-Z]\d{2}\.\d{1,4}\b", text), "ICD-10 code on the patient's plan"
    for word in ("CPT", "ICD", "MRN", "insurance", "Diagnosis", "M54"):
        assert word not in text


def test_progress_chart_handles_one_or_no_points(tmp_path):
    one = minimal_plan(progress=[ProgressPoint(date(2026, 3, 1), nprs=6)])
    text = words(check_pdf(render_patient_plan(one), tmp_path))
    assert_in_order(text, ["Your progress", "Pain", "0 to 10", "Mar 1", "Visit date"])
    assert "Limits on daily life" not in text
    two = minimal_plan(
        progress=[ProgressPoint(date(2026, 3, 1), odi=40), ProgressPoint(date(2026, 3, 8), odi=32.5)]
    )
    assert "Limits on daily life" in words(check_pdf(render_patient_plan(two), tmp_path))
    with pytest.raises(ValueError):
        ProgressPoint(date(2026, 3, 1), nprs=11)


def test_letter_size_and_page_size_validation(sample, tmp_path):
    reader = check_pdf(render_patient_plan(sample, page_size="LETTER"), tmp_path)
    assert 1 <= len(reader.pages) <= 4  # US clinics print on Letter, which is shorter than A4
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    with pytest.raises(ValueError, match="page_size"):
        render_patient_plan(sample, page_size="A5")


def test_logo_is_printed_and_a_broken_logo_is_left_out_and_logged(tmp_path, caplog):
    logo_pdf = render_patient_plan(minimal_plan(clinic=ClinicInfo("C", "1", logo=sample_logo())))
    page = check_pdf(logo_pdf, tmp_path).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    truncated = sample_logo()[: len(sample_logo()) // 2]  # a valid header, half the pixels
    assert is_usable_image(sample_logo()) and not is_usable_image(b"not an image")
    assert not is_usable_image(truncated)
    for broken in (b"\x89PNG broken", truncated):
        caplog.clear()
        page = check_pdf(
            render_patient_plan(minimal_plan(clinic=ClinicInfo("C", "1", logo=broken))), tmp_path
        ).pages[0]
        assert "/XObject" not in page["/Resources"] or not any(
            x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values()
        )
        assert "clinic logo could not be decoded" in caplog.text


def test_exercise_photo_replaces_the_drawing(tmp_path):
    item = ExerciseItem.from_catalogue(EXERCISES_BY_SLUG["bird-dog"], photo=sample_logo())
    for large in (False, True):
        reader = check_pdf(render_patient_plan(minimal_plan(exercises=[item]), large_print=large), tmp_path)
        images = [
            x
            for page in reader.pages
            for x in page["/Resources"].get("/XObject", {}).values()
            if x.get_object()["/Subtype"] == "/Image"
        ]
        assert images
        assert_in_order(words(reader), [item.name, "2 sets of 8", *item.steps])


def test_exercise_item_validates_and_copies_the_library():
    library = EXERCISES_BY_SLUG["glute-bridge"]
    item = ExerciseItem.from_catalogue(library, reps=12)
    assert item.reps == 12 and item.sets == library.dosage.sets and item.pose is library.pose
    assert isinstance(item.steps, tuple)
    with pytest.raises(ValueError):
        ExerciseItem("x", ["y"], side="middle")
    with pytest.raises(ValueError):
        ExerciseItem("x", ["y"], sets=0)


@pytest.mark.parametrize(
    "build",
    [
        lambda: minimal_plan(patient_name=None),
        lambda: minimal_plan(therapist_name="  "),
        lambda: ClinicInfo("Clinic", ""),
        lambda: dataclasses.replace(sample_note(), mrn=""),
        lambda: dataclasses.replace(sample_consent(), patient_name=""),
    ],
)
def test_missing_names_are_refused(build):
    with pytest.raises(ValueError, match="non-empty"):
        build()


def test_page_one_renders_to_an_image(sample_pdf, tmp_path):
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(sample_pdf)
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True
    )
    (png,) = tmp_path.glob("p*.png")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000


def test_plan_of_care_holds_what_certification_needs(tmp_path):
    doc = sample_plan_of_care()
    text = words(check_pdf(render_plan_of_care(doc), tmp_path))
    expected = [doc.patient_name, "July 4, 1961", doc.mrn, "February 19, 2026 to April 2, 2026"]
    expected += [d.code for d in doc.diagnoses] + [g.description for g in doc.long_term_goals]
    expected += [g.description for g in doc.short_term_goals]
    expected += ["CPT 20560/20561", "CPT 97140", "15 min", "CPT 97110", "2 visits per week for 6 weeks"]
    expected += ["electronically signed by Sam Rivera, PT, DPT (licence PT-123456)", "Physician signature"]
    expected += ["Dr. Priya Natarajan, MD, NPI 1234567893"]
    assert_in_order(text, expected)
    draft = dataclasses.replace(doc, therapist=Signatory("Sam Rivera", "PT, DPT"), physician_npi="")
    assert "Unsigned draft" in words(check_pdf(render_plan_of_care(draft), tmp_path))
    with pytest.raises(ValueError):
        dataclasses.replace(doc, certification_end=date(2020, 1, 1))


def test_consent_form_states_facts_and_prefills_signatures(tmp_path):
    doc = sample_consent()
    text = words(check_pdf(render_dn_consent(doc), tmp_path))
    assert "not acupuncture" in text
    assert_in_order(text, ["Bruising", "7.55%", "Bleeding", "4.65%", "Pain during treatment", "3.01%"])
    assert "0.04%" in text and texts.CONSENT_FORM_VERSION in text
    assert_in_order(text, ["Other options", "Your rights", "Consent", doc.patient_name, "February 19, 2026"])
    assert "Alex Kim, PTA" in text and "☑ A copy of this signed form was given" in text
    blank = words(check_pdf(render_dn_consent(sample_consent(signed=False)), tmp_path))
    assert "Alex Kim" not in blank and "☐ A copy of this signed form was given" in blank


def test_note_prints_sections_signature_then_addenda(tmp_path):
    doc = sample_note()
    text = words(check_pdf(render_note(doc), tmp_path))
    expected = ["Daily note", doc.patient_name, doc.mrn, "Subjective", "Pain now (NPRS)", "4/10"]
    expected += ["Interventions", "Manual therapy (97140)", "Assessment", "Plan", "Electronically signed"]
    expected += [doc.signature.content_sha256, "Addenda", "Reason: Correction", doc.addenda[0].text]
    assert_in_order(text, expected)


def test_note_escapes_text_and_flows_long_addenda(tmp_path):
    hostile = " ".join(HOSTILE)
    long_text = "Corrected detail " * 900 + "end-of-addendum"
    doc = dataclasses.replace(
        sample_note(),
        sections=[
            NoteSection(
                f"S {hostile}", paragraphs=[hostile], rows=[(hostile, "Long value " * 700 + "end-of-row")]
            )
        ],
        signature=None,
        addenda=[Addendum("A", "now", hostile, long_text)],
    )
    reader = check_pdf(render_note(doc), tmp_path)
    text = words(reader)
    assert len(reader.pages) >= 3
    assert "Unsigned draft" in text and "end-of-addendum" in text and "end-of-row" in text
    for fragment in HOSTILE:
        assert fragment in text
    signed = dataclasses.replace(doc, signature=NoteSignature("X", "Mar 5, 2026 4:05 PM EST", "ab" * 32))
    assert "ab" * 32 in words(check_pdf(render_note(signed), tmp_path))
