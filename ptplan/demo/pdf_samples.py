"""Realistic sample documents built from the catalogue, for tests, previews and benchmarks.

Pure like the documents layer it feeds (no Flask, no database): data in, dataclasses out.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from io import BytesIO

from ptplan.catalogue import EXERCISES_BY_SLUG, TECHNIQUES_BY_SLUG
from ptplan.pdf.models import (
    Addendum,
    ClinicInfo,
    ConsentDoc,
    Diagnosis,
    ExerciseItem,
    GoalLine,
    InterventionLine,
    ManualTherapyItem,
    NoteDoc,
    NoteSection,
    NoteSignature,
    NoteTable,
    PatientPlanDoc,
    PlanOfCareDoc,
    ProgressPoint,
    Signatory,
    SignedConsent,
)

PRINTED_ON = date(2026, 3, 12)
PATIENT = "Zoë Łukasiewicz-Núñez"
THERAPIST = "Sam Rivera, PT, DPT"


@cache
def sample_logo() -> bytes:
    """A small PNG logo drawn with Pillow (a reportlab dependency), so no binary is checked in."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 96), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 92, 92), radius=18, fill="#1b2f4b")
    draw.polygon([(26, 70), (48, 24), (70, 70)], fill="#7cc4b4")
    draw.rectangle((110, 30, 230, 40), fill="#1b2f4b")
    draw.rectangle((110, 56, 200, 66), fill="#7cc4b4")
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sample_clinic(with_logo: bool = True) -> ClinicInfo:
    return ClinicInfo(
        name="Riverside Physical Therapy",
        phone="(555) 014-2368",
        address="120 Main Street, Suite 4, Springfield",
        logo=sample_logo() if with_logo else None,
    )


def sample_patient_plan(*, with_logo: bool = True) -> PatientPlanDoc:
    """A typical sciatica plan: dry needling, manual therapy and four home exercises."""
    pick = EXERCISES_BY_SLUG
    exercises = [
        ExerciseItem.from_catalogue(pick["piriformis-stretch-supine"], side="right"),
        ExerciseItem.from_catalogue(
            pick["sciatic-nerve-glide-seated"],
            side="right",
            notes="Keep it gentle. Tingling is OK if it fades within a minute.",
        ),
        ExerciseItem.from_catalogue(pick["prone-press-up"]),
        ExerciseItem.from_catalogue(pick["glute-bridge"], sets=3, reps=10),
    ]
    techniques = TECHNIQUES_BY_SLUG
    return PatientPlanDoc(
        clinic=sample_clinic(with_logo),
        patient_name=PATIENT,
        therapist_name=THERAPIST,
        printed_on=PRINTED_ON,
        goals=[
            "Sit through a one-hour work meeting without leg pain.",
            "Walk the dog for 30 minutes.",
            "Sleep through the night without waking from pain.",
            "Lift my grandson safely.",
        ],
        dry_needling=True,
        dry_needling_muscles=[
            "Deep buttock muscle (piriformis), right",
            "Side of the hip (gluteus medius), right",
        ],
        manual_therapy=[
            ManualTherapyItem("Joint mobilisation", techniques["lumbar-pa-mobilisation"].patient_text),
            ManualTherapyItem("Nerve glides", techniques["sciatic-nerve-slider"].patient_text),
        ],
        exercises=exercises,
        progress=[
            ProgressPoint(PRINTED_ON - timedelta(days=21), nprs=7, odi=44),
            ProgressPoint(PRINTED_ON - timedelta(days=14), nprs=6, odi=38),
            ProgressPoint(PRINTED_ON - timedelta(days=7), nprs=4, odi=30),
            ProgressPoint(PRINTED_ON, nprs=3, odi=24),
        ],
        notes="Take short walks during the day. Change position every 30 minutes when you sit.",
    )


