"""A signed evaluation (initial, re-evaluation, discharge) as NoteDoc sections."""

from __future__ import annotations

from ptplan import measures
from ptplan.clinics.models import Clinic
from ptplan.documents.common import clinic_info
from ptplan.documents.notes import addenda, amendments, number, require_signed, signature
from ptplan.evaluations.models import Evaluation
from ptplan.evaluations.rules import normalised_neuro_screen, slr_reading
from ptplan.evaluations.vocab import (
    DERMATOMES,
    LUMBAR_ROM,
    MYOTOMES,
    PAIN_REGIONS,
    PROGNOSES,
    REFLEXES,
    SENSATION,
    SLR_DIFFERENTIATION,
    TRIGGER_POINT_SIDES,
)
from ptplan.measures import display
from ptplan.outcomes.progress import ORDER
from ptplan.patients.models import Patient
from ptplan.pdf import NoteDoc, NoteSection, NoteTable


def _subjective(e: Evaluation) -> NoteSection:
    rows = [
        ("Chief complaint", e.chief_complaint),
        (
            "Onset",
            "; ".join(x for x in (e.onset_date.isoformat() if e.onset_date else "", e.onset_mechanism) if x),
        ),
        ("Aggravating factors", e.aggravating_factors),
        ("Easing factors", e.easing_factors),
        ("Patient's goals", e.patient_goals),
        ("Pain regions", ", ".join(PAIN_REGIONS.get(c, c) for c in e.pain_regions or [])),
        (
            "Pain (NPRS) current / best / worst",
            " / ".join(number(v) for v in (e.nprs_current, e.nprs_best, e.nprs_worst)),
        ),
        ("Red flags", ", ".join(e.red_flags_present) or "None reported"),
        ("Red-flag notes", e.red_flag_notes),
    ]
    return NoteSection("Subjective", rows=[(k, v) for k, v in rows if v and v.strip(" ;")])


def _slr(e: Evaluation) -> NoteTable | None:
    rows = []
    for side in ("left", "right"):
        angle = getattr(e, f"slr_{side}_angle")
        if angle is None:
            continue
        below = getattr(e, f"slr_{side}_below_knee")
        rows.append(
            [
                side.capitalize(),
                f"{angle}°",
                "Yes" if below else "No",
                SLR_DIFFERENTIATION.get(getattr(e, f"slr_{side}_differentiation"), "—"),
                "Yes" if getattr(e, f"slr_{side}_crossed") else "No",
                slr_reading(angle, below).capitalize(),
            ]
        )
    columns = ["Side", "Angle", "Pain below knee", "Differentiation", "Crossed SLR", "Reading"]
    return NoteTable(columns, rows, caption="Straight-leg raise") if rows else None


def _neuro(e: Evaluation) -> NoteTable | None:
    screen = normalised_neuro_screen(e.neuro_screen)
    rows = []
    for group, labels in (("myotomes", MYOTOMES), ("reflexes", REFLEXES), ("dermatomes", DERMATOMES)):
        for key, label in labels.items():
            cells = screen[group][key]
            if all(v is None for v in cells.values()):
                continue
            shown = [
                "—" if v is None else (SENSATION.get(v, str(v)) if group == "dermatomes" else str(v))
                for v in (cells["left"], cells["right"])
            ]
            prefix = "Dermatome " if group == "dermatomes" else ""
            rows.append([prefix + label, *shown])
    return NoteTable(["Test", "Left", "Right"], rows, caption="Neurological screen") if rows else None


def _objective(e: Evaluation) -> NoteSection:
    rom = [
        (label, f"{getattr(e, name)}% of normal")
        for name, label in LUMBAR_ROM.items()
        if getattr(e, name) is not None
    ]
    tables = [t for t in (_slr(e), _neuro(e)) if t is not None]
    if e.trigger_points:
        rows = [
            [
                tp.muscle.name,
                TRIGGER_POINT_SIDES.get(tp.side, tp.side),
                "Yes" if tp.reproduces_symptoms else "No",
            ]
            for tp in e.trigger_points
        ]
        tables.append(NoteTable(["Muscle", "Side", "Reproduces symptoms"], rows, caption="Trigger points"))
    paragraphs = [] if rom or tables else ["No objective findings recorded."]
    return NoteSection("Objective", paragraphs=paragraphs, rows=rom, tables=tables)


def _scores(e: Evaluation) -> NoteSection:
    rows = []
    for score in sorted(e.scores, key=lambda s: ORDER.index(s.code) if s.code in ORDER else 99):
        band = score.band or "—"
        if score.code == "fabq" and score.subscores:
            band += f" (work {score.subscores.get('w', 0):.0f}, physical activity {score.subscores.get('pa', 0):.0f})"
        rows.append([measures.get(score.code).name, display(score.code, score.value), band])
    tables = [NoteTable(["Measure", "Score", "Band"], rows)] if rows else []
    if e.psfs_activities:
        psfs = [[a.activity, number(a.rating)] for a in e.psfs_activities]
        tables.append(
            NoteTable(["Activity", "Rating (0-10)"], psfs, caption="Patient-Specific Functional Scale")
        )
    paragraphs = [] if tables else ["No outcome measures recorded."]
    return NoteSection("Outcome measures", paragraphs=paragraphs, tables=tables)


def _assessment(e: Evaluation) -> NoteSection:
    rows = []
    if e.prognosis:
        rows.append(
            (
                "Prognosis",
                PROGNOSES.get(e.prognosis, e.prognosis)
                + (f". {e.prognosis_text}" if e.prognosis_text else ""),
            )
        )
    if e.problem_list.strip():
        rows.append(("Problem list", e.problem_list))
    diagnoses = [[d.get("code", ""), d.get("text", "")] for d in e.diagnoses or []]
    tables = [NoteTable(["ICD-10-CM", "Diagnosis"], diagnoses, caption="Diagnoses")] if diagnoses else []
    paragraphs = [e.impression] if e.impression.strip() else []
    return NoteSection("Assessment", paragraphs=paragraphs, rows=rows, tables=tables)


def evaluation_doc(evaluation: Evaluation, patient: Patient, clinic: Clinic) -> NoteDoc:
    require_signed(evaluation, "evaluation")
    return NoteDoc(
        clinic=clinic_info(clinic),
        patient_name=patient.full_name,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        note_type=evaluation.kind_label,
        date_of_service=evaluation.date_of_service,
        therapist_name=evaluation.therapist.display_name,
        sections=[
            _subjective(evaluation),
            _objective(evaluation),
            _scores(evaluation),
            _assessment(evaluation),
        ],
        signature=signature(evaluation, clinic),
        addenda=addenda("evaluation", evaluation.id, clinic),
        amendments=amendments("evaluation", evaluation.id, clinic),
    )