def sample_plan_of_care() -> PlanOfCareDoc:
    start = date(2026, 2, 19)
    return PlanOfCareDoc(
        clinic=sample_clinic(),
        patient_name=PATIENT,
        date_of_birth=date(1961, 7, 4),
        mrn="RPT-004512",
        diagnoses=[
            Diagnosis("M54.41", "Lumbago with sciatica, right side"),
            Diagnosis("M54.31", "Sciatica, right side"),
        ],
        long_term_goals=[
            GoalLine(
                "Reduce low back and leg pain", "NPRS", "7/10", "2/10 or less", start + timedelta(weeks=6)
            ),
            GoalLine(
                "Improve function in daily life", "ODI", "44%", "20% or less", start + timedelta(weeks=6)
            ),
        ],
        short_term_goals=[
            GoalLine(
                "Sit 30 minutes without leg symptoms",
                "Sitting tolerance",
                "10 min",
                "30 min",
                start + timedelta(weeks=3),
            ),
            GoalLine(
                "Independent with home exercise program",
                "Return demonstration",
                "0/4",
                "4/4",
                start + timedelta(weeks=2),
            ),
        ],
        interventions=[
            InterventionLine(
                "Dry needling", "CPT 20560/20561", "1-4 muscles per visit", "Up to 1x/week", "6 weeks"
            ),
            InterventionLine("Manual therapy", "CPT 97140", "15 min", "2x/week", "6 weeks"),
            InterventionLine("Therapeutic exercise", "CPT 97110", "15-25 min", "2x/week", "6 weeks"),
            InterventionLine("Home exercise program and education", "", "4 exercises", "Daily", "6 weeks"),
        ],
        visits_per_week=2,
        duration_weeks=6,
        certification_start=start,
        certification_end=start + timedelta(weeks=6),
        onset_on=date(2026, 1, 28),
        assessment=(
            "Patient presents with right-sided low back pain radiating to the posterior thigh, "
            "positive SLR at 45° on the right, and trigger points in the right piriformis and "
            "gluteus medius. Good rehabilitation potential."
        ),
        therapist=Signatory("Sam Rivera", "PT, DPT", "PT-123456", signed_on=start),
        physician_name="Dr. Priya Natarajan, MD",
        physician_npi="1234567893",
    )


def sample_consent(*, signed: bool = True) -> ConsentDoc:
    record = SignedConsent(PATIENT, date(2026, 2, 19), "Alex Kim, PTA", copy_given=True) if signed else None
    return ConsentDoc(
        clinic=sample_clinic(),
        patient_name=PATIENT,
        date_of_birth=date(1961, 7, 4),
        therapist_name=THERAPIST,
        signed=record,
    )


def sample_note() -> NoteDoc:
    return NoteDoc(
        clinic=sample_clinic(),
        patient_name=PATIENT,
        mrn="RPT-004512",
        date_of_birth=date(1961, 7, 4),
        note_type="Daily note",
        date_of_service=date(2026, 3, 5),
        therapist_name=THERAPIST,
        sections=[
            NoteSection(
                "Subjective",
                paragraphs=["Reports less leg pain after last visit. Sat through a 45-minute meeting."],
                rows=[("Pain now (NPRS)", "4/10"), ("Home exercises", "Done 6 of 7 days")],
            ),
            NoteSection(
                "Interventions",
                tables=[
                    NoteTable(
                        ["Intervention", "Detail", "Minutes"],
                        [
                            [
                                "Dry needling (20561)",
                                "R piriformis, R gluteus medius, R QL; LTR yes",
                                "untimed",
                            ],
                            ["Manual therapy (97140)", "Lumbar PA mobilisation grade III, L4-L5", "15"],
                            [
                                "Therapeutic exercise (97110)",
                                "Review of home program; bridge progression",
                                "23",
                            ],
                        ],
                    )
                ],
                rows=[("Total timed minutes", "38 (3 units)"), ("Total treatment time", "50 minutes")],
            ),
            NoteSection(
                "Assessment", paragraphs=["Improving as expected; pain down 3 points since evaluation."]
            ),
            NoteSection(
                "Plan", paragraphs=["Continue plan of care. Progress bridge to single-leg next visit."]
            ),
        ],
        signature=NoteSignature(THERAPIST, "Mar 5, 2026 4:05 PM EST", "9f2c" * 16),
        addenda=[
            Addendum(
                THERAPIST,
                "Mar 6, 2026 9:12 AM EST",
                "Correction",
                "Dry needling included the right quadratus lumborum (QL), as recorded above.",
            )
        ],
    )
